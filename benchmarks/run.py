"""Benchmarks: time and peak memory by organisation size, the speed-up over plain Mesa, sweep throughput.

Usage::

    python benchmarks/run.py                              # everything, printed
    python benchmarks/run.py --write docs/performance.md  # ... and the table written as markdown
    python benchmarks/run.py --sizes 1000 10000 --reference-sizes 2000 --sweep-runs 20   # quicker
    python benchmarks/run.py --profile 100000             # where one run's time goes (pyinstrument)

Each size runs in a fresh process (so peak memory is that run's own), without Mesa agent objects
(``run.mesa_agents=false``, as in batch runs), over 36 months. Reported separately: loading the
compiled weekly loops (once per process, :func:`sim.run.warm_up`), building the organisation and
state, stepping (the weekly mechanisms, and adding each week's flows for the month) and data collection (each
month's record and the DataCollector's, part of the step that ends the month). The total of one run counts the load. Times are medians over ``--repeats`` runs
(replicates 0, 1, ...; one run from 1,000,000 employees on). The plain-Mesa reference
(:mod:`benchmarks.reference`: the same weekly mechanisms with one Python step per agent and
neighbours through Mesa's network space) is timed against the model on the same organisation.
Sweep throughput is model runs per second of the default organisation with two worker processes,
with one and with ten replicates per job, through the project's ``chunked`` launcher (the default of
sweeps) and Hydra's joblib launcher for comparison; the parameter-study rate is calls a second of
``sim.Runner.outcomes`` with one replicate (``--runner-calls``).
The targets of the performance issue are checked at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ONE_SIZE = r"""
import json, resource, statistics, sys, time
import sim
from sim.run import warm_up
from sim.model import AdoptionModel
from sim.outputs import Recorder
size, months, repeats = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
load = warm_up()  # compiled loops, once per process
cfg = sim.load_config([f"org.size={size}", f"run.months={months}", "run.mesa_agents=false"])
spent = [0.0]
from sim.model import MonthlyCollector
# collection: each month's record and the DataCollector's (the week's flows are added by the weeks' loops: stepping)
record, collect = Recorder.record, MonthlyCollector.collect
def timed_record(self, s):
    t = time.perf_counter(); record(self, s); spent[0] += time.perf_counter() - t
def timed_collect(self, model):
    t = time.perf_counter(); collect(self, model); spent[0] += time.perf_counter() - t
Recorder.record, MonthlyCollector.collect = timed_record, timed_collect
runs = []
for replicate in range(repeats):
    spent[0] = 0.0
    t0 = time.perf_counter(); model = AdoptionModel(cfg, replicate=replicate); t1 = time.perf_counter()
    model.run(); t2 = time.perf_counter()
    runs.append({"build": t1 - t0, "step": t2 - t1 - spent[0], "collect": spent[0]})
    ties = int(model.org.n_ties)
    del model
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MB on Linux
out = {k: statistics.median(r[k] for r in runs) for k in ("build", "step", "collect")}
print(json.dumps({**out, "load": load, "peak_mb": peak, "ties": ties, "runs": len(runs)}))
"""

# processor time of one run as a sweep's job makes it (organisation, 36 months, the results table), in a loop of
# runs in one process: what a sweep's processes would spend a run if composing and writing each job cost nothing
RUN_ALONE = r"""
import sys, time
import sim
from sim.run import run_replicates, warm_up
runs = int(sys.argv[1])
warm_up()
cfgs = [sim.load_config(["package=status_quo", f"run.seed={seed}"]) for seed in range(runs + 1)]
run_replicates(cfgs[-1], 1)  # a first run (its imports) outside the time
start = time.process_time()
for cfg in cfgs[:runs]:
    run_replicates(cfg, 1)
