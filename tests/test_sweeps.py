"""Sweeps: a tiny multirun end to end, the joblib launcher bit-identical to the sequential one,
experiments expand to their jobs, and the gathering command reports every job."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import sweep
from sim.config import register_configs
from sim.job import job_overrides
from tests.conftest import run_cli

TINY = [
    "-m",
    "run=quick",
    "org=small",
    "run.months=6",
    "leadership.transformation_weight=0,1",
    "training.mode=none,mandatory",
]


@pytest.fixture(scope="module")
def sweeps(tmp_path_factory):
    root = tmp_path_factory.mktemp("sweeps")
    basic = run_cli(root, *TINY, "hydra/launcher=basic", "hydra/sweeper=basic", f"hydra.sweep.dir={root / 'basic'}")
    assert basic.returncode == 0, basic.stderr
    joblib = run_cli(
        root, *TINY, "hydra/launcher=joblib", "hydra.launcher.n_jobs=2", f"hydra.sweep.dir={root / 'joblib'}"
    )
    assert joblib.returncode == 0, joblib.stderr
    return root


def job_results(folder):
    return {
        p.name: pd.read_parquet(p / "results.parquet") for p in folder.iterdir() if (p / "results.parquet").exists()
    }


def test_tiny_sweep_runs_every_job(sweeps):
    results = job_results(sweeps / "basic")
    assert len(results) == 4
    for df in results.values():
        assert set(df["package"]) == {"status_quo"}, "in a sweep each job is one configuration"
        assert df["replicate"].nunique() == 2 and df["month"].max() == 6


def test_joblib_launcher_is_bit_identical_to_the_sequential_launcher(sweeps):
    basic, parallel = job_results(sweeps / "basic"), job_results(sweeps / "joblib")
    assert basic.keys() == parallel.keys()
    for name in basic:
        pd.testing.assert_frame_equal(basic[name], parallel[name], check_exact=True)


def test_gathering_a_sweep_gives_one_table_heat_maps_and_a_report(sweeps, capsys):
    folder = sweeps / "basic"
    assert sweep.main([str(folder)]) == 0
    table = pd.read_parquet(folder / "sweep_results.parquet")
    assert {"leadership.transformation_weight", "training.mode", "job"} <= set(table.columns)
    assert table["job"].nunique() == 4
    summary = pd.read_csv(folder / "sweep_summary.csv")
    assert len(summary) == 4 and summary["replicates"].eq(2).all()
    assert (folder / "sweep_heatmaps.png").stat().st_size > 0
    page = (folder / "sweep_report.html").read_text()
    assert 'alt="sweep_heatmaps"' in page and "training.mode" in page


def test_robustness_table_ranks_packages_by_regret():
    rows = []
    for scenario, best_share in (("a", 0.6), ("b", 0.5)):
        for package, delta in (("good", 0.0), ("weak", 0.2)):
            rows.append(
                {
                    "package": package,
                    "scenario": scenario,
                    "regular_share": best_share - delta,
                    "high_anxiety_share": 0.2 + delta,
                    "hours_saved_per_fte_week": 1 - delta,
                    "incidents_per_100_users": 1.0,
                    "roi": 0.5 - delta,
                    "archetype_gap": 0.1 + delta,
                }
            )
    table = sweep.robustness(pd.DataFrame(rows), ["package", "scenario"])
    assert list(table.index) == ["good", "weak"]
    assert table.loc["weak", ("regular_share", "max regret")] == pytest.approx(0.2)
    assert table.loc["good", ("regular_share", "max regret")] == 0


def test_a_failed_job_is_listed_not_dropped(sweeps, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(sweeps / "basic", copy, ignore=shutil.ignore_patterns("sweep_*"))
    broken = next(p for p in copy.iterdir() if p.is_dir())
    (broken / "results.parquet").unlink()
    _, keys, failed = sweep.gather(copy)
    assert failed == [broken.name] and set(keys) == {"leadership.transformation_weight", "training.mode"}


@pytest.mark.parametrize(
    ("experiment", "jobs"),
    [("leadership_mix", 10), ("training_policy", 6), ("superusers", 12), ("packages_under_uncertainty", 63)],
)
def test_experiments_expand_to_their_jobs(experiment, jobs):
    register_configs()
    expanded = job_overrides([f"experiment={experiment}"])
    assert len(expanded) == jobs
    assert all(f"experiment={experiment}" in job for job in expanded)


def test_gathering_a_package_only_sweep_and_a_list_override(tmp_path):
    only = run_cli(
        tmp_path,
        "-m",
        "run=quick",
        "org=small",
        "run.months=4",
        "package=status_quo,balanced",
        f"hydra.sweep.dir={tmp_path / 'only'}",
    )
    assert only.returncode == 0, only.stderr
    assert sweep.main([str(tmp_path / "only")]) == 0
    robust = pd.read_csv(tmp_path / "only" / "sweep_robustness.csv", header=[0, 1], index_col=0)
    assert list(robust.index) == ["balanced", "status_quo"]
    listed = run_cli(
        tmp_path,
        "-m",
        "run=quick",
        "org=small",
        "run.months=4",
        "run.packages=[status_quo,balanced]",
        "training.mode=none,mandatory",
        f"hydra.sweep.dir={tmp_path / 'listed'}",
    )
    assert listed.returncode == 0, listed.stderr
    assert sweep.main([str(tmp_path / "listed")]) == 0
    table = pd.read_parquet(tmp_path / "listed" / "sweep_results.parquet")
    assert set(table["package"]) == {"status_quo", "balanced"} and table["job"].nunique() == 2
    assert sweep.main([str(tmp_path / "listed"), "--month", "99"]) == 2


def _scenarios(regular) -> pd.DataFrame:
    rows = []
    for package in ("a", "b"):
        for hype in np.linspace(0, 1, 6):
            for mix in ("more_worried", "default", "more_seekers"):
                rows.append({"package": package, "communication.hype": hype, "archetypes": mix,
                             "regular_share": regular(package, hype, mix)})  # fmt: skip
    return pd.DataFrame(rows)


def test_prim_finds_the_settings_under_which_a_package_fails():
    """Package a fails (regular use below 0.6) where hype is 0.6 or more, and where it is 0.4 with more
    worried staff; b never fails. PRIM's trajectory for a passes a box of hype from 0.3 (all 10
    failures among its 12 configurations: density 0.83) before the box of hype from 0.5 (9 failures
    of 9): the first box with a density of at least 0.8 is chosen, the one that keeps every failure."""
    pytest.importorskip("ema_workbench")
    from analysis.sweep import prim_boxes

    summ = _scenarios(lambda p, h, m: 0.8 - (0.5 if p == "a" else 0.1) * h - (0.1 if m == "more_worried" else 0))
    boxes = prim_boxes(summ, ["package", "communication.hype", "archetypes"], ("regular_share", "<", 0.6))
    a, b = boxes.set_index("package").loc["a"], boxes.set_index("package").loc["b"]
    assert a["failing"] == 10 and a["coverage"] == 1.0 and a["density"] == pytest.approx(10 / 12)
    assert a["box"] == "0.3 <= communication.hype <= 1"
    assert b["failing"] == 0 and b["box"] == "fails nowhere"
    # failure that depends on the staff mix alone gives a box on the categorical setting
    summ = _scenarios(lambda p, h, m: 0.5 if m == "more_worried" else 0.7)
    box = prim_boxes(summ, ["package", "communication.hype", "archetypes"], ("regular_share", "<", 0.6)).iloc[0]
    assert box["box"] == "archetypes in {more_worried}" and box["density"] == 1.0 and box["coverage"] == 1.0


@pytest.mark.parametrize("text", ["regular_share", "regular_share<high", "no_such_output<0.5"])
def test_a_bad_failure_rule_is_refused(text, tmp_path, capsys):
    from analysis.sweep import main

    assert main([str(tmp_path), "--fails", text]) == 2
    assert "--fails" in capsys.readouterr().err


def test_a_sweep_run_again_skips_finished_jobs_and_equals_an_uninterrupted_one(sweeps, tmp_path):
    """One job never started, one stopped before the end: the same command in the same folder runs those two
    only, says so, and every job's results equal the uninterrupted sweep's bit for bit."""
    import shutil

    folder = tmp_path / "resumed"
    shutil.copytree(sweeps / "basic", folder, ignore=shutil.ignore_patterns("sweep_*"))
    jobs = sorted(p for p in folder.iterdir() if p.is_dir())
    shutil.rmtree(jobs[1])  # never started
    (jobs[2] / "run_complete.json").unlink()  # stopped before the end
    _, _, unfinished = sweep.gather(folder)
    assert len(unfinished) == 2 and any("never started" in name for name in unfinished)
    kept = {p.name: (p / "results.parquet").stat().st_mtime_ns for p in (jobs[0], jobs[3])}
    again = run_cli(tmp_path, *TINY, f"hydra.sweep.dir={folder}")
    assert again.returncode == 0, again.stderr
    assert "2 of 4 jobs finished before and are skipped" in again.stderr
    assert again.stderr.count("finished before (") == 2
    for name, mtime in kept.items():
        assert (folder / name / "results.parquet").stat().st_mtime_ns == mtime, "a finished job was run again"
    original, resumed = job_results(sweeps / "basic"), job_results(folder)
    assert original.keys() == resumed.keys()
    for name in original:
        pd.testing.assert_frame_equal(original[name], resumed[name], check_exact=True)
    assert sweep.gather(folder)[2] == []


@pytest.mark.parametrize("launcher", ["joblib", "chunked"])
def test_killing_a_parallel_sweep_leaves_no_worker_running(tmp_path, launcher):
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    from tests.conftest import ROOT

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = ["-m", "run.packages=[status_quo]", "run.replicates=400", "run.figure=false", "communication.hype=0.1,0.5",
            f"hydra/launcher={launcher}", "hydra.launcher.n_jobs=2", f"hydra.sweep.dir={tmp_path / 's'}"]  # fmt: skip
    proc = subprocess.Popen([sys.executable, "-m", "sim", *args], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 120
    # both workers have started their job (two jobs, two workers): a worker still starting up (importing, under a
    # busy machine's load, for seconds) has no watch yet, and would be judged on its start-up time, not on the watch
    while len(list((tmp_path / "s").glob("*/provenance.json"))) < 2:
        assert time.monotonic() < deadline and proc.poll() is None, "the sweep did not start"
        time.sleep(0.2)
    children = []  # the sweep's worker processes: those whose parent it is
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == str(proc.pid):
            children.append(stat.parent.name)
    assert children
    proc.kill()
    proc.wait()

    def running(pid: str) -> bool:
        try:
            return open(f"/proc/{pid}/stat").read().split()[2] != "Z"
        except OSError:
            return False

    deadline = time.monotonic() + 10  # the workers check for their parent once a second
    while any(running(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    alive = [pid for pid in children if running(pid)]
    for pid in alive:
        os.kill(int(pid), 9)
    assert not alive, "workers ran on after the sweep was killed"


def test_a_finished_job_is_run_again_when_its_settings_changed_and_another_grid_is_refused(sweeps, tmp_path):
    import json
    import shutil

    folder = tmp_path / "changed"
    shutil.copytree(sweeps / "basic", folder, ignore=shutil.ignore_patterns("sweep_*"))
    job = sorted(p for p in folder.iterdir() if p.is_dir())[0]
    done = json.loads((job / "run_complete.json").read_text())
    (job / "run_complete.json").write_text(json.dumps({**done, "fingerprint": "made with other settings"}))
    again = run_cli(tmp_path, *TINY, f"hydra.sweep.dir={folder}")
    assert again.returncode == 0, again.stderr
    assert again.stderr.count("finished before (") == 3 and "finished before with other settings" in again.stderr
    assert json.loads((job / "run_complete.json").read_text())["fingerprint"] == done["fingerprint"]
    other = run_cli(tmp_path, "-m", "run=quick", "org=small", "run.months=6", "training.mode=none,voluntary",
                    f"hydra.sweep.dir={folder}")  # fmt: skip
    assert other.returncode == 2 and "holds a sweep of other settings" in other.stderr
    assert "Traceback" not in other.stderr


def test_a_sweep_with_its_own_folder_pattern_is_gathered_and_its_missing_jobs_named(tmp_path):
    """A sweep whose job folders follow a pattern of its own (``hydra.sweep.subdir=job_${hydra.job.num}``) runs,
    and gathering finds every job by the number in its ``.hydra`` record: none is said never to have started, and
    the one removed afterwards is named as such with its settings."""
    import shutil

    folder = tmp_path / "own"
    done = run_cli(tmp_path, *TINY, "hydra.sweep.subdir=job_${hydra.job.num}", f"hydra.sweep.dir={folder}")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in folder.iterdir() if p.is_dir()) == ["job_0", "job_1", "job_2", "job_3"]
    table, _, unfinished = sweep.gather(folder)
    assert unfinished == [] and table["job"].nunique() == 4
    shutil.rmtree(folder / "job_2")
    _, _, unfinished = sweep.gather(folder)
    assert len(unfinished) == 1 and unfinished[0].startswith("2 (") and unfinished[0].endswith("never started)")
