"""Behavioural tests: the 19 stylised facts of the evidence (DOMAIN.md §7).

Each fact is tested on paired replicates with common random numbers: both arms of a comparison
run replicates 0..R-1 with the same seed, so replicate r of each arm shares its organisation,
its traits and every random stream. Most tests assert the direction (the mean paired difference
is more than two standard errors from zero) and a minimum effect size (stated in each test);
facts 12 and 13 and part of 11 assert a ratio or a bound on every replicate instead, as stated, and fact 12's
second half the direction only (the seed gives no size).
R = 8 replicates per arm, 600 people, 24 months unless a test says otherwise.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from sim import AdoptionModel, simulate
from sim.config import ARCHETYPES
from tests.conftest import make_cfg

R = 8
BASE = ("org.size=600", "run.months=24")
OTHERS = [a for a in ARCHETYPES if a != "opportunity_seeker"]


@cache
def run(*overrides: str, replicates: int = R) -> pd.DataFrame:
    return simulate([*BASE, *overrides], replicates=replicates, seed=0)


def value(df: pd.DataFrame, metric: str, group: str | list[str] = "all", month: int = 24) -> np.ndarray:
    """Per-replicate value at a month; a list of archetypes gives their headcount-weighted mean."""
    at = df[df["month"] == month]
    groups = [group] if isinstance(group, str) else group
    rows = at[at["archetype"].isin(groups)]
    weighted = (rows[metric] * rows["headcount"]).groupby(rows["replicate"]).sum()
    return (weighted / rows.groupby("replicate")["headcount"].sum()).sort_index().to_numpy()


def effect(a: tuple[str, ...], b: tuple[str, ...], metric: str, group="all", month: int = 24, replicates: int = R):
    """Paired differences (arm b minus arm a), one per replicate."""
    return value(run(*b, replicates=replicates), metric, group, month) - value(
        run(*a, replicates=replicates), metric, group, month
    )


def assert_increase(d: np.ndarray, minimum: float) -> None:
    mean, se = d.mean(), d.std(ddof=1) / np.sqrt(d.size)
    assert mean - 2 * se > 0, f"direction not established: {mean:+.4f} ± {se:.4f}"
    assert mean >= minimum, f"effect {mean:+.4f} below the minimum {minimum}"


def assert_decrease(d: np.ndarray, minimum: float) -> None:
    assert_increase(-d, minimum)


SQ: tuple[str, ...] = ()
TRAINED = ("training.mode=mandatory",)


def test_fact_01_help_getting_started_beats_an_order():
    """57 % vs 18 % (seed 002). Superusers (5 %, 2 h/week) raise using_share more than a directive
    does, by at least 0.04 at month 24."""
    help_ = effect(SQ, ("superusers.share=0.05",), "using_share")
    order = effect(SQ, ("leadership.directive=true",), "using_share")
    assert_increase(order, 0.02)
    assert_increase(help_ - order, 0.04)


def test_fact_02_felt_gains_and_ease_of_use_drive_adoption_poor_tools_deter():
    """Ease of use 0.9 vs 0.5 raises using_share by >= 0.05; 0.1 lowers it by >= 0.05; a few approved
    tools instead of tool chaos raise it by >= 0.01; jobs where AI saves more (mean job fit 0.9
    instead of 0.6) raise it by >= 0.03."""
    assert_increase(effect(SQ, ("tools.ease_of_use=0.9",), "using_share"), 0.05)
    assert_decrease(effect(SQ, ("tools.ease_of_use=0.1",), "using_share"), 0.05)
    assert_increase(effect(SQ, ("tools.approved=few",), "using_share"), 0.01)
    assert_increase(effect(SQ, ("params.job_fit_mean=0.9",), "using_share"), 0.03)


def test_fact_03_only_opportunity_seekers_are_driven_by_curiosity():
    """Without exploration on one's own initiative, opportunity-seekers' tried_share falls by at
    least 0.1 more than that of every other type (month 24)."""
    seekers = effect(SQ, ("params.explore_rate=0",), "tried_share", "opportunity_seeker")
    for other in OTHERS:
        assert_decrease(seekers - effect(SQ, ("params.explore_rate=0",), "tried_share", other), 0.1)


def test_fact_04_clear_management_goals_drive_training_benefit():
    """The competence gain from mandatory training (month 12) is at least 1.5 times larger with clear
    goals (purpose 0.9) than with vague ones (0.1), and goals matter more than the format."""
    vague = effect(("communication.purpose=0.1",), (*TRAINED, "communication.purpose=0.1"), "competence_mean", month=12)
    clear = effect(("communication.purpose=0.9",), (*TRAINED, "communication.purpose=0.9"), "competence_mean", month=12)
    online = effect(SQ, (*TRAINED, "training.format=online"), "competence_mean", month=12)
    physical = effect(SQ, TRAINED, "competence_mean", month=12)
    assert_increase(clear - 1.5 * vague, 0.0)
    assert_increase((clear - vague) - (physical - online), 0.05)


def test_fact_05_transformation_engages_opportunity_seekers_transition_the_others():
    """Transformation (0.9) versus transition (0.1) leadership, 16 replicates: opportunity-seekers'
    using_share higher by >= 0.04; the other four types' using_share lower by >= 0.04 (month 24)."""
    transition, transformation = ("leadership.transformation_weight=0.1",), ("leadership.transformation_weight=0.9",)
    assert_increase(effect(transition, transformation, "using_share", "opportunity_seeker", replicates=16), 0.04)
    assert_decrease(effect(transition, transformation, "using_share", OTHERS, replicates=16), 0.04)


