"""Compilation of the weekly per-person loops (numba).

Each mechanism's per-person arithmetic is one compiled loop over people (the mechanism's
``_kernel``), so a week costs a handful of calls whatever the size of the organisation, instead of
a few hundred numpy calls on small arrays (as Covasim compiles its core functions,
``covasim/utils.py``). State stays in the model's arrays; a loop reads and writes them in place
and never touches Mesa agent objects. The loops compute exactly what the vectorised formulas
in the mechanisms' docstrings say, operation for operation in the same order, so results are
bit-identical to the vectorised numpy code they replace (the regression baseline in
``tests/test_regression.py`` was made with it and is not refreshed). Within a loop a person's
update reads only their own state and what no one changes in that part, so the order of people
does not matter and updating stays simultaneous within a part (docs/ODD.md §3).

* No ``fastmath`` and no parallel loops: IEEE arithmetic in a fixed order, so the same seed and
  config give bit-identical results whatever the launcher or number of processes.
* ``error_model="numpy"``: division by zero gives inf/nan as numpy does instead of raising.
* Cached: compiled code is written on first use and loaded afterwards (about 0.5 s instead of
  about 12 s of compiling), in ``sim/__pycache__/numba-<stamp>`` (or under ``NUMBA_CACHE_DIR``
  if set, e.g. where the package folder is read-only). The stamp is a hash of the sources of the
  mechanisms, of this module and of ``sim/state.py``: numba checks only the file of the compiled
  function itself, so without it a loop calling a changed helper in ``bits.py`` would be loaded
  stale. Folders of earlier stamps can be deleted at any time.
* Random numbers are drawn with numpy in the mechanisms, as before, and handed to the loops, so
  every stream draws the same numbers in the same order (common random numbers are kept).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numba

PACKAGE = Path(__file__).resolve().parent


def source_stamp(paths: list[Path]) -> str:
    """A short hash of the contents of ``paths`` (in the order given)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def cache_dir() -> Path:
    """Where the compiled loops are cached: one folder per version of their sources."""
    sources = [Path(__file__).resolve(), PACKAGE / "state.py", *sorted((PACKAGE / "mechanisms").glob("*.py"))]
    base = os.environ.get("NUMBA_CACHE_DIR") or PACKAGE / "__pycache__"
    return Path(base) / f"numba-{source_stamp(sources)}"


CACHE_DIR = cache_dir()
COMPILED: list = []  # every function compiled with jit, in the order they were defined


def uncached() -> list[str]:
    """Names (module.function) of the compiled loops not in the cache yet: they will be compiled."""
    cached = {p.name.split("-")[0] for p in CACHE_DIR.rglob("*.nbi")} if CACHE_DIR.is_dir() else set()
    names = [f"{d.py_func.__module__.rsplit('.', 1)[-1]}.{d.py_func.__qualname__}" for d in COMPILED]
    return [name for name in names if name not in cached]


def jit(func):
    """Compile ``func`` (nopython, numpy's error model), cached in :data:`CACHE_DIR`."""
    dispatcher = numba.njit(error_model="numpy", nogil=True)(func)
    previous = numba.config.CACHE_DIR
    numba.config.CACHE_DIR = str(CACHE_DIR)  # read once, when the cache of this function is set up
    try:
        dispatcher.enable_caching()
    finally:
        numba.config.CACHE_DIR = previous
    COMPILED.append(dispatcher)
    return dispatcher


def warm_up() -> float:
    """Load (the first time: compile) every compiled loop by running a tiny model; seconds taken.

    Loading happens by itself on first use, once per process (about 0.5 s); benchmarks call this
    first so that the time of a run does not include it.
    """
    import time
    from dataclasses import replace

    from sim.config import Config
    from sim.model import AdoptionModel

    start = time.perf_counter()
    cfg = Config()
    training = replace(cfg.training, mode="mandatory", start_week=0, domain_specific=True, action_learning=True)
    cfg = replace(
        cfg,
        org=replace(cfg.org, size=40),
        run=replace(cfg.run, months=2, mesa_agents=False),
        tools=replace(cfg.tools, access_week=0),
        training=training,
    )
    AdoptionModel(cfg).run()
    return time.perf_counter() - start
