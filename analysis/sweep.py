"""Gather a multirun folder into one table and one report: heat maps and a robustness table.

Usage: ``python -m analysis.sweep multiruns/<folder> [--metric regular_share] [--month 36]``

Writes into the folder: ``sweep_results.parquet`` (every job's monthly results with one column per
swept setting), ``sweep_summary.csv`` (per job: mean and 90 % interval of the main outcomes at the
chosen month), a heat map over the first two swept settings for each main outcome, a robustness
table when ``package`` is swept (each package's regret in each scenario: how far it falls short
of the best package there), with ``--fails 'regular_share<0.6'`` the box of swept settings in which
each package fails (PRIM scenario discovery, ``sweep_prim.csv``; needs the ``ema`` extra), and
``sweep_report.html`` with all of it. A job whose folder has no results (it failed), that did not
finish, or that never started (the sweep's job list is read from its ``multirun.yaml``) is named, and
the report says that what it shows is computed on a partial grid. A sweep of sectors (``sector=...``) gives
``sweep_sector.parquet`` and ``sweep_sector_summary.csv`` (per job and package, the sector at the chosen month)
instead; heat maps and the report are for sweeps of single organisations.
"""

from __future__ import annotations

import argparse
import base64
import html
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import yaml  # noqa: E402

from analysis.stats import RANKED_METRICS, add_derived, higher_is_better, interval  # noqa: E402
from sim.launcher import SUBDIR  # noqa: E402

IGNORED_KEYS = {"experiment", "run.name", "run.figure", "run.replicates", "run.months", "hydra.launcher.n_jobs"}


def _value(text: str):
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def gather(folder: Path, name: str = "results.parquet") -> tuple[pd.DataFrame, list[str], list[str]]:
    """All jobs' results (``name`` in each job's folder: ``sector.parquet`` for a sweep of sectors) with the swept
    settings as columns; the swept keys; the failed jobs."""
    frames, failed, keys = [], [], []
    jobs = [p for p in folder.iterdir() if (p / ".hydra" / "overrides.yaml").exists()]
    hydra = _multirun_hydra(folder)
    by_name = (hydra.get("sweep") or {}).get("subdir") in (None, SUBDIR)  # the project's folder pattern
    number = {job: _job_number(job, by_name) for job in jobs}
    jobs.sort(key=lambda p: (number[p] if number[p] is not None else 10**9, p.name))
    for job in jobs:
        overrides = yaml.safe_load((job / ".hydra" / "overrides.yaml").read_text()) or []
        settings = {}
        for o in overrides:
            key, _, value = o.lstrip("+~").partition("=")
            if key not in IGNORED_KEYS:
                parsed = _value(value)
                settings[key] = parsed if isinstance(parsed, (str, int, float, bool)) or parsed is None else str(parsed)
                if key not in keys:
                    keys.append(key)
        results = job / name
        if not results.exists() or not (job / "run_complete.json").exists():
            failed.append(job.name)  # failed, or stopped before all its packages were done
            if not results.exists():
                continue
        df = pd.read_parquet(results)
        df["job"] = job.name
        for key, value in settings.items():
            if key != "package":  # the results carry their package already
                df[key] = value
        frames.append(df)
    started = set(number.values())
    failed += [f"{k} ({' '.join(o)}: never started)" for k, o in enumerate(job_list(folder, hydra)) if k not in started]
    if not frames:
        raise SystemExit(f"error: no job results found under {folder}")
    table = pd.concat(frames, ignore_index=True)
    if "package" not in keys and table["package"].nunique() > 1:
        keys.insert(0, "package")
    # swept settings are those that differ between jobs (an override shared by all is a constant)
    swept = [k for k in keys if k in table.columns and table[k].astype(str).nunique() > 1]
    return table, swept, failed


def _multirun_hydra(folder: Path) -> dict:
    """The Hydra node of the sweep's ``multirun.yaml`` (written before any job starts); empty where there is none."""
    path = folder / "multirun.yaml"
    if not path.exists():
        return {}
    return (yaml.safe_load(path.read_text()) or {}).get("hydra") or {}