def test_fact_06_honest_job_signals_and_safe_spaces_reassure_the_worried():
    """Reinvesting gains in quality, said clearly, with a job-security commitment: the worried's
    high_anxiety_share falls by >= 0.2 and their using_share rises by >= 0.03. Training with
    action learning (a safe space) lowers their anxiety_mean."""
    honest = ("harvest.policy=reinvest_quality", "communication.harvest_clarity=1", "communication.job_security=1")
    assert_decrease(effect(SQ, honest, "high_anxiety_share", "worried"), 0.2)
    assert_increase(effect(SQ, honest, "using_share", "worried"), 0.03)
    assert_decrease(effect(TRAINED, (*TRAINED, "training.action_learning=true"), "anxiety_mean", "worried"), 0.005)


def test_fact_07_the_waiting_act_on_clear_instruction_and_built_in_ai():
    """A directive raises wait-and-see using_share by >= 0.1, and by >= 0.02 more than for the
    worried, pragmatists and critics together; AI built into the case systems raises it by >= 0.15."""
    directive = ("leadership.directive=true",)
    assert_increase(effect(SQ, directive, "using_share", "wait_and_see"), 0.1)
    rest = ["worried", "pragmatist", "critic"]
    assert_increase(
        effect(SQ, directive, "using_share", "wait_and_see") - effect(SQ, directive, "using_share", rest), 0.02
    )
    assert_increase(effect(SQ, ("tools.builtin_week=0",), "using_share", "wait_and_see"), 0.15)


def test_fact_08_hype_alienates_critics_and_pragmatists_risks_and_evidence_win_them():
    """Hype 0.9 vs 0.1 lowers critics' and pragmatists' belief by >= 0.1 and their using_share by
    >= 0.05. Training on risks raises critics' belief more than the organisation's mean belief (by >= 0.02);
    documented effects raise pragmatists' belief more than opportunity-seekers' (>= 0.03)."""
    low, high = ("communication.hype=0.1",), ("communication.hype=0.9",)
    for group in ("critic", "pragmatist"):
        assert_decrease(effect(low, high, "belief_mean", group), 0.1)
        assert_decrease(effect(low, high, "using_share", group), 0.05)
    risks = effect(TRAINED, (*TRAINED, "training.risk_content=true"), "belief_mean", "critic")
    assert_increase(risks - effect(TRAINED, (*TRAINED, "training.risk_content=true"), "belief_mean"), 0.02)
    documented = ("leadership.share_lessons=0.3",)
    assert_increase(
        effect(SQ, documented, "belief_mean", "pragmatist")
        - effect(SQ, documented, "belief_mean", "opportunity_seeker"),
        0.03,
    )


def test_fact_09_training_without_practice_or_badly_timed_changes_little():
    """Mandatory training with action learning raises using_share at month 12 at least three times
    as much as without; training given 30 weeks before tools arrive raises it far less than
    training at access (>= 0.1 less)."""
    without = effect(SQ, TRAINED, "using_share", month=12)
    with_practice = effect(SQ, (*TRAINED, "training.action_learning=true"), "using_share", month=12)
    assert_increase(with_practice - 3 * without, 0.0)
    late_tools = ("tools.access_week=30", "training.action_learning=true", *TRAINED)
    early = effect(
        (*late_tools, "training.start_week=30"), (*late_tools, "training.start_week=0"), "using_share", month=12
    )
    assert_decrease(early, 0.1)


