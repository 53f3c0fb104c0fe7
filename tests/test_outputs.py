"""The monthly record (``sim.outputs.Recorder``): its compiled pass over people gives, bit for bit, the row the
recorder's numpy formulas gave (one ``np.bincount`` per output, kept here as the reference)."""

from __future__ import annotations

import numpy as np
import pytest

from sim import AdoptionModel
from sim.config import ARCHETYPES
from sim.mechanisms import use
from sim.outputs import GROUPS, OUTPUTS, Recorder
from sim.state import ABANDONED, NEVER, OCCASIONAL, REGULAR, TRYING, intensity_of_stage
from tests.conftest import make_cfg


def _by_group(s, values):
    per = np.bincount(s.archetype, weights=values, minlength=len(ARCHETYPES))
    return np.concatenate([[per.sum()], per])


def reference_row(rec: Recorder, s) -> np.ndarray:
    """A month's row as the recorder computed it with numpy (before the compiled pass)."""
    n = np.maximum(rec.counts, 1)
    stage = s.stage
    summed = {
        "tried_share": stage != NEVER,
        "using_share": (stage == OCCASIONAL) | (stage == REGULAR),
        "regular_share": stage == REGULAR,
        "abandoned_share": stage == ABANDONED,
        "competence_mean": s.competence,
        "anxiety_mean": s.anxiety,
        "high_anxiety_share": s.anxiety > rec.threshold,
        "belief_mean": s.belief,
        "quality_index": s.quality,
        "cost_eur_cum": s.cost_eur,
        "value_eur_cum": s.value_eur,
        "realised_value_eur_cum": s.realised_value_eur,
        "attention_cost": s.attention_cost_eur,
        "fear_job_loss_share": s.fear_job > rec.job_threshold,
        "fear_job_loss_mean": s.fear_job,
        "fear_errors_mean": s.fear_errors,
    }
    sums = np.empty((len(summed), len(GROUPS)))
    for i, values in enumerate(summed.values()):
        sums[i, 1:] = np.bincount(s.archetype, weights=values, minlength=len(ARCHETYPES))
    sums[:, 0] = sums[:, 1:].sum(axis=1)
    row = dict(zip(summed, sums, strict=True))
    for name in summed:
        if name not in ("cost_eur_cum", "value_eur_cum", "realised_value_eur_cum", "attention_cost"):
            row[name] = row[name] / n
    row["headcount"] = rec.counts
    using = (stage == OCCASIONAL) | (stage == REGULAR)
    row["teams_using_share"] = np.full(len(GROUPS), np.nan)
    row["teams_using_share"][0] = (np.bincount(s.team, weights=using, minlength=s.team_size.size) > 0).mean()
    row["hours_saved_per_fte_week"] = _by_group(s, rec.hours_acc) / n / max(rec.weeks_acc, 1)
    row["incidents"] = rec.incidents_acc.copy()
    weeks = max(rec.weeks_acc, 1)
    spent = _by_group(s, rec.spent_acc)
    row["hours_spent_per_fte_week"] = spent / n / weeks
    row["realised_gain_share"] = (
        (rec.harvest_share * _by_group(s, rec.net_acc) - spent) / n / weeks / rec.hours_per_week
    )
    users = (stage >= TRYING) & (stage <= REGULAR)
    n_users = _by_group(s, users.astype(np.float64))
    nothing = _by_group(s, (users & (s.net_hours <= 0.0)).astype(np.float64))
    row["users_saving_nothing_share"] = np.divide(
        nothing, n_users, out=np.full(n_users.size, np.nan), where=n_users > 0
    )
    use = _by_group(s, rec.use_acc)
    row["weekly_users_share"] = use / n / weeks
    row["hours_saved_per_weekly_user"] = np.divide(
        _by_group(s, rec.hours_acc), use, out=np.full(use.size, np.nan), where=use > 0
    )
    cost = row["cost_eur_cum"]
    row["roi"] = np.divide(row["value_eur_cum"] - cost, cost, out=np.full(cost.size, np.nan), where=cost > 0)
    full = cost + row.pop("attention_cost")
    row["realised_roi"] = np.divide(
        row["realised_value_eur_cum"] - full, full, out=np.full(full.size, np.nan), where=full > 0
    )
    reg = row["regular_share"][1:][rec.counts[1:] > 0]
    row["archetype_gap"] = np.full(len(GROUPS), np.nan)
    row["archetype_gap"][0] = reg.max() - reg.min() if reg.size else np.nan
    return np.stack([row[k] for k in OUTPUTS], axis=1)


