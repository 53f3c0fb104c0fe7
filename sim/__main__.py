"""``python -m sim``: the main job on the default config; ``python -m sim -m ...``: a sweep.

Every job's overrides are checked before any work starts; a bad one ends the program with one
clear paragraph on stderr and exit status 2, without a traceback.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import hydra
import yaml
from omegaconf import DictConfig, OmegaConf

from sim.config import ConfigError, register_configs
from sim.job import (
    FolderInUse,
    finished_before,
    job_overrides,
    package_overrides,
    packages_to_run,
    parameter_draws,
    run_job,
)
from sim.launcher import launcher_errors, mark_checked, start_workers, workers_for
from sim.organisation import (
    BASE_MB,
    BYTES_PER_PERSON,
    OrganisationFileError,
    load,
    memory_needed_mb,
)
from sim.run import CONF_DIR, ConfigCache, compile_if_needed
from sim.sector import agencies, lead_agency, read_agencies
from sim.study import with_values


@hydra.main(version_base="1.3", config_path=str(CONF_DIR), config_name="config")
def _hydra_main(cfg: DictConfig) -> None:
    from hydra.core.hydra_config import HydraConfig
    from hydra.types import RunMode

    hc = HydraConfig.get()
    out = Path(hc.runtime.output_dir)
    multirun = hc.mode == RunMode.MULTIRUN
    if multirun:
        stop_with_the_sweep()
        if finished_before(out, cfg):  # a sweep run again: this job finished before, with the same settings
            print(f"job {hc.job.num}: finished before ({out.name}), skipped", file=sys.stderr)
            return
        if (out / "run_complete.json").exists():
            print(f"job {hc.job.num}: finished before with other settings, code or inputs: run again", file=sys.stderr)
    try:
        run_job(cfg, out, OmegaConf.to_container(hc.overrides.task), multirun=multirun)  # as typed: unresolved
    except FolderInUse as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
    except OSError as exc:
        said(out, f"error: cannot write {exc.filename or out}: {exc.strerror or exc}. {stopped(out)} Free space or "
                  "choose a writable folder (hydra.run.dir=...) and run again.")  # fmt: skip
        sys.exit(1)
    except KeyboardInterrupt:
        said(out, f"\ninterrupted. {stopped(out)}")
        sys.exit(130)


def said(out: Path, text: str) -> None:
    """A stopped run's last paragraph, on stderr and at the end of its run.log (if it can still be written)."""
    print(text, file=sys.stderr)
    try:
        with open(out / "run.log", "a", encoding="utf-8") as log:
            log.write(text.lstrip("\n") + "\n")
    except OSError:
        pass


MAIN_PID = "SIM_SWEEP_PID"  # environment: the process that launched the sweep


def stop_with_the_sweep() -> None:
    """In a worker process of a sweep (the chunked or the joblib launcher): end when the process that launched the
    sweep is gone (killed), instead of running on as an orphan. A thread checks once a second whether the worker's
    parent changed."""
    main_pid = int(os.environ.get(MAIN_PID) or 0)
    parent = os.getppid()
    if not main_pid or main_pid == os.getpid():
        return  # not a sweep, or the launching process itself
    if main_pid != parent:
        try:
            os.kill(main_pid, 0)
        except ProcessLookupError:  # the sweep was killed while this worker was starting
            os._exit(1)
        except PermissionError:
            pass
        return  # a worker the sweep's process did not start itself (e.g. on a Ray cluster)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)  # the sweep is gone: nothing is waiting for this job's result

    # once per worker process, which may run many jobs (a global would not do: a launcher may send this function to
    # a worker with each job or chunk of jobs, each arriving with globals of its own)
    if not any(t.name == "stop-with-the-sweep" for t in threading.enumerate()):
        threading.Thread(target=watch, name="stop-with-the-sweep", daemon=True).start()


def resuming(argv: list[str], jobs: list[list[str]]) -> str:
    """What a sweep run again in the same folder will skip, in one line ("" when nothing). A folder that holds a
    sweep of another grid is refused: its jobs' numbers would mean other settings."""
    given = [a.split("=", 1)[1] for a in argv if a.startswith("hydra.sweep.dir=")]
    if not given or not (Path(given[0]) / "multirun.yaml").is_file():
        return ""
    folder = Path(given[0])
    try:
        stored = (yaml.safe_load((folder / "multirun.yaml").read_text()) or {})["hydra"]["overrides"]["task"]
    except (KeyError, TypeError, yaml.YAMLError):
        stored = None
    mine = [a for a in argv if "=" in a and not a.startswith("-") and not a.lstrip("+~").startswith("hydra")]
    if stored is None or sorted(stored) != sorted(mine):
        raise ConfigError(
            f"'hydra.sweep.dir' is {folder}, which holds a sweep of other settings ({' '.join(stored or [])}); "
            "to finish that sweep, run its command again; for this one, choose another folder"
        )
    done = {p.name.split("_", 1)[0] for p in folder.iterdir() if (p / "run_complete.json").is_file()}
    skipped = sum(str(k) in done for k in range(len(jobs)))
    if not skipped:
        return ""
    return (
        f"resuming the sweep in {folder}: {skipped} of {len(jobs)} jobs finished before and are skipped unless their "
        "settings, code or inputs changed"
    )


