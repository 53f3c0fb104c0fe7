"""The ``chunked`` launcher and the ``cached`` sweeper (``sim/launcher.py``, ``hydra_plugins/sim_sweeps``): a job's
config composed from its group choices' config equals Hydra's own composition key for key, a sweep through the
launcher writes what the sequential launcher writes (results bit for bit), a stopped sweep is finished by running
it again, and a bad override is refused before any work."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from omegaconf import OmegaConf

from sim.config import ConfigError, register_configs
from sim.run import CONF_DIR, ConfigCache, load_config
from tests.conftest import leaf_fields, run_cli

GRID = ["-m", "run=quick", "org=small", "run.months=6", "package=status_quo,balanced", "communication.hype=0.1,0.5"]
SAME = ["config.yaml", "configs", ".hydra/config.yaml", ".hydra/overrides.yaml", "ranking.csv", "run_complete.json"]


@pytest.fixture(scope="module")
def sweeps(tmp_path_factory):
    root = tmp_path_factory.mktemp("launchers")
    basic = run_cli(root, *GRID, "hydra/launcher=basic", "hydra/sweeper=basic", f"hydra.sweep.dir={root / 'basic'}")
    assert basic.returncode == 0, basic.stderr
    chunked = run_cli(root, *GRID, "hydra/launcher=chunked", "hydra.launcher.n_jobs=2", "hydra.launcher.chunk_size=1",
                      f"hydra.sweep.dir={root / 'chunked'}")  # fmt: skip
    assert chunked.returncode == 0, chunked.stderr
    return root


def jobs(folder):
    return sorted(p for p in folder.iterdir() if p.is_dir())


def texts(job):
    out = {}
    for name in SAME:
        path = job / name
        for f in sorted(path.rglob("*")) if path.is_dir() else [path]:
            out[str(f.relative_to(job))] = f.read_text()
    return out


def test_the_chunked_launcher_writes_what_the_sequential_launcher_writes(sweeps):
    basic, chunked = jobs(sweeps / "basic"), jobs(sweeps / "chunked")
    assert [p.name for p in basic] == [p.name for p in chunked] and len(basic) == 4
    for a, b in zip(basic, chunked, strict=True):
        pd.testing.assert_frame_equal(
            pd.read_parquet(a / "results.parquet"), pd.read_parquet(b / "results.parquet"), check_exact=True
        )
        assert texts(a) == texts(b), a.name
        assert sorted(p.name for p in a.iterdir()) == sorted(p.name for p in b.iterdir())
        provenance = json.loads((b / "provenance.json").read_text())
        assert provenance["command"][1:] == json.loads((a / "provenance.json").read_text())["command"][1:]
        assert "Run folder:" in (b / "run.log").read_text()
    packages = {p.name: pd.read_parquet(p / "results.parquet")["package"].iloc[0] for p in chunked}
    assert sorted(packages.values()) == ["balanced", "balanced", "status_quo", "status_quo"]


def test_a_stopped_chunked_sweep_runs_only_what_is_missing(sweeps, tmp_path):
    folder = tmp_path / "resumed"
    shutil.copytree(sweeps / "chunked", folder)
    done = jobs(folder)
    shutil.rmtree(done[0])  # never started
    (done[3] / "run_complete.json").unlink()  # stopped before the end
    kept = {p.name: (p / "results.parquet").stat().st_mtime_ns for p in done[1:3]}
    again = run_cli(tmp_path, *GRID, "hydra/launcher=chunked", "hydra.launcher.n_jobs=2", f"hydra.sweep.dir={folder}")
    assert again.returncode == 0, again.stderr
    assert "2 of 4 jobs finished before and are skipped" in again.stderr
    assert again.stderr.count("finished before (") == 2
    for name, mtime in kept.items():
        assert (folder / name / "results.parquet").stat().st_mtime_ns == mtime, "a finished job was run again"
    for a, b in zip(jobs(sweeps / "basic"), jobs(folder), strict=True):
        pd.testing.assert_frame_equal(
            pd.read_parquet(a / "results.parquet"), pd.read_parquet(b / "results.parquet"), check_exact=True
        )
        assert (b / "run_complete.json").is_file()


@pytest.mark.parametrize(
    ("bad", "said"),
    [
        ("communication.hype=0.1,7", "communication.hype"),  # out of range in one job of the grid
        ("run.seed=0,-1", "run.seed"),
        ("package=status_quo,no_such_package", "no_such_package"),
        ("params.peer_rate=0.5,abc", "params.peer_rate"),
    ],
)
def test_a_bad_override_in_one_job_is_refused_before_any_work(tmp_path, bad, said):
    proc = run_cli(tmp_path, "-m", "run=quick", "org=small", bad, f"hydra.sweep.dir={tmp_path / 's'}")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: ") and said in proc.stderr
    assert not (tmp_path / "s").exists()


JOBS = [
    ["run.seed=1"],
    ["package=balanced", "run.seed=2"],
    ["run.seed=3", "package=balanced", "org=small", "params.peer_rate=1.5", "run.packages=[status_quo,balanced]"],
    ["experiment=superusers", "superusers.share=0.05", "superusers.selection=random", "run.name=2025"],
    ["org.size=400", "+run.extra=1"],
    ["params.peer_rate=abc"],
    ["no_such.key=1"],
    ["~run.name"],
]


@pytest.fixture(scope="module")
def hydra_sweep():
    """A sweep's own config and Hydra's config loader, as a multirun sets them up."""
    from hydra import initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra
    from hydra.core.utils import setup_globals
    from hydra.types import RunMode

    register_configs()
    setup_globals()
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
        hydra = GlobalHydra.instance().hydra
        assert hydra is not None
        master = hydra.compose_config(
            "config", ["run=quick", "hydra.sweep.dir=sweep", "hydra/launcher=chunked"], run_mode=RunMode.MULTIRUN
        )
        yield hydra.config_loader, master
    GlobalHydra.instance().clear()


def test_a_job_config_from_its_group_choices_equals_hydras_composition(hydra_sweep):
    """Each job's config (the Hydra node too) equals ``load_sweep_config``'s; a job Hydra refuses is refused with
    the same error. Composed twice: the second time from the kept config of the group choices."""
    from sim.launcher import Composer

    loader, master = hydra_sweep
    composer = Composer(loader, master)
    for _ in range(2):
        for overrides in JOBS:
            try:
                expected, refused = loader.load_sweep_config(master, list(overrides)), None
            except Exception as exc:  # noqa: BLE001 - whatever Hydra raises, the composer raises it too
                expected, refused = None, exc
            if refused is not None:
                with pytest.raises(type(refused)) as raised:
                    composer.compose(overrides)
                assert str(raised.value) == str(refused)
                continue
            got = composer.compose(overrides)
            assert OmegaConf.to_yaml(got) == OmegaConf.to_yaml(expected), overrides
            app = [OmegaConf.masked_copy(c, [k for k in c if k != "hydra"]) for c in (got, expected)]
            resolved = [OmegaConf.to_container(c, resolve=True) for c in app]
            assert resolved[0] == resolved[1]
            assert OmegaConf.is_struct(got) and OmegaConf.is_readonly(got.hydra) == OmegaConf.is_readonly(
                expected.hydra
            )
    assert len(composer.templates) == 4  # one composition per set of group choices


def test_a_job_config_set_in_place_equals_a_composed_copy_and_is_put_back_after_the_job(
    hydra_sweep, tmp_path, monkeypatch
):
    """The config a job gets in a worker (its values set on the config of its group choices for the time of the job)
    equals the composed copy, its plain containers equal OmegaConf's, and after the job (which runs as a sweep's job
    runs, or fails) the config of the group choices is as composed again: its values, flags and nodes' parents."""
    from hydra._internal.callbacks import Callbacks
    from hydra.core.utils import setup_globals
    from hydra.types import HydraContext

    from sim.launcher import Composer, run_own_job

    loader, master = hydra_sweep
    monkeypatch.chdir(tmp_path)  # the jobs' folders (the sweep's folder is relative)
    composer, fresh = Composer(loader, master), Composer(loader, master)
    context = HydraContext(config_loader=loader, callbacks=Callbacks(master))
    setup_globals()
    seen = []
    jobs = [*JOBS, ["run.packages=[status_quo,balanced]", "run.seed=4"], ["run.seed=5", "package=balanced"]]
    for _ in range(2):
        for idx, overrides in enumerate(jobs):
            try:
                expected, refused = composer.compose(overrides), None
            except Exception as exc:  # noqa: BLE001 - the in-place config must be refused alike
                expected, refused = None, exc
            if refused is not None:
                with pytest.raises(type(refused)) as raised, composer.job(overrides, idx):
                    pass
                assert str(raised.value) == str(refused)
                continue
            expected.hydra.job.id, expected.hydra.job.num = f"{expected.hydra.job.name}_{idx}", idx
            with composer.job(overrides, idx) as (cfg, containers):
                assert OmegaConf.to_yaml(cfg) == OmegaConf.to_yaml(expected), overrides
                assert OmegaConf.is_readonly(cfg.hydra) == OmegaConf.is_readonly(expected.hydra)
                if containers is not None:
                    task = OmegaConf.masked_copy(cfg, [k for k in cfg if k != "hydra"])
                    assert containers.task() == OmegaConf.to_container(task, enum_to_str=True)
                    assert containers.task() == OmegaConf.to_container(task, resolve=True)
                    ret = run_own_job(context, cfg, lambda c: seen.append(OmegaConf.to_yaml(c)), containers)
                    assert containers.hydra() == OmegaConf.to_container(cfg.hydra, enum_to_str=True)
                    assert ret.status.name == "COMPLETED" and seen[-1] == OmegaConf.to_yaml(task)
    assert len(composer.templates) >= 4 and len(seen) == 2 * 6  # the jobs that set their values in place
    for key, template in composer.templates.items():
        again = fresh.template([composer._parse(line) for line in key])
        assert OmegaConf.to_yaml(template) == OmegaConf.to_yaml(again), key
        assert OmegaConf.is_readonly(template.hydra) == OmegaConf.is_readonly(again.hydra)
        assert all(node._get_parent() is template for node in template.__dict__["_content"].values())


