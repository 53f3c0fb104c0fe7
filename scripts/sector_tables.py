"""Print the sector's figures of docs/validation.md: seed 000's agency figures, the sector under drawn parameter sets
and the ministry's levers across the sector.

Each configuration is the sector of ``python -m sim sector=norway_state`` (200 generated agencies, 36 months) run
replicate by replicate with the job's own :func:`sim.sector.run_sector` and summarised with
:func:`sim.sector.summary`, in this process (no run folders). The agency figures are the status quo at month 18
beside the agency-level process in expectation (:func:`sim.sector.expected_shares`); the parameter draws are one
replicate of the sector under each of ``--draws`` sets drawn from the calibration ensemble (as
``run.parameter_draws`` does), for the status quo and ``ramboll_seven``; the levers' table is each central lever
alone, at months 18 and 36. Usage: ``python scripts/sector_tables.py [--replicates 3] [--seed 0] [--draws 5]
[KEY=VALUE ...]``; overrides (e.g. ``params.value.frontier_per=person``) apply to every run, a row's own setting of
the same key winning.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sim.config import Config, ConfigError  # noqa: E402
from sim.job import parameter_draws  # noqa: E402
from sim.organisation import OrganisationFileError  # noqa: E402
from sim.run import load_config  # noqa: E402
from sim.sector import SEED_000_MONTH, agencies, expected_shares, run_sector, summary  # noqa: E402
from sim.study import with_values  # noqa: E402

HORIZON = 36
BASE = ("sector=norway_state", "package=status_quo", f"run.months={HORIZON}")
# seed 000: about 2 in 10 employees use AI to some or a large degree, read as the calibration reads it
EMPLOYEES_BAND = (0.15, 0.25)
NESTED = ("own_data", "integrated", "own_solutions")  # seed 000's levels above exploring, of the agencies using AI
EVERY = ("package=ramboll_seven", "sector.follow_share=1")
LARGEST = ("sector.lead_agency=largest", "sector.share_delay_months=3")
THREE = ("sector.national_training=physical", "sector.rules_clarity=0.8", "sector.shared_assistant=true")
LEVERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("none (status quo)", ()),
    ("guidance: `ramboll_seven`, every agency follows", EVERY),
    ("guidance: `ramboll_seven`, half the agencies follow", ("package=ramboll_seven", "sector.follow_share=0.5")),
    ("national training, physical", ("sector.national_training=physical",)),
    ("national training, online", ("sector.national_training=online",)),
    ("central rules, clarity 0.8", ("sector.rules_clarity=0.8",)),
    ("shared assistant (few approved tools)", ("sector.shared_assistant=true",)),
    ("the three central levers together (physical national training, rules 0.8, shared assistant)", THREE),
    ("lead agency (the largest) sharing its use cases, 3 months later", LARGEST),
    ("lead agency (the first to take AI into use), 3 months later",
     ("sector.lead_agency=first", "sector.share_delay_months=3")),
    ("lead agency (the largest), no delay", ("sector.lead_agency=largest", "sector.share_delay_months=0")),
    ("community of practice, every agency, 3 months", ("sector.community=1", "sector.share_delay_months=3")),
    ("community of practice, half the agencies, 3 months", ("sector.community=0.5", "sector.share_delay_months=3")),
    ("funded pilots, every agency (integrated and own solutions twice as fast, assumed)",
     ("sector.pilot_funding=1", "sector.pilot_speedup=2")),
    ("funded pilots, half the agencies", ("sector.pilot_funding=0.5", "sector.pilot_speedup=2")),
    ("`ramboll_seven` in every agency, with the lead agency (the largest, 3 months)", (*EVERY, *LARGEST)),
)  # fmt: skip


def _key(override: str) -> str:
    return override.split("=", 1)[0].lstrip("+~")


def overrides(row: tuple[str, ...], extra: list[str], seed: int) -> list[str]:
    """The sector's overrides for a row: the base, the row's own and the command's, in that order of precedence
    reversed (a row's own setting wins over the command's, the row's and the seed over the base)."""
    return list({_key(o): o for o in [*extra, *BASE, f"run.seed={seed}", *row]}.values())


def run(cfg: Config, replicates: int = 1, values: dict[str, float] | None = None) -> pd.DataFrame:
    """The sector by replicate and month (:func:`sim.sector.summary`) with the share of all its employees in high
    anxiety (``employees_high_anxiety``), indexed by replicate and month; under a drawn set of ``values``."""
    from joblib import cpu_count

    cfg = with_values(cfg, values) if values else cfg
    workers = cfg.sector.workers or cpu_count()  # as the job: one worker a core unless sector.workers says
    table = pd.concat([run_sector(cfg, r, workers=workers).agencies for r in range(replicates)], ignore_index=True)
    out = summary(table).set_index(["replicate", "month"])
    g = table.assign(high=table["high_anxiety_share"] * table["size"]).groupby(["replicate", "month"], observed=True)
    out["employees_high_anxiety"] = g["high"].sum() / g["size"].sum()
    return out


def markdown(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows]).replace("|  |", "| |")  # empty cells


