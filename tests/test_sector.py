"""The state sector as many agencies (``sim/sector.py``, ``sector=norway_state``): seed 000's agency figures, each
agency's own random streams, the AI button from the level *integrated*, the sector's job and its bad input."""

from __future__ import annotations

import dataclasses
import json
import math

import numpy as np
import pandas as pd
import pytest

from sim import load_config
from sim.config import ConfigError
from sim.model import AdoptionModel
from sim.outputs import OUTPUTS, WEEKS_PER_MONTH
from sim.sector import (
    LEVELS,
    NEVER_WEEK,
    SEED_000_LEVELS,
    SEED_000_MONTH,
    SEED_000_USING,
    Agency,
    agencies,
    agency_config,
    decide,
    expected_shares,
    fit_sector,
    read_agencies,
    run_sector,
)
from tests.conftest import run_cli

CONSTANTS = ("adoption_innovation", "level_own_data", "level_integrated", "level_own_solutions")


def _sector(*overrides: str):
    return load_config(["sector=norway_state", *overrides])


def test_the_shipped_constants_are_the_fit_to_seed_000s_agency_figures():
    """Fitting anew gives the shipped constants, and with them the process reproduces seed 000 in expectation: 7 of
    10 agencies using generative AI at month 18, and own data, integrated and own solutions in the proportions
    48 : 34 : 18 to the 86 that explore. Each share may miss its figure by what rounding its constant to two
    significant figures can move it (half a unit of the second figure, either way), no more."""
    sc = _sector().sector
    assert fit_sector(sc) == {key: getattr(sc, key) for key in CONSTANTS}
    using, levels = expected_shares(sc)
    got = [using, *levels]
    targets = [SEED_000_USING, *(share / SEED_000_LEVELS[0] for share in SEED_000_LEVELS[1:])]
    for i, key in enumerate(CONSTANTS):
        value = getattr(sc, key)
        half = 0.5 * 10 ** (math.floor(math.log10(value)) - 1)
        moved = [
            expected_shares(dataclasses.replace(sc, **{key: value + d}))[0 if i == 0 else 1] for d in (-half, half)
        ]
        moved = [m if i == 0 else m[i - 1] for m in moved]
        assert abs(got[i] - targets[i]) <= max(abs(m - got[i]) for m in moved), (key, got[i], targets[i])


def test_the_simulated_agencies_follow_the_process_in_expectation():
    """40 replicates of 200 agencies' decisions: the mean shares at month 18 lie within four standard errors of the
    replicate mean (computed from the replicates) of the expected shares, which the fit used."""
    cfg = _sector("run.months=18")
    sector = agencies(cfg)
    rows = []
    for r in range(40):
        d = decide(cfg, sector, r)
        using = d["month_explore"].between(0, SEED_000_MONTH - 1)
        rows.append([using.mean(), *[(d[f"month_{n}"].between(0, SEED_000_MONTH - 1)).sum() / using.sum()
                                      for n in LEVELS[2:]]])  # fmt: skip
    got = np.array(rows)
    # four comparisons at once: four standard errors of the replicate mean keep a false alarm on any of them below
    # about 0.03 % (normal approximation)
    se = got.std(axis=0, ddof=1) / math.sqrt(len(got))
    using, levels = expected_shares(cfg.sector)
    assert np.all(np.abs(got.mean(axis=0) - [using, *levels]) < 4 * se + 1e-12), (got.mean(axis=0), using, levels)


def test_no_agency_takes_ai_into_use_without_a_rate_and_every_agency_climbs_one_level_at_a_time():
    cfg = _sector("run.months=36", "sector.adoption_innovation=0")
    assert (decide(cfg, agencies(cfg), 0)["month_explore"] == -1).all()  # no one starts, so no one imitates
    d = decide(_sector("run.months=36"), agencies(cfg), 0)
    months = d[[f"month_{n}" for n in LEVELS[1:]]].to_numpy()
    for row in months:
        reached = row[row >= 0]
        assert (row[: len(reached)] >= 0).all()  # nested: a level only after the ones below it
        assert (np.diff(reached) >= 1).all()  # one step a month at most, after the month of taking AI into use


def test_each_agency_has_its_own_streams_so_adding_one_changes_no_other_agencys_draws():
    """Without imitation (whose share of agencies links them), the first 6 agencies of a sector of 7 decide and
    run exactly as in a sector of 6; their sizes too."""
    base = ["run.months=12", "sector.adoption_imitation=0", "sector.size_median=60"]
    six, seven = _sector(*base, "sector.agencies=6"), _sector(*base, "sector.agencies=7")
    assert [a.size for a in agencies(seven)][:6] == [a.size for a in agencies(six)]
    t6, d6, _ = run_sector(six, 1)
    t7, d7, _ = run_sector(seven, 1)
    pd.testing.assert_frame_equal(d7.iloc[:6], d6)
    first = t7[t7["agency"].isin(t6["agency"].cat.categories)].reset_index(drop=True)
    first["agency"] = first["agency"].cat.remove_unused_categories()
    pd.testing.assert_frame_equal(first, t6)


