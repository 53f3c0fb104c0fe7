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
