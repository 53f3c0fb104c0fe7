"""Statistics over replicates: intervals, paired differences and the ranked comparison table."""

from __future__ import annotations

import csv
import io
from functools import cached_property

import numpy as np
import pandas as pd

from sim.outputs import MAXIMISE, column_arrays

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
    from scipy import stats  # here: importing it costs a sweep's worker a third of a second, for the figures only

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


def _scores(df: pd.DataFrame, month: int) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Each replicate's composite score of each package (its mean rank over :data:`RANKED_METRICS` within the
    replicate; lower is better) and the metrics as replicate x package tables."""
    d = add_derived(at_month(df, month))
    pivot = d.pivot_table(index="replicate", columns="package", values=list(RANKED_METRICS), observed=True)
    # one pivot for all (a pivot each costs more than a run), each metric then without the replicates and packages
    # it has no value for, as a pivot of its own would be: a replicate missing a metric for every package has no score
    wide = {m: pivot[m].dropna(how="all").dropna(axis=1, how="all") for m in RANKED_METRICS}
    ranks = [wide[m].rank(axis=1, ascending=not higher_is_better(m), method="min") for m in RANKED_METRICS]
    return sum(r.fillna(0) for r in ranks) / sum(r.notna().astype(int) for r in ranks), wide


def rank_orders(df: pd.DataFrame, month: int) -> pd.DataFrame:
    """How stable the order of the packages is: in each replicate (organisation, and parameter set when drawn)
    alone, the packages ordered by the composite score of :func:`probability_best`, packages of equal score
    tied. One row per distinct order, the most common first: ``order`` (best first, tied packages joined by
    ``=``, places by ``>``), ``replicates`` and ``share``."""
    score, _ = _scores(df, month)

    def order(row: pd.Series) -> str:
        return " > ".join("=".join(sorted(g.index)) for _, g in row.dropna().groupby(row.dropna(), sort=True))

    counts = score.apply(order, axis=1).value_counts()
    out = pd.DataFrame({"order": counts.index, "replicates": counts.to_numpy()})
    out["share"] = out["replicates"] / len(score)
    return out.sort_values(["replicates", "order"], ascending=[False, True], ignore_index=True)


def probability_best(df: pd.DataFrame, month: int, baseline: str = "status_quo") -> pd.DataFrame:
    """Per package, across replicates (organisations, and parameter sets when drawn): the probability of
    being best on the average rank of :data:`RANKED_METRICS` (the table's rank method, applied to each
    replicate alone), of a better average rank than ``baseline``, and of the most regular use.

    Replicate r of every package shares its organisation (and parameter set), so each replicate is one
    paired comparison; packages tied for best share the win. ``cells`` is the number of replicates.
    """
    score, wide = _scores(df, month)

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
    out = pd.DataFrame(index=table.index)
    out["rank"] = table["rank"]
    for month in months:
        for metric in RANKED_METRICS:
            m, lo, hi = (table[(metric, month, k)] for k in ("mean", "lo", "hi"))
            out[f"{metric} m{month}"] = _cells(metric, m, lo, hi)
    return out


CHANCES = ("p_best", "p_beats_status_quo", "p_best_regular_use")


class Comparison:
    """A job's comparison of its packages: the ranked table (:func:`ranked_table`), the ranking with each package's
    probabilities (:func:`probability_best`), ``ranking.csv`` and the printed tables, as text.

    A job of a sweep has one package and few replicates, and the pandas route cost several times its run. Where
    numpy gives the very same numbers (tested bit for bit against the pandas route) the texts are made from
    numpy arrays: results whose package is categorical, with a complete table at the last month (every package in
    every replicate once, no missing value in the ranked outcomes) and no two packages tied for first in any
    replicate. Anything else, and the DataFrames themselves (the report's), go the pandas route.
    """

    def __init__(self, df: pd.DataFrame, months: tuple[int, ...], baseline: str = "status_quo") -> None:
        self.df, self.months, self.baseline = df, tuple(months), baseline
        self.fast = _fast_comparison(df, self.months, baseline)

    @cached_property
    def table(self) -> pd.DataFrame:
        return ranked_table(self.df, self.months)

    @cached_property
    def ranking(self) -> pd.DataFrame:
        ranking = self.table[["rank", "score"]].join(probability_best(self.df, self.months[-1], self.baseline))
        ranking.index.name = "package"
        return ranking

    @property
    def cells(self) -> int:
        """Replicates (cells) the probabilities are over."""
        return self.fast["cells"] if self.fast is not None else int(self.ranking["cells"].iloc[0])

    def ranking_csv(self) -> str:
        """``ranking.csv`` (``ranking.to_csv()``, lines ending in ``\\n``: write it as text)."""
        if self.fast is None:
            return self.ranking.to_csv(lineterminator="\n")
        f = self.fast
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["package", "rank", "score", *CHANCES, "cells"])
        floats = np.column_stack([f["score"], *(f[c] for c in CHANCES)]).astype(str)  # as pandas writes floats
        floats[np.isnan(np.column_stack([f["score"], *(f[c] for c in CHANCES)]))] = ""
        for k, package in enumerate(f["packages"]):
            writer.writerow([package, str(f["rank"][k]), *floats[k], str(f["cells"])])
        return out.getvalue()

    def month_text(self, month: int) -> str:
        """The ranked table at one month as printed: rank and 'mean [lo, hi]' of each outcome."""
        if self.fast is None:
            shown = format_ranked(self.table, self.months)
            cols = [c for c in shown.columns if c.endswith(f" m{month}")]
            names = {c: c.removesuffix(f" m{month}") for c in cols}
            return shown[["rank", *cols]].rename(columns=names).to_string()
        f = self.fast
        k = self.months.index(month)
        columns = [("rank", [f"{r: d}" for r in f["rank"]], True)]
        for j, metric in enumerate(RANKED_METRICS):
            mean, lo, hi = (f["interval"][:, k, j, s] for s in range(3))
            columns.append((metric, _cells(metric, mean, lo, hi), False))
        return _frame_text("package", f["packages"], columns)

    def summary_text(self) -> str:
        """The console's compact table at the last month: rank, package, each outcome's mean under a short readable
        name, and the chance of being best (the ranges, earlier months and trade-offs are in the report)."""
        if self.fast is not None:
            f = self.fast
            packages, ranks, p_best = f["packages"], [int(r) for r in f["rank"]], f["p_best"]
            means = {m: f["interval"][:, -1, j, 0] for j, m in enumerate(RANKED_METRICS)}
        else:
            table, last = self.table, self.months[-1]
            packages, ranks = [str(p) for p in table.index], [int(r) for r in table["rank"]]
            means = {m: table[(m, last, "mean")].to_numpy() for m in RANKED_METRICS}
            p_best = self.ranking["p_best"].to_numpy()
        rows = [["rank", "package", *(CONSOLE_NAMES[m] for m in RANKED_METRICS), "p best"]]
        for k, package in enumerate(packages):
            values = ["n/a" if np.isnan(means[m][k]) else _FORMATS[m].format(means[m][k]) for m in RANKED_METRICS]
            rows.append([str(ranks[k]), package, *values, "-" if np.isnan(p_best[k]) else f"{p_best[k]:.0%}"])
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        return "\n".join(
            "  ".join(c.ljust(w) if i == 1 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
            for r in rows
        )

    def chances_text(self) -> str:
        """Each package's probabilities as printed (percentages; '-' where undefined)."""
        if self.fast is None:
            shown = self.ranking[list(CHANCES)].map(lambda v: "-" if pd.isna(v) else f"{v:.0%}")
            return shown.rename(columns=lambda c: c.replace("_", " ")).to_string()
        f = self.fast
        columns = [(c.replace("_", " "), ["-" if np.isnan(v) else f"{v:.0%}" for v in f[c]], False) for c in CHANCES]
        return _frame_text("package", f["packages"], columns)


# short readable names of the ranked outcomes for the console (the report explains each at length)
CONSOLE_NAMES = {
    "regular_share": "regular use",
    "high_anxiety_share": "not secure",
    "hours_saved_per_fte_week": "hours/week",
    "incidents_per_100_users": "incidents",
    "roi": "return",
    "archetype_gap": "type gap",
}
CONSOLE_LEGEND = (
    "regular use, not secure: share of staff; hours/week: saved per person, as felt; incidents: per 100 users in "
    "the month; return: (value of hours saved - cost) / cost; type gap: highest minus lowest employee type's "
    "regular use"
)

_FORMATS = {
    "regular_share": "{:.0%}",
    "high_anxiety_share": "{:.0%}",
    "hours_saved_per_fte_week": "{:.2f}",
    "incidents_per_100_users": "{:.2f}",
    "roi": "{:.0%}",
    "archetype_gap": "{:.0%}",
}


def _cells(metric: str, mean, lo, hi) -> list[str]:
    """'mean [lo, hi]' of each package (:func:`format_ranked`'s cells)."""
    f = _FORMATS[metric]
    return [
        "n/a" if np.isnan(a) else f"{f.format(a)} [{f.format(b)}, {f.format(c)}]"
        for a, b, c in zip(mean, lo, hi, strict=True)
    ]


def _rank_min(values: np.ndarray, ascending: bool) -> np.ndarray:
    """``rank(method="min")`` along the last axis (NaN stays NaN): 1 + how many are better."""
    x = values[..., :, None]
    y = values[..., None, :]
    better = (y < x) if ascending else (y > x)
    ranks = 1.0 + better.sum(axis=-1)
    return np.where(np.isnan(values), np.nan, ranks)


def _intervals(rows: list[np.ndarray], values: list[np.ndarray], level: float = 0.90) -> np.ndarray | None:
    """:func:`interval` of each outcome (``values``) over each selection of rows, as (selection, outcome, mean/lo/hi),
    in one call of numpy's mean and quantile along the replicates (the same arithmetic, row by row); None unless
    every selection holds as many rows and no value is missing (then :func:`interval` drops some)."""
    sizes = {r.size for r in rows}
    if len(sizes) != 1 or not sizes.pop():
        return None
    cells = np.stack([v[np.stack(rows)] for v in values], axis=1).astype(float)  # (selection, outcome, replicate)
    flat = np.ascontiguousarray(cells.reshape(-1, cells.shape[-1]))
    if np.isnan(flat).any():
        return None
    lo, hi = np.quantile(flat, [(1 - level) / 2, 1 - (1 - level) / 2], axis=1)
    return np.stack([flat.mean(axis=1), lo, hi], axis=-1).reshape(*cells.shape[:2], 3)


def _fast_comparison(df: pd.DataFrame, months: tuple[int, ...], baseline: str) -> dict | None:
    """The comparison's numbers from numpy arrays, or None where only the pandas route gives them exactly."""
    if "package" not in df.columns or not isinstance(df["package"].dtype, pd.CategoricalDtype) or not months:
        return None
    if not df.columns.is_unique:
        return None
    col = dict(zip(df.columns, column_arrays(df), strict=True))  # each column's values, read once
    codes = col["package"].codes
    present = np.unique(codes[codes >= 0])  # groupby(observed=True): the categories' order
    categories = col["package"].categories
    names = [categories[c] for c in present]
    if not present.size or not all(isinstance(n, str) and not set(n) & set("\t\r\n") for n in names):
        return None  # labels pandas would escape
    month = np.asarray(col["month"])
    on_all = np.asarray(col["archetype"] == "all")
    users = (np.asarray(col["tried_share"]) - np.asarray(col["abandoned_share"])) * np.asarray(col["headcount"])
    derived = np.divide(np.asarray(col["incidents"]) * 100.0, users, out=np.zeros(len(df)), where=users > 0)
    values = [derived if m == "incidents_per_100_users" else np.asarray(col[m]) for m in RANKED_METRICS]
    # the ranked table: mean and interval per package, month and outcome (interval() on the same values)
    rows = [np.flatnonzero(on_all & (codes == code) & (month == m)) for code in present for m in months]
    stats_ = _intervals(rows, values)
    if stats_ is None:
        stats_ = np.empty((len(present) * len(months), len(RANKED_METRICS), 3))
        for i, selected in enumerate(rows):
            for j, v in enumerate(values):
                stats_[i, j] = interval(v[selected])
    stats_ = stats_.reshape(len(present), len(months), len(RANKED_METRICS), 3)
    last = stats_[:, -1, :, 0]
    ranks = np.column_stack(
        [_rank_min(last[:, j], ascending=not higher_is_better(m)) for j, m in enumerate(RANKED_METRICS)]
    )
    counted = (~np.isnan(ranks)).sum(axis=1)
    if (counted == 0).any():  # no score: the pandas route (which refuses it)
        return None
    score = np.nansum(ranks, axis=1) / counted  # sums of whole numbers: exact in any order
    order = np.argsort(score, kind="stable")
    # the probabilities at the last month: a complete table of replicates x packages
    at = np.flatnonzero(on_all & (month == months[-1]))
    replicate = np.asarray(col["replicate"])[at]
    reps, r_index = np.unique(replicate, return_inverse=True)
    where = {int(c): p for p, c in enumerate(present)}
    p_index = np.array([where.get(int(c), -1) for c in codes[at]], dtype=np.int64)
    filled = np.zeros((reps.size, len(present)), dtype=np.int64)
    np.add.at(filled, (r_index, p_index), 1)
    if (p_index < 0).any() or (filled != 1).any():
        return None
    wide = np.empty((len(RANKED_METRICS), reps.size, len(present)))
    for j, v in enumerate(values):
        wide[j, r_index, p_index] = v[at]
    if np.isnan(wide).any():
        return None
    per = np.stack([_rank_min(wide[j], ascending=not higher_is_better(m)) for j, m in enumerate(RANKED_METRICS)])
    cell_score = per.sum(axis=0) / len(RANKED_METRICS)
    regular = wide[RANKED_METRICS.index("regular_share")]
    wins = cell_score == cell_score.min(axis=1, keepdims=True)
    wins_regular = regular == regular.max(axis=1, keepdims=True)
    if (wins.sum(axis=1) != 1).any() or (wins_regular.sum(axis=1) != 1).any():
        return None  # shared wins: fractions, whose mean depends on pandas' order of summation
    base = names.index(baseline) if baseline in names else None
    beats = (
        (cell_score < cell_score[:, [base]]).sum(axis=0) / reps.size
        if base is not None
        else np.full(len(present), np.nan)
    )
    if base is not None:
        beats[base] = np.nan
    chances = {
        "p_best": wins.sum(axis=0) / reps.size,
        "p_beats_status_quo": beats,
        "p_best_regular_use": wins_regular.sum(axis=0) / reps.size,
    }
    rank = 1 + (score[None, :] < score[:, None]).sum(axis=1)
    return {
        "packages": [names[p] for p in order],
        "rank": rank[order],
        "score": score[order],
        "interval": stats_[order],
        **{c: v[order] for c, v in chances.items()},
        "cells": int(reps.size),
    }


def _frame_text(index_name: str, labels: list[str], columns: list[tuple[str, list[str], bool]]) -> str:
    """``DataFrame.to_string()`` of a frame with a named index of text labels and columns of (header, cells as
    text, numeric), as pandas lays it out (no column is cut: ``to_string`` sets no width); the cells of a numeric
    column come formatted as pandas formats them (``f"{x: d}"``), text cells get pandas' leading space."""
    width = max(len(x) for x in (index_name, *labels))
    strcols = [["", *(x.ljust(width) for x in (index_name, *labels))]]
    for header, cells, numeric in columns:
        head = f" {header}" if numeric else header
        values = cells if numeric else [f" {c}" for c in cells]
        width = max(len(head), *(len(x) for x in values))
        strcols.append([head.rjust(width), "".rjust(width), *(x.rjust(width) for x in values)])
    widths = [max(len(x) for x in col) + 1 for col in strcols[:-1]] + [max(len(x) for x in strcols[-1])]
    rows = zip(*([x.ljust(w) for x in col] for col, w in zip(strcols, widths, strict=True)), strict=True)
    return "\n".join("".join(row) for row in rows)
