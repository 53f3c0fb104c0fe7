"""The helpers of scripts/validate.py that docs/validation.md's savings rows rest on: Bick et al.'s bins and the
comparison of shapes at one level; and two of its tables (the first try on access by type, plateaus by type)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

_path = Path(__file__).resolve().parent.parent / "scripts" / "validate.py"
_spec = importlib.util.spec_from_file_location("validate_script", _path)
validate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(validate)


def test_hours_are_binned_as_whole_hours_with_weights():
    # answers in whole hours: under 1.5 is "1 hour or less", 1.5 is "2 hours", 3.5 and more "4 hours or more"
    hours = np.array([0.0, 1.49, 1.5, 2.49, 2.5, 3.49, 3.5, 40.0])
    weights = np.array([1, 1, 1, 1, 1, 1, 1, 5.0])
    shares = validate.binned(hours, weights)
    assert shares == pytest.approx([2 / 12, 2 / 12, 2 / 12, 6 / 12])


def test_at_level_scales_everyone_by_one_factor_to_the_given_weighted_mean():
    rng = np.random.default_rng(3)
    hours, weights = rng.gamma(2.0, 0.5, 500), rng.uniform(0.25, 1.0, 500)
    scaled = validate.at_level(hours, weights, 2.16)
    assert np.average(scaled, weights=weights) == pytest.approx(2.16)
    ratio = scaled / hours
    assert np.allclose(ratio, ratio[0])  # the shape kept: one factor for all
    # a level twice as high moves people out of the lowest bin, the shape unchanged
    assert validate.binned(validate.at_level(hours, weights, 4.32), weights)[0] < validate.binned(scaled, weights)[0]


def test_week_of_use_hours_are_the_weeks_hours_and_use_the_recorded_one():
    # two organisations of the status quo at month 18 (people use AI by then); the pooled hours in a week of use,
    # weighted by the intensity of use, give back every hour saved in the last week, and the share using AI is
    # the recorder's using_share at that month
    hours, weights, using = validate.week_of_use_hours(("package=status_quo",), 18, 2, 0)
    cfg = validate.load_config(["package=status_quo", "run.months=18", "run.mesa_agents=false", "run.seed=0"])
    total, recorded = 0.0, []
    for r in range(2):
        m = validate.AdoptionModel(cfg, replicate=r)
        m.run()
        total += m.state.hours_saved.sum()
        df = m.results()
        recorded.append(df[(df["archetype"] == "all") & (df["month"] == 18)]["using_share"].item())
    assert weights.size > 0 and (weights > 0).all()
    assert np.dot(hours, weights) == pytest.approx(total)
    assert using == pytest.approx(np.mean(recorded))
    with pytest.raises(ValueError):  # cached and shared: read-only
        hours[0] = 0.0


def test_the_commands_overrides_reach_every_run_and_a_rows_own_setting_wins(monkeypatch):
    monkeypatch.setattr(validate, "EXTRA", ["params.value.frontier_per=use_case", "params.value.frontier_spread=0.5"])
    assert validate.with_extra(["package=status_quo"]) == [
        "package=status_quo",
        "params.value.frontier_per=use_case",
        "params.value.frontier_spread=0.5",
    ]
    # the table of spreads sets the spread itself: its value wins, the command's other override stays
    assert validate.with_extra(["params.value.frontier_spread=0"]) == [
        "params.value.frontier_spread=0",
        "params.value.frontier_per=use_case",
    ]


def test_a_wrong_override_is_refused_before_any_run():
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, str(_path), "--replicates", "1", "params.value.frontier_per=nope"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert "params.value.frontier_per" in done.stderr and "person, use_case" in done.stderr
    assert "In sample" not in done.stdout


def test_active_within_lies_between_any_weeks_users_and_everyone_who_was_a_user_in_the_window():
    """The chance of use in at least one week of the rollout's months is at least the chance of use in any one of
    them (the weekly users of that week, in expectation) and at most the share who were trying or using in some
    week of it (only they have an intensity of use); organisations of 300, 2 replicates, licences at month 2."""
    rows = ("package=tools_only", "rollout.start_month=2", "org.size=300")
    active = validate.active_within(rows, 5, 2, 0)
    cfg = validate.load_config([*rows, "run.months=5", "run.mesa_agents=false", "run.seed=0"])
    weekly, ever = [], []
    for r in range(2):
        m = validate.AdoptionModel(cfg, replicate=r)
        user, best = np.zeros(m.org.n, dtype=bool), 0.0
        while m.running:
            m.step()
            if m.state.week > m.start_week:
                best = max(best, float(m.state.intensity.mean()))
                user |= m.state.intensity > 0
        weekly.append(best)
        ever.append(user.mean())
    assert np.mean(weekly) < active < np.mean(ever)


def test_weeks_with_use_follow_every_combination_of_weeks():
    """The week-by-week count of weeks with use equals the brute-force sum over every pattern of use in four weeks
    (each week's chance its own, weeks independent), for two people with different chances."""
    import itertools

    chances = np.array([[0.25, 0.5, 1.0, 0.0], [0.1, 0.9, 0.3, 0.6]])
    dist = np.ones((2, 1))
    for week in chances.T:
        dist = validate.add_week(dist, week)
    expected = np.zeros((2, 5))
    for pattern in itertools.product((0, 1), repeat=4):
        p = np.prod(np.where(np.array(pattern) == 1, chances, 1.0 - chances), axis=1)
        expected[:, sum(pattern)] += p
    assert dist == pytest.approx(expected, abs=1e-15)


def test_more_than_half_of_the_weeks_is_strictly_more_than_half():
    # one person certain of each number of weeks with use: of 4 weeks 3 and 4 count, 2 does not; of 5, 3 to 5
    for weeks, first in ((4, 3), (5, 3)):
        dist = np.eye(weeks + 1)
        assert validate.more_than_half(dist).tolist() == [1.0 if k >= first else 0.0 for k in range(weeks + 1)]


def test_more_than_half_of_the_weeks_lies_below_any_week_and_above_every_week():
    """Those who used AI in more than half of the rollout's weeks are at most those who used it in at least one
    week, and at least those who used it in every week (the product of each week's chance), in expectation;
    the first is 1 - prod(1 - intensity), as active_within computed it before; organisations of 300, 2
    replicates, licences at month 2 and AI built in."""
    rows = ("package=tools_only", "tools.builtin_week=0", "rollout.start_month=2", "org.size=300")
    ever, most = validate.weeks_used(rows, 8, 2, 0)
    cfg = validate.load_config([*rows, "run.months=8", "run.mesa_agents=false", "run.seed=0"])
    every, some = [], []
    for r in range(2):
        m = validate.AdoptionModel(cfg, replicate=r)
        all_weeks, never = np.ones(m.org.n), np.ones(m.org.n)
        while m.running:
            m.step()
            if m.state.week > m.start_week:
                all_weeks *= m.state.intensity
                never *= 1.0 - m.state.intensity
        every.append(all_weeks.mean())
        some.append(float(1.0 - never.mean()))
    assert ever == float(np.mean(some))
    assert np.mean(every) < most < ever


def test_the_relevance_table_compares_each_condition_on_the_same_organisations():
    # the table of stylised fact 12's second half: each cell is the mean paired difference, without the condition
    # minus with it, of the recorded share of users who use AI regularly (two organisations, checked against the
    # recorder's columns); a package without training gets mandatory training in both arms of the training column
    rows = validate.relevance(2, 0)
    assert [r["package"] for r in rows] == ["status_quo", "tools_only", "hr_five_step", "balanced"]
    arms = (["package=status_quo", "tools.approved=chaos"], ["package=status_quo", "tools.approved=few"])
    share = []
    for overrides in arms:
        df = validate.simulate(validate.with_extra([*overrides, "run.months=24"]), replicates=2, seed=0)
        at = df[(df["archetype"] == "all") & (df["month"] == 24)].sort_values("replicate")
        share.append(at["regular_share"].to_numpy() / at["using_share"].to_numpy())
    d = share[0] - share[1]
    assert rows[0]["tool chaos - few approved tools"] == f"{d.mean():+.3f} ± {d.std(ddof=1) / np.sqrt(2):.3f}"
    trained = validate.regular_of_users(("package=status_quo", "training.mode=mandatory",
                                         "training.domain_specific=true"), 24, 2, 0)  # fmt: skip
    generic = validate.regular_of_users(("package=status_quo", "training.mode=mandatory",
                                         "training.domain_specific=false"), 24, 2, 0)  # fmt: skip
    assert rows[0]["generic - domain-specific training"].startswith(f"{(generic - trained).mean():+.3f}")


def test_the_first_try_table_compares_the_rule_as_set_with_the_former_one(monkeypatch):
    # with the former rule set on the command, both columns run the same model: every difference is exactly 0
    monkeypatch.setattr(validate, "EXTRA", ["params.calendar.first_try=0.6", "params.calendar.first_try_open=0"])
    rows = validate.first_try_by_type(2, 0)
    assert [r["type"] for r in rows] == ["all", *validate.ARCHETYPES]
    assert all(r["difference"] == "+0.000 ± 0.000" for r in rows)
    monkeypatch.setattr(validate, "EXTRA", [])
    worried = next(r for r in validate.first_try_by_type(2, 0) if r["type"] == "worried")
    assert worried["difference"].startswith("-")  # as set, the worried hold back at access


def test_the_plateau_table_gives_each_packages_types_at_month_36():
    rows = validate.plateau_by_type(1, 0)
    assert [r["package"] for r in rows] == list(validate.PACKAGES)
    df = validate.simulate(["package=status_quo", "run.months=36"], replicates=1, seed=0)
    at = df[df["month"] == 36].set_index("archetype")["regular_share"]
    status_quo = rows[0]
    assert [float(status_quo[k]) for k in validate.ARCHETYPES] == pytest.approx(
        [at[k] for k in validate.ARCHETYPES], abs=0.0051
    )  # shown to two decimals
    gap = max(float(status_quo[k]) for k in validate.ARCHETYPES) - min(
        float(status_quo[k]) for k in validate.ARCHETYPES
    )
    assert float(status_quo["highest - lowest type"]) == pytest.approx(gap, abs=0.011)


def test_regular_of_current_users_counts_the_stages_at_the_month():
    """The Australian trial's row: of those who tried AI and did not give up (trying, occasional or regular), the
    share at the regular stage, a ratio of the replicates' means of the recorded shares; checked against the stages
    counted in the models themselves, pooled over the replicates (equal sizes: the same ratio), organisations of
    300, 2 replicates, licences at month 2, AI built in, 8 months."""
    rows = ("package=tools_only", "tools.builtin_week=0", "rollout.start_month=2", "org.size=300")
    recorded = validate.organisation_rows(rows, 8, 2, 0)
    got = validate.regular_of_current(recorded.mean(numeric_only=True))
    cfg = validate.load_config([*rows, "run.months=8", "run.mesa_agents=false", "run.seed=0"])
    regular = current = 0
    for r in range(2):
        m = validate.AdoptionModel(cfg, replicate=r)
        while m.running:
            m.step()
        stage = m.state.stage
        regular += int((stage == validate.REGULAR).sum())
        current += int(np.isin(stage, (validate.TRYING, validate.OCCASIONAL, validate.REGULAR)).sum())
    assert got == pytest.approx(regular / current, rel=1e-9)
    # people still trying AI out count among those still using it, not among those using it to some degree
    assert (recorded["tried_share"] - recorded["abandoned_share"] > recorded["using_share"]).all()


def test_about_means_within_a_quarter_of_the_published_figure():
    # the tolerance of the in-sample targets (0.2 +- 0.05), used for every "about" of the out-of-sample rows
    assert validate.within_quarter(0.249, 0.2) == "about" and validate.within_quarter(0.151, 0.2) == "about"
    assert validate.within_quarter(0.251, 0.2) == "above" and validate.within_quarter(0.149, 0.2) == "below"
    assert validate.within_quarter(float("nan"), 0.2) == "no value"


def test_the_after_access_table_reads_each_month_after_the_start(monkeypatch):
    """Each cell is the regular share of staff and, in brackets, of those still using AI, at the given number of
    months after access (the cells of months 1 and 6 only; the trial's arm at +6 checked against a run of its own
    that ends there)."""
    monkeypatch.setattr(validate, "AFTER_ACCESS", (1, 6))
    rows = validate.after_access(1, 0)
    assert [r["scenario"] for r in rows][-1] == "balanced" and len(rows) == 3
    start = validate.DILLON_START
    org = validate.means([*validate.TRIAL, f"rollout.start_month={start}", f"run.months={start + 6}"], 1, 0)
    at = org.loc[start + 6]
    current = at["tried_share"] - at["abandoned_share"]
    assert rows[0]["+6 months"] == f"{at['regular_share']:.2f} ({at['regular_share'] / current:.2f})"
    assert set(rows[0]) == {"scenario", "+1 month", "+6 months"}


def test_cached_rows_are_never_handed_out_under_other_overrides(monkeypatch):
    """The cached helpers take the command's overrides (EXTRA) on every run, so a result made under one set of
    overrides must not answer a call under another (three times the exploration rate: more have tried by month 6,
    on the same two organisations)."""
    rows = ("package=status_quo", "org.size=300")
    monkeypatch.setattr(validate, "EXTRA", [])
    as_set = validate.organisation_rows(rows, 6, 2, 0)["tried_share"].to_numpy()
    monkeypatch.setattr(validate, "EXTRA", ["params.explore_rate=0.4"])
    faster = validate.organisation_rows(rows, 6, 2, 0)["tried_share"].to_numpy()
    assert (faster > as_set).all()


def test_weeks_used_counts_the_weeks_after_the_given_month():
    """The window of weeks_used: by default the weeks after the rollout's start; with from_month, the weeks after
    that month's end (Gallup's rows: the past year in the status quo). Checked against each person's chance of no
    use in the window, the product of (1 - intensity) over the window's weeks, here the last 13 weeks of the run
    (months 7-9 in weeks: 39 - 26), counted from the end (organisations of 300, 2 replicates); and a window from the
    rollout's start month is the default window."""
    trial = ("package=tools_only", "tools.builtin_week=0", "rollout.start_month=2", "org.size=300")
    assert validate.weeks_used(trial, 6, 2, 0, 2) == validate.weeks_used(trial, 6, 2, 0)
    rows = ("package=status_quo", "org.size=300")
    ever, _ = validate.weeks_used(rows, 9, 2, 0, 6)
    cfg = validate.load_config([*rows, "run.months=9", "run.mesa_agents=false", "run.seed=0"])
    some = []
    for r in range(2):
        m = validate.AdoptionModel(cfg, replicate=r)
        weeks = []
        while m.running:
            m.step()
            weeks.append(m.state.intensity.copy())
        assert len(weeks) == 39
        some.append(1.0 - np.prod([1.0 - q for q in weeks[-13:]], axis=0).mean())
    assert ever == pytest.approx(float(np.mean(some)), rel=1e-12)
    assert ever < validate.weeks_used(rows, 9, 2, 0, 0)[0]  # fewer used AI in the last three months than in nine


def test_a_change_between_quarters_is_the_same_within_one_and_a_half_points():
    # the survey's margin of +-1 point on each level gives about +-1.4 on a change between two quarters
    assert validate.change_verdict(0.024, 0.01) == "about" and validate.change_verdict(-0.004, 0.01) == "about"
    assert validate.change_verdict(0.026, 0.01) == "faster"
    assert validate.change_verdict(-0.006, 0.01) == "slower"


def test_the_firm_range_is_the_lowest_and_highest_organisation_over_the_trials_months(monkeypatch):
    """Each organisation's share of staff using AI in a week is averaged over the months after access (the month of
    access itself left out), and the row takes the lowest and the highest organisation; the runs are the trial's,
    with the organisation's size and DILLON_FIRMS replicates."""
    import pandas as pd

    start, calls = validate.DILLON_START, []
    weekly = {0: [0.9, 0.10, 0.20], 1: [0.0, 0.50, 0.70]}  # per replicate: months start, start + 1, start + 2
    frame = pd.DataFrame(
        [
            {"replicate": r, "month": start + k, "archetype": a, "weekly_users_share": v if a == "all" else 1.0}
            for r, values in weekly.items()
            for k, v in enumerate(values)
            for a in ("all", "worried")
        ]
    )

    def fake_simulate(overrides, replicates, seed):
        calls.append((list(overrides), replicates, seed))
        return frame

    monkeypatch.setattr(validate, "simulate", fake_simulate)
    monkeypatch.setattr(validate, "EXTRA", [])
    validate.firm_range.cache_clear()
    low, high = validate.firm_range(54, 7)
    validate.firm_range.cache_clear()
    assert (low, high) == pytest.approx((0.15, 0.60))
    overrides, replicates, seed = calls[0]
    assert replicates == validate.DILLON_FIRMS and seed == 7
    assert "org.size=54" in overrides and f"rollout.start_month={start}" in overrides
    assert f"run.months={start + validate.DILLON_MONTHS}" in overrides
    assert all(o in overrides for o in validate.TRIAL)


def test_the_firm_row_judges_the_spread_of_the_small_organisations_in_points(monkeypatch):
    """The row prints the organisations of 1,000 first and those of the firms' size in brackets, and judges the
    spread of the small ones against the firms' 69 points: within a quarter is 'about', less is 'below'."""
    ranges = {1000: (0.30, 0.40), validate.DILLON_FIRM_SIZE: (0.10, 0.70)}
    monkeypatch.setattr(validate, "firm_range", lambda size, seed: ranges[size])
    r = validate.firm_row(0)
    assert r["model"] == "0.30-0.40 (0.10-0.70)"
    assert r["verdict"] == f"spread of the organisations of {validate.DILLON_FIRM_SIZE}: about (60 points against 69)"
    ranges[validate.DILLON_FIRM_SIZE] = (0.20, 0.40)
    assert validate.firm_row(0)["verdict"].endswith(": below (20 points against 69)")


def test_competence_by_training_pools_users_by_modules_and_rises_with_them():
    """Users' competence grouped by modules attended (three for three or more), in the Australian trial's scenario;
    each module closes part of the gap to one's ceiling of competence, so the groups' means rise with the modules."""
    by = validate.competence_by_modules(2, 0)
    assert sorted(by) == [1, 2, 3] and all(v.size > 0 for v in by.values())
    assert by[1].mean() < by[2].mean() < by[3].mean()
    rows = validate.training_and_competence(2, 0)
    assert [r["modules attended (model), forms of training (trial)"] for r in rows] == ["1", "2", "3 or more"]
    for r in rows:
        shares = [float(x.rstrip("%")) for x in r["model users: basic / intermediate / expert"].split(" / ")]
        assert sum(shares) == pytest.approx(100, abs=1.5)  # three rounded shares of all users of the group


def test_the_departments_rows_read_dbts_three_months_and_dwps_sixth(monkeypatch):
    """DBT's row is the mean weekly share over the three months after access (the month of access left out), DWP's
    the hours per weekly user six months after access, each judged within a quarter of the reported figure; the run
    is the trial's, from the departments' start."""
    import pandas as pd

    start, calls = validate.DEPARTMENTS_START, []
    months = range(start, start + 8)
    frame = pd.DataFrame(
        {
            "weekly_users_share": [0.9 if m == start else 0.1 * (m - start) for m in months],  # 0.1, 0.2, 0.3 after
            "hours_saved_per_weekly_user": [10.0 * (m - start) for m in months],
        },
        index=pd.Index(list(months), name="month"),
    )

    def fake_means(overrides, replicates, seed):
        calls.append((list(overrides), replicates, seed))
        return frame

    monkeypatch.setattr(validate, "means", fake_means)
    dbt, dwp = validate.department_rows(5, 9)
    assert dbt["model"] == "0.2" and dbt["verdict"] == "below"  # (0.1 + 0.2 + 0.3) / 3 against two-thirds
    assert dwp["model"] == f"{10.0 * validate.DWP_MONTHS:.3g}" and dwp["verdict"] == "above"  # 60 h against 1.6 h
    overrides, replicates, seed = calls[0]
    assert replicates == 5 and seed == 9 and f"rollout.start_month={start}" in overrides
    assert all(o in overrides for o in validate.TRIAL)


def test_licensees_who_used_ai_before_access_use_it_more_after():
    """The probe of who the licensees were: those using AI when access came (on public tools) use it in more weeks
    over the three months after than all staff, and more of them are regular six months on; licences given to
    volunteers alone (a pilot, read among its licensees) reach exactly the pilot's share of staff, and the smallest
    such pilot uses AI more than all staff (the volunteers are those using AI and the most willing); the published
    figures head the table."""
    rows = validate.licensee_selection(2, 0)
    assert rows[0]["licensees"] == "published"
    by = {r["licensees"]: r for r in rows[1:]}
    volunteers = [name for name in by if name.startswith("licences to volunteers")]
    assert set(by) - set(volunteers) == {"all staff", "using AI at access", "opportunity-seekers"}
    weekly, regular, share = (next(k for k in rows[0] if k.startswith(p)) for p in ("weekly", "regular", "share"))
    assert float(by["using AI at access"][weekly]) > float(by["all staff"][weekly])
    assert float(by["using AI at access"][regular]) > float(by["all staff"][regular])
    assert by["all staff"][share] == "1.00; 1.00"
    assert 0 < float(by["using AI at access"][share].split(";")[0]) < 1
    assert [by[name][share] for name in volunteers] == [f"{s:.2f}; {s:.2f}" for s in validate.VOLUNTEER_SHARES]
    smallest = by[volunteers[0]]
    assert float(smallest[weekly]) > float(by["all staff"][weekly])
    assert float(smallest[regular]) > float(by["all staff"][regular])
