"""An agent-based model of how a public-sector organisation adopts generative AI.

Main entry points: :func:`simulate` (tidy monthly results as a DataFrame),
:class:`AdoptionModel` (the Mesa model) and ``python -m sim`` (the main job).
"""

from sim.config import ConfigError
from sim.model import AdoptionModel
from sim.organisation import OrganisationFileError
from sim.run import compose_config, load_config, simulate

__all__ = ["AdoptionModel", "ConfigError", "OrganisationFileError", "compose_config", "load_config", "simulate"]
__version__ = "0.1.0"