def absolute_sweep_dir(argv: list[str], name: str) -> list[str]:
    """The command line with an absolute ``hydra.sweep.dir``: Ray workers resolve a relative folder where the
    cluster was started, and the time in the default folder's name where and when each job starts."""
    given = [a for a in argv if a.startswith("hydra.sweep.dir=")]
    if given:
        folder = Path(given[0].split("=", 1)[1]).expanduser()
        return [a if a not in given else f"hydra.sweep.dir={folder.resolve()}" for a in argv]
    folder = Path.cwd() / "multiruns" / f"{datetime.now():%Y-%m-%d_%H-%M-%S-%f}_{name}"
    return [*argv, f"hydra.sweep.dir={folder}"]


def stopped(out: Path) -> str:
    """What a stopped run leaves behind, in one sentence."""
    if (out / "results.parquet").exists():
        kept = "results.parquet holds the packages finished before it"
    elif (out / "agencies.parquet").exists():
        kept = "agencies.parquet and decisions.csv hold the sector's replicates finished before it"
    else:
        kept = "no package had finished"
    return f"The run stopped; {kept} (run folder {out}, without run_complete.json)."


def available_memory_mb(root: Path = Path("/")) -> float | None:
    """Memory available to a new process, or None where unknown: MemAvailable of /proc/meminfo, or less where
    the process's control group (a container's or a cluster job's memory limit, cgroup v2 or v1) allows less."""
    have = None
    try:
        for line in (root / "proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                have = int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    for limit, used in (
        ("sys/fs/cgroup/memory.max", "sys/fs/cgroup/memory.current"),  # v2
        ("sys/fs/cgroup/memory/memory.limit_in_bytes", "sys/fs/cgroup/memory/memory.usage_in_bytes"),  # v1
    ):
        try:
            text = (root / limit).read_text().strip()
            if text == "max":  # no limit
                continue
            free = (int(text) - int((root / used).read_text().strip())) / 2**20
        except (OSError, ValueError):
            continue
        if free < 1e9:  # v1 reports "no limit" as a huge number
            have = free if have is None else min(have, free)
    return have


def local_workers(argv: list[str], jobs: int, multirun: bool) -> int:
    """Worker processes on this machine that may each run a job at the same time: 1 for a single run, the basic
    launcher or a Ray cluster (its own machines); else hydra.launcher.n_jobs (default one per core), at most the
    number of jobs."""
    launcher = next((a.split("=", 1)[1] for a in argv if a.startswith("hydra/launcher=")), "chunked")
    if not multirun or launcher == "basic" or launcher.startswith("ray"):
        return 1
    given = [a.split("=", 1)[1] for a in argv if a.lstrip("+").startswith("hydra.launcher.n_jobs=")]
    return max(1, min(jobs, workers_for(int(given[-1]) if given else -1)))


def start_workers_early(argv: list[str], multirun: bool) -> None:
    """A sweep through the chunked launcher on more than one local worker process, every job checked: start the
    workers now, each loading what a job needs (about two seconds), while this process starts Hydra and its sweep
    (:func:`sim.launcher.start_workers`), not after. Not when the compiled loops are yet to be compiled (this
    process compiles them first, ``compile_if_needed``), nor before every job is checked (a sweep refused for its
    memory may have asked for hundreds of workers)."""
    from sim import jit

    launcher = next((a.split("=", 1)[1] for a in argv if a.startswith("hydra/launcher=")), "chunked")
    given = [a.split("=", 1)[1] for a in argv if a.lstrip("+").startswith("hydra.launcher.n_jobs=")]
    workers = workers_for(int(given[-1]) if given else -1)
    if multirun and launcher == "chunked" and workers > 1 and not jit.uncached():
        os.environ[MAIN_PID] = str(os.getpid())  # before they start: they end with the sweep (stop_with_the_sweep)
        start_workers(workers)


def output_folder_error(argv: list[str]) -> str | None:
    """Why the run or sweep folder cannot be made, or None: the nearest existing folder on its path must be a
    folder this user can write to (checked before any work, as Hydra makes the folder before the job runs)."""
    asked = [a.split("=", 1) for a in argv if a.startswith(("hydra.run.dir=", "hydra.sweep.dir="))]
    targets = [(key, Path(value)) for key, value in asked] or [("the run folder", Path.cwd() / "runs")]
    for key, target in targets:
        probe = target if target.is_absolute() else Path.cwd() / target
        while not probe.exists() and probe != probe.parent:
            probe = probe.parent
        system = len(probe.parts) > 1 and probe.parts[1] in ("proc", "sys")  # root may "write" there, uselessly
        if not probe.is_dir() or not os.access(probe, os.W_OK | os.X_OK) or system:
            return (
                f"'{key}' is {target}, but {probe} is not a folder this user can write to; choose a writable "
                "folder (e.g. hydra.run.dir=runs/mine) or run from a folder you can write to"
            )
    return None


