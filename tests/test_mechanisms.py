"""Unit tests of the weekly mechanisms on tiny hand-built organisations, with exact answers."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.catalogue import TASK_TYPES, load_catalogue, survey_task_mix
from sim.config import ARCHETYPES
from sim.mechanisms import abandonment, attitude, environment, exploration, leadership, spread, training, use
from sim.mechanisms.bits import bit, bit1, draw_task_type, nth_set_bit, pick, popcount1
from sim.model import AdoptionModel
from sim.outputs import month_end_weeks
from sim.state import ABANDONED, NEVER, OCCASIONAL, REGULAR, TRYING, apply_levers, willingness
from tests.conftest import WITHOUT_NEW_MECHANISMS, make_cfg, tiny_org
from tests.conftest import tiny_model as _tiny_model


def tiny_model(org, *overrides: str):
    """A tiny model with the mechanisms added for the field evidence off: the older formulas alone."""
    return _tiny_model(org, *WITHOUT_NEW_MECHANISMS, *overrides)


COMM = TASK_TYPES.index("communication")


def prepare(m):
    """Run the parts of the week that set this week's signals (1 environment, 2 leaders)."""
    environment.step(m.state, m)
    leadership.step(m.state, m)


class FixedStream:
    """Stands in for a random stream: every uniform is ``value`` (exact, deterministic tests)."""

    def __init__(self, value: float) -> None:
        self.value = value
        self.bit_generator = self  # skipping draws (bit_generator.advance) changes nothing

    def random(self, size: int | tuple[int, ...]) -> np.ndarray:
        return np.full(size, self.value)

    def advance(self, count: int) -> None:
        pass


def only_task(m, k):
    m.state.task_mix[:] = 0.0
    m.state.task_mix[:, k] = 1.0


# --------------------------------------------------------------------------- bits and data
def test_bit_helpers():
    masks = np.array([0b1011, 0, 1 << 63, (1 << 63) | 1], dtype=np.uint64)
    assert [int(x).bit_count() for x in masks] == [3, 0, 1, 2]
    assert nth_set_bit(masks, np.array([0, 0, 0, 1])).tolist() == [0, -1, 63, 63]
    assert nth_set_bit(masks, np.array([2, 0, 1, 2])).tolist() == [3, -1, -1, -1]
    assert pick(masks, np.array([0.0, 0.5, 0.99, 0.99])).tolist() == [0, -1, 63, 63]
    assert pick(masks, np.array([0.5, 0.5, 0.5, 0.49])).tolist() == [1, -1, 63, 0]
    assert bit(np.array([-1, 0, 5])).tolist() == [0, 1, 32]
    mix = np.array([[0.5, 0.5, 0, 0, 0], [0, 0, 0, 0, 1.0]])
    assert draw_task_type(mix, np.array([0.7, 0.2])).tolist() == [1, 4]


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**64 - 1), st.floats(0.0, 1.0, exclude_max=True))
def test_compiled_bit_helpers_agree_with_python_integers(mask, u):
    """The compiled one-mask helpers against Python's own integer operations."""
    bits = [b for b in range(64) if mask >> b & 1]
    assert popcount1(np.uint64(mask)) == mask.bit_count()
    masks = np.array([mask] * 65, dtype=np.uint64)
    assert nth_set_bit(masks, np.arange(65)).tolist() == bits + [-1] * (65 - len(bits))
    k = min(int(u * len(bits)), max(len(bits) - 1, 0))
    assert pick(masks[:1], np.array([u])).tolist() == [bits[k] if bits else -1]
    assert [int(bit1(b)) for b in bits] == [1 << b for b in bits] and bit1(-1) == 0


def test_catalogue_matches_the_seed_counts():
    cat = load_catalogue()
    assert cat.size == 63
    assert (cat.horizon == 0).sum() == 34, "31 'now' plus 3 'now|plans' use cases"
    assert (cat.horizon == 1).sum() == 2 and (cat.horizon == 2).sum() == 27
    assert cat.quality.sum() == 30
    mix = survey_task_mix()
    assert mix.sum() == pytest.approx(1.0)
    assert mix[COMM] == pytest.approx(459 / 1860)


def test_month_ends():
    ends = month_end_weeks(36)
    assert ends[0] == 0 and ends[12] == 52 and ends[36] == 156
    assert ends[1:13].tolist() == [4, 9, 13, 17, 22, 26, 30, 35, 39, 43, 48, 52]


