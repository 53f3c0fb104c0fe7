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
* ``cache=True``: compiled code is written next to the sources (``__pycache__``) on first use and
  loaded from there afterwards (about 0.5 s instead of about 12 s of compiling). Where the
  package directory is read-only, set ``NUMBA_CACHE_DIR`` to a writable folder.
* Random numbers are drawn with numpy in the mechanisms, as before, and handed to the loops, so
  every stream draws the same numbers in the same order (common random numbers are kept).
"""

from __future__ import annotations

import numba

jit = numba.njit(cache=True, error_model="numpy", nogil=True)


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