def test_an_agencys_streams_are_its_own():
    """An agency's streams differ from an organisation's of the same seed and replicate and from another
    agency's: the spawn keys have three entries, an organisation's two."""
    from sim.state import make_streams

    first = {k: make_streams(7, 1, k)["traits"].random(4).tolist() for k in (None, 0, 1)}
    assert first[None] != first[0] and first[0] != first[1] and first[None] != first[1]
    assert make_streams(7, 1, 0)["traits"].random(4).tolist() == first[0]  # and the same every time


@pytest.mark.parametrize("lead", [[], ["sector.lead_agency=largest"]])
def test_agencies_on_two_worker_processes_give_the_same_results(lead):
    cfg = _sector("run.months=6", "sector.agencies=9", "sector.size_median=60", *lead)
    one, d1, a1 = run_sector(cfg, 2, workers=1)
    two, d2, a2 = run_sector(cfg, 2, workers=2)
    pd.testing.assert_frame_equal(one, two, check_exact=True)
    pd.testing.assert_frame_equal(d1, d2)
    pd.testing.assert_frame_equal(a1, a2, check_exact=True)


def test_an_agency_runs_as_its_organisation_alone_with_its_start_month(tmp_path):
    """An agency's organisation is the model with the agency's size, the month it takes AI into use as the
    rollout's start and its own streams: nothing else of the sector reaches it."""
    cfg = _sector("run.months=12", "package=balanced")
    agency = Agency(5, "X", "X", 120)
    row = pd.Series({"month_explore": 4, "month_own_data": 6, "month_integrated": 9, "month_own_solutions": -1,
                     "follows": True})  # fmt: skip
    own = agency_config(cfg, agency, row)
    assert own.org.size == 120 and own.rollout.start_month == 4
    # the button from the first week of month 9 (integrated), counted from the rollout's start week, as the model
    # counts a package's schedule (sim.model.from_rollout)
    assert own.tools.builtin_week + round(4 * WEEKS_PER_MONTH) == round(9 * WEEKS_PER_MONTH)
    alone = dataclasses.replace(
        cfg,
        org=dataclasses.replace(cfg.org, size=120),
        rollout=dataclasses.replace(cfg.rollout, start_month=4),
        # use cases of the 'future' horizon need own solutions, which this agency never develops
        tools=dataclasses.replace(cfg.tools, builtin_week=own.tools.builtin_week, future_week=NEVER_WEEK),
        run=dataclasses.replace(cfg.run, mesa_agents=False),
    )
    a, b = AdoptionModel(own, replicate=2, agency=5), AdoptionModel(alone, replicate=2, agency=5)
    a.run()
    b.run()
    pd.testing.assert_frame_equal(a.results(), b.results(), check_exact=True)
    never = agency_config(cfg, agency, row.replace({4: -1, 6: -1, 9: -1}))
    assert never.rollout.start_month > cfg.run.months and never.tools.builtin_week == cfg.tools.builtin_week


def test_an_agencys_levels_gate_the_use_cases_that_need_its_data_and_solutions():
    """The use cases of the 'plans' horizon come when the agency uses AI on its own data, those of the 'future'
    horizon when it develops its own solutions (seed 000's levels 2 and 4), never before their calendar week
    (tools.plans_week, tools.future_week) and never if the agency does not get there."""
    cfg = _sector("run.months=120")
    agency = Agency(1, "X", "X", 50)
    early = pd.Series({"month_explore": 1, "month_own_data": 2, "month_integrated": -1, "month_own_solutions": 3,
                       "follows": True})  # fmt: skip
    own = agency_config(cfg, agency, early)
    assert (own.tools.plans_week, own.tools.future_week) == (cfg.tools.plans_week, cfg.tools.future_week)
    late_row = early.copy()
    late_row["month_own_data"], late_row["month_own_solutions"] = 40, 90
    late = agency_config(cfg, agency, late_row)
    assert late.tools.plans_week == round(40 * WEEKS_PER_MONTH) > cfg.tools.plans_week
    assert late.tools.future_week == round(90 * WEEKS_PER_MONTH) > cfg.tools.future_week
    never_row = early.copy()
    never_row["month_own_data"], never_row["month_own_solutions"] = -1, -1
    never = agency_config(cfg, agency, never_row)
    assert never.tools.plans_week == never.tools.future_week == NEVER_WEEK > 52 * 120 / 12


def _small(*overrides: str):
    return _sector("run.months=18", "sector.agencies=8", "sector.size_median=60", "sector.adoption_innovation=3",
                   *overrides)  # fmt: skip


