"""Figures of model results (matplotlib, no screen needed)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402


def band(df: pd.DataFrame, column: str, level: float = 0.90) -> pd.DataFrame:
    """Mean and central ``level`` interval across replicates, per month."""
    g = df.groupby("month")[column]
    lo, hi = (1 - level) / 2, 1 - (1 - level) / 2
    return pd.DataFrame({"mean": g.mean(), "lo": g.quantile(lo), "hi": g.quantile(hi)})


# --------------------------------------------------------------------------- package comparison
ARCHETYPE_LABELS = {
    "worried": "worried",
    "opportunity_seeker": "opportunity-seekers",
    "pragmatist": "pragmatists",
    "critic": "critics",
    "wait_and_see": "wait-and-see",
}


def package_colours(packages) -> dict[str, tuple]:
    cmap = plt.get_cmap("tab10")
    return {p: cmap(i % 10) for i, p in enumerate(packages)}


def _bands(ax, df: pd.DataFrame, column: str, colours: dict, group: str = "all", label: bool = True) -> None:
    data = df[df["archetype"] == group]
    for package, d in data.groupby("package", observed=True):
        b = band(d, column)
        ax.plot(b.index, b["mean"], color=colours[package], lw=2, label=package if label else None)
        if d["replicate"].nunique() > 1:
            ax.fill_between(b.index, b["lo"], b["hi"], color=colours[package], alpha=0.15, lw=0)
    ax.set_xlim(0, data["month"].max())
    ax.grid(alpha=0.3)


def _finish(fig: plt.Figure, path: Path | str | None) -> plt.Figure:
    if path is not None:
        fig.savefig(path, dpi=110)
    plt.close(fig)
    return fig


def _note(df: pd.DataFrame) -> str:
    return f"lines: mean of {df['replicate'].nunique()} replicates; bands: 90 % of replicates"


def plot_adoption_by_package(df: pd.DataFrame, path=None) -> plt.Figure:
    """Tried and regular use over time, one line and band per package."""
    colours = package_colours(df["package"].unique())
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5), sharey=True, layout="constrained")
    for ax, (column, title) in zip(
        axes, [("tried_share", "have tried AI"), ("regular_share", "use AI regularly")], strict=True
    ):
        _bands(ax, df, column, colours)
        ax.set_title(title)
        ax.set_xlabel("month")
        ax.set_ylim(0, 1)
    axes[0].set_ylabel("share of employees")
    axes[1].legend(loc="upper left", frameon=False, fontsize=8)
    fig.suptitle(f"Adoption by package ({_note(df)})", fontsize=10)
    return _finish(fig, path)


def plot_archetypes(df: pd.DataFrame, path=None, column: str = "regular_share") -> plt.Figure:
    """Small multiples: regular use per archetype, one line per package."""
    colours = package_colours(df["package"].unique())
    fig, axes = plt.subplots(1, 5, figsize=(16, 3.8), sharey=True, layout="constrained")
    for ax, (archetype, label) in zip(axes, ARCHETYPE_LABELS.items(), strict=True):
        _bands(ax, df, column, colours, group=archetype, label=archetype == "worried")
        ax.set_title(label)
        ax.set_xlabel("month")
        ax.set_ylim(0, 1)
    axes[0].set_ylabel(column.replace("_", " "))
    fig.legend(loc="outside right center", frameon=False, fontsize=8)
    fig.suptitle(f"Regular use per employee type ({_note(df)})", fontsize=10)
    return _finish(fig, path)


def plot_metric(df: pd.DataFrame, column: str, ylabel: str, title: str, path=None, ylim=None) -> plt.Figure:
    """One outcome over time for the organisation, one line and band per package."""
    colours = package_colours(df["package"].unique())
    fig, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    _bands(ax, df, column, colours)
    ax.set_xlabel("month")
    ax.set_ylabel(ylabel)
    if ylim:
        ax.set_ylim(*ylim)
    ax.legend(loc="best", frameon=False, fontsize=8)
    ax.set_title(f"{title}\n{_note(df)}", fontsize=10)
    return _finish(fig, path)


def incidents_per_4_weeks(df: pd.DataFrame) -> pd.Series:
    """Incidents per 100 people trying or using AI, per 4 weeks: a month's incidents scaled by 4 over the month's
    weeks (months have 4 or 5 weeks, which would draw a sawtooth), over the month's users; 0 without users."""
    from sim.outputs import month_end_weeks

    ends = month_end_weeks(int(df["month"].max()))
    weeks = np.diff(ends, prepend=0)  # weeks in each month; month 0 is the start (no incidents)
    in_month = np.where(weeks[df["month"].to_numpy()] > 0, weeks[df["month"].to_numpy()], 4)
    users = ((df["tried_share"] - df["abandoned_share"]) * df["headcount"]).to_numpy()
    rate = np.divide(df["incidents"].to_numpy() * 100.0 * 4 / in_month, users, out=np.zeros(len(df)), where=users > 0)
    return pd.Series(rate, index=df.index)


