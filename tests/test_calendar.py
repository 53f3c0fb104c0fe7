"""The calendar: month 0 is ChatGPT's launch, an organisation's package can start at any month, awareness
grows with calendar time and access to approved tools brings a first try."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from sim import simulate
from sim.mechanisms.exploration import awareness
from sim.model import AdoptionModel
from sim.outputs import month_end_weeks
from sim.state import NEVER, TRYING
from tests.conftest import make_cfg


def test_before_its_start_a_package_runs_as_the_status_quo():
    """Months before the start are bit-identical to the status quo on the same random numbers; the
    package's months differ."""
    common = ["org.size=300", "run.months=18"]
    sq = simulate(["package=status_quo", *common], replicates=2, seed=4)
    late = simulate(["package=balanced", "rollout.start_month=12", *common], replicates=2, seed=4)
    early_sq, early_late = (df[df.month < 12].reset_index(drop=True) for df in (sq, late))
    pd.testing.assert_frame_equal(early_sq, early_late, check_exact=True)
    assert not np.allclose(
        sq[sq.month == 18]["using_share"].to_numpy(), late[late.month == 18]["using_share"].to_numpy()
    )


def test_the_package_schedule_counts_from_its_start_and_nobody_loses_access():
    cfg = make_cfg(
        "org.size=200", "rollout.start_month=6", "training.mode=mandatory", "training.start_week=0",
        "tools.access_week=4", "tools.approved=few", "superusers.share=0.1",
    )  # fmt: skip
    m = AdoptionModel(cfg)
    s = m.state
    start = int(month_end_weeks(6)[-1])  # week 26
    assert m.start_week == start and m.cfg.training.mode == "none" and not s.is_superuser.any()
    assert (s.access_week == 0).all() and (s.approved_week == -1).all()  # the status quo: public tools
    for _ in range(start):
        m.step()
    assert s.modules_attended.max() == 0
    m.step()  # the first week of the package: its first module
    assert m.cfg is m.package_cfg and m.cfg.training.start_week == start
    assert (s.modules_attended == 1).all()
    assert s.is_superuser.sum() == 20
    assert (s.access_week == 0).all()  # kept their access to public tools
    assert (s.approved_week == start + 4).all()  # approved tools 4 weeks into the rollout


def test_access_to_approved_tools_brings_a_first_try():
    cfg = make_cfg("org.size=400", "tools.approved=few", "tools.access_week=3", "params.calendar.first_try=1")
    m = AdoptionModel(cfg)
    s = m.state
    for _ in range(3):
        m.step()
    never = s.stage == NEVER
    assert never.any()
    m.step()  # week 3: approved access for everyone; every non-user not moved otherwise tries
    assert (s.stage[never] == TRYING).all()


def test_the_first_try_on_access_follows_willingness():
    """The fully open try in the week they get approved tools (first_try_open 1); those whose anxiety closes them to
    AI (willingness 0) do not, by that or any other channel of their own."""
    cfg = make_cfg(
        "org.size=400", "tools.approved=few", "tools.access_week=3", "params.calendar.first_try=0",
        "params.calendar.first_try_open=1", "params.anxiety_barrier=1", "params.belief_weight=1",
        "params.uptake.fears_barrier=0",  # the combined anxiety bars take-up, not the two fears
    )  # fmt: skip
    m = AdoptionModel(cfg)
    s = m.state
    for _ in range(3):
        m.step()
    never = s.stage == NEVER
    closed = never & (np.arange(s.n) % 2 == 0)
    open_ = never & ~closed
    assert closed.sum() > 50 and open_.sum() > 50
    s.anxiety[closed], s.belief[closed] = 1.0, 1.0  # willingness (1 - 1 x 1) x 1 = 0
    s.anxiety[open_], s.belief[open_] = 0.0, 1.0  # willingness 1
    m.step()  # week 3: approved access for everyone
    assert (s.stage[open_] == TRYING).all()
    assert (s.stage[closed] == NEVER).all()