def agency_table(sq: pd.DataFrame, cfg: Config) -> str:
    """Seed 000's agency figures at month 18 (the status quo): the model's mean over replicates, its range over
    them and the agency-level process in expectation."""
    at = sq.xs(SEED_000_MONTH, level="month")
    using, employees = at["agencies_explore"], at["employees_using"]
    expected_using, expected_nested = expected_shares(cfg.sector, SEED_000_MONTH)
    # of the agencies using AI: each replicate's share, averaged over replicates
    nested = [at[f"agencies_{name}"].div(using).mean() for name in NESTED]
    low, high = EMPLOYEES_BAND
    where = "inside" if low <= employees.mean() <= high else ("above" if employees.mean() > high else "below")
    holds = "holds" if using.mean() > employees.mean() else "does not hold"
    rows = [
        ["agencies that have taken generative AI into use", "7 of 10", "seed 000",
         f"{using.mean():.2f} ({using.min():.2f}-{using.max():.2f}; in expectation {expected_using:.2f})", "in sample"],
        ["agencies using their own data, of those using AI", "48 % of the 86 % exploring (0.56)", "seed 000",
         f"{nested[0]:.2f} (in expectation {expected_nested[0]:.2f})", "in sample"],
        ["agencies with AI integrated in their systems, of those using AI", "34 % of 86 % (0.40)", "seed 000",
         f"{nested[1]:.2f} ({expected_nested[1]:.2f})", "in sample"],
        ["agencies developing their own solutions, of those using AI", "18 % of 86 % (0.21)", "seed 000",
         f"{nested[2]:.2f} ({expected_nested[2]:.2f})", "in sample"],
        ["employees of the sector using AI to some or a large degree", "about 2 in 10", "seed 000",
         f"{employees.mean():.2f} ({employees.min():.2f}-{employees.max():.2f})",
         f"check: {where} the calibration's {low:g}-{high:g}"],
        ["organisational uptake ahead of individual use (stylised fact 13)", "7 of 10 agencies, 2 of 10 employees",
         "seed 000", f"{100 * using.mean():.0f} % of agencies, {100 * employees.mean():.0f} % of employees", holds],
    ]  # fmt: skip
    return markdown(["figure", "published", "source", "model", ""], rows)


def agency_text(sq: pd.DataFrame) -> str:
    """The figures of the text below the agency table: regular use between agencies and nested levels of all."""
    at = sq.xs(SEED_000_MONTH, level="month").mean()
    of_all = ", ".join(f"{100 * at[f'agencies_{name}']:.0f} %" for name in NESTED)
    return (
        f"Month {SEED_000_MONTH}: regular use {100 * at['regular_share_q10']:.0f}-{100 * at['regular_share_q90']:.0f} % "
        f"between the 10th and 90th percentile of agencies; own data, integrated and own solutions as shares of all "
        f"agencies: {of_all}."
    )


def levers_table(runs: list[pd.DataFrame]) -> str:
    """Each lever's row at months 18 and 36, in % of all employees: means over replicates (sd of regular use)."""
    rows = []
    for (label, _), sector in zip(LEVERS, runs, strict=True):
        for month in (SEED_000_MONTH, HORIZON):
            at = sector.xs(month, level="month")
            m = 100 * at.mean()
            rows.append([
                label if month == SEED_000_MONTH else "", str(month), f"{m['employees_using']:.1f}",
                f"{m['employees_regular']:.1f} ({100 * at['employees_regular'].std():.1f})",
                f"{m['regular_share_q10']:.1f}-{m['regular_share_q90']:.1f}", f"{m['employees_high_anxiety']:.1f}",
            ])  # fmt: skip
    return markdown(["ministry's lever", "month", "using", "regular (sd)", "agency p10-p90", "high anxiety"], rows)