def _job_number(job: Path, by_name: bool) -> int | None:
    """A job's number in the sweep: the start of its folder's name under the project's pattern (``by_name``), else
    ``hydra.job.num`` in its ``.hydra`` record (a sweep with a pattern of its own); None if neither says."""
    head = job.name.split("_", 1)[0]
    if by_name and head.isdigit():
        return int(head)
    try:
        record = yaml.safe_load((job / ".hydra" / "hydra.yaml").read_text()) or {}
        return int(record["hydra"]["job"]["num"])
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError):
        return None


def job_list(folder: Path, hydra: dict | None = None) -> list[list[str]]:
    """The overrides of every job the sweep asked for, in Hydra's numbering (from the sweep's ``multirun.yaml``,
    written before any job starts; ``hydra``: its Hydra node if read already); empty where the folder has none."""
    hydra = _multirun_hydra(folder) if hydra is None else hydra
    if not hydra:
        return []
    from sim.config import register_configs
    from sim.job import job_overrides

    task = list((hydra.get("overrides") or {}).get("task") or [])
    register_configs()
    return job_overrides(["-m", *task])


def summary(table: pd.DataFrame, keys: list[str], month: int) -> pd.DataFrame:
    """Per job (combination of swept settings): mean and 90 % interval of each main outcome."""
    at = add_derived(table[(table["month"] == month) & (table["archetype"] == "all")])
    rows = []
    for combo, d in at.groupby(keys or ["job"], observed=True, dropna=False, sort=False):
        row = dict(zip(keys or ["job"], combo if isinstance(combo, tuple) else (combo,), strict=True))
        for metric in RANKED_METRICS:
            mean, lo, hi = interval(d[metric])
            row[metric], row[f"{metric}_lo"], row[f"{metric}_hi"] = mean, lo, hi
        row["replicates"] = d["replicate"].nunique()
        rows.append(row)
    return pd.DataFrame(rows)


def robustness(summ: pd.DataFrame, keys: list[str]) -> pd.DataFrame | None:
    """Each package's regret per outcome across the scenarios (the other swept settings).

    Regret in a scenario = how far the package's mean falls short of the best package's mean there
    (in the direction that is better). Reported: the largest and the mean regret over scenarios.
    """
    if "package" not in keys:
        return None
    scenario_keys = [k for k in keys if k != "package"]
    out = {}
    for metric in RANKED_METRICS:
        better_high = higher_is_better(metric)
        if scenario_keys:
            best = summ.groupby(scenario_keys, dropna=False)[metric].transform("max" if better_high else "min")
        else:
            best = summ[metric].max() if better_high else summ[metric].min()
        regret = (best - summ[metric]) if better_high else (summ[metric] - best)
        per = regret.groupby(summ["package"])
        out[(metric, "max regret")] = per.max()
        out[(metric, "mean regret")] = per.mean()
    table = pd.DataFrame(out)
    ranks = pd.DataFrame({m: table[(m, "max regret")].rank(method="min") for m in RANKED_METRICS})
    table.insert(0, ("robustness rank", ""), ranks.mean(axis=1).rank(method="min").astype(int))
    return table.sort_values(("robustness rank", ""))


MIN_PRIM_SCENARIOS = 10  # PRIM peels boxes off the scenarios; with fewer, a box says little


def parse_failure(text: str) -> tuple[str, str, float]:
    """``"regular_share<0.6"`` -> (metric, "<", 0.6): what counts as failing, for PRIM."""
    for op in ("<=", ">=", "<", ">"):
        metric, sep, value = text.partition(op)
        if sep:
            metric = metric.strip()
            if metric not in RANKED_METRICS:
                raise ValueError(f"--fails: {metric!r} is not an outcome of the summary ({', '.join(RANKED_METRICS)})")
            try:
                return metric, op, float(value)
            except ValueError:
                raise ValueError(f"--fails: {value!r} is not a number; write e.g. regular_share<0.6") from None
    raise ValueError(f"--fails: {text!r}; write an outcome, <, <=, > or >= and a number, e.g. regular_share<0.6")