@pytest.mark.parametrize("overrides", [job for job in JOBS if not job[0].startswith("experiment")])
def test_the_commands_check_composes_each_set_of_group_choices_once_and_refuses_alike(overrides):
    """The check of every job before a sweep starts gives the config load_config gives, or its very error."""
    cache = ConfigCache()
    for _ in range(2):
        try:
            expected, refused = load_config(overrides), None
        except ConfigError as exc:
            expected, refused = None, str(exc)
        if refused is not None:
            with pytest.raises(ConfigError) as raised:
                cache.load(overrides)
            assert str(raised.value) == refused
            continue
        got = cache.load(overrides)
        assert [(k, type(v), v) for k, _, v in leaf_fields(got)] == [
            (k, type(v), v) for k, _, v in leaf_fields(expected)
        ]


@pytest.mark.parametrize(
    "overrides",
    [
        ["org.size=300", "++org.size=200"],  # Hydra applies the lines in order: the last one wins
        ["++run.seed=5", "run.seed=6"],
        ["package_description=${nope}"],  # an interpolation to nothing: refused as the composition refuses it
        ["package_description=???"],
        ["package_description=${run.name}"],  # resolved by the composition, never kept as text
    ],
)
def test_the_commands_check_leaves_order_and_interpolations_to_the_composition(overrides):
    """The check gives what load_config gives: the same values, or the same error (an interpolation to nothing
    raises OmegaConf's own error, which the command reports as an unreadable override)."""
    try:
        expected, refused = load_config(overrides), None
    except Exception as exc:  # noqa: BLE001 - whatever load_config raises, the check must raise alike
        expected, refused = None, exc
    if refused is not None:
        with pytest.raises(type(refused)) as raised:
            ConfigCache().load(overrides)
        assert str(raised.value) == str(refused)
        return
    got = ConfigCache().load(overrides)
    assert [(k, v) for k, _, v in leaf_fields(got)] == [(k, v) for k, _, v in leaf_fields(expected)]
    assert "${" not in got.package_description


