"""The calibration command (``python -m sim.calibrate``): search, ensemble, identification, held-out checks."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("optuna")

from sim import parameters  # noqa: E402
from sim.calibrate import discrepancy, identification, main  # noqa: E402
from sim.calibration import TARGETS  # noqa: E402

SMALL = ["--override", "org.size=200", "--replicates", "1", "--held-out", "2", "--seed", "0"]


def test_the_discrepancy_counts_tolerances():
    exact = [t.value for t in TARGETS]
    assert discrepancy(exact) == 0.0
    edge = [t.value + t.tolerance for t in TARGETS]
    assert discrepancy(edge) == pytest.approx(1.0)
    one_off = exact.copy()
    one_off[2] = TARGETS[2].value - 3 * TARGETS[2].tolerance
    assert discrepancy(one_off) == pytest.approx(3.0)


def test_identification_tells_pinned_from_free_constants_and_finds_a_ridge():
    rng = np.random.default_rng(0)
    n = 400
    free = rng.uniform(0, 1, n)  # spread over its whole box
    pinned = rng.uniform(0.45, 0.55, n)  # a tenth of its box
    ridge = 1 - free + rng.normal(0, 0.01, n)  # trades off against 'free'
    accepted = pd.DataFrame({"free": free, "pinned": pinned, "ridge": ridge})
    bounds = {"free": (0, 1), "pinned": (0, 1), "ridge": (-0.5, 1.5)}
    ident = identification(accepted, ["free", "pinned", "ridge"], bounds).set_index("parameter")
    assert ident.loc["free", "verdict"] == "left free"
    assert ident.loc["pinned", "verdict"] == "pinned down"
    assert ident.loc["free", "most_correlated_with"] == "ridge" and ident.loc["free", "correlation"] < -0.95
    nothing = identification(accepted.head(0), ["free"], bounds)
    assert nothing.loc[0, "verdict"] == "no accepted sets"


def test_a_small_calibration_writes_its_outputs_and_does_not_depend_on_the_processes(tmp_path):
    args = [*SMALL, "--keys", "params.explore_rate", "params.fears.job_threat", "--trials", "4", "--samples", "16"]
    assert main([*args, "--jobs", "1", "--out", str(tmp_path / "one")]) == 0
    out = tmp_path / "one"
    for name in ("trials.csv", "ensemble.csv", "identification.csv", "held_out.csv", "calibration.png",
                 "provenance.json"):  # fmt: skip
        assert (out / name).is_file(), name
    trials = pd.read_csv(out / "trials.csv")
    assert (trials["phase"] == "search").sum() == 4 and (trials["phase"] == "ensemble").sum() == 16
    # the defaults are the first trial of the search
    defaults = parameters()
    assert trials.loc[0, "params.explore_rate"] == defaults["params.explore_rate"].default
    assert trials.loc[0, "params.fears.job_threat"] == defaults["params.fears.job_threat"].default
    ens = trials[trials["phase"] == "ensemble"]
    explore = defaults["params.explore_rate"].default  # the box is the default x (1 -/+ the spread of 0.5)
    assert ens["params.explore_rate"].between(0.5 * explore, 1.5 * explore).all()
    accepted = pd.read_csv(out / "ensemble.csv")
    assert len(accepted) == (ens["discrepancy"] <= 1).sum()
    # the search meets the same organisations every trial; each ensemble point meets its own
    assert (trials.loc[trials["phase"] == "search", "seed"] == 0).all()
    assert ens["seed"].tolist() == list(range(1, 17))
    provenance = json.loads((out / "provenance.json").read_text())
    assert provenance["samples"] == 16 and len(provenance["targets"]) == len(TARGETS)
    assert main([*args, "--jobs", "2", "--out", str(tmp_path / "two")]) == 0
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "two" / "trials.csv"), trials)


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--keys", "params.no_such_rate"], "params.no_such_rate"),
        (["--keys", "training.mode"], "training.mode"),
        (["--spread", "1.5"], "--spread"),
        (["--override", "org.size=-3"], "org.size"),
        (["--keys", "superusers.share"], "superusers.share"),
        (["--keys"], "--keys"),
        (["--held-out", "-1"], "--held-out"),
    ],
)
def test_bad_input_is_refused_before_any_work(tmp_path, capsys, args, named):
    out = tmp_path / "bad"
    assert main([*args, "--out", str(out)]) == 2
    assert named in capsys.readouterr().err
    assert not out.exists()


def test_the_australian_trials_held_out_figure_is_the_regular_share_of_those_still_using_ai():
    """The last held-out figure: in the licence trials' scenario with voluntary training from access, of those who
    tried AI and did not give up, the share at the regular stage six months after access (a ratio of means);
    checked against the same scenario run through simulate (organisations of 200, seed 1, 2 replicates whose numbers of
    people still using AI differ, so that a mean of the replicates' ratios would not do)."""
    from sim.calibrate import _held_out_one
    from sim.calibration import (
        AUS_MONTHS,
        AUS_START,
        AUS_TRIAL_OVERRIDES,
        LICENCE_TRIAL_OVERRIDES,
        LICENCE_TRIAL_PACKAGE,
    )
    from sim.run import simulate

    values = {"params.explore_rate": parameters()["params.explore_rate"].default}
    got = _held_out_one(values, 2, 1, ["org.size=200"])[-1]
    month = AUS_START + AUS_MONTHS
    df = simulate([f"package={LICENCE_TRIAL_PACKAGE}", *LICENCE_TRIAL_OVERRIDES, *AUS_TRIAL_OVERRIDES,
                   "org.size=200", f"rollout.start_month={AUS_START}", f"run.months={month}"], replicates=2, seed=1)  # fmt: skip
    rows = df[(df["archetype"] == "all") & (df["month"] == month)]
    at = rows.mean(numeric_only=True)
    assert got == pytest.approx(at["regular_share"] / (at["tried_share"] - at["abandoned_share"]), rel=1e-12)
    current = (rows["tried_share"] - rows["abandoned_share"]).to_numpy()
    ratios = rows["regular_share"].to_numpy() / current
    assert current[0] != current[1] and got != pytest.approx(ratios.mean(), rel=1e-9)
