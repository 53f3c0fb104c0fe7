"""Figures and the report: checked for content (lines, labels, bands), not only for existence."""

from __future__ import annotations

import base64
import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection

from analysis import plots
from analysis.report import FIGURES, make_figures, network_snapshots, write_report
from analysis.stats import format_ranked, paired_difference, ranked_table
from sim import AdoptionModel, simulate
from tests.conftest import make_cfg

PACKAGES = ("status_quo", "balanced", "tools_only")


@pytest.fixture(scope="module")
def results() -> pd.DataFrame:
    frames = [
        simulate([f"package={p}", "org.size=150", "run.months=12"], replicates=4, seed=0).assign(package=p)
        for p in PACKAGES
    ]
    df = pd.concat(frames, ignore_index=True)
    df["package"] = pd.Categorical(df["package"], categories=PACKAGES)
    return df


def lines_and_bands(ax):
    lines = [
        ln for ln in ax.get_lines() if ln.get_label() and not ln.get_label().startswith("_") or ln.get_xdata().size > 2
    ]
    bands = [c for c in ax.collections if isinstance(c, PolyCollection)]
    return lines, bands


def test_adoption_figure_has_a_line_and_band_per_package_in_both_panels(results):
    fig = plots.plot_adoption_by_package(results)
    assert len(fig.axes) == 2
    for ax in fig.axes:
        assert len([ln for ln in ax.get_lines() if ln.get_xdata().size == 13]) == len(PACKAGES)
        assert len([c for c in ax.collections if isinstance(c, PolyCollection)]) == len(PACKAGES)
        assert ax.get_xlabel() == "month" and ax.get_ylim() == (0, 1)
    legend = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert legend == list(PACKAGES)
    assert "4 replicates" in fig.texts[0].get_text() if fig.texts else "4 replicates" in fig._suptitle.get_text()


def test_archetype_small_multiples_have_five_panels_with_every_package(results):
    fig = plots.plot_archetypes(results)
    assert [ax.get_title() for ax in fig.axes] == list(plots.ARCHETYPE_LABELS.values())
    for ax in fig.axes:
        assert len([ln for ln in ax.get_lines() if ln.get_xdata().size == 13]) == len(PACKAGES)
        assert len([c for c in ax.collections if isinstance(c, PolyCollection)]) == len(PACKAGES)


def test_band_lies_around_the_mean_and_covers_replicate_spread(results):
    b = plots.band(results[(results["archetype"] == "all") & (results["package"] == "status_quo")], "tried_share")
    assert (b["lo"] <= b["mean"] + 1e-12).all() and (b["mean"] <= b["hi"] + 1e-12).all()
    assert (b["hi"] - b["lo"]).iloc[-1] > 0


def test_value_and_cost_figure_is_a_small_multiple_per_package(results):
    """One panel per package on a shared scale, each with the value of the hours saved and of the realised output
    (solid) and the cost (dashed), titled with its package."""
    fig = plots.plot_value_and_cost(results)
    panels = [ax for ax in fig.axes if ax.axison]
    assert [ax.get_title() for ax in panels] == [str(p) for p in results["package"].unique()]
    for ax in panels:
        styles = [ln.get_linestyle() for ln in ax.get_lines()]
        assert styles.count("-") == 2 and styles.count("--") == 1
        assert ax.get_ylim() == panels[0].get_ylim()  # shared scale


def test_incidents_are_per_100_users_and_4_weeks():
    """2.5 incidents a week among 100 users (half of 200 people) are 10 per 100 users and 4 weeks, in months of 4
    weeks (10 incidents) and of 5 (12.5) alike: the same weekly rate gives the same figure (no sawtooth)."""
    from sim.outputs import month_end_weeks

    weeks = np.diff(month_end_weeks(3), prepend=0)  # month 0 (start), then 4 or 5 weeks
    rows = pd.DataFrame(
        {
            "month": [1, 2, 3],
            "incidents": [2.5 * weeks[1], 2.5 * weeks[2], 2.5 * weeks[3]],  # 2.5 incidents a week
            "tried_share": [0.5] * 3,
            "abandoned_share": [0.0] * 3,
            "headcount": [200] * 3,
        }
    )
    assert plots.incidents_per_4_weeks(rows).tolist() == pytest.approx([10.0, 10.0, 10.0])
    assert sorted(set(weeks[1:])) == [4, 5]  # both kinds of month are in the check


def test_paired_difference_uses_common_random_numbers(results):
    diff = paired_difference(results, "status_quo", "balanced", "regular_share")
    assert (diff["n"] == 4).all()
    end = diff.loc[12]
    assert end["lo"] <= end["mean"] <= end["hi"] and end["mean"] > 0
    by_hand = (
        results[(results.package == "balanced") & (results.archetype == "all") & (results.month == 12)][
            "regular_share"
        ].to_numpy()
        - results[(results.package == "status_quo") & (results.archetype == "all") & (results.month == 12)][
            "regular_share"
        ].to_numpy()
    )
    assert end["mean"] == pytest.approx(by_hand.mean())
    fig = plots.plot_paired_difference(diff, "status_quo", "balanced", "regular_share")
    ax = fig.axes[0]
    assert any(isinstance(c, PolyCollection) for c in ax.collections) and "balanced" in ax.get_title()


