"""Plain weeks in one compiled call (sim/weeks.py) give what stepping each week gives, bit for bit.

``AdoptionModel.run`` runs stretches of plain weeks in one call; stepping the model week by week
(``AdoptionModel.step``) never does. Each case runs the same model both ways and compares every state array and
scalar, every signal, the monthly table, the DataCollector's values, the use cases proven each week and where every
random stream stands at the end: exact equality, no tolerance.
"""

from __future__ import annotations

import mesa
import numpy as np
import pytest

import sim
from sim import weeks
from sim.model import AdoptionModel

PACKAGES = ["status_quo", "balanced", "hr_five_step", "lead_four_tracks", "ramboll_seven", "tools_only",
            "mandate_only"]  # fmt: skip
FURTHER = [  # what changes which weeks are plain or what their loops do
    ["package=balanced", "rollout.start_month=14"],  # the status quo, then the package from its start week
    ["package=balanced", "rollout.mode=pilot"],  # approved tools reach teams in two weeks
    ["package=hr_five_step", "training.refresh=true"],  # modules again later
    ["org.mixing=full"],  # no week is plain
    ["leadership.directive=true", "leadership.hands_on=true", "params.spread.from_contacts=false"],
    ["params.value.frontier_per=person", "org.rewire_share=0.5"],
    ["run.months=7", "org.size=60"],  # a small organisation, a horizon that ends inside a stretch's month
    ["package=balanced", "params.progression.relevance_half=0.1"],  # part 8 reads each user's coverage
]


def snapshot(model: AdoptionModel) -> dict:
    """Everything a run leaves: state arrays and scalars, traits, signals, outputs, streams."""
    out = {}
    for name, value in vars(model.state).items():
        if name == "traits":
            out.update({f"traits.{k}": v.copy() for k, v in value.items()})
        elif name == "signals":
            out.update({f"signals.{k}": np.copy(v) if isinstance(v, np.ndarray) else v for k, v in vars(value).items()})
        else:
            out[name] = np.copy(value) if isinstance(value, np.ndarray) else value
    out["table"] = model.recorder.table.copy()
    out["proven_by_week"] = model.proven_by_week.copy()
    out["collected"] = model.datacollector.get_model_vars_dataframe().to_numpy()
    out["collected_at"] = np.array(getattr(model.datacollector, "_collection_steps", []))  # Mesa's time of each
    out.update({f"stream.{k}": repr(g.bit_generator.state) for k, g in model.streams.items()})
    out["steps"], out["time"], out["running"] = model.steps, model.time, model.running
    rec = model.recorder
    out.update(month=rec.month, weeks_acc=rec.weeks_acc, hours_acc=rec.hours_acc.copy(), use_acc=rec.use_acc.copy(),
               incidents_acc=rec.incidents_acc.copy())  # fmt: skip
    return out


