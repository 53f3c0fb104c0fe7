"""Global sensitivity analysis: a Morris screen over every uncertain constant and numeric lever, then
Sobol indices of the most influential ones, with confidence intervals and the share of variance
that is replicate noise (SALib; the ``study`` extra).

    python -m sim.sensitivity                       # status quo, outcomes at month 36
    python -m sim.sensitivity --package balanced --trajectories 10 --n 128 --jobs 2
    python -m sim.sensitivity --keys params.peer_rate params.explore_rate --skip-morris

What varies (:func:`default_keys`): each uncertain constant with a number above 0
(``sim.parameters()``: a number of the model not read off data) from half to one and a half times
its default, within its allowed range (``--spread``), and the archetype mix over every valid mix
(``archetypes.mix``: its four coordinates are one group, with one index). Left out: constants at 0
(mechanisms switched off), whole numbers, and the thresholds that define outcomes. ``--levers``
adds the numeric levers (decisions, not uncertainties: best studied apart) over their whole allowed
range, or up to twice what the shipped packages set where that range reaches far beyond any plan
(:data:`LEVER_BOUNDS`); ``--keys`` and ``--bounds`` choose others. Every point runs replicates
0 .. R-1 of one seed (common random numbers: differences between points carry less noise, not
none); ``noise.csv`` says how much, from design points run again on other organisations.

Writes ``morris.csv``, ``sobol.csv``, ``noise.csv``, ``sensitivity.png`` and ``provenance.json``
into the output folder (``sensitivity/<date>_<package>`` unless ``--out``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from sim.config import ConfigError
from sim.run import git_commit, show_progress
from sim.study import MIX, MIX_KEYS, Runner, parameters, salib_problem

OUTCOMES = ("regular_share", "high_anxiety_share", "realised_gain_share")
# Levers whose allowed range reaches far beyond any plan (assumption: up to twice what the shipped
# packages set); the other numeric levers are shares or weights from 0 to 1, varied over all of it.
LEVER_BOUNDS = {
    "superusers.share": (0.0, 0.1),  # the packages have 5 % of staff as superusers
    "superusers.hours_per_week": (0.0, 4.0),  # the packages give them 2 h a week
    "leadership.share_lessons": (0.0, 0.2),  # the packages share lessons with weekly probability 0.1
}
ROOT = Path(__file__).resolve().parent.parent


# Thresholds that define an outcome (who counts as highly anxious, as fearing for their job) rather than
# how people behave: varying them changes what is measured, so they are left out unless named.
MEASUREMENT = ("params.high_anxiety_threshold", "params.fears.job_threshold")


def default_keys(package: str = "status_quo", levers: bool = False) -> list[str]:
    """What the screen varies unless told otherwise: the uncertain constants with a number (float)
    above 0, the archetype shares as the mix, and with ``levers`` the numeric levers. Left out: whole
    numbers, constants at 0 (mechanisms switched off) and the thresholds that define outcomes
    (:data:`MEASUREMENT`)."""
    table = parameters(package)
    keys = [
        k
        for k, p in table.items()
        if p.uncertain
        and p.kind == "float"
        and p.default > 0
        and not k.startswith("archetypes.shares.")
        and k not in MEASUREMENT
    ]
    chosen = [k for k, p in table.items() if p.role == "lever" and p.kind == "float"] if levers else []
    return [*keys, MIX, *chosen]


def bounds_for(
    keys: Sequence[str], package: str, spread: float, given: dict[str, tuple[float, float]] | None = None
) -> dict[str, tuple[float, float]]:
    """Each constant's range: its default x (1 -/+ spread) within the allowed range; levers: the allowed
    range; ``given`` ranges win."""
    table = parameters(package)
    given = given or {}
    out = {}
    for k in keys:
        if k == MIX:
            continue
        if k in given:
            out[k] = given[k]
            continue
        p = table.get(k)
        if p is None:
            raise ConfigError(f"'{k}' is not a parameter; sim.parameters() lists them all")
        if p.role == "lever":
            if k in LEVER_BOUNDS:
                out[k] = LEVER_BOUNDS[k]
            continue  # else the whole allowed range (salib_problem's default)
        if not isinstance(p.default, (int, float)) or p.default <= 0:
            raise ConfigError(f"'{k}' has default {p.default!r}: give it a lever's role or leave it out")
        lo, hi = p.default * (1 - spread), p.default * (1 + spread)
        out[k] = (max(lo, p.low if p.low is not None else lo), min(hi, p.high if p.high is not None else hi))
    return out


def _evaluate(package, overrides, names, rows, month, outcomes, replicates, seed, ints) -> np.ndarray:
    runner = Runner(package, overrides)
    out = np.empty((len(rows), len(outcomes)))
    for i, row in enumerate(rows):
        values = {n: (round(float(v)) if n in ints else float(v)) for n, v in zip(names, row, strict=True)}
        got = runner.outcomes(values, month=month, names=list(outcomes), replicates=replicates, seed=seed)
        out[i] = [got[o] for o in outcomes]
    return out


def evaluate(x: np.ndarray, names: list[str], *, package: str, overrides: Sequence[str], month: int | None,
             outcomes: Sequence[str], replicates: int, seed: int, jobs: int, label: str) -> np.ndarray:  # fmt: skip
    """Outcomes (rows of ``x`` x outcomes), in chunks over ``jobs`` processes; the result does not
    depend on ``jobs`` (every point runs the same seeds)."""
    from joblib import Parallel, delayed

    table = parameters(package)
    ints = {n for n in names if n in table and table[n].kind == "int"}
    chunks = np.array_split(np.arange(len(x)), max(1, min(len(x), 20 * jobs)))
    start, done, parts = time.perf_counter(), 0, []
    work = Parallel(n_jobs=jobs, return_as="generator")(
        delayed(_evaluate)(package, list(overrides), names, x[c], month, list(outcomes), replicates, seed, ints)
        for c in chunks
    )
    for chunk, part in zip(chunks, work, strict=True):
        parts.append(part)
        show_progress(f"{label} ({replicates} replicates a point): points", done, done + len(chunk), len(x), start)
        done += len(chunk)
    return np.vstack(parts)


def grouped(problem: dict) -> dict:
    """The problem with the four coordinates of the archetype mix as one group (one index for the mix)."""
    return {**problem, "groups": [MIX if n in MIX_KEYS else n for n in problem["names"]]}


def group_names(problem: dict) -> list[str]:
    return list(dict.fromkeys(problem["groups"]))


def index_rows(outcome: str, problem: dict, result, columns: Sequence[str]) -> list[dict]:
    """One row per input (group) of a SALib result: the outcome, the input and the chosen indices."""
    return [
        {"outcome": outcome, "parameter": name, **{c: result[c][i] for c in columns}}
        for i, name in enumerate(group_names(problem))
    ]


def morris(keys, *, package, overrides, month, outcomes, replicates, seed, jobs, trajectories, spread, given=None):
    from SALib.analyze import morris as analyze
    from SALib.sample import morris as sample

    problem = grouped(salib_problem(keys, bounds_for(keys, package, spread, given)))
    x = sample.sample(problem, trajectories, num_levels=4, seed=seed)
    y = evaluate(x, problem["names"], package=package, overrides=overrides, month=month, outcomes=outcomes,
                 replicates=replicates, seed=seed, jobs=jobs, label="Morris screen")  # fmt: skip
    rows = []
    for j, outcome in enumerate(outcomes):
        res = analyze.analyze(problem, x, y[:, j], num_levels=4, seed=seed)
        rows += index_rows(outcome, problem, res, ("mu_star", "mu_star_conf", "sigma"))
    df = pd.DataFrame(rows)
    scale = {o: y[:, j].std() or 1.0 for j, o in enumerate(outcomes)}
    df["mu_star_scaled"] = df["mu_star"] / df["outcome"].map(scale)  # in standard deviations of the outcome
    df["rank"] = df.groupby("outcome")["mu_star"].rank(ascending=False, method="min").astype(int)
    return df.sort_values(["outcome", "rank"]), len(x)


def top_keys(screen: pd.DataFrame, per_outcome: int) -> list[str]:
    """The union of each outcome's most influential parameters (the mix counts as one)."""
    keys: list[str] = []
    for _, d in screen.groupby("outcome", sort=False):
        for key in d.nsmallest(per_outcome, "rank")["parameter"]:
            if key not in keys:
                keys.append(key)
    return keys