@pytest.mark.parametrize(
    ("central", "own"),
    [
        (["sector.national_training=physical"], ["training.mode=voluntary", "training.format=physical"]),
        (["sector.rules_clarity=0.8"], ["rules.clarity=0.8"]),
        (["sector.shared_assistant=true"], ["tools.approved=few"]),
        (["package=ramboll_seven", "sector.follow_share=0"], []),  # no agency follows: the status quo
    ],
)
def test_a_central_lever_acts_in_every_agency_as_the_agencys_own_lever(central, own):
    """A sector-level lever reaches each agency's people through the agency's own lever, from the month the agency
    takes AI into use: the sector with the central lever is, bit for bit, the sector whose agencies all set that
    lever themselves (status quo otherwise); a package no agency follows leaves the status quo."""
    a, da, pa = run_sector(_small(*central), 1)
    b, db, pb = run_sector(_small(*own), 1)
    pd.testing.assert_frame_equal(a.drop(columns="follows"), b.drop(columns="follows"), check_exact=True)
    assert da.drop(columns="follows").equals(db.drop(columns="follows"))
    pd.testing.assert_frame_equal(pa, pb, check_exact=True)


def test_a_central_lever_does_not_lower_an_agencys_own_choice():
    """National training reaches only agencies that train no one; central rules only make an agency's rules
    clearer; an agency that follows the package keeps its levers, one that does not has the status quo's."""
    cfg = _sector("package=ramboll_seven", "sector.national_training=online", "sector.rules_clarity=0.5")
    row = pd.Series({"month_explore": 0, "month_own_data": -1, "month_integrated": -1, "month_own_solutions": -1,
                     "follows": True})  # fmt: skip
    follows = agency_config(cfg, Agency(1, "X", "X", 50), row)
    assert (follows.training.mode, follows.training.format) == (cfg.training.mode, cfg.training.format)
    assert follows.rules.clarity == cfg.rules.clarity == 0.8 and follows.superusers.share == cfg.superusers.share
    other = agency_config(cfg, Agency(1, "X", "X", 50), row.replace({True: False}))
    assert (other.training.mode, other.training.format) == ("voluntary", "online")
    assert other.rules.clarity == 0.5 and other.superusers.share == 0.0 and other.rollout.mode == "big_bang"


def test_a_lead_agency_shares_what_it_has_proven_after_the_delay():
    """With a lead agency, a use case the lead holds at the end of a week from its own start on reaches every other
    agency sector.share_delay_months later (the week after, at no delay); from the month an agency takes AI into use
    it holds every such use case, before that month exactly what it would hold alone. run_sector gives each agency
    the run of its organisation with these shared use cases, and the lead's own run is untouched."""
    from sim.model import AdoptionModel
    from sim.sector import lead_agency, shared_schedule

    cfg = _small("run.months=24", "sector.lead_agency=largest", "sector.share_delay_months=2", "package=balanced")
    sector = agencies(cfg)
    decisions = decide(cfg, sector, 0)
    lead = lead_agency(cfg, sector, decisions)
    assert lead.size == max(a.size for a in sector)
    rows = {a.id: row for a, (_, row) in zip(sector, decisions.iterrows(), strict=True)}

    def model(agency, shared=None):
        m = AdoptionModel(agency_config(cfg, agency, rows[agency.id]), replicate=0, agency=agency.key,
                          shared_proven=shared)  # fmt: skip
        m.run()
        return m

    led_model = model(lead)
    led, begin = led_model.proven_by_week, led_model.start_week
    shared = shared_schedule(led, 2, begin)
    lag = round(2 * WEEKS_PER_MONTH) + 1
    for week in range(len(shared)):
        source = week - lag
        assert shared[week] == (led[source] if source >= begin else 0), week
    assert shared[-1] != 0
    table, _, _ = run_sector(cfg, 0)
    checked = 0
    for agency in sector:
        if agency is lead:
            continue
        alone, member = model(agency), model(agency, shared)
        start = member.start_week
        before = slice(0, min(start, member.weeks))
        assert (member.proven_by_week[before] == alone.proven_by_week[before]).all()
        after = member.proven_by_week[start:]
        assert ((after & shared[start:]) == shared[start:]).all()  # its own discoveries may differ from alone's
        checked += start < member.weeks and bool((shared[start:] & ~alone.proven_by_week[start:]).any())
        own = member.results()
        own = own[own["archetype"] == "all"].reset_index(drop=True)
        got = table[table["agency"] == agency.id].reset_index(drop=True)
        pd.testing.assert_frame_equal(got[list(OUTPUTS)], own[list(OUTPUTS)], check_exact=True)
    assert checked >= 3  # at least three agencies received use cases they had not proven themselves
    plain, _, _ = run_sector(_small("run.months=24", "package=balanced"), 0)
    pd.testing.assert_frame_equal(table[table["agency"] == lead.id].reset_index(drop=True),
                                  plain[plain["agency"] == lead.id].reset_index(drop=True), check_exact=True)  # fmt: skip
    assert not table.equals(plain)  # and the others' runs changed
    led_model.step()  # a model stepped past its horizon by hand records nothing more, and does not fail


