"""The comparison of packages: figures and a self-contained HTML report a planner can read.

The report opens with what a planner needs first (which package comes first, how sure that is, what the leading
packages contain and what they trade off), then the ranking table with readable names and the rank method, the
figures, every package's contents, the definitions, the model's assumptions and limitations, and where the run
came from (version, commit, seed, date, command, organisation). It embeds its figures and loads nothing from the
network, so it can be mailed or archived as one file.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analysis import plots
from analysis.stats import RANKED_METRICS, add_derived, at_month, interval, paired_difference, ranked_table

FIGURES = {
    "adoption": "Who has tried AI and who uses it regularly, per package.",
    "archetypes": "Regular use for each of the five employee types: is anyone left behind?",
    "anxiety": "Share of employees who do not feel secure (anxiety above the threshold).",
    "hours": "Hours saved per person and week, as users feel them (before checking and correcting).",
    "value_cost": "Per package, the cumulative value of the hours saved, the value of the realised output (net "
    "hours that become output) and the full cost.",
    "incidents": "Incidents per 100 people using AI and 4 weeks: uncritical use of wrong output, personal data in "
    "open tools.",
    "gap": "The gap in regular use between the most and the least engaged employee type.",
    "difference": "The best package against the status quo (or, if the status quo is not compared, the lowest-ranked "
    "package): the paired difference in regular use, with its 95 % confidence interval.",
    "network": "The organisation's network coloured by usage stage, for the status quo and the best package "
    "(replicate 0: the same people).",
}

# the ranked outcomes and the unranked realised return, as a planner reads them: (name, unit, format, better)
COLUMNS = {
    "regular_share": ("Regular use", "share of staff", "{:.0%}", "more"),
    "high_anxiety_share": ("Not secure", "share of staff with high anxiety", "{:.0%}", "less"),
    "hours_saved_per_fte_week": ("Hours saved", "hours per person and week, as felt", "{:.2f}", "more"),
    "incidents_per_100_users": ("Incidents", "per 100 users in the month", "{:.2f}", "fewer"),
    "roi": ("Return (felt)", "(value of hours saved − cost) / cost", "{:.0%}", "more"),
    "archetype_gap": ("Gap between types", "highest − lowest type's regular use", "{:.0%}", "less"),
    "realised_roi": (
        "Realised return",
        "(value of realised output − full cost) / full cost; not ranked",
        "{:+.0%}",
        "more",
    ),
}

LIMITATIONS = (
    "Most mechanisms' levels were set by hand or are assumptions (docs/parameters.md marks the source of every "
    "number); five take-up constants were fitted to four seed figures, which leave most of them free "
    "(docs/ODD.md §10.1). Run with run.parameter_draws=20 to carry that uncertainty into the ranking.",
    "Gains are shown twice: hours saved as users feel and report them, and the realised output (net of checking "
    "and correcting, the harvested share only). In the status quo the hours saved by those who used AI in a week "
    "are at the low end of what users reported in 2024, and so too few save several hours a week (scaled to the "
    "reported level, their savings spread as reported: docs/validation.md); realised gains are small, as "
    "controlled evaluations found.",
    "Who is tied to whom matters through an assumed weight of trust in ties people share no contact on "
    "(params.spread.unembedded_weight); no study measures it.",
    "High anxiety falls low under the strongest packages; no published figure gives the size of the persistent "
    "minority after such a package.",
    "Department heads and top management have no lever of their own; the quality index is not externally "
    "calibrated; costs count licences, training time and fees, superuser hours and booked practice, not project "
    "management (docs/ODD.md §7.10).",
    "Each replicate is a generated organisation of the given size. A planner's own agency is better modelled from "
    "its own staff and ties files (org.source=files), and the staff mix and job fit matter most (docs/ODD.md §10.2).",
)


@dataclass
class ReportContext:
    """What the report says about where the run came from and what the packages are.

    ``contents``: package -> (description, [(setting, value)]) of its settings that differ from the defaults
    (:func:`package_contents`); ``provenance``: the run folder's provenance.json; ``cleaning``: the organisation
    files' cleaning report (empty for a generated organisation)."""

    command: list[str] = field(default_factory=list)
    contents: dict[str, tuple[str, list[tuple[str, str]]]] = field(default_factory=dict)
    provenance: dict = field(default_factory=dict)
    cleaning: str = ""


