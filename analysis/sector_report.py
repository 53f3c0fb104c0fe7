"""The sector's report (``sector=norway_state``): a self-contained HTML page for the ministry's planners.

It opens with the sector at seed 000's month and at the horizon against seed 000's figures, then the sector by
month per package, the figures (the sector; a few agencies side by side), the largest agencies, the packages'
contents, definitions, limitations and where the run came from. Figures are embedded; nothing is loaded from the
network.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import plots
from analysis.report import LIMITATIONS, STYLE, ReportContext, _contents, _e, _img, _provenance

SECTOR_LIMITATIONS = (
    "The agencies' decisions follow one fitted process (a diffusion among agencies and a climb through seed 000's "
    "levels, docs/ODD.md §11): seed 000 gives one figure for each, so the path before and after month 18 rests on "
    "the form of the process, not on data.",
    "An agency's levels act on its people through what each makes possible: the AI button from 'integrated', the "
    "use cases of the 'plans' and 'future' horizons from 'own data' and 'own solutions' (which change little: "
    "docs/ODD.md §11). Levels cost only what sector.cost_integrated_eur and sector.cost_own_solutions_eur give (0 "
    "unless set). Central levers other than pilot funding do not change when agencies take AI into use or climb, and "
    "pilot funding's pace is an assumption (sector.pilot_speedup); ties between agencies beyond one lead agency and "
    "one community of practice are not in the model yet.",
    "How many agencies follow central guidance (sector.follow_share) has no source: the default, every agency, "
    "is the upper bound; sweep it.",
    "Generated agency sizes are an assumption (lognormal); give the sector's own list with sector.file.",
)

COLUMNS = {
    "agencies_explore": ("Agencies using AI", "share of agencies that have taken generative AI into use"),
    "agencies_own_data": ("… on own data", "share of agencies using AI on their own data (or further)"),
    "agencies_integrated": ("… integrated", "share of agencies with AI integrated in their systems (or further)"),
    "agencies_own_solutions": ("… own solutions", "share of agencies developing their own solutions"),
    "employees_using": ("Staff using", "share of all employees using AI to some or a large degree"),
    "employees_regular": ("Staff regular", "share of all employees using AI regularly"),
    "regular_share_q10": ("Agency p10", "regular use in the agency at the 10th percentile of agencies"),
    "regular_share_q90": ("Agency p90", "regular use in the agency at the 90th percentile of agencies"),
}


def _pct(x: float) -> str:
    return f"{100 * x:.0f} %"


def _table(sector: pd.DataFrame, months: list[int]) -> str:
    shown = sector[sector["month"].isin(months)].groupby(["package", "month"], observed=True, sort=False)
    means = shown[list(COLUMNS)].mean()
    head = "".join(f"<th scope='col'>{_e(COLUMNS[c][0])}</th>" for c in COLUMNS)
    rows = "".join(
        f"<tr><th scope='row'>{_e(p)}</th><td>{m}</td>" + "".join(f"<td>{_pct(v)}</td>" for v in row) + "</tr>"
        for (p, m), row in means.iterrows()
    )
    return f"<table class='ranking'><tr><th>Package</th><th>Month</th>{head}</tr>{rows}</table>"


def _replicates(table: pd.DataFrame) -> str:
    """How many replicates the tables hold: 'R replicate(s)', or 'R replicate(s) under each of N parameter sets'."""
    if "draw" not in table.columns:
        return f"{table['replicate'].nunique()} replicate(s)"
    sets = table["draw"].nunique()
    return f"{table['replicate'].nunique() // sets} replicate(s) under each of {sets} parameter sets"


def _lead(sector: pd.DataFrame, month: int, horizon: int, agencies: int, employees: int) -> str:
    at = sector[sector["month"] == month].groupby("package", observed=True, sort=False).mean(numeric_only=True)
    end = sector[sector["month"] == horizon].groupby("package", observed=True, sort=False).mean(numeric_only=True)
    items = []
    cells = "replicates and parameter sets" if "draw" in sector.columns else "replicates"

    def spread(m: int, package) -> str:  # 90 % of the sector's replicates (and parameter sets)
        x = sector[(sector["month"] == m) & (sector["package"] == package)]["employees_regular"]
        return f"{_pct(x.quantile(0.05))}-{_pct(x.quantile(0.95))}" if len(x) > 1 else ""

    for package, row in at.iterrows():
        last = end.loc[package]
        early, late = spread(month, package), spread(horizon, package)
        items.append(
            f"<li><b>{_e(package)}</b>: at month {month}, {_pct(row['agencies_explore'])} of agencies have taken "
            f"generative AI into use and {_pct(row['employees_using'])} of all employees use it to some or a large "
            f"degree ({_pct(row['employees_regular'])} regularly{f'; 90 % of {cells}: {early}' if early else ''}); "
            f"by month {horizon}, {_pct(last['agencies_explore'])} of agencies and {_pct(last['employees_regular'])} "
            f"of employees in regular use{f' ({late})' if late else ''}, with regular use from "
            f"{_pct(last['regular_share_q10'])} to {_pct(last['regular_share_q90'])} between the 10th and 90th "
            "percentile of agencies.</li>"
        )
    best = end["employees_regular"].idxmax()
    narrow = (end["regular_share_q90"] - end["regular_share_q10"]).idxmin()
    verdict = (
        f"<p class='verdict'>Most employees in regular use at month {horizon}: <b>{_e(best)}</b>; the narrowest "
        f"spread between agencies: <b>{_e(narrow)}</b>.</p>"
        if len(end) > 1
        else ""
    )
    return (
        f"<section id='summary'><h2>In short</h2>{verdict}<ul>{''.join(items)}</ul><p>Seed 000 (2024, about month "
        "18): seven of ten agencies have taken generative AI into use, two of ten employees use it to some or a large "
        "degree; 86 %, 48 %, 34 % and 18 % of agencies explore, use their own data, have it integrated and develop "
        f"their own solutions. The sector has {agencies} agencies and {employees:,} employees.</p></section>"
    )


def _lead_name(wanted: str, decisions: pd.DataFrame) -> str:
    """The lead agency as the report names it (run_sector marks it in ``decisions``): its id, name and size, in
    replicate 0 ('first' may pick another agency in each replicate)."""
    first = decisions[decisions["replicate"] == decisions["replicate"].min()].drop_duplicates("agency")
    lead = first[first["lead"]]
    if lead.empty:
        return "none (no agency took AI into use)"
    row = lead.iloc[0]
    text = f"{row['agency']} ({row['name']}, {int(row['size']):,} employees)"
    return text + (", in replicate 0; in each replicate the first to take AI into use" if wanted == "first" else "")


def _drawn(decisions: pd.DataFrame, column: str, package: str) -> float:
    """The share of agencies drawn to ``column`` (follows, member), mean over replicates."""
    return decisions[decisions["package"] == package].groupby("replicate")[column].mean().mean()


def _levers(sc, table: pd.DataFrame, decisions: pd.DataFrame, horizon: int, package: str) -> str:
    """The sector's central levers in force, and regular use in the agencies that follow the package and in the
    others (all replicates)."""
    followed = _drawn(decisions, "follows", package)
    items = [
        f"Central guidance: the package is taken up by a share {sc.follow_share:g} of agencies (sector.follow_share; "
        f"{_pct(followed)} of agencies drew to follow it), the others keep the status quo, with the central levers "
        "below in every agency.",
        "National training offer: "
        + (
            "none."
            if sc.national_training == "none"
            else f"voluntary, {sc.national_training}, in every agency that trains no one itself."
        ),
        "Central guidelines on ethical and legal use: "
        + ("none." if sc.rules_clarity == 0 else f"clarity {sc.rules_clarity:g} where an agency's own are less clear."),
        "Shared national assistant: " + ("every agency has few approved tools." if sc.shared_assistant else "none."),
        "Funded pilots: "
        + (
            f"a share {sc.pilot_funding:g} of agencies ({_pct(_drawn(decisions, 'funded', package))} drew to be "
            f"funded) take the steps to integrated and own solutions {sc.pilot_speedup:g} times as fast (an assumed "
            "pace)."
            if sc.pilot_funding
            else "none."
        ),
        "Community of practice: "
        + (
            f"a share {sc.community:g} of agencies ({_pct(_drawn(decisions, 'member', package))} drew to be members) "
            f"share their proven use cases with each other, {sc.share_delay_months} month(s) later."
            if sc.community
            else "none."
        ),
        "Lead agency sharing its use cases: "
        + (
            f"{_e(_lead_name(sc.lead_agency, decisions))}, with the others {sc.share_delay_months} month(s) later."
            if sc.lead_agency
            else "none."
        ),
    ]
    end = table[(table["package"] == package) & (table["month"] == horizon)]
    if sc.cost_integrated_eur or sc.cost_own_solutions_eur:
        cost = end.groupby("replicate")["level_cost_eur_cum"].sum().mean()
        items.append(
            f"One-off costs of the levels reached by month {horizon}: EUR {cost:,.0f} over the sector (mean over "
            f"replicates; EUR {sc.cost_integrated_eur:,.0f} an agency for integrated, {sc.cost_own_solutions_eur:,.0f} "
            "for own solutions, as given)."
        )
    groups = end.groupby("follows")
    if len(groups) == 2:
        staff = groups.apply(lambda g: (g["regular_share"] * g["size"]).sum() / g["size"].sum(), include_groups=False)
        items.append(
            f"At month {horizon} ({_e(package)}, all replicates), {_pct(staff[True])} of the employees of agencies that "
            f"follow the package use AI regularly, {_pct(staff[False])} in the others. Whether an agency follows is drawn "
            "at random, apart from its size and start, so the difference is the package's effect in these agencies up "
            "to chance (a few large agencies weigh heavily)."
        )
    return (
        "<section id='levers'><h2>Sector levers</h2><ul>" + "".join(f"<li>{t}</li>" for t in items) + "</ul></section>"
    )


def _archetypes(by_archetype: pd.DataFrame, month: int, horizon: int) -> str:
    """The sector's people by archetype: regular use at ``month`` and at the horizon, anxiety, fear of job loss and
    hours saved at the horizon (means over replicates)."""
    at = by_archetype[by_archetype["month"].isin([month, horizon])]
    means = at.groupby(["package", "archetype", "month"], observed=True, sort=False).mean(numeric_only=True)
    rows = []
    for package in dict.fromkeys(str(p) for p in at["package"]):
        for kind in dict.fromkeys(str(k) for k in at["archetype"]):
            early, late = means.loc[(package, kind, month)], means.loc[(package, kind, horizon)]
            rows.append(
                f"<tr><th scope='row'>{_e(package)}</th><td>{_e(kind.replace('_', ' '))}</td>"
                f"<td>{int(late['headcount']):,}</td><td>{_pct(early['regular_share'])}</td>"
                f"<td>{_pct(late['regular_share'])}</td><td>{_pct(late['high_anxiety_share'])}</td>"
                f"<td>{_pct(late['fear_job_loss_share'])}</td><td>{late['hours_saved_per_fte_week']:.2f}</td></tr>"
            )
    return (
        "<section id='archetypes'><h2>The sector's people by archetype</h2><table><tr><th>Package</th>"
        f"<th>Archetype</th><th>People</th><th>Regular use, month {month}</th><th>Regular use, month {horizon}</th>"
        f"<th>High anxiety, month {horizon}</th><th>Fear job loss, month {horizon}</th><th>Hours saved a week, "
        f"month {horizon}</th></tr>{''.join(rows)}</table><p>Over all agencies, each person counted once (means over "
        "replicates); every month: sector_archetypes.parquet.</p></section>"
    )


def _agencies(table: pd.DataFrame, decisions: pd.DataFrame, horizon: int, package: str, largest: int = 10) -> str:
    from sim.sector import LEVELS

    first = decisions[(decisions["replicate"] == 0) & (decisions["package"] == package)]
    end = table[(table["replicate"] == 0) & (table["package"] == package) & (table["month"] == horizon)]
    end = end.set_index(end["agency"].astype(str))
    rows = []
    for _, a in first.sort_values("size", ascending=False).head(largest).iterrows():
        at = end.loc[str(a["agency"])]
        start = int(a["month_explore"])
        rows.append(
            f"<tr><td>{_e(a['agency'])}</td><td>{_e(a['name'])}</td><td>{int(a['size']):,}</td>"
            f"<td>{'yes' if a['follows'] else 'no'}</td><td>{start if start >= 0 else 'not yet'}</td><td>{_e(LEVELS[int(at['level'])].replace('_', ' '))}</td>"
            f"<td>{_pct(at['regular_share'])}</td><td>{_pct(at['high_anxiety_share'])}</td></tr>"
        )
    return (
        f"<h3>The {min(largest, len(first))} largest agencies ({_e(package)}, replicate 0)</h3><table><tr><th>Id</th>"
        f"<th>Name</th><th>Employees</th><th>Follows the package</th><th>Month AI taken into use</th><th>Level at month {horizon}</th>"
        f"<th>Regular use at month {horizon}</th><th>Not secure at month {horizon}</th></tr>{''.join(rows)}</table>"
        "<p>Every agency, month and replicate: agencies.parquet; each agency's months of taking AI into use and of "
        "reaching each level: decisions.csv.</p>"
    )


def write_sector_report(
    sector: pd.DataFrame,
    table: pd.DataFrame,
    decisions: pd.DataFrame,
    out_dir: Path,
    month: int,
    context: ReportContext | None = None,
    sector_cfg=None,
    by_archetype: pd.DataFrame | None = None,
) -> Path:
    """Write ``report.html`` (and its figures ``sector.png`` and ``agencies.png``) into ``out_dir``; with
    ``sector_cfg`` (the run's :class:`sim.config.SectorConfig`), a section on the sector's levers; with
    ``by_archetype`` (:attr:`sim.sector.SectorRun.archetypes` of every replicate and package), the sector's people
    by archetype."""
    context = context or ReportContext()
    horizon = int(sector["month"].max())
    packages = list(dict.fromkeys(str(p) for p in sector["package"]))
    first = table[(table["replicate"] == 0) & (table["package"] == packages[0]) & (table["month"] == 0)]
    agencies, employees = len(first), int(first["size"].sum())
    figures = {
        "sector": (plots.plot_sector(sector, out_dir / "sector.png"), "The sector by month (means over replicates)."),
        "agencies": (
            plots.plot_agencies(table, decisions, packages[0], out_dir / "agencies.png"),
            f"Regular use in five agencies side by side ({packages[0]}, replicate 0): the largest, the smallest, the "
            "one of median size, the first and the last to take AI into use (dotted: the month each did).",
        ),
    }
    title = f"The state sector: {agencies} agencies, {employees:,} employees"
    nav = "".join(
        f"<a href='#{a}'>{t}</a>"
        for a, t in (("summary", "In short"), *((("levers", "Sector levers"),) if sector_cfg else ()),
                     ("sector", "By month"), *((("archetypes", "By archetype"),) if by_archetype is not None else ()),
                     ("figures", "Figures"), ("agencies", "Agencies"), ("contents", "Package contents"), ("definitions", "Definitions"),
                     ("limitations", "Limitations"), ("provenance", "Provenance"))
    )  # fmt: skip
    months = sorted({m for m in (6, month, 24, horizon) if m <= horizon})
    figure_section = (
        "<section id='figures'><h2>Figures</h2>"
        + "".join(f"<p>{_e(text)}</p>{_img(out_dir / f'{name}.png')}" for name, (_, text) in figures.items())
        + "</section>"
    )
    definitions = "".join(f"<dt>{_e(name)}</dt><dd>{_e(text)}.</dd>" for name, text in COLUMNS.values())
    limitations = "".join(f"<li>{_e(t)}</li>" for t in (*SECTOR_LIMITATIONS, *LIMITATIONS))
    page = (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{_e(title)}</title>"
        f"<style>{STYLE}</style></head><body><h1>{_e(title)}</h1><nav>{nav}</nav>"
        f"<p>Each agency is an organisation of its own, simulated week by week; an agency-level process decides when "
        f"each takes generative AI into use (from then the package is in force there) and how far it gets through "
        f"seed 000's levels. {_replicates(table)} of the whole sector.</p>"
        f"{_lead(sector, min(month, horizon), horizon, agencies, employees)}"
        f"{_levers(sector_cfg, table, decisions, horizon, packages[0]) if sector_cfg else ''}"
        f"<section id='sector'><h2>The sector by month</h2>{_table(sector, months)}<p>Means over replicates.</p>"
        f"</section>{_archetypes(by_archetype, min(month, horizon), horizon) if by_archetype is not None else ''}"
        f"{figure_section}"
        f"<section id='agencies'><h2>Agencies</h2>{_agencies(table, decisions, horizon, packages[0])}</section>"
        f"{_contents(packages, context.contents)}"
        f"<section id='definitions'><h2>Definitions</h2><dl>{definitions}</dl></section>"
        f"<section id='limitations'><h2>Assumptions and limitations</h2><ul>{limitations}</ul></section>"
        f"{_provenance(context, table, employees, f'{agencies} agencies, {employees:,} employees')}"
        "</body></html>"
    )
    path = out_dir / "report.html"
    path.write_text(page, encoding="utf-8")
    return path