def test_a_community_of_practice_shares_among_its_members():
    """sector.community: the agencies run week by week side by side; before each week from its own start, a member
    holds every use case that any member held proven at the end of the week delay + 1 earlier (from that member's own
    start), and before its start exactly what it would hold alone. run_sector gives these runs. Side by side without
    any sharing, the agencies' runs are bit for bit their runs one after another."""
    from sim.sector import _run_agencies, _run_agency, _run_side_by_side, lead_agency

    cfg = _small("run.months=18", "package=balanced", "sector.community=1", "sector.share_delay_months=1")
    sector = agencies(cfg)
    decisions = decide(cfg, sector, 0)
    assert decisions["member"].all()
    items = [(a, row) for a, (_, row) in zip(sector, decisions.iterrows(), strict=True)]
    parts, proven, starts = _run_side_by_side(cfg, 0, items, None, decisions["member"].to_numpy())
    alone = _run_agencies(cfg, 0, items)
    lag = round(WEEKS_PER_MONTH) + 1
    received = 0
    for i, (agency, row) in enumerate(items):
        _, own, _ = _run_agency(cfg, 0, agency, row)  # its proven use cases alone
        for week in range(len(proven[i])):
            if week < starts[i]:
                assert proven[i][week] == own[week], (agency.id, week)
                continue
            source = week - lag
            union = 0
            for j in range(len(items)):
                if source >= max(starts[j], 0):
                    union |= int(proven[j][source])
            assert int(proven[i][week]) & union == union, (agency.id, week)
            received += bool(union & ~int(own[week]))
    assert received > 0  # use cases reached agencies that had not proven them themselves
    table, _, _ = run_sector(cfg, 0)
    got = pd.concat([df for df, _ in parts], ignore_index=True)
    pd.testing.assert_frame_equal(table[list(OUTPUTS)], got[list(OUTPUTS)], check_exact=True)
    plain, _, _ = _run_side_by_side(cfg, 0, items, None, np.zeros(len(items), dtype=bool))
    for (a, x), (b, y) in zip(plain, alone, strict=True):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
        np.testing.assert_array_equal(x, y)
    # a lead agency alone shares the same way side by side as when it runs first (two ways to one result)
    led = _small("run.months=18", "package=balanced", "sector.lead_agency=largest", "sector.share_delay_months=1")
    first, _, _ = run_sector(led, 0)
    at = [a.id for a, _ in items].index(lead_agency(led, sector).id)
    together, _, _ = _run_side_by_side(led, 0, items, at, np.zeros(len(items), dtype=bool))
    got = pd.concat([df for df, _ in together], ignore_index=True)
    pd.testing.assert_frame_equal(first[list(OUTPUTS)], got[list(OUTPUTS)], check_exact=True)
    assert not first[list(OUTPUTS)].equals(table[list(OUTPUTS)])


def test_funded_pilots_take_agencies_to_integrated_sooner_and_levels_cost_what_they_are_given():
    """sector.pilot_funding: the funded agencies (a share drawn once each) reach *integrated* no later than they would
    unfunded, some sooner, with the same months of taking AI into use and of using their own data (the same draws,
    common random numbers); unfunded agencies are unchanged. The levels' one-off costs are the given unit costs of
    the levels each agency has reached, summed over the sector."""
    from sim.sector import summary

    plain = _sector("sector.agencies=300")
    sector = agencies(plain)
    without = decide(plain, sector, 1)
    with_ = decide(_sector("sector.agencies=300", "sector.pilot_funding=0.5", "sector.pilot_speedup=3"), sector, 1)
    funded = with_["funded"]
    assert abs(funded.mean() - 0.5) <= 4 * math.sqrt(0.25 / 300)
    same = ["month_explore", "month_own_data"]
    assert with_[same].equals(without[same]) and with_[~funded].drop(columns="funded").equals(
        without[~funded].drop(columns="funded"))  # fmt: skip
    before, after = without.loc[funded, "month_integrated"], with_.loc[funded, "month_integrated"]
    reached = before >= 0
    assert (after[reached] >= 0).all() and (after[reached] <= before[reached]).all()
    assert (after[reached] < before[reached]).sum() >= 10
    cfg = _small("sector.cost_integrated_eur=1000", "sector.cost_own_solutions_eur=5000")
    table, _, _ = run_sector(cfg, 0)
    expected = 1000.0 * (table["level"] >= LEVELS.index("integrated")) + 5000.0 * (
        table["level"] >= LEVELS.index("own_solutions"))  # fmt: skip
    assert (table["level_cost_eur_cum"] == expected).all() and expected.max() > 0
    totals = summary(table).set_index("month")["levels_cost_eur_cum"]
    assert (totals == table.groupby("month")["level_cost_eur_cum"].sum()).all()


