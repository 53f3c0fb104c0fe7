"""scripts/sector_tables.py, which prints the sector's tables of docs/validation.md: its configurations and columns."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from sim import load_config
from sim.sector import run_sector

_path = Path(__file__).resolve().parent.parent / "scripts" / "sector_tables.py"
_spec = importlib.util.spec_from_file_location("sector_tables_script", _path)
tables = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tables)

SMALL = ["sector.agencies=4", "sector.size_median=30"]


def test_a_rows_own_setting_wins_over_the_commands_and_the_base():
    got = tables.overrides(
        ("package=ramboll_seven", "sector.follow_share=0.5"),
        ["sector.follow_share=0.2", "params.value.frontier_per=person", "package=balanced"],
        7,
    )
    assert sorted(got) == sorted([
        "sector=norway_state", "package=ramboll_seven", "run.months=36", "run.seed=7", "sector.follow_share=0.5",
        "params.value.frontier_per=person",
    ])  # fmt: skip
    for _, row in tables.LEVERS:  # every row a valid config
        load_config(tables.overrides(row, SMALL, 0))


def test_the_sector_by_month_adds_the_share_of_all_employees_in_high_anxiety():
    # the share of all employees in high anxiety, from the agencies' own shares weighted by their size, is that of
    # the sector's people by archetype weighted by their headcounts
    cfg = load_config(tables.overrides((), SMALL, 0))
    sector = tables.run(cfg, 2)
    assert sorted(set(sector.index.get_level_values("replicate"))) == [0, 1]
    kinds = run_sector(cfg, 1).archetypes.groupby("month")
    high = kinds.apply(lambda k: np.average(k["high_anxiety_share"].fillna(0), weights=k["headcount"]))
    assert sector.xs(1, level="replicate")["employees_high_anxiety"].to_numpy() == pytest.approx(high.to_numpy())


def test_the_tables_have_the_rows_and_columns_of_the_docs():
    cfg = load_config(tables.overrides((), SMALL, 0))
    sector = tables.run(cfg, 2)
    agency = tables.agency_table(sector, cfg).splitlines()
    assert agency[0] == "| figure | published | source | model | |" and len(agency) == 2 + 6
    at = sector.xs(18, level="month")
    assert f"| {at['agencies_explore'].mean():.2f} (" in agency[2]
    levers = tables.levers_table([sector] * len(tables.LEVERS)).splitlines()
    assert levers[0] == "| ministry's lever | month | using | regular (sd) | agency p10-p90 | high anxiety |"
    assert len(levers) == 2 + 2 * len(tables.LEVERS) and levers[3].startswith("| | 36 | ")
    regular = 100 * at["employees_regular"]
    assert f"| {regular.mean():.1f} ({regular.std():.1f}) |" in levers[2]
