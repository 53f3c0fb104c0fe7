"""The relevance of use (``params.progression.relevance_half``, a structural option, off by default): use that covers
little of one's work stays occasional (seed 000: use not linked to concrete needs and tasks stays sporadic).

Exact unit tests on a tiny hand-built organisation, and a behavioural test on paired replicates (common random
numbers). Off, the model is the one the calibration and the regression baseline hold (tests/test_regression.py).
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.mechanisms import abandonment
from sim.state import ABANDONED, OCCASIONAL, REGULAR, TRYING
from tests.conftest import tiny_org
from tests.test_mechanisms import FixedStream, prepare, tiny_model
from tests.test_stylised_facts import run

COVERAGE = [0.05, 0.3]  # with relevance_half 0.1: relevance 1/3 and 3/4


def one_week(stage: int, u: float, *overrides: str) -> list[int]:
    """Two users at ``stage`` whose use covers 5 % and 30 % of their work, satisfaction 1/2 (benefit 1), belief 1
    (habit 1), no help; moving up at params.promote_rate 1, down at params.abandon_rate 1 and regular_lapse 1, and
    never out (params.abandonment false unless ``overrides`` say true), every uniform ``u``: their stages after part 8."""
    m = tiny_model(tiny_org([0, 0], []), "params.promote_rate=1", "params.abandon_rate=1",
                   "params.progression.regular_lapse=1", "params.abandonment=false", *overrides)  # fmt: skip
    m.streams["abandonment"] = FixedStream(u)
    s = m.state
    prepare(m)
    s.stage[:] = stage
    s.belief[:] = 1.0
    s.help[:] = 0.0
    s.benefit[:] = 1.0
    s.cover_all[:] = COVERAGE
    abandonment.step(s, m)
    return s.stage.tolist()


def test_relevance_scales_becoming_a_regular_user():
    # up = 1 x 1/2 x 1 x r: 1/6 and 3/8 with the option, 1/2 without it
    assert one_week(OCCASIONAL, 0.2, "params.progression.relevance_half=0.1") == [OCCASIONAL, REGULAR]
    assert one_week(OCCASIONAL, 0.16, "params.progression.relevance_half=0.1") == [REGULAR, REGULAR]
    assert one_week(OCCASIONAL, 0.2) == [REGULAR, REGULAR]
    assert one_week(OCCASIONAL, 0.49) == [REGULAR, REGULAR]


def test_regular_users_of_little_relevance_fall_back():
    # down = 1 x (1 - 1/2 x r) x 1: 5/6 and 5/8 with the option, 1/2 without it
    assert one_week(REGULAR, 0.7, "params.progression.relevance_half=0.1") == [OCCASIONAL, REGULAR]
    assert one_week(REGULAR, 0.6, "params.progression.relevance_half=0.1") == [OCCASIONAL, OCCASIONAL]
    assert one_week(REGULAR, 0.7) == [REGULAR, REGULAR]
    assert one_week(REGULAR, 0.49) == [OCCASIONAL, OCCASIONAL]


def test_trying_and_giving_up_are_left_alone():
    """The option changes only occasional -> regular and regular -> occasional (with settling at once off, as
    here): a trying user moves up at promote_rate x sigma whatever the relevance, and an occasional user gives up
    at the same rate as without it."""
    assert one_week(TRYING, 0.49, "params.progression.relevance_half=0.1") == [OCCASIONAL, OCCASIONAL]  # up = 1/2
    # occasional, giving up allowed: up 1/6 and 3/8 (option) or 1/2, down 1 x (1 - 1/2) x 1 = 1/2 either way
    assert one_week(OCCASIONAL, 0.7, "params.progression.relevance_half=0.1", "params.abandonment=true") == [
        OCCASIONAL,  # 0.7 >= 1/6 + 1/2
        ABANDONED,  # 0.7 < 3/8 + 1/2
    ]
    assert one_week(OCCASIONAL, 0.7, "params.abandonment=true") == [ABANDONED, ABANDONED]  # 0.7 < 1/2 + 1/2


def test_relevance_scales_settling_at_once():
    """With params.progression.direct_regular, a trier who steps up (up = 1 x 1/2) lands at the regular stage below
    up x direct_regular x sigma x habit x r: 1/2 x 1/2 x r = 1/12 and 3/16 with the option, 1/4 without it."""
    on = ("params.progression.direct_regular=1", "params.progression.relevance_half=0.1")
    assert one_week(TRYING, 0.1, *on) == [OCCASIONAL, REGULAR]
    assert one_week(TRYING, 0.05, *on) == [REGULAR, REGULAR]
    assert one_week(TRYING, 0.2, *on) == [OCCASIONAL, OCCASIONAL]
    assert one_week(TRYING, 0.2, "params.progression.direct_regular=1") == [REGULAR, REGULAR]


def test_no_coverage_no_regular_use():
    """A user whose use cases cover nothing of their work has relevance 0: never regular, and a regular one falls
    back at the full lapse rate whatever their satisfaction."""
    m = tiny_model(tiny_org([0, 0], []), "params.promote_rate=1", "params.abandon_rate=1",
                   "params.progression.regular_lapse=1", "params.abandonment=false",
                   "params.progression.relevance_half=0.1")  # fmt: skip
    m.streams["abandonment"] = FixedStream(0.999)  # up to 1 - 1e-12: 0.999 moves only where a rate is nearly 1
    s = m.state
    prepare(m)
    s.stage[:], s.belief[:], s.benefit[:], s.cover_all[:] = [OCCASIONAL, REGULAR], 1.0, 1e12, 0.0
    abandonment.step(s, m)
    assert s.stage.tolist() == [OCCASIONAL, OCCASIONAL]  # up = 0; down = 1 x (1 - sigma x 0) x 1 = 1
    m.streams["abandonment"] = FixedStream(0.0)
    s.stage[:], s.moved[:] = OCCASIONAL, False
    abandonment.step(s, m)
    assert s.stage.tolist() == [OCCASIONAL, OCCASIONAL]  # never up, however satisfied


def regular_among_users(*overrides: str, month: int = 24) -> np.ndarray:
    """Per replicate, regular users over users (occasional or regular) at ``month``, whole organisation."""
    df = run(*overrides)
    at = df[(df["archetype"] == "all") & (df["month"] == month)].sort_values("replicate")
    return (at["regular_share"] / at["using_share"]).to_numpy()


@pytest.mark.parametrize("package", ["status_quo", "balanced"])
def test_switched_on_fewer_users_are_regular(package):
    """On 8 paired replicates (600 people, 24 months), relevance_half 0.1 lowers the share of users who are regular
    users, in the status quo and under the strongest package. Each person's chance of becoming regular falls and
    that of falling back rises (the unit tests above), so this is the direction the formulas lead to; knock-on
    effects (less regular use, less practice and benefit) could in principle work against it, which is why it is
    tested on whole runs. The size is the option's and is not claimed here. The paired difference must exceed two
    standard errors."""
    off = regular_among_users(f"package={package}")
    on = regular_among_users(f"package={package}", "params.progression.relevance_half=0.1")
    d = off - on
    assert d.mean() > 2 * d.std(ddof=1) / np.sqrt(d.size), d


def test_the_validation_table_script_reads_the_runs_it_says():
    """scripts/relevance.py (the table of docs/validation.md): its status-quo figures at months 15 and 18 are the
    model's own outputs for the same organisations, and it prints one row per package and value."""
    import importlib.util
    from pathlib import Path

    from sim import simulate

    path = Path(__file__).resolve().parent.parent / "scripts" / "relevance.py"
    spec = importlib.util.spec_from_file_location("relevance_script", path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    df = script.table(replicates=2, seed=7, halves=[0.0, 0.3], packages=["status_quo"])
    plain = simulate(["package=status_quo"], replicates=2, seed=7)
    org = plain[plain["archetype"] == "all"].set_index(["replicate", "month"])
    off = df[df["relevance_half"] == 0.0].set_index("replicate")
    for r in (0, 1):
        assert off.loc[r, "using (m18)"] == org.loc[(r, 18), "using_share"]
        assert off.loc[r, "tried (m15)"] == org.loc[(r, 15), "tried_share"]
    assert ((df["lowest-fit fifth"] >= 0) & (df["lowest-fit fifth"] <= 1)).all()
    assert script.main(["--replicates", "1", "--halves", "0", "0.1"]) == 0
