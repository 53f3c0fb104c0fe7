"""The main job of ``python -m sim``: compare packages, print the ranked table, write the run folder.

Above the library (``sim/run.py``), next to the entry point: this is where the console output,
the figures and the report (``analysis``) come in.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import pickle
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from omegaconf import DictConfig, OmegaConf

from sim.config import Config, freeze, shipped_packages, to_object
from sim.model import AdoptionModel
from sim.organisation import load, resolve_file, size_warnings
from sim.outputs import column_arrays
from sim.run import (
    CONF_DIR,
    cleaning_report,
    compile_if_needed,
    explain_error,
    own_global_hydra,
    reset_reports,
    run_replicates,
    show_progress,
)


def _atomic_write_parquet(df: pd.DataFrame, path: Path) -> None:
    """``df.to_parquet(path, index=False)``, the same bytes, written whole or not at all. The table is written to
    memory first and then to the file (pyarrow's own file output cost more than the rest of the writing)."""
    import pyarrow.parquet as pq

    tmp = path.with_suffix(".parquet.tmp")
    try:
        if df.attrs:  # pandas keeps them with the table
            df.to_parquet(tmp, index=False)
        else:
            import pyarrow as pa

            sink = pa.BufferOutputStream()
            pq.write_table(arrow_table(df), sink, compression="snappy")
            _write_bytes(tmp, sink.getvalue())
        os.replace(tmp, path)
    except BaseException:  # a full disk or an interrupt: no half-written file left behind
        tmp.unlink(missing_ok=True)
        raise


def _write_bytes(path: Path, data: Any) -> None:
    with open(path, "wb") as file:
        file.write(data)


_SCHEMAS: dict[tuple, Any] = {}  # the Arrow schema pandas makes for each layout of results (arrow_table)


def arrow_table(df: pd.DataFrame) -> Any:
    """``pyarrow.Table.from_pandas(df, preserve_index=False)``, equal to it with its metadata. A frame of a layout
    converted before (the same columns, types and categories; columns of whole numbers, floats and categories of
    text) is converted column by column under the schema pandas made then (pandas' conversion of a job's results
    cost a third of writing them); anything else by pandas."""
    import pyarrow as pa

    kinds = []
    for dtype in df.dtypes:
        if isinstance(dtype, pd.CategoricalDtype) and dtype.categories.dtype == "str":
            kinds.append(("category", tuple(dtype.categories), dtype.ordered))
        elif dtype in (np.float64, np.int64):
            kinds.append(str(dtype))
        else:
            kinds.append(None)
    key = (tuple(df.columns), tuple(kinds))
    plain = None not in kinds and all(type(c) is str for c in df.columns) and len(set(df.columns)) == len(kinds)
    schema = _SCHEMAS.get(key) if plain else None
    if schema is None:
        table = pa.Table.from_pandas(df, preserve_index=False)
        if plain:
            _SCHEMAS[key] = table.schema
        return table
    arrays = []
    for values, field in zip(column_arrays(df), schema, strict=True):
        if isinstance(values, pd.Categorical):
            codes = values.codes
            indices = pa.array(codes, mask=codes < 0, type=field.type.index_type)
            arrays.append(pa.DictionaryArray.from_arrays(indices, pa.array(list(values.categories),
                                                                           type=field.type.value_type)))  # fmt: skip
        else:
            arrays.append(pa.array(values, type=field.type, from_pandas=True))  # NaN: null, as pandas
    return pa.Table.from_arrays(arrays, schema=schema)


class _Tee:
    """A text stream that writes to ``stream`` and copies finished lines to ``log``: a progress line redrawn in
    place on a terminal (``\\r``) reaches the log only as it last stood."""

    def __init__(self, stream, log) -> None:
        self.stream, self.log, self.line = stream, log, ""

    def write(self, text: str) -> int:
        self.stream.write(text)
        for part in re.split(r"(\r|\n)", text):
            if part == "\n":
                self.log.write(self.line + "\n")
                self.line = ""
            elif part == "\r":
                self.line = ""
            else:
                self.line += part
        self.log.flush()
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


@contextlib.contextmanager
def logged_to(path: Path):
    """Everything the run prints (progress, warnings, the cleaning report, the tables) also goes to ``path``."""
    with open(path, "a", encoding="utf-8") as log:
        out, err = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = _Tee(out, log), _Tee(err, log)
        try:
            yield
        finally:
            for tee in (sys.stdout, sys.stderr):
                if isinstance(tee, _Tee) and tee.line:
                    log.write(tee.line + "\n")
            sys.stdout, sys.stderr = out, err


def provenance(cfg: Config, task_overrides: list[str]) -> dict:
    """What a run folder needs to be reproduced: version, commit, seed, the command and the organisation's files
    with their checksums."""
    files = {}
    if cfg.org.source == "files":
        for key in ("employees_file", "ties_file"):
            name = getattr(cfg.org, key)
            if name:
                path = resolve_file(name, key)
                files[f"org.{key}"] = {"path": name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    if cfg.sector.file:
        path = resolve_file(cfg.sector.file, "sector.file")
        files["sector.file"] = {"path": cfg.sector.file, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    commit, changed = _checkout()
    return {
        "version": _installed_version(),
        "commit": commit,
        "uncommitted_changes": changed,
        "seed": cfg.run.seed,
        "replicates": cfg.run.replicates,
        "command": ["python -m sim", *task_overrides],
        "python": sys.version.split()[0],
        "started": datetime.now().isoformat(timespec="seconds"),
        "organisation_files": files,
    }


@functools.cache
def _installed_version() -> str:
    """The installed version of the project ("" if not installed), read once per process (a job of a sweep asks):
    the version of the code this process runs."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("genai-adoption-sim")
    except PackageNotFoundError:
        return ""


_CHECKOUT: list[tuple[str, bool | None]] = []  # the commit and its state, while one_checkout holds them


def _checkout() -> tuple[str, bool | None]:
    """The commit of this checkout and whether it has uncommitted changes: looked up anew for every run (the
    configs in conf/ may have changed between two runs of a notebook), once for the jobs inside
    :func:`one_checkout`."""
    if _CHECKOUT:
        return _CHECKOUT[-1]
    from sim.run import git_commit, uncommitted_changes

    return git_commit(), uncommitted_changes()


@contextlib.contextmanager
def one_checkout():
    """Look the commit and its state up once for the jobs run inside (the chunk of a sweep's worker: a few seconds
    of jobs, which the lookup would otherwise cost several per cent of)."""
    _CHECKOUT.append(_checkout())
    try:
        yield
    finally:
        _CHECKOUT.pop()


_YAML_PARTS: dict[tuple[int, bytes], str] = {}


def _yaml(part: dict) -> str:
    """``OmegaConf.to_yaml`` of a plain mapping."""
    import yaml
    from omegaconf._utils import get_omega_conf_dumper

    return yaml.dump(part, default_flow_style=False, allow_unicode=True, sort_keys=False,
                     Dumper=get_omega_conf_dumper())  # fmt: skip


def _entry(key: object, value: object, depth: int) -> str:
    """The text of the entry ``key: value`` of a block mapping ``depth`` levels deep (two spaces each), as
    ``OmegaConf.to_yaml`` writes it within the whole; kept for the next entry with the same content (the jobs of a
    sweep differ in a few settings), told apart by its pickle (which tells types apart, a tuple from a list, a bool
    from a number, as YAML does). A mapping under a plain key is the key's line and its entries' texts."""
    if type(value) is int and _plain_key(key):  # a whole number (a job's seed, its number): YAML writes it as it is
        return f"{'  ' * depth}{key}: {value}\n"
    try:
        token: bytes | None = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - what cannot be pickled is written anew each time
        token = None
    text = _YAML_PARTS.get((depth, token)) if token is not None else None
    if text is not None:
        return text
    if type(value) is dict and value and _plain_key(key):
        text = f"{'  ' * depth}{key}:\n" + "".join(_entry(k, v, depth + 1) for k, v in value.items())
    else:
        part: dict = {key: value}
        for _ in range(depth):  # within mappings under plain keys, whose lines are dropped
            part = {"a": part}
        text = _yaml(part).split("\n", depth)[depth]
    if token is not None:
        if len(_YAML_PARTS) > 10_000:  # a long sweep over many values: keep the cache small
            _YAML_PARTS.clear()
        _YAML_PARTS[(depth, token)] = text
    return text


@functools.cache
def _plain_key(key: object) -> bool:
    """Whether YAML writes ``key`` as it is, alone on the line that opens the mapping under it."""
    return type(key) is str and _yaml({key: {"a": 0}}) == f"{key}:\n  a: 0\n"


def yaml_text(plain: dict, under: str | None = None) -> str:
    """``OmegaConf.to_yaml`` of a plain config (nested dicts, lists and scalars), the same text; with ``under``,
    of ``{under: plain}``.

    A block mapping's text is the texts of its entries one after another, each written as it would be within
    the whole (at its indentation), and a mapping's under a plain key that key's line and the texts of its
    entries; each entry's text is kept for the next config with the same entry (:func:`_entry`).
    """
    if not plain or (under is not None and not _plain_key(under)):
        return _yaml({under: plain} if under is not None else plain)
    if under is None:
        return "".join(_entry(key, value, 0) for key, value in plain.items())
    return f"{under}:\n" + "".join(_entry(key, value, 1) for key, value in plain.items())


def plain_config(cfg: Config) -> dict:
    """A typed config as nested dicts, as ``OmegaConf.to_container(OmegaConf.structured(cfg))`` gives it (a whole
    number in a setting that holds a fraction becomes a float, lists are copied)."""
    from dataclasses import fields, is_dataclass

    out = {}
    for f in fields(cfg):
        value = getattr(cfg, f.name)
        if is_dataclass(value):
            value = plain_config(value)
        elif isinstance(value, list):
            value = list(value)
        elif isinstance(value, int) and not isinstance(value, bool) and f.metadata.get("type") == "float":
            value = float(value)
        out[f.name] = value
    return out


def _atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


_KNOWN: list[tuple[DictConfig, dict | None, dict | None]] = []  # a job's config, its resolved container, typed sections


@contextlib.contextmanager
def known_container(dcfg: DictConfig, resolved: dict | None, typed: dict | None = None):
    """While a launcher runs a job: ``OmegaConf.to_container(dcfg, resolve=True)`` converted once before
    (:class:`sim.launcher.Containers`; None: not known), for :func:`resolved_container`; and the typed sections
    the launcher keeps from job to job (``to_object``'s ``kept``; None: none), for :func:`known_typed`."""
    _KNOWN.append((dcfg, resolved, typed))
    try:
        yield
    finally:
        _KNOWN.pop()


def known_plain(dcfg: DictConfig) -> dict | None:
    """``OmegaConf.to_container(dcfg, resolve=True)`` if a launcher converted it for this job (:func:`known_container`;
    its entries may be shared with other jobs': read them, do not change them), else None."""
    if _KNOWN and _KNOWN[-1][0] is dcfg:
        return _KNOWN[-1][1]
    return None


def known_typed(dcfg: DictConfig) -> dict | None:
    """The typed sections a launcher keeps for this job's config from job to job (:func:`known_container`), else
    None."""
    if _KNOWN and _KNOWN[-1][0] is dcfg:
        return _KNOWN[-1][2]
    return None


def resolved_container(dcfg: DictConfig) -> dict:
    """``OmegaConf.to_container(dcfg, resolve=True)``: a new mapping, whose entries may be shared with other jobs'
    (read them, do not change them)."""
    known = known_plain(dcfg)
    if known is not None:
        return dict(known)
    resolved = OmegaConf.to_container(dcfg, resolve=True)
    assert isinstance(resolved, dict)
    return resolved


def fingerprint(dcfg: DictConfig) -> str:
    """What a job's results follow from: its resolved config (Hydra's own settings left out), the model's code
    (the stamp of the compiled loops' sources and numba's version), the organisation's files and the calibration
    ensemble. A sweep run again skips a finished job only if this is unchanged."""
    from sim.jit import CACHE_DIR

    resolved = resolved_container(dcfg)
    resolved.pop("hydra", None)
    digest = hashlib.sha256(json.dumps(resolved, sort_keys=True, default=str).encode())
    digest.update(CACHE_DIR.name.encode())
    org, run = resolved["org"], resolved["run"]  # read off the resolved config: no second validation
    paths = [resolve_file(org[k], k) for k in ("employees_file", "ties_file") if org["source"] == "files" and org[k]]
    if resolved["sector"]["file"]:  # the sector's own list of agencies
        paths.append(resolve_file(resolved["sector"]["file"], "sector.file"))
    if run["parameter_draws"]:
        from sim.study import ENSEMBLE

        paths.append(Path(run["ensemble"]) if run["ensemble"] else ENSEMBLE)
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def finished_before(out: Path, dcfg: DictConfig) -> bool:
    """Whether ``out`` holds this job finished with the same config, code and inputs (a complete, readable
    run_complete.json with the same fingerprint, and the results)."""
    try:
        done = json.loads((out / "run_complete.json").read_text())
    except (OSError, ValueError):
        return False
    results = "sector.parquet" if "agencies" in done else "results.parquet"  # a sector's job writes its own
    return done.get("fingerprint") == fingerprint(dcfg) and (out / results).is_file()


def report_months(horizon: int) -> tuple[int, ...]:
    """Months shown in the ranked table: 12, 24 and 36 within the horizon, and the horizon itself."""
    return tuple(sorted({m for m in (12, 24, 36) if m < horizon} | {horizon}))


def package_overrides(task_overrides: list[str], package: str) -> list[str]:
    """The command line's overrides with the package replaced."""
    rest = [o for o in task_overrides if o.lstrip("+~").split("=")[0] != "package"]
    return [*rest, f"package={package}"]


def packages_to_run(cfg: Config, task_overrides: list[str], multirun: bool = False) -> list[str]:
    """The packages of one job.

    A single run compares ``run.packages`` (default: all), unless a package is named on the command
    line. In a sweep each job is one configuration (the composed package), unless ``run.packages``
    names packages explicitly.
    """
    if any(o.lstrip("+~").split("=")[0] == "package" for o in task_overrides):
        return [cfg.package_name]
    if "all" in cfg.run.packages:
        return [cfg.package_name] if multirun else shipped_packages()
    return list(cfg.run.packages)


def _compose_in_job(overrides: list[str]) -> DictConfig:
    """Compose inside a running Hydra job (its config search path is already set up)."""
    from hydra import compose as hydra_compose

    return hydra_compose(config_name="config", overrides=overrides)


def run_job(
    dcfg: DictConfig, out_dir: Path, task_overrides: list[str] | None = None, multirun: bool = False
) -> pd.DataFrame:
    """The main job: run every package to compare on common random numbers; write the run folder.

    The folder gets the resolved config (``config.yaml``) and each package's (``configs/``), the
    results of all packages as one tidy table with a ``package`` column (``results.parquet``,
    rewritten atomically after each package, so a failure loses nothing already computed), the
    figures as PNG, ``report.html`` and, last, ``run_complete.json``. Command-line overrides apply
    to every package and replace the package's own value of that key.
    """
    task_overrides = list(task_overrides or [])
    # the job's own typed config, read-only: its runs share it instead of copying it (sim.run.run_replicates)
    cfg = freeze(to_object(dcfg, known_plain(dcfg), known_typed(dcfg)))  # (sections shared with earlier jobs: frozen)
    logging.getLogger("MESA").setLevel(logging.WARNING)  # Mesa logs every step at INFO
    out_dir.mkdir(parents=True, exist_ok=True)
    reset_reports()  # each run (each job of a sequential sweep) says what it cleaned in its own log
    with owned(out_dir):  # another run that got the same folder stops here, before writing anything
        (out_dir / "provenance.json").write_text(json.dumps(provenance(cfg, task_overrides), indent=2))
        with logged_to(out_dir / "run.log"):
            return _run_job(dcfg, cfg, out_dir, task_overrides, multirun)


class FolderInUse(RuntimeError):
    """Another process holds the run folder."""


@contextlib.contextmanager
def owned(folder: Path):
    """Hold the folder for this process: an exclusive lock on ``folder/.lock`` while the run writes (released
    when the process ends, so a killed run's folder can be run again), removed at the end."""
    lock = folder / ".lock"
    with open(lock, "w") as handle:
        try:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # no POSIX locks (Windows): the time in the folder's name keeps runs apart
            pass
        except BlockingIOError:
            raise FolderInUse(
                f"another run is writing to {folder}; this one stopped without touching its results. Start it again "
                "(it gets a folder of its own) or set another hydra.run.dir"
            ) from None
        try:
            yield
        finally:
            lock.unlink(missing_ok=True)


def _run_job(dcfg: DictConfig, cfg: Config, out_dir: Path, task_overrides: list[str], multirun: bool) -> pd.DataFrame:
    org_warnings = size_warnings(cfg.org.size) if cfg.org.source != "files" else []
    for text in org_warnings:
        print(f"warning: {text}", file=sys.stderr)
    cleaning = ""
    if cfg.org.source == "files":  # what reading the files found, kept with the run and shown in its report
        cleaning = cleaning_report(load(cfg.org), cfg)
        (out_dir / "organisation.txt").write_text(cleaning + "\n", encoding="utf-8")
    resolved = resolved_container(dcfg)
    resolved.pop("hydra", None)
    text = yaml_text(resolved)
    (out_dir / "config.yaml").write_text(text)
    # composed on the schema, the resolved config is the typed one's plain values: its package's text is this one
    own_text = text if OmegaConf.get_type(dcfg) is Config else None
    packages = packages_to_run(cfg, task_overrides, multirun)
    if cfg.sector.agencies or cfg.sector.file:
        return _run_sector_job(dcfg, cfg, out_dir, packages, task_overrides, multirun)
    draws = _parameter_sets(cfg, out_dir)
    compile_if_needed()
    frames = []
    configs = {}
    for k, package in enumerate(packages):
        pcfg = configs[package] = _package_config(cfg, package, task_overrides, out_dir, own_text)
        label = f"[{k + 1}/{len(packages)}] {package}: "
        frames.append(_run_package(pcfg, cfg.run.replicates, draws, label))
        df = pd.concat(frames, ignore_index=True)
        codes = np.repeat(np.arange(len(frames)), [len(f) for f in frames])
        df["package"] = pd.Categorical.from_codes(codes, categories=packages)
        _atomic_write_parquet(df, out_dir / "results.parquet")
    months = report_months(cfg.run.months)
    from analysis.stats import Comparison

    compared = Comparison(df, months)
    _atomic_write_text(out_dir / "ranking.csv", compared.ranking_csv())
    if cfg.run.figure:
        _write_figures_and_report(
            df, out_dir, compared.table, configs, months, task_overrides, compared.ranking, len(draws), cleaning
        )
    across = (
        f"{compared.cells} organisations"
        if not draws
        else f"{len(draws)} parameter sets x {cfg.run.replicates} organisations"
    )
    from analysis.stats import CONSOLE_LEGEND

    print(  # one write of the table (to the console and the run's log)
        f"\n{len(packages)} package(s), {df['headcount'].iloc[0]} people, {cfg.run.replicates} replicates"
        f"{f' under each of {len(draws)} parameter sets' if draws else ''}; means at month {months[-1]}, ranked "
        "by the mean of each package's ranks on the six outcomes\n\n"
        + compared.summary_text()
        + f"\n\n{CONSOLE_LEGEND}; p best: share of the {across} in which the package ranked first.\n"
        + (
            "Ranges (90 % of replicates), earlier months and the trade-offs: report.html; probabilities: ranking.csv."
            if cfg.run.figure
            else "Probabilities: ranking.csv (run.figure=true also writes report.html with ranges and trade-offs)."
        )
    )
    complete = {"packages": packages, "replicates": cfg.run.replicates}
    if draws:
        from sim.study import ENSEMBLE

        ensemble = Path(cfg.run.ensemble) if cfg.run.ensemble else ENSEMBLE
        complete |= {
            "parameter_draws": len(draws),
            "ensemble": str(cfg.run.ensemble or "sim/data/ensemble.csv (shipped)"),
            "ensemble_sha256": hashlib.sha256(ensemble.read_bytes()).hexdigest(),
        }
    complete["fingerprint"] = fingerprint(dcfg)
    _atomic_write_text(out_dir / "run_complete.json", json.dumps(complete))
    print(f"\nRun folder: {out_dir}")
    return df


def _package_config(
    cfg: Config, package: str, task_overrides: list[str], out_dir: Path, own_text: str | None = None
) -> Config:
    """A package's typed config (the job's own when it is the composed package), written to configs/ (the composed
    package's as ``own_text`` if given: the text of the job's own config, ``yaml_text(plain_config(cfg))``)."""
    same = package == cfg.package_name  # the composed config is this package's already
    pcfg = cfg if same else to_object(_compose_in_job(package_overrides(task_overrides, package)))
    (out_dir / "configs").mkdir(exist_ok=True)
    text = own_text if same and own_text is not None else yaml_text(plain_config(pcfg))
    (out_dir / "configs" / f"{package}.yaml").write_text(text)
    return pcfg


def _report_context(out_dir: Path, task_overrides: list[str], configs: dict, cleaning: str = ""):
    """What a report says of the run's origin: the command, the packages' contents, provenance.json."""
    from analysis.report import ReportContext, package_contents

    prov_path = out_dir / "provenance.json"
    return ReportContext(
        command=list(task_overrides),
        contents=package_contents(configs),
        provenance=json.loads(prov_path.read_text()) if prov_path.exists() else {},
        cleaning=cleaning,
    )


def _run_sector_job(
    dcfg: DictConfig, cfg: Config, out_dir: Path, packages: list[str], task_overrides: list[str], multirun: bool
) -> pd.DataFrame:
    """The sector's job (``sector=norway_state``): each package taken up by the agencies in the months they take
    generative AI into use, ``run.replicates`` replicates of the whole sector. Writes ``agencies.parquet`` (per
    agency and month), ``decisions.csv`` (each agency's months of taking AI into use and of reaching each level),
    ``sector.parquet`` (the sector by month), ``sector_archetypes.parquet`` (the sector's people by archetype)
    and, with ``run.figure``, ``report.html`` with its figures; the tables are rewritten after each replicate.

    With ``run.parameter_draws``, every replicate runs under every drawn parameter set, as a job of one organisation
    does: replicate ``d x run.replicates + r`` is the sector's replicate r (its agencies' streams and decisions)
    under set d, and a column ``draw`` says which set."""
    import time

    from sim.sector import LEVELS, SEED_000_MONTH, run_sector, summary
    from sim.study import with_values

    draws = _parameter_sets(cfg, out_dir)
    sets = draws or [None]
    compile_if_needed()
    tables, decisions, archetypes = [], [], []
    configs = {}
    if cfg.sector.workers:
        workers = cfg.sector.workers
    else:  # a sweep's job runs on one of the sweep's workers already
        from joblib import cpu_count

        workers = 1 if multirun else cpu_count()
    for k, package in enumerate(packages):
        pcfg = configs[package] = _package_config(cfg, package, task_overrides, out_dir)
        for d, r in ((d, r) for d in range(len(sets)) for r in range(cfg.run.replicates)):
            start = time.perf_counter()
            under = f"set {d + 1}/{len(sets)}, " if draws else ""
            label = f"[{k + 1}/{len(packages)}] {package}, {under}replicate {r + 1}/{cfg.run.replicates}: agency"

            last = [0]  # agencies done at the previous call: chunks of agencies arrive together

            def progress(done: int, total: int, label: str = label, start: float = start, last: list = last) -> None:
                show_progress(label, last[0], done, total, start)
                last[0] = done

            table, decided, kinds = run_sector(with_values(pcfg, sets[d]) if draws else pcfg, r, progress, workers)
            if draws:  # the sector's replicate r under set d
                label_as = {"replicate": d * cfg.run.replicates + r, "draw": d}
                table, decided, kinds = (t.assign(**label_as) for t in (table, decided, kinds))
            tables.append(table.assign(package=package))
            decisions.append(decided.assign(package=package))
            archetypes.append(kinds.assign(package=package))
            df = pd.concat(tables, ignore_index=True)
            df["package"] = pd.Categorical(df["package"], categories=packages)
            _atomic_write_parquet(df, out_dir / "agencies.parquet")
            _atomic_write_text(out_dir / "decisions.csv", pd.concat(decisions).to_csv(index=False))
            by_archetype = pd.concat(archetypes, ignore_index=True)
            by_archetype["package"] = pd.Categorical(by_archetype["package"], categories=packages)
            _atomic_write_parquet(by_archetype, out_dir / "sector_archetypes.parquet")
    sector = pd.concat(
        [summary(df[df["package"] == p].drop(columns="package")).assign(package=p) for p in packages],
        ignore_index=True,
    )
    if draws:
        sector.insert(1, "draw", sector["replicate"] // cfg.run.replicates)
    _atomic_write_parquet(sector, out_dir / "sector.parquet")
    if cfg.run.figure:
        from analysis.sector_report import write_sector_report

        context = _report_context(out_dir, task_overrides, configs)
        write_sector_report(
            sector, df, pd.concat(decisions, ignore_index=True), out_dir, SEED_000_MONTH, context, cfg.sector,
            by_archetype,
        )  # fmt: skip
    months = sorted({min(SEED_000_MONTH, cfg.run.months), cfg.run.months})
    shown = sector[sector["month"].isin(months)].groupby(["package", "month"], observed=True, sort=False)
    shown = shown.mean(numeric_only=True)
    columns = {f"agencies_{name}": name.replace("_", " ") for name in LEVELS[1:]}
    columns |= {"employees_using": "staff using", "employees_regular": "staff regular",
                "regular_share_q10": "p10", "regular_share_q90": "p90"}  # fmt: skip
    table_text = (shown[list(columns)].rename(columns=columns) * 100).round(0).astype(int).to_string()
    people = df[(df["month"] == 1) & (df["replicate"] == 0) & (df["package"] == packages[0])]["size"]
    print(
        f"\nSector of {len(people)} agencies, {int(people.sum()):,} employees, {cfg.run.replicates} replicate(s)"
        + (f" under each of {len(draws)} parameter sets" if draws else "")
        + "; means over replicates, in %\n\n"
        + table_text
        + "\n\nexplore ... own solutions: share of agencies at "
        "that level or above (seed 000, month 18: 70 % use generative AI; 48 %, 34 % and 18 % of agencies against 86 % "
        "exploring, i.e. 39 %, 28 % and 15 % of all agencies, read as nested levels among those using it); staff "
        "using / regular: share of all employees using AI to some or a large degree / regularly (seed 000: about 2 "
        "in 10); p10, p90: regular use in the agency at the 10th and 90th percentile of agencies.\n"
        + _central_levers(cfg, pd.concat(decisions, ignore_index=True))
        + "\nPer agency and month: agencies.parquet; decisions: decisions.csv; the sector by month: sector.parquet; "
        "per archetype: sector_archetypes.parquet"
        + ("; figures and the planners' report: report.html." if cfg.run.figure else ".")
    )
    complete = {"packages": packages, "replicates": cfg.run.replicates, "agencies": len(people)}
    if draws:
        complete["parameter_draws"] = len(draws)
    complete["fingerprint"] = fingerprint(dcfg)
    _atomic_write_text(out_dir / "run_complete.json", json.dumps(complete))
    print(f"\nRun folder: {out_dir}")
    return df


def _central_levers(cfg: Config, decisions: pd.DataFrame) -> str:
    """One line on the sector's central levers in force."""
    sc = cfg.sector
    follows = decisions.groupby(["package", "replicate"], observed=True)["follows"].mean().mean()
    return (
        f"Central levers: the package followed by a share {sc.follow_share:g} of agencies ({100 * follows:.0f} % drew "
        f"to), national training {sc.national_training}, central rules "
        f"{'of clarity ' + format(sc.rules_clarity, 'g') if sc.rules_clarity else 'none'}, shared assistant "
        f"{'yes' if sc.shared_assistant else 'no'}, lead agency "
        f"{sc.lead_agency + f' (shared {sc.share_delay_months} month(s) later)' if sc.lead_agency else 'none'}, "
        f"community of practice {'of a share ' + format(sc.community, 'g') if sc.community else 'none'}, "
        f"funded pilots {'for a share ' + format(sc.pilot_funding, 'g') if sc.pilot_funding else 'none'}."
    )


def _parameter_sets(cfg: Config, out_dir: Path) -> list[dict[str, float]]:
    """The job's parameter draws (checked before any run), with the values each used in parameter_sets.csv."""
    draws = parameter_draws(cfg)
    if draws:
        pd.DataFrame(draws).rename_axis("draw").to_csv(out_dir / "parameter_sets.csv")
    return draws


def parameter_draws(cfg: Config) -> list[dict[str, float]]:
    """The parameter sets of ``run.parameter_draws`` (none by default), drawn from the ensemble."""
    if cfg.run.parameter_draws == 0:
        return []
    from sim.study import draw_sets, load_ensemble

    return draw_sets(load_ensemble(cfg.run.ensemble), cfg.run.parameter_draws, cfg.run.seed)


def _run_package(pcfg: Config, replicates: int, draws: list[dict[str, float]], label: str) -> pd.DataFrame:
    """One package's replicates; with parameter draws, every replicate under every drawn set.

    With draws, replicate ``d x replicates + r`` is organisation r (the streams of (seed, r)) under
    set d, and the column ``draw`` says which set: the same organisations meet every set and every
    package (common random numbers), and pairs of packages stay paired by replicate.
    """
    if not draws:
        return run_replicates(pcfg, replicates, progress=True, label=label)
    from sim.study import with_values

    parts = []
    for d, values in enumerate(draws):
        part = run_replicates(
            with_values(pcfg, values), replicates, progress=True, label=f"{label}set {d + 1}/{len(draws)}, "
        )
        part["replicate"] += d * replicates
        parts.append(part.assign(draw=d))
    return pd.concat(parts, ignore_index=True)


def _write_figures_and_report(
    df, out_dir: Path, table, configs: dict, months, task_overrides, ranking=None, draws: int = 0, cleaning: str = ""
) -> None:
    from analysis.report import make_figures, network_snapshots, write_report

    best = str(table.index[0])
    baseline = "status_quo" if "status_quo" in configs else str(table.index[-1])
    horizon = configs[best].run.months
    wanted = tuple(sorted({m for m in (0, 6, 18, horizon) if m <= horizon}))
    shown = dict.fromkeys([baseline, best])  # same people in replicate 0 of every package
    factories = {p: (lambda p=p: AdoptionModel(configs[p], replicate=0)) for p in shown}
    network = network_snapshots(factories, wanted)
    figures = make_figures(df, out_dir, best, baseline, network)
    settings = "command-line overrides: " + (" ".join(task_overrides) or "(none)")
    context = _report_context(out_dir, task_overrides, configs, cleaning)
    write_report(
        df, out_dir, figures, months, "Introducing generative AI: a comparison of packages", settings, ranking, draws,
        context,
    )  # fmt: skip


__all__ = [
    "FolderInUse",
    "finished_before",
    "fingerprint",
    "job_overrides",
    "package_overrides",
    "packages_to_run",
    "parameter_draws",
    "report_months",
    "run_job",
]


HYDRA_FLAGS_WITH_VALUE = {
    "--config-path",
    "-cp",
    "--config-name",
    "-cn",
    "--config-dir",
    "-cd",
    "--experimental-rerun",
    "--package",
    "-p",
    "--info",
    "-i",
}


def job_overrides(argv: list[str]) -> list[list[str]]:
    """The override lists of every job the command line (and an experiment file) asks for."""
    from hydra import compose, initialize_config_dir
    from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
    from hydra.core.override_parser.overrides_parser import OverridesParser

    args, skip = [], False
    for a in argv:
        if skip:
            skip = False
            continue
        if a in HYDRA_FLAGS_WITH_VALUE:
            skip = True
            continue
        if a.startswith("-"):
            continue
        args.append(a)
    mine = [a for a in args if not a.lstrip("+~").startswith(("hydra.", "hydra/"))]
    multirun = any(a in ("-m", "--multirun", "hydra.mode=MULTIRUN") for a in argv)
    sweep_params: dict = {}
    if any(a.lstrip("+~").startswith("experiment=") for a in mine):  # an experiment may hold a sweep
        plain = [a for a in mine if not OverridesParser.create().parse_override(a).is_sweep_override()]
        try:
            with own_global_hydra(), initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
                hydra_node = compose(config_name="config", overrides=plain, return_hydra_config=True).hydra
        except Exception as exc:
            raise explain_error(exc, plain) from None
        multirun = multirun or str(hydra_node.mode).endswith("MULTIRUN")
        sweep_params = dict(hydra_node.sweeper.get("params") or {})
    if not multirun:
        return [mine]
    given = {a.lstrip("+~").split("=")[0] for a in mine}
    merged = [f"{k}={v}" for k, v in sweep_params.items() if k not in given] + mine
    parsed = OverridesParser.create().parse_overrides(merged)
    batches = BasicSweeper.split_arguments(parsed, max_batch_size=None)
    return [list(job) for batch in batches for job in batch]