def _text(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value) or "(none)"
    return str(value)


def package_contents(configs: dict) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """Per package: its one-line description and its leaders' choices (the lever groups) that differ from the
    defaults of ``conf/`` (the status quo), as (setting, value) pairs, in the config's order."""
    from sim.config import LEVER_GROUPS, Config, leaves

    defaults = {key: value for key, value, _ in leaves(Config()) if key.split(".")[0] in LEVER_GROUPS}
    out = {}
    for package, cfg in configs.items():
        changed = [(key, _text(value)) for key, value, _ in leaves(cfg) if key in defaults and value != defaults[key]]
        out[package] = (cfg.package_description, changed)
    return out


def make_figures(df: pd.DataFrame, out_dir: Path, best: str, baseline: str, network=None) -> dict[str, Path]:
    """Write every figure as PNG; returns name -> path."""
    paths = {name: out_dir / f"{name}.png" for name in FIGURES}
    plots.plot_adoption_by_package(df, paths["adoption"])
    plots.plot_archetypes(df, paths["archetypes"])
    plots.plot_metric(
        df, "high_anxiety_share", "share of employees", "Not secure (high anxiety)", paths["anxiety"], (0, 1)
    )
    plots.plot_metric(
        df, "hours_saved_per_fte_week", "hours per person and week", "Hours saved, as felt", paths["hours"]
    )
    plots.plot_value_and_cost(df, paths["value_cost"])
    plots.plot_incidents(df, paths["incidents"])
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


def _e(value) -> str:
    return html.escape(str(value))


def _times(df: pd.DataFrame, n_rep: int) -> str:
    """How many runs each package had: replicates, or organisations under each drawn parameter set."""
    if "draw" not in df.columns:
        return f"{n_rep} organisations each"
    sets = df["draw"].nunique()
    return (
        f"{n_rep} times each ({n_rep // sets} organisations under each of {sets} parameter sets drawn from the "
        "calibration ensemble)"
    )


def _summary(df: pd.DataFrame, month: int) -> pd.DataFrame:
    """Per package and outcome of :data:`COLUMNS`: mean, low and high (90 % of replicates) at ``month``."""
    d = add_derived(at_month(df, month))
    rows = {}
    for package, g in d.groupby("package", observed=True):
        for metric in COLUMNS:
            if metric in g:
                rows[(package, metric)] = interval(g[metric])
    out = pd.DataFrame.from_dict(rows, orient="index", columns=["mean", "lo", "hi"])
    out.index = pd.MultiIndex.from_tuples(out.index, names=["package", "metric"])
    return out


def _cell(values, fmt: str) -> str:
    mean, lo, hi = values
    if np.isnan(mean):
        return "<td>n/a</td>"
    return f"<td><b>{_e(fmt.format(mean))}</b><br><small>{_e(fmt.format(lo))} to {_e(fmt.format(hi))}</small></td>"


