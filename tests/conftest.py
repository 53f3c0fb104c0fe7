"""Shared helpers: composing configs and building tiny organisations by hand."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from dataclasses import fields, is_dataclass
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from sim.config import Config, to_object
from sim.model import AdoptionModel
from sim.organisation import Organisation, _symmetric_adjacency
from sim.run import compose_config


def make_cfg(*overrides: str) -> Config:
    """A validated config composed from conf/ with overrides."""
    return to_object(compose_config(list(overrides)))


def tiny_org(
    teams: list[int], ties: list[tuple[int, int]], archetypes: list[int] | None = None, leaders: list[int] | None = None
) -> Organisation:
    """An organisation by hand: ``teams[i]`` is person i's team; ``ties`` undirected pairs."""
    n = len(teams)
    team = np.asarray(teams, dtype=np.int32)
    role = np.zeros(n, dtype=np.int8)
    for i in leaders or []:
        role[i] = 1
    src = np.array([a for a, _ in ties], dtype=np.int64)
    dst = np.array([b for _, b in ties], dtype=np.int64)
    adj, _ = _symmetric_adjacency(n, src, dst) if ties else (sp.csr_array((n, n), dtype=np.float32), {})
    return Organisation(
        ids=np.arange(n, dtype=np.int64),
        team=team,
        department=np.zeros(n, dtype=np.int32),
        role=role,
        archetype=np.asarray(archetypes if archetypes is not None else [2] * n, dtype=np.int8),
        team_names=[f"t{t}" for t in range(team.max() + 1)],
        adjacency=adj,
    )


# The mechanisms added for the field evidence, switched off: for unit tests of an older formula that
# is checked on its own (each of these mechanisms has its own tests).
WITHOUT_NEW_MECHANISMS = (
    "params.calendar.awareness_months=0",
    "params.calendar.first_try=0",
    "params.calendar.first_try_open=0",
    "params.value.overhead_mean=0",
    "params.value.stuck_uptake=1",
    "params.leadership.codify_floor=1",
    "params.spread.reinforcement=0",
    "params.spread.unembedded_weight=1",
    "params.spread.from_contacts=false",
    "params.costs.reactance_belief=0",
    "params.costs.reactance_anxiety=0",
    "params.variation.job_fit_sd=0",
    "params.variation.leadership_sd=0",
    "params.variation.culture_sd=0",
    "params.uptake.untested_tools=0",
    "params.value.frontier_spread=0",
    "params.training.aptitude_mean=1",
    "params.progression.direct_regular=0",
)


def tiny_model(org: Organisation, *overrides: str) -> AdoptionModel:
    """A model on a hand-built organisation; the step's environment signals are prepared."""
    return AdoptionModel(make_cfg(*overrides), org=org)


ROOT = Path(__file__).resolve().parent.parent


def run_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """``python -m sim ARGS`` in ``cwd``, as a user would run it, with this checkout's ``sim``."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run(
        [sys.executable, "-m", "sim", *args], cwd=cwd, capture_output=True, text=True, timeout=300, env=env
    )


@pytest.fixture(scope="session")
def default_cfg() -> Config:
    return make_cfg()


def restated_numbers(source: str) -> list[str]:
    """Numbers in ``source`` other than 0, 1 and the count of terms of a mean (``(a + b + c) / 3``)."""
    tree = ast.parse(source)

    def terms(node) -> int:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return terms(node.left) + terms(node.right)
        return 1

    mean_counts = {
        id(node.right)
        for node in ast.walk(tree)
        if isinstance(node, ast.BinOp)
        and isinstance(node.op, ast.Div)
        and isinstance(node.right, ast.Constant)
        and node.right.value == terms(node.left) > 1
    }
    return [
        f"line {node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, int | float | complex)
        and not isinstance(node.value, bool)
        and node.value not in (0, 1)
        and id(node) not in mean_counts
    ]


def leaf_fields(node, prefix: str = ""):
    """Every leaf of a config: (dotted path, dataclass field, value); sections are descended into."""
    for f in fields(node):
        value = getattr(node, f.name)
        if is_dataclass(value):
            yield from leaf_fields(value, prefix + f.name + ".")
        else:
            yield prefix + f.name, f, value
