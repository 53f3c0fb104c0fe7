"""Calibration with uncertainty: which values of the uncertain constants reproduce the status-quo
targets (``sim.calibration.TARGETS``), and how tightly the targets pin them down.

    python -m sim.calibrate                      # about 3 minutes on 2 cores
    python -m sim.calibrate --trials 200 --samples 1000 --replicates 4 --jobs 2

Two stages, both over the same box of values (each constant from half to one and a half times its
default, within its allowed range; ``--spread``):

1. **Search** (Optuna, TPE sampler, seeded, in batches of ``--batch`` trials through its ask-and-tell
   interface, so the trials do not depend on the number of processes): minimises the discrepancy ``D = max over targets of |model - target| / tolerance``,
   so ``D <= 1`` means every target is within its tolerance. It finds the best fit and shows
   whether a good region exists.
2. **Ensemble** (approximate Bayesian computation by rejection): ``--samples`` points drawn
   uniformly from the box (a scrambled Sobol sequence), each accepted when ``D <= 1``. With a
   uniform prior over the box and a uniform kernel of the targets' tolerances, the accepted points
   are a sample of the approximate posterior: the *ensemble* of parameter sets the targets allow.

Replicate noise: a point's model values are means over R organisations (replicates). The search
gives every trial the same organisations (common random numbers), so that ``D`` changes with the
values and not with chance; the ensemble gives every point organisations of its own (run seed
``seed + 1 + i`` for point i), as rejection sampling needs: a set is accepted for what it does on
organisations it has not been chosen for, and the noise of R organisations widens the ensemble as
it should. The best fit, and the first accepted sets, are evaluated again on organisations no point
met (seed + 1,000,000): how many still meet every target says how much of the fit is chance.

Identification: for each constant, the accepted values' 5-95 % range as a share of the box
(0.9 for a constant the targets leave free, small for one they pin down), and the correlations
between accepted values (a ridge: two constants that trade off against each other).

Held out: figures kept out of the fit (hours saved per user and economy-wide, two licence trials)
are computed for up to ``--held-out`` ensemble members, as out-of-sample checks.

Writes ``trials.csv`` (every point of both stages), ``ensemble.csv`` (the accepted sets),
``identification.csv``, ``held_out.csv``, ``calibration.png`` and ``provenance.json`` into the
output folder (``calibration/<date>`` unless ``--out``). ``ensemble.csv`` holds one row per
accepted set with the dotted keys as columns: ``sim.Runner`` takes a row as its values.
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

from sim.calibration import (
    AUS_MONTHS,
    AUS_SOURCE,
    AUS_START,
    AUS_TRIAL_OVERRIDES,
    AUS_WEEKLY,
    LICENCE_TRIAL_OVERRIDES,
    LICENCE_TRIAL_PACKAGE,
    LICENCE_TRIAL_TEXT,
    STATUS_QUO_HOURS_PER_USER,
    TARGETS,
    regular_of_current,
)
from sim.config import ConfigError
from sim.run import git_commit, show_progress, uncommitted_changes
from sim.sensitivity import add_common_arguments, bounds_for
from sim.study import Runner, parameters

# The constants set by hand against the targets (HAND_TUNED and the issue-13 levels that act in the
# status quo): what the calibration varies unless told otherwise.
KEYS = (
    "params.explore_rate",
    "params.peer_rate",
    "params.transition_rate",
    "params.help_rate",
    "params.expected_benefit",
    "params.fears.job_threat",
    "params.attitude.threat_job",
    "params.value.overhead_mean",
    "params.value.stuck_uptake",
)
MONTHS = max(t.month for t in TARGETS)
OTHER = 10**6  # seed + OTHER: organisations that no point of the calibration met, for re-checks


def _target_values(df: pd.DataFrame) -> list[float]:
    org = df[df["archetype"] == "all"].groupby("month").mean(numeric_only=True)
    return [float(org.loc[t.month, t.metric]) for t in TARGETS]


def discrepancy(values: Sequence[float]) -> float:
    """The largest distance of a model value from its target, in tolerances (<= 1: all within)."""
    return max(abs(v - t.value) / t.tolerance for v, t in zip(values, TARGETS, strict=True))


def _evaluate(keys, rows, replicates, seeds, overrides) -> np.ndarray:
    runner = Runner("status_quo", [*overrides, f"run.months={MONTHS}"])
    return np.array(
        [_target_values(runner.run(dict(zip(keys, map(float, r), strict=True)), replicates=replicates, seed=int(s)))
         for r, s in zip(rows, seeds, strict=True)]
    )  # fmt: skip


def evaluate(keys, x: np.ndarray, *, replicates, seed, jobs, overrides=()) -> np.ndarray:
    """Model values of the targets (rows of ``x`` x targets); independent of ``jobs``. ``seed`` is one
    seed for every row (common random numbers) or one per row."""
    from joblib import Parallel, delayed

    if len(x) == 0:
        return np.empty((0, len(TARGETS)))
    seeds = np.broadcast_to(np.asarray(seed), (len(x),))
    chunks = [c for c in np.array_split(np.arange(len(x)), max(1, min(len(x), jobs))) if len(c)]
    parts = Parallel(n_jobs=jobs)(
        delayed(_evaluate)(list(keys), x[c], replicates, seeds[c], list(overrides)) for c in chunks
    )
    return np.vstack(parts)


def search(keys, bounds, *, trials, replicates, seed, jobs, overrides=(), batch=4) -> pd.DataFrame:
    """Stage 1: Optuna's TPE sampler minimising the discrepancy, ``batch`` trials at a time (asked
    together, run in parallel, then told): the trials depend on the batch, not on ``jobs``."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(direction="minimize", sampler=optuna.samplers.TPESampler(seed=seed))
    study.enqueue_trial({k: parameters()[k].default for k in keys})  # the hand-set values first
    rows, start = [], time.perf_counter()
    while len(rows) < trials:
        asked = [study.ask() for _ in range(min(batch, trials - len(rows)))]
        x = np.array([[t.suggest_float(k, *bounds[k]) for k in keys] for t in asked])
        values = evaluate(keys, x, replicates=replicates, seed=seed, jobs=jobs, overrides=overrides)
        before = len(rows)
        for t, xi, vi in zip(asked, x, values, strict=True):
            d = discrepancy(vi)
            study.tell(t, d)
            rows.append(
                {"phase": "search", **dict(zip(keys, xi, strict=True)), **_named(vi), "discrepancy": d, "seed": seed}
            )
        show_progress("search (Optuna TPE)", before, len(rows), trials, start, f", best D {study.best_value:.2f}")
    return pd.DataFrame(rows)