@pytest.mark.parametrize(
    ("bad", "said"),
    [
        ("hydra.launcher.chunk_size=-1", "hydra.launcher.chunk_size"),
        ("hydra.launcher.n_jobs=0", "hydra.launcher.n_jobs"),
    ],
)
def test_launcher_settings_that_would_run_nothing_are_refused_before_any_work(tmp_path, bad, said):
    proc = run_cli(tmp_path, "-m", "run=quick", "org=small", "run.seed=1,2", bad, f"hydra.sweep.dir={tmp_path / 's'}")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: ") and said in proc.stderr
    assert not (tmp_path / "s").exists()


def test_values_set_on_a_copy_leave_the_cached_config_as_it_was():
    cache = ConfigCache()
    first = cache.load(["run.seed=1", "params.peer_rate=1.5"])
    second = cache.load(["run.seed=2"])
    again = cache.load([])
    assert (first.run.seed, second.run.seed, again.run.seed) == (1, 2, 0)
    assert first.params.peer_rate == 1.5 and second.params.peer_rate == again.params.peer_rate != 1.5
    # a line converted once serves the next job with it (a sweep repeats its lines); each config has its own list
    listed = [cache.load(["run.packages=[status_quo,balanced]", f"run.seed={k}"]) for k in (3, 4)]
    listed[0].run.packages.append("tools_only")
    assert listed[1].run.packages == ["status_quo", "balanced"] and listed[1].run.seed == 4
    assert cache.load(["run.packages=[status_quo,balanced]"]).run.packages == ["status_quo", "balanced"]


