"""Property-based tests (Hypothesis): invariants that hold for any valid configuration."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.model import AdoptionModel
from sim.outputs import OUTPUTS
from sim.run import run_replicates
from sim.state import ALLOWED_TRANSITIONS, STREAMS
from tests.conftest import make_cfg

SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# realised_gain_share is a share of hours that may be negative (AI can cost time); users_saving_nothing_share
# is a share of users, NaN where there are none (checked apart)
NOT_UNIT = ("teams_using_share", "realised_gain_share", "users_saving_nothing_share")
SHARE_COLUMNS = [c for c in OUTPUTS if c.endswith("_share") and c not in NOT_UNIT] + [
    "competence_mean",
    "anxiety_mean",
    "belief_mean",
    "fear_job_loss_mean",
    "fear_errors_mean",
    "quality_index",
]

unit = st.floats(0.0, 1.0, allow_nan=False).map(lambda x: round(x, 3))
levers = st.fixed_dictionaries(
    {
        "org.size": st.integers(20, 250),
        "org.team_size": st.integers(1, 15),
        "leadership.transformation_weight": unit,
        "training.mode": st.sampled_from(["none", "voluntary", "mandatory"]),
        "training.start_week": st.integers(0, 20),
        "training.refresh": st.booleans(),
        "superusers.share": st.floats(0.0, 0.3).map(lambda x: round(x, 3)),
        "superusers.selection": st.sampled_from(["random", "opportunity_seekers", "central"]),
        "communication.hype": unit,
        "communication.job_security": unit,
        "rules.clarity": unit,
        "tools.builtin_week": st.sampled_from([-1, 0, 10]),
        "rollout.mode": st.sampled_from(["big_bang", "pilot"]),
        "harvest.policy": st.sampled_from(["unclear", "reinvest_quality", "reduce_staffing"]),
        "org.mixing": st.sampled_from(["network", "full"]),
        "run.seed": st.integers(0, 2**32),
    }
)


def overrides(d: dict) -> list[str]:
    return [f"{k}={str(v).lower() if isinstance(v, bool) else v}" for k, v in d.items()]


def run(overrides_: list[str], months: int = 8, replicates: int = 1) -> pd.DataFrame:
    return run_replicates(make_cfg(*overrides_, f"run.months={months}"), replicates)


@SETTINGS
@given(levers)
def test_shares_in_unit_interval_and_headcount_conserved(d):
    df = run(overrides(d))
    values = df[SHARE_COLUMNS].to_numpy()
    assert np.all((values >= 0) & (values <= 1)), "every share and mean of a 0-1 state stays in [0, 1]"
    all_rows = df[df["archetype"] == "all"]
    teams = all_rows["teams_using_share"]
    assert ((teams >= 0) & (teams <= 1)).all() and df.loc[df["archetype"] != "all", "teams_using_share"].isna().all()
    assert (all_rows["headcount"] == d["org.size"]).all(), "headcount is conserved every month"
    per_month = df[df["archetype"] != "all"].groupby("month", observed=True)["headcount"].sum()
    assert (per_month == d["org.size"]).all()
    assert (df["incidents"] >= 0).all() and (df["hours_saved_per_fte_week"] >= 0).all()
    nothing = df["users_saving_nothing_share"]
    users = df["tried_share"] - df["abandoned_share"]  # trying, occasional or regular
    assert ((nothing >= 0) & (nothing <= 1)).where(users > 0, nothing.isna()).all(), "a share of users, NaN without"
    # the realised gain never exceeds the harvested gross saving
    par = make_cfg(*overrides(d)).params
    harvested = par.value.harvest_share * df["hours_saved_per_fte_week"] / par.hours_per_week
    assert (df["realised_gain_share"] <= harvested + 1e-12).all()
    assert np.all(np.diff(all_rows["cost_eur_cum"]) >= 0) and np.all(np.diff(all_rows["value_eur_cum"]) >= 0)


@SETTINGS
@given(levers)
def test_stage_changes_follow_only_allowed_transitions(d):
    model = AdoptionModel(make_cfg(*overrides(d), "run.months=10"))
    while model.running:
        before = model.state.stage.copy()
        model.step()
        after = model.state.stage
        changed = before != after
        pairs = set(zip(before[changed].tolist(), after[changed].tolist(), strict=True))
        assert pairs <= ALLOWED_TRANSITIONS, pairs - ALLOWED_TRANSITIONS
    assert model.state.stage.min() >= 0 and model.state.stage.max() <= 4


@SETTINGS
@given(levers)
def test_same_seed_gives_bit_identical_results(d):
    a = run(overrides(d), replicates=2)
    b = run(overrides(d), replicates=2)
    pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_results_do_not_depend_on_creating_mesa_agents():
    """Models built directly, with and without the agent handles (run_replicates, which nobody's models are seen
    from, makes none: its results are those of a model with handles)."""
    frames = []
    for agents in (True, False):
        model = AdoptionModel(make_cfg("org.size=300", f"run.mesa_agents={str(agents).lower()}", "run.months=12"))
        assert (len(model.agents) == 300) == agents
        model.run()
        frames.append(model.results())
    pd.testing.assert_frame_equal(frames[0], frames[1], check_exact=True)
    pd.testing.assert_frame_equal(run(["org.size=300", "run.mesa_agents=true"], months=12), frames[0], check_exact=True)


# no-op lever settings: the second set of overrides changes nothing the model can act on
NO_OPS = st.one_of(
    st.builds(
        lambda h, sel: (
            ["superusers.share=0"],
            ["superusers.share=0", f"superusers.hours_per_week={h}", f"superusers.selection={sel}"],
        ),
        st.integers(0, 40),
        st.sampled_from(["random", "opportunity_seekers", "central"]),
    ),
    st.builds(
        lambda sw, mods, fmt, al: (
            ["training.mode=none"],
            [
                "training.mode=none",
                f"training.start_week={sw}",
                f"training.modules={mods}",
                f"training.format={fmt}",
                f"training.action_learning={al}",
            ],
        ),
        st.integers(0, 50),
        st.integers(1, 6),
        st.sampled_from(["physical", "online", "hybrid"]),
        st.sampled_from(["true", "false"]),
    ),
    st.builds(
        lambda mode: (["training.mode=none"], [f"training.mode={mode}", "training.start_week=500"]),
        st.sampled_from(["voluntary", "mandatory"]),
    ),
    st.builds(
        lambda share, weeks: (
            ["rollout.mode=big_bang"],
            ["rollout.mode=big_bang", f"rollout.pilot_share={share}", f"rollout.pilot_weeks={weeks}"],
        ),
        unit,
        st.integers(0, 100),
    ),
    st.builds(lambda w: (["tools.builtin_week=-1"], [f"tools.builtin_week={w}"]), st.integers(200, 5000)),
    st.builds(
        lambda w, c: (["rules.guidelines_week=-1"], [f"rules.guidelines_week={w}", f"rules.clarity={c}"]),
        st.integers(200, 5000),
        unit,
    ),
)


@SETTINGS
@given(NO_OPS, st.integers(0, 1000))
def test_a_lever_set_to_a_no_op_leaves_results_bit_identical(pair, seed):
    base, no_op = pair
    common = ["org.size=150", f"run.seed={seed}"]
    pd.testing.assert_frame_equal(run(common + base, months=12), run(common + no_op, months=12), check_exact=True)


def test_each_stream_draws_the_same_numbers_whatever_the_levers():
    """Common random numbers: levers change what draws are used for, never how many are drawn."""

    def streams_after(*o):
        model = AdoptionModel(make_cfg("org.size=200", "run.months=12", *o))
        model.run()
        return {name: model.streams[name].bit_generator.state for name in STREAMS if name != "rollout"}

    base = streams_after()
    changed = streams_after(
        "training.mode=mandatory",
        "superusers.share=0.1",
        "communication.hype=1",
        "leadership.transformation_weight=0.9",
        "tools.builtin_week=10",
        "rules.clarity=1",
    )
    assert base == changed