def _table(order: list[str], summary: pd.DataFrame, ranks: pd.Series, chances: pd.DataFrame | None) -> str:
    head = "<tr><th>Rank</th><th>Package</th>"
    if chances is not None:
        head += "<th>Chance of being best<br><small>share of organisations</small></th>"
    metrics = [m for m in COLUMNS if m in summary.index.get_level_values("metric")]
    for metric in metrics:
        name, unit, _, better = COLUMNS[metric]
        cls = ' class="unranked"' if metric not in RANKED_METRICS else ""
        head += f"<th{cls}>{_e(name)}<br><small>{_e(unit)}; {better} is better</small></th>"
    body = []
    for package in order:
        row = f"<tr><td>{int(ranks[package])}</td><th scope='row'>{_e(package)}</th>"
        if chances is not None:
            p = chances.loc[package, "p_best"] if package in chances.index else np.nan
            row += f"<td>{'-' if pd.isna(p) else f'{p:.0%}'}</td>"
        for metric in metrics:
            cell = _cell(tuple(summary.loc[(package, metric)]), COLUMNS[metric][2])
            row += cell.replace("<td>", '<td class="unranked">') if metric not in RANKED_METRICS else cell
        body.append(row + "</tr>")
    return f"<table class='ranking'><thead>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _best_of(summary: pd.DataFrame, metric: str, order: list[str]) -> str | None:
    if metric not in summary.index.get_level_values("metric"):
        return None
    means = summary.xs(metric, level="metric")["mean"].reindex(order).dropna()
    if means.empty:
        return None
    return str(means.idxmax() if COLUMNS[metric][3] == "more" else means.idxmin())


def _lead(order: list[str], summary: pd.DataFrame, month: int, chances, draws: int, n_rep: int, contents: dict) -> str:
    """The first screen: the recommendation with its uncertainty, the trade-offs and the leading packages."""
    best = order[0]
    fmt = lambda metric, p: COLUMNS[metric][2].format(summary.loc[(p, metric), "mean"])  # noqa: E731
    if chances is not None and best in chances.index:
        across = (
            f"{n_rep} organisations"
            if not draws
            else f"{n_rep} organisations under {draws} parameter sets drawn from the calibration ensemble"
        )
        p_best = chances.loc[best, "p_best"]
        sure = f"It comes first in {p_best:.0%} of the {across} when each is ranked alone"
        if "status_quo" in chances.index and best != "status_quo":
            sure += f", and ranks above the status quo in {chances.loc[best, 'p_beats_status_quo']:.0%}"
        sure += "."
        if not draws:
            sure += (
                " That is how organisations differ, not how uncertain the model's parameters are: run with "
                "run.parameter_draws=20 for both."
            )
    else:
        sure = (
            "With one organisation the ranking carries no measure of how sure it is: run with run.replicates=30 "
            "(and run.parameter_draws=20) for that."
        )
    verdict = (
        f"<p class='verdict'><b>{_e(best)}</b> comes first at month {month} on the average of its ranks on six "
        f"outcomes. {_e(sure)}</p>"
    )
    if len(order) > 1:
        verdict += f"<p>Next: {_e(', '.join(order[1:3]))}. The status quo is where most agencies are today.</p>"
    trade = []
    for metric, what in (
        ("regular_share", "Most regular use"),
        ("high_anxiety_share", "Fewest not feeling secure"),
        ("archetype_gap", "Smallest gap between employee types (fairness)"),
        ("incidents_per_100_users", "Fewest incidents per user"),
        ("realised_roi", "Highest realised return on the full cost"),
    ):
        top = _best_of(summary, metric, order)
        if top is None:
            continue
        line = f"{what}: <b>{_e(top)}</b> ({_e(fmt(metric, top))})"
        if top != best:
            line += f"; {_e(best)} {_e(fmt(metric, best))}"
        trade.append(f"<li>{line}</li>")
    leading = []
    for package in order[:3]:
        description, settings = contents.get(package, ("", []))
        leading.append(f"<li><b>{_e(package)}</b>: {_e(description) or '(no description)'}</li>")
    return (
        f"<section id='summary'><h2>In short</h2>{verdict}<h3>Trade-offs at month {month}</h3><ul>{''.join(trade)}"
        f"</ul><h3>What the leading packages contain</h3><ul>{''.join(leading)}</ul>"
        f"<p>Their settings in full are under <a href='#contents'>Package contents</a>.</p></section>"
    )


