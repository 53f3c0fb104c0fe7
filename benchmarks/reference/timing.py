"""How much faster is the real model than the reference? Build and stepping times of both."""

from __future__ import annotations

import statistics
import time

from benchmarks.reference.model import ReferenceModel
from sim import load_config
from sim.model import AdoptionModel
from sim.run import warm_up


def time_reference(
    size: int, months: int = 36, seed: int = 0, overrides: list[str] | None = None, repeats: int = 5
) -> dict:
    """Build and stepping seconds of one run of the reference and of the real model.

    The real model's times are the median of ``repeats`` runs (replicates 0, 1, ...; a single run's
    time varies by a third on small machines). Stepping is ``run()`` to the horizon, monthly
    recording included, for both. The real model runs in batch mode (``run.mesa_agents=false``), as
    in the project's own benchmark, after its compiled loops are loaded (once per process;
    ``real_load_s``).
    """
    cfg = load_config(
        [*(overrides or []), f"org.size={size}", f"run.months={months}", f"run.seed={seed}", "run.mesa_agents=false"]
    )
    real_load = warm_up()  # the real model's compiled loops, once per process, timed apart
    t0 = time.perf_counter()
    ref = ReferenceModel(cfg)
    t1 = time.perf_counter()
    ref.run()
    t2 = time.perf_counter()
    builds, steps = [], []
    for replicate in range(repeats):
        start = time.perf_counter()
        real = AdoptionModel(cfg, replicate=replicate)
        built = time.perf_counter()
        real.run()
        builds.append(built - start)
        steps.append(time.perf_counter() - built)
    real_step = statistics.median(steps)
    return {
        "size": size,
        "months": months,
        "reference_build_s": t1 - t0,
        "reference_step_s": t2 - t1,
        "real_load_s": real_load,
        "real_build_s": statistics.median(builds),
        "real_step_s": real_step,
        "speedup": (t2 - t1) / real_step,
    }


def report(sizes: list[int], months: int = 36, package: str = "status_quo", seed: int = 0) -> None:
    """Print the build and stepping times of both models and the speed-up of stepping, one line per size."""
    for size in sizes:
        r = time_reference(size, months, seed, [f"package={package}"])
        print(
            f"{size:>7,} employees, {months} months, {package}: plain Mesa build {r['reference_build_s']:.2f} s, "
            f"step {r['reference_step_s']:.2f} s; this model (median of 5 runs) build {r['real_build_s']:.2f} s, "
            f"step {r['real_step_s']:.3f} s; speed-up of stepping {r['speedup']:.0f}x",
            flush=True,
        )
