"""The library's interface: composing and checking configs, running replicates, loading the compiled loops.

:func:`simulate`, :func:`load_config` and :func:`compose_config` are what scripts and notebooks
call (re-exported by ``sim``). The main job of ``python -m sim`` (the ranked table, figures, the
report, the run folder) is in ``sim/job.py``, above this module: nothing here imports ``analysis``.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
from hydra import compose, initialize_config_dir
from hydra.core.global_hydra import GlobalHydra
from hydra.core.singleton import Singleton
from hydra.errors import HydraException, MissingConfigException
from omegaconf import DictConfig, ListConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from sim import jit
from sim.config import (
    Config,
    ConfigError,
    allowed_text,
    cross_field_errors,
    field_meta,
    freeze,
    frozen_copy,
    leaf_errors,
    override_errors,
    own_copy,
    parse_override,
    register_configs,
    to_object,
)
from sim.model import AdoptionModel
from sim.organisation import Organisation, OrganisationFileError, load, size_warnings

ROOT = Path(__file__).resolve().parent.parent
CONF_DIR = ROOT / "conf"
RESERVED = ("run.seed", "run.replicates")


def explain_error(exc: Exception, overrides: list[str]) -> ConfigError:
    """Turn a Hydra/OmegaConf composition error into one clear paragraph."""
    text = str(exc).strip()
    cause = exc.__cause__ or exc.__context__
    missing = re.search(r"Could not find '([^/']+)/([^']+)'", text)
    if isinstance(exc, MissingConfigException) or missing:
        options: list[str] = []
        collecting = False
        for line in text.splitlines()[1:]:
            if line.startswith("Available options"):
                collecting = True
            elif collecting and line.strip() and not line.startswith("Config search path"):
                options.append(line.strip())
            else:
                collecting = False if collecting and not line.strip() else collecting
                if line.startswith("Config search path"):
                    break
        if missing:
            group, name = missing.groups()
            what = "package" if group == "package" else f"option of '{group}'"
            return ConfigError(
                f"Unknown {what} '{name}'; available: {', '.join(options) or 'none'} (files in conf/{group}/)"
            )
        return ConfigError(text.splitlines()[0])
    key = getattr(exc, "full_key", None) or getattr(cause, "full_key", None)
    if key:
        meta = field_meta(str(key))
        allowed = allowed_text(meta)
        message = (str(cause) if cause is not None else text).splitlines()[0]
        given = next((o for o in overrides if o.lstrip("+~").split("=")[0] == key), None)
        where = f"override '{given}'" if given else f"'{key}'"
        if meta is None:
            return ConfigError(f"Invalid {where}: '{key}' is not a known setting. ({message})")
        hint = f"; allowed: {allowed}" if allowed else ""
        return ConfigError(f"Invalid {where}: {message}{hint}.")
    return ConfigError(f"Invalid configuration: {text.splitlines()[0] if text else type(exc).__name__}")


def compose_config(overrides: list[str] | None = None) -> DictConfig:
    """Compose the config from ``conf/`` with command-line style overrides, validated.

    Raises:
        ConfigError: an unknown key, a value of the wrong type or out of range, an unknown
            package or group option; the message names the key and what is allowed.
    """
    return _compose(overrides)[0]


def _compose(overrides: list[str] | None) -> tuple[DictConfig, Config]:
    """The composed config and its validated typed object (converted once)."""
    overrides = list(overrides or [])
    register_configs()
    if not CONF_DIR.is_dir():
        raise ConfigError(f"config folder {CONF_DIR} not found; install the project with 'pip install -e .'")
    with own_global_hydra():
        try:
            errors = override_errors(overrides)
        except HydraException as exc:
            raise explain_error(exc, overrides) from None
        if errors:
            raise ConfigError("Invalid configuration:\n  - " + "\n  - ".join(errors))
        try:
            with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
                cfg = compose(config_name="config", overrides=overrides)
        except (HydraException, OmegaConfBaseException, ValueError) as exc:
            raise explain_error(exc, overrides) from None
    return cfg, to_object(cfg)  # range, choice and sum checks


@contextlib.contextmanager
def own_global_hydra() -> Iterator[None]:
    """Hydra's global state of our own for the time of a composition, the caller's put back after it.

    A job of ``python -m sim`` runs inside Hydra's application, whose global state composes the other packages'
    configs; a config loaded meanwhile (the parameter table of ``run.parameter_draws``, a package's) must not
    clear that state, or the job's next composition fails (in a sweep's worker, where nothing sets it up again).
    """
    saved = Singleton._instances.pop(GlobalHydra, None)
    try:
        yield
    finally:
        Singleton._instances.pop(GlobalHydra, None)
        if saved is not None:
            Singleton._instances[GlobalHydra] = saved


def load_organisation(cfg: Config, *, report: bool = False) -> Organisation | None:
    """The organisation loaded from the user's files (once for all replicates), or None if generated.

    Says what was cleaned (on stderr when ``report``, else through the ``sim`` logger).
    """
    if cfg.org.source != "files":
        return None
    org = load(cfg.org)
    text = cleaning_report(org, cfg)
    if report and text not in _REPORTED:  # once, not again for every package of the run
        _REPORTED.add(text)
        print(text, file=sys.stderr)
        for warning in size_warnings(org.n, org.role):
            print(f"warning: {warning}", file=sys.stderr)
    elif not report:
        logging.getLogger("sim").info(text)
    return org


_REPORTED: set[str] = set()


def reset_reports() -> None:
    """Let the next load of the organisation's files say again what was cleaned (a new run's log)."""
    _REPORTED.clear()


def cleaning_report(org: Organisation, cfg: Config) -> str:
    """What loading the organisation's files found and cleaned, in words."""
    c = org.cleaning
    text = (
        f"Loaded {org.n} people in {org.n_teams} teams and {org.n_ties} ties from {cfg.org.employees_file}"
        f"{' and ' + cfg.org.ties_file if cfg.org.ties_file else ''}: read {c['ties_read']} tie rows, "
        f"dropped {c.get('self_ties_dropped', 0)} self-ties, merged {c.get('repeated_or_two_way_ties_merged', 0)} "
        f"repeated or two-way ties; {c['people_without_ties']} people have no ties; "
        f"{c['archetypes_assigned']} archetypes assigned by archetypes.shares; "
        f"{int((org.team_leaders() < 0).sum())} teams without a leader."
    )
    return text + "".join(f"\n  {note}." for note in org.notes)