def sobol(keys, *, package, overrides, month, outcomes, replicates, seed, jobs, n, spread, given=None):
    from SALib.analyze import sobol as analyze
    from SALib.sample import sobol as sample

    problem = grouped(salib_problem(keys, bounds_for(keys, package, spread, given)))
    x = sample.sample(problem, n, calc_second_order=False, seed=seed)
    y = evaluate(x, problem["names"], package=package, overrides=overrides, month=month, outcomes=outcomes,
                 replicates=replicates, seed=seed, jobs=jobs, label="Sobol indices")  # fmt: skip
    rows = []
    for j, outcome in enumerate(outcomes):
        # SALib 1.6's Sobol analysis ignores a seed of 0 (it tests ``if seed:``) and would draw its
        # bootstrap unseeded: seed + 1 keeps the confidence intervals reproducible
        res = analyze.analyze(problem, y[:, j], calc_second_order=False, seed=seed + 1)
        rows += index_rows(outcome, problem, res, ("S1", "S1_conf", "ST", "ST_conf"))
    return pd.DataFrame(rows), x, y, problem["names"]


def noise(x: np.ndarray, y: np.ndarray, names: list[str], *, points: int, other_seed: int, **common) -> pd.DataFrame:
    """How much of each outcome's variance over the design is chance: ``points`` design points are run
    again on other organisations (``other_seed``), and half the variance of the differences (the noise
    of one point's mean, what common random numbers leave: how the values' effect differs between
    organisations) is set against the design variance. Also the mean shift between the two sets of
    organisations: indices describe the organisations they were computed on."""
    rng = np.random.default_rng(other_seed)
    pick = np.sort(rng.choice(len(x), size=min(points, len(x)), replace=False))
    again = evaluate(x[pick], names, **{**common, "seed": other_seed}, label="noise (other organisations)")
    rows = []
    for j, outcome in enumerate(common["outcomes"]):
        diff = again[:, j] - y[pick, j]
        point_var = diff.var(ddof=1) / 2
        design_var = y[:, j].var(ddof=1)
        rows.append(
            {
                "outcome": outcome,
                "points_rerun": len(pick),
                "noise_variance_of_a_point": point_var,
                "design_variance": design_var,
                "noise_share": point_var / (point_var + design_var) if point_var + design_var > 0 else float("nan"),
                "mean_shift_on_other_organisations": diff.mean(),
            }
        )
    return pd.DataFrame(rows)