def prim_boxes(summ: pd.DataFrame, keys: list[str], failure: tuple[str, str, float]) -> pd.DataFrame:
    """Scenario discovery (PRIM, EMA Workbench): per package, the box of swept settings in which it fails.

    A configuration fails when its mean outcome meets ``failure`` (e.g. regular use below 0.6). PRIM
    peels the settings' ranges to boxes that hold failures ever more densely; the box chosen is the first
    on the peeling trajectory with a density of at least 0.8 (the one that keeps the most failures; else
    the densest). Coverage: the share of
    all failures inside the box; density: the share of the box's configurations that fail.
    """
    metric, op, threshold = failure
    compare = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}[op]
    settings = [k for k in keys if k != "package"]
    groups = summ.groupby("package", observed=True, sort=False) if "package" in keys else [("(all)", summ)]
    rows = []
    for package, d in groups:
        fails = compare(d[metric].to_numpy(dtype=float), threshold)
        row = {"package": package, "configurations": len(d), "failing": int(fails.sum()), "coverage": np.nan,
               "density": np.nan, "box": ""}  # fmt: skip
        if not settings:
            row["box"] = "no swept settings besides the package"
        elif len(d) < MIN_PRIM_SCENARIOS:
            row["box"] = f"fewer than {MIN_PRIM_SCENARIOS} configurations: no box"
        elif fails.all() or not fails.any():
            row["box"] = "fails everywhere" if fails.all() else "fails nowhere"
        else:
            import warnings

            warnings.filterwarnings("ignore", module="ema_workbench")
            from ema_workbench.analysis import prim

            x = d[settings].reset_index(drop=True)
            x = x.apply(lambda c: c.astype(float) if pd.api.types.is_numeric_dtype(c) else c.astype("category"))
            box = prim.Prim(x, fails, peel_alpha=0.1).find_box()
            stats = box.peeling_trajectory
            dense = stats.index[stats["density"] >= 0.8]
            # coverage falls along the trajectory: the first dense box keeps the most failures
            chosen = int(dense[0]) if len(dense) else int(stats["density"].to_numpy().argmax())
            box.select(chosen)
            limits, full = box.box_lims[chosen], box.box_lims[0]
            parts = []
            for c in limits.columns:
                if limits[c].equals(full[c]):
                    continue
                lo, hi = limits[c].iloc[0], limits[c].iloc[1]
                if isinstance(lo, (set, frozenset)):
                    parts.append(f"{c} in {{{', '.join(sorted(map(str, lo)))}}}")
                else:
                    parts.append(f"{lo:g} <= {c} <= {hi:g}")
            row.update(coverage=float(box.coverage), density=float(box.density), box="; ".join(parts) or "(all)")
        rows.append(row)
    return pd.DataFrame(rows)


def heat_maps(summ: pd.DataFrame, keys: list[str], folder: Path, month: int) -> list[Path]:
    """One heat map per main outcome over the first two swept settings other than the package
    (means over the other settings, packages included)."""
    axes_keys = [k for k in keys if k != "package"]
    if len(axes_keys) < 2:
        return []
    x, y = axes_keys[0], axes_keys[1]
    fig, axes = plt.subplots(2, 3, figsize=(15, 8.5), layout="constrained")
    for ax, metric in zip(axes.flat, RANKED_METRICS, strict=True):
        grid = summ.pivot_table(index=y, columns=x, values=metric, aggfunc="mean", sort=False)
        cmap = "viridis" if higher_is_better(metric) else "viridis_r"
        image = ax.imshow(grid.to_numpy(dtype=float), cmap=cmap, aspect="auto", origin="lower")
        ax.set_xticks(range(grid.shape[1]), [str(c) for c in grid.columns], rotation=30, ha="right", fontsize=8)
        ax.set_yticks(range(grid.shape[0]), [str(i) for i in grid.index], fontsize=8)
        ax.set_xlabel(x)
        ax.set_ylabel(y)
        ax.set_title(
            metric.replace("_", " ") + (" (higher is better)" if higher_is_better(metric) else " (lower is better)"),
            fontsize=10,
        )
        values = grid.to_numpy(dtype=float)
        middle = np.nanmean(values) if np.isfinite(values).any() else 0.0
        for (i, j), v in np.ndenumerate(values):
            dark = (v < middle) == higher_is_better(metric)  # the dark end of the colour map
            ax.text(
                j,
                i,
                "" if np.isnan(v) else f"{v:.2f}",
                ha="center",
                va="center",
                fontsize=7,
                color="w" if dark else "k",
            )
        fig.colorbar(image, ax=ax, shrink=0.8)
    rest = [k for k in keys if k not in (x, y)]
    note = f"; averaged over {', '.join(rest)}" if rest else ""
    fig.suptitle(f"Outcomes at month {month} by {x} and {y} (means over replicates{note})", fontsize=11)
    path = folder / "sweep_heatmaps.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return [path]