class Watched(AdoptionModel):
    """A model whose DataCollector (Mesa's own) reads the week, Mesa's time and a state array at each month's end:
    a run must show them as stepping each week does."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "week": lambda m: m.state.week,
                "time": lambda m: m.time,
                "regular": lambda m: int((m.state.stage == 3).sum()),
            }  # fmt: skip
        )
        self.datacollector.collect(self)  # month 0, as the model's own collector


def differences(a: dict, b: dict) -> list[str]:
    """Names whose values differ in any bit or in type (NaN equal to NaN, -0.0 unequal to 0.0)."""
    assert a.keys() == b.keys()
    bad = []
    for name in a:
        if type(a[name]) is not type(b[name]):
            bad.append(name)
            continue
        x, y = np.atleast_1d(a[name]), np.atleast_1d(b[name])
        if x.dtype.kind == "f":
            same = x.shape == y.shape and np.array_equal(
                np.ascontiguousarray(x).view(np.uint8), np.ascontiguousarray(y).view(np.uint8)
            )
        else:
            same = x.shape == y.shape and bool(np.all(x == y))
        if not same:
            bad.append(name)
    return bad


def both_ways(
    overrides: list[str], replicate: int = 0, model=AdoptionModel, by_hand: int = 0, **kwargs
) -> tuple[dict, dict, list[int]]:
    """A model run (stretches of plain weeks in one call; after ``by_hand`` weeks stepped one by one) and the same
    model stepped week by week; and the length of each stretch the run did in one call."""
    cfg = sim.load_config(overrides)
    fused = model(cfg, replicate=replicate, **kwargs)
    calls = []
    original = weeks.plain_weeks

    def counting(first, draws, aware, *rest):
        calls.append(aware.size)
        return original(first, draws, aware, *rest)

    weeks.plain_weeks = counting
    try:
        for _ in range(by_hand):
            fused.step()
        fused.run()
    finally:
        weeks.plain_weeks = original
    stepped = model(cfg, replicate=replicate, **kwargs)
    while stepped.running:
        stepped.step()
    out = snapshot(fused), snapshot(stepped)
    if model is Watched:
        out = tuple(dict(o, watched=m.datacollector.get_model_vars_dataframe().to_numpy())
                    for o, m in zip(out, (fused, stepped), strict=True))  # fmt: skip
    return *out, calls


@pytest.mark.parametrize("overrides", [[f"package={p}"] for p in PACKAGES] + FURTHER, ids=str)
def test_a_run_equals_stepping_each_week(overrides):
    for replicate in (0, 1):
        fused, stepped, stretches = both_ways(overrides, replicate)
        assert differences(fused, stepped) == []
        if "org.mixing=full" in overrides:
            assert stretches == []  # without ties no week is plain
        else:  # most weeks are plain (a training module, a first try on access or the rollout's start are not)
            assert sum(stretches) >= 0.8 * fused["week"], stretches
            assert max(stretches) <= 5  # never past a month's end (4 or 5 weeks)


def test_what_the_data_collector_reads_is_alike():
    """A DataCollector reading the week number, Mesa's time and the state at each month's end sees the same under a
    run as stepping each week (the month's record is made before the week count moves on)."""
    fused, stepped, stretches = both_ways(["package=balanced"], model=Watched)
    assert stretches and differences(fused, stepped) == []
    assert fused["watched"][1, 0] == 3  # month 1's record is made in its last week, week 3 (4.35 weeks a month)


def test_a_run_after_weeks_stepped_by_hand_is_alike():
    """A model stepped by hand for some weeks (into the middle of a month), then run to its end."""
    for by_hand in (3, 10):
        fused, stepped, stretches = both_ways(["package=hr_five_step"], by_hand=by_hand)
        assert stretches and differences(fused, stepped) == []


def test_stretches_keep_to_the_draw_budget(monkeypatch):
    """The numbers drawn ahead for a stretch stay within sim.weeks.DRAW_BUDGET: stretches are cut shorter, and where
    one week's numbers exceed it the weeks are stepped one by one; results alike either way."""
    per_week = weeks.numbers_per_week(AdoptionModel(sim.load_config([])).state)  # two a team, nine a person
    monkeypatch.setattr(weeks, "DRAW_BUDGET", 2 * per_week)
    fused, stepped, stretches = both_ways(["package=status_quo"])
    assert differences(fused, stepped) == []
    assert max(stretches) == 2
    monkeypatch.setattr(weeks, "DRAW_BUDGET", per_week - 1)
    fused, stepped, stretches = both_ways(["package=status_quo"])
    assert stretches == [] and differences(fused, stepped) == []


def test_use_cases_proven_elsewhere_arrive_alike():
    """A sector's lead agency shares its proven use cases (``shared_proven``) from the rollout's start."""
    weeks = 157
    shared = np.random.default_rng(5).integers(0, 2**63, size=weeks, dtype=np.uint64) & np.uint64(0x00FF00FF)
    for start in ("rollout.start_month=6", "rollout.start_month=0"):
        fused, stepped, stretches = both_ways(["package=tools_only", start], shared_proven=shared)
        assert stretches and differences(fused, stepped) == []


def test_use_cases_proven_elsewhere_must_be_masks_for_the_whole_run():
    """The loop of plain weeks reads them unchecked: a short or wrongly typed schedule is refused, when the model is
    built and when it was replaced before a run."""
    cfg = sim.load_config([])
    with pytest.raises(ValueError, match="shared_proven has 10 weeks; the run has 156"):
        AdoptionModel(cfg, shared_proven=np.zeros(10, dtype=np.uint64))
    with pytest.raises(ValueError, match="shared_proven is ndarray of int64; allowed: a one-dimensional numpy array"):
        AdoptionModel(cfg, shared_proven=np.zeros(156, dtype=np.int64))
    with pytest.raises(ValueError, match="shared_proven is list of"):
        AdoptionModel(cfg, shared_proven=[0] * 156)
    model = AdoptionModel(cfg, shared_proven=np.zeros(156, dtype=np.uint64))
    model.shared_proven = np.zeros(20, dtype=np.uint64)
    with pytest.raises(ValueError, match="shared_proven has 20 weeks"):
        model.run()


def test_the_comparison_sees_a_difference():
    """The check above is not blind: other random numbers (another replicate) differ in the state and outputs."""
    fused, _, _ = both_ways(["package=balanced"], replicate=0)
    other, _, _ = both_ways(["package=balanced"], replicate=1)
    bad = differences(fused, other)
    assert {"stage", "adopted", "table", "stream.exploration"} <= set(bad)