# --------------------------------------------------------------------------- 1 environment
def test_environment_schedule_and_accepted_risk():
    org = tiny_org([0, 0], [(0, 1)])
    cat = load_catalogue()
    m = tiny_model(
        org,
        "rules.accepted_risk=1",
        "tools.plans_week=10",
        "rules.guidelines_week=3",
        "rules.clarity=0.8",
        "tools.builtin_week=5",
    )
    s = m.state
    environment.step(s, m)
    assert int(s.available).bit_count() == 34
    assert s.signals.rules_clarity == 0.0 and not s.signals.builtin_here.any()
    s.week = 10
    environment.step(s, m)
    assert int(s.available).bit_count() == 36
    assert s.signals.rules_clarity == 0.8 and s.signals.builtin_here.all()
    m0 = tiny_model(org, "rules.accepted_risk=0")
    environment.step(m0.state, m0)
    risky_now = int((cat.risky & (cat.horizon == 0)).sum())
    assert risky_now == 2  # 7.2 and 7.11 (interpreting, real-time translation)
    assert int(m0.state.available).bit_count() == 34 - risky_now


def test_pilot_rollout_gives_access_to_pilot_teams_first():
    org = tiny_org([0] * 5 + [1] * 5 + [2] * 5 + [3] * 5, [])
    m = tiny_model(
        org, "rollout.mode=pilot", "rollout.pilot_share=0.5", "rollout.pilot_weeks=10", "tools.access_week=2"
    )
    weeks = m.state.access_week
    per_team = [set(weeks[org.team == t]) for t in range(4)]
    assert all(len(w) == 1 for w in per_team)
    assert sorted(w.pop() for w in per_team) == [2, 2, 12, 12]


def volunteer_pilot(*overrides: str):
    """20 people in 4 teams, nobody anxious or fearful, belief rising with the index (so willingness does); persons
    3 (occasional) and 12 (regular) use AI, 2 gave up. The pilot is chosen again from this state (set-up over):
    a pilot of 5 volunteers (a quarter) gets tools at week 0, the rest at week 10."""
    m = tiny_model(tiny_org([0] * 5 + [1] * 5 + [2] * 5 + [3] * 5, []), "rollout.mode=pilot",
                   "rollout.pilot_selection=volunteers", "rollout.pilot_share=0.25", "rollout.pilot_weeks=10",
                   *overrides)  # fmt: skip
    return choose_again(m)


def choose_again(m):
    """:func:`volunteer_pilot`'s state set on model ``m`` and its pilot chosen again: the model and the pilot."""
    s = m.state
    s.anxiety[:], s.fear_errors[:], s.fear_job[:] = 0.0, 0.0, 0.0
    s.belief[:] = np.linspace(0.0, 0.95, s.n)
    s.stage[:] = NEVER
    s.stage[[3, 12, 2]] = [OCCASIONAL, REGULAR, ABANDONED]
    apply_levers(s, m.cfg, m.org, m.streams, start_week=0)
    return m, set(np.flatnonzero(s.access_week == 0).tolist())


def test_volunteer_pilot_chooses_people_using_ai_first_then_the_most_willing():
    """Volunteers are people, not teams: those using AI when the rollout starts first (3 and 12, before 16 whose
    belief is higher; 2, who gave up, is not using), then the most willing (here the highest belief: 19, 18, 17).
    Willingness is the array form of the one-person formula that scales exploration."""
    m, pilot = volunteer_pilot("params.uptake.fears_barrier=0.5")  # (the fears then count in willingness)
    assert pilot == {3, 12, 19, 18, 17}
    assert sorted(set(m.state.access_week.tolist())) == [0, 10]
    s, par = m.state, m.bound.exploration.params[0]
    s.anxiety[:] = np.linspace(0.9, 0.0, s.n)
    s.fear_job[:], s.fear_errors[:] = 0.3, np.linspace(0.0, 0.6, s.n)
    one = [exploration.willingness1(exploration.barrier_anxiety1(s.anxiety[i], s.fear_errors[i], s.fear_job[i], par),
                                    s.belief[i], 0.0, par) for i in range(s.n)]  # fmt: skip
    assert willingness(s, m.cfg) == pytest.approx(np.array(one), rel=1e-12)