def write_report(
    folder: Path,
    summ: pd.DataFrame,
    robust: pd.DataFrame | None,
    figures: list[Path],
    failed: list[str],
    month: int,
    boxes: pd.DataFrame | None = None,
    failure: str = "",
) -> Path:
    parts = [
        f"<h1>Sweep: {html.escape(folder.name)}</h1>",
        f"<p>{len(summ)} configurations; outcomes at month {month} for the whole organisation; mean and the "
        f"range of 90 % of replicates.</p>",
    ]
    if failed:
        parts.append(
            f"<p><b>Jobs that failed, did not finish or never started:</b> {html.escape(', '.join(failed))}. "
            "Everything below is computed on a partial grid: run the sweep again with the same hydra.sweep.dir to "
            "finish it (finished jobs are skipped).</p>"
        )
    for path in figures:
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        parts.append(f'<img alt="{path.stem}" style="max-width:100%" src="data:image/png;base64,{data}">')
    if robust is not None:
        parts.append(
            "<h2>Robustness: regret across scenarios</h2><p>How far each package falls short of the best "
            "package in each scenario (lower is better); ranked by the mean rank of the largest regrets.</p>"
        )
        parts.append(robust.to_html(float_format=lambda v: f"{v:.3f}"))
    if boxes is not None:
        partial = " Computed on a partial grid: some jobs failed or did not finish." if failed else ""
        parts.append(
            f"<h2>Scenario discovery: where each package fails ({html.escape(failure)})</h2><p>PRIM (EMA "
            "Workbench) over the swept settings: the box of settings in which the package fails most densely. "
            "Coverage is the share of its failing configurations inside the box, density the share of the box's "
            f"configurations that fail.{partial}</p>"
        )
        parts.append(boxes.to_html(index=False, float_format=lambda v: f"{v:.2f}"))
    parts.append("<h2>All configurations</h2>" + summ.to_html(index=False, float_format=lambda v: f"{v:.3f}"))
    style = (
        "body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse;font-size:12px}"
        "td,th{border:1px solid #ccc;padding:3px 6px}"
    )
    path = folder / "sweep_report.html"
    path.write_text(
        f"<!doctype html><html><head><meta charset='utf-8'><style>{style}</style></head><body>"
        + "".join(parts)
        + "</body></html>",
        encoding="utf-8",
    )
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Gather a multirun folder into one table and one report.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--month", type=int, default=None, help="month to compare (default: the last)")
    parser.add_argument(
        "--fails", default=None, metavar="OUTCOME<VALUE", help="scenario discovery (PRIM): e.g. 'regular_share<0.6'"
    )
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"error: {args.folder} is not a folder", file=sys.stderr)
        return 2
    failure = None
    if args.fails is not None:
        try:
            failure = parse_failure(args.fails)
            import ema_workbench  # noqa: F401
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        except ImportError:
            print("error: --fails needs EMA Workbench: pip install -e '.[ema]'", file=sys.stderr)
            return 2
    if _sectors(args.folder):
        return sector_sweep(args.folder, args.month)
    table, keys, failed = gather(args.folder)
    month = args.month if args.month is not None else int(table["month"].max())
    if month not in set(table["month"]):
        print(
            f"error: --month {month} is not in the results (months 0 to {int(table['month'].max())})", file=sys.stderr
        )
        return 2
    table.to_parquet(args.folder / "sweep_results.parquet", index=False)
    summ = summary(table, keys, month)
    summ.to_csv(args.folder / "sweep_summary.csv", index=False)
    robust = robustness(summ, keys)
    if robust is not None:
        robust.to_csv(args.folder / "sweep_robustness.csv")
    figures = heat_maps(summ, keys, args.folder, month)
    boxes = prim_boxes(summ, keys, failure) if failure else None
    if boxes is not None:
        boxes.to_csv(args.folder / "sweep_prim.csv", index=False)
    report = write_report(args.folder, summ, robust, figures, failed, month, boxes, args.fails or "")
    with pd.option_context("display.width", 200, "display.float_format", "{:.3f}".format):
        print(summ[[*keys, *RANKED_METRICS]].to_string(index=False))
        if robust is not None:
            print("\nRobustness (regret across scenarios)\n" + robust.to_string())
        if boxes is not None:
            print(f"\nWhere each package fails ({args.fails}; PRIM)\n" + boxes.to_string(index=False))
    if failed:
        print(
            f"\nJobs that failed, did not finish or never started: {', '.join(failed)}. The tables above are computed"
            " on a partial grid; run the sweep again with the same hydra.sweep.dir to finish it.",
            file=sys.stderr,
        )
    print(f"\nReport: {report}")
    return 0