def _named(values) -> dict[str, float]:
    return {f"{t.metric}@{t.month}": v for t, v in zip(TARGETS, values, strict=True)}


def ensemble(keys, bounds, *, samples, replicates, seed, jobs, overrides=()) -> pd.DataFrame:
    """Stage 2: rejection ABC over the box (scrambled Sobol points, uniform prior, accept D <= 1)."""
    from scipy.stats import qmc

    unit = qmc.Sobol(d=len(keys), scramble=True, seed=seed).random(samples)
    lo, hi = np.array([bounds[k][0] for k in keys]), np.array([bounds[k][1] for k in keys])
    x = lo + unit * (hi - lo)
    seeds = seed + 1 + np.arange(samples)  # each point meets organisations of its own (not the search's)
    start, parts = time.perf_counter(), []
    step = max(jobs * 10, 1)
    for i in range(0, len(x), step):
        part = evaluate(keys, x[i : i + step], replicates=replicates, seed=seeds[i : i + step], jobs=jobs,
                        overrides=overrides)  # fmt: skip
        parts.append(part)
        show_progress("ensemble (rejection over the box)", i, min(i + step, len(x)), len(x), start)
    values = np.vstack(parts)
    d = np.array([discrepancy(v) for v in values])
    df = pd.DataFrame(x, columns=list(keys))
    for j, t in enumerate(TARGETS):
        df[f"{t.metric}@{t.month}"] = values[:, j]
    df.insert(0, "phase", "ensemble")
    df["discrepancy"] = d
    df["seed"] = seeds
    return df


