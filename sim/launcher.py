"""Running a sweep's jobs fast: each job's config composed from one composed once per set of config-group
choices, many jobs per worker process.

Hydra composes a job's config from ``conf/`` every time (about 0.13 s, more than a run of the default
organisation), and its sweeper and launchers do so again for every job. A job's config is the config of its
config-group choices (``package=...``, ``org=small``, an experiment) with its plain ``key=value`` overrides
applied last, which is how Hydra itself applies them. :class:`Composer` therefore composes each distinct set of
group choices once (through Hydra's own config loader) and applies each job's values by Hydra's own function for
command-line overrides: the same config as Hydra's, tested equal key for key (``tests/test_launcher.py``). A worker
sets them on the config of the group choices itself for the time of the job and puts it back after
(:meth:`Composer.job`; a copy of the config cost a fifth of a run), and converts to plain containers only the
sections the job's values are in (:class:`Containers`).

The Hydra plugins of ``hydra_plugins/sim_sweeps`` use it: the ``chunked`` launcher (``hydra/launcher=chunked``,
the default of ``conf/config.yaml``) runs the jobs in chunks on a pool of worker processes (joblib's loky, as
Hydra's joblib launcher), each worker keeping its compositions for the chunks it runs; the ``cached`` sweeper
checks a batch composing each set of group choices once, and leaves out the jobs ``python -m sim`` checked in
full before starting (:func:`mark_checked`). Each job runs as Hydra's ``run_job`` runs it, without Hydra's copies of
its config (:func:`run_own_job`): its folder, its ``.hydra`` record and what the job writes are those of any other
launcher.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import math
import os
import sys
import threading
import uuid
from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

from omegaconf import DictConfig, OmegaConf, open_dict

log = logging.getLogger(__name__)

_CHECKED: set[tuple[str, ...]] = set()


def mark_checked(jobs: Sequence[Sequence[str]]) -> None:
    """Record jobs whose config this process has composed and checked in full (``python -m sim`` does so for every
    job before any work): the ``cached`` sweeper does not compose them again."""
    _CHECKED.clear()
    _CHECKED.update(tuple(job) for job in jobs)


class Composer:
    """The configs of a sweep's jobs, as Hydra's ``load_sweep_config`` composes them, each distinct set of
    config-group choices composed once.

    Args:
        config_loader: the sweep's Hydra config loader (``hydra_context.config_loader``).
        master_config: the sweep's own config (with the command line's Hydra overrides).
    """

    def __init__(self, config_loader: Any, master_config: DictConfig) -> None:
        self.loader = config_loader
        self.master = master_config
        self.hydra_overrides = OmegaConf.to_container(master_config.hydra.overrides.hydra)  # as typed: unresolved
        # which keys are config groups, as the composition decides it (the search path may be extended)
        _, self.repo = config_loader._parse_overrides_and_create_caching_repo(
            master_config.hydra.job.config_name, self.hydra_overrides
        )
        self.templates: dict[tuple[str, ...], DictConfig] = {}
        # each template's sections converted (Containers): of the config, of its Hydra node, and typed (to_object)
        self.caches: dict[tuple[str, ...], tuple[dict, dict, dict]] = {}
        self.parsed: dict[str, Any] = {}
        self.groups: dict[str, bool] = {}

    def _parse(self, line: str) -> Any:
        override = self.parsed.get(line)
        if override is None:
            from sim.config import parse_override

            override = self.parsed[line] = parse_override(line)
        return override

    def _group(self, key: str) -> bool:
        """Whether ``key`` names a config group (looked up in the config's sources once per key)."""
        known = self.groups.get(key)
        if known is None:
            known = self.groups[key] = bool(self.repo.group_exists(key))
        return known

    def split(self, overrides: Sequence[str]) -> tuple[list, list] | None:
        """The job's overrides as (group choices, plain value overrides), parsed; None when the job cannot be
        composed from a template (a sweep or Hydra's own setting among them): compose it in full."""
        groups, values = [], []
        for line in overrides:
            o = self._parse(line)
            if o.is_sweep_override() or o.is_hydra_override():
                return None
            # as Hydra's defaults list splits them: a dict value or a key that is no group sets values
            if isinstance(o.value(), dict) or not self._group(o.key_or_group):
                values.append(o)
            else:
                groups.append(o)
        return groups, values

    def template(self, groups: Sequence[Any]) -> DictConfig:
        """The config of a set of group choices (composed the first time it is asked for)."""
        key = tuple(o.input_line for o in groups)
        cfg = self.templates.get(key)
        if cfg is None:
            cfg = self.templates[key] = self.loader.load_sweep_config(self.master, list(key))
        return cfg

    def compose(self, overrides: Sequence[str]) -> DictConfig:
        """The job's config: equal to ``load_sweep_config(master_config, overrides)``; a bad override raises the
        same exception."""
        split = self.split(overrides)
        if split is None:
            return self.loader.load_sweep_config(self.master, list(overrides))
        groups, values = split
        cfg = copy.deepcopy(self.template(groups))
        self._set(cfg, overrides, groups, values)
        return cfg

    def _set(self, cfg: DictConfig, overrides: Sequence[str], groups: Sequence[Any], values: Sequence[Any]) -> None:
        """Set a job's values and what Hydra derives from its overrides on the config of its group choices."""
        from hydra._internal.config_loader_impl import ConfigLoaderImpl, get_overrides_dirname

        # the group choices' own, before the job's, as typed (unresolved)
        given = OmegaConf.to_container(cfg.hydra.overrides.task)
        ConfigLoaderImpl._apply_overrides_to_config(list(values), cfg)  # as Hydra applies the command line's
        # what Hydra derives from the overrides: the list of the job's own and the name of its folder
        parsed = [self._parse(line) for line in overrides]
        cfg.hydra.overrides.task = given[: len(given) - len(groups)] + [o.input_line for o in parsed]
        naming = cfg.hydra.job.config.override_dirname
        cfg.hydra.job.override_dirname = get_overrides_dirname(
            overrides=parsed, kv_sep=naming.kv_sep, item_sep=naming.item_sep, exclude_keys=naming.exclude_keys
        )
        OmegaConf.copy_cache(from_config=self.master, to_config=cfg)

    @contextlib.contextmanager
    def job(self, overrides: Sequence[str], idx: int) -> Iterator[tuple[DictConfig, Containers | None]]:
        """The config of job ``idx`` for the time of the job, equal to :meth:`compose`'s (with the job's id and
        number), and its plain containers: the config of its group choices with the job's values set in place,
        put back as it was after the job (a copy of the whole config costs a fifth of a run). Jobs whose overrides
        add or delete keys get a copy (and no containers). The job must not change its config (the sweep's task
        does not: it writes files)."""
        from hydra.core.override_parser.types import OverrideType

        split = self.split(overrides)
        saved = None
        if split is not None and all(o.type is OverrideType.CHANGE for o in split[1]):
            cfg = self.template(split[0])
            saved = _saved(cfg, [o.key_or_group for o in split[1]] + list(_PER_JOB))
        if saved is None:
            cfg = self.compose(overrides)
            _number(cfg, idx)
            yield cfg, None
            return
        readonly = cfg.hydra._get_node_flag("readonly")
        try:
            self._set(cfg, overrides, *split)
            _number(cfg, idx)
            caches = self.caches.setdefault(tuple(o.input_line for o in split[0]), ({}, {}, {}))
            yield cfg, Containers(cfg, caches, {o.key_or_group.split(".")[0] for o in split[1]})
        finally:
            for parent, key, node in reversed(saved):
                parent.__dict__["_content"][key] = node
                node._set_parent(parent)
            OmegaConf.set_readonly(cfg.hydra, readonly)
            for node in cfg.__dict__["_content"].values():  # the task's config held them for the job
                node._set_parent(cfg)


class Containers:
    """``OmegaConf.to_container`` of a job's config (without the Hydra node) and of its Hydra node, made of the
    sections the job's values leave alone as they were converted for an earlier job of the same group choices (read
    them, do not change them) and the sections it changes converted anew.

    Args:
        cfg: the job's config (the config of its group choices with its values set).
        caches: the sections converted before, of the config and of its Hydra node (filled as they are converted),
            and the typed sections made from the first (:func:`sim.config.to_object`'s ``kept``).
        touched: the config's sections the job's values are in (the Hydra node's own are ``_PER_JOB_SECTIONS``).
    """

    def __init__(self, cfg: DictConfig, caches: tuple[dict, dict, dict], touched: AbstractSet[str]) -> None:
        self.cfg, self.caches, self.touched = cfg, caches, touched

    @property
    def typed(self) -> dict:
        """The typed sections made before from the sections of :meth:`task` (``to_object``'s ``kept``)."""
        return self.caches[2]

    def task(self) -> dict | None:
        """``to_container(config without hydra, enum_to_str=True)``, which is also its ``resolve=True`` one; None if
        the config holds anything to resolve (an interpolation, a missing value) or to convert (an enum, a key
        other than text): then convert it in full."""
        plain, simple = _container(self.cfg, self.caches[0], self.touched, skip="hydra", enum_to_str=False)
        return plain if simple else None

    def hydra(self) -> dict:
        """``to_container(config.hydra, enum_to_str=True)``."""
        return _container(self.cfg.hydra, self.caches[1], _PER_JOB_SECTIONS)[0]


def _container(
    node: DictConfig, cache: dict, touched: AbstractSet[str], skip: str | None = None, enum_to_str: bool = True
) -> tuple[dict, bool]:
    """``OmegaConf.to_container(node, enum_to_str=...)`` of a mapping, each entry outside ``touched`` taken from
    ``cache`` (converted and kept the first time); and whether it is plain: nothing to resolve or to convert (no
    interpolation or missing value, no enum, only text keys), so that its resolved container is the same."""
    from enum import Enum

    from omegaconf import Container
    from omegaconf.basecontainer import BaseContainer

    out, simple = {}, True
    for key in node.keys():
        if key == skip:
            continue
        entry = cache.get(key) if key not in touched else None
        if entry is None:
            child = node._get_child(key)
            if isinstance(child, Container):
                value = BaseContainer._to_content(child, resolve=False, throw_on_missing=False, enum_to_str=enum_to_str)
            else:
                value = child._value()
                if enum_to_str and isinstance(value, Enum):
                    value = f"{value.name}"
            entry = (value, _simple(value))
            if key not in touched:
                cache[key] = entry
        out[key] = entry[0]
        simple = simple and entry[1] and isinstance(key, str)
    return out, simple


def _simple(value: Any) -> bool:
    """Whether a plain value holds nothing ``to_container(resolve=True)`` would give otherwise: no interpolation,
    no missing value (``???``), no enum, only text keys."""
    if isinstance(value, str):
        return "${" not in value and value != "???"
    if isinstance(value, dict):
        return all(isinstance(k, str) and _simple(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_simple(v) for v in value)
    return value is None or isinstance(value, (bool, int, float))


# what the launcher and Hydra set on a job's config besides its values
_PER_JOB = ("hydra.overrides.task", "hydra.job.override_dirname", "hydra.job.id", "hydra.job.num",
            "hydra.runtime.output_dir")  # fmt: skip
_PER_JOB_SECTIONS = frozenset(key.split(".")[1] for key in _PER_JOB)


def _number(cfg: DictConfig, idx: int) -> None:
    with open_dict(cfg):
        cfg.hydra.job.id = f"{cfg.hydra.job.name}_{idx}"
        cfg.hydra.job.num = idx


def _saved(cfg: DictConfig, keys: Sequence[str]) -> list[tuple[Any, str, Any]] | None:
    """(parent, key, copy of the node) of each dotted key, to put back after a job; None if a key is not a node
    of a mapping in the config (then the job gets a copy, and Hydra's error if it has one)."""
    out = []
    for key in keys:
        parent: Any = cfg
        *path, last = key.split(".")
        for part in path:
            content = parent.__dict__["_content"] if isinstance(parent, DictConfig) else None
            parent = content.get(part) if isinstance(content, dict) else None
        content = parent.__dict__["_content"] if isinstance(parent, DictConfig) else None
        if not isinstance(content, dict) or last not in content:
            return None
        out.append((parent, last, copy.deepcopy(content[last])))
    return out


def check_batch(config_loader: Any, master_config: DictConfig, batch: Sequence[Sequence[str]]) -> None:
    """What Hydra's sweeper checks before launching a batch (that every job's config composes), with each set of
    group choices composed once; a job ``python -m sim`` checked in full before is not composed again."""
    composer = Composer(config_loader, master_config)
    for overrides in batch:
        split = composer.split(overrides) if tuple(overrides) in _CHECKED else None
        if split is not None:
            composer.template(split[0])  # the command's check composed without Hydra's own overrides
        else:
            composer.compose(overrides)


# what the chunked launcher's two settings allow (said by the command's check and by the launcher itself)
ALLOWED = {
    "hydra.launcher.chunk_size": "a whole number of at least 1, or null",
    "hydra.launcher.n_jobs": "a whole number other than 0 (1 or more worker processes; -1 one per core, -2 all but "
    "one, ...)",
}


def _setting_error(key: str, value: Any) -> str | None:
    """Why a value of one of the launcher's settings (as typed, or as the config holds it) is refused, or None."""
    if key not in ALLOWED or (key.endswith("chunk_size") and value in (None, "null", "")):
        return None
    number = int(value) if isinstance(value, int) or str(value).lstrip("-").isdigit() else None
    if number is None or (number < 1 if key.endswith("chunk_size") else number == 0):
        return f"'{key}' is {value}; allowed: {ALLOWED[key]}"
    return None


def launcher_errors(argv: list[str]) -> list[str]:
    """What is wrong with the chunked launcher's settings on a command line (checked before any work)."""
    lines = (line.lstrip("+").partition("=") for line in argv)
    return [e for key, _, value in lines if (e := _setting_error(key, value))]


def chunk_size(jobs: int, workers: int, asked: int | None) -> int:
    """Jobs a worker takes at a time: as asked, else about an eighth of each worker's share (so that the workers
    finish close together), at most 20: starting a chunk costs about 0.01 s."""
    if asked is not None:
        if error := _setting_error("hydra.launcher.chunk_size", asked):
            raise ValueError(error)
        return asked
    return max(1, min(20, math.ceil(jobs / (8 * workers))))


def chunk_sizes(jobs: int, workers: int, asked: int | None) -> list[int]:
    """The number of jobs of each chunk, in order: :func:`chunk_size` each if asked for; else that size, and less
    towards the end, at most half of what is left for each worker, so that the workers' last chunks end close
    together (with chunks of 20 jobs the other worker waited for the last one half a second on average)."""
    size, out, left = chunk_size(jobs, workers, asked), [], jobs
    while left > 0:
        out.append(min(left, size if asked is not None else max(1, min(size, math.ceil(left / (2 * workers))))))
        left -= out[-1]
    return out


def workers_for(n_jobs: int) -> int:
    """Worker processes for ``n_jobs`` as joblib reads it (-1: one per core, -2: all but one, ...)."""
    from joblib import cpu_count  # the cores this process may use (CPU quotas and affinity counted)

    if error := _setting_error("hydra.launcher.n_jobs", n_jobs):
        raise ValueError(error)
    if n_jobs > 0:
        return n_jobs
    return max(1, cpu_count() + 1 + n_jobs)


def launch(launcher: Any, job_overrides: Sequence[Sequence[str]], initial_job_idx: int) -> list:
    """Run a batch of jobs on the launcher's worker processes, in chunks; the jobs' returns in order."""
    from hydra.core.singleton import Singleton
    from hydra.core.utils import configure_log, filter_overrides, setup_globals
    from joblib import Parallel, delayed
    from joblib.externals import cloudpickle

    setup_globals()
    config = launcher.config
    configure_log(config.hydra.hydra_logging, config.hydra.verbose)
    sweep_dir = Path(str(config.hydra.sweep.dir))
    sweep_dir.mkdir(parents=True, exist_ok=True)
    workers = workers_for(launcher.n_jobs)
    sizes = chunk_sizes(len(job_overrides), workers, launcher.chunk_size)
    fewer = " (fewer towards the end)" if len(set(sizes[:-1])) > 1 else ""
    log.info(f"Launching {len(job_overrides)} jobs on {workers} worker processes, {sizes[0]} at a time{fewer}")
    log.info(f"Launching jobs, sweep output dir : {sweep_dir}")
    jobs = [(initial_job_idx + k, list(o)) for k, o in enumerate(job_overrides)]
    for idx, overrides in jobs:
        log.info(f"\t#{idx} : {' '.join(filter_overrides(overrides))}")
    token = uuid.uuid4().hex  # this sweep's compositions, kept by each worker
    # the sweep's context, config and task pickled once, not with each chunk (about 15 ms each time), and read by
    # each worker once; the state of Hydra's singletons anew with each chunk, as Hydra's joblib launcher sends it
    sweep = cloudpickle.dumps((launcher.hydra_context, config, launcher.task_function))
    state = cloudpickle.dumps(Singleton.get_state())
    for early in _STARTING:  # the workers started while the command checked the jobs (start_workers)
        early.join()
    _STARTING.clear()
    starts = [sum(sizes[:k]) for k in range(len(sizes))]
    chunks = [jobs[start : start + n] for start, n in zip(starts, sizes, strict=True)]
    returns = Parallel(n_jobs=workers, backend="loky", batch_size=1)(
        delayed(run_chunk)(chunk, sweep, state, token) for chunk in chunks
    )
    stop_workers()
    return [r for chunk in returns for r in chunk]


_STARTING: list[threading.Thread] = []  # the thread starting the workers early, until the launcher takes them


def start_workers(workers: int) -> None:
    """Start ``workers`` worker processes in the background, each importing what a job needs and loading the
    compiled loops (:func:`_ready`), on the pool the launcher then uses (joblib's loky pool, started as the
    launcher starts it, is reused): the command starts Hydra and its sweep meanwhile, instead of before the workers
    start (a second or two of a sweep)."""

    def start() -> None:
        from joblib import Parallel, delayed

        with contextlib.suppress(BaseException):  # the launcher starts them itself if this failed
            Parallel(n_jobs=workers, backend="loky", batch_size=1)(delayed(_ready)() for _ in range(workers))

    thread = threading.Thread(target=start, name="start-workers", daemon=True)
    thread.start()
    _STARTING.append(thread)


def _ready() -> None:
    """In a worker process: import what a job needs and load the compiled loops (a tiny run)."""
    import pyarrow.parquet  # noqa: F401

    import analysis.stats  # noqa: F401
    import sim.job  # noqa: F401
    from sim.run import warm_up

    warm_up()


def stop_workers() -> None:
    """End the sweep's worker processes now, idle since their last chunk (which flushed what they printed), instead
    of waiting at the command's exit for each to tear its interpreter down (half a second)."""
    from joblib.externals.loky import reusable_executor

    executor = reusable_executor._executor
    if executor is not None:
        executor.shutdown(wait=True, kill_workers=True)


# in a worker process: the sweep it works for (its token), its Composer, context and task
_WORKER: dict[str, tuple[Composer, Any, Any]] = {}


def run_chunk(jobs: list[tuple[int, list[str]]], sweep: bytes, singleton_state: bytes, token: str) -> list:
    """Run jobs one after another in this process, as Hydra's launchers run a job (:func:`run_own_job`), each
    config composed by this process's :class:`Composer` of the sweep. A job that fails is returned as failed and the
    next one runs (Hydra's sweeper raises its error once the batch is done).

    Args:
        jobs: (number, overrides) of each job.
        sweep: the sweep's Hydra context, own config and task function, pickled (read once per process).
        singleton_state: the state of Hydra's singletons (``Singleton.get_state()``), pickled.
        token: the sweep's own name.
    """
    import pickle

    from hydra.core.plugins import Plugins
    from hydra.core.singleton import Singleton
    from hydra.core.utils import setup_globals

    from sim.job import one_checkout

    setup_globals()
    state = pickle.loads(singleton_state)
    if Plugins in Singleton._instances:  # the plugins found before: set_state would look for them again (20 ms)
        state["instances"][Plugins] = Singleton._instances[Plugins]
    Singleton.set_state(state)
    kept = _WORKER.get(token)
    if kept is None:
        _WORKER.clear()
        hydra_context, master_config, task_function = pickle.loads(sweep)
        kept = _WORKER[token] = (Composer(hydra_context.config_loader, master_config), hydra_context, task_function)
    composer, hydra_context, task_function = kept
    try:
        with one_checkout():  # the commit looked up once for the chunk's jobs
            return _run_jobs(jobs, composer, hydra_context, task_function)
    finally:  # what the jobs printed, before the sweep ends this process (stop_workers)
        sys.stdout.flush()
        sys.stderr.flush()


def _run_jobs(jobs: list[tuple[int, list[str]]], composer: Any, hydra_context: Any, task_function: Any) -> list:
    """The jobs of a chunk, one after another (:func:`run_chunk`). A job that stops itself with a non-zero exit
    status (it has said why) is returned as failed and the next one runs, as a job that raises."""
    from hydra.core.utils import JobReturn, JobStatus

    out = []
    for idx, overrides in jobs:
        with composer.job(overrides, idx) as (sweep_config, containers):
            try:
                ret = run_own_job(hydra_context, sweep_config, task_function, containers)
            except SystemExit as exc:  # the job stopped itself after saying why (a folder in use, a full disk)
                if exc.code in (0, None):
                    raise
                ret = JobReturn(overrides=list(overrides), status=JobStatus.FAILED,
                                task_name=sweep_config.hydra.job.name,
                                _return_value=JobStopped(f"job {idx} ({' '.join(overrides)}) stopped with exit "
                                                         f"status {exc.code}; the sweep's other jobs ran on"))  # fmt: skip
        # back to the sweep without the job's configs (they are in its folder): sending them costs more than a run
        out.append(
            JobReturn(
                overrides=ret.overrides,
                working_dir=ret.working_dir,
                task_name=ret.task_name,
                status=ret.status,
                _return_value=ret._return_value,
            )
        )
    return out


class JobStopped(RuntimeError):
    """A sweep's job stopped itself (``sys.exit``) after saying why."""


def run_own_job(
    hydra_context: Any, config: DictConfig, task_function: Any, containers: Containers | None = None
) -> Any:
    """Hydra's ``run_job`` (``hydra.core.utils``) for a sweep job whose config was composed for it alone, without
    Hydra's copies of the config: the task gets the config's own nodes (Hydra gives it a deep copy made for it),
    the ``.hydra`` record is written through :func:`sim.job.yaml_text` (OmegaConf's text) from the config's plain
    containers (``containers``, or converted here), and the task finds its config's resolved container there
    (:func:`sim.job.known_container`). The same folder, files and ``HydraConfig`` during the task, tested against
    Hydra's ``run_job``; a job that asks to change the working folder (``hydra.job.chdir``) or keeps no record goes
    through Hydra's own."""
    from hydra.core.hydra_config import HydraConfig
    from hydra.core.utils import JobReturn, JobRuntime, JobStatus, _flush_loggers, configure_log, env_override, run_job
    from omegaconf import read_write

    from sim.job import known_container, yaml_text

    if config.hydra.job.chdir is not False or config.hydra.output_subdir is None:
        return run_job(hydra_context=hydra_context, config=config, task_function=task_function,
                       job_dir_key="hydra.sweep.dir", job_subdir_key="hydra.sweep.subdir")  # fmt: skip
    callbacks = hydra_context.callbacks
    hydra_config = HydraConfig.instance()
    before = hydra_config.cfg
    _set_hydra_config(hydra_config, config)  # the job's folder may read the Hydra node (hydra.job.num, its overrides)
    output_dir = os.path.join(str(OmegaConf.select(config, "hydra.sweep.dir")), _subdir(config))
    runtime = config.hydra.runtime  # HydraConfig's too (Hydra sets it on its copy as well)
    with read_write(runtime), open_dict(runtime):
        runtime.output_dir = os.path.abspath(output_dir)
    try:
        ret = JobReturn()
        task_cfg = _without_hydra(config)
        ret.cfg = task_cfg
        ret.hydra_cfg = hydra_config.cfg
        Path(output_dir).mkdir(parents=True, exist_ok=True)
        ret.working_dir = os.getcwd()
        configure_log(config.hydra.job_logging, config.hydra.verbose)
        record = Path(config.hydra.runtime.output_dir) / Path(config.hydra.output_subdir)
        record.mkdir(parents=True, exist_ok=True)
        hydra_plain = containers.hydra() if containers else OmegaConf.to_container(hydra_config.cfg.hydra,
                                                                                   enum_to_str=True)  # fmt: skip
        ret.overrides = list(hydra_plain["overrides"]["task"])
        task_plain = containers.task() if containers else None
        texts = {
            "config.yaml": yaml_text(task_plain or OmegaConf.to_container(task_cfg, enum_to_str=True)),
            "hydra.yaml": yaml_text(hydra_plain, under="hydra"),
            "overrides.yaml": OmegaConf.to_yaml(config.hydra.overrides.task),
        }
        for name, text in texts.items():
            with open(record / name, "w", encoding="utf-8") as file:
                file.write(text)
        typed = containers.typed if containers else None  # (to_object reads it only with task_plain)
        with env_override(hydra_config.cfg.hydra.job.env_set), known_container(task_cfg, task_plain, typed):
            callbacks.on_job_start(config=config, task_function=task_function)
            try:
                ret.return_value = task_function(task_cfg)
                ret.status = JobStatus.COMPLETED
            except Exception as exc:  # as Hydra: the sweeper raises it once the batch is done
                ret.return_value = exc
                ret.status = JobStatus.FAILED
        ret.task_name = JobRuntime.instance().get("name")
        _flush_loggers()
        callbacks.on_job_end(config=config, job_return=ret)
        return ret
    finally:
        hydra_config.cfg = before


# the project's job folder (conf/config.yaml); read without OmegaConf's grammar, which parsed it anew for each job
SUBDIR = "${hydra.job.num}_${hydra.job.override_dirname}"


def _subdir(config: DictConfig) -> str:
    """``str(OmegaConf.select(config, "hydra.sweep.subdir"))``: the project's pattern filled in directly, any other
    resolved by OmegaConf."""
    hydra = config.hydra
    if hydra.sweep._get_node("subdir")._value() == SUBDIR:
        return f"{hydra.job.num}_{hydra.job.override_dirname}"
    return str(OmegaConf.select(config, "hydra.sweep.subdir"))


def _set_hydra_config(hydra_config: Any, config: DictConfig) -> None:
    """``HydraConfig.set_config(config)`` without its copy of the Hydra node: the Hydra node read-only, and
    ``HydraConfig``'s config a mapping of ``hydra`` to the job config's own Hydra node, whose parent stays the job's
    config (as ``set_config`` sets its copy's). The config was composed for this job alone."""
    from hydra.conf import HydraConf

    OmegaConf.set_readonly(config.hydra, True)
    assert issubclass(OmegaConf.get_type(config, "hydra"), HydraConf)  # type: ignore[arg-type]
    view = DictConfig({})
    view.__dict__["_content"]["hydra"] = config.__dict__["_content"]["hydra"]
    hydra_config.cfg = view


def _without_hydra(config: DictConfig) -> DictConfig:
    """The job's config without the Hydra node, as Hydra gives it to the task (a deep copy less ``hydra``), made
    of the config's own nodes: the config was composed for this job alone."""
    task = DictConfig(None)
    task.__dict__["_metadata"] = copy.deepcopy(config.__dict__["_metadata"])
    task.__dict__["_flags_cache"] = copy.deepcopy(config.__dict__["_flags_cache"])
    content = {key: node for key, node in config.__dict__["_content"].items() if key != "hydra"}
    task.__dict__["_content"] = content
    for node in content.values():
        node._set_parent(task)
    return task
