"""The net value of use, gains as measured, people who found no value, and the two fears.

Unit tests on tiny hand-built organisations with exact answers, properties of whole runs, and
behavioural tests on paired replicates (common random numbers).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim import simulate
from sim.catalogue import load_catalogue
from sim.mechanisms import abandonment, attitude, exploration, spread, training, use
from sim.mechanisms.bits import bit
from sim.model import AdoptionModel
from sim.state import ABANDONED, NEVER, OCCASIONAL, REGULAR, STREAMS, TRYING
from tests.conftest import make_cfg, tiny_org
from tests.test_mechanisms import COMM, FixedStream, only_task, open_minded, prepare, tiny_model


def first_cases(k: int, task: int = COMM) -> np.ndarray:
    cat = load_catalogue()
    return np.flatnonzero((cat.task_type == task) & (cat.horizon == 0))[:k]


# --------------------------------------------------------------------------- 6 net value and gains as measured
def test_overhead_eats_a_share_of_the_gross_saving_and_can_exceed_it():
    org = tiny_org([0, 0, 0], [])
    m = tiny_model(
        org,
        "tools.ease_of_use=1",
        "tools.approved=few",
        "communication.hype=0",
        "params.expected_benefit=0.03",
        "params.value.overhead_competence=0.5",
        "params.value.harvest_share=0.4",
    )
    s = m.state
    only_task(m, COMM)
    s.job_fit[:] = 0.8
    s.adopted[:] = np.bitwise_or.reduce(bit(first_cases(2)))
    s.stage[:] = REGULAR
    s.competence[:] = 0.5
    s.overhead[:] = [0.0, 0.5, 2.0]
    prepare(m)
    use.step(s, m)
    gross = s.hours_saved[0]
    assert gross > 0 and s.hours_saved.tolist() == pytest.approx([gross] * 3, rel=1e-12)  # self-reported: gross
    kept = np.array([1.0, 1 - 0.5 * (1 - 0.5 * 0.5), 1 - 2.0 * (1 - 0.5 * 0.5)])  # 1, 0.625, -0.5
    assert s.net_hours.tolist() == pytest.approx((gross * kept).tolist(), rel=1e-12)
    assert s.benefit.tolist() == pytest.approx((s.benefit[0] * kept).tolist(), rel=1e-12)
    assert s.benefit[2] < 0  # this person loses time with AI
    assert s.realised_value_eur.tolist() == pytest.approx((0.4 * gross * kept * 50.0).tolist(), rel=1e-12)
    assert s.value_eur.tolist() == pytest.approx([gross * 50.0] * 3, rel=1e-12)  # value of hours saved: gross


CASE = 1  # case processing: its first use cases of today have a time and a quality gain


def test_quality_value_adds_a_better_result_that_checking_does_not_eat():
    """params.value.quality_value w adds w x quality coverage x capability to the value of use, whatever the
    overhead, so someone who loses time can still find value; at 0 the benefit is the time gain the overhead
    leaves."""

    def benefits(w: float) -> tuple[np.ndarray, float]:
        org = tiny_org([0, 0, 0], [])
        m = tiny_model(org, "tools.ease_of_use=1", "tools.approved=few", "communication.hype=0",
                       "params.expected_benefit=0.03", "params.use.capability_floor=0.85",
                       f"params.value.quality_value={w}")  # fmt: skip
        s = m.state
        only_task(m, CASE)
        s.job_fit[:] = 0.8
        s.adopted[:] = np.bitwise_or.reduce(bit(first_cases(2, CASE)))
        s.stage[:] = REGULAR
        s.competence[:] = 0.5
        s.overhead[:] = [0.0, 0.5, 2.0]
        prepare(m)
        use.step(s, m)
        return s.benefit.copy(), float(s.cover_quality[0])

    without, _ = benefits(0.0)
    with_quality, cover_quality = benefits(1.0)
    assert cover_quality > 0  # the case-processing use cases held have a quality gain
    capability = 0.85 + 0.15 * 0.5  # tools of full ease, competence 0.5
    assert (with_quality - without).tolist() == pytest.approx([cover_quality * capability / 0.03] * 3, rel=1e-12)
    assert without[2] < 0 < with_quality[2]  # loses time, yet finds value in the better result


def test_training_and_practice_close_the_gap_to_ones_own_ceiling_of_competence():
    """A module closes its share of the gap to one's ceiling (s.aptitude), and a week of use its share of the same
    gap; neither takes anyone above the ceiling, nor down to it."""
    org = tiny_org([0, 0, 0], [])
    m = tiny_model(org, "training.mode=mandatory", "training.start_week=0", "training.format=physical",
                   "params.learn_rate=0.25", "communication.purpose=1")  # fmt: skip
    m.streams["training"] = FixedStream(0.99)
    s = m.state
    s.aptitude[:] = [1.0, 0.5, 0.3]
    s.competence[:] = [0.2, 0.2, 0.4]  # the third above their ceiling (a leader's literacy, say)
    prepare(m)
    training.step(s, m)
    assert s.competence.tolist() == pytest.approx([0.2 + 0.25 * 0.8, 0.2 + 0.25 * 0.3, 0.4], rel=1e-12)
    before = s.competence.copy()
    s.stage[:] = REGULAR
    s.help[:] = 0.0
    use.step(s, m)
    rate = m.cfg.params.practice_rate  # regular use: intensity 1
    expected = before + rate * np.maximum(s.aptitude - before, 0.0)
    assert s.competence.tolist() == pytest.approx(expected.tolist(), rel=1e-12)
    assert s.competence[2] == 0.4


def test_aptitude_draw_has_the_configured_mean_and_its_own_stream_and_mean_one_gives_everyone_one():
    one = AdoptionModel(make_cfg("org.size=20000", "params.training.aptitude_mean=1"))
    assert (one.state.aptitude == 1.0).all()  # the model before the ceilings, bit for bit
    m = AdoptionModel(make_cfg("org.size=20000", "params.training.aptitude_mean=0.6",
                               "params.training.aptitude_concentration=4"))  # fmt: skip
    a = m.state.aptitude
    assert a.mean() == pytest.approx(0.6, rel=0.02)  # Beta(2.4, 1.6): sd 0.22, 20,000 draws: se 0.3 %
    assert a.std() == pytest.approx(math.sqrt(0.6 * 0.4 / 5), rel=0.03)
    assert np.array_equal(one.state.overhead, m.state.overhead)  # its own stream: the other draws unchanged
    assert np.array_equal(one.state.traits["curiosity"], m.state.traits["curiosity"])
    # a stream of its own, added after the others, so that no earlier stream's id (and draws) moved
    assert list(STREAMS)[-1] == "aptitude" and STREAMS["aptitude"] == len(STREAMS) == STREAMS["frontier"] + 1


def test_overhead_draw_has_the_configured_mean_and_its_own_stream():
    cfg = make_cfg("org.size=20000", "params.value.overhead_mean=0.4", "params.value.overhead_shape=2")
    m = AdoptionModel(cfg)
    assert m.state.overhead.mean() == pytest.approx(0.4, rel=0.02)  # Gamma mean, 20,000 draws: se 0.5 %
    assert m.state.overhead.std() == pytest.approx(0.4 / math.sqrt(2), rel=0.03)
    off = AdoptionModel(make_cfg("org.size=20000", "params.value.overhead_mean=0"))
    assert not off.state.overhead.any()
    # its own stream: every other draw of the set-up is unchanged
    assert np.array_equal(off.state.job_fit, m.state.job_fit)
    assert np.array_equal(off.state.traits["curiosity"], m.state.traits["curiosity"])


def test_users_with_no_value_never_move_up_and_give_up_stuck():
    org = tiny_org([0] * 4, [])
    m = tiny_model(org, "params.promote_rate=1", "params.abandon_rate=1")
    m.streams["abandonment"] = FixedStream(0.0)  # moves whenever the probability is positive
    s = m.state
    s.stage[:] = [TRYING, OCCASIONAL, TRYING, REGULAR]
    s.belief[:] = 1.0
    prepare(m)
    s.team_proven[0] = bit(first_cases(1))[0]
    s.benefit[:] = [-0.5, 0.0, 1e12, -0.5]
    abandonment.step(s, m)
    assert s.stage.tolist() == [ABANDONED, ABANDONED, OCCASIONAL, OCCASIONAL]
    assert s.stuck.tolist() == [True, True, False, False]  # a regular user drops back, not out
    assert s.stopped_available[0] == s.available and s.stopped_proven[0] == s.team_proven[0]


def stuck_model(*overrides: str):
    """Person 0 gave up having found no value; person 1 gave up disappointed (not stuck); person 2, tied to
    both, uses AI regularly."""
    org = tiny_org([0, 0, 0], [(0, 2), (1, 2)])
    m = tiny_model(org, "params.value.stuck_uptake=0", "rules.accepted_risk=1", *overrides)
    open_minded(m)
    s = m.state
    prepare(m)
    s.stage[:] = [ABANDONED, ABANDONED, REGULAR]
    s.stuck[:] = [True, False, False]
    s.stopped_available[:] = s.available
    s.stopped_proven[:] = 0
    return m, s


def test_stuck_people_explore_again_only_when_something_changes():
    m, s = stuck_model()
    m.streams["exploration"] = FixedStream(0.0)  # everyone with a positive rate explores
    exploration.step(s, m)
    assert s.stage[:2].tolist() == [ABANDONED, TRYING]
    # a use case becomes proven in the team: something new to try
    m, s = stuck_model()
    m.streams["exploration"] = FixedStream(0.0)
    s.team_proven[0] = bit(first_cases(1))[0]
    exploration.step(s, m)
    assert s.stage[:2].tolist() == [TRYING, TRYING]


def test_stuck_people_are_not_drawn_back_by_peers_but_by_training_or_the_ai_button():
    m, s = stuck_model("params.peer_rate=5", "params.help_rate=0")
    m.streams["spread"] = FixedStream(0.0)
    spread.step(s, m)
    assert s.signals.exposure[:2].tolist() == [1.0, 1.0]
    assert s.stage[:2].tolist() == [ABANDONED, TRYING]
    # a training module: something has changed for them
    m, s = stuck_model("training.mode=mandatory", "training.start_week=0")
    training.step(s, m)
    assert not s.stuck.any()
    # AI built into the case systems is a new tool: not reduced
    m, s = stuck_model("tools.builtin_week=0", "params.peer_rate=0", "params.help_rate=0", "params.mandate_rate=0")
    m.streams["spread"] = FixedStream(0.0)
    prepare(m)
    spread.step(s, m)
    assert s.stage[:2].tolist() == [TRYING, TRYING]


def test_people_whose_overhead_exceeds_any_saving_never_become_occasional_users():
    """A property of whole runs: where the overhead is at least 1 even at full competence, the net value
    is never positive, so the person can try AI but never moves beyond trying."""
    cfg = make_cfg(
        "package=balanced", "org.size=600", "run.months=36", "params.value.overhead_mean=0.8",
        "params.value.overhead_competence=0.5",
    )  # fmt: skip
    for replicate in range(2):
        m = AdoptionModel(cfg, replicate=replicate)
        m.run()
        s = m.state
        hopeless = s.overhead * (1 - 0.5) >= 1.0
        assert hopeless.sum() > 10  # exponential overhead, mean 0.8: P(overhead >= 2) = e^-2.5, 8 % of 600
        assert not np.isin(s.stage[hopeless], (OCCASIONAL, REGULAR)).any()
        assert (s.stage[hopeless] != NEVER).any()  # they did try


def test_realised_gain_is_the_harvested_share_of_the_gross_saving_less_hours_spent_without_overhead():
    df = simulate(
        ["package=hr_five_step", "org.size=300", "run.months=12", "params.value.harvest_share=0.3",
         "params.value.overhead_mean=0"],
        seed=3,
    )  # fmt: skip
    hours, spent = df["hours_saved_per_fte_week"].to_numpy(), df["hours_spent_per_fte_week"].to_numpy()
    assert hours.max() > 0 and spent.max() > 0
    np.testing.assert_allclose(df["realised_gain_share"], (0.3 * hours - spent) / 37.0, rtol=1e-9, atol=1e-15)


def test_users_saving_nothing_are_counted_among_users():
    org = tiny_org([0] * 4, [])
    m = tiny_model(org, "tools.ease_of_use=1")
    s = m.state
    only_task(m, COMM)
    s.stage[:] = [REGULAR, TRYING, NEVER, OCCASIONAL]
    s.adopted[:] = [bit(first_cases(1))[0], 0, 0, bit(first_cases(1))[0]]
    s.overhead[:] = [0.0, 0.0, 0.0, 5.0]
    s.job_fit[:] = 0.7
    prepare(m)
    use.step(s, m)
    m.recorder.record(s)  # a month's row from this state
    # person 0 saves time; person 1 has no time use case; person 3 loses time; person 2 is no user
    assert m.recorder.latest("users_saving_nothing_share") == pytest.approx(2 / 3)


# --------------------------------------------------------------------------- 7 the two fears
def test_fear_of_job_loss_moves_to_its_target_and_credibility_builds_slowly():
    org = tiny_org([0, 0], [])
    m = tiny_model(
        org,
        "params.fears.job_adjust=1",
        "params.fears.job_threat=0.06",
        "params.fears.credibility_rate=0.1",
        "communication.hype=0.2",
        "communication.job_security=1",
        "harvest.policy=reinvest_quality",
        "communication.harvest_clarity=1",
    )
    s = m.state
    s.traits["baseline_anxiety"][:] = [0.5, 0.9]
    prepare(m)
    attitude.step(s, m)
    credibility = 0.1 * (1.0 * (1 - 0.5 * 0.2))  # a tenth of the way to the commitment less the eroded share
    assert s.credibility == pytest.approx(credibility)
    target = np.array([0.5, 0.9]) + 0.06 * 0.1 + 0.1 * 0.2 - 0.3 * credibility  # threat: reinvest_quality, 0.1
    assert s.fear_job.tolist() == pytest.approx(target.tolist())
    # a long-kept commitment: no commitment removes the share params.fears.job_persistence of one's disposition
    m = tiny_model(
        org, "params.fears.job_adjust=1", "params.fears.job_commitment=1", "params.fears.credibility_rate=0",
        "communication.hype=0",
    )  # fmt: skip
    m.state.traits["baseline_anxiety"][:] = [0.5, 0.9]
    m.state.credibility = 1.0
    prepare(m)
    attitude.step(m.state, m)
    assert m.state.fear_job.tolist() == pytest.approx([0.8 * 0.5, 0.8 * 0.9])


def test_fear_of_errors_falls_with_competence_frames_trust_and_safe_practice():
    org = tiny_org([0] * 4, [])
    m = tiny_model(
        org, "params.fears.errors_adjust=1", "rules.human_decides=true", "tools.transparent=false", "rules.clarity=0"
    )
    s = m.state
    s.traits["need_rules"][:] = 1.0
    s.competence[:] = [0.0, 1.0, 0.0, 0.0]
    s.modules_attended[:] = [0, 0, 1, 0]
    prepare(m)
    s.help[:] = [0.0, 0.0, 0.0, 1.0]
    frames = s.signals.frames.copy()
    attitude.step(s, m)
    trust = 1 - 0.5 * 0.5  # human decisions alone: half of params.attitude.trust_relief
    unsafe = 0.2 + 0.8 * (1 - frames) * (1 - s.competence)
    safe = np.array([0, 0, 0.5, 0.5])
    expected = 0.6 * unsafe * trust * (1 - 0.5 * safe)
    assert s.fear_errors.tolist() == pytest.approx(expected.tolist())
    assert s.fear_errors[1] < s.fear_errors[0] and s.fear_errors[2] < s.fear_errors[0]


def paired(base: list[str], arm: list[str], metric: str, month: int, group: str = "all", replicates: int = 8):
    """Paired differences arm - base of ``metric`` at ``month`` (common random numbers), per replicate."""
    common = ["org.size=600", "run.months=36"]
    a = simulate([*common, *base], replicates=replicates, seed=11)
    b = simulate([*common, *arm], replicates=replicates, seed=11)

    def pick(df):
        return df[(df.month == month) & (df.archetype == group)].set_index("replicate")[metric]

    return (pick(b) - pick(a)).to_numpy()


def test_a_job_security_commitment_works_slowly():
    """Fear of job loss is slow (DOMAIN.md §8: built over time). A commitment made in week 0 and kept,
    with an honest word that gains are reinvested, must have done less than half of its month-24 effect
    by month 3: credibility and the fear each close 2 % of their gap a week, so a quarter of a year
    moves each about a quarter of the way. 8 paired replicates, 600 people."""
    commitment = ["communication.job_security=1", "harvest.policy=reinvest_quality", "communication.harvest_clarity=1"]
    early = paired([], commitment, "fear_job_loss_mean", 3)
    late = paired([], commitment, "fear_job_loss_mean", 24)
    assert late.mean() < -2 * late.std(ddof=1) / math.sqrt(late.size)
    assert abs(early.mean()) < 0.5 * abs(late.mean())


def test_fear_of_job_loss_persists_in_a_minority_under_the_strongest_package():
    """A persistent minority fears job loss even under a package with a job-security commitment
    (DOMAIN.md §8). 'Persistent' is read as: more than nobody, in every replicate, after three years."""
    df = simulate(["package=balanced", "org.size=600", "run.months=36"], replicates=4, seed=11)
    last = df[(df.month == 36) & (df.archetype == "all")]["fear_job_loss_share"]
    assert (last > 0).all()


def test_training_lowers_the_fear_of_errors():
    """Fear of errors falls with competence and safe practice (DOMAIN.md §8). Attending one module removes a
    quarter of one's target (params.fears.errors_safe_practice x 1/2) and three modules add competence, so
    mandatory training must lower the mean fear of errors at month 12 by at least a tenth of the status
    quo's level (a conservative share of that quarter). 8 paired replicates, 600 people."""
    diff = paired([], ["training.mode=mandatory"], "fear_errors_mean", 12)
    base = simulate(["org.size=600", "run.months=12"], replicates=8, seed=11)
    level = base[(base.month == 12) & (base.archetype == "all")]["fear_errors_mean"].mean()
    assert diff.mean() < -2 * diff.std(ddof=1) / math.sqrt(diff.size)
    assert -diff.mean() >= 0.1 * level


def test_the_two_fears_can_bar_take_up_instead_of_the_combined_anxiety():
    from sim.mechanisms.exploration import barrier_anxiety1, willingness1

    org = tiny_org([0], [])
    for share, expected in ((0.0, 0.9), (1.0, (0.1 + 0.3) / 2), (0.5, 0.5 * 0.9 + 0.5 * 0.2)):
        m = tiny_model(org, f"params.uptake.fears_barrier={share}")
        par = m.bound.exploration.params[0]
        barrier = barrier_anxiety1(0.9, 0.1, 0.3, par)
        assert barrier == pytest.approx(expected)
        # the barrier's anxiety is what willingness reads
        assert willingness1(barrier, 1.0, 0.0, par) == pytest.approx(1 - m.cfg.params.anxiety_barrier * expected)