def test_willingness_at_access_keeps_the_worried_back():
    """Seed 002 (stylised fact 6): unaddressed fears make the worried avoid AI. Given approved tools and nothing
    else (tools_only from month 21), the first try on access scaled by willingness widens the gap between
    opportunity-seekers and the worried in having tried, three months after access, against the same organisations
    with a first try whatever one's willingness (first_try 0.6, the model before). 8 paired replicates; the
    difference of gaps must exceed two standard errors (direction only: the seed gives no size; here it is about
    0.23 ± 0.04, a gap of 0.37 against 0.14)."""
    common = ["package=tools_only", "rollout.start_month=21", "run.months=24"]
    willing = simulate(common, replicates=8, seed=11)
    blind = simulate(
        [*common, "params.calendar.first_try=0.6", "params.calendar.first_try_open=0"], replicates=8, seed=11
    )
    diff = gap(willing) - gap(blind)
    assert diff.mean() > 2 * diff.std(ddof=1) / math.sqrt(diff.size), diff


def gap(df: pd.DataFrame) -> np.ndarray:
    """Per replicate: opportunity-seekers' minus the worried's share having tried, three months after access."""
    at = df[df.month == 24].pivot(index="replicate", columns="archetype", values="tried_share")
    return (at["opportunity_seeker"] - at["worried"]).to_numpy()


def test_no_first_try_without_approved_tools():
    """Public tools (tool chaos, the status quo) bring no surge, whatever params.calendar.first_try(_open)."""
    common = ["org.size=300", "run.months=6"]
    off = simulate(common, seed=2)
    on = simulate([*common, "params.calendar.first_try=1", "params.calendar.first_try_open=1"], seed=2)
    pd.testing.assert_frame_equal(off, on, check_exact=True)


def test_awareness_grows_from_the_launch_as_seed_002_measured():
    """With the time constant of seed 002 (91 % had heard of ChatGPT in Feb 2024, month ~15),
    awareness is 0 at the launch and 0.91 at month 15."""
    months = 15 / math.log(1 / 0.09)
    assert awareness(0, months) == 0.0
    assert awareness(round(15 * 52 / 12), months) == pytest.approx(0.91, abs=0.005)
    assert awareness(0, 0.0) == 1.0  # off: everyone aware from the start


def test_awareness_slows_the_first_months_only():
    """Exploration scaled by awareness: fewer have tried early. Through month 3 awareness is at most
    1 - exp(-3 / 6.2) = 0.38, so exploration runs at under 40 % of its rate and, with peers following
    explorers, the tried share at month 3 must be less than half of that without awareness (in every one
    of 6 paired replicates, 600 people)."""
    common = ["org.size=600", "run.months=24"]
    base = simulate([*common, "params.calendar.awareness_months=0"], replicates=6, seed=8)
    aware = simulate([*common, "params.calendar.awareness_months=6.2"], replicates=6, seed=8)

    def gap(month):
        pick = lambda df: df[(df.month == month) & (df.archetype == "all")]["tried_share"].to_numpy()  # noqa: E731
        return pick(base) - pick(aware)

    early = base[(base.month == 3) & (base.archetype == "all")]["tried_share"].to_numpy()
    assert (gap(3) > 0.5 * early).all()


def test_levers_set_up_once_take_the_package_values_at_the_start():
    """At the start the package's accepted risk (the use cases allowed), leaders' literacy (raised, never
    lowered) and superusers come into force; when use cases mature stays calendar time."""
    cfg = make_cfg(
        "org.size=200", "rollout.start_month=3", "rules.accepted_risk=0", "leadership.leader_literacy=0.9",
        "tools.plans_week=5", "params.variation.leadership_sd=0",
    )  # fmt: skip
    m = AdoptionModel(cfg)
    s = m.state
    leaders = s.team_leader[s.team_leader >= 0]
    before_allowed = int(m.masks.allowed).bit_count()
    assert s.leader_literacy == pytest.approx(0.2) and (s.competence[leaders] == 0.2).all()
    assert m.cfg.tools.plans_week == 5  # calendar time, before the start as well
    for _ in range(m.start_week + 1):
        m.step()
    assert int(m.masks.allowed).bit_count() < before_allowed  # no risky use case is accepted any more
    # raised to 0.9 at the start of the week, then at most one week's decay without use
    assert s.leader_literacy == pytest.approx(0.9)
    assert (s.competence[leaders] >= 0.9 * (1 - m.cfg.params.decay_rate) - 1e-12).all()