print((time.process_time() - start) / runs)
"""

# a fixed piece of pure Python (ten million additions): how fast this machine ran at the time, for comparing
# measurements made on different days (the same machine's speed has varied between sessions by a factor of three)
MACHINE_SPEED = "import time\nt = time.perf_counter()\ns = 0\nfor i in range(10_000_000):\n    s += i\nprint(time.perf_counter() - t)"


def median_of_processes(code: str, *args: str, repeats: int = 3) -> float:
    """The median of the number that ``code`` prints last, each time in a fresh process (``args`` its arguments)."""
    import statistics

    times = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True, cwd=ROOT)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def machine_speed(repeats: int = 3) -> float:
    """Seconds of :data:`MACHINE_SPEED` in a fresh process (median of ``repeats``)."""
    return median_of_processes(MACHINE_SPEED, repeats=repeats)


def run_alone(runs: int = 50, repeats: int = 3) -> float:
    """Processor time of one run of the default organisation over 36 months, in a loop of runs in one process: the
    median of ``repeats`` processes (one process read 0.059 s at a moment when three others, a minute later, read
    0.046-0.047 s)."""
    return median_of_processes(RUN_ALONE, str(runs), repeats=repeats)


# one replicate of a sector of 200 agencies (sector=norway_state with agencies a little larger, to reach the
# 150,000 employees of the target) over 36 months, its agencies on two worker processes (started by the run)
SECTOR = r"""
import json, sys, time
import sim
from sim.run import warm_up
from sim.sector import agencies, run_sector
warm_up()
cfg = sim.load_config(["sector=norway_state", f"sector.size_median={sys.argv[1]}"])
start = time.perf_counter()
run_sector(cfg, 0, workers=2)  # the first replicate starts the worker processes
first = time.perf_counter() - start
start = time.perf_counter()
run_sector(cfg, 1, workers=2)  # a second replicate reuses them (as every replicate after the first does)
print(json.dumps({"seconds": first, "seconds_started": time.perf_counter() - start, "agencies": len(agencies(cfg)),
                  "employees": sum(a.size for a in agencies(cfg))}))
