"""Statistics over replicates: intervals, paired differences and the ranked comparison table."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from sim.outputs import MAXIMISE

RANKED_METRICS = (
    "regular_share",
    "high_anxiety_share",
    "hours_saved_per_fte_week",
    "incidents_per_100_users",
    "roi",
    "archetype_gap",
)


def higher_is_better(metric: str) -> bool:
    return {"incidents_per_100_users": False}.get(metric, MAXIMISE.get(metric))


def add_derived(df: pd.DataFrame) -> pd.DataFrame:
    """Add ``incidents_per_100_users``: incidents in the month per 100 people trying or using AI."""
    users = (df["tried_share"] - df["abandoned_share"]) * df["headcount"]
    rate = np.divide(df["incidents"] * 100.0, users, out=np.zeros(len(df)), where=users.to_numpy() > 0)
    return df.assign(incidents_per_100_users=rate)


def at_month(df: pd.DataFrame, month: int, group: str = "all") -> pd.DataFrame:
    return df[(df["month"] == month) & (df["archetype"] == group)]


def interval(values: pd.Series | np.ndarray, level: float = 0.90) -> tuple[float, float, float]:
    """Mean and the central ``level`` interval of the replicates (empirical quantiles)."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if v.size == 0:
        return (np.nan, np.nan, np.nan)
    lo, hi = np.quantile(v, [(1 - level) / 2, 1 - (1 - level) / 2])
    return float(v.mean()), float(lo), float(hi)


def paired_difference(df: pd.DataFrame, a: str, b: str, metric: str, group: str = "all", level: float = 0.95):
    """Per month: mean of (package b - package a) over paired replicates and its t confidence interval.

    With parameter draws (a ``draw`` column; replicate ``d x R + r`` is organisation r under set d)
    the differences are first averaged over the sets for each organisation, and the interval is over
    the organisations (``n``): the cells of one organisation under different sets are not independent.
    """
    sel = df[df["archetype"] == group].pivot_table(
        index=["month", "replicate"], columns="package", values=metric, observed=True
    )
    cells = sel[b] - sel[a]
    if "draw" in df.columns:
        sets = df["draw"].nunique()
        organisation = cells.index.get_level_values("replicate") % (df["replicate"].nunique() // sets)
        months = cells.index.get_level_values("month")
        cells = cells.groupby([months, organisation]).mean().rename_axis(["month", "replicate"])
    diff = cells.groupby(level="month")
    mean, sd, n = diff.mean(), diff.std(ddof=1), diff.count()
    half = stats.t.ppf(0.5 + level / 2, np.maximum(n - 1, 1)) * sd / np.sqrt(n)
    return pd.DataFrame({"mean": mean, "lo": mean - half, "hi": mean + half, "n": n})


def ranked_table(df: pd.DataFrame, months: tuple[int, ...] = (12, 24, 36), level: float = 0.90) -> pd.DataFrame:
    """One row per package: mean and interval of the main outcomes at each month, ranked.

    The rank is the mean over the outcomes at the last month of each package's rank on that
    outcome, in the direction that is better (more regular use, less anxiety, …).
    """
    df = add_derived(df)
    rows = []
    for package, d in df.groupby("package", observed=True):
        row: dict = {"package": package}
        for month in months:
            sel = at_month(d, month)
            for metric in RANKED_METRICS:
                mean, lo, hi = interval(sel[metric], level)
                row[(metric, month, "mean")] = mean
                row[(metric, month, "lo")] = lo
                row[(metric, month, "hi")] = hi
        rows.append(row)
    table = pd.DataFrame(rows).set_index("package")
    last = months[-1]
    ranks = pd.DataFrame(
        {m: table[(m, last, "mean")].rank(ascending=not higher_is_better(m), method="min") for m in RANKED_METRICS}
    )
    table.insert(0, "score", ranks.mean(axis=1))
    table = table.sort_values("score", kind="stable")
    table.insert(0, "rank", table["score"].rank(method="min").astype(int))  # equal scores share a rank
    return table


def probability_best(df: pd.DataFrame, month: int, baseline: str = "status_quo") -> pd.DataFrame:
    """Per package, across replicates (organisations, and parameter sets when drawn): the probability of
    being best on the average rank of :data:`RANKED_METRICS` (the table's rank method, applied to each
    replicate alone), of a better average rank than ``baseline``, and of the most regular use.

    Replicate r of every package shares its organisation (and parameter set), so each replicate is one
    paired comparison; packages tied for best share the win. ``cells`` is the number of replicates.
    """
    d = add_derived(at_month(df, month))
    pivot = d.pivot_table(index="replicate", columns="package", values=list(RANKED_METRICS), observed=True)
    # one pivot for all (a pivot each costs more than a run), each metric then without the replicates and packages
    # it has no value for, as a pivot of its own would be: a replicate missing a metric for every package has no score
    wide = {m: pivot[m].dropna(how="all").dropna(axis=1, how="all") for m in RANKED_METRICS}
    ranks = [wide[m].rank(axis=1, ascending=not higher_is_better(m), method="min") for m in RANKED_METRICS]
    score = sum(r.fillna(0) for r in ranks) / sum(r.notna().astype(int) for r in ranks)

    def share_of_wins(values: pd.DataFrame, lowest: bool) -> pd.Series:
        best = values.min(axis=1) if lowest else values.max(axis=1)
        wins = values.eq(best, axis=0).astype(float)
        return wins.div(wins.sum(axis=1), axis=0).mean()

    out = pd.DataFrame(
        {
            "p_best": share_of_wins(score, lowest=True),
            "p_beats_status_quo": (score.lt(score[baseline], axis=0)).mean() if baseline in score else np.nan,
            "p_best_regular_use": share_of_wins(wide["regular_share"], lowest=False),
            "cells": len(score),
        }
    )
    if baseline in out.index:
        out.loc[baseline, "p_beats_status_quo"] = np.nan
    out.index.name = "package"
    return out


def format_ranked(table: pd.DataFrame, months: tuple[int, ...]) -> pd.DataFrame:
    """The ranked table as text cells 'mean [lo, hi]' for printing and the report."""
    fmt = {
        "regular_share": "{:.0%}",
        "high_anxiety_share": "{:.0%}",
        "hours_saved_per_fte_week": "{:.2f}",
        "incidents_per_100_users": "{:.2f}",
        "roi": "{:.0%}",
        "archetype_gap": "{:.0%}",
    }
    out = pd.DataFrame(index=table.index)
    out["rank"] = table["rank"]
    for month in months:
        for metric in RANKED_METRICS:
            f = fmt[metric]
            m, lo, hi = (table[(metric, month, k)] for k in ("mean", "lo", "hi"))
            out[f"{metric} m{month}"] = [
                "n/a" if np.isnan(a) else f"{f.format(a)} [{f.format(b)}, {f.format(c)}]"
                for a, b, c in zip(m, lo, hi, strict=True)
            ]
    return out