def test_a_job_runs_as_hydras_run_job_runs_it(tmp_path):
    """The launcher's own run of a job (without Hydra's copies of the config) writes the same folder and `.hydra`
    record as Hydra's ``run_job``, gives the task the same config and Hydra node, and returns the same."""
    from hydra import initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra
    from hydra.core.hydra_config import HydraConfig
    from hydra.core.utils import run_job, setup_globals
    from hydra.types import HydraContext, RunMode
    from omegaconf import open_dict

    from sim.launcher import Composer, run_own_job

    seen = []

    def task(cfg):
        hc = HydraConfig.get()
        seen.append((OmegaConf.to_yaml(cfg), OmegaConf.to_yaml(hc), hc.runtime.output_dir, hc.job.num, hc.sweep.subdir))
        if cfg.run.seed == 2:
            raise ValueError("a failing job")
        return cfg.run.seed

    register_configs()
    setup_globals()
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
        hydra = GlobalHydra.instance().hydra
        master = hydra.compose_config("config", ["run=quick", f"hydra.sweep.dir={tmp_path / 's'}",
                                                 "hydra/launcher=chunked"], run_mode=RunMode.MULTIRUN)  # fmt: skip
        from hydra._internal.callbacks import Callbacks

        context = HydraContext(config_loader=hydra.config_loader, callbacks=Callbacks(master))
        composer = Composer(hydra.config_loader, master)
        for num, overrides in enumerate([["run.seed=1", "package=balanced"], ["run.seed=2"], ["run.name=x y"]]):
            returns = []
            for runner in ("hydra", "own"):
                cfg = composer.compose(overrides)
                with open_dict(cfg):
                    cfg.hydra.job.id, cfg.hydra.job.num = f"{cfg.hydra.job.name}_{num}", num
                if runner == "hydra":
                    ret = run_job(hydra_context=context, config=cfg, task_function=task,
                                  job_dir_key="hydra.sweep.dir", job_subdir_key="hydra.sweep.subdir")  # fmt: skip
                    (tmp_path / "s").rename(tmp_path / "by_hydra")
                else:
                    ret = run_own_job(context, cfg, task)
                returns.append(ret)
            assert seen[-1] == seen[-2]
            made = {p.relative_to(tmp_path / "s"): p.read_bytes() for p in (tmp_path / "s").rglob("*") if p.is_file()}
            by_hydra = tmp_path / "by_hydra"
            assert made == {p.relative_to(by_hydra): p.read_bytes() for p in by_hydra.rglob("*") if p.is_file()}
            assert len(made) == 3  # .hydra/config.yaml, hydra.yaml, overrides.yaml
            shutil.rmtree(tmp_path / "s")
            shutil.rmtree(by_hydra)
            theirs, mine = returns
            for field in ("overrides", "working_dir", "task_name", "status"):
                assert getattr(mine, field) == getattr(theirs, field)
            assert repr(mine._return_value) == repr(theirs._return_value)
            assert OmegaConf.to_yaml(mine.cfg) == OmegaConf.to_yaml(theirs.cfg)
            assert OmegaConf.to_yaml(mine.hydra_cfg) == OmegaConf.to_yaml(theirs.hydra_cfg)
            assert HydraConfig.instance().cfg is None or HydraConfig.instance().cfg is not mine.hydra_cfg
    GlobalHydra.instance().clear()