def _contents(order: list[str], contents: dict) -> str:
    items = []
    for package in order:
        description, settings = contents.get(package, ("", []))
        rows = "".join(f"<tr><td><code>{_e(k)}</code></td><td>{_e(v)}</td></tr>" for k, v in settings)
        table = f"<table class='settings'>{rows}</table>" if rows else "<p>(the defaults: the status quo)</p>"
        items.append(f"<h3>{_e(package)}</h3><p>{_e(description)}</p>{table}")
    return (
        "<section id='contents'><h2>Package contents</h2><p>Each package's leaders' choices that differ from the "
        "defaults (the status quo). Settings given on the command line apply to every package and replace the "
        f"package's own value.</p>{''.join(items)}</section>"
    )


def _definitions() -> str:
    from sim.outputs import OUTPUTS

    rows = [(COLUMNS[m][0], f"{COLUMNS[m][1]}. " + OUTPUTS.get(m, "")) for m in COLUMNS if m in OUTPUTS]
    rows.insert(
        3,
        (
            "Incidents",
            "incidents in the month (uncritical use of wrong output, personal data in open tools) per 100 people "
            "trying or using AI; the figure shows them per 4 weeks.",
        ),
    )
    rows += [
        ("Value", "hours saved (as felt) valued at the cost of an hour of work; the realised value counts only the "
         "net hours (after checking and correcting) that become output (params.value.harvest_share)."),
        ("Cost", "licences, training time and fees, superuser hours; the full cost adds booked practice and "
         "hands-on leaders' hours."),
        ("Intervals", "90 % of the replicates (organisations, and parameter sets when drawn) lie between the two "
         "small figures under each mean: how far organisations under one policy differ."),
    ]  # fmt: skip
    body = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in rows)
    return f"<section id='definitions'><h2>Definitions</h2><dl>{body}</dl></section>"


def _provenance(context: ReportContext, df: pd.DataFrame, people: int, organisation: str = "") -> str:
    prov = context.provenance or {}
    commit = prov.get("commit") or "(not a git checkout)"
    if prov.get("uncommitted_changes"):
        commit += " (with uncommitted changes)"
    rows = [
        ("Version", prov.get("version") or "(not installed)"),
        ("Commit", commit),
        ("Seed", prov.get("seed", "")),
        ("Replicates", prov.get("replicates", df["replicate"].nunique())),
        ("Started", prov.get("started", "")),
        ("Command", " ".join(prov.get("command", ["python -m sim", *context.command]))),
        ("Python", prov.get("python", "")),
        (
            "Organisation",
            organisation or f"{people:,} people" + (" (from files)" if context.cleaning else " (generated)"),
        ),  # fmt: skip
    ]
    for key, info in (prov.get("organisation_files") or {}).items():
        rows.append((key, f"{info.get('path', '')} (sha256 {info.get('sha256', '')[:16]}…)"))
    table = "".join(f"<tr><th scope='row'>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
    cleaning = f"<h3>The organisation's files</h3><pre>{_e(context.cleaning)}</pre>" if context.cleaning else ""
    return f"<section id='provenance'><h2>Where this came from</h2><table class='settings'>{table}</table>{cleaning}</section>"


STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:1200px;margin:1.5em auto;padding:0 1em;color:#222;"
    "line-height:1.4}h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ddd}"
    "nav a{margin-right:1em}.verdict{font-size:1.15em}#summary{background:#f4f7fb;padding:.2em 1.2em 1em;"
    "border-radius:6px}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:4px 6px;"
    "vertical-align:top;text-align:left}table.ranking{width:100%}table.ranking small{color:#555}"
    ".unranked{background:#fafafa}img{max-width:100%}pre{background:#f6f6f6;padding:1em;overflow:auto;"
    "white-space:pre-wrap}dt{font-weight:600;margin-top:.5em}details{margin:.8em 0}"
)


