"""The comparison of packages: figures and a self-contained HTML report a planner can read."""

from __future__ import annotations

import base64
import html
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analysis import plots
from analysis.stats import format_ranked, paired_difference, ranked_table

FIGURES = {
    "adoption": "Who has tried AI and who uses it regularly, per package.",
    "archetypes": "Regular use for each of the five employee types: is anyone left behind?",
    "anxiety": "Share of employees who do not feel secure (anxiety above the threshold).",
    "value_cost": "Hours saved per person and week, and the cumulative value of that time against the cost.",
    "incidents": "Incidents a month: uncritical use of wrong output, personal data in open tools.",
    "gap": "The gap in regular use between the most and the least engaged employee type.",
    "difference": "The best package against the status quo (or, if the status quo is not compared, the lowest-ranked package): the paired difference in regular use, with its 95 % confidence interval.",
    "network": "The organisation's network coloured by usage stage, for the status quo and the best package (replicate 0: the same people).",
}


def make_figures(df: pd.DataFrame, out_dir: Path, best: str, baseline: str, network=None) -> dict[str, Path]:
    """Write every figure as PNG; returns name -> path."""
    paths = {name: out_dir / f"{name}.png" for name in FIGURES}
    plots.plot_adoption_by_package(df, paths["adoption"])
    plots.plot_archetypes(df, paths["archetypes"])
    plots.plot_metric(
        df, "high_anxiety_share", "share of employees", "Not secure (high anxiety)", paths["anxiety"], (0, 1)
    )
    plots.plot_value_and_cost(df, paths["value_cost"])
    plots.plot_metric(df, "incidents", "incidents a month", "Incidents", paths["incidents"])
    plots.plot_metric(
        df,
        "archetype_gap",
        "highest minus lowest regular use",
        "No one left behind: the gap between types",
        paths["gap"],
        (0, 1),
    )
    if best != baseline:
        diff = paired_difference(df, baseline, best, "regular_share")
        plots.plot_paired_difference(diff, baseline, best, "regular_share", paths["difference"])
    else:
        paths.pop("difference")
    if network is not None:
        rows, layout = network
        plots.plot_network(rows, layout, paths["network"])
    else:
        paths.pop("network")
    plt.close("all")
    return paths


def _img(path: Path) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<img alt="{html.escape(path.stem)}" src="data:image/png;base64,{data}">'


def _times(df: pd.DataFrame, n_rep: int) -> str:
    """How many runs each package had: replicates, or organisations under each drawn parameter set."""
    if "draw" not in df.columns:
        return f"{n_rep} times each"
    sets = df["draw"].nunique()
    return (
        f"{n_rep} times each ({n_rep // sets} organisations under each of {sets} parameter sets drawn from the "
        "calibration ensemble; the ranges below span both)"
    )


def _chances(ranking: pd.DataFrame | None, draws: int, replicates: int, last: int) -> str:
    """The section on each package's probability of being best, or nothing without a ranking."""
    if ranking is None:
        return ""
    across = (
        f"{replicates} organisations (replicates)"
        if not draws
        else f"{draws} parameter sets drawn from the calibration ensemble x {replicates // draws} organisations"
    )
    shown = ranking[["rank", "p_best", "p_beats_status_quo", "p_best_regular_use"]].copy()
    for c in ("p_best", "p_beats_status_quo", "p_best_regular_use"):
        shown[c] = shown[c].map(lambda v: "-" if pd.isna(v) else f"{v:.0%}")
    shown.columns = ["rank", "probability of being best", "better than the status quo", "most regular use"]
    note = (
        "The parameters are uncertain: the calibration leaves most take-up constants free (ODD §10.1), and "
        "these probabilities carry that uncertainty."
        if draws
        else "They carry how organisations differ, not how uncertain the model's parameters are: run with "
        "run.parameter_draws=20 to draw parameter sets from the calibration ensemble as well."
    )
    return (
        f"<h2>How sure is the ranking?</h2><p>Each package was ranked in each of {across} alone, by the same "
        f"method (the average of its ranks at month {last}); the table gives how often each package came first, "
        f"how often it ranked above the status quo, and how often it had the most regular users. {note}</p>"
        f"{shown.to_html(escape=True)}"
    )


def write_report(
    df: pd.DataFrame,
    out_dir: Path,
    figures: dict[str, Path],
    months: tuple[int, ...],
    title: str,
    settings: str,
    ranking: pd.DataFrame | None = None,
    draws: int = 0,
) -> Path:
    """A self-contained HTML report (figures embedded) that needs no code to read."""
    table = ranked_table(df, months)
    text = format_ranked(table, months)
    last = months[-1]
    best = table.index[0]
    n_rep = df["replicate"].nunique()
    people = int(df.loc[df["archetype"] == "all", "headcount"].iloc[0])
    intro = (
        f"<p>{len(table)} packages were simulated on an organisation of {people:,} people for {df['month'].max()} "
        f"months, {_times(df, n_rep)}. Every package met the same simulated people and the same chance events "
        f"(common random numbers), so differences come from the choices. Each replicate is a different "
        f"organisation of this size: its own people and ties and, with params.variation (on by default), its own "
        f"leadership quality, task mix and culture. Figures in brackets are the range of 90 % of the replicates: "
        f"how far organisations under one policy differ. Settings given on the command line apply to every package and replace the "
        f"package's own value.</p>"
        f"<p>Ranked by the average of their ranks at month {last} on regular use, anxiety, hours saved, incidents, "
        f"return on investment and the gap between employee types, <b>{html.escape(str(best))}</b> comes first.</p>"
    )
    sections = "".join(
        f"<h2>{html.escape(name.replace('_', ' ').capitalize())}</h2><p>{html.escape(FIGURES[name])}</p>{_img(path)}"
        for name, path in figures.items()
    )
    style = (
        "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
        "table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:3px 6px}"
        "img{max-width:100%}pre{background:#f6f6f6;padding:1em;overflow:auto}"
    )
    page = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<style>{style}</style></head><body><h1>{html.escape(title)}</h1>{intro}"
        f"<h2>Ranking</h2>{text.to_html(escape=True)}"
        f"<p>Regular use, anxiety (share not secure), ROI and the gap between types in %; hours saved per person "
        f"and week; incidents a month per 100 people using AI. Ranks compare means: where intervals overlap, "
        f"the difference may be chance.</p>{_chances(ranking, draws, n_rep, last)}{sections}<h2>Settings</h2><pre>{html.escape(settings)}</pre></body></html>"
    )
    path = out_dir / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


def network_snapshots(model_factories: dict, months: tuple[int, ...], max_people: int = 1200):
    """Run one model per package and keep the usage stage of (up to ``max_people``) people at the
    chosen months; returns the rows for :func:`analysis.plots.plot_network` and a shared layout."""
    import networkx as nx

    rows, model = [], None
    wanted = set(months)
    for package, factory in model_factories.items():
        model = factory()
        keep = np.arange(min(model.org.n, max_people))
        snaps = [(0, model.state.stage[keep].copy())] if 0 in wanted else []
        while model.running:
            before = model.recorder.month
            model.step()
            if model.recorder.month != before and model.recorder.month in wanted:
                snaps.append((model.recorder.month, model.state.stage[keep].copy()))
        rows.append((package, snaps))
    graph = nx.from_scipy_sparse_array(model.org.adjacency[keep][:, keep])
    return rows, (graph, nx.spring_layout(graph, seed=1, iterations=40))
