"""Parameter studies (``sim.study``): the parameter table, the Runner, the archetype mix, the SALib problem."""

from __future__ import annotations

import math
from dataclasses import fields, is_dataclass

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim import ConfigError, Runner, archetype_shares, parameters, salib_problem, simulate
from sim.config import ARCHETYPES, Config
from sim.params import counts

SMALL = ("org.size=200", "run.months=6")


@pytest.fixture(scope="module")
def runner() -> Runner:
    return Runner("status_quo", SMALL)


def leaves(node, prefix=""):
    for f in fields(node):
        value = getattr(node, f.name)
        if is_dataclass(value):
            yield from leaves(value, f"{prefix}{f.name}.")
        else:
            yield f"{prefix}{f.name}"


def test_parameters_list_every_leaf_of_the_config_with_its_record():
    table = parameters()
    assert set(table) == set(leaves(Config()))
    p = table["params.peer_rate"]
    assert (p.kind, p.low, p.high, p.role, p.source_kind) == ("float", 0.0, 5.0, "constant", "assumption")
    assert p.default == 0.23 and p.meaning and p.uncertain
    assert table["params.hourly_cost_eur"].unit == "EUR an hour"
    assert table["params.module_hours"].unit == "hours"
    assert (
        table["training.mode"].choices == ("none", "voluntary", "mandatory") and table["training.mode"].role == "lever"
    )
    assert table["org.size"].kind == "int" and table["org.size"].role == "organisation"
    assert not table["run.seed"].uncertain  # a setting
    # the same counts of data, assumptions and settings as docs/parameters.md
    kinds = [p.source_kind for p in table.values()]
    assert {k: kinds.count(k) for k in ("data", "assumption", "setting")} == counts()


def test_parameters_take_the_defaults_of_the_package():
    assert parameters("status_quo")["training.mode"].default == "none"
    assert parameters("balanced")["training.mode"].default == "mandatory"


def test_a_run_is_identical_to_simulate_with_the_same_settings(runner):
    values = {
        "params.peer_rate": 0.6,
        "leadership.transformation_weight": 0.8,
        "superusers.share": 0.05,
        "training.mode": "mandatory",
        "tools.transparent": True,
        "org.team_size": 9,
    }
    got = runner.run(values, replicates=2, seed=3)
    overrides = [f"{k}={str(v).lower() if isinstance(v, bool) else v}" for k, v in values.items()]
    expected = simulate(["package=status_quo", *SMALL, *overrides], replicates=2, seed=3)
    pd.testing.assert_frame_equal(got, expected)
    # and a call leaves the runner's base config as it was: the next call without values is the default
    pd.testing.assert_frame_equal(runner.run(seed=3), simulate(["package=status_quo", *SMALL], seed=3))


def test_the_config_of_a_call_is_the_callers_own(runner):
    """Runner.config gives a copy: changing any of its sections, set by the call or not, leaves the runner's
    later calls as they were (its calls share the untouched sections of one read-only base)."""
    before = runner.run(seed=3)
    cfg = runner.config({"params.peer_rate": 0.6}, seed=3)
    cfg.params.peer_rate, cfg.params.explore_rate, cfg.org.size = 0.0, 0.0, 50
    assert runner.config().org.size == 200 and runner.config().params.explore_rate == Config().params.explore_rate
    pd.testing.assert_frame_equal(runner.run(seed=3), before)


def test_the_archetype_mix_is_set_through_four_coordinates(runner):
    u = {f"archetypes.mix.u{k}": x for k, x in zip(range(1, 5), (0.1, 0.7, 0.3, 0.9), strict=True)}
    shares = archetype_shares(list(u.values()))
    got = runner.run(u, seed=1)
    expected = simulate(["package=status_quo", *SMALL, *[f"{k}={v!r}" for k, v in shares.items()]], seed=1)
    pd.testing.assert_frame_equal(got, expected)
    heads = got[(got["month"] == 0) & (got["archetype"] != "all")].set_index("archetype")["headcount"]
    # headcounts follow the shares (largest-remainder rounding of 200 people: within one person each)
    for a in ARCHETYPES:
        assert abs(heads.get(a, 0) - 200 * shares[f"archetypes.shares.{a}"]) <= 1