def test_random_places_of_a_pilot_go_to_those_the_selection_left_out():
    """rollout.pilot_random_share: of 5 places, 2 go at random (round(0.4 x 5)) to the 17 left out by the
    selection; the 3 first by it (3, 12, 19) are always in. Over 20 replicates the two drawn places are not always
    the next two by willingness (18 and 17; the chance of that in one is 1 in 136). A team pilot whose places all
    go at random ignores the selection: 3 of 10 teams, 5 of them all opportunity-seekers, the rest none; ranked
    by opportunity-seekers the pilot is those teams alone, at random it holds 3 x 5 / 10 = 1.5 of them on average
    (hypergeometric, sd 0.76 per pilot, so the mean of 100 replicates lies within 0.3 of 1.5 but once in 10,000)."""
    drawn = []
    m, _ = volunteer_pilot("rollout.pilot_random_share=0.4")
    for replicate in range(20):
        m, pilot = choose_again(AdoptionModel(m.cfg, org=m.org, replicate=replicate))
        assert len(pilot) == 5 and {3, 12, 19} <= pilot
        drawn.append(pilot - {3, 12, 19})
    assert any(d != {18, 17} for d in drawn)
    seekers = ARCHETYPES.index("opportunity_seeker")
    org = tiny_org([t for t in range(10) for _ in range(3)], [], archetypes=[seekers] * 15 + [0] * 15)

    def seeker_teams(*extra: str) -> list[int]:
        pilots = []
        cfg = make_cfg(*WITHOUT_NEW_MECHANISMS, "rollout.mode=pilot", "rollout.pilot_share=0.3",
                       "rollout.pilot_selection=opportunity_seekers", *extra)  # fmt: skip
        for replicate in range(100):
            weeks = AdoptionModel(cfg, org=org, replicate=replicate).state.access_week
            assert sorted(set(weeks.tolist())) == [0, 13] and (weeks == 0).sum() == 9  # fmt: skip
            pilots.append(len({int(t) for t in org.team[(weeks == 0) & (org.archetype == seekers)]}))
        return pilots

    assert set(seeker_teams()) == {3}
    assert abs(np.mean(seeker_teams("rollout.pilot_random_share=1")) - 1.5) < 0.3


def test_ai_built_in_comes_with_each_persons_access_when_asked():
    """tools.builtin_with_access: with AI built in from week 0 and a team pilot of half the teams (10 weeks), the
    pilot has it from week 0 and the rest from week 10; without the option everyone has it from week 0. The
    environment sets each person's flag week by week."""
    org = tiny_org([0] * 5 + [1] * 5 + [2] * 5 + [3] * 5, [])
    pilot = ("rollout.mode=pilot", "rollout.pilot_share=0.5", "rollout.pilot_weeks=10", "tools.builtin_week=0")
    m = tiny_model(org, *pilot, "tools.builtin_with_access=true")
    s = m.state
    assert s.builtin_week.tolist() == s.access_week.tolist() and sorted(set(s.access_week.tolist())) == [0, 10]
    s.week = 5
    environment.step(s, m)
    assert s.signals.builtin_here.tolist() == (s.access_week <= 5).astype(float).tolist()
    s.week = 10
    environment.step(s, m)
    assert s.signals.builtin_here.tolist() == [1.0] * s.n
    everyone = tiny_model(org, *pilot).state
    assert everyone.builtin_week.tolist() == [0] * s.n and sorted(set(everyone.access_week.tolist())) == [0, 10]


def test_the_loops_read_each_persons_own_ai_built_in():
    """With AI built in coming with the pilot's access and everyone holding (public) tools, only the pilot has the
    button: of non-users with every other take-up term at 0, the pilot's take AI up (spread), the rest do not; of
    occasional users whose belief gives the habit floor, only the pilot's habit of 1 lifts them (a uniform between
    the two step-up chances: promote_rate x sigma x (1 + floor) / 2, sigma about 1)."""
    org = tiny_org([0] * 5 + [1] * 5 + [2] * 5 + [3] * 5, [])
    m = tiny_model(org, "rollout.mode=pilot", "rollout.pilot_share=0.5", "rollout.pilot_weeks=10",
                   "tools.builtin_week=0", "tools.builtin_with_access=true", "params.peer_rate=0", "params.help_rate=0",
                   "params.mandate_rate=0")  # fmt: skip
    s = m.state
    pilot = s.builtin_week == 0
    assert pilot.sum() == 10
    s.access_week[:] = 0
    s.belief[:], s.anxiety[:] = 1.0, 0.0
    m.streams["spread"] = FixedStream(0.0)
    prepare(m)
    spread.step(s, m)
    assert (s.stage == TRYING).tolist() == pilot.tolist()
    s.stage[:], s.moved[:], s.benefit[:], s.belief[:] = OCCASIONAL, False, 1e9, 0.0
    floor = m.cfg.params.progression.habit_floor
    m.streams["abandonment"] = FixedStream(m.cfg.params.promote_rate * (1.0 + floor) / 2)
    abandonment.step(s, m)
    assert (s.stage == REGULAR).tolist() == pilot.tolist()


