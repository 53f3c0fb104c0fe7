"""3. Training: modules reach their cohort; competence, belief and anxiety respond.

Reads: the training lever (mode, schedule, format, action learning, domain content), traits
(curiosity), anxiety and belief (voluntary uptake).
Changes: ``s.competence``, ``s.belief``, ``s.anxiety``, ``s.modules_attended``,
``s.instructed`` (mandatory attendance is a clear instruction) and ``s.cost_eur``.
Random stream: ``training`` (one uniform per person every week, used or not).
"""

from __future__ import annotations

import numpy as np

FORMAT_EFFECT = {
    "physical": 1.0,
    "hybrid": 0.9,
    "online": 0.6,
}  # seed 002: physical first; seed 003: e-learning insufficient


def is_module_week(cfg, week: int) -> bool:
    """Whether a module takes place in ``week`` (0-based)."""
    t = cfg.training
    if t.mode == "none" or week < t.start_week:
        return False
    d = week - t.start_week
    if t.refresh:
        d %= t.refresh_interval_weeks
    return d % t.spacing_weeks == 0 and d // t.spacing_weeks < t.modules


def step(s, m) -> None:
    cfg = m.cfg
    u = m.streams["training"].random(s.n)
    if not is_module_week(cfg, s.week):
        return
    t, tr = cfg.training, s.traits
    if t.mode == "mandatory":
        attend = np.ones(s.n, dtype=bool)
        s.instructed |= attend
    else:  # voluntary: the curious come, anxiety and disbelief keep people away
        uptake = np.clip(0.05 + 0.7 * tr["curiosity"] * (1.0 - 0.5 * s.anxiety) + 0.2 * s.belief, 0.0, 1.0)
        attend = u < uptake
    gain = cfg.params.learn_rate * FORMAT_EFFECT[t.format] * (1.5 if t.action_learning else 1.0)
    gain *= 1.3 if t.domain_specific else 1.0
    gain = min(gain, 1.0)
    s.competence[attend] += gain * (1.0 - s.competence[attend])
    s.belief[attend] += 0.05 * (2.0 if t.domain_specific else 1.0) * (1.0 - s.belief[attend])
    s.anxiety[attend] *= 1.0 - 0.05 * (2.0 if t.action_learning else 1.0)  # a safe space to try
    s.modules_attended[attend] += 1
    p = cfg.params
    s.cost_eur[attend] += p.module_hours * p.hourly_cost_eur + p.module_fee_eur