def test_outcomes_are_the_means_over_replicates_at_a_month(runner):
    df = runner.run(replicates=3, seed=0)
    at = df[(df["archetype"] == "all") & (df["month"] == 4)]
    got = runner.outcomes(month=4, names=["using_share", "tried_share"], replicates=3)
    assert got == {"using_share": at["using_share"].mean(), "tried_share": at["tried_share"].mean()}
    last = runner.outcomes(names=["tried_share"], replicates=3)
    assert last["tried_share"] == df[(df["archetype"] == "all") & (df["month"] == 6)]["tried_share"].mean()
    assert "realised_gain_share" in runner.outcomes()


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"params.peer_rate": float("nan")}, "params.peer_rate"),
        ({"params.peer_rate": math.inf}, "params.peer_rate"),
        ({"params.peer_rate": -0.1}, "params.peer_rate"),
        ({"params.peer_rate": "0.5"}, "params.peer_rate"),
        ({"params.peer_rate": True}, "params.peer_rate"),
        ({"org.size": 250.5}, "org.size"),
        ({"tools.transparent": 2}, "tools.transparent"),
        ({"tools.transparent": "yes"}, "tools.transparent"),
        ({"training.mode": "sometimes"}, "training.mode"),
        ({"params.no_such_rate": 1.0}, "params.no_such_rate"),
        ({"run.seed": 4}, "run.seed"),
        ({"archetypes.shares.worried": 0.5}, "archetypes.shares"),
        ({"archetypes.mix.u1": 0.5}, "archetypes.mix.u2"),
        ({f"archetypes.mix.u{k}": 0.5 for k in range(1, 5)} | {"archetypes.mix.u3": 1.5}, "archetypes.mix.u3"),
    ],
)
def test_a_bad_value_is_refused_naming_the_key(runner, values, named):
    with pytest.raises(ConfigError, match=named.replace(".", r"\.")):
        runner.run(values)


def test_seeds_may_be_numpy_integers_and_the_mix_takes_numbers_only(runner):
    pd.testing.assert_frame_equal(runner.run(seed=np.int64(2)), runner.run(seed=2))
    mix = {f"archetypes.mix.u{k}": 0.5 for k in range(1, 5)}
    with pytest.raises(ConfigError, match=r"archetypes\.mix\.u2"):
        runner.run(mix | {"archetypes.mix.u2": "0.5"})
    with pytest.raises(ConfigError, match=r"archetypes\.mix\.u1"):
        runner.run(mix | {"archetypes.mix.u1": True})


def test_bad_calls_are_refused(runner):
    with pytest.raises(ConfigError, match="unknown outcome"):
        runner.outcomes(names=["no_such_output"])
    with pytest.raises(ConfigError, match="month"):
        runner.outcomes(month=7)
    with pytest.raises(ConfigError, match="replicates"):
        runner.run(replicates=0)
    with pytest.raises(ConfigError, match="seed"):
        runner.run(seed=-1)
    with pytest.raises(ConfigError, match="package"):
        Runner("no_such_package")
    with pytest.raises(ConfigError, match="run.seed"):
        Runner("status_quo", ["run.seed=3"])
    with pytest.raises(ConfigError, match="first argument"):
        Runner("status_quo", ["package=balanced"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0.0, 1.0), min_size=4, max_size=4))
def test_every_point_of_the_unit_cube_gives_valid_shares(u):
    shares = np.array(list(archetype_shares(u).values()))
    assert (shares >= 0).all() and shares.sum() == pytest.approx(1.0, abs=1e-12)


