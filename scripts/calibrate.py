"""Re-run the calibration check: the status quo against the seed figures, and gain bounds.

Usage: python scripts/calibrate.py [--replicates N] [--seed S] [KEY=VALUE ...]
Config overrides (e.g. a structural option, ``params.value.frontier_per=person``) apply on top of the status quo
and of every package. Exit status 1 if any target or bound is missed.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from sim.calibration import gains_bounds, status_quo_check
from sim.config import ConfigError
from sim.run import CONF_DIR, load_config


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=48)
    parser.add_argument("--seed", type=int, default=2_000_000)
    parser.add_argument("overrides", nargs="*", metavar="KEY=VALUE", help="config overrides on top of every run")
    args = parser.parse_args()
    try:  # a wrong key or value: refused with its message before any run
        load_config(args.overrides)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    with pd.option_context("display.width", 200, "display.max_colwidth", 90, "display.float_format", "{:.3f}".format):
        targets = status_quo_check(args.replicates, args.seed, args.overrides)
        print("Status quo on the default organisation against the seed figures\n")
        print(targets.drop(columns="source").to_string(index=False))
        print(
            "\nSources:\n" + "\n".join(f"- {t}: {s}" for t, s in zip(targets["target"], targets["source"], strict=True))
        )
        packages = sorted(p.stem for p in (CONF_DIR / "package").glob("*.yaml"))
        bounds = gains_bounds(packages, max(2, args.replicates // 3), args.seed, args.overrides)
        print("\nGains of every package against the published bounds (10 % of hours per user, quality index 0.4)\n")
        print(bounds.to_string(index=False))
    return 0 if targets["ok"].all() and bounds["ok"].all() else 1


if __name__ == "__main__":
    sys.exit(main())