@pytest.mark.parametrize(
    "overrides",
    [  # the last: archetypes the organisation lacks
        ["package=balanced", "org.size=400"],
        ["package=mandate_only", "org=small"],
        [
            "package=status_quo",
            "org.size=250",
            "archetypes.shares.worried=0.5",
            "archetypes.shares.critic=0",
            "archetypes.shares.opportunity_seeker=0.5",
            "archetypes.shares.pragmatist=0",
            "archetypes.shares.wait_and_see=0",
        ],  # fmt: skip
    ],
)
def test_each_months_row_is_the_numpy_formulas_bit_for_bit(monkeypatch, overrides):
    compared = []
    record = Recorder.record

    def checked(rec, s):
        expected = reference_row(rec, s)
        record(rec, s)
        got = rec.table[rec.month]
        assert np.array_equal(got.view(np.uint64), expected.view(np.uint64)), (rec.month, got - expected)
        assert not rec.hours_acc.any() and not rec.net_acc.any() and not rec.spent_acc.any()
        assert not rec.use_acc.any()
        compared.append(rec.month)

    monkeypatch.setattr(Recorder, "record", checked)
    model = AdoptionModel(make_cfg(*overrides, "run.months=10"))
    model.run()
    assert compared == list(range(11))
    if "archetypes.shares.critic=0" in overrides:
        assert (model.recorder.counts[1:] == 0).sum() == 3
    else:
        assert model.recorder.table[:, 0, list(OUTPUTS).index("incidents")].sum() > 0


def test_weekly_users_are_the_weeks_intensity_of_use_summed_over_the_month(monkeypatch):
    """Each week adds every person's intensity of use as the use part applies it to the week's hours (their stage's
    after the week's first tries and before part 8's moves up and down, with access; 0 without access): the share of the week's users, averaged
    over the month; hours per weekly user times that share are the hours per person. The week's incidents are
    counted per group as np.bincount counts them."""
    weekly, use_step, months, seen = Recorder.weekly, use.step, [], []
    acc = {}

    def tracked_use(s, m):
        intensity = intensity_of_stage(rec_cfg.params.use.intensity_trying, rec_cfg.params.use.intensity_occasional)
        acc["use"] = acc.get("use", 0.0) + intensity[s.stage] * s.signals.access  # the stage the hours are of
        use_step(s, m)

    def tracked(rec, s):
        acc["weeks"] = acc.get("weeks", 0) + 1
        acc["incidents"] = acc.get("incidents", 0.0) + _by_group(s, s.incident_now.astype(np.float64))
        month = rec.month
        weekly(rec, s)
        if rec.month != month:  # a month recorded: its weekly users are those of the weeks since the last
            n = np.maximum(rec.counts, 1)
            expected = _by_group(s, acc.pop("use")) / n / acc.pop("weeks")
            got = rec.table[rec.month, :, list(OUTPUTS).index("weekly_users_share")]
            np.testing.assert_allclose(got, expected, rtol=1e-12, atol=0)
            incidents = acc.pop("incidents")  # counts by group, as np.bincount gives them: equal exactly
            assert np.array_equal(rec.table[rec.month, :, list(OUTPUTS).index("incidents")], incidents)
            seen.append(incidents[0])
            months.append(rec.month)

    rec_cfg = make_cfg("package=balanced", "org.size=300", "run.months=6", "params.incident_rate=0.3")
    monkeypatch.setattr(Recorder, "weekly", tracked)
    monkeypatch.setattr(use, "step", tracked_use)
    model = AdoptionModel(rec_cfg)
    while model.running:  # week by week: a run calls neither for its plain weeks (sim/weeks.py; test_week.py)
        model.step()
    assert months == list(range(1, 7))
    assert sum(seen) > 0  # incidents happened, so their count per group was compared
    df = model.recorder.frame()
    late = df[df["month"] >= 1]
    assert (late.loc[late["archetype"] == "all", "weekly_users_share"] > 0).all()  # use from the first month on
    # the share is an expectation between the regular users (every week) and all trying or using (some weeks)
    assert (late["weekly_users_share"] <= late["tried_share"] - late["abandoned_share"] + 1e-12).all()
    used = late[late["weekly_users_share"] > 0]
    np.testing.assert_allclose(
        used["weekly_users_share"] * used["hours_saved_per_weekly_user"], used["hours_saved_per_fte_week"], rtol=1e-9
    )
    assert late.loc[late["weekly_users_share"] == 0, "hours_saved_per_weekly_user"].isna().all()
