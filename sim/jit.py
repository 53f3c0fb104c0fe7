"""Compilation of the weekly per-person loops (numba).

The per-person arithmetic of the mechanisms runs as compiled loops over the state arrays (each
mechanism's ``_kernel``; leadership's loops over teams; the compiled helpers of ``bits.py``, which
training uses too), so a week stepped from Python costs a few dozen calls whatever the size of the
organisation, instead of a few hundred numpy calls on small arrays (Covasim compiles its core
functions the same way, ``covasim/utils.py``); a run calls them for stretches of plain weeks from one
compiled function (``sim/weeks.py``), one call a stretch. State stays in the model's arrays; the loops read
and write them in place and never touch Mesa agent objects.

The loops compute the formulas of the mechanisms' docstrings operation for operation in the order
the vectorised numpy code they replaced did, so results are bit-identical to it: every state
array, signal and output was compared bit for bit on the seven packages and nine further
configurations when the change was made; ``tests/test_regression.py`` holds the monthly outputs
to a baseline made with the vectorised code. Within a loop a person's update reads only their own
state and what no one changes in that loop (the one exception, contacts' counts of colleagues
using AI, is a sum of integers, whose order does not matter), so updating stays simultaneous
within a part (docs/ODD.md §3).

* No ``fastmath`` and no parallel loops: IEEE arithmetic in a fixed order, so the same seed and
  config give bit-identical results whatever the launcher or number of processes. ``expm1`` is
  the C library's, as numpy's is on CPUs without AVX-512; where numpy uses its own vectorised
  version (AVX-512) a rate may differ in the last bit, which changes a draw's outcome
  with a probability of about 1e-16.
* ``error_model="numpy"``: division by zero gives inf/nan as numpy does instead of raising.
* Cached: compiled code is written on first use and loaded afterwards (under a second instead of
  about 20 s of compiling), in ``sim/__pycache__/numba-<numba version>-<stamp>`` (or under
  ``NUMBA_CACHE_DIR`` if set; if the folder cannot be written or others could write to it, in this
  user's cache folder, ``~/.cache/genai-adoption-sim``; never in a shared folder such as ``/tmp``, since
  numba reads its cache index with pickle). The stamp is a hash of the sources of the mechanisms, of this module, of
  ``sim/state.py``, ``sim/outputs.py`` and ``sim/weeks.py`` (the loop of plain weeks calls the mechanisms' loops and
  the loop of a week's flows): numba checks only the file of the compiled function itself, so without it a
  loop calling a changed helper in ``bits.py`` would be loaded stale. Folders of earlier stamps
  can be deleted at any time.
* Random numbers are drawn with numpy in the mechanisms, as before, and handed to the loops, so
  every stream draws the same numbers in the same order (common random numbers are kept).

This module imports no other module of the model: the mechanisms import it for :func:`jit`, so
loading every loop ahead of work, which runs a tiny model (``warm_up`` and ``compile_if_needed``),
is in ``sim/run.py``.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from pathlib import Path
from typing import NamedTuple

import numba
import numpy as np
from numba.core.caching import NullCache, UserProvidedCacheLocator

PACKAGE = Path(__file__).resolve().parent


def source_stamp(paths: list[Path]) -> str:
    """A short hash of the contents of ``paths`` (in the order given)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def cache_dir() -> Path:
    """Where the compiled loops are cached: one folder per version of numba and of their sources."""
    sources = [
        Path(__file__).resolve(),
        PACKAGE / "state.py",
        PACKAGE / "outputs.py",  # its loop of the week's flows is called from the loop of plain weeks
        PACKAGE / "weeks.py",
        *sorted((PACKAGE / "mechanisms").glob("*.py")),
    ]
    base = os.environ.get("NUMBA_CACHE_DIR") or PACKAGE / "__pycache__"
    return Path(base) / f"numba-{numba.__version__}-{source_stamp(sources)}"


CACHE_DIR = cache_dir()
COMPILED: dict[str, Path | None] = {}  # module.function of every compiled loop -> the folder of its cache files


def user_cache_dir() -> Path:
    """The fallback cache: a folder of this user's own (``$XDG_CACHE_HOME`` or ``~/.cache``), never a shared,
    predictable one such as the system's temporary folder, where another user could plant files that numba
    would load (its cache index is read with pickle)."""
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "genai-adoption-sim" / CACHE_DIR.name