# --------------------------------------------------------------------------- 2 leaders
@pytest.mark.parametrize(
    ("policy", "clarity", "threat"),
    [("reduce_staffing", 1.0, 1.0), ("unclear", 0.0, 0.5), ("reinvest_quality", 0.5, 0.3)],
)
def test_job_threat_from_harvest_policy(policy, clarity, threat):
    m = tiny_model(tiny_org([0, 0], [(0, 1)]), f"harvest.policy={policy}", f"communication.harvest_clarity={clarity}")
    prepare(m)
    assert m.state.signals.job_threat == pytest.approx(threat)


@pytest.mark.parametrize(("hours", "help_"), [(2.0, 1.0), (1.0, 0.5), (0.0, 0.0)])
def test_superuser_help_per_colleague(hours, help_):
    org = tiny_org([0] * 5 + [1] * 3, [])
    m = tiny_model(org, f"superusers.hours_per_week={hours}", "params.help_need_hours=0.5")
    m.state.is_superuser[:] = False
    m.state.is_superuser[0] = True
    prepare(m)
    # 4 colleagues need 0.5 h each; the other team has no superuser
    assert m.state.help[:5].tolist() == pytest.approx([help_] * 5)
    assert m.state.help[5:].tolist() == [0.0] * 3
    assert m.state.cost_eur[0] == pytest.approx(hours * 50.0)


def test_leader_literacy_scales_room_and_push():
    org = tiny_org([0, 0, 1, 1], [], leaders=[0, 2])
    m = tiny_model(org, "leadership.transformation_weight=0.8", "leadership.style_sd=0", "leadership.leader_literacy=0")
    m.state.competence[0] = 1.0  # leader of team 0 uses AI; leader of team 1 does not
    prepare(m)
    assert m.state.signals.room.tolist() == pytest.approx([0.8, 0.4])
    assert m.state.signals.push.tolist() == pytest.approx([0.2, 0.1])


# --------------------------------------------------------------------------- 3 training
def test_module_weeks_one_off_and_permanent():
    one_off = make_cfg(
        "training.mode=mandatory", "training.start_week=8", "training.spacing_weeks=3", "training.modules=3"
    )
    assert [w for w in range(120) if training.is_module_week(one_off, w)] == [8, 11, 14]
    permanent = make_cfg(
        "training.mode=mandatory",
        "training.start_week=8",
        "training.spacing_weeks=3",
        "training.modules=3",
        "training.refresh=true",
        "training.refresh_interval_weeks=26",
    )
    assert [w for w in range(70) if training.is_module_week(permanent, w)] == [8, 11, 14, 34, 37, 40, 60, 63, 66]
    none = make_cfg("training.start_week=8")
    assert not any(training.is_module_week(none, w) for w in range(100))


def test_mandatory_module_effect_is_exact():
    org = tiny_org([0, 0, 0], [])
    m = tiny_model(
        org,
        "training.mode=mandatory",
        "training.start_week=0",
        "training.action_learning=true",
        "training.format=physical",
        "params.learn_rate=0.25",
        "communication.purpose=0.5",
    )
    m.streams["training"] = FixedStream(0.99)  # nobody tries AI in the booked practice
    s = m.state
    s.competence[:] = [0.0, 0.5, 1.0]
    prepare(m)
    training.step(s, m)
    gain = 0.25 * 1.0 * 1.5 * (0.4 + 0.6 * 0.5)  # learn rate x physical x action learning x goals
    assert s.competence.tolist() == pytest.approx([gain, 0.5 + gain * 0.5, 1.0])
    assert s.instructed.all() and s.modules_attended.tolist() == [1, 1, 1]
    assert s.cost_eur.tolist() == pytest.approx([3 * 50.0 + 60.0] * 3)
    assert s.stage.tolist() == [NEVER] * 3


