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


def saturation_curve(saturation: float) -> np.ndarray:
    """``1 - exp(-n / saturation)`` for n = 0..64 adopted use cases of one task type."""
    return -np.expm1(-np.arange(65) / saturation)


def coverage(adopted: np.ndarray, task_mix: np.ndarray, type_masks: np.ndarray, curve: np.ndarray) -> np.ndarray:
    """Share of each person's work covered by their adopted use cases (0-1), before job fit.

    ``type_masks`` holds sets of one mask per task type, one set after another; the result has one
    column per set. ``curve`` is :func:`saturation_curve`.
    """
    types = task_mix.shape[1]
    counts = np.bitwise_count(adopted[:, None] & type_masks[None, :])
    share = curve[counts].reshape(adopted.size, -1, types) * task_mix[:, None, :]
    cov = share[:, :, 0].copy()
    for k in range(1, types):  # summed in task-type order
        cov += share[:, :, k]
    return cov


def refresh_coverage(s, m) -> None:
    """Bring the cached coverage up to date for the people whose adopted use cases changed.

    Coverage depends only on the adopted use cases and the fixed task mix and job fit, and few
    people adopt a use case in any one week, so it is recomputed for them alone (the same
    arithmetic per person as computing it for everyone).
    """
    changed = (s.adopted != s.covered).nonzero()[0]
    if changed.size == 0:
        return
    adopted = s.adopted[changed]
    cov = coverage(adopted, s.task_mix[changed], m.masks["coverage_sets"], m.saturation_curve)
    cov *= s.job_fit[changed, None]
    s.cover_all[changed], s.cover_time[changed], s.cover_quality[changed] = cov.T
    s.risky_held[changed] = popcount(adopted & m.masks["risky"])
    s.covered[changed] = adopted


def step(s, m) -> None:
    cfg, p, rng = m.cfg, m.cfg.params, m.streams["use"]
    u_incident = rng.random(s.n)
    access = s.signals["access"]
    intensity = INTENSITY[s.stage] * access
    chaos = cfg.tools.approved == "chaos"
    capability = (0.4 + 0.6 * s.competence) * (0.6 + 0.4 * cfg.tools.ease_of_use)
    if chaos:
        capability *= 0.85
    refresh_coverage(s, m)
    s.hours_saved[:] = p.hours_per_week * p.max_time_saving * s.cover_time * capability * intensity
    s.quality[:] = s.cover_quality * capability * intensity
    expected = p.expected_benefit * (1.0 + p.hype_inflation * s.signals["hype"])
    using = intensity > 0
    s.benefit[:] = np.where(using, s.cover_all * capability / expected, 0.0)

    # factors of exactly 1 are left out (x * 1.0 == x)
    p_incident = p.incident_rate * intensity * (1.0 + s.risky_held) * (1.0 - 0.6 * s.competence)
    p_incident *= 1.0 - 0.6 * s.traits["critical_sense"]
    p_incident *= 1.0 - 0.6 * s.signals["frames"]
    if chaos:
        p_incident *= 1.5
    if cfg.tools.transparent:
        p_incident *= 0.85
    if s.risk_trained.any():
        p_incident *= np.where(s.risk_trained, 0.7, 1.0)
    s.incident_now[:] = u_incident < np.minimum(p_incident, 1.0)
    s.incidents += s.incident_now

    s.competence += np.where(
        using, p.practice_rate * intensity * (1.0 + 0.5 * s.help) * (1.0 - s.competence), -p.decay_rate * s.competence
    )
    s.cost_eur[access] += p.licence_eur_month * 12.0 / 52.0
    s.value_eur += s.hours_saved * p.hourly_cost_eur
