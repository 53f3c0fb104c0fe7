"""Run folders: one per run even when runs start together, the run's own log, and what reproduces it."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest
import yaml

from sim import job
from tests.conftest import ROOT, run_cli


def test_two_runs_started_together_get_folders_of_their_own(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "sim", "run=quick", "run.packages=[status_quo]", f"org.size={size}"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for size in (300, 400)
    ]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    folders = sorted((tmp_path / "runs").iterdir())
    assert len(folders) == 2
    sizes = set()
    for folder in folders:
        size = yaml.safe_load((folder / "config.yaml").read_text())["org"]["size"]
        assert f"org.size={size}" in json.loads((folder / "provenance.json").read_text())["command"]
        assert (folder / "run_complete.json").is_file() and not (folder / ".lock").exists()
        sizes.add(size)
    assert sizes == {300, 400}


def test_a_folder_in_use_is_refused(tmp_path):
    with job.owned(tmp_path):
        with pytest.raises(job.FolderInUse, match="another run is writing to"):
            with job.owned(tmp_path):
                pass
    with job.owned(tmp_path):  # released when the run ends: the folder can be run again
        pass
    assert list(tmp_path.iterdir()) == []


def test_the_run_log_holds_what_the_run_printed_and_provenance_names_the_files(tmp_path):
    proc = run_cli(tmp_path, "run=quick", "org=example_files", "run.packages=[status_quo,balanced]")
    assert proc.returncode == 0, proc.stderr
    (folder,) = (tmp_path / "runs").iterdir()
    log = (folder / "run.log").read_text()
    assert log.count("Loaded ") == 1  # the cleaning report, once for the whole run
    assert "replicate 2/2" in log and "Run folder:" in log and "means at month 12" in log
    assert "\r" not in log
    prov = json.loads((folder / "provenance.json").read_text())
    assert prov["seed"] == 0 and prov["command"][1:] == ["run=quick", "org=example_files",
                                                          "run.packages=[status_quo,balanced]"]  # fmt: skip
    for key, name in (("org.employees_file", "employees.csv"), ("org.ties_file", "ties.csv")):
        entry = prov["organisation_files"][key]
        path = ROOT / "examples" / "org" / name
        assert entry["path"].endswith(name)
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_tee_keeps_only_the_last_state_of_a_line_redrawn_in_place(tmp_path):
    class Screen:
        text = ""

        def write(self, s):
            self.text += s

        def flush(self):
            pass

        def isatty(self):
            return True

    with open(tmp_path / "log", "w") as log:
        tee = job._Tee(Screen(), log)
        tee.write("\rstep 1/3")
        tee.write("\rstep 2/3")
        tee.write("\rstep 3/3\n")
        tee.write("done\n")
    assert (tmp_path / "log").read_text() == "step 3/3\ndone\n"


@pytest.mark.parametrize("package", ["status_quo", "balanced"])
def test_the_config_files_of_a_run_folder_are_omegaconfs_text(package):
    """config.yaml and configs/<package>.yaml are written as OmegaConf writes them, also when a section's text is
    reused from an earlier job."""
    from omegaconf import OmegaConf

    from sim.config import to_object
    from sim.run import compose_config

    for overrides in ([f"package={package}"], [f"package={package}", "run.seed=3", "run.name=1.50", "org=small"]):
        composed = compose_config(overrides)
        resolved = OmegaConf.to_container(composed, resolve=True)
        for _ in range(2):  # the second time from the kept sections
            assert job.yaml_text(resolved) == OmegaConf.to_yaml(resolved)
        typed = to_object(composed)
        assert job.yaml_text(job.plain_config(typed)) == OmegaConf.to_yaml(OmegaConf.structured(typed))
    assert job.yaml_text({}) == OmegaConf.to_yaml({})
    odd = {  # keys YAML quotes, a number as a key, empty and nested collections, a line YAML folds
        "a": {"yes": {"x": [1, {"b": 2}], "1": 1, 1: "one", "on": {}, "k": {"deep": {"deeper": "long " * 40}}},
              "z": [], "e": {}},
        "n": None, "b": True, "f": 1.0, "i": 1, "s": "1.0", "x y": {"c": 1},
        "neg": -12, "zero": 0, "big": 2**70, "no": False, "yes": {"on": -1, "deep": {"num": 10**18}}, 3: 4,
    }  # fmt: skip
    for _ in range(2):  # the second time from the kept entries
        assert job.yaml_text(odd) == OmegaConf.to_yaml(odd)
        assert job.yaml_text(odd, under="hydra") == OmegaConf.to_yaml({"hydra": odd})
        assert job.yaml_text(odd["a"], under="1") == OmegaConf.to_yaml({"1": odd["a"]})
    odd["a"]["yes"]["k"]["deep"]["deeper"] = 2  # a value deep down changed: its entry is written anew
    assert job.yaml_text(odd) == OmegaConf.to_yaml(odd)


def test_the_commits_state_is_looked_up_for_every_run_and_once_within_a_sweeps_chunk(monkeypatch):
    """A notebook that changes conf/ between two runs gets the new state in the second run's provenance; the jobs
    of one chunk of a sweep share one lookup."""
    import sim.run
    from sim import job

    states = iter([False, True, False, True])
    monkeypatch.setattr(sim.run, "git_commit", lambda: "abc")
    monkeypatch.setattr(sim.run, "uncommitted_changes", lambda: next(states))
    assert job._checkout() == ("abc", False)
    assert job._checkout() == ("abc", True)  # looked up again
    with job.one_checkout():
        assert job._checkout() == job._checkout() == ("abc", False)  # one lookup for the chunk
    assert job._checkout() == ("abc", True)


def test_results_parquet_holds_the_bytes_pandas_writes_without_pandas_column_arrays(tmp_path, monkeypatch):
    """A version of pandas without ``_iter_column_arrays`` (read to skip a Series per column): the columns are read
    through ``items()``, and the file's bytes are still pandas' own."""
    import pandas as pd

    monkeypatch.delattr(pd.DataFrame, "_iter_column_arrays")
    test_results_parquet_holds_the_bytes_pandas_writes(tmp_path)


def test_results_parquet_holds_the_bytes_pandas_writes(tmp_path):
    """results.parquet is written through memory, a layout converted before column by column: the very bytes of
    ``DataFrame.to_parquet``, also with missing values and categories, other layouts and attrs."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    from sim import simulate

    df = simulate(["org=small", "run.months=3"], replicates=2).assign(package="status_quo")
    df["package"] = pd.Categorical(df["package"], categories=["status_quo", "balanced"])
    gaps = df.copy()
    gaps.loc[::3, "regular_share"] = np.nan
    gaps["package"] = gaps["package"].astype(object).where(gaps.index % 4 > 0)
    gaps["package"] = pd.Categorical(gaps["package"], categories=["status_quo", "balanced"])
    other = df.assign(draw=np.int64(1), note="text")
    for frame in (df, df, gaps, gaps, other, other, df.iloc[5:]):
        for attrs in ({}, {"note": "kept"}):
            frame.attrs = attrs
            job._atomic_write_parquet(frame, tmp_path / "results.parquet")
            frame.to_parquet(tmp_path / "by_pandas.parquet", index=False)
            assert (tmp_path / "results.parquet").read_bytes() == (tmp_path / "by_pandas.parquet").read_bytes()
        frame.attrs = {}
        assert job.arrow_table(frame).equals(pa.Table.from_pandas(frame, preserve_index=False), check_metadata=True)
    assert not list(tmp_path.glob("*.tmp")) and job._SCHEMAS  # the results' layout was converted column by column