def test_action_learning_makes_non_users_try_and_domain_content_proves_a_use_case():
    org = tiny_org([0, 0, 1], [])
    m = tiny_model(
        org,
        "training.mode=mandatory",
        "training.start_week=0",
        "training.action_learning=true",
        "training.domain_specific=true",
        "rules.accepted_risk=1",
    )
    m.streams["training"] = FixedStream(0.0)  # everyone tries in the booked practice
    only_task(m, COMM)
    s = m.state
    s.stage[:] = [NEVER, REGULAR, ABANDONED]
    prepare(m)
    training.step(s, m)
    first_comm = 1 << int(np.flatnonzero((load_catalogue().task_type == COMM) & (load_catalogue().horizon == 0))[0])
    assert s.stage.tolist() == [TRYING, REGULAR, TRYING]
    assert s.team_proven.tolist() == [first_comm, first_comm], "the tested use case is proven in both teams"
    assert s.adopted[1] == first_comm, "a user adopts the tested use case"


def test_limited_places_go_to_those_with_fewest_modules():
    org = tiny_org([0] * 6, [])
    m = tiny_model(org, "training.mode=mandatory", "training.start_week=0", "training.cohort_size=2")
    s = m.state
    s.modules_attended[:] = [1, 0, 1, 0, 2, 1]
    s.training_order[:] = [0.1, 0.9, 0.2, 0.3, 0.0, 0.05]
    prepare(m)
    training.step(s, m)
    assert s.modules_attended.tolist() == [1, 1, 1, 1, 2, 1]  # persons 3 then 1 (no module yet)


def test_voluntary_uptake_follows_curiosity():
    org = tiny_org([0] * 400, [])
    m = tiny_model(org, "training.mode=voluntary", "training.start_week=0")
    s = m.state
    s.traits["curiosity"][:200] = 1.0
    s.traits["curiosity"][200:] = 0.0
    s.anxiety[:] = 0.0
    s.belief[:] = 0.0
    prepare(m)
    training.step(s, m)
    # uptake 0.75 for the curious, 0.05 for the rest
    assert 0.65 < s.modules_attended[:200].mean() < 0.85
    assert s.modules_attended[200:].mean() < 0.12
    assert not s.instructed.any()


# --------------------------------------------------------------------------- 4 exploration, 5 spread
def open_minded(m):
    s = m.state
    s.anxiety[:] = 0.0
    s.belief[:] = 1.0
    s.traits["curiosity"][:] = 1.0
    s.traits["need_rules"][:] = 0.0
    s.traits["need_proof"][:] = 0.0


def test_exploration_success_is_adopted_and_proven_in_the_team():
    org = tiny_org([0, 0, 1], [(0, 1)])
    m = tiny_model(org, "tools.ease_of_use=1", "rules.accepted_risk=1")
    m.streams["exploration"] = FixedStream(0.0)  # everyone with a positive rate explores and succeeds
    open_minded(m)
    only_task(m, COMM)
    s = m.state
    s.competence[:] = 1.0
    s.traits["curiosity"][2] = 0.0  # never explores
    prepare(m)
    exploration.step(s, m)
    first_comm = np.flatnonzero((load_catalogue().task_type == COMM) & (load_catalogue().horizon == 0))[0]
    assert s.adopted.tolist() == [1 << int(first_comm), 1 << int(first_comm), 0]
    assert s.stage.tolist() == [TRYING, TRYING, NEVER] and s.moved.tolist() == [True, True, False]
    assert s.team_proven.tolist() == [1 << int(first_comm), 0]


def test_failed_exploration_still_counts_as_trying():
    org = tiny_org([0], [])
    m = tiny_model(org, "tools.ease_of_use=0", "params.explore_rate=5.0")
    m.streams["exploration"] = FixedStream(0.5)  # goes (p = 0.86) but fails (success needs u < 0.3)
    open_minded(m)
    m.state.traits["curiosity"][:] = 1.0
    prepare(m)
    exploration.step(m.state, m)
    assert m.state.stage[0] == TRYING and m.state.adopted[0] == 0 and m.state.team_proven[0] == 0


def test_exposure_on_the_network_and_fully_mixed():
    org = tiny_org([0, 0, 0, 1], [(0, 1), (1, 2)])
    m = tiny_model(org)
    m.state.stage[:] = [REGULAR, NEVER, TRYING, NEVER]
    assert spread.exposure(m.state, m).tolist() == [0.0, 1.0, 0.0, 0.0]
    full = tiny_model(org, "org.mixing=full")
    full.state.stage[:] = [REGULAR, NEVER, TRYING, NEVER]
    assert spread.exposure(full.state, full).tolist() == pytest.approx([1 / 3, 2 / 3, 1 / 3, 2 / 3])