def test_a_job_that_stops_itself_does_not_stop_the_others(tmp_path):
    """Job 0's folder is held by another run (a lock this test holds): that job stops with its own paragraph, job 1
    still runs and finishes, and the command ends with one paragraph and exit status 1, no traceback."""
    fcntl = pytest.importorskip("fcntl")
    held = tmp_path / "s" / "0_org=small,run.seed=1,run=quick"
    held.mkdir(parents=True)
    with open(held / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        proc = run_cli(tmp_path, "-m", "run=quick", "org=small", "run.figure=false", "run.seed=1,2",
                       "hydra.launcher.n_jobs=1", f"hydra.sweep.dir={tmp_path / 's'}")  # fmt: skip
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "another run is writing to" in proc.stderr and "job 0" in proc.stderr and "ran on" in proc.stderr
    assert (tmp_path / "s" / "1_org=small,run.seed=2,run=quick" / "run_complete.json").is_file()
    assert not (held / "results.parquet").exists()


def test_chunks_cover_the_jobs_and_get_smaller_towards_the_end():
    from sim.launcher import chunk_size, chunk_sizes

    for jobs in (1, 5, 40, 100, 1000, 1001):
        sizes = chunk_sizes(jobs, 2, None)
        assert sum(sizes) == jobs and min(sizes) >= 1 and max(sizes) == chunk_size(jobs, 2, None)
        assert sizes == sorted(sizes, reverse=True) and sizes[-1] == 1  # the last ones one job each
    assert chunk_sizes(10, 2, 3) == [3, 3, 3, 1]  # as asked
    with pytest.raises(ValueError, match="chunk_size"):
        chunk_sizes(10, 2, 0)


def test_what_the_jobs_print_reaches_the_console_although_the_sweep_ends_its_workers(tmp_path, monkeypatch):
    """The workers are ended as soon as the last chunk is back: each flushed what its jobs printed (a pipe's
    output is buffered unless PYTHONUNBUFFERED is set)."""
    monkeypatch.delenv("PYTHONUNBUFFERED", raising=False)
    proc = run_cli(tmp_path, "-m", "run=quick", "org=small", "run.months=3", "run.figure=false", "run.seed=range(0,7)",
                   "hydra.launcher.n_jobs=2", f"hydra.sweep.dir={tmp_path / 's'}")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("Run folder:") == 7 and proc.stderr.count("replicate") >= 7


def test_workers_are_started_early_only_for_a_checked_sweep_of_the_chunked_launcher(monkeypatch, tmp_path):
    """Started while Hydra starts, once every job is checked; never for a sweep the check refuses (it may have
    asked for hundreds of workers), nor for one worker, another launcher or loops yet to compile."""
    import sys

    import sim.__main__ as cli
    from sim import jit

    started = []
    monkeypatch.setattr(cli, "start_workers", started.append)
    monkeypatch.setattr(jit, "uncached", list)
    cli.start_workers_early(["-m", "run.seed=1,2", "hydra.launcher.n_jobs=3"], multirun=True)
    assert started == [3]
    for argv, multirun in (
        (["-m", "run.seed=1,2", "hydra.launcher.n_jobs=1"], True),
        (["-m", "run.seed=1,2", "hydra/launcher=basic"], True),
        (["-m", "run.seed=1,2", "hydra/launcher=joblib"], True),
        (["run.seed=1"], False),
    ):
        cli.start_workers_early(argv, multirun)
    monkeypatch.setattr(jit, "uncached", lambda: ["spread._kernel"])
    cli.start_workers_early(["-m", "run.seed=1,2", "hydra.launcher.n_jobs=3"], multirun=True)
    assert started == [3]
    monkeypatch.setattr(jit, "uncached", list)
    monkeypatch.setattr(sys, "argv", ["sim", "-m", "run=quick", "run.seed=1,2", "params.peer_rate=abc",
                                      "hydra.launcher.n_jobs=2", f"hydra.sweep.dir={tmp_path / 's'}"])  # fmt: skip
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert stopped.value.code == 2 and started == [3]


def test_jobs_comparing_packages_under_parameter_draws_run_in_the_workers_as_alone(tmp_path):
    """Each job composes its second package's config inside the worker after loading the parameter table of
    ``run.parameter_draws`` (a composition of its own): the worker's Hydra state must survive it. Every job of the
    sweep finishes and writes what the same job run alone writes."""
    common = ["run=quick", "org=small", "run.months=3", "run.figure=false", "run.parameter_draws=2",
              "run.packages=[status_quo,balanced]"]  # fmt: skip
    sweep = run_cli(tmp_path, "-m", *common, "run.seed=0,1", "hydra/launcher=chunked", "hydra.launcher.n_jobs=2",
                    "hydra.launcher.chunk_size=1", f"hydra.sweep.dir={tmp_path / 's'}")  # fmt: skip
    assert sweep.returncode == 0, sweep.stderr
    alone = run_cli(tmp_path, *common, "run.seed=1", f"hydra.run.dir={tmp_path / 'alone'}")
    assert alone.returncode == 0, alone.stderr
    done = jobs(tmp_path / "s")
    assert len(done) == 2 and all((job / "run_complete.json").is_file() for job in done)
    pd.testing.assert_frame_equal(
        pd.read_parquet(done[1] / "results.parquet"), pd.read_parquet(tmp_path / "alone" / "results.parquet"),
        check_exact=True,
    )  # fmt: skip


def test_loading_a_config_leaves_a_running_hydra_applications_state_as_it_was():
    from hydra import initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    register_configs()
    with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
        before = GlobalHydra.instance().hydra
        load_config(["package=balanced"])
        assert GlobalHydra.instance().is_initialized() and GlobalHydra.instance().hydra is before
    assert not GlobalHydra.instance().is_initialized()


def test_a_jobs_folder_is_the_one_omegaconf_resolves(tmp_path):
    """The job's folder name read without OmegaConf's grammar for the project's pattern equals the resolved one, for
    jobs with and without overrides that name the folder; another pattern is resolved by OmegaConf."""
    from hydra import initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra
    from hydra.core.utils import setup_globals
    from hydra.types import RunMode
    from omegaconf import open_dict

    from sim.launcher import SUBDIR, Composer, _subdir

    register_configs()
    setup_globals()
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
        hydra = GlobalHydra.instance().hydra
        for own in ([], ["hydra.sweep.subdir=job_${hydra.job.num}"]):
            master = hydra.compose_config("config", ["run=quick", f"hydra.sweep.dir={tmp_path}", *own],
                                          run_mode=RunMode.MULTIRUN)  # fmt: skip
            composer = Composer(hydra.config_loader, master)
            for num, overrides in enumerate([[], ["run.seed=1", "package=balanced"], ["run.name=x y"]]):
                with composer.job(overrides, num) as (cfg, _):
                    assert (cfg.hydra.sweep._get_node("subdir")._value() == SUBDIR) is not own
                    assert _subdir(cfg) == str(OmegaConf.select(cfg, "hydra.sweep.subdir"))
                    with open_dict(cfg):
                        expected = f"{num}_{cfg.hydra.job.override_dirname}" if not own else f"job_{num}"
                    assert _subdir(cfg) == expected
    GlobalHydra.instance().clear()