def main() -> None:
    register_configs()
    if not any(a in sys.argv for a in ("--help", "-h", "--hydra-help", "--cfg", "-c", "--info", "-i")):
        try:
            unwritable = output_folder_error(sys.argv[1:])
            if unwritable:
                raise ConfigError(unwritable)
            wrong = launcher_errors(sys.argv[1:])
            if wrong:
                raise ConfigError("; ".join(wrong))
            jobs = job_overrides(sys.argv[1:])
            multirun = len(jobs) > 1 or any(a in ("-m", "--multirun", "hydra.mode=MULTIRUN") for a in sys.argv)
            configs = ConfigCache()  # each set of group choices composed once, each job's values checked on a copy
            loaded: set[str] = set()
            have = available_memory_mb()
            workers = local_workers(sys.argv[1:], len(jobs), multirun)
            if have is not None:
                have /= workers  # each worker process may run a job of its own at the same time
            for overrides in jobs:
                cfg = configs.load(overrides)
                for package in packages_to_run(cfg, overrides, multirun):  # every package of the job
                    if package != cfg.package_name:
                        try:
                            configs.load(package_overrides(overrides, package))
                        except ConfigError as exc:
                            raise ConfigError(f"with package={package}: {exc}") from None
                if cfg.sector.file and cfg.sector.file not in loaded:  # a malformed agencies file fails here
                    read_agencies(cfg.sector.file)
                    loaded.add(cfg.sector.file)
                if (cfg.sector.agencies or cfg.sector.file) and cfg.sector.lead_agency:  # one of the agencies
                    lead_agency(cfg, agencies(cfg))
                if cfg.org.source == "files":
                    if repr(cfg.org) not in loaded:  # the same files and settings: read once
                        load(cfg.org)  # a malformed file fails here, before any work starts
                        loaded.add(repr(cfg.org))
                else:
                    need = memory_needed_mb(cfg.org.size)
                    if have is not None and need > have:
                        each = f" for each of the sweep's {workers} worker processes" if workers > 1 else ""
                        allowed = f"up to about {max(have - BASE_MB, 0) * 1e6 / BYTES_PER_PERSON:,.0f} employees"
                        if workers > 1:
                            fit = int(have * workers // need)  # workers that fit with this organisation
                            workers_text = f"at most {fit} worker processes (hydra.launcher.n_jobs={fit})"
                            if fit >= 1:
                                allowed = f"{allowed}, or {workers_text}" if have > BASE_MB else workers_text
                        raise ConfigError(
                            f"'org.size' is {cfg.org.size:,}: a run needs about {need:,.0f} MB of memory, and this "
                            f"machine has about {have:,.0f} MB available{each}; allowed here: {allowed}"
                        )
                drawn = parameter_draws(cfg)  # a missing or malformed ensemble too
                if drawn:
                    given = {o.lstrip("+~").split("=")[0] for o in overrides}
                    both = sorted(given & set(drawn[0]))
                    if both:
                        raise ConfigError(
                            f"run.parameter_draws draws {', '.join(both)} from the calibration ensemble, and the "
                            "command line sets it too; drop one of the two"
                        )
                    for package in packages_to_run(cfg, overrides, multirun):
                        name = package_overrides(overrides, package)
                        pcfg = cfg if package == cfg.package_name else configs.load(name)
                        for values in {tuple(v.items()) for v in drawn}:  # each set, against the rules between settings
                            with_values(pcfg, dict(values))
            resume_note = resuming(sys.argv[1:], jobs) if multirun else ""
            mark_checked(jobs)  # the sweeper need not compose these again
        except (ConfigError, OrganisationFileError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            sys.exit(2)
        except Exception as exc:  # a sweep syntax error from Hydra's parser
            print(f"error: cannot read the overrides: {str(exc).splitlines()[0]}", file=sys.stderr)
            sys.exit(2)
        compile_if_needed()  # once here, not in every job or worker of a sweep
        start_workers_early(sys.argv[1:], multirun)  # every job checked: Hydra starts meanwhile
        on_ray = any(a.startswith(("hydra/launcher=ray", "hydra.launcher._target_")) for a in sys.argv)
        if multirun and on_ray:
            sys.argv = absolute_sweep_dir(sys.argv, cfg.run.name)
        if multirun and not on_ray:  # local workers (joblib) end with the sweep; a cluster's workers are its own
            os.environ[MAIN_PID] = str(os.getpid())
        if resume_note:
            print(resume_note, file=sys.stderr)
    try:
        _hydra_main()
        gc.freeze()  # the interpreter's exit need not look through what the command made for cycles (half a second)
    except KeyboardInterrupt:  # before or between jobs (within a job, the job says what it kept)
        print("\ninterrupted: stopped before the run finished; finished jobs keep their folders", file=sys.stderr)
        sys.exit(130)
    except OrganisationFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
