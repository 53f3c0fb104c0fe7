"""Print docs/validation.md's table of the relevance of use (``params.progression.relevance_half``, a structural
option, off by default): what switching it on does to regular use by how well AI fits people's work, and to the
status quo's calibrated figures.

For each package (the status quo and ``balanced``, the strongest) and each value of ``relevance_half`` (0 is off),
``--replicates`` organisations of the default size (1,000 people, 36 months; replicates 0, 1, ... of ``--seed``,
the same organisations and random numbers for every value; by default the 48 organisations of the calibration's
check, ``sim.calibration.status_quo_check``, whose status-quo figures it then repeats). At month 36: the share of
users (occasional or regular) who are regular users, over all users and over the users in the fifth of staff whose
work AI fits least and best (job fit, within each organisation); how much of their work the use cases of the
least-fitting fifth's users cover (the coverage the option reads, ``s.cover_all``). At months 15 and 18: the status
quo's two calibrated figures of adoption (having tried; using to some or a large degree). Hours saved a week per
person who used AI that week at month 18. Means over the organisations (a fifth without users in an organisation is
left out of that mean). Usage: ``python scripts/relevance.py [--replicates 48] [--seed 2000000] [--halves 0 0.03
0.1 0.3]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sector_tables import markdown  # noqa: E402

from sim.model import AdoptionModel  # noqa: E402
from sim.run import load_config  # noqa: E402
from sim.state import OCCASIONAL, REGULAR  # noqa: E402

PACKAGES = ("status_quo", "balanced")
HALVES = (0.0, 0.03, 0.1, 0.3)


def fit_fifths(job_fit: np.ndarray) -> np.ndarray:
    """Each person's fifth of job fit within the organisation: 0 the lowest, 4 the highest."""
    return np.searchsorted(np.quantile(job_fit, [0.2, 0.4, 0.6, 0.8]), job_fit)


def one(package: str, half: float, replicate: int, seed: int) -> dict:
    """One organisation's figures (see the module's docstring)."""
    cfg = load_config([f"package={package}", f"params.progression.relevance_half={half}", f"run.seed={seed}"])
    model = AdoptionModel(cfg, replicate=replicate)
    model.run()
    s, df = model.state, model.results()
    org = df[df["archetype"] == "all"].set_index("month")
    users = (s.stage == OCCASIONAL) | (s.stage == REGULAR)
    regular = s.stage == REGULAR
    fifth = fit_fifths(s.job_fit)
    low, high = users & (fifth == 0), users & (fifth == 4)
    return {
        "package": package,
        "relevance_half": half,
        "replicate": replicate,
        "regular of users": regular[users].mean(),
        "lowest-fit fifth": regular[low].mean() if low.any() else np.nan,
        "highest-fit fifth": regular[high].mean() if high.any() else np.nan,
        "coverage, lowest-fit fifth's users": s.cover_all[low].mean() if low.any() else np.nan,
        "tried (m15)": org.loc[15, "tried_share"],
        "using (m18)": org.loc[18, "using_share"],
        "hours a week per weekly user (m18)": org.loc[18, "hours_saved_per_weekly_user"],
    }


def table(replicates: int = 48, seed: int = 2_000_000, halves=HALVES, packages=PACKAGES) -> pd.DataFrame:
    """Every organisation's figures, one row each."""
    rows = [one(p, h, r, seed) for p in packages for h in halves for r in range(replicates)]
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=48)
    parser.add_argument("--seed", type=int, default=2_000_000)
    parser.add_argument("--halves", type=float, nargs="+", default=list(HALVES))
    args = parser.parse_args(argv)
    if args.replicates < 1 or any(not 0 <= h <= 1 for h in args.halves):
        parser.error("--replicates must be at least 1 and each of --halves between 0 and 1")
    df = table(args.replicates, args.seed, args.halves)
    means = df.drop(columns="replicate").groupby(["package", "relevance_half"], sort=False).mean()
    print(f"{args.replicates} organisations of 1,000 people per row (seed {args.seed}), month 36 unless stated\n")
    rows = [[package, f"{half:g}", *(f"{v:.3f}" for v in values)] for (package, half), values in means.iterrows()]
    print(markdown(["package", "relevance_half", *means.columns], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
