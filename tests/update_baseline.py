"""Refresh the stored regression baseline (tests/baseline/results.csv).

Run after a deliberate change of the model's behaviour, and say in the commit message why the
results changed: ``python tests/update_baseline.py``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim import simulate

BASELINE = Path(__file__).resolve().parent / "baseline" / "results.csv"
CASES = {  # name -> overrides; small, but every mechanism and most levers are exercised
    "status_quo": ["package=status_quo", "org.size=300", "run.months=12"],
    "balanced": ["package=balanced", "org.size=300", "run.months=12"],
    "hr_five_step": ["package=hr_five_step", "org.size=300", "run.months=12"],
}


def compute() -> pd.DataFrame:
    frames = [simulate(o, replicates=2, seed=7).assign(case=name) for name, o in CASES.items()]
    df = pd.concat(frames, ignore_index=True)
    df["archetype"] = df["archetype"].astype(str)
    return df


if __name__ == "__main__":
    BASELINE.parent.mkdir(exist_ok=True)
    compute().to_csv(BASELINE, index=False, float_format="%.17g")
    print(f"wrote {BASELINE}")
