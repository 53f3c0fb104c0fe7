"""An agent-based model of how a public-sector organisation adopts generative AI.

Main entry points: :func:`simulate` (tidy monthly results as a DataFrame),
:class:`AdoptionModel` (the Mesa model), ``python -m sim`` (the main job), and for parameter
studies :class:`Runner`, :func:`parameters`, :func:`archetype_shares`, :func:`salib_problem` and :func:`ema_model`
(``sim.study``, ``docs/studies.md``).
"""

from sim.config import ConfigError
from sim.model import AdoptionModel
from sim.organisation import OrganisationFileError
from sim.run import compose_config, load_config, simulate
from sim.study import Parameter, Runner, archetype_shares, ema_model, parameters, salib_problem

__all__ = [
    "AdoptionModel",
    "ConfigError",
    "OrganisationFileError",
    "Parameter",
    "Runner",
    "archetype_shares",
    "compose_config",
    "ema_model",
    "load_config",
    "parameters",
    "salib_problem",
    "simulate",
]
__version__ = "0.1.0"
