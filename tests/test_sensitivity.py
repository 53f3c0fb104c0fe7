"""The sensitivity command (``python -m sim.sensitivity``): Morris screen, Sobol indices, noise share."""

from __future__ import annotations

import json

import pandas as pd
import pytest

pytest.importorskip("SALib")

from sim.sensitivity import default_keys, main  # noqa: E402

SMALL = ["--override", "org.size=200", "--override", "run.months=12", "--replicates", "1", "--seed", "0"]


def run(tmp_path, name, *args) -> tuple[int, object]:
    out = tmp_path / name
    return main([*SMALL, "--out", str(out), *args]), out


def test_sobol_gives_an_input_without_effect_no_index_and_is_the_same_on_one_or_two_processes(tmp_path):
    """params.licence_eur_month only prices licences: it cannot move regular use, so with common random
    numbers every point with the same peer rate gives the same outcome and its indices are exactly 0.
    The peer rate then carries all the variance (ST = 1 in theory; with 16 x 4 points the estimate
    is within about 0.3 of it)."""
    args = ["--keys", "params.peer_rate", "params.licence_eur_month", "--skip-morris", "--n", "16"]
    args += ["--outcomes", "regular_share", "--noise-points", "8"]
    code, out = run(tmp_path, "one", *args, "--jobs", "1")
    assert code == 0
    for name in ("sobol.csv", "noise.csv", "sensitivity.png", "provenance.json"):
        assert (out / name).is_file(), name
    sobol = pd.read_csv(out / "sobol.csv").set_index("parameter")
    assert sobol.loc["params.licence_eur_month", "ST"] == 0.0
    assert sobol.loc["params.licence_eur_month", "S1"] == 0.0
    assert sobol.loc["params.peer_rate", "ST"] > 0.7
    noise = pd.read_csv(out / "noise.csv").iloc[0]
    # points run again on other organisations differ: common random numbers lower the noise, not remove it
    assert noise["points_rerun"] == 8 and noise["noise_variance_of_a_point"] > 0
    provenance = json.loads((out / "provenance.json").read_text())
    assert provenance["sobol_points"] == 16 * 4 and provenance["bounds"]["params.peer_rate"] == pytest.approx(
        [0.115, 0.345]
    )
    code, out2 = run(tmp_path, "two", *args, "--jobs", "2")
    assert code == 0
    pd.testing.assert_frame_equal(pd.read_csv(out2 / "sobol.csv"), pd.read_csv(out / "sobol.csv"))


def test_morris_screens_and_the_mix_is_one_group(tmp_path):
    keys = ["params.peer_rate", "params.licence_eur_month", "archetypes.mix"]
    code, out = run(tmp_path, "m", "--keys", *keys, "--trajectories", "3", "--n", "8", "--top", "1",
                    "--outcomes", "regular_share", "--noise-points", "4")  # fmt: skip
    assert code == 0
    screen = pd.read_csv(out / "morris.csv").set_index("parameter")
    assert list(screen.index).count("archetypes.mix") == 1 and len(screen) == 3
    assert screen.loc["params.licence_eur_month", "mu_star"] == 0.0
    assert screen.loc["params.peer_rate", "mu_star"] > 0.0
    # the Sobol stage takes the screen's top parameter
    assert json.loads((out / "provenance.json").read_text())["sobol_keys"] == [screen["mu_star"].idxmax()]


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--keys", "params.no_such_rate", "--skip-morris"], "params.no_such_rate"),
        (["--keys", "training.mode", "--skip-morris"], "training.mode"),
        (["--keys", "params.peer_rate", "--bounds", "params.peer_rate=0.2"], "KEY=LOW,HIGH"),
        (["--keys", "params.peer_rate", "--bounds", "params.peer_rate=0.2,9"], "params.peer_rate"),
        (["--keys", "params.peer_rate", "--outcomes", "no_such_output"], "no_such_output"),
        (["--package", "no_such_package"], "package"),
        (["--keys", "params.peer_rate", "--n", "0"], "--n"),
        (["--keys", "params.peer_rate", "--top", "0"], "--top"),
        (["--keys", "params.peer_rate", "--jobs", "0"], "--jobs"),
        (["--keys", "params.peer_rate", "--trajectories", "1"], "--trajectories"),
        (["--keys"], "--keys"),
    ],
)
def test_bad_input_is_refused_before_any_work(tmp_path, capsys, args, named):
    code, out = run(tmp_path, "bad", *args)
    assert code == 2
    assert named in capsys.readouterr().err
    assert not out.exists()


def test_the_default_keys_are_uncertain_constants_and_the_mix_levers_on_request():
    keys = default_keys()
    assert "params.peer_rate" in keys and "archetypes.mix" in keys and "params.hourly_cost_eur" in keys
    assert not any(k.startswith("archetypes.shares.") for k in keys)
    assert "params.high_anxiety_threshold" not in keys  # defines an outcome
    assert "superusers.share" not in keys and "superusers.share" in default_keys(levers=True)
    assert "run.months" not in keys and "training.mode" not in default_keys(levers=True)