def test_uniform_coordinates_give_a_uniform_mix():
    """Uniform draws of the four coordinates give the flat Dirichlet over the five shares: each share
    has mean 1/5 and variance (1/5)(4/5)/6 = 0.0267. 20,000 draws: the standard error of a mean is
    about 0.0012 and of a variance about 0.0003; the tolerances are four of them."""
    rng = np.random.default_rng(0)
    shares = np.array([list(archetype_shares(u).values()) for u in rng.random((20_000, 4))])
    assert np.abs(shares.mean(axis=0) - 0.2).max() < 4 * 0.0012
    assert np.abs(shares.var(axis=0) - 4 / 150).max() < 4 * 0.0003


def test_salib_problem_takes_bounds_from_the_table_and_drives_the_runner(runner):
    problem = salib_problem(["params.peer_rate", "params.explore_rate", "archetypes.mix"])
    assert problem["names"][:2] == ["params.peer_rate", "params.explore_rate"]
    assert problem["bounds"][0] == [0.0, 5.0] and problem["num_vars"] == 6
    narrow = salib_problem(["params.peer_rate"], bounds={"params.peer_rate": (0.3, 0.6)})
    assert narrow["bounds"] == [[0.3, 0.6]]
    with pytest.raises(ConfigError, match="params.peer_rate"):
        salib_problem(["params.peer_rate"], bounds={"params.peer_rate": (0.3, 9.0)})
    with pytest.raises(ConfigError, match="training.mode"):
        salib_problem(["training.mode"])
    sample = pytest.importorskip("SALib.sample.sobol")
    x = sample.sample(problem, 4, calc_second_order=False, seed=1)
    assert x.shape == (4 * (problem["num_vars"] + 2), problem["num_vars"])
    for row in x[:3]:
        out = runner.outcomes(dict(zip(problem["names"], row, strict=True)), names=["using_share"])
        assert 0.0 <= out["using_share"] <= 1.0


def test_ema_model_runs_experiments_equal_to_the_runner(runner):
    ema = pytest.importorskip("ema_workbench")
    import pickle

    from sim import ema_model

    model = ema_model(
        ["params.peer_rate", ("params.explore_rate", (0.05, 0.2)), "archetypes.mix"],
        levers=["training.mode", "tools.transparent"],
        outcomes=["using_share", "high_anxiety_share"],
        overrides=SMALL,
        month=4,
        replicates=2,
    )
    names = [u.name for u in model.uncertainties] + [lever.name for lever in model.levers]
    assert names[:2] == ["params__peer_rate", "params__explore_rate"] and all(n.isidentifier() for n in names)
    assert pickle.loads(pickle.dumps(model.function))._runner is None  # picklable for EMA's process pool
    experiments, outcomes = ema.perform_experiments(
        model, scenarios=3, policies=2, evaluator=ema.SequentialEvaluator(model)
    )
    assert len(experiments) == 6 and set(outcomes) == {"using_share", "high_anxiety_share"}
    for i in (0, 5):  # each experiment is the runner's result with the same values and seeds
        row = experiments.iloc[i]
        values = {n.replace("__", "."): row[n] for n in names}
        values["tools.transparent"] = bool(values["tools.transparent"])
        expected = runner.outcomes(values, month=4, names=["using_share", "high_anxiety_share"], replicates=2)
        assert outcomes["using_share"][i] == expected["using_share"]
        assert outcomes["high_anxiety_share"][i] == expected["high_anxiety_share"]
    with pytest.raises(ConfigError, match="unknown outcome"):
        ema_model(["params.peer_rate"], outcomes=["no_such_output"], overrides=SMALL)
    with pytest.raises(ConfigError, match="training.mode"):
        ema_model([("training.mode", ["never"])], overrides=SMALL)
    with pytest.raises(ConfigError, match="month"):
        ema_model(["params.peer_rate"], overrides=SMALL, month=7)
    with pytest.raises(ConfigError, match="org.team_size"):
        ema_model([("org.team_size", (5.2, 5.8))], overrides=SMALL)