def load_config(overrides: list[str] | None = None) -> Config:
    """The validated, typed config composed from ``conf/`` with the given overrides."""
    return _compose(overrides)[1]


def _unresolved(value: Any) -> bool:
    """Whether an override's value holds an interpolation (``${...}``) or OmegaConf's missing value (``???``),
    anywhere in a list."""
    if isinstance(value, (list, tuple)):
        return any(_unresolved(v) for v in value)
    return isinstance(value, str) and ("${" in value or value == "???")


_NOT_YET, _REFUSED = object(), object()  # a line not converted yet; a value out of its setting's range or choices


class ConfigCache:
    """:func:`load_config` for many override lists (the jobs of a sweep), each distinct set of config-group
    choices composed once.

    A plain ``key=value`` override of a setting is applied to a copy of the typed config of the job's group
    choices: converted as Hydra converts it (by the setting's own node), checked as the composed config is
    checked (the override's kind, the setting's range or choices, the rules between settings). Anything else
    (``+key``, ``~key``, a group, a dict) is composed in full. An override list that is refused is loaded again
    by :func:`load_config`, so that the error is the very one ``load_config`` gives.
    """

    def __init__(self) -> None:
        self._parsed: dict[str, Any] = {}
        self._kind_ok: dict[str, bool] = {}
        self._templates: dict[tuple[str, ...], tuple[DictConfig, Config] | None] = {}
        self._converted: dict[tuple[tuple[str, ...], str], Any] = {}  # (group choices, line): the value as held
        self._nodes: dict[tuple[tuple[str, ...], str], Any] = {}  # (group choices, setting): a copy of its node

    def load(self, overrides: list[str]) -> Config:
        """The validated, typed config of ``overrides``, equal to what :func:`load_config` gives; it shares the
        sections its values leave unchanged with the other configs of the cache: read, do not change it."""
        try:
            fast = self._load(list(overrides))
        except Exception:  # noqa: BLE001 - any doubt: the full composition decides, with its own error
            fast = None
        return fast if fast is not None else load_config(list(overrides))

    def _load(self, overrides: list[str]) -> Config | None:
        groups, values = [], []
        for line in overrides:
            o = self._parsed.get(line)
            if o is None:
                o = self._parsed[line] = parse_override(line)
            if line not in self._kind_ok:  # the override's kind, as load_config checks it first
                self._kind_ok[line] = not override_errors([line])
            if not self._kind_ok[line]:
                return None
            meta = field_meta(o.key_or_group)
            plain = o.get_key_element() == o.key_or_group and not o.is_sweep_override()  # no +, ++ or ~
            if not plain and meta is not None:  # a setting added, forced or deleted: Hydra's order of lines decides
                return None
            if plain and meta is not None and "type" in meta and not isinstance(o.value(), dict):
                if _unresolved(o.value()):  # an interpolation or a missing value: the composition resolves it
                    return None
                values.append((o.key_or_group, o.value(), meta, line))
            else:
                groups.append(line)
        key = tuple(groups)
        if key not in self._templates:
            try:
                self._templates[key] = _compose(list(key))
            except ConfigError:
                self._templates[key] = None  # values given with the groups may mend it: compose in full
        template = self._templates[key]
        if template is None:
            return None
        composed, typed = template
        converted = {}
        for path, value, meta, line in values:
            held = self._converted.get((key, line), _NOT_YET)  # the jobs of a sweep repeat most of their lines
            if held is _NOT_YET:
                node = self._nodes.get((key, path))
                if node is None:  # a copy of the setting's node, which converts a value as Hydra's override does
                    node = composed
                    for part in path.split("."):
                        node = node._get_node(part)
                    node = self._nodes[(key, path)] = copy.deepcopy(node)
                node._set_value(value)
                held = OmegaConf.to_container(node) if isinstance(node, ListConfig) else node._value()
                if leaf_errors(path, meta, held):
                    held = _REFUSED
                self._converted[(key, line)] = held
            if held is _REFUSED:
                return None
            converted[path] = held
        out = copy.copy(typed)  # the sections the values change are copies, the others shared
        copied: set[tuple[str, ...]] = set()
        for path, value in converted.items():
            *parents, leaf = path.split(".")
            section: Any = out
            for k, part in enumerate(parents):
                if tuple(parents[: k + 1]) not in copied:
                    setattr(section, part, copy.copy(getattr(section, part)))
                    copied.add(tuple(parents[: k + 1]))
                section = getattr(section, part)
            setattr(section, leaf, own_copy(value))
        if cross_field_errors(out):
            return None
        return out