def test_ranked_table_orders_by_mean_rank_and_formats_intervals(results):
    table = ranked_table(results, months=(6, 12))
    assert list(table["rank"]) == [1, 2, 3]
    assert table["score"].is_monotonic_increasing
    assert table.index[0] == "balanced" and table.index[-1] == "status_quo"
    text = format_ranked(table, (6, 12))
    assert re.fullmatch(r"\d+% \[\d+%, \d+%\]", text.loc["balanced", "regular_share m12"])


def test_report_is_self_contained_and_holds_every_figure(results, tmp_path):
    rows, layout = network_snapshots(
        {
            p: (lambda p=p: AdoptionModel(make_cfg(f"package={p}", "org.size=150", "run.months=12")))
            for p in ("status_quo", "balanced")
        },
        (0, 6, 12),
    )
    assert [p for p, _ in rows] == ["status_quo", "balanced"] and [m for m, _ in rows[0][1]] == [0, 6, 12]
    figures = make_figures(results, tmp_path, best="balanced", baseline="status_quo", network=(rows, layout))
    assert set(figures) == set(FIGURES)
    page = write_report(results, tmp_path, figures, (6, 12), "Test report", "overrides: none").read_text()
    images = re.findall(r'<img alt="([a-z_]+)" src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert sorted(name for name, _ in images) == sorted(FIGURES)
    for _, data in images:
        assert base64.b64decode(data)[:8] == b"\x89PNG\r\n\x1a\n"
    assert "http" not in page.replace("http-equiv", ""), "no external resources"
    assert "<table" in page and "balanced" in page
    plt.close("all")
    assert np.isfinite(results["regular_share"]).all()


def test_paired_difference_under_parameter_draws_averages_each_organisation_over_the_sets():
    """Two organisations under three sets (replicate d x 2 + r): package b is 0.1 above a for
    organisation 0 and 0.3 for organisation 1 under every set. The interval is over the 2
    organisations, not the 6 cells, and the mean is the mean of all cells."""
    rows = []
    for d in range(3):
        for r in range(2):
            for package, value in (("a", 0.2), ("b", 0.3 if r == 0 else 0.5)):
                rows.append({"package": package, "replicate": d * 2 + r, "draw": d, "month": 1, "archetype": "all",
                             "regular_share": value + 0.01 * d})  # fmt: skip
    diff = paired_difference(pd.DataFrame(rows), "a", "b", "regular_share").loc[1]
    assert diff["n"] == 2 and diff["mean"] == pytest.approx(0.2)
    assert diff["hi"] - diff["mean"] == pytest.approx(12.706 * np.std([0.1, 0.3], ddof=1) / np.sqrt(2), rel=1e-3)


def test_the_report_leads_with_the_recommendation_and_says_where_it_came_from(results, tmp_path):
    """The first section names the package ranked first and, with probabilities, how often it came first; the
    trade-offs name the package with the most regular use; every package's contents are listed with the settings
    that differ from the defaults; provenance shows commit, seed and command; the cleaning report is shown."""
    from analysis.report import ReportContext, package_contents
    from analysis.stats import probability_best

    configs = {p: make_cfg(f"package={p}", "org.size=150", "run.months=12") for p in PACKAGES}
    contents = package_contents(configs)
    assert contents["status_quo"][1] == []  # the defaults are the status quo
    assert ("training.mode", "mandatory") in contents["balanced"][1]
    context = ReportContext(
        command=["org.size=150"],
        contents=contents,
        provenance={"commit": "abc123", "seed": 0, "command": ["python -m sim", "org.size=150"], "version": "9.9"},
        cleaning="dropped 1 ties to ids not in e.csv (e.g. 99)",
    )
    ranking = probability_best(results, 12)
    page = write_report(results, tmp_path, {}, (6, 12), "T", "", ranking, 0, context).read_text()
    summary = page[page.index("<section id='summary'>") : page.index("</section>")]
    best = ranked_table(results, (6, 12)).index[0]
    assert f"<b>{best}</b> comes first at month 12" in summary
    assert f"comes first in {ranking.loc[best, 'p_best']:.0%} of the 4 organisations" in summary
    assert "Most regular use: <b>balanced</b>" in summary
    for section in ("ranking", "contents", "definitions", "limitations", "provenance"):
        assert f"<section id='{section}'>" in page
    assert "<code>training.mode</code></td><td>mandatory</td>" in page
    assert "abc123" in page and "python -m sim org.size=150" in page
    assert "dropped 1 ties to ids not in e.csv (e.g. 99)" in page
    assert page.count("<tr><td>") >= len(PACKAGES)  # one ranking row a package (and the earlier month's)