def test_help_brings_in_a_non_user_with_the_team_s_proven_use_case():
    org = tiny_org([0, 0], [])
    m = tiny_model(org, "superusers.hours_per_week=10", "params.peer_rate=0", "params.transition_rate=0")
    m.streams["spread"] = FixedStream(0.0)
    open_minded(m)
    s = m.state
    s.is_superuser[:] = [True, False]
    s.stage[0] = REGULAR
    proven = int(np.flatnonzero(load_catalogue().horizon == 0)[3])
    s.team_proven[0] = bit(np.array([proven]))[0]
    prepare(m)
    spread.step(s, m)
    assert s.stage[1] == TRYING and s.adopted[1] == s.team_proven[0]


def test_no_take_up_without_access():
    org = tiny_org([0, 0], [(0, 1)])
    m = tiny_model(org, "tools.access_week=100", "params.explore_rate=5", "params.peer_rate=5")
    open_minded(m)
    m.state.stage[0] = REGULAR
    prepare(m)
    exploration.step(m.state, m)
    spread.step(m.state, m)
    assert m.state.stage.tolist() == [REGULAR, NEVER]


# --------------------------------------------------------------------------- 6 use and gains
def test_hours_saved_value_and_licence_cost_are_exact():
    org = tiny_org([0], [])
    m = tiny_model(
        org,
        "tools.ease_of_use=1",
        "tools.approved=few",
        "communication.hype=0.3",
        "params.max_time_saving=0.25",
        "params.expected_benefit=0.03",
        "params.hype_inflation=1",
        "params.use_case_saturation=2",
        "params.use.capability_floor=0.4",
    )
    s = m.state
    s.job_fit[0] = 0.8
    s.frontier[0] = 1.3  # tasks well inside what AI does well: 1.3 times the task-level saving
    only_task(m, COMM)
    comm_cases = np.flatnonzero((load_catalogue().task_type == COMM) & (load_catalogue().horizon == 0))[:2]
    s.adopted[0] = np.bitwise_or.reduce(bit(comm_cases))
    s.stage[0] = REGULAR
    s.competence[0] = 0.5
    prepare(m)
    use.step(s, m)
    cov = 0.8 * (1 - math.exp(-2 / 2.0))  # job fit x coverage of the only task type
    cap = (0.4 + 0.6 * 0.5) * 1.0
    hours = 37.0 * 0.25 * 1.3 * cov * cap
    assert s.hours_saved[0] == pytest.approx(hours, rel=1e-12)
    assert s.benefit[0] == pytest.approx(1.3 * cov * cap / (0.03 * 1.3), rel=1e-12)
    assert s.value_eur[0] == pytest.approx(hours * 50.0)
    assert s.cost_eur[0] == pytest.approx(25.0 * 12 / 52)
    assert s.competence[0] == pytest.approx(0.5 + 0.01 * 0.5)


@pytest.mark.parametrize(("stage", "factor"), [(TRYING, 0.25), (OCCASIONAL, 0.5), (NEVER, 0.0), (ABANDONED, 0.0)])
def test_intensity_by_stage(stage, factor):
    org = tiny_org([0, 0], [])
    m = tiny_model(org)
    only_task(m, COMM)
    s = m.state
    comm_case = np.flatnonzero((load_catalogue().task_type == COMM) & (load_catalogue().horizon == 0))[0]
    s.adopted[:] = bit(np.array([comm_case]))[0]
    s.job_fit[:] = 0.7
    s.frontier[:] = 1.0
    s.stage[:] = [REGULAR, stage]
    prepare(m)
    use.step(s, m)
    assert s.hours_saved[1] == pytest.approx(factor * s.hours_saved[0])


def test_incident_probability_falls_with_competence_critical_sense_and_frames():
    org = tiny_org([0] * 4000, [])
    m = tiny_model(org, "params.incident_rate=0.5", "tools.approved=few", "rules.clarity=1", "communication.purpose=1")
    s = m.state
    s.stage[:] = REGULAR
    s.traits["critical_sense"][:2000] = 0.0
    s.traits["critical_sense"][2000:] = 1.0
    s.competence[:] = 0.0
    prepare(m)
    assert s.signals.frames.min() == 1.0
    use.step(s, m)
    low, high = s.incident_now[:2000].mean(), s.incident_now[2000:].mean()
    assert low == pytest.approx(0.5 * 0.4, abs=0.03)
    assert high == pytest.approx(0.5 * 0.4 * 0.4, abs=0.02)