def identification(accepted: pd.DataFrame, keys, bounds) -> pd.DataFrame:
    """Per constant: the accepted values' 5-95 % range as a share of the box, and the strongest
    correlation with another constant among the accepted sets."""
    corr = accepted[list(keys)].corr() if len(accepted) > 2 else None
    rows = []
    for k in keys:
        lo, hi = bounds[k]
        if len(accepted) >= 2:
            q05, q95 = accepted[k].quantile([0.05, 0.95])
            share = (q95 - q05) / (hi - lo)
        else:
            q05 = q95 = share = float("nan")
        partner, r = "", float("nan")
        if corr is not None:
            others = corr[k].drop(k).dropna()
            if len(others):
                partner = str(others.abs().idxmax())
                r = float(others[partner])
        verdict = (
            "no accepted sets" if np.isnan(share)
            else "pinned down" if share < 0.5 else "weakly constrained" if share < 0.8 else "left free"
        )  # fmt: skip
        rows.append({"parameter": k, "box_low": lo, "box_high": hi,
                     "accepted_median": accepted[k].median() if len(accepted) else float("nan"),
                     "accepted_q05": q05, "accepted_q95": q95, "share_of_box": share, "verdict": verdict,
                     "most_correlated_with": partner, "correlation": r})  # fmt: skip
    return pd.DataFrame(rows)


HELD_OUT = (
    ("hours saved per person trying or using, share of hours (month 18)", "2.8 % (users' own reports) to 5.4 %",
     "Humlum & Vestergaard 2025; Bick, Blandin & Deming 2024"),
    ("hours saved per person who used AI in the week, share of hours (month 18; the surveys' last week's users)",
     "2.8 % (users' own reports) to 5.4 %", "Humlum & Vestergaard 2025; Bick, Blandin & Deming 2024"),
    ("hours saved over all work hours (month 24)", "about 1.4 %", "Bick, Blandin & Deming 2024"),
    (f"regular users 6 months after licences ({LICENCE_TRIAL_TEXT}, access from month 14, month 20)",
     "nearly 40 % (first version)", "Dillon, Jaffe, Immorlica & Stanton 2025"),
    (f"tried within 3 months of licences ({LICENCE_TRIAL_TEXT}, access from month 21, month 24)", "about 80 %",
     "UK cross-government Copilot experiment (GDS 2025)"),
    (f"of those still using AI {AUS_MONTHS} months after licences, the share at the regular stage "
     f"({LICENCE_TRIAL_TEXT}, voluntary training from access, access from month {AUS_START}; a ratio of means)",
     f"{AUS_WEEKLY:.0%} daily or a few times a week (nominated respondents: keener than all licensees)",
     AUS_SOURCE),
)  # fmt: skip


def _held_out_one(values: dict, replicates: int, seed: int, overrides) -> list[float]:
    hours = Runner("status_quo", [*overrides, "run.months=24"]).run(values, replicates=replicates, seed=seed)
    org = hours[hours["archetype"] == "all"].groupby("month").mean(numeric_only=True)
    per_user = org.loc[18, "hours_saved_per_fte_week"] / (org.loc[18, "tried_share"] - org.loc[18, "abandoned_share"])
    contract = parameters()["params.hours_per_week"].default
    per_weekly = org.loc[18, "hours_saved_per_fte_week"] / org.loc[18, "weekly_users_share"]  # a ratio of means
    out = [per_user / contract, per_weekly / contract, org.loc[24, "hours_saved_per_fte_week"] / contract]
    for start, month, metric in ((14, 20, "regular_share"), (21, 24, "tried_share")):
        trial = [*LICENCE_TRIAL_OVERRIDES, *overrides, f"rollout.start_month={start}", f"run.months={month}"]
        r = Runner(LICENCE_TRIAL_PACKAGE, trial)
        out.append(r.outcomes(values, month=month, names=[metric], replicates=replicates, seed=seed)[metric])
    month = AUS_START + AUS_MONTHS
    trial = [*LICENCE_TRIAL_OVERRIDES, *AUS_TRIAL_OVERRIDES, *overrides, f"rollout.start_month={AUS_START}"]
    names = ["regular_share", "tried_share", "abandoned_share"]
    got = Runner(LICENCE_TRIAL_PACKAGE, [*trial, f"run.months={month}"]).outcomes(
        values, month=month, names=names, replicates=replicates, seed=seed
    )
    out.append(regular_of_current(got))
    return out