def write_report(
    df: pd.DataFrame,
    out_dir: Path,
    figures: dict[str, Path],
    months: tuple[int, ...],
    title: str,
    settings: str = "",
    ranking: pd.DataFrame | None = None,
    draws: int = 0,
    context: ReportContext | None = None,
) -> Path:
    """A self-contained HTML report (figures embedded, nothing loaded from the network) that needs no code to read:
    the recommendation first, then the ranking, figures, package contents, definitions, limitations and
    provenance. ``ranking`` is :func:`analysis.stats.probability_best` at the last month, if computed."""
    context = context or ReportContext()
    table = ranked_table(df, months)
    order = [str(p) for p in table.index]
    ranks = table["rank"].rename(index=str)
    last = months[-1]
    n_rep = df["replicate"].nunique()
    people = int(df.loc[df["archetype"] == "all", "headcount"].iloc[0])
    summary = _summary(df, last)
    chances = ranking.rename(index=str) if ranking is not None else None
    intro = (
        f"<p>{len(order)} packages simulated on an organisation of {people:,} people over {df['month'].max()} months, "
        f"{_times(df, n_rep)}. Every package met the same simulated people and chance events (common random "
        f"numbers), so differences come from the choices; each replicate is a different organisation of this "
        f"size, with its own people, ties, leadership quality, task mix and culture.</p>"
    )
    nav = "".join(
        f"<a href='#{a}'>{t}</a>"
        for a, t in (
            ("summary", "In short"),
            ("ranking", "Ranking"),
            ("figures", "Figures"),
            ("contents", "Package contents"),
            ("definitions", "Definitions"),
            ("limitations", "Limitations"),
            ("provenance", "Provenance"),
        )
    )
    earlier = ""
    if len(months) > 1:
        parts = []
        for month in months[:-1]:
            parts.append(f"<h3>Month {month}</h3>{_table(order, _summary(df, month), ranks, None)}")
        earlier = (
            f"<details><summary>The same outcomes at month{'s' if len(months) > 2 else ''} "
            f"{', '.join(str(m) for m in months[:-1])}</summary>{''.join(parts)}</details>"
        )
    ranking_section = (
        f"<section id='ranking'><h2>Ranking at month {last}</h2>{_table(order, summary, ranks, chances)}"
        f"<p><b>How the rank is made.</b> Each package is ranked on each of six outcomes at month {last} (more "
        "regular use, fewer not feeling secure, more hours saved, fewer incidents per user, more return, a smaller "
        "gap between employee types); its rank is the mean of those six ranks, so a package first on one outcome "
        "can rank below one that is good on all. Ranks compare means: where the ranges under the means overlap, "
        "the difference may be chance. The realised return (shaded) is shown, not ranked: it counts only the "
        "net hours that become output against the full cost, and it often orders packages differently from the "
        f"felt return.</p>{earlier}</section>"
    )
    figure_section = (
        "<section id='figures'><h2>Figures</h2>"
        + "".join(
            f"<h3>{_e(name.replace('_', ' ').capitalize())}</h3><p>{_e(FIGURES[name])}</p>{_img(path)}"
            for name, path in figures.items()
        )
        + "</section>"
    )
    limitations = (
        "<section id='limitations'><h2>Assumptions and limitations</h2><ul>"
        + "".join(f"<li>{_e(t)}</li>" for t in LIMITATIONS)
        + "</ul><p>What the model reproduces and misses against published figures: docs/validation.md.</p></section>"
    )
    settings_text = f"<h3>Settings</h3><pre>{_e(settings)}</pre>" if settings else ""
    page = (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{_e(title)}</title>"
        f"<style>{STYLE}</style></head><body><h1>{_e(title)}</h1><nav>{nav}</nav>{intro}"
        f"{_lead(order, summary, last, chances, draws, n_rep, context.contents)}{ranking_section}{figure_section}"
        f"{_contents(order, context.contents)}{_definitions()}{limitations}"
        f"{_provenance(context, df, people).replace('</section>', settings_text + '</section>')}</body></html>"
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