def test_fact_10_domain_content_with_tested_use_cases_reaches_non_enthusiasts():
    """Domain-specific training with tested use cases raises the four other types' using_share by
    >= 0.03 over generic mandatory training."""
    assert_increase(effect(TRAINED, (*TRAINED, "training.domain_specific=true"), "using_share", OTHERS), 0.03)


def test_fact_11_mandatory_lifts_the_baseline_voluntary_suits_enthusiasts():
    """Mandatory instead of voluntary training raises tried_share at month 12 by >= 0.1 overall and
    by >= 0.05 for every type. Voluntary training draws opportunity-seekers at least three times as often as the worried
    and wait-and-see (one run of 2,000 people), and their success spreads: voluntary training
    raises the other types' using_share by >= 0.02."""
    for group in ("all", *ARCHETYPES):
        assert_increase(effect(("training.mode=voluntary",), TRAINED, "tried_share", group, month=12), 0.05)
    assert_increase(effect(("training.mode=voluntary",), TRAINED, "tried_share", month=12), 0.1)
    model = AdoptionModel(make_cfg("org.size=2000", "run.months=6", "training.mode=voluntary"))
    model.run()
    s = model.state
    rate = {a: s.modules_attended[s.archetype == k].mean() for k, a in enumerate(ARCHETYPES)}
    assert rate["opportunity_seeker"] > 3 * max(rate["worried"], rate["wait_and_see"])
    assert_increase(effect(SQ, ("training.mode=voluntary",), "using_share", OTHERS), 0.02)


def test_fact_12_unguided_use_brings_compliance_risk():
    """Clear rules and a few approved tools cut incidents per person-month of use by >= 30 %
    (months 1-24, 8 paired replicates)."""

    def per_use(*o):
        df = run(*o)
        d = df[(df["archetype"] == "all") & (df["month"] >= 1)]
        return d.groupby("replicate")["incidents"].sum() / (d.groupby("replicate")["using_share"].sum() * 600)

    unguided, guided = per_use(), per_use("rules.clarity=0.9", "tools.approved=few")
    ratio = (guided / unguided).to_numpy()
    assert ratio.mean() <= 0.7, ratio


def regular_among_users(df: pd.DataFrame, month: int = 24) -> np.ndarray:
    """Per replicate: the share of those using AI (occasional or regular) who use it regularly."""
    return value(df, "regular_share", month=month) / value(df, "using_share", month=month)


def test_fact_12_use_without_relevance_stays_sporadic():
    """Seed 000: to strengthen use, AI must be relevant and available and linked to concrete needs and tasks,
    otherwise use stays sporadic. Each of the three taken away, one at a time, lowers the share of users (occasional
    or regular) who use AI regularly at month 24 (8 paired replicates, two standard errors): relevance (the share
    of one's work AI can help with at all halved, mean job fit 0.3 instead of 0.6, in the status quo); availability
    (tool chaos instead of a few approved tools); the link to concrete tasks (mandatory training with generic
    instead of domain-specific content with tested use cases).

    The seed gives the direction and no size, so the test asserts the direction only. The sizes the model gives are
    reported, not asserted, in docs/validation.md (section Structure), also where they are small: under ``balanced``
    relevance still matters, but what tools and training add is under a point there.
    """
    assert_decrease(regular_among_users(run("params.job_fit_mean=0.3")) - regular_among_users(run()), 0.0)
    assert_decrease(regular_among_users(run()) - regular_among_users(run("tools.approved=few")), 0.0)
    generic, domain = run(*TRAINED), run(*TRAINED, "training.domain_specific=true")
    assert_decrease(regular_among_users(generic) - regular_among_users(domain), 0.0)


def test_fact_13_organisational_uptake_outpaces_individual_use():
    """Expressed at team level (one organisation is modelled, not a population of agencies): in
    the status quo at month 18, the share of teams with a user is at least 2.5 times the share of
    employees using AI (seed 000: 7 of 10 agencies, 2 of 10 employees)."""
    df = run()
    at = df[(df["archetype"] == "all") & (df["month"] == 18)]
    ratio = at["teams_using_share"].to_numpy() / at["using_share"].to_numpy()
    assert ratio.min() >= 2.5, ratio