def figure(indices: pd.DataFrame, screen: pd.DataFrame | None, path: Path, show: int = 12) -> None:
    """Sobol first-order and total indices with their confidence intervals, one panel per outcome."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    outcomes = list(dict.fromkeys(indices["outcome"]))
    fig, axes = plt.subplots(1, len(outcomes), figsize=(5.5 * len(outcomes), 0.45 * show + 1.8), squeeze=False)
    for ax, outcome in zip(axes[0], outcomes, strict=True):
        d = indices[indices["outcome"] == outcome].nlargest(show, "ST").iloc[::-1]
        pos = np.arange(len(d))
        ax.barh(pos + 0.2, d["ST"], 0.4, xerr=d["ST_conf"], label="total (ST)", color="#4c72b0")
        ax.barh(pos - 0.2, d["S1"], 0.4, xerr=d["S1_conf"], label="first order (S1)", color="#dd8452")
        ax.set_yticks(pos, [p.replace("params.", "") for p in d["parameter"]], fontsize=8)
        ax.set_title(outcome)
        ax.set_xlabel("Sobol index (95 % interval)")
        ax.axvline(0, color="grey", lw=0.5)
    axes[0][0].legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    """The options both study commands take: the seed, worker processes, config overrides, output folder."""
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--override", action="append", default=[], help="a config override, e.g. org.size=400")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: a dated one here)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sim.sensitivity", description=__doc__.splitlines()[0])
    parser.add_argument("--package", default="status_quo")
    parser.add_argument("--keys", nargs="*", default=None, help="parameters to vary (default: see above)")
    parser.add_argument("--levers", action="store_true", help="vary the numeric levers too (default keys)")
    parser.add_argument("--noise-points", type=int, default=64, help="design points run again on other organisations")
    parser.add_argument("--outcomes", nargs="*", default=list(OUTCOMES))
    parser.add_argument("--month", type=int, default=None, help="default: the last month")
    parser.add_argument("--replicates", type=int, default=2, help="replicates per point")
    parser.add_argument("--spread", type=float, default=0.5, help="constants from default x (1-s) to x (1+s)")
    parser.add_argument(
        "--bounds", nargs="*", default=[], metavar="KEY=LOW,HIGH", help="ranges that replace the defaults"
    )
    parser.add_argument("--trajectories", type=int, default=10, help="Morris trajectories")
    parser.add_argument("--skip-morris", action="store_true", help="Sobol indices of --keys directly")
    parser.add_argument("--top", type=int, default=4, help="Sobol over each outcome's top parameters of the screen")
    parser.add_argument("--n", type=int, default=128, help="Sobol base sample (a power of 2)")
    add_common_arguments(parser)
    args = parser.parse_args(argv)
    try:
        import SALib  # noqa: F401
    except ImportError:
        print("error: sim.sensitivity needs SALib: pip install -e '.[study]'", file=sys.stderr)
        return 2
    if not 0 < args.spread < 1:
        print(f"error: --spread must be between 0 and 1, got {args.spread}", file=sys.stderr)
        return 2
    minimum = {"--n": 2, "--trajectories": 2, "--noise-points": 2, "--replicates": 1, "--top": 1, "--jobs": 1}
    given_numbers = {
        "--n": args.n,
        "--trajectories": args.trajectories,
        "--noise-points": args.noise_points,
        "--replicates": args.replicates,
        "--top": args.top,
        "--jobs": args.jobs,
    }
    small = [f"{k} {v} (at least {minimum[k]})" for k, v in given_numbers.items() if v < minimum[k]]
    if small:
        print(f"error: too small: {', '.join(small)}", file=sys.stderr)
        return 2
    try:
        given = {}
        for item in args.bounds:
            key, _, pair = item.partition("=")
            try:
                lo, hi = (float(v) for v in pair.split(","))
            except ValueError:
                raise ConfigError(f"--bounds {item!r}: write KEY=LOW,HIGH, e.g. superusers.share=0,0.1") from None
            given[key] = (lo, hi)
        keys = args.keys if args.keys is not None else default_keys(args.package, levers=args.levers)
        if not keys:
            raise ConfigError("--keys: give at least one parameter to vary")
        missing = [k for k in given if k not in keys]
        if missing:
            raise ConfigError(f"--bounds for keys that are not varied: {missing}")
        # check everything before any work: the package, overrides, keys, ranges and outcomes
        runner = Runner(args.package, args.override)
        runner.config(replicates=args.replicates)
        runner.outcomes(names=args.outcomes, month=args.month)
        salib_problem(keys, bounds_for(keys, args.package, args.spread, given))
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = args.out or Path("sensitivity") / f"{datetime.now():%Y-%m-%d_%H-%M-%S}_{args.package}"  # working folder
    out.mkdir(parents=True, exist_ok=True)
    common = dict(package=args.package, overrides=args.override, month=args.month, outcomes=args.outcomes,
                  replicates=args.replicates, seed=args.seed, jobs=args.jobs)  # fmt: skip
    provenance = {
        "command": "python -m sim.sensitivity " + " ".join(sys.argv[1:] if argv is None else argv),
        "date": datetime.now().isoformat(timespec="seconds"),
        "commit": git_commit(),
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "bounds": {k: list(v) for k, v in bounds_for(keys, args.package, args.spread, given).items()},
    }
    screen = None
    if not args.skip_morris:
        screen, points = morris(keys, trajectories=args.trajectories, spread=args.spread, given=given, **common)
        screen.to_csv(out / "morris.csv", index=False)
        provenance["morris_points"] = points
        keys = top_keys(screen, args.top)
    indices, x, y, names = sobol(keys, n=args.n, spread=args.spread, given=given, **common)
    indices.to_csv(out / "sobol.csv", index=False)
    provenance["sobol_points"] = len(x)
    provenance["sobol_keys"] = keys
    noise(x, y, names, points=args.noise_points, other_seed=args.seed + 10**6, **common).to_csv(
        out / "noise.csv", index=False
    )
    figure(indices, screen, out / "sensitivity.png")
    (out / "provenance.json").write_text(json.dumps(provenance, indent=2))
    top = indices.sort_values("ST", ascending=False).groupby("outcome", sort=False).head(3)
    print(top.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