# --------------------------------------------------------------------------- 7 attitude, 8 abandonment
def _attitude_model(*overrides: str):
    m = tiny_model(
        tiny_org([0, 0], []),
        "communication.hype=0",
        "harvest.policy=unclear",
        "communication.harvest_clarity=0",
        "communication.job_security=1",
        "params.attitude.threat_job=0.25",
        *overrides,
    )
    s = m.state
    s.traits["baseline_anxiety"][:] = 0.3
    s.traits["need_rules"][:] = 0.0
    prepare(m)
    s.signals.exposure[:] = 0.0
    return m, s


@pytest.mark.parametrize("credibility", [0.0, 0.5, 1.0])
def test_anxiety_moves_to_its_target_and_a_commitment_relieves_as_far_as_it_is_believed(credibility):
    m, s = _attitude_model(
        "params.anxiety_adjust=1", "params.anxiety_relief_adjust=1", "params.fears.credibility_rate=0"
    )
    s.credibility = credibility
    attitude.step(s, m)
    # baseline + threat_job x job threat (unclear policy, no clarity: 0.5) - relief_job_security x credibility
    assert s.anxiety.tolist() == pytest.approx([0.3 + 0.25 * 0.5 - 0.15 * credibility] * 2)


def test_alarm_is_quick_and_reassurance_slow():
    """Toward a target above, anxiety closes params.anxiety_adjust of the gap; toward one below, the
    smaller params.anxiety_relief_adjust."""
    m, s = _attitude_model(
        "params.anxiety_adjust=0.1", "params.anxiety_relief_adjust=0.05", "params.fears.credibility_rate=0"
    )
    target = 0.3 + 0.25 * 0.5  # credibility 0: no relief from the commitment yet
    s.anxiety[:] = [target - 0.2, target + 0.2]
    attitude.step(s, m)
    assert s.anxiety.tolist() == pytest.approx([target - 0.2 + 0.1 * 0.2, target + 0.2 - 0.05 * 0.2])


def test_satisfied_users_move_up_and_disappointed_users_give_up():
    org = tiny_org([0] * 6, [])
    m = tiny_model(org, "params.promote_rate=1", "params.abandon_rate=1")
    s = m.state
    s.stage[:] = [TRYING, OCCASIONAL, REGULAR, TRYING, OCCASIONAL, NEVER]
    s.belief[:] = 1.0
    prepare(m)
    s.benefit[:] = [1e12, 1e12, 1e12, 0.0, 0.0, 0.0]
    abandonment.step(s, m)
    assert s.stage.tolist() == [OCCASIONAL, REGULAR, REGULAR, ABANDONED, ABANDONED, NEVER]
    assert s.moved.tolist() == [True, True, False, True, True, False]


@pytest.mark.parametrize("u", [0.04, 0.07, 0.14, 0.16, 0.29, 0.31])
def test_who_finds_no_value_gives_up_at_its_own_rate(u):
    """Trying or occasional users whose use brings nothing (benefit 0 or below) give up with probability
    params.abandon_rate x params.progression.no_value_factor x (1 - help_retention x help); the disappointed who find
    something with params.abandon_rate x (1 - sigma); regular users with no value only lapse, at abandon_rate x
    regular_lapse."""
    org = tiny_org([0] * 5, [])
    m = tiny_model(org, "params.promote_rate=0", "params.abandon_rate=0.1", "params.progression.no_value_factor=3",
                   "params.progression.help_retention=0.5", "params.progression.regular_lapse=0.5")  # fmt: skip
    m.streams["abandonment"] = FixedStream(u)
    s = m.state
    s.stage[:] = [TRYING, OCCASIONAL, TRYING, REGULAR, TRYING]
    prepare(m)
    s.benefit[:] = [0.0, -1.0, 1.0, 0.0, -1.0]  # sigma 0, 0, 0.5, 0, 0
    s.help[:] = [0.0, 0.0, 0.0, 0.0, 1.0]
    abandonment.step(s, m)
    leaves = {0: u < 0.3, 1: u < 0.3, 2: u < 0.1 * 0.5, 3: u < 0.1 * 0.5, 4: u < 0.3 * 0.5}
    expected = [ABANDONED if leaves[0] else TRYING, ABANDONED if leaves[1] else OCCASIONAL,
                ABANDONED if leaves[2] else TRYING, OCCASIONAL if leaves[3] else REGULAR,
                ABANDONED if leaves[4] else TRYING]  # fmt: skip
    assert s.stage.tolist() == expected
    assert s.stuck.tolist() == [leaves[0], leaves[1], False, False, leaves[4]]