def held_out(accepted: pd.DataFrame, keys, *, members, replicates, seed, jobs, overrides=()) -> pd.DataFrame:
    """The held-out figures for up to ``members`` accepted sets (the first ones: the sample's order is random)."""
    from joblib import Parallel, delayed

    chosen = accepted.head(members)
    sets = [{k: float(row[k]) for k in keys} for _, row in chosen.iterrows()]
    values = Parallel(n_jobs=jobs)(delayed(_held_out_one)(v, replicates, seed, list(overrides)) for v in sets)
    rows = []
    for i, (what, figure, source) in enumerate(HELD_OUT):
        col = np.array([v[i] for v in values]) if values else np.array([])
        rows.append({"what": what, "published": figure, "source": source, "members": len(col),
                     "model_median": float(np.median(col)) if len(col) else float("nan"),
                     "model_min": float(col.min()) if len(col) else float("nan"),
                     "model_max": float(col.max()) if len(col) else float("nan")})  # fmt: skip
    return pd.DataFrame(rows)


def figure(trials: pd.DataFrame, keys, bounds, path: Path) -> None:
    """Per constant: where the accepted sets lie within the box (histograms of the ensemble stage)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ens = trials[trials["phase"] == "ensemble"]
    acc = ens[ens["discrepancy"] <= 1]
    cols = 3
    rows = -(-len(keys) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4 * cols, 2.6 * rows), squeeze=False)
    for ax, k in zip(axes.flat, keys, strict=False):
        edges = np.linspace(*bounds[k], 11)
        ax.hist(ens[k], bins=edges, color="#cccccc", label="box (all samples)")
        ax.hist(acc[k], bins=edges, color="#4c72b0", label="accepted")
        ax.axvline(parameters()[k].default, color="black", lw=1, ls="--", label="hand-set value")
        ax.set_title(k.replace("params.", ""), fontsize=9)
    for ax in list(axes.flat)[len(keys) :]:
        ax.axis("off")
    axes[0][0].legend(fontsize=7)
    fig.suptitle(f"Calibration: {len(acc)} of {len(ens)} samples within every target's tolerance", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sim.calibrate", description=__doc__.splitlines()[0])
    parser.add_argument("--keys", nargs="*", default=list(KEYS), help="the constants to calibrate")
    parser.add_argument("--spread", type=float, default=0.5, help="box: default x (1-s) to x (1+s)")
    parser.add_argument("--trials", type=int, default=120, help="search stage (Optuna); 0 to skip")
    parser.add_argument("--batch", type=int, default=4, help="search trials asked at a time")
    parser.add_argument("--samples", type=int, default=512, help="ensemble stage (a power of 2)")
    parser.add_argument("--replicates", type=int, default=16, help="organisations per point")
    parser.add_argument("--held-out", type=int, default=10, help="ensemble members checked out of sample")
    add_common_arguments(parser)
    args = parser.parse_args(argv)
    try:
        import optuna  # noqa: F401
    except ImportError:
        print("error: sim.calibrate needs Optuna: pip install -e '.[study]'", file=sys.stderr)
        return 2
    try:
        if not 0 < args.spread < 1:
            raise ConfigError(f"--spread must be between 0 and 1, got {args.spread}")
        if args.samples < 2 or args.replicates < 1 or args.trials < 0 or args.jobs < 1 or args.batch < 1:
            raise ConfigError(
                "--samples >= 2, --replicates >= 1, --trials >= 0, --jobs >= 1 and --batch >= 1 are needed"
            )
        table = parameters()
        if not args.keys:
            raise ConfigError("--keys: give at least one constant to calibrate")
        bad = [k for k in args.keys if k not in table or table[k].kind != "float"]
        if bad:
            raise ConfigError(f"not a number parameter of the model: {bad}; sim.parameters() lists them")
        levers = [k for k in args.keys if table[k].role not in ("constant", "organisation")]
        if levers:
            raise ConfigError(f"{levers}: levers and settings are choices, not constants to calibrate")
        if args.held_out < 0:
            raise ConfigError(f"--held-out must be 0 or more, got {args.held_out}")
        bounds = bounds_for(args.keys, "status_quo", args.spread)
        Runner("status_quo", args.override)  # the overrides, checked before any work
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = args.out or Path("calibration") / f"{datetime.now():%Y-%m-%d_%H-%M-%S}"  # in the working folder
    out.mkdir(parents=True, exist_ok=True)
    common = dict(replicates=args.replicates, seed=args.seed, jobs=args.jobs, overrides=args.override)
    parts = []
    if args.trials:
        parts.append(search(args.keys, bounds, trials=args.trials, batch=args.batch, **common))
        pd.concat(parts).to_csv(out / "trials.csv", index=False)  # kept if the second stage fails
    parts.append(ensemble(args.keys, bounds, samples=args.samples, **common))
    trials = pd.concat(parts, ignore_index=True)
    trials.to_csv(out / "trials.csv", index=False)
    ens = trials[trials["phase"] == "ensemble"]
    accepted = ens[ens["discrepancy"] <= 1].drop(columns="phase").reset_index(drop=True)
    accepted.to_csv(out / "ensemble.csv", index=False)
    ident = identification(accepted, args.keys, bounds)
    ident.to_csv(out / "identification.csv", index=False)
    figure(trials, args.keys, bounds, out / "calibration.png")
    best = trials.loc[trials["discrepancy"].idxmin()]
    best_values = {k: float(best[k]) for k in args.keys}
    other = args.seed + OTHER
    again = _evaluate(list(args.keys), np.array([list(best_values.values())]), args.replicates, [other],
                      args.override)[0]  # fmt: skip
    # the accepted sets on other organisations: how many still meet every target
    members = accepted.head(args.held_out)
    rechecked = evaluate(list(args.keys), members[list(args.keys)].to_numpy(), replicates=args.replicates,
                         seed=other, jobs=args.jobs, overrides=args.override)  # fmt: skip
    still = int(sum(discrepancy(v) <= 1 for v in rechecked))
    held = held_out(accepted, args.keys, members=args.held_out, **common)
    held.to_csv(out / "held_out.csv", index=False)
    provenance = {
        "command": "python -m sim.calibrate " + " ".join(sys.argv[1:] if argv is None else argv),
        "date": datetime.now().isoformat(timespec="seconds"),
        "commit": git_commit(),
        "uncommitted_changes": uncommitted_changes(),
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "bounds": {k: list(v) for k, v in bounds.items()},
        "targets": [
            {"metric": t.metric, "month": t.month, "value": t.value, "tolerance": t.tolerance, "source": t.source}
            for t in TARGETS
        ],  # fmt: skip
        "best": {
            "values": best_values,
            "discrepancy": float(best["discrepancy"]),
            "phase": best["phase"],
            "on_other_organisations": {"seed": other, **_named(again), "discrepancy": discrepancy(again)},
        },  # fmt: skip
        "accepted": int(len(accepted)),
        "accepted_rechecked_on_other_organisations": {
            "seed": other,
            "sets": int(len(members)),
            "still_accepted": still,
        },
        "samples": int(len(ens)),
        "hours_per_user_band": list(STATUS_QUO_HOURS_PER_USER),
    }
    (out / "provenance.json").write_text(json.dumps(provenance, indent=2, default=float))
    print(f"\naccepted {len(accepted)} of {len(ens)} samples (every target within its tolerance)")
    print(
        f"best fit D = {best['discrepancy']:.2f} ({best['phase']}); on other organisations D = {discrepancy(again):.2f}"
    )
    print(f"of {len(members)} accepted sets, {still} still meet every target on other organisations (seed {other})")
    print(ident[["parameter", "accepted_median", "share_of_box", "verdict", "most_correlated_with", "correlation"]]
          .to_string(index=False, float_format=lambda v: f"{v:.3g}"))  # fmt: skip
    print(held[["what", "published", "model_median", "model_min", "model_max"]].to_string(index=False,
          float_format=lambda v: f"{v:.3g}"))  # fmt: skip
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