def plot_incidents(df: pd.DataFrame, path=None) -> plt.Figure:
    """Incidents per 100 users and 4 weeks (the table's unit, free of 4- and 5-week months), per package."""
    return plot_metric(
        df.assign(incidents_per_100_users_4w=incidents_per_4_weeks(df)),
        "incidents_per_100_users_4w",
        "incidents per 100 users and 4 weeks",
        "Incidents: uncritical use of wrong output, personal data in open tools",
        path,
    )


def plot_value_and_cost(df: pd.DataFrame, path=None) -> plt.Figure:
    """Small multiples, one panel per package on a shared scale: cumulative value of the hours saved (as felt),
    value of the realised output (harvested net hours) and the full cost."""
    packages = list(df["package"].unique())
    cols = min(4, len(packages))
    rows = -(-len(packages) // cols)
    fig, axes = plt.subplots(
        rows,
        cols,
        figsize=(3.6 * cols, 2.9 * rows + 0.6),
        sharex=True,
        sharey=True,
        layout="constrained",
        squeeze=False,
    )
    data = df[df["archetype"] == "all"]
    series = (
        ("value_eur_cum", "-", "#0072b2", "value of hours saved"),
        ("realised_value_eur_cum", "-", "#009e73", "value of realised output"),
        ("cost_eur_cum", "--", "#d55e00", "cost"),
    )
    for ax, package in zip(axes.flat, packages, strict=False):
        d = data[data["package"] == package]
        for column, style, colour, label in series:
            if column not in d:
                continue
            b = band(d, column)
            ax.plot(b.index, b["mean"] / 1e6, style, color=colour, lw=2, label=label)
            if d["replicate"].nunique() > 1:
                ax.fill_between(b.index, b["lo"] / 1e6, b["hi"] / 1e6, color=colour, alpha=0.15, lw=0)
        ax.set_title(str(package), fontsize=10)
        ax.grid(alpha=0.3)
    for ax in axes.flat[len(packages) :]:
        ax.set_axis_off()
    for ax in axes[-1]:
        ax.set_xlabel("month")
    for ax in axes[:, 0]:
        ax.set_ylabel("million EUR, cumulative")
    axes.flat[0].legend(loc="upper left", frameon=False, fontsize=8)
    fig.suptitle(f"Value and cost per package ({_note(df)})", fontsize=10)
    return _finish(fig, path)


def plot_paired_difference(diff: pd.DataFrame, a: str, b: str, metric: str, path=None) -> plt.Figure:
    """Mean paired difference (b - a) over months with its confidence interval."""
    fig, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    ax.axhline(0, color="grey", lw=1)
    ax.plot(diff.index, diff["mean"], color="C0", lw=2, label=f"{b} minus {a}")
    ax.fill_between(diff.index, diff["lo"], diff["hi"], color="C0", alpha=0.25, lw=0, label="95 % confidence interval")
    ax.set_xlabel("month")
    ax.set_ylabel(f"difference in {metric.replace('_', ' ')}")
    ax.grid(alpha=0.3)
    ax.legend(loc="best", frameon=False)
    n = int(diff["n"].max()) if len(diff) else 0
    ax.set_title(f"{b} against {a}: paired difference over {n} organisations (common random numbers)", fontsize=10)
    return _finish(fig, path)


STAGE_COLOURS = {
    "never": "#d9d9d9",
    "trying": "#9ecae1",
    "occasional": "#4292c6",
    "regular": "#08306b",
    "abandoned": "#e6550d",
}


def plot_network(rows: list[tuple[str, list[tuple[int, np.ndarray]]]], layout, path=None) -> plt.Figure:
    """The organisation's network coloured by usage stage: one row per package, one panel per month.

    ``rows`` holds (package, [(month, stage array), ...]); ``layout`` is (graph, positions).
    """
    import networkx as nx

    from sim.config import STAGES

    graph, pos = layout
    n_cols = max(len(snaps) for _, snaps in rows)
    fig, axes = plt.subplots(
        len(rows), n_cols, figsize=(4 * n_cols, 4 * len(rows)), layout="constrained", squeeze=False
    )
    for r, (package, snaps) in enumerate(rows):
        for c, (month, stage) in enumerate(snaps):
            ax = axes[r, c]
            nx.draw_networkx_edges(graph, pos, ax=ax, alpha=0.06, width=0.5)
            nx.draw_networkx_nodes(
                graph, pos, ax=ax, node_size=10, linewidths=0, node_color=[STAGE_COLOURS[STAGES[k]] for k in stage]
            )
            ax.set_title(f"{package}, month {month}", fontsize=10)
        for ax in axes[r]:
            ax.set_axis_off()
    handles = [plt.Line2D([], [], marker="o", ls="", color=c, label=s) for s, c in STAGE_COLOURS.items()]
    fig.legend(handles=handles, loc="outside lower center", ncol=5, frameon=False)
    fig.suptitle("Usage stage on the organisation's network (replicate 0)", fontsize=10)
    return _finish(fig, path)


def plot_sector(sector: pd.DataFrame, path=None) -> plt.Figure:
    """The sector by month, per package: the share of agencies at each of seed 000's levels or above (left), and
    the share of all employees in regular use with regular use in the agency at the 10th to 90th percentile of
    agencies (right); means over replicates."""
    from sim.sector import LEVELS

    packages = list(dict.fromkeys(sector["package"]))
    fig, axes = plt.subplots(len(packages), 2, figsize=(11, 3.6 * len(packages)), squeeze=False)
    for row, package in zip(axes, packages, strict=True):
        m = sector[sector["package"] == package].groupby("month").mean(numeric_only=True)
        for name in LEVELS[1:]:
            row[0].plot(m.index, m[f"agencies_{name}"], label=name.replace("_", " "))
        row[0].set(title=f"{package}: agencies at each level or above", xlabel="month", ylabel="share of agencies",
                   ylim=(0, 1))  # fmt: skip
        row[0].legend(fontsize=8)
        row[1].fill_between(m.index, m["regular_share_q10"], m["regular_share_q90"], alpha=0.25,
                            label="regular use in the agency, 10th-90th percentile of agencies")  # fmt: skip
        row[1].plot(m.index, m["employees_regular"], label="all employees, regular use")
        row[1].plot(m.index, m["employees_using"], label="all employees, using to some or a large degree")
        row[1].set(title=f"{package}: employees", xlabel="month", ylabel="share", ylim=(0, 1))
        row[1].legend(fontsize=8)
    fig.tight_layout()
    return _finish(fig, path)


def plot_sector_sweep(table: pd.DataFrame, by: list[str], month: int, path=None, most: int = 12) -> plt.Figure:
    """A sweep of sectors: the share of all employees in regular use by month for each job's settings and package
    (left; means over replicates, at most ``most`` lines), and at ``month`` for every one of them, sorted, with the
    range over replicates (right)."""
    keys = [k for k in by if k != "job"]

    def label(values) -> str:
        return ", ".join(f"{k}={v}" for k, v in zip(keys, values, strict=True)) if keys else "the sector"

    groups = table.groupby(by, observed=True, sort=False)
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8), gridspec_kw={"width_ratios": (1.1, 1)})
    for i, (values, g) in enumerate(groups):
        if i == most:
            left.text(0.02, 0.98, f"first {most} of {groups.ngroups} shown", transform=left.transAxes, va="top",
                      fontsize=8)  # fmt: skip
            break
        m = g.groupby("month")["employees_regular"].mean()
        left.plot(m.index, m.to_numpy(), label=label(values[1:]))
    left.axvline(month, color="grey", linestyle=":", linewidth=1)
    left.set(title="All employees in regular use", xlabel="month", ylabel="share", ylim=(0, 1))
    left.legend(fontsize=7)
    at = table[table["month"] == month].groupby(by, observed=True, sort=False)["employees_regular"]
    stats = pd.DataFrame({"mean": at.mean(), "lo": at.min(), "hi": at.max()}).sort_values("mean")
    y = np.arange(len(stats))
    right.errorbar(stats["mean"], y, xerr=[stats["mean"] - stats["lo"], stats["hi"] - stats["mean"]], fmt="o",
                   capsize=3)  # fmt: skip
    right.set_yticks(y, [label(values[1:]) for values in stats.index], fontsize=7)
    right.set(title=f"Month {month}: mean and range over replicates", xlabel="share in regular use")
    fig.tight_layout()
    return _finish(fig, path)