def _sectors(folder: Path) -> bool:
    """Whether the sweep's jobs ran sectors (``sector=...``): their folders hold ``sector.parquet``, not
    ``results.parquet``."""
    jobs = [p for p in folder.iterdir() if p.is_dir()]
    return any((p / "sector.parquet").exists() for p in jobs) and not any(
        (p / "results.parquet").exists() for p in jobs
    )


def sector_sweep(folder: Path, month: int | None) -> int:
    """A sweep of sectors: every job's sector by month (``sweep_sector.parquet``) and, per job and package, the
    means over replicates at ``month`` (``sweep_sector_summary.csv``), printed, with a figure (``sweep_sector.png``:
    regular use by month and at ``month`` with its range over replicates); failed or missing jobs named."""
    table, keys, failed = gather(folder, "sector.parquet")
    month = month if month is not None else int(table["month"].max())
    if month not in set(table["month"]):
        print(f"error: --month {month} is not in the results (months 0 to {int(table['month'].max())})",
              file=sys.stderr)  # fmt: skip
        return 2
    table.to_parquet(folder / "sweep_sector.parquet", index=False)
    by = ["job", *[k for k in keys if k != "package"], "package"]
    at = table[table["month"] == month].drop(columns=["replicate", "month"])
    summ = at.groupby(by, observed=True, sort=False).mean(numeric_only=True).reset_index()
    summ.to_csv(folder / "sweep_sector_summary.csv", index=False)
    shown = ["agencies_explore", "agencies_integrated", "employees_using", "employees_regular",
             "regular_share_q10", "regular_share_q90"]  # fmt: skip
    with pd.option_context("display.width", 200, "display.float_format", "{:.3f}".format):
        print(f"The sector at month {month} (means over replicates)\n")
        print(summ[[*by[1:], *shown]].to_string(index=False))
    if failed:
        print(
            f"\nJobs that failed, did not finish or never started: {', '.join(failed)}. The table above is computed"
            " on a partial grid; run the sweep again with the same hydra.sweep.dir to finish it.",
            file=sys.stderr,
        )
    from analysis.plots import plot_sector_sweep

    plot_sector_sweep(table, by, month, folder / "sweep_sector.png")
    print(f"\nEvery job's sector by month: {folder / 'sweep_sector.parquet'}; the table: "
          f"{folder / 'sweep_sector_summary.csv'}; the figure: {folder / 'sweep_sector.png'}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
