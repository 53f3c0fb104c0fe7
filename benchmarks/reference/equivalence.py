"""Do the reference and the real model give the same curves? Per output and month, a TOST of the means.

The reference (:mod:`benchmarks.reference.model`) draws different random numbers from the real
model, so only the distributions can agree, not single runs. :func:`compare_curves` runs both over
replicates and tests, per output of :data:`~benchmarks.reference.model.OUTPUTS` and per month of
:func:`checked_months`, whether the mean curves are statistically equivalent: two one-sided paired
t-tests (:func:`tost`; replicate r of both models shares its initial state) against the margins of :func:`margin`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from scipy import stats

from benchmarks.reference.model import OUTPUTS, ReferenceModel
from sim import load_config
from sim.config import Config
from sim.model import AdoptionModel
from sim.outputs import month_end_weeks

# Equivalence margins of compare_curves, and why:
# * shares and 0-1 means (quality_index and the two fears included): 0.05 absolute. Five
#   percentage points of staff (or 0.05 on a 0-1 scale) is smaller than the differences between
#   packages the model is used to rank (0.1-0.6 at month 12) and about the resolution at which
#   results are read.
# * hours saved and hours spent (on training, practice, helping and leading), cost and value, and the
#   realised counterparts (realised_gain_share, a share of contract hours of about 1 %, far below the
#   0.05 of shares, and realised_value_eur_cum): 10 % of the larger of the two means. They have no
#   natural absolute scale (they grow with adoption, prices and the horizon), so the margin is relative.
# * realised_gain_share is a difference, harvested net hours less hours spent, and can be near zero or
#   negative while both parts are large (a month of mandatory training): its relative margin is 10 % of
#   the larger of the two models' sums of the parts' sizes, |harvested net hours| + hours spent (both
#   read back from the gain share and hours_spent_per_fte_week), per contract hour. Without hours spent
#   it is the relative margin of the gain itself.
# * floors where a relative margin is meaningless because the level is near zero (hours and value
#   early in a slow package, e.g. 0.01 h per person-week in status_quo at month 6, where the
#   replicate sd is half the mean): hours saved and hours spent per person-week at least 0.02 h (about
#   a minute a week, 0.05 % of a 37-hour week); cumulative value at least the value of those 0.02 h for every
#   person and week so far; the realised gain share and realised value at least the share
#   params.value.harvest_share of those (the gain share per contract hour, params.hours_per_week);
#   incidents in a month at least 0.5 per 100 employees. Incidents are rare events (about one a
#   month in 300 people, replicate sd about the mean), so with few replicates the floor, not the
#   10 %, is what is tested: a weak check, stated as such.
# * users_saving_nothing_share is left out of the comparison (it is not one of the reference's
#   OUTPUTS): it is NaN in months without users, month 0 at least.
SHARE_MARGIN = 0.05
RELATIVE_MARGIN = 0.10
HOURS_FLOOR = 0.02  # hours per person and week
INCIDENT_FLOOR_PER_HEAD = 0.005  # incidents per employee and month
RELATIVE_OUTPUTS = (
    "hours_saved_per_fte_week",
    "hours_spent_per_fte_week",
    "incidents",
    "cost_eur_cum",
    "value_eur_cum",
    "realised_gain_share",
    "realised_value_eur_cum",
)
ALPHA = 0.05


def checked_months(months: int) -> list[int]:
    """Every sixth month and the last (month 0 is the shared initial state, not tested)."""
    return sorted({m for m in range(6, months + 1, 6)} | {months})


def margin(
    output: str, mean_a: float, mean_b: float, cfg: Config, month: int, spent: tuple[float, float] = (0.0, 0.0)
) -> float:
    """The equivalence margin of one output at one month (see the comment at :data:`SHARE_MARGIN`).

    ``spent``: the two models' mean hours spent per person-week (hours_spent_per_fte_week) in the same
    order as the means, which the margin of realised_gain_share needs; not used for the other outputs.
    """
    if output not in RELATIVE_OUTPUTS:
        return SHARE_MARGIN
    relative = RELATIVE_MARGIN * max(abs(mean_a), abs(mean_b))
    if output in ("hours_saved_per_fte_week", "hours_spent_per_fte_week"):
        return max(relative, HOURS_FLOOR)
    harvest = cfg.params.value.harvest_share
    if output == "realised_gain_share":  # per contract hour: harvested net hours less hours spent
        hours = cfg.params.hours_per_week
        parts = [abs(gain * hours + h) + h for gain, h in zip((mean_a, mean_b), spent, strict=True)]
        return max(RELATIVE_MARGIN * max(parts) / hours, HOURS_FLOOR * harvest / hours)
    if output in ("value_eur_cum", "realised_value_eur_cum"):
        weeks = int(month_end_weeks(month)[-1])
        floor = HOURS_FLOOR * cfg.params.hourly_cost_eur * cfg.org.size * weeks
        return max(relative, floor * harvest if output == "realised_value_eur_cum" else floor)
    if output == "incidents":
        return max(relative, INCIDENT_FLOOR_PER_HEAD * cfg.org.size)
    return relative


def tost(a: np.ndarray, b: np.ndarray, delta: float, alpha: float = ALPHA) -> tuple[float, float, float, bool]:
    """Paired TOST of ``|mean(a - b)| < delta`` (``a[r]`` and ``b[r]`` are replicate r of the two models, which
    start from the same organisation and initial state): difference, its standard error, p-value, equivalent."""
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    diff = float(d.mean())
    se = float(d.std(ddof=1) / np.sqrt(d.size))
    scale = max(float(np.abs(a).max()), float(np.abs(b).max()), 1.0)
    if se <= 1e-9 * scale:  # no spread beyond rounding (e.g. a deterministic cost): compare the means directly
        return diff, 0.0, 0.0 if abs(diff) < delta else 1.0, abs(diff) < delta
    # H0: diff <= -delta (reject if d + delta is greater than 0), and H0: diff >= delta (reject if d - delta is less)
    p_low = stats.ttest_1samp(d + delta, 0.0, alternative="greater").pvalue
    p_high = stats.ttest_1samp(d - delta, 0.0, alternative="less").pvalue
    p = float(max(p_low, p_high))
    return diff, se, p, p < alpha


def at_month(runs: list[pd.DataFrame], output: str, month: int) -> np.ndarray:
    """One output at one month, one value per run."""
    return np.array([df.loc[df["month"] == month, output].item() for df in runs], dtype=float)


def run_real(cfg: Config, replicate: int) -> pd.DataFrame:
    """Whole-organisation monthly results of one run of the real model."""
    model = AdoptionModel(cfg, replicate=replicate)
    model.run()
    df = model.results()
    df = df[df["archetype"] == "all"]
    return df[["month", *OUTPUTS]].reset_index(drop=True)


def run_reference(cfg: Config, replicate: int) -> pd.DataFrame:
    """Monthly results of one run of the reference."""
    model = ReferenceModel(cfg, replicate=replicate)
    model.run()
    return model.results()


def compare_curves(overrides: list[str], replicates: int, seed: int = 0, n_jobs: int = 1) -> pd.DataFrame:
    """Run both models for replicates 0..R-1 and test the equivalence of their mean curves.

    Both models get the same config (``overrides`` plus ``run.seed=seed``; the real one runs with
    ``run.mesa_agents=false``), so replicate r of both starts from the same organisation and
    initial state; the weekly random numbers differ. Per output of :data:`OUTPUTS` and per month
    of :func:`checked_months`: the two means, the mean paired difference (reference - real), its
    standard error, the equivalence margin, the TOST p-value (the larger of the two one-sided paired
    t-tests) and ``equivalent`` (p < 0.05). Replicate r of both models shares its organisation and
    initial state (with ``params.variation``, also the organisation's own leadership quality, task
    mix and culture), so the replicates are paired and the test removes the spread between
    organisations that both models share.
    ``n_jobs`` runs the replicates in that many processes (joblib); results do not depend on it.
    """
    cfg = load_config([*overrides, f"run.seed={seed}", "run.mesa_agents=false"])
    runs = [(run, r) for run in (run_reference, run_real) for r in range(replicates)]
    frames = Parallel(n_jobs=n_jobs)(delayed(run)(cfg, r) for run, r in runs)
    ref, real = frames[:replicates], frames[replicates:]
    rows = []
    for month in checked_months(cfg.run.months):
        spent = tuple(at_month(model_runs, "hours_spent_per_fte_week", month).mean() for model_runs in (ref, real))
        for output in OUTPUTS:
            a, b = at_month(ref, output, month), at_month(real, output, month)
            delta = margin(output, a.mean(), b.mean(), cfg, month, spent)
            diff, se, p, ok = tost(a, b, delta)
            rows.append(
                {
                    "month": month,
                    "output": output,
                    "reference": a.mean(),
                    "real": b.mean(),
                    "difference": diff,
                    "se": se,
                    "margin": delta,
                    "p_tost": p,
                    "equivalent": ok,
                }
            )
    return pd.DataFrame(rows)


def check(packages: list[str], size: int, months: int, replicates: int, seed: int = 0, n_jobs: int = 1) -> bool:
    """Print the equivalence table of each package and whether all outputs are equivalent; True if all pass."""
    passed = True
    with pd.option_context("display.width", 160, "display.max_rows", 500):
        for package in packages:
            overrides = [f"package={package}", f"org.size={size}", f"run.months={months}"]
            table = compare_curves(overrides, replicates, seed=seed, n_jobs=n_jobs)
            ok = bool(table["equivalent"].all())
            passed &= ok
            print(
                f"\n{package}: {replicates} replicates of {size} people over {months} months: "
                f"{'equivalent' if ok else 'NOT equivalent'}"
            )
            print(table.to_string(index=False, float_format=lambda x: f"{x:.4g}"))
    print(f"\noverall: {'PASS' if passed else 'FAIL'}")
    return passed
