"""Faults a user meets: folders that cannot be written, a full disk, Ctrl-C, an organisation too large or too
small. Each ends in one clear paragraph and a non-zero exit (a warning for a tiny organisation), with nothing
already finished lost and no stray temporary file."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys

import pandas as pd
import pytest

from sim import job
from tests.conftest import ROOT, run_cli


def test_an_unwritable_run_or_sweep_folder_is_refused_before_any_work(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    for args in (
        ("run=quick", f"hydra.run.dir={blocker}/run"),
        ("-m", "run=quick", f"hydra.sweep.dir={blocker}/sweep", "communication.hype=0.1,0.2"),
        ("run=quick", "hydra.run.dir=/proc/no_such_run"),
    ):
        proc = run_cli(tmp_path, *args)
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr and "not a folder this user can write to" in proc.stderr
        assert "hydra." in proc.stderr  # names the setting
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_file"]


@pytest.mark.parametrize("attrs", [{}, {"note": "written by pandas"}])
def test_a_full_disk_leaves_no_half_written_results(tmp_path, monkeypatch, attrs):
    def full(path, *args, **kwargs):
        with open(path, "wb") as f:
            f.write(b"PAR1 half")
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(pd.DataFrame, "to_parquet", lambda self, path, **kwargs: full(path))
    monkeypatch.setattr(job, "_write_bytes", full)  # the table, written in memory, to the file
    target = tmp_path / "results.parquet"
    target.write_bytes(b"the packages finished before")
    frame = pd.DataFrame({"a": [1]})
    frame.attrs = attrs
    with pytest.raises(OSError, match="No space left"):
        job._atomic_write_parquet(frame, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.parquet"]  # no .tmp left
    assert target.read_bytes() == b"the packages finished before"  # what was written before is kept


def test_ctrl_c_ends_with_one_paragraph_and_keeps_the_run_folder(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim", "run.replicates=500", "run.figure=false", "hydra.run.dir=out"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as at a terminal
    )
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:  # wait until the first package is running
        seen.append(line)
        if "replicate" in line:
            break
    proc.send_signal(signal.SIGINT)
    _, rest = proc.communicate(timeout=120)
    err = "".join(seen) + rest
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert (tmp_path / "out" / "config.yaml").is_file() and not (tmp_path / "out" / "run_complete.json").exists()
    assert not list((tmp_path / "out").rglob("*.tmp"))


def test_an_organisation_larger_than_memory_is_refused_with_an_estimate(tmp_path):
    from sim.__main__ import available_memory_mb
    from sim.organisation import memory_needed_mb

    have = available_memory_mb()
    if have is None or memory_needed_mb(50_000_000) <= have:  # checked first: never start a run that large
        pytest.skip("this machine has the memory, or does not say how much it has")
    proc = run_cli(tmp_path, "run=quick", "org.size=50000000")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "org.size" in proc.stderr and "MB" in proc.stderr
    assert not (tmp_path / "runs").exists()


def test_available_memory_is_the_smaller_of_the_machines_and_the_control_groups(tmp_path):
    from sim.__main__ import available_memory_mb

    (tmp_path / "proc").mkdir()
    (tmp_path / "proc/meminfo").write_text("MemTotal: 8000000 kB\nMemAvailable: 4096000 kB\n")
    assert available_memory_mb(tmp_path) == 4000.0  # no control group: the machine's
    cgroup = tmp_path / "sys/fs/cgroup"
    cgroup.mkdir(parents=True)
    (cgroup / "memory.max").write_text("max\n")
    (cgroup / "memory.current").write_text(str(100 * 2**20))
    assert available_memory_mb(tmp_path) == 4000.0  # a group without a limit
    (cgroup / "memory.max").write_text(str(1124 * 2**20))
    assert available_memory_mb(tmp_path) == 1024.0  # a container's limit of 1,124 MB, 100 MB used


def test_a_sweeps_workers_share_the_memory():
    from sim.__main__ import local_workers

    assert local_workers([], 1, multirun=False) == 1
    assert local_workers(["-m", "run.seed=1,2,3", "hydra.launcher.n_jobs=2"], 3, multirun=True) == 2
    assert local_workers(["-m", "run.seed=1,2", "hydra.launcher.n_jobs=8"], 2, multirun=True) == 2  # at most the jobs
    assert local_workers(["-m", "hydra/launcher=basic", "hydra.launcher.n_jobs=4"], 9, multirun=True) == 1
    assert local_workers(["-m", "hydra/launcher=ray_cluster"], 9, multirun=True) == 1  # the cluster's own machines


def test_a_sweep_whose_workers_together_need_more_memory_than_there_is_is_refused(tmp_path):
    from sim.__main__ import available_memory_mb
    from sim.organisation import memory_needed_mb

    have = available_memory_mb()
    if have is None or memory_needed_mb(1000) * 500 <= have:
        pytest.skip("this machine has the memory for 500 runs at once, or does not say how much it has")
    proc = run_cli(
        tmp_path, "-m", "run=quick", "run.seed=range(0,500)", "hydra.launcher.n_jobs=500",
        f"hydra.sweep.dir={tmp_path / 's'}",
    )  # fmt: skip
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert "500 worker processes" in proc.stderr and "hydra.launcher.n_jobs" in proc.stderr
    assert not (tmp_path / "s").exists()


def test_a_tiny_organisation_runs_with_a_warning(tmp_path):
    proc = run_cli(tmp_path, "run=quick", "org.size=5", "run.figure=false")
    assert proc.returncode == 0, proc.stderr
    assert "warning: the organisation has only 5 people" in proc.stderr