def test_fact_14_effects_lag_weeks_to_gains_months_organisation_wide():
    """After mandatory training with practice from week 0: the gain in hours saved after one month
    is under 30 % of the gain after four months (4-6 weeks to first effects, 3-4 months to
    organisation-wide change, seed 001). The lag comes from use: those who start find further tasks
    for AI in their own work over weeks of practice (params.exploration.practice_discovery), so
    one month in, they use it on fewer tasks than four months in."""
    arm = (*TRAINED, "training.start_week=0", "training.action_learning=true")
    one, four = (
        effect(SQ, arm, "hours_saved_per_fte_week", month=1),
        effect(SQ, arm, "hours_saved_per_fte_week", month=4),
    )
    assert_increase(four, 0.05)
    assert_increase(0.3 * four - one, 0.0)


def test_fact_15_superusers_peers_and_support_spread_use():
    """Superusers (5 %) raise using_share by >= 0.1 overall and for the worried, pragmatists, critics
    and wait-and-see, and raise it for opportunity-seekers too (direction only, see below); without
    peer influence using falls by >= 0.05.

    Seed 002 gives help getting started as a motivator for 57 % of all staff (an order: 18 %) and
    names everyday help and support among what helps the worried, the waiting and pragmatists; for
    opportunity-seekers it names none: they are "already testing LLMs", ahead of their leaders, and
    are whom superusers are recruited from. So the seed supports an effect on them but no size; the
    minimum of 0.1 applies to the others. (Until the capability floor was set from the field
    experiments, issue 13, opportunity-seekers also passed 0.1: +0.108 with 8 replicates; since, most
    of the gain needs no skill, so help that builds skill adds little for those who start alone.)
    """
    for group in ("all", *OTHERS):
        assert_increase(effect(SQ, ("superusers.share=0.05",), "using_share", group), 0.1)
    assert_increase(effect(SQ, ("superusers.share=0.05",), "using_share", "opportunity_seeker"), 0.0)
    assert_decrease(effect(SQ, ("params.peer_rate=0",), "using_share"), 0.05)


def test_fact_16_leaders_hands_on_use_helps_every_type():
    """Leaders who use AI themselves raise using_share by >= 0.01 overall and for the worried,
    pragmatists and wait-and-see."""
    for group in ("all", "worried", "pragmatist", "wait_and_see"):
        assert_increase(effect(SQ, ("leadership.hands_on=true",), "using_share", group), 0.01)


def test_fact_17_hype_inflates_expectations_leaders_who_damp_it_reassure():
    """Hype 0.9 vs 0.1 raises abandoned_share by >= 0.02 (inflated expectations). Under hype 0.9,
    hands-on leaders who brake it lower the worried's and the waiting's anxiety_mean by >= 0.01.

    The first claim on 24 paired replicates: giving up differs much between organisations and between
    people's places on the jagged frontier, and 8 replicates leave a standard error near 0.01, half the
    minimum effect."""
    hype = effect(("communication.hype=0.1",), ("communication.hype=0.9",), "abandoned_share", replicates=24)
    assert_increase(hype, 0.02)
    hyped = ("communication.hype=0.9", "leadership.hands_on=true")
    for group in ("worried", "wait_and_see"):
        assert_decrease(effect(hyped, (*hyped, "leadership.damp_hype=1"), "anxiety_mean", group), 0.01)


def test_fact_18_trust_needs_explainability_and_human_decisions():
    """AI that never decides alone and tools that show their reasoning raise critics' and the
    worried's belief by >= 0.05 and their using_share by >= 0.01."""
    trust = ("rules.human_decides=true", "tools.transparent=true")
    for group in ("critic", "worried"):
        assert_increase(effect(SQ, trust, "belief_mean", group), 0.05)
        assert_increase(effect(SQ, trust, "using_share", group), 0.01)


def test_fact_19_one_off_e_learning_is_not_enough_competence_needs_renewal():
    """At month 24, a permanent physical programme leaves competence_mean >= 0.2 above a one-off
    online course; renewal matters more with time: the advantage of the permanent programme over
    the same programme given once grows from month 6 to month 24 by >= 0.05."""
    online = (*TRAINED, "training.format=online")
    permanent = (*TRAINED, "training.refresh=true")
    assert_increase(effect(online, permanent, "competence_mean"), 0.2)
    assert_increase(
        effect(TRAINED, permanent, "competence_mean", month=24)
        - effect(TRAINED, permanent, "competence_mean", month=6),
        0.05,
    )
