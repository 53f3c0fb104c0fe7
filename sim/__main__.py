"""``python -m sim``: the main job on the default config; ``python -m sim -m ...``: a sweep.

Every job's overrides are checked before any work starts; a bad one ends the program with one
clear paragraph on stderr and exit status 2, without a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import hydra
from omegaconf import DictConfig

from sim.config import ConfigError, register_configs, to_object
from sim.organisation import OrganisationFileError, load
from sim.run import CONF_DIR, compose_config, run_job

HYDRA_FLAGS_WITH_VALUE = {
    "--config-path",
    "-cp",
    "--config-name",
    "-cn",
    "--config-dir",
    "-cd",
    "--experimental-rerun",
    "--package",
    "-p",
    "--info",
    "-i",
}


def job_overrides(argv: list[str]) -> list[list[str]]:
    """The override lists of every job the command line asks for (one without ``-m``)."""
    from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
    from hydra.core.override_parser.overrides_parser import OverridesParser

    args, skip = [], False
    for a in argv:
        if skip:
            skip = False
            continue
        if a in HYDRA_FLAGS_WITH_VALUE:
            skip = True
            continue
        if a.startswith("-"):
            continue
        args.append(a)
    mine = [a for a in args if not a.lstrip("+~").startswith(("hydra.", "hydra/"))]
    if "-m" not in argv and "--multirun" not in argv:
        return [mine]
    parsed = OverridesParser.create().parse_overrides(mine)
    batches = BasicSweeper.split_arguments(parsed, max_batch_size=None)
    return [list(job) for batch in batches for job in batch]


@hydra.main(version_base="1.3", config_path=str(CONF_DIR), config_name="config")
def _hydra_main(cfg: DictConfig) -> None:
    from hydra.core.hydra_config import HydraConfig

    hc = HydraConfig.get()
    run_job(cfg, Path(hc.runtime.output_dir), list(hc.overrides.task))


def main() -> None:
    register_configs()
    if not any(a in sys.argv for a in ("--help", "-h", "--hydra-help", "--cfg", "-c", "--info", "-i")):
        try:
            for overrides in job_overrides(sys.argv[1:]):
                cfg = to_object(compose_config(overrides))
                if cfg.org.source == "files":
                    load(cfg.org)  # a malformed file fails here, before any work starts
        except (ConfigError, OrganisationFileError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            sys.exit(2)
        except Exception as exc:  # a sweep syntax error from Hydra's parser
            print(f"error: cannot read the overrides: {str(exc).splitlines()[0]}", file=sys.stderr)
            sys.exit(2)
    try:
        _hydra_main()
    except OrganisationFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