def plot_agencies(table: pd.DataFrame, decisions: pd.DataFrame, package: str, path=None) -> plt.Figure:
    """Regular use by month in five agencies side by side (replicate 0 of ``package``): the largest, the smallest,
    the one of median size, the first and the last to take generative AI into use; dotted, the month each did."""
    first = decisions[(decisions["replicate"] == 0) & (decisions["package"] == package)].reset_index(drop=True)
    by_size = first.sort_values("size", kind="stable")
    started = first[first["month_explore"] >= 0].sort_values("month_explore", kind="stable")
    picks = {"largest": by_size.iloc[-1], "median size": by_size.iloc[len(by_size) // 2], "smallest": by_size.iloc[0]}
    if len(started):
        picks |= {"first to take AI into use": started.iloc[0], "last to take AI into use": started.iloc[-1]}
    rows = table[(table["replicate"] == 0) & (table["package"] == package)]
    fig, ax = plt.subplots(figsize=(10, 4.2))
    seen = set()
    for label, a in picks.items():
        if a["agency"] in seen:
            continue
        seen.add(a["agency"])
        one = rows[rows["agency"] == a["agency"]]
        (line,) = ax.plot(one["month"], one["regular_share"], label=f"{a['name']} ({int(a['size']):,}; {label})")
        if a["month_explore"] >= 0:
            ax.axvline(a["month_explore"], color=line.get_color(), linestyle=":", linewidth=1)
    ax.set(title=f"{package}: regular use in five agencies", xlabel="month", ylabel="share in regular use",
           ylim=(0, 1))  # fmt: skip
    ax.legend(fontsize=8)
    return _finish(fig, path)