def run_replicates(cfg: Config, replicates: int, *, progress: bool = False, label: str = "") -> pd.DataFrame:
    """Run ``replicates`` replicates of one config; tidy monthly results with a replicate column.

    The models are made without Mesa agent handles (``run.mesa_agents``): no one sees them here, and results do not
    depend on them (``tests/test_properties.py``); making them cost about a tenth of a run.
    """
    frames = []
    start = time.perf_counter()
    loaded = load_organisation(cfg, report=progress)
    if cfg.run.mesa_agents:
        frozen = getattr(cfg, "_frozen", False)
        cfg = replace(cfg, run=replace(cfg.run, mesa_agents=False))
        if frozen:  # its other sections are the frozen config's own, read-only already: nothing to copy
            freeze(cfg)
    cfg = frozen_copy(cfg)  # one read-only copy, which the replicates' models share instead of copying it each
    for r in range(replicates):
        model = AdoptionModel(cfg, replicate=r, org=loaded)
        model.run()
        frames.append(model.results())
        if progress:
            show_progress(f"{label}replicate", r, r + 1, replicates, start)
    return pd.concat(frames, ignore_index=True)


def git_commit() -> str:
    """The commit of this checkout, or "" outside a git checkout (an installed copy)."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=ROOT, capture_output=True, text=True,
                             timeout=10)  # fmt: skip
        if top.returncode != 0 or Path(top.stdout.strip()).resolve() != ROOT:  # installed inside another repository
            return ""
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10)
        return out.stdout.strip() if out.returncode == 0 else ""
    except (OSError, subprocess.SubprocessError):
        return ""


def uncommitted_changes() -> bool | None:
    """Whether this checkout has changes not committed (then the commit alone does not give the code), or None
    outside a git checkout."""
    try:
        out = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                             text=True, timeout=10)  # fmt: skip
        return bool(out.stdout.strip()) if out.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        return None


def show_progress(label: str, before: int, done: int, total: int, start: float, extra: str = "") -> None:
    """Progress on stderr: on a terminal, a progress bar (tqdm's) updated in place, with the time elapsed and
    left; in a log, a plain line ``label done/total`` each time another tenth of the work is done."""
    elapsed = time.perf_counter() - start
    if sys.stderr.isatty():
        from tqdm import tqdm

        width = shutil.get_terminal_size((100, 20)).columns
        bar = tqdm.format_meter(done, total, elapsed, prefix=label, ncols=max(40, width - len(extra) - 1))
        print("\r" + bar + extra, end="\n" if done == total else "", file=sys.stderr, flush=True)
        return
    left = elapsed / max(done, 1) * (total - done)
    line = f"{label} {done}/{total}  {elapsed:5.1f}s elapsed, ~{left:4.1f}s left{extra}"
    if done == total or done * 10 // total != before * 10 // total:
        print(line, file=sys.stderr, flush=True)


def simulate(overrides: list[str] | None = None, *, replicates: int = 1, seed: int = 0) -> pd.DataFrame:
    """Run the model on the config composed from ``conf/`` with the given overrides.

    Args:
        overrides: override strings exactly as on the command line, e.g.
            ``["package=status_quo", "org.size=400"]``. ``run.seed`` and ``run.replicates`` are
            set by the arguments below, not here.
        replicates: number of replicates (replicate r uses the streams of (seed, r)).
        seed: root seed.

    Returns:
        Tidy monthly results: columns ``replicate, month, archetype`` (``all`` and the five
        archetypes) and the outputs of :data:`sim.outputs.OUTPUTS`.

    Raises:
        ConfigError: a bad override, before any work starts.
        OrganisationFileError: a malformed organisation file.
    """
    overrides = list(overrides or [])
    clash = [o for o in overrides if o.lstrip("+~").split("=")[0] in RESERVED]
    if clash:
        raise ConfigError(
            f"Set the seed and the number of replicates with simulate(seed=..., replicates=...), not with {clash}"
        )
    if not isinstance(replicates, int) or replicates < 1:
        raise ConfigError(f"replicates must be a whole number >= 1, got {replicates!r}")
    if not isinstance(seed, int) or seed < 0:
        raise ConfigError(f"seed must be a whole number >= 0, got {seed!r}")
    cfg = _compose([*overrides, f"run.seed={seed}", f"run.replicates={replicates}"])[1]
    return run_replicates(cfg, replicates)


def compile_if_needed() -> None:
    """Compile the loops not yet cached, saying so on stderr (before work starts, not inside it)."""
    if jit.uncached():
        print(
            "Compiling the model's weekly loops (once after installing or changing them, about 20 s) ...",
            file=sys.stderr,
            flush=True,
        )
        warm_up()


def warm_up() -> float:
    """Load (the first time: compile) every compiled loop by running a tiny model; seconds taken.

    Loading happens by itself on first use, once per process (under a second); benchmarks call this
    first so that the time of a run does not include it.
    """
    start = time.perf_counter()
    cfg = Config()
    training = replace(cfg.training, mode="mandatory", start_week=0, domain_specific=True, action_learning=True)
    # discoveries left to codify, so that the loop that codifies them runs too
    params = replace(cfg.params, leadership=replace(cfg.params.leadership, codify_floor=0.0))
    cfg = replace(
        cfg,
        org=replace(cfg.org, size=40),
        run=replace(cfg.run, months=2, mesa_agents=False),
        tools=replace(cfg.tools, access_week=0, approved="few"),  # approved tools: the loop of the first try too
        training=training,
        params=params,
        leadership=replace(cfg.leadership, hands_on=True),  # the loop of leaders' own time runs too
    )
    AdoptionModel(cfg).run()
    return time.perf_counter() - start


__all__ = [
    "ConfigError",
    "OrganisationFileError",
    "compile_if_needed",
    "compose_config",
    "explain_error",
    "load_config",
    "run_replicates",
    "simulate",
    "warm_up",
]