def draws_text(sq: pd.DataFrame, guided: pd.DataFrame) -> str:
    """The status quo and ``ramboll_seven`` under each drawn set (one replicate each): ranges over the sets."""

    def span(df: pd.DataFrame, month: int, column: str) -> str:
        x = 100 * df.xs(month, level="month")[column]
        return f"{x.min():.0f}-{x.max():.0f} %"

    using = sq.xs(SEED_000_MONTH, level="month")["employees_using"]
    low, high = EMPLOYEES_BAND
    above = [
        guided.xs(SEED_000_MONTH, level="month")[c].min() > sq.xs(SEED_000_MONTH, level="month")[c].max()
        for c in ("employees_using", "employees_regular")
    ]
    return (
        f"Status quo, month {SEED_000_MONTH}: using {span(sq, SEED_000_MONTH, 'employees_using')} (mean "
        f"{100 * using.mean():.0f} %), {int(using.between(low, high).sum())} of {len(using)} sets inside "
        f"{100 * low:.0f}-{100 * high:.0f} %; regular {span(sq, SEED_000_MONTH, 'employees_regular')} (month "
        f"{HORIZON}: {span(sq, HORIZON, 'employees_regular')}).\n`ramboll_seven` in every agency, month "
        f"{SEED_000_MONTH}: using {span(guided, SEED_000_MONTH, 'employees_using')}, regular "
        f"{span(guided, SEED_000_MONTH, 'employees_regular')}; every set above every status-quo set: "
        f"{'yes' if above[0] else 'no'} (using), {'yes' if above[1] else 'no'} (regular)."
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--replicates", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--draws", type=int, default=5, help="parameter sets drawn from the ensemble (0: none)")
    ap.add_argument("overrides", nargs="*", metavar="KEY=VALUE", help="config overrides on top of every run")
    a = ap.parse_args()
    if a.replicates < 1 or a.seed < 0 or a.draws < 0:
        ap.error("--replicates must be at least 1, --seed and --draws at least 0")
    try:  # every configuration checked (a wrong key or value, a wrong sector.file) before any run
        configs = [load_config(overrides(row, a.overrides, a.seed)) for _, row in LEVERS]
        sets = parameter_draws(load_config(overrides((f"run.parameter_draws={a.draws}",), a.overrides, a.seed)))
    except (ConfigError, OrganisationFileError) as error:
        print(error, file=sys.stderr)
        sys.exit(2)
    jobs = [(label, cfg, a.replicates, None) for (label, _), cfg in zip(LEVERS, configs, strict=True)]
    jobs += [(f"{label}, set {d + 1}/{len(sets)}", configs[k], 1, values)
             for k, label in ((0, "status quo"), (1, "ramboll_seven")) for d, values in enumerate(sets)]  # fmt: skip
    results = []
    for k, (label, cfg, replicates, values) in enumerate(jobs):
        start = time.perf_counter()
        print(f"[{k + 1}/{len(jobs)}] {label}: {replicates} replicate(s)", end="", file=sys.stderr, flush=True)
        results.append(run(cfg, replicates, values))
        print(f", {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    runs, drawn = results[: len(LEVERS)], results[len(LEVERS) :]
    sq, sizes = runs[0], [agency.size for agency in agencies(configs[0])]
    sector = f"{len(sizes)} agencies, {sum(sizes):,} employees, seed {a.seed}, {a.replicates} replicates"
    if a.overrides:
        print(f"Every run with: {' '.join(a.overrides)}\n")
    print(f"Seed 000's agency figures (sector=norway_state, {sector}, status quo), month {SEED_000_MONTH}\n")
    print(agency_table(sq, configs[0]))
    print(f"\n{agency_text(sq)}")
    if sets:
        by_set = [pd.concat(drawn[i : i + len(sets)], keys=range(len(sets)), names=["draw"]).droplevel("replicate")
                  for i in (0, len(sets))]  # fmt: skip
        print(f"\nUnder {len(sets)} parameter sets drawn from the ensemble (run.parameter_draws={len(sets)}, one "
              f"replicate of the sector under each, seed {a.seed})\n")  # fmt: skip
        print(draws_text(*by_set))
    print(f"\nThe ministry's levers across the sector ({sector}), in % of all employees\n")
    print(levers_table(runs))


if __name__ == "__main__":
    main()