def test_the_first_lead_is_the_first_agency_to_take_ai_into_use():
    """sector.lead_agency=first: the agency that took AI into use first (of those of that month, the largest); no
    lead if none has; a file agency whose id is one of the words is refused as ambiguous."""
    from sim.sector import lead_agency

    cfg = _sector("sector.agencies=30", "sector.lead_agency=first")
    sector = agencies(cfg)
    decisions = decide(cfg, sector, 0)
    lead = lead_agency(cfg, sector, decisions)
    months = decisions.set_index("agency")["month_explore"]
    started = months[months >= 0]
    assert months[lead.id] == started.min()
    assert lead.size == max(a.size for a in sector if months[a.id] == started.min())
    assert lead_agency(cfg, sector, decisions.assign(month_explore=-1)) is None
    with pytest.raises(ConfigError, match="both a choice"):
        lead_agency(cfg, [*sector, Agency(99, "first", "First", 50)], decisions)


def test_the_agencies_that_follow_are_a_share_drawn_once_an_agency():
    """With 400 agencies, the share that follows the package is sector.follow_share within 4 binomial standard
    errors; raising the share only adds followers (each agency draws once, on a stream of its own) and leaves every
    agency's months of taking AI into use and of reaching each level as they were."""
    sector = agencies(_sector("sector.agencies=400"))
    runs = {f: decide(_sector("sector.agencies=400", f"sector.follow_share={f}"), sector, 3) for f in (0.3, 0.7)}
    for f, d in runs.items():
        assert abs(d["follows"].mean() - f) <= 4 * math.sqrt(f * (1 - f) / len(d)), (f, d["follows"].mean())
    assert not (runs[0.3]["follows"] & ~runs[0.7]["follows"]).any()
    assert runs[0.3].drop(columns="follows").equals(runs[0.7].drop(columns="follows"))


def test_the_sectors_people_by_archetype_add_up_to_its_agencies():
    """Per month, the archetypes' headcounts add up to the agencies' people, and their headcount-weighted shares to
    the agencies' (each person counted once, whichever agency), for every output reported by archetype."""
    from sim.sector import ARCHETYPE_OUTPUTS

    table, _, kinds = run_sector(_small("run.months=12"), 2)
    people = table.groupby("month")["headcount"].sum()
    assert (kinds.groupby("month")["headcount"].sum() == people).all() and len(kinds) == 13 * 5
    for name in ARCHETYPE_OUTPUTS:
        agencies_ = (table[name] * table["headcount"]).groupby(table["month"]).sum() / people
        archetypes = (kinds[name] * kinds["headcount"]).groupby(kinds["month"]).sum() / people
        np.testing.assert_allclose(archetypes, agencies_, rtol=1e-12, atol=1e-12, err_msg=name)
    # and each archetype's row is that archetype's: a sector of one agency gives its organisation's archetype rows
    one = _small("run.months=12", "sector.agencies=1")
    (agency,) = agencies(one)
    _, decided, alone = run_sector(one, 2)
    model = AdoptionModel(agency_config(one, agency, decided.iloc[0]), replicate=2, agency=agency.key)
    model.run()
    own = model.results()
    own = own[own["archetype"] != "all"].reset_index(drop=True)
    assert (alone["archetype"].astype(str) == own["archetype"].astype(str)).all()
    np.testing.assert_allclose(alone[list(ARCHETYPE_OUTPUTS)], own[list(ARCHETYPE_OUTPUTS)], rtol=1e-12, atol=0)


def test_an_agencys_rows_are_its_organisations_results():
    """What the sector keeps of an agency's run (read off the model's monthly record) is, number for number, what
    its tidy results say: the organisation's row per month with the agency's id, size, level and whether it follows,
    and per month and archetype the headcount and the headcount times each output reported by archetype."""
    from sim.sector import ARCHETYPE_OUTPUTS, _agency_outputs

    cfg = _sector("run.months=12", "package=balanced")
    agency = Agency(5, "X", "X", 150)
    row = pd.Series({"month_explore": 2, "month_own_data": 4, "month_integrated": 7, "month_own_solutions": 10,
                     "follows": True})  # fmt: skip
    model = AdoptionModel(agency_config(cfg, agency, row), replicate=1, agency=5)
    model.run()
    df, kinds = _agency_outputs(model, agency, row)
    results = model.results()
    whole = results[results["archetype"] == "all"].reset_index(drop=True)
    assert list(df.columns[:5]) == ["agency", "month", "size", "level", "follows"]
    assert (df["agency"] == "X").all() and (df["size"] == 150).all() and df["follows"].all()
    assert df["level"].tolist() == [0, 0, 0, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4]  # month m holds months 0 to m - 1
    pd.testing.assert_frame_equal(df[["month", *OUTPUTS]], whole[["month", *OUTPUTS]], check_exact=True)
    sc = cfg.sector
    expected_cost = np.where(df["level"] >= 3, sc.cost_integrated_eur, 0.0) + np.where(
        df["level"] >= 4, sc.cost_own_solutions_eur, 0.0
    )
    np.testing.assert_array_equal(df["level_cost_eur_cum"], expected_cost)
    by_kind = results[results["archetype"] != "all"]
    count = by_kind["headcount"].to_numpy(np.float64).reshape(13, -1)
    np.testing.assert_array_equal(kinds[:, :, 0], count)
    for k, name in enumerate(ARCHETYPE_OUTPUTS, start=1):
        values = np.nan_to_num(by_kind[name].to_numpy(np.float64).reshape(13, -1))
        np.testing.assert_array_equal(kinds[:, :, k], np.where(count > 0, values * count, 0.0), err_msg=name)