def owned_by_me(folder: Path) -> bool:
    """Whether ``folder`` can hold the cache safely (made if missing, for this user only): it is this user's and
    no one else can write to it, and every folder it is in belongs to this user or to root and is not writable
    by everyone unless sticky (as ``/tmp`` is), so that no one else can replace it or what it holds."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = folder.stat()
    except OSError:
        return False
    if not hasattr(os, "getuid"):  # Windows: no owners to check
        return True
    me = os.getuid()
    if info.st_uid != me or info.st_mode & 0o022:
        return False
    for parent in folder.parents:
        up = parent.stat()
        if up.st_uid not in (me, 0) or (up.st_mode & 0o002 and not up.st_mode & 0o1000):
            return False
    return True


def _cache_in(dispatcher, folder: Path) -> bool:
    """Set up ``dispatcher``'s cache in ``folder``; False if numba could not use it (not writable)."""
    previous = numba.config.CACHE_DIR
    numba.config.CACHE_DIR = str(folder)  # read once, when the cache of this function is set up
    try:
        dispatcher.enable_caching()
    finally:
        numba.config.CACHE_DIR = previous
    # numba falls back to folders of its own (without the stamp) when the given one is not writable
    return isinstance(dispatcher._cache._impl.locator, UserProvidedCacheLocator)


def jit(func):
    """Compile ``func`` (nopython, numpy's error model), cached in :data:`CACHE_DIR`.

    If that folder cannot be written or is not safe (:func:`owned_by_me`), a stamped folder in this user's
    cache folder is used (:func:`user_cache_dir`); if neither can, the function is compiled in every process,
    with a warning.
    """
    dispatcher = numba.njit(error_model="numpy", nogil=True)(func)
    name = f"{func.__module__.rsplit('.', 1)[-1]}.{func.__qualname__}"
    fallback = user_cache_dir()
    for folder in (CACHE_DIR, fallback):
        if owned_by_me(folder) and _cache_in(dispatcher, folder):
            COMPILED[name] = Path(dispatcher._cache._cache_path)  # a subfolder for the source's folder
            break
    else:
        dispatcher._cache = NullCache()
        COMPILED[name] = None
        warnings.warn(
            f"cannot cache the compiled {name} (neither {CACHE_DIR} nor {fallback} is a folder of this user's "
            "that others cannot write to): it is compiled again in every process; set NUMBA_CACHE_DIR to such a "
            "folder",
            stacklevel=2,
        )
    return dispatcher


_FOUND: set[tuple[str, Path]] = set()  # loops (and cache folders) found cached before: not looked up again


def uncached() -> list[str]:
    """Names (module.function) of the compiled loops not in their cache yet: they will be compiled. A loop found
    in its cache once is not looked for again (each job of a sweep asks)."""
    out = []
    for name, folder in COMPILED.items():
        if folder is not None and (name, folder) in _FOUND:
            continue
        if folder is not None and any(folder.glob(f"{name}-*.nbi")):
            _FOUND.add((name, folder))
        else:
            out.append(name)
    return out


def record(**values) -> np.ndarray:
    """A typed record of named constants for a compiled loop: a one-element structured array.

    ``record(rate=0.1, chaos=True)`` gives fields ``rate`` (float64, as every number, so a whole
    number given for a rate does not compile the loop again) and ``chaos`` (bool); a use-case mask
    (``numpy.uint64``) keeps its type; a loop
    reads ``par = params[0]`` and then ``par.rate``. Field names and types are fixed by the code
    that builds the record, so a loop is compiled once whatever the values, and passing a record
    costs about as much as one array argument.
    """
    dtype = []
    for name, v in values.items():
        if isinstance(v, (bool, np.bool_)):
            kind = np.bool_
        elif isinstance(v, np.uint64):  # a use-case mask
            kind = np.uint64
        elif isinstance(v, (int, float, np.integer, np.floating)):  # numbers as float64: one compiled type
            kind = np.float64
        else:
            raise TypeError(f"record field {name!r} is {v!r} ({type(v).__name__}); allowed: bool, a number, uint64")
        dtype.append((name, kind))
    out = np.zeros(1, dtype=dtype)
    for name, v in values.items():
        out[name] = v
    return out


class Bound(NamedTuple):
    """What a mechanism's compiled loop works on, bound once per model: the state arrays it reads and
    changes (a plain tuple in the order of the mechanism's ``Arrays`` record, rebuilt into that
    record by name inside the loop) and its constants (:func:`record`)."""

    arrays: tuple
    params: np.ndarray


def bind(arrays: tuple, params: np.ndarray) -> Bound:
    """Bind a mechanism's ``Arrays`` record (a NamedTuple of state arrays) and its constants.

    The arrays are passed to compiled loops as a plain tuple, which numba types as fast as
    positional arguments (a NamedTuple argument costs several microseconds more per call); the
    loop turns it back into the named record with ``Arrays(*arrays)``.
    """
    return Bound(tuple(arrays), params)
