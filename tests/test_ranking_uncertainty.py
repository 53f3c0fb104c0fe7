"""Rankings under parameter uncertainty: the shipped ensemble, drawing sets, probabilities of being best."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis.stats import RANKED_METRICS, probability_best, rank_orders
from sim import ConfigError, simulate
from sim.study import ENSEMBLE, draw_sets, load_ensemble
from tests.conftest import run_cli


def test_the_shipped_ensemble_loads_and_every_member_still_meets_the_targets():
    """Each shipped set was accepted by python -m sim.calibrate on organisations of its own (its seed,
    the replicates in ensemble.json): every calibration target within its tolerance. Re-running each on
    the same organisations must accept it again; if the model changes so that a set no longer is
    accepted, the ensemble is stale: re-run python -m sim.calibrate and replace sim/data/ensemble.csv."""
    pytest.importorskip("optuna")  # sim.calibrate's module
    from sim.calibrate import discrepancy, evaluate

    raw = pd.read_csv(ENSEMBLE)
    ens = load_ensemble()
    assert len(ens) >= 20 and "params.peer_rate" in ens.columns
    replicates = json.loads(ENSEMBLE.with_suffix(".json").read_text())["settings"]["replicates"]
    values = evaluate(list(ens.columns), ens.to_numpy(), replicates=replicates, seed=raw["seed"].to_numpy(), jobs=2)
    d = np.array([discrepancy(v) for v in values])
    assert d == pytest.approx(raw["discrepancy"].to_numpy(), abs=1e-12), "the ensemble is stale"
    assert (d <= 1).all()


def test_a_malformed_ensemble_is_refused_naming_the_row_and_column(tmp_path):
    bad = tmp_path / "e.csv"
    bad.write_text("params.peer_rate,params.explore_rate,discrepancy\n0.4,0.1,0.5\n0.5,-1,0.7\n")
    with pytest.raises(ConfigError, match=r"row 3, column params\.explore_rate"):
        load_ensemble(bad)
    with pytest.raises(ConfigError, match="no file"):
        load_ensemble(tmp_path / "missing.csv")
    (tmp_path / "n.csv").write_text("params.peer_rte,discrepancy\n0.4,0.5\n")  # a misspelt key
    with pytest.raises(ConfigError, match=r"not parameters: \['params.peer_rte'\]"):
        load_ensemble(tmp_path / "n.csv")
    (tmp_path / "t.csv").write_text("using_share@18,discrepancy\n0.2,0.5\n")
    with pytest.raises(ConfigError, match="no parameter columns"):
        load_ensemble(tmp_path / "t.csv")
    good = load_ensemble(ENSEMBLE)
    assert all(c.startswith("params.") for c in good.columns)  # the targets' columns are dropped


def test_draws_depend_on_the_seed_alone_and_do_not_repeat_while_rows_last():
    ens = pd.DataFrame({"params.peer_rate": np.linspace(0.3, 0.6, 10)})
    a, b = draw_sets(ens, 10, 0), draw_sets(ens, 10, 0)
    assert a == b and len({s["params.peer_rate"] for s in a}) == 10
    assert draw_sets(ens, 10, 1) != a
    more = [s["params.peer_rate"] for s in draw_sets(ens, 25, 0)]
    # every row once before any repeats: 10 distinct, then 10 distinct again, then 5
    assert len(more) == 25 and len(set(more[:10])) == 10 and len(set(more[10:20])) == 10


def _cells(rows: dict[str, list[float]]) -> pd.DataFrame:
    """A results table at month 12 of three packages in two replicates; ``rows`` gives regular use."""
    out = []
    for package, regular in rows.items():
        for r, value in enumerate(regular):
            out.append({"package": package, "replicate": r, "month": 12, "archetype": "all", "regular_share": value,
                        "high_anxiety_share": 0.3, "hours_saved_per_fte_week": 1.0, "incidents": 0, "tried_share": 0.5,
                        "abandoned_share": 0.0, "headcount": 100, "roi": 0.1, "archetype_gap": 0.1})  # fmt: skip
    return pd.DataFrame(out)


def test_probability_of_being_best_counts_each_replicate_and_shares_ties():
    """Only regular use differs: in replicate 0 package a has the most, in replicate 1 a and b tie."""
    df = _cells({"status_quo": [0.1, 0.1], "a": [0.5, 0.4], "b": [0.3, 0.4]})
    p = probability_best(df, 12)
    assert p.loc["a", "p_best"] == pytest.approx(0.75) and p.loc["b", "p_best"] == pytest.approx(0.25)
    assert p["p_best"].sum() == pytest.approx(1.0) and p.loc["status_quo", "p_best"] == 0
    assert p.loc["a", "p_beats_status_quo"] == 1.0 and np.isnan(p.loc["status_quo", "p_beats_status_quo"])
    assert p.loc["a", "p_best_regular_use"] == pytest.approx(0.75) and (p["cells"] == 2).all()
    assert len(RANKED_METRICS) == 6  # the average rank is over these six


def test_rank_orders_counts_each_replicates_order_with_ties_kept():
    """Only regular use differs: a > b > status quo in replicates 0 and 2, a = b > status quo in replicate 1."""
    df = _cells({"status_quo": [0.1, 0.1, 0.1], "a": [0.5, 0.4, 0.6], "b": [0.3, 0.4, 0.2]})
    orders = rank_orders(df, 12)
    assert orders["order"].tolist() == ["a > b > status_quo", "a=b > status_quo"]
    assert orders["replicates"].tolist() == [2, 1] and orders["share"].sum() == pytest.approx(1.0)
    # b ahead of a in replicate 2: three orders, once each, listed alphabetically when equally common
    df.loc[(df["package"] == "b") & (df["replicate"] == 2), "regular_share"] = 0.7
    again = rank_orders(df, 12)
    assert again["order"].tolist() == ["a > b > status_quo", "a=b > status_quo", "b > a > status_quo"]
    assert (again["replicates"] == 1).all()


def test_a_replicate_without_a_metric_for_any_package_has_no_score():
    """As with a table per metric: the return is undefined (NaN) for every package in replicate 1, so replicate 1
    gets no average rank and only replicate 0 decides who is best (a, by regular use); with a score from the other
    five metrics, b would win replicate 1."""
    df = _cells({"status_quo": [0.1, 0.1], "a": [0.5, 0.2], "b": [0.3, 0.4]})
    df.loc[df["replicate"] == 1, "roi"] = np.nan
    p = probability_best(df, 12)
    assert p.loc["a", "p_best"] == 1.0 and p.loc["b", "p_best"] == 0  # of the replicates with a score
    assert p.loc["a", "p_best_regular_use"] == pytest.approx(0.5) and p.loc["b", "p_best_regular_use"] == 0.5


def test_the_main_job_draws_parameter_sets_and_writes_the_probabilities(tmp_path):
    proc = run_cli(tmp_path, "run=quick", "org=small", "run.months=6", "run.parameter_draws=2",
                   "run.packages=[status_quo,balanced]")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    (folder,) = list((tmp_path / "runs").iterdir())
    df = pd.read_parquet(folder / "results.parquet")
    assert sorted(df["draw"].unique()) == [0, 1] and sorted(df["replicate"].unique()) == [0, 1, 2, 3]
    # replicate d x 2 + r is organisation r under set d: the same results as a direct run with that set
    (second,) = draw_sets(load_ensemble(), 2, 0)[1:]
    direct = simulate(["package=balanced", "org=small", "run.months=6", *[f"{k}={v!r}" for k, v in second.items()]],
                      replicates=2, seed=0)  # fmt: skip
    got = df[(df["package"] == "balanced") & (df["draw"] == 1)].drop(columns=["package", "draw"])
    got = got.assign(replicate=got["replicate"] - 2).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, direct, check_exact=True)
    sets = pd.read_csv(folder / "parameter_sets.csv", index_col="draw")
    assert sets.loc[1].to_dict() == pytest.approx(second)
    complete = json.loads((folder / "run_complete.json").read_text())
    assert complete["parameter_draws"] == 2 and len(complete["ensemble_sha256"]) == 64
    ranking = pd.read_csv(folder / "ranking.csv", index_col="package")
    assert ranking["p_best"].sum() == pytest.approx(1.0) and (ranking["cells"] == 4).all()
    assert "parameter sets x 2 organisations" in proc.stdout


def test_a_bad_ensemble_stops_the_main_job_before_any_work(tmp_path):
    (tmp_path / "e.csv").write_text("params.peer_rate\nnan\n")
    proc = run_cli(tmp_path, "run=quick", "org=small", "run.parameter_draws=2", f"run.ensemble={tmp_path / 'e.csv'}")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "row 2, column params.peer_rate" in proc.stderr
    assert not (tmp_path / "runs").exists()


def test_a_setting_the_draws_would_replace_is_refused(tmp_path):
    proc = run_cli(tmp_path, "run=quick", "org=small", "run.parameter_draws=2", "params.peer_rate=0.9")
    assert proc.returncode == 2 and "params.peer_rate" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "runs").exists()