"""
SECTOR_MEDIAN = 285  # 200 agencies of 151,000 employees at seed 0 (250, the shipped median, gives 132,555)


def sector_time() -> dict:
    """Wall-clock time of one replicate of the sector in a fresh process, and of a second on the workers the first
    started (see :data:`SECTOR`)."""
    out = subprocess.run(
        [sys.executable, "-c", SECTOR, str(SECTOR_MEDIAN)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# the targets of the performance issue (medians on a 2-core machine)
TARGETS = {
    "stepping, 1,000 employees, 36 months": ("s", 0.1, "<="),
    "speed-up over plain Mesa, 2,000 employees": ("x", 100, ">="),
    "speed-up over plain Mesa, 10,000 employees": ("x", 100, ">="),
    "one run, 100,000 employees": ("s", 10, "<="),
    "peak memory, 100,000 employees": ("MB", 2048, "<="),
    "one run, 1,000,000 employees": ("s", 90, "<="),
    "peak memory, 1,000,000 employees": ("MB", 8192, "<="),
    "parameter-study calls (sim.Runner), 1,000 employees, 1 replicate": ("calls/s", 25, ">="),
    # a sweep of 10,000 runs of the default organisation within 5 minutes on 2 cores: 33.3 runs a second
    "sweep (python -m sim -m, chunked launcher, 2 processes), 1 replicate per job": ("runs/s", 33.3, ">="),
    "sweep (python -m sim -m, chunked launcher, 2 processes), 10 replicates per job": ("runs/s", 33.3, ">="),
    # issue 17: 200 agencies and 150,000 employees over 36 months, one replicate, 2 cores
    "sector of 200 agencies, 150,000 employees, 36 months, 1 replicate, 2 processes": ("s", 10, "<="),
}


def one_size(size: int, months: int, repeats: int) -> dict:
    """Build, stepping and collection times (medians) and peak memory of runs in a fresh process."""
    out = subprocess.run(
        [sys.executable, "-c", ONE_SIZE, str(size), str(months), str(repeats)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if out.returncode != 0:
        raise RuntimeError(f"the benchmark of {size:,} employees failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def throughput(runs: int, workers: int, replicates: int = 1, launcher: str = "chunked") -> dict:
    """Model runs per second of a sweep as a user runs it: ``python -m sim -m`` over ``run.seed`` with ``workers``
    worker processes of ``launcher`` (``chunked``, the default of sweeps, or Hydra's ``joblib``), one package, no
    figures, the default organisation over 36 months; from the command to its end (checking every job's config
    first, starting the workers, composing each job, writing each job's folder). ``runs`` counts model runs
    (replicates), rounded up to whole jobs. Also the processor time of all the sweep's processes a run and the
    machine's load average over the last minute at the end (another program's work slows the sweep down)."""
    import resource
    import tempfile

    jobs = -(-runs // replicates)
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, "-m", "sim", "-m", "run.packages=[status_quo]", "run.figure=false",
                   f"run.replicates={replicates}", f"run.seed=range(0,{jobs})", f"hydra/launcher={launcher}",
                   f"hydra.launcher.n_jobs={workers}", f"hydra.sweep.dir={folder}/sweep"]  # fmt: skip
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return {"rate": jobs * replicates / seconds, "cpu": cpu / (jobs * replicates), "load": os.getloadavg()[0]}


RUNNER_RATE = r"""
import sys, time
from sim import Runner, parameters
calls = int(sys.argv[1])
runner = Runner("status_quo")  # composes and validates once (and loads the compiled loops)
runner.outcomes()
peer = parameters()["params.peer_rate"].default  # varied around its default: the default organisation
start = time.perf_counter()
for i in range(calls):
    runner.outcomes({"params.peer_rate": peer * (0.8 + 0.4 * i / calls)})
print(calls / (time.perf_counter() - start))
"""


def runner_rate(calls: int) -> float:
    """Calls a second of ``sim.Runner.outcomes`` (default organisation, 36 months, one replicate, the
    peer rate varied from 0.8 to 1.2 times its default, one value a call) in a fresh process, as a
    calibration or sensitivity study makes them."""
    out = subprocess.run(
        [sys.executable, "-c", RUNNER_RATE, str(calls)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return float(out.stdout.strip().splitlines()[-1])


def reference(size: int, months: int, repeats: int, processes: int = 3) -> dict:
    """Stepping time of the plain-Mesa reference (one run) and of the model.

    The model's time is the median over ``processes`` fresh processes of each one's median run:
    on this machine a fresh process's runs are sometimes a third slower than another's as a whole.
    """
    import statistics

    sys.path.insert(0, str(ROOT))
    from benchmarks.reference.timing import time_reference

    ref = time_reference(size, months, repeats=1)  # the model is timed in fresh processes below
    model = statistics.median(
        r["step"] + r["collect"]  # the reference's stepping includes its recording
        for r in (one_size(size, months, repeats) for _ in range(processes))
    )
    return {
        "employees": size,
        "reference_build": ref["reference_build_s"],
        "reference_step": ref["reference_step_s"],
        "model_step": model,
        "speedup": ref["reference_step_s"] / model,
    }


def growth(rows: list[dict]) -> float | None:
    """Slope of log(stepping time) against log(employees) from 10,000 employees on (1 = linear)."""
    import numpy as np

    big = [r for r in rows if r["employees"] >= 10_000]
    if len(big) < 2:
        return None
    x = np.log([r["employees"] for r in big])
    y = np.log([r["step"] for r in big])
    return float(np.polyfit(x, y, 1)[0])


def sweep_rate(rate: dict | None, replicates: int) -> float | None:
    """Runs a second of the sweep through the chunked launcher with ``replicates`` per job, if measured."""
    measured = (rate or {}).get(("chunked", replicates))
    return None if measured is None else measured["rate"]


def check_targets(
    rows: list[dict],
    refs: list[dict],
    runner: float | None = None,
    rate: dict | None = None,
    sector: dict | None = None,
) -> list[tuple[str, float | None, str, bool | None]]:
    """(target, measured, unit and bound, met) for every target; None where it was not measured."""
    by_size = {r["employees"]: r for r in rows}
    speedup = {r["employees"]: r["speedup"] for r in refs}
    measured = {
        "stepping, 1,000 employees, 36 months": by_size.get(1000, {}).get("step"),
        "speed-up over plain Mesa, 2,000 employees": speedup.get(2000),
        "speed-up over plain Mesa, 10,000 employees": speedup.get(10000),
        "one run, 100,000 employees": by_size[100_000]["total"] if 100_000 in by_size else None,
        "peak memory, 100,000 employees": by_size.get(100_000, {}).get("peak_mb"),
        "one run, 1,000,000 employees": by_size[1_000_000]["total"] if 1_000_000 in by_size else None,
        "peak memory, 1,000,000 employees": by_size.get(1_000_000, {}).get("peak_mb"),
        "parameter-study calls (sim.Runner), 1,000 employees, 1 replicate": runner,
        "sweep (python -m sim -m, chunked launcher, 2 processes), 1 replicate per job": sweep_rate(rate, 1),
        "sweep (python -m sim -m, chunked launcher, 2 processes), 10 replicates per job": sweep_rate(rate, 10),
        "sector of 200 agencies, 150,000 employees, 36 months, 1 replicate, 2 processes": (sector or {}).get("seconds"),
    }
    out = []
    for name, (unit, bound, op) in TARGETS.items():
        value = measured[name]
        met = None if value is None else (value <= bound if op == "<=" else value >= bound)
        out.append((name, value, f"{op} {bound:,} {unit}", met))
    return out


# what the sweep figures mean and where a job's time goes (timed phase by phase in one worker process, default
# organisation, one replicate a job, on this machine)
SWEEP_TEXT = [
    "Hydra composes a job's config from `conf/` in about 0.13 s, more than a run (about 0.035 s with the "
    "organisation's generation), and a sweep through Hydra's launchers composed it three times per job (the "
    "command's check of every job before any work, the sweeper's check of the batch, the launcher), then copied it "
    "twice more and wrote three YAML files of it in Hydra's `run_job`. The `chunked` launcher "
    "(`hydra_plugins/sim_sweeps`, `sim/launcher.py`) composes each set of config-group choices once per worker "
    "process and applies a job's `key=value` overrides to a copy with Hydra's own function, runs the job without "
    "Hydra's further copies and writes the `.hydra` record from text kept for unchanged entries; the sweeper and "
    "the command's check compose each set once as well (the check sets each job's values on a copy of the typed "
    "config, with the same checks). A job's own writing lost its waste too: the typed config is built straight from "
    "the plain values converted for the job's `.hydra` record (not converted again) and shared read-only by its runs "
    "(not copied), `config.yaml` and `configs/` reuse the text of unchanged sections, the git commit is looked "
    "up once per process, the ranking pivots its six outputs at once. Everything a job writes is unchanged, and "
    "results are bit-identical to the sequential launcher (`tests/test_launcher.py`).",
    "",
    "Where a job's time went (cProfile in both workers over a sweep of 600 jobs of one replicate, 2026-12-03, "
    "after the stretches of plain weeks, before the cuts of the next paragraph; the profiler slows Python more "
    "than the compiled loops, so it makes the job's own parts look larger than they are): the run itself (building "
    "the model, 36 months, the results table) 54 % of a worker's time; setting the job's values in the config of "
    "its group choices and putting them back 11 %; `results.parquet` 7 %; the `.hydra` record 6 %; the typed "
    "config 4 %; the ranking with its probabilities 4 %; the rest (provenance, the run's log, folders, "
    "`config.yaml`, the printed table) 15 %. Without the profiler a job of one replicate takes about 0.058 s of "
    "processor time against 0.033 s for the run alone (the table above): what is left to gain with one replicate a "
    "job is in the job's writing, about 25 ms in many parts of 1-4 ms each. With ten replicates a job these costs "
    "are shared by ten runs. Once per sweep the command checks every job's config (10,000 jobs of one seed each: "
    "about 2 s, on one core while the workers start; 21 s before a line setting a key to a whole number was read "
    "without Hydra's grammar and each line's converted value was kept for the next job), and the last chunks end "
    "close together (`chunk_sizes`).",
    "",
    "Later the same day a sampling profile of the workers (no slowing of Python) put the run at 63 % of a worker's "
    "time and the job's own parts at the rest, and five of them were cut, everything a job writes unchanged: the "
    "typed config reuses the sections a job's values leave alone, made and checked for an earlier job of the same "
    "group choices from the very same plain values (`to_object`'s `kept`, kept by the launcher); `results.parquet` "
    "and the ranking read the results' columns as arrays instead of making a pandas Series of each "
    "(`sim.outputs.column_arrays`: converting a job's results to Arrow 2.0 ms → 0.7 ms); the job's folder name is "
    "filled in from the project's pattern instead of parsed by OmegaConf's grammar for each job; a frozen config's "
    "numbers are checked for NaN once, not by each model; whole numbers in the `.hydra` record are written without "
    "a YAML dump. Paired against the code before (a sweep of 600 runs of one replicate each, the two versions in "
    "turn, 4 pairs) the sweep took 0.885 of the time (median; 0.85-1.07). A full run of this benchmark at a slow "
    "hour of the same day (machine speed 1.98 s, a run alone 0.048 s: half the usual speed) gave 29.7 "
    "runs/s for the sweep of one replicate a job at 1.38 x a run alone, against 1.75 x at the time; it found "
    "every figure slower with the machine, not with the code (`sim.Runner` 21 calls/s, the sector 10.5 s). A run "
    "at the machine's usual speed (1.09 s, a run alone 0.033 s) then gave 38.4 runs/s for the sweep of one "
    "replicate a job and 24.1 calls/s for `sim.Runner`, just below its 25. `sim.Runner` then stopped deep-copying "
    "the config for each call (the base is frozen once and a call's config shares the sections its values leave "
    "alone; results unchanged bit for bit), about 3 ms of a 40 ms call. The table above is from the run after that "
    "change (machine speed 1.23 s, a run alone 0.033 s): every target met, `sim.Runner` 26.2 calls/s, the sweep "
    "of one replicate a job 37.4 runs/s. At a slow hour of the same day (1.53 s) the same code gave 27.0 calls/s "
    "and 32.8 runs/s: the sweep's margin over its target is about the machine's own variation.",
]


def markdown(args, rows, refs, rate, slope, targets, runner=None, speed=None, sector=None) -> str:
    from sim.outputs import month_end_weeks

    weeks = int(month_end_weeks(args.months)[-1])
    lines = [
        "# Performance",
        "",
        f"Measured by `python benchmarks/run.py --write docs/performance.md` on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}. "
        f"One run over {args.months} months ({weeks} weeks), without Mesa agent objects (batch mode); "
        f"times are medians of {args.repeats} runs (1 run from 1,000,000 employees on); peak memory is the "
        "resident peak of the run's own process (about 260 MB of it is Python and the libraries, the compiler library included)."
        + (
            f" The machine's speed at the time: {speed:.2f} s for ten million additions in pure Python "
            "(`MACHINE_SPEED` in `benchmarks/run.py`; the same machine has been up to three times slower on one day "
            "than on another, and every time here scales with it)."
            if speed is not None
            else ""
        ),
        "",
        "## Targets",
        "",
        "| target | measured | bound | met |",
        "|---|---:|---:|---|",
    ]
    for name, value, bound, met in targets:
        shown = "not measured" if value is None else f"{value:,.3g}" if value < 1000 else f"{value:,.0f}"
        lines.append(f"| {name} | {shown} | {bound} | {'-' if met is None else 'yes' if met else '**no**'} |")
    lines += [
        "",
        "## One run by organisation size",
        "",
        "| employees | ties | load, once per process (s) | build (s) | stepping (s) | data collection (s) "
        "| total with load (s) | peak memory (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['employees']:,} | {r['ties']:,} | {r['load']:.2f} | {r['build']:.2f} | {r['step']:.3f} | "
        f"{r['collect']:.3f} | {r['total']:.2f} | {r['peak_mb']:,.0f} |"
        for r in rows
    ]
    lines += [
        "",
        "Load is the compiled weekly loops being read from numba's cache (`__pycache__`); the first run after "
        "installing or changing the code compiles them instead (about 20 s, once). A sweep pays the load once "
        "per worker process, not per run.",
    ]
    lines += ["", "Stepping time per employee-week and per tie-week:", ""]
    lines += [
        f"- {r['employees']:,} employees: {r['step'] / (r['employees'] * weeks) * 1e6:.2f} µs per employee-week, "
        f"{r['step'] / (max(r['ties'], 1) * weeks) * 1e6:.2f} µs per tie-week"
        for r in rows
    ]
    if slope is not None:
        lines += [
            "",
            f"Growth: stepping time grows as employees^{slope:.2f} from 10,000 employees on (1 is linear; ties "
            "grow in proportion to employees in generated organisations). Below 10,000 the fixed costs of a "
            "run (building the model, the weeks that are not plain, each month's record) weigh more.",
        ]
    if refs:
        lines += [
            "",
            "## Against plain Mesa",
            "",
            "The reference (`benchmarks/reference/`) runs the same weekly mechanisms the usual Mesa way: "
            "one agent per person on `mesa.discrete_space.Network`, a Python method per agent and mechanism "
            "through the AgentSet, neighbours read through the cells, a DataCollector reducing over the agents. "
            "Both run the default configuration on the same organisation and record monthly; one run of the "
            "reference; for the model, the median over three fresh processes of each one's median of "
            f"{args.repeats} runs.",
            "",
            "| employees | plain Mesa stepping (s) | this model stepping and collection (s) | speed-up |",
            "|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {r['employees']:,} | {r['reference_step']:.1f} | {r['model_step']:.3f} | {r['speedup']:,.0f}x |"
            for r in refs
        ]
        lines += [
            "",
            "That both give statistically the same curves is tested in `tests/test_mesa_reference.py` (two one-sided "
            "tests per output and month; the margins are stated there); "
            "`python benchmarks/mesa_reference.py --check` runs the larger check.",
        ]
    if rate is not None:
        runs = {"chunked": args.sweep_runs, "joblib": args.joblib_runs}
        lines += [
            "",
            "## Sweeps",
            "",
            "Throughput of a sweep as a user runs it (`python -m sim -m ... 'run.seed=range(0,N)'`, 2 worker "
            "processes, one package, no figures; the default organisation, 1,000 employees, 36 months), in model runs "
            "per second from the command to its end, through the project's `chunked` launcher (the default of sweeps) "
            "and, for comparison, Hydra's joblib launcher; with the processor time of all the sweep's processes "
            "(the command and its workers) a run, and the machine's load average over the last minute at the end (2: "
            "both cores busy; more: other programs competed for them):",
            "",
            "| launcher | runs | replicates per job | runs per second | processor time a run (s) | against a run "
            "alone | load average |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {launcher} | {runs[launcher]:,} | {replicates} | {r['rate']:.1f} | {r['cpu']:.3f} | "
            f"{r['cpu'] / r['alone']:.2f} x | {r['load']:.1f} |"
            for (launcher, replicates), r in rate.items()
        ]
        alone = next(iter(rate.values()))["alone"]
        lines += [
            "",
            f"A run alone (the same run as a job's, in a loop of runs in one process: `run_alone`) took {alone:.3f} s "
            f"of processor time: two processes doing nothing else would make at most {2 / alone:.0f} runs a second on "
            "this machine at this time. The column *against a run alone* is a sweep's processor time a run over "
            "that: what composing, checking and writing each job and starting the workers add, which depends "
            "little on the machine's speed of the day.",
        ]
        lines += ["", *SWEEP_TEXT]
    if runner is not None:
        lines += [
            "",
            "## Parameter studies",
            "",
            f"`sim.Runner` composes the config once and sets each call's values on a copy: {runner:.1f} calls a "
            "second of `Runner.outcomes` (default organisation, 36 months, one replicate, the peer rate varied "
            f"from 0.8 to 1.2 times its default, one process), {args.runner_calls} calls. Almost all of a call is "
            "the run itself; a call's time grows with the number of people using AI.",
        ]
    if sector is not None:
        lines += [
            "",
            "## A sector of many agencies",
            "",
            f"One replicate of a sector of {sector['agencies']} agencies and {sector['employees']:,} employees "
            f"(`sector=norway_state sector.size_median={SECTOR_MEDIAN}`), 36 months, its agencies on two worker "
            f"processes started by the run: {sector['seconds']:.1f} s (`sim.sector.run_sector`, in a process that "
            "has loaded the compiled loops; the workers import the libraries and load the compiled loops first). A "
            f"second replicate, on the workers the first started: {sector['seconds_started']:.1f} s (the target is "
            "judged on the first). Each agency runs as its own organisation, one after another on each "
            "worker; much of an agency's time is the fixed cost of a run (building it, the weeks that are not plain, "
            "its months' records), not its people, so the time grows with the number of agencies more than with "
            "their staff.",
        ]
    lines += [
        "",
        "## Where the time went, and what was removed",
        "",
        "Profiled with pyinstrument (`python benchmarks/run.py --profile <employees>`) and line by line. Removed, "
        "each without changing any result (checked bit for bit on every state array; the regression baseline, "
        "made before this work, holds):",
        "",
        "- a week was a few hundred numpy calls; on arrays of a few thousand people each costs one to three "
        "microseconds whatever its length, a floor of about 0.1 s a run even with 100 employees. The per-person "
        "arithmetic of each mechanism now runs as compiled loops over people (numba, `sim/jit.py`), computing the "
        "same formulas operation for operation in the same order; random numbers are still drawn by numpy, so "
        "common random numbers are kept. At 1,000,000 employees the loops also avoid the whole-population "
        "temporary arrays the vectorised code made;",
        "- coverage of each person's work by their use cases was recomputed for everyone every week (fifteen "
        "passes over the population); it is now kept and recomputed only for the few who adopted a use case, "
        "from a lookup of the saturation curve;",
        "- the share of contacts using AI was a sparse matrix product over all ties every week; the count is "
        "now kept and updated along the ties of the people whose use changed;",
        "- random numbers a mechanism does not need in a week (training outside module weeks) are skipped by "
        "advancing the stream instead of being generated;",
        "- the organisation generator enumerated every pair of a large group at once (the leadership group of "
        "a million-employee organisation has 12,500 members: 78 million pairs, most of the build time and "
        "of the peak memory); pairs are now drawn a block at a time with the same draws;",
        "- colleagues' use cases (`params.spread.from_contacts`) were gathered along every person's ties every "
        "week; they are now looked up only where they matter (a user with no proven use case at hand, or someone "
        "taking AI up without one): 1,000,000 employees took 55 s of stepping (65 s a run), then 35 s (45 s) with the take-up constants of that time (their fit to many organisations, issue 14, lowered the number of users and the time further);",
        "- a week still cost a few dozen calls from Python (each part's draws, its loop, the week's signals), about "
        "130 microseconds: 40 % of a run of 1,000 employees, two thirds of a run of 50. A run now does each "
        "stretch of plain weeks up to a month's end (no training module, no approved tools reaching anyone, not "
        "the rollout's start, ties rather than full mixing; all 156 weeks of the status quo) in one compiled "
        "call, the stretch's numbers drawn beforehand with one draw per stream, at most 16 MB of them (so from "
        "about 230,000 employees on, where calls cost little beside the weeks' own work, weeks are stepped one by "
        "one; `sim/weeks.py`; bit for bit the same as stepping each week, `tests/test_week.py`): a run of 1,000 "
        "employees took 0.057 s of processor time, then 0.037 s (`run_alone`, the same hour).",
        "",
        "Before this work (same machine): 1,000 employees 0.21-0.34 s of stepping; 100,000 employees 6.2 s; "
        "1,000,000 employees 9.6 s to build, 101 s of stepping, 2.1 GB peak. With the vectorised numpy code "
        "and the other changes above: 1,000 employees 0.17 s; 56x plain Mesa at 2,000; 100,000 employees "
        "4.5 s; 1,000,000 employees 59 s, 0.7 GB.",
        "",
        "Costs that remain: loading the compiled code once per process (under a second; a sweep's worker "
        "processes each pay it once) and, after installing or changing the code, compiling it once (about "
        "20 s). Peak memory includes about 100 MB for the compiler library (llvmlite).",
        "",
    ]
    return "\n".join(lines)


def profile(size: int, months: int) -> int:
    """Print where one run's time goes (pyinstrument, from the ``bench`` extra)."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("profiling needs pyinstrument: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    import sim
    from sim.model import AdoptionModel

    cfg = sim.load_config([f"org.size={size}", f"run.months={months}", "run.mesa_agents=false"])
    profiler = Profiler(interval=0.0005)
    profiler.start()
    AdoptionModel(cfg).run()
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000, 1000000])
    parser.add_argument("--reference-sizes", type=int, nargs="*", default=[2000, 10000])
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sweep-runs", type=int, default=10_000, help="runs of each sweep (the target's own 10,000: "
                        "about 6 minutes each); 0 to skip the sweeps")  # fmt: skip
    parser.add_argument("--joblib-runs", type=int, default=40, help="runs of each sweep through Hydra's joblib launcher "
                        "(for comparison; 0 to skip)")  # fmt: skip
    parser.add_argument("--runner-calls", type=int, default=100, help="0 to skip the parameter-study rate")
    parser.add_argument("--sector", action=argparse.BooleanOptionalAction, default=True,
                        help="time one replicate of a sector of 200 agencies (--no-sector to skip)")  # fmt: skip
    parser.add_argument("--write", type=Path, default=None, help="write the tables as markdown to this file")
    parser.add_argument("--profile", type=int, default=None, metavar="EMPLOYEES", help="profile one run and stop")
    args = parser.parse_args()
    if args.profile:
        return profile(args.profile, args.months)

    rows = []
    for size in args.sizes:
        print(f"{size:>9,} employees ...", end=" ", flush=True)
        r = one_size(size, args.months, args.repeats if size < 1_000_000 else 1)
        r.update(employees=size, total=r["load"] + r["build"] + r["step"] + r["collect"])
        rows.append(r)
        print(
            f"{r['ties']:>10,} ties: load {r['load']:5.2f} s, build {r['build']:6.2f} s, stepping {r['step']:7.3f} s, "
            f"collection {r['collect']:6.3f} s, peak {r['peak_mb']:7,.0f} MB",
            flush=True,
        )
    refs = []
    for size in args.reference_sizes:
        print(f"{size:>9,} employees, plain Mesa reference ...", end=" ", flush=True)
        refs.append(reference(size, args.months, args.repeats))
        r = refs[-1]
        print(
            f"stepping {r['reference_step']:.1f} s against {r['model_step']:.3f} s: {r['speedup']:,.0f}x faster",
            flush=True,
        )
    speed = machine_speed()
    print(f"machine speed: {speed:.2f} s for ten million additions in pure Python", flush=True)
    rate = None
    if args.sweep_runs:
        alone = run_alone()
        print(f"one run alone (default organisation, 36 months, in a loop of runs): {alone:.3f} s of processor time")
        launchers = [("chunked", args.sweep_runs)] + ([("joblib", args.joblib_runs)] if args.joblib_runs else [])
        rate = {}
        for launcher, runs in launchers:
            for replicates in (1, 10):
                rate[(launcher, replicates)] = r = throughput(runs, 2, replicates, launcher)
                r["alone"] = alone
                print(
                    f"sweep throughput, {launcher} launcher, default organisation, 36 months, 2 processes, "
                    f"{replicates} replicates per job, {runs} runs: {r['rate']:.2f} runs/s, {r['cpu']:.3f} s of "
                    f"processor time a run, load average {r['load']:.1f}",
                    flush=True,
                )
    sector = sector_time() if args.sector else None
    if sector is not None:
        print(
            f"sector: {sector['agencies']} agencies, {sector['employees']:,} employees, 36 months, 1 replicate, "
            f"2 processes: {sector['seconds']:.1f} s (a second replicate on the started workers: "
            f"{sector['seconds_started']:.1f} s)",
            flush=True,
        )
    runner = runner_rate(args.runner_calls) if args.runner_calls else None
    if runner is not None:
        print(f"parameter-study calls (sim.Runner.outcomes), default organisation, 1 replicate: {runner:.1f} calls/s")
    slope = growth(rows)
    if slope is not None:
        print(f"stepping time grows as employees^{slope:.2f} from 10,000 employees on")
    targets = check_targets(rows, refs, runner, rate, sector)
    print("\ntargets:")
    for name, value, bound, met in targets:
        state = "not measured" if met is None else "met" if met else "NOT MET"
        shown = "-" if value is None else f"{value:,.3g}"
        print(f"  {name:<45} {shown:>10}  ({bound}): {state}")
    if args.write:
        args.write.write_text(markdown(args, rows, refs, rate, slope, targets, runner, speed, sector))
        print(f"wrote {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
