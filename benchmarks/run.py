"""Benchmarks: time and peak memory of one run by organisation size, and sweep throughput.

Usage: ``python benchmarks/run.py [--sizes 1000 10000 100000] [--repeats 3] [--write docs/performance.md]``

Each size runs in a fresh process (so peak memory is that run's own), without Mesa agent objects
(``run.mesa_agents=false``, as in batch runs), over 36 months; times are medians over
``--repeats``. Reported separately: building the organisation and state, stepping (the weekly
mechanisms), and data collection (the monthly recorder, part of the step). Sweep throughput is
runs per second of the default organisation with two worker processes.
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

ONE_RUN = r"""
import json, resource, sys, time
import sim
from sim.model import AdoptionModel
from sim.outputs import Recorder
size, months = int(sys.argv[1]), int(sys.argv[2])
cfg = sim.load_config([f"org.size={size}", f"run.months={months}", "run.mesa_agents=false"])
spent = [0.0]
weekly = Recorder.weekly
def timed(self, s):
    t = time.perf_counter(); weekly(self, s); spent[0] += time.perf_counter() - t
Recorder.weekly = timed
t0 = time.perf_counter(); model = AdoptionModel(cfg); t1 = time.perf_counter()
model.run(); t2 = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MB on Linux
print(json.dumps({"build": t1 - t0, "step": t2 - t1 - spent[0], "collect": spent[0], "peak_mb": peak,
                  "ties": int(model.org.n_ties)}))
"""


def one_run(size: int, months: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", ONE_RUN, str(size), str(months)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def median(values: list[float]) -> float:
    v = sorted(values)
    return v[len(v) // 2]


def throughput(runs: int, workers: int) -> float:
    from joblib import Parallel, delayed

    from sim import simulate

    def job(seed: int) -> None:
        simulate(["run.months=36"], replicates=1, seed=seed)

    start = time.perf_counter()
    Parallel(n_jobs=workers)(delayed(job)(s) for s in range(runs))
    return runs / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sweep-runs", type=int, default=40)
    parser.add_argument("--write", type=Path, default=None, help="write the table as markdown to this file")
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        runs = [one_run(size, args.months) for _ in range(args.repeats if size <= 100_000 else 1)]
        row = {"employees": size, "ties": runs[0]["ties"]}
        for key in ("build", "step", "collect", "peak_mb"):
            row[key] = median([r[key] for r in runs])
        rows.append(row)
        print(
            f"{size:>9,} employees {row['ties']:>10,} ties: build {row['build']:6.2f} s, step {row['step']:7.2f} s, "
            f"collect {row['collect']:5.2f} s, peak {row['peak_mb']:7.0f} MB",
            flush=True,
        )
    rate = throughput(args.sweep_runs, 2)
    print(f"sweep throughput, default organisation, 36 months, 2 processes: {rate:.2f} runs/s")
    if args.write:
        lines = [
            "# Performance",
            "",
            f"Measured by `python benchmarks/run.py` on {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}. One run over {args.months} months, "
            "without Mesa agent objects (batch mode), medians of "
            f"{args.repeats} runs (1 run above 100,000 employees); peak memory of the run's own process.",
            "",
            "| employees | ties | build (s) | stepping (s) | data collection (s) | peak memory (MB) |",
            "|---:|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {r['employees']:,} | {r['ties']:,} | {r['build']:.2f} | {r['step']:.2f} | {r['collect']:.3f} | "
            f"{r['peak_mb']:.0f} |"
            for r in rows
        ]
        weeks = round(args.months * 52 / 12)
        lines += ["", "How cost grows, stepping time per employee-week and per tie-week:", ""]
        lines += [
            f"- {r['employees']:,} employees: {r['step'] / (r['employees'] * weeks) * 1e6:.2f} µs per employee-week, "
            f"{r['step'] / (max(r['ties'], 1) * weeks) * 1e6:.2f} µs per tie-week"
            for r in rows
        ]
        lines += [
            "",
            "At small sizes a fixed cost per week (about forty numpy calls) dominates; from 10,000 employees on, "
            "cost grows roughly linearly in employees and ties (somewhat faster than linearly above 100,000, "
            "where arrays outgrow the caches).",
            "",
            f"Sweep throughput (default organisation of 1,000, 36 months, 2 processes): {rate:.2f} runs per second.",
            "",
        ]
        args.write.write_text("\n".join(lines))
        print(f"wrote {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