def _regular_at(table: pd.DataFrame, month: int, agencies: set[str]) -> np.ndarray:
    return table[(table["month"] == month) & table["agency"].isin(agencies)]["regular_share"].to_numpy()


def test_the_ai_button_from_integrated_raises_use_in_the_agency():
    """The same 12 agencies (status quo, 24 months, 3 replicates), once with agencies reaching *integrated* and
    once with that step's rate at 0 (no agency reaches it, so no button): regular use at month 24, over the agencies
    that reached it by month 20, is higher on average with the button (seed 002 puts the AI button among the levers
    that bring pragmatists in; its size is not fitted, so the test asks for the direction only). At least 6 of the
    36 agency-replicates must have reached it, so that the mean is not one or two agencies'."""
    base = ["run.months=24", "sector.agencies=12", "sector.size_median=150", "sector.adoption_innovation=3"]
    with_button, without = [], []
    for r in range(3):
        t1, d1, _ = run_sector(_sector(*base), r)
        t0, _, _ = run_sector(_sector(*base, "sector.level_integrated=0"), r)
        reached = set(d1.loc[d1["month_integrated"].between(0, 20), "agency"])
        with_button.append(_regular_at(t1, 24, reached))
        without.append(_regular_at(t0, 24, reached))
    gain = np.concatenate(with_button) - np.concatenate(without)
    assert gain.size >= 6 and gain.mean() > 0, gain


def test_agencies_from_a_file_keep_their_streams_whatever_the_order(tmp_path):
    (tmp_path / "a.csv").write_text("id;name;size\nNAV;Welfare;300\nSKD;Tax;200\nDFO;Finance;80\n")
    (tmp_path / "b.csv").write_text("Size,Name,ID\n80,Finance,DFO\n300,Welfare,NAV\n200,Tax,SKD\n")
    one, two = read_agencies(tmp_path / "a.csv"), read_agencies(tmp_path / "b.csv")
    assert {a.id: (a.key, a.size) for a in one} == {a.id: (a.key, a.size) for a in two}
    base = ["run.months=6", "sector.adoption_imitation=0"]
    t1, _, _ = run_sector(_sector(*base, f"sector.file={tmp_path / 'a.csv'}"), 0)
    t2, _, _ = run_sector(_sector(*base, f"sector.file={tmp_path / 'b.csv'}"), 0)
    for ident in ("NAV", "DFO"):
        a = t1[t1["agency"] == ident].drop(columns="agency").reset_index(drop=True)
        b = t2[t2["agency"] == ident].drop(columns="agency").reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b)


