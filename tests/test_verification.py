"""Verification: a degenerate configuration of the model is the Bass diffusion model.

With one archetype, fully mixed contacts, no levers and no abandonment (the settings below;
docs/ODD.md §8 shows why each factor of the take-up rates is then 1), a non-adopter's weekly
hazard of trying AI is ``1 - exp(-(p + q F))`` with ``p = params.explore_rate`` (innovation,
exploration) and ``q = params.peer_rate`` (imitation, spread), ``F`` the share who have tried.
That is discrete-time Bass diffusion; its continuous form has the closed-form solution

    F(t) = (1 - exp(-(p + q) t)) / (1 + (q / p) exp(-(p + q) t)).

Tolerances: the weekly recursion differs from the closed form by at most 0.004 for these p and
q (discretisation); sampling noise of the mean of 3 replicates of 10,000 people is about 0.003
(sd). We assert a maximum absolute deviation of 0.012 from the recursion (4 sd) and 0.02 from
the closed form, over all 37 month ends.
"""

from __future__ import annotations

import numpy as np

from sim import simulate
from sim.outputs import month_end_weeks

P, Q = 0.003, 0.05
BASS_CONFIG = [
    "org.size=10000",
    "org.mixing=full",
    "archetypes.shares.worried=0",
    "archetypes.shares.opportunity_seeker=0",
    "archetypes.shares.pragmatist=1",
    "archetypes.shares.critic=0",
    "archetypes.shares.wait_and_see=0",
    "archetypes.traits.pragmatist.curiosity=1",
    "archetypes.traits.pragmatist.peer_susceptibility=1",
    "archetypes.traits.pragmatist.need_rules=0",
    "archetypes.traits.pragmatist.need_proof=0",
    "archetypes.traits.pragmatist.baseline_anxiety=0",
    "archetypes.traits.pragmatist.initial_belief=1",
    f"params.explore_rate={P}",
    f"params.peer_rate={Q}",
    "params.anxiety_barrier=0",
    "params.belief_weight=0",
    "params.transition_rate=0",
    "params.help_rate=0",
    "params.mandate_rate=0",
    "params.abandonment=false",
    "params.practice_rate=0",
    "params.decay_rate=0",
    "leadership.transformation_weight=0.5",
    "leadership.style_sd=0",
    "leadership.leader_literacy=1",
    "tools.ease_of_use=1",
    "training.mode=none",
    "superusers.share=0",
    # the newer mechanisms off (awareness, organisation-level variation of leaders and culture); complex
    # contagion needs one contact at need for proof 0, and colleagues' use cases need ties
    "params.calendar.awareness_months=0",
    "params.variation.leadership_sd=0",
    "params.variation.culture_sd=0",
    "run.months=36",
]


def bass_closed_form(t: np.ndarray, p: float, q: float) -> np.ndarray:
    e = np.exp(-(p + q) * t)
    return (1 - e) / (1 + (q / p) * e)


def bass_weekly_recursion(weeks: int, p: float, q: float) -> np.ndarray:
    """The model's order within a week: exploration (hazard p), then spread (hazard q F)."""
    f, out = 0.0, [0.0]
    for _ in range(weeks):
        f = f + (1 - f) * -np.expm1(-p)
        f = f + (1 - f) * -np.expm1(-q * f)
        out.append(f)
    return np.array(out)


def test_degenerate_configuration_reproduces_bass_diffusion():
    df = simulate(BASS_CONFIG, replicates=3, seed=1)
    tried = df[df["archetype"] == "all"].groupby("month")["tried_share"].mean().to_numpy()
    weeks = month_end_weeks(36)
    recursion = bass_weekly_recursion(int(weeks[-1]), P, Q)[weeks]
    closed = bass_closed_form(weeks.astype(float), P, Q)
    assert np.abs(recursion - closed).max() < 0.005, "discretisation error as documented"
    assert np.abs(tried - recursion).max() < 0.012
    assert np.abs(tried - closed).max() < 0.02
    # the S-curve is really traversed: from under 10 % to over 90 %
    assert tried[3] < 0.1 and tried[-1] > 0.9


def test_without_imitation_it_is_pure_innovation():
    df = simulate([*BASS_CONFIG[:-1], "params.peer_rate=0", "run.months=24"], replicates=2, seed=2)
    tried = df[df["archetype"] == "all"].groupby("month")["tried_share"].mean().to_numpy()
    weeks = month_end_weeks(24)
    assert np.abs(tried - (1 - np.exp(-P * weeks))).max() < 0.012