@pytest.mark.parametrize("u", [0.03, 0.1, 0.2, 0.3, 0.6])
def test_a_satisfied_trier_may_settle_at_once_at_the_regular_stage(u):
    """With params.progression.direct_regular, a trying user who steps up (u below promote_rate x sigma) lands at the
    regular stage when u is also below promote_rate x sigma x direct_regular x sigma x habit x r (habit: habit_floor
    + (1 - habit_floor) x belief; r the relevance, 1 here, tests/test_relevance.py varies it); occasional users step
    up as before, and with direct_regular 0 nobody skips a stage."""
    org = tiny_org([0] * 4, [])
    m = tiny_model(org, "params.promote_rate=1", "params.abandon_rate=0", "params.progression.habit_floor=0.5",
                   "params.progression.direct_regular=1")  # fmt: skip
    m.streams["abandonment"] = FixedStream(u)
    s = m.state
    s.stage[:] = [TRYING, TRYING, OCCASIONAL, TRYING]
    s.belief[:] = [1.0, 0.0, 1.0, 1.0]
    prepare(m)
    s.benefit[:] = [1.0, 1.0, 1.0, 0.25]  # sigma 0.5, 0.5, 0.5, 0.2
    abandonment.step(s, m)
    # up = sigma; straight to regular below sigma x sigma x habit: 0.25 (habit 1), 0.125 (habit 0.5), 0.04
    expected = [REGULAR if u < 0.25 else OCCASIONAL if u < 0.5 else TRYING,
                REGULAR if u < 0.125 else OCCASIONAL if u < 0.5 else TRYING,
                REGULAR if u < 0.5 else OCCASIONAL,
                REGULAR if u < 0.04 else OCCASIONAL if u < 0.2 else TRYING]  # fmt: skip
    assert s.stage.tolist() == expected
    assert s.moved.tolist() == [u < 0.5, u < 0.5, u < 0.5, u < 0.2]

    # the same draws with the option off: the two steps
    m = tiny_model(org, "params.promote_rate=1", "params.abandon_rate=0", "params.progression.direct_regular=0")
    m.streams["abandonment"] = FixedStream(u)
    s = m.state
    s.stage[:] = [TRYING, TRYING, OCCASIONAL, TRYING]
    s.belief[:] = [1.0, 0.0, 1.0, 1.0]
    prepare(m)
    s.benefit[:] = [1.0, 1.0, 1.0, 0.25]
    abandonment.step(s, m)
    assert s.stage.tolist() == [OCCASIONAL if u < 0.5 else TRYING, OCCASIONAL if u < 0.5 else TRYING,
                                REGULAR if u < 0.5 else OCCASIONAL, OCCASIONAL if u < 0.2 else TRYING]  # fmt: skip


def test_no_abandonment_when_switched_off():
    org = tiny_org([0] * 3, [])
    m = tiny_model(org, "params.promote_rate=0", "params.abandon_rate=1", "params.abandonment=false")
    s = m.state
    s.stage[:] = [TRYING, OCCASIONAL, ABANDONED]
    prepare(m)
    abandonment.step(s, m)
    assert s.stage.tolist() == [TRYING, OCCASIONAL, ABANDONED]


def test_phased_leadership_shifts_to_transition_as_proven_use_cases_accumulate():
    org = tiny_org([0, 0, 1, 1], [], leaders=[0, 2])
    m = tiny_model(
        org,
        "leadership.mode=phased",
        "leadership.phase_proven=4",
        "leadership.transformation_weight=0.8",
        "leadership.style_sd=0",
        "leadership.leader_literacy=1",
        "rules.accepted_risk=1",
    )
    s = m.state
    now = np.flatnonzero(load_catalogue().horizon == 0)
    s.team_proven[0] = np.bitwise_or.reduce(bit(now[:2]))  # two proven in team 0, none in team 1
    prepare(m)
    assert s.signals.room.tolist() == pytest.approx([0.8 * (1 - 2 / 4), 0.8])
    assert s.signals.push.tolist() == pytest.approx([1 - 0.8 * 0.5, 0.2])


def test_leaders_brake_hype_in_proportion_to_their_literacy_and_can_order_use():
    org = tiny_org([0, 0, 1, 1], [], leaders=[0, 2])
    m = tiny_model(
        org, "communication.hype=0.8", "leadership.damp_hype=0.5", "leadership.directive=true", "tools.access_week=0"
    )
    s = m.state
    s.competence[[0, 2]] = [1.0, 0.0]
    prepare(m)
    assert s.signals.hype.tolist() == pytest.approx([0.4, 0.4, 0.8, 0.8])
    assert s.instructed.all()