def test_an_agencies_file_may_say_which_agencies_follow_are_funded_or_are_members(tmp_path):
    """Optional columns follows, funded and member: an agency that gives one has it whatever the share drawn, one
    that leaves it empty draws it as generated agencies do, and no agency's draws or decisions move (the draw is made
    either way)."""
    (tmp_path / "a.csv").write_text("id;name;size\nNAV;Welfare;300\nSKD;Tax;200\nDFO;Finance;80\nSSB;Stats;90\n")
    (tmp_path / "b.csv").write_text("id;name;size;follows;funded;member\nNAV;Welfare;300;nei;ja;1\nSKD;Tax;200;true;;\n"
                                    "DFO;Finance;80;;no;\nSSB;Stats;90;;;\n")  # fmt: skip
    shares = ["sector.follow_share=0.5", "sector.pilot_funding=0.5", "sector.community=0.5"]
    plain = decide(_sector(*shares, f"sector.file={tmp_path / 'a.csv'}"), read_agencies(tmp_path / "a.csv"), 2)
    given = decide(_sector(*shares, f"sector.file={tmp_path / 'b.csv'}"), read_agencies(tmp_path / "b.csv"), 2)
    given, plain = given.set_index("agency"), plain.set_index("agency")
    assert not given.loc["NAV", "follows"] and given.loc["NAV", "funded"] and given.loc["NAV", "member"]
    assert given.loc["SKD", "follows"] and not given.loc["DFO", "funded"]
    for agency, trait in (("SKD", "funded"), ("SKD", "member"), ("DFO", "follows"), ("DFO", "member")):
        assert given.loc[agency, trait] == plain.loc[agency, trait]  # empty: drawn
    assert given.loc["SSB"].equals(plain.loc["SSB"])
    months = [c for c in plain.columns if c.startswith("month_")]
    unfunded = ["SKD", "SSB"]  # funding may move a funded agency's later levels, nothing else
    assert given[months[:2]].equals(plain[months[:2]]) and given.loc[unfunded, months].equals(
        plain.loc[unfunded, months]
    )


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("id,name\nA,x\n", "missing column(s) size"),
        ("id,name,size\nA,x,10\nB,y,ten\n", "row 3: size 'ten'"),
        ("id,name,size\nA,x,10\nA,y,12\n", "row 3: id 'A' is repeated"),
        ("id,name,size\n,x,10\n", "row 2: id '' is empty"),
        ("id,name,size\nA,x,1\n", "row 2: size '1'"),
        ("id,name,size\n", "no agencies"),
        ("id,name,size\nA,x,10\n\n\nB,y,²\n", "row 5: size '²'"),
        ("id,name,size,follows\nA,x,10,yes\nB,y,12,maybe\n", "row 3: follows 'maybe'"),
    ],
)
def test_a_malformed_agencies_file_names_the_file_and_row(tmp_path, text, said):
    (tmp_path / "a.csv").write_text(text)
    with pytest.raises(ConfigError, match=None) as err:
        read_agencies(tmp_path / "a.csv")
    assert said in str(err.value) and "a.csv" in str(err.value)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["sector.agencies=3", "org.source=files", "org.employees_file=x.csv"], "'org.source' is 'files'"),
        (["sector.agencies=3", "sector.size_min=500", "sector.size_max=100"], "'sector.size_min'"),
        (["sector.file=missing.csv"], "'sector.file'"),
        (["sector.agencies=-1"], "sector.agencies"),
        (["sector.adoption_innovation=nan"], "sector.adoption_innovation"),
        (["sector.agencies=3", "sector.follow_share=1.5"], "sector.follow_share"),
        (["sector.agencies=3", "sector.national_training=weekly"], "sector.national_training"),
        (["sector.agencies=3", "sector.shared_assistant=2"], "sector.shared_assistant"),
        (["sector.agencies=3", "sector.lead_agency=NAV"], "'sector.lead_agency' is 'NAV'"),
        (["sector.shared_assistant=true"], "'sector.shared_assistant' is set but there is no sector"),
        (["sector.community=0.5"], "'sector.community' is set but there is no sector"),
        (["sector.pilot_funding=0.5"], "'sector.pilot_funding' is set but there is no sector"),
        (["sector.agencies=3", "sector.pilot_speedup=0.5"], "sector.pilot_speedup"),
        (["sector.agencies=3", "sector.community=2"], "sector.community"),
        (["sector.agencies=3", "sector.share_delay_months=6"], "no sector.lead_agency"),
    ],
)
def test_bad_sector_settings_stop_before_any_work(tmp_path, args, said):
    proc = run_cli(tmp_path, "run=quick", *args)
    assert proc.returncode == 2 and said in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert not (tmp_path / "runs").exists()


def test_the_sector_job_writes_the_agencies_the_decisions_and_the_sector(tmp_path):
    proc = run_cli(tmp_path, "sector=norway_state", "sector.agencies=5", "sector.size_median=60", "run.months=6",
                   "run.replicates=2", "sector.follow_share=0.5", "sector.national_training=online",
                   "sector.lead_agency=A002", "sector.community=0.5", "sector.pilot_funding=0.5",
                   "sector.cost_integrated_eur=1000")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    (folder,) = list((tmp_path / "runs").iterdir())
    table = pd.read_parquet(folder / "agencies.parquet")
    assert len(table) == 5 * 7 * 2 and set(table["month"]) == set(range(7))  # month 0: the start
    assert {"agency", "size", "level", "follows", "regular_share", "anxiety_mean", "replicate", "package"} <= set(
        table.columns
    )
    decisions = pd.read_csv(folder / "decisions.csv")
    assert len(decisions) == 10 and {f"month_{n}" for n in LEVELS[1:]} | {"follows"} <= set(decisions.columns)
    sector = pd.read_parquet(folder / "sector.parquet")
    assert len(sector) == 7 * 2 and sector["agencies_explore"].between(0, 1).all()
    assert (sector["agencies_explore"] >= sector["agencies_own_solutions"]).all()
    assert json.loads((folder / "run_complete.json").read_text())["agencies"] == 5
    assert (folder / "sector.png").stat().st_size > 0 and "Sector of 5 agencies" in proc.stdout
    page = (folder / "report.html").read_text()
    assert "The state sector: 5 agencies" in page and "In short" in page and "The 5 largest agencies" in page
    assert "Sector levers" in page and "voluntary, online" in page and "national training online" in proc.stdout
    kinds = pd.read_parquet(folder / "sector_archetypes.parquet")
    assert len(kinds) == 7 * 5 * 2 and "The sector's people by archetype" in page
    assert "Lead agency sharing its use cases: A002 (Agency 2" in page
    assert "Community of practice: a share 0.5 of agencies" in page and "member" in decisions.columns
    assert "Funded pilots: a share 0.5 of agencies" in page and "One-off costs of the levels" in page
    assert "levels_cost_eur_cum" in sector.columns and "funded" in decisions.columns
    assert page.count("data:image/png;base64,") == 2 and "http" not in page.replace("http-equiv", "")


