"""Command line of the plain-Mesa reference (``benchmarks/reference/``): speed-up, or equivalence of the curves.

Run::

    python benchmarks/mesa_reference.py --sizes 2000 10000 --months 36   # stepping times and speed-up
    python benchmarks/mesa_reference.py --check --jobs 2                 # equivalence of the curves

``--check`` compares status_quo, balanced and hr_five_step on 1,000 employees over 12 months with
16 replicates of each model (about a minute on two cores); ``tests/test_mesa_reference.py`` runs a
smaller version.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000], help="organisation sizes to time")
    parser.add_argument("--months", type=int, default=36, help="horizon of the timed runs")
    parser.add_argument("--package", default="status_quo", help="package of the timed runs")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--check", action="store_true", help="test the equivalence of the curves instead of timing")
    parser.add_argument("--check-size", type=int, default=1000, help="organisation size of the equivalence check")
    parser.add_argument("--check-months", type=int, default=12, help="horizon of the equivalence check")
    parser.add_argument("--replicates", type=int, default=16, help="replicates per model in the equivalence check")
    parser.add_argument("--jobs", type=int, default=1, help="processes for the replicates of the check")
    parser.add_argument(
        "--packages", nargs="+", default=["status_quo", "balanced", "hr_five_step"], help="packages to check"
    )
    args = parser.parse_args(argv)

    if str(ROOT) not in sys.path:  # run as a script: make the benchmarks package importable
        sys.path.insert(0, str(ROOT))
    if args.check:
        from benchmarks.reference.equivalence import check

        passed = check(args.packages, args.check_size, args.check_months, args.replicates, args.seed, args.jobs)
        return 0 if passed else 1

    from benchmarks.reference.timing import report

    report(args.sizes, args.months, args.package, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
