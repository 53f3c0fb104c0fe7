"""Sweeps on a Ray cluster (the ``ray`` extra): through Hydra's Ray launcher on a cluster bound to the loopback
address only, a sweep gives results bit-identical to the sequential launcher, and a job whose worker process is
killed runs again. Starts its own cluster on a free port and stops it at the end."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import ROOT, run_cli

pytest.importorskip("ray")
pytest.importorskip("hydra_plugins.hydra_ray_launcher")

RAY = str(Path(sys.executable).with_name("ray"))
TINY = ["-m", "run=quick", "org=small", "run.months=6", "leadership.transformation_weight=0,1",
        "training.mode=none,mandatory"]  # fmt: skip


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A one-node Ray cluster on 127.0.0.1 (never the machine's other addresses), two CPUs."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0", "PYTHONPATH": str(ROOT)}
    temp = tempfile.mkdtemp(prefix="ray", dir="/tmp")  # short: Ray's socket paths live under it
    start = [RAY, "start", "--head", "--node-ip-address=127.0.0.1", f"--port={port}", "--include-dashboard=false",
             "--num-cpus=2", "--disable-usage-stats", f"--temp-dir={temp}"]  # fmt: skip
    done = subprocess.run(start, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    yield {**env, "RAY_ADDRESS": f"127.0.0.1:{port}"}
    stop_cluster(temp, port)


def stop_cluster(temp: str, port: int) -> None:
    """Stop the processes of this cluster only (not `ray stop`, which stops every Ray cluster of the machine):
    those whose command line names its folder or its port."""
    marks = (temp.encode(), f"127.0.0.1:{port}".encode(), f"--gcs-address=127.0.0.1:{port}".encode())
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                if any(mark in cmdline.read_bytes() for mark in marks):
                    os.kill(int(cmdline.parent.name), sig)
            except (OSError, ValueError):
                continue
        time.sleep(2)
    shutil.rmtree(temp, ignore_errors=True)


def sweep(cwd: Path, env: dict, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sim", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)  # fmt: skip


def results(folder: Path) -> dict[str, pd.DataFrame]:
    return {
        p.name: pd.read_parquet(p / "results.parquet") for p in folder.iterdir() if (p / "results.parquet").exists()
    }


def test_a_sweep_on_ray_equals_the_sequential_sweep_bit_for_bit(cluster, tmp_path):
    basic = run_cli(tmp_path, *TINY, "hydra/launcher=basic", f"hydra.sweep.dir={tmp_path / 'basic'}")
    assert basic.returncode == 0, basic.stderr
    ray = sweep(tmp_path, cluster, *TINY, "hydra/launcher=ray_cluster", "hydra.sweep.dir=on_ray")  # relative
    assert ray.returncode == 0, ray.stderr[-3000:]
    on_ray, sequential = results(tmp_path / "on_ray"), results(tmp_path / "basic")
    assert len(sequential) == 4 and on_ray.keys() == sequential.keys()
    for name in sequential:
        pd.testing.assert_frame_equal(on_ray[name], sequential[name], check_exact=True)
        assert (tmp_path / "on_ray" / name / "run_complete.json").is_file()


def ray_job_processes() -> list[int]:
    """Ray worker processes running a job of the sweep (their title names the task)."""
    pids = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if b"ray::_run_job" in cmdline.read_bytes():
                pids.append(int(cmdline.parent.name))
        except OSError:
            continue
    return pids


def test_a_job_whose_worker_is_killed_runs_again(cluster, tmp_path):
    args = ["-m", "run.packages=[status_quo]", "run.replicates=150", "run.figure=false", "communication.hype=0.1,0.5",
            "hydra/launcher=ray_cluster", f"hydra.sweep.dir={tmp_path / 's'}"]  # fmt: skip
    proc = subprocess.Popen([sys.executable, "-m", "sim", *args], cwd=tmp_path, env=cluster,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
    deadline = time.monotonic() + 300

    def under_way() -> bool:  # a job has written its first progress line
        return any("replicate 15/150" in log.read_text() for log in (tmp_path / "s").glob("*/run.log"))

    while not (under_way() and ray_job_processes()):
        assert time.monotonic() < deadline and proc.poll() is None, "no job started on the cluster"
        time.sleep(0.2)
    for victim in ray_job_processes():  # the worker processes running jobs
        os.kill(victim, signal.SIGKILL)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err[-3000:]
    jobs = sorted(p for p in (tmp_path / "s").iterdir() if p.is_dir())
    assert len(jobs) == 2 and all((j / "run_complete.json").is_file() for j in jobs)
    # the killed job ran twice: its run.log (appended to) holds the start of two runs
    starts = [(j / "run.log").read_text().count("replicate 15/150") for j in jobs]
    assert max(starts) == 2, starts
