"""Refresh the stored regression baseline (tests/baseline/results.csv).

Run after a deliberate change of the model's behaviour, and say in the commit message why the
results changed: ``python tests/update_baseline.py``.

The cases cover every shipped package over 24 months (so the *plans* use cases maturing in week
52, refresher rounds, pilots and the AI button all fall inside the horizon), an organisation loaded
from files (untidy ties, a one-person team, teams without a leader) and fully mixed contacts.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim import simulate
from sim.config import shipped_packages

BASELINE = Path(__file__).resolve().parent / "baseline" / "results.csv"
# Outputs added since the baseline was made; the stored outputs must keep their values. Emptied when the
# baseline is refreshed.
ADDED_SINCE_BASELINE: tuple[str, ...] = ()
COMMON = ["org.size=300", "run.months=24"]
CASES = {  # name -> overrides; small, but every mechanism and every lever of the packages is exercised
    **{package: [f"package={package}", *COMMON] for package in shipped_packages()},
    "loaded_org_balanced": ["package=balanced", "org=example_files", "run.months=24"],
    "full_mixing_lead_four_tracks": ["package=lead_four_tracks", "org.mixing=full", *COMMON],
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