def test_a_sector_runs_under_drawn_parameter_sets(tmp_path):
    """With run.parameter_draws, each replicate of the sector runs under each parameter set drawn from the
    calibration ensemble, as one organisation's job does: replicate d x replicates + r is the sector's replicate r
    (the same agencies' decisions, common random numbers) under set d, equal bit for bit to run_sector with that
    set's values; the report says so and shows the range over replicates and sets."""
    from sim.job import parameter_draws
    from sim.study import with_values

    args = ["sector=norway_state", "sector.agencies=3", "sector.size_median=40", "run.months=4", "run.replicates=1",
            "run.parameter_draws=2", "package=status_quo", "run.packages=[status_quo]"]  # fmt: skip
    proc = run_cli(tmp_path, *args)
    assert proc.returncode == 0, proc.stderr
    (folder,) = list((tmp_path / "runs").iterdir())
    sector = pd.read_parquet(folder / "sector.parquet")
    assert sorted(set(sector["replicate"])) == [0, 1] and (sector["draw"] == sector["replicate"]).all()
    assert len(pd.read_csv(folder / "parameter_sets.csv")) == 2
    table = pd.read_parquet(folder / "agencies.parquet")
    decisions = pd.read_csv(folder / "decisions.csv")
    months = [c for c in decisions.columns if c.startswith("month_")]
    assert decisions[decisions["draw"] == 0][months].equals(decisions[decisions["draw"] == 1][months].set_index(
        decisions[decisions["draw"] == 0].index))  # fmt: skip
    cfg = load_config(args)
    values = parameter_draws(cfg)[1]
    expected, _, _ = run_sector(with_values(cfg, values), 0)
    got = table[table["draw"] == 1].reset_index(drop=True)
    pd.testing.assert_frame_equal(got[list(OUTPUTS)], expected[list(OUTPUTS)], check_exact=True)
    first = table[table["draw"] == 0].reset_index(drop=True)
    assert not got[list(OUTPUTS)].equals(first[list(OUTPUTS)])  # the two sets differ
    page = (folder / "report.html").read_text()
    assert "1 replicate(s) under each of 2 parameter sets" in page and "90 % of replicates and parameter sets" in page
    assert "under each of 2 parameter sets" in proc.stdout


def test_generated_agency_sizes_are_heavy_tailed_within_their_bounds():
    cfg = _sector()
    sizes = np.array([a.size for a in agencies(cfg)])
    sc = cfg.sector
    assert len(sizes) == 200 and sizes.min() >= sc.size_min and sizes.max() <= sc.size_max
    # the sample median of n lognormal draws: its log has a standard error of 1.2533 sigma / sqrt(n)
    assert abs(math.log(np.median(sizes) / sc.size_median)) < 2.5 * 1.2533 * sc.size_sigma / math.sqrt(len(sizes))
    # a heavy right tail: a lognormal's mean is exp(sigma^2 / 2) = 3.1 times its median; half that, for the cap
    # at size_max and the sample
    assert sizes.mean() > math.exp(sc.size_sigma**2 / 2) / 2 * np.median(sizes)


def test_a_sector_is_off_by_default():
    cfg = load_config([])
    assert cfg.sector.agencies == 0 and not cfg.sector.file
    with pytest.raises(ConfigError):
        load_config(["sector.agencies=nope"])


def test_a_sweep_of_sectors_runs_and_gathers(tmp_path):
    """Sectors go through the sweep machinery: two packages as two jobs on the chunked launcher, each writing its
    sector, and ``analysis.sweep`` gathers the sectors (not the single-organisation results) per job and package."""
    from analysis.sweep import main as sweep_main

    folder = tmp_path / "s"
    proc = run_cli(tmp_path, "-m", "sector=norway_state", "sector.agencies=4", "sector.size_median=40",
                   "sector.adoption_innovation=20", "run.months=4", "run.replicates=1", "run.figure=false",
                   "package=status_quo,balanced", f"hydra.sweep.dir={folder}")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert sweep_main([str(folder)]) == 0
    summ = pd.read_csv(folder / "sweep_sector_summary.csv")
    assert list(summ["package"]) == ["status_quo", "balanced"] and (summ["agencies_explore"] > 0).all()
    assert len(pd.read_parquet(folder / "sweep_sector.parquet")) == 2 * 5  # two jobs, months 0 to 4
    assert (folder / "sweep_sector.png").stat().st_size > 0
    # run again with the same folder: both jobs finished before, so neither runs again
    written = {p: p.stat().st_mtime_ns for p in folder.glob("*/agencies.parquet")}
    again = run_cli(tmp_path, "-m", "sector=norway_state", "sector.agencies=4", "sector.size_median=40",
                    "sector.adoption_innovation=20", "run.months=4", "run.replicates=1", "run.figure=false",
                    "package=status_quo,balanced", f"hydra.sweep.dir={folder}")  # fmt: skip
    assert again.returncode == 0 and "2 of 2 jobs finished before" in again.stderr, again.stderr
    assert {p: p.stat().st_mtime_ns for p in folder.glob("*/agencies.parquet")} == written
