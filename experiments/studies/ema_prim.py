"""Worked example: EMA Workbench experiments and PRIM scenario discovery for one package.

    .venv/bin/python experiments/studies/ema_prim.py [--scenarios 200] [--package tools_only]

Needs the ``ema`` extra (``pip install -e '.[ema]'``). Samples uncertain constants and the staff
mix (Latin hypercube, EMA's default), runs the package on each scenario with the same seeds
(common random numbers), then asks PRIM: under which values does regular use at month 36 stay
below 70 % of the staff? Prints the box's limits, coverage and density (about 20 s with the
defaults).
"""

from __future__ import annotations

import argparse
import logging
import warnings

import numpy as np

warnings.filterwarnings("ignore", module="ema_workbench")
import ema_workbench as ema  # noqa: E402
from ema_workbench.analysis import prim  # noqa: E402

from sim import ema_model  # noqa: E402

UNCERTAIN = [
    ("params.peer_rate", (0.2, 0.7)),
    ("params.explore_rate", (0.06, 0.18)),
    ("params.value.overhead_mean", (0.3, 0.9)),
    ("params.value.stuck_uptake", (0.05, 0.2)),
    "archetypes.mix",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=200)
    parser.add_argument("--package", default="tools_only")
    parser.add_argument("--threshold", type=float, default=0.7, help="regular use below this counts as failing")
    parser.add_argument("--seed", type=int, default=0, help="seed of the scenario sample")
    args = parser.parse_args()
    logging.getLogger("EMA").setLevel(logging.WARNING)
    model = ema_model(UNCERTAIN, outcomes=["regular_share", "high_anxiety_share"], package=args.package)
    experiments, outcomes = ema.perform_experiments(
        model,
        scenarios=args.scenarios,
        evaluator=ema.SequentialEvaluator(model),
        uncertainty_sampling_kwargs={"rng": args.seed},  # the same scenarios every time
    )
    fails = outcomes["regular_share"] < args.threshold
    print(
        f"{args.package}: regular use at month 36 below {args.threshold:.0%} in {fails.sum()} of {fails.size} scenarios"
    )
    x = experiments[[u.name for u in model.uncertainties]]
    if not 0 < fails.sum() < fails.size:
        print("PRIM needs both failing and passing scenarios; try another threshold")
        return
    box = prim.Prim(x, fails, peel_alpha=0.1).find_box()
    # the first box on the peeling trajectory with a density of at least 0.8: coverage falls along the
    # trajectory, so it keeps the most failures
    stats = box.peeling_trajectory
    dense = stats.index[stats["density"] >= 0.8]
    chosen = int(dense[0] if len(dense) else np.argmax(stats["density"]))
    box.select(chosen)
    limits = box.box_lims[chosen]  # one column per uncertainty: its lower and upper limit in the box
    full = box.box_lims[0]
    restricted = [c for c in limits.columns if not limits[c].equals(full[c])]
    print(f"box {chosen}: coverage {box.coverage:.2f}, density {box.density:.2f}; restricted:")
    print(limits[restricted].T.rename(columns={0: "low", 1: "high"}).to_string())


if __name__ == "__main__":
    main()
