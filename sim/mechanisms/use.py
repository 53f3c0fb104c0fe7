"""6. Use and gains: hours saved, quality, incidents, competence, cost and value.

Coverage of a person's work: job fit (the share of their work AI can help with at all) times the
sum over task types of the share of time on it times ``1 - exp(-n / params.use_case_saturation)``
for n adopted use cases of that type. Hours saved a
week = contract hours x ``params.max_time_saving`` x coverage x capability x intensity of use
(trying 0.25, occasional 0.5, regular 1), where capability = (0.4 + 0.6 competence) x
(0.6 + 0.4 ease of use) (x 0.85 with tool chaos). Hours count only use cases with a time gain, the
quality gain only those with a quality gain; the benefit counts all adopted use cases. The
*benefit* that drives attitude and abandonment is realised gain over expected gain, where the
expectation rises with hype.
Incidents: weekly probability ``params.incident_rate`` x intensity x (1 + risky use cases held)
x (1 - 0.6 competence) x (1 - 0.6 critical sense) x (1 - 0.6 frames), x 1.5 with tool chaos,
x 0.85 with transparent tools, x 0.7 after training in responsible use. The expected gain rises
with the hype each person feels (after their leader's braking).
Competence grows with use (70-20-10: most learning on the job) and decays without it.
Reads: stage, adopted, task mix, job fit, competence, traits, access, frames, felt hype, help,
training in responsible use, the tools lever.
Changes: ``s.hours_saved``, ``s.quality``, ``s.benefit``, ``s.incidents``, ``s.incident_now``,
``s.competence``, ``s.cost_eur`` (licences), ``s.value_eur``.
Random stream: ``use`` (one uniform per person every week).
"""

from __future__ import annotations

import numpy as np

from sim.mechanisms.bits import popcount
from sim.state import INTENSITY


def coverage(s, type_masks: np.ndarray, saturation: float) -> np.ndarray:
    """Share of each person's work covered by their adopted use cases (0-1)."""
    cov = np.zeros(s.n)
    for k, mask in enumerate(type_masks):
        n_k = popcount(s.adopted & mask)
        cov += s.task_mix[:, k] * -np.expm1(-n_k / saturation)
    return cov


def step(s, m) -> None:
    cfg, p, rng = m.cfg, m.cfg.params, m.streams["use"]
    u_incident = rng.random(s.n)
    access = s.signals["access"]
    intensity = INTENSITY[s.stage] * access
    chaos = cfg.tools.approved == "chaos"
    capability = (0.4 + 0.6 * s.competence) * (0.6 + 0.4 * cfg.tools.ease_of_use) * (0.85 if chaos else 1.0)
    cov = coverage(s, m.masks["type"], p.use_case_saturation) * s.job_fit
    cov_time = coverage(s, m.masks["time_type"], p.use_case_saturation) * s.job_fit
    s.hours_saved[:] = p.hours_per_week * p.max_time_saving * cov_time * capability * intensity
    s.quality[:] = coverage(s, m.masks["quality_type"], p.use_case_saturation) * s.job_fit * capability * intensity
    expected = p.expected_benefit * (1.0 + p.hype_inflation * s.signals["hype"])
    using = intensity > 0
    s.benefit[:] = np.where(using, cov * capability / expected, 0.0)

    risky = popcount(s.adopted & m.masks["risky"])
    tr = s.traits
    p_incident = (
        p.incident_rate
        * intensity
        * (1.0 + risky)
        * (1.0 - 0.6 * s.competence)
        * (1.0 - 0.6 * tr["critical_sense"])
        * (1.0 - 0.6 * s.signals["frames"])
        * (1.5 if chaos else 1.0)
        * (0.85 if cfg.tools.transparent else 1.0)
        * np.where(s.risk_trained, 0.7, 1.0)
    )
    s.incident_now[:] = u_incident < np.minimum(p_incident, 1.0)
    s.incidents += s.incident_now

    s.competence += np.where(
        using, p.practice_rate * intensity * (1.0 + 0.5 * s.help) * (1.0 - s.competence), -p.decay_rate * s.competence
    )
    s.cost_eur[access] += p.licence_eur_month * 12.0 / 52.0
    s.value_eur += s.hours_saved * p.hourly_cost_eur
