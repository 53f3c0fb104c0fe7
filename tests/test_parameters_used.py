"""Every mechanism constant is used: changing it alone changes the simulation.

A parameter can be declared, documented and even read into a compiled loop's record and still be
dropped from the formula it belongs to (or a formula can fall back to a literal). For each leaf of
``cfg.params`` this changes the value (by half as much again, or by half where the range ends; a switch is flipped),
runs the same short simulations on the same random numbers, and asserts that the state arrays or
the monthly outputs differ in at least one of them. The simulations between them take every branch
of the mechanisms (those of tests/test_reference_parameters.py, plus the balanced package as it
ships, whose harvest policy is to reinvest in quality, and the status quo, where people explore
under unclear frames).
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import fields, is_dataclass

import numpy as np
import pytest

from sim.config import Config
from sim.model import AdoptionModel
from tests.conftest import make_cfg
from tests.test_reference_parameters import ALL_PARAMS, SCENARIOS

RUNS = (
    *SCENARIOS,
    ("package=balanced", "org.size=300", "run.months=6"),
    ("package=status_quo", "org.size=300", "run.months=6"),  # exploration under unclear frames
    # the net value of use with an overhead, and people who gave up having found no value
    ("package=status_quo", "org.size=300", "run.months=24", "params.value.overhead_mean=1.5",
     "params.value.stuck_uptake=0.5"),
    # discoveries never codified, so that colleagues' use cases are what is at hand
    ("package=status_quo", "org.size=300", "run.months=12", "params.leadership.codify_floor=0",
     "params.leadership.codify_rate=0", "params.spread.from_contacts=true"),
    # incidents frequent enough that every factor of their probability decides some of them
    ("package=balanced", "org.size=300", "run.months=6", "params.incident_rate=0.3"),
)  # fmt: skip


def fingerprint(model: AdoptionModel) -> str:
    """A hash of every state array, the traits, the signals and the monthly outputs."""
    digest = hashlib.sha256()
    s = model.state
    for f in fields(s):
        value = getattr(s, f.name)
        if hasattr(value, "keys"):
            for key in sorted(value.keys()):
                digest.update(np.ascontiguousarray(value[key]).tobytes())
        elif is_dataclass(value):
            for g in fields(value):
                digest.update(np.ascontiguousarray(getattr(value, g.name)).tobytes())
        else:
            digest.update(np.ascontiguousarray(value).tobytes())
    digest.update(model.recorder.table.tobytes())
    return digest.hexdigest()


def nudged(value, meta) -> object:
    """Another allowed value: half as much again (0.1 from 0), else half; a switch flipped; another choice."""
    if isinstance(value, bool):
        return not value
    if meta.get("choices"):
        return next(c for c in meta["choices"] if c != value)
    lo, hi = meta["range"]
    up = value * 1.5 if value else 0.1
    if hi is None or up <= hi:
        return up
    down = value * 0.5
    assert lo is None or down >= lo
    return down


def leaf(cfg: Config, path: str):
    """The section holding the leaf at ``path`` and the leaf's name."""
    *parents, name = path.split(".")
    node = cfg
    for part in parents:
        node = getattr(node, part)
    return node, name


@pytest.fixture(scope="module")
def runs():
    """Each run's config and its fingerprint with the defaults."""
    out = []
    for overrides in RUNS:
        cfg = make_cfg(*overrides, "run.mesa_agents=false")
        model = AdoptionModel(cfg, replicate=0)
        model.run()
        out.append((cfg, fingerprint(model)))
    return out


@pytest.mark.slow
def test_every_mechanism_constant_changes_the_simulation(runs):
    unused = []
    for path in sorted(ALL_PARAMS):
        changed = False
        for cfg, base in runs:
            varied = copy.deepcopy(cfg)
            node, name = leaf(varied, path)
            meta = next(f.metadata for f in fields(node) if f.name == name)
            setattr(node, name, nudged(getattr(node, name), meta))
            model = AdoptionModel(varied, replicate=0)
            model.run()
            if fingerprint(model) != base:
                changed = True
                break
        if not changed:
            unused.append(path)
    assert not unused, "changing these alone changes nothing (unused, or a branch no run takes):\n" + "\n".join(unused)


def test_the_check_finds_a_constant_that_changes_nothing(runs):
    """A value no code reads (the run's name) leaves the fingerprint as it is; a rate does not."""
    cfg, base = runs[0]
    varied = copy.deepcopy(cfg)
    varied.run.name = "another"
    model = AdoptionModel(varied, replicate=0)
    model.run()
    assert fingerprint(model) == base
    varied.params.explore_rate *= 1.5
    model = AdoptionModel(varied, replicate=0)
    model.run()
    assert fingerprint(model) != base
