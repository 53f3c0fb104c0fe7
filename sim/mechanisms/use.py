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

from sim.jit import jit
from sim.mechanisms.bits import popcount1
from sim.state import INTENSITY


def saturation_curve(saturation: float) -> np.ndarray:
    """``1 - exp(-n / saturation)`` for n = 0..64 adopted use cases of one task type."""
    return -np.expm1(-np.arange(65) / saturation)


@jit
def coverage1(adopted, task_mix, type_masks, curve):
    """Share of one person's work covered by the adopted use cases among ``type_masks`` (one mask
    per task type), before job fit; ``curve`` is :func:`saturation_curve`."""
    # summed in task-type order from the first term (not from 0.0, which would turn a -0.0 into +0.0)
    cov = curve[popcount1(adopted & type_masks[0])] * task_mix[0]
    for k in range(1, task_mix.size):
        cov += curve[popcount1(adopted & type_masks[k])] * task_mix[k]
    return cov


@jit
def _refresh_coverage(adopted, covered, task_mix, job_fit, type_masks, time_masks, quality_masks, risky, curve,
                      cover_all, cover_time, cover_quality, risky_held):  # fmt: skip
    for i in range(adopted.size):
        a = adopted[i]
        if a == covered[i]:
            continue
        cover_all[i] = coverage1(a, task_mix[i], type_masks, curve) * job_fit[i]
        cover_time[i] = coverage1(a, task_mix[i], time_masks, curve) * job_fit[i]
        cover_quality[i] = coverage1(a, task_mix[i], quality_masks, curve) * job_fit[i]
        risky_held[i] = popcount1(a & risky)
        covered[i] = a


def refresh_coverage(s, m) -> None:
    """Bring the cached coverage up to date for the people whose adopted use cases changed.

    Coverage depends only on the adopted use cases and the fixed task mix and job fit, and few
    people adopt a use case in any one week, so it is recomputed for them alone.
    """
    masks = m.masks
    _refresh_coverage(
        s.adopted, s.covered, s.task_mix, s.job_fit, masks["type"], masks["time_type"], masks["quality_type"],
        masks["risky"], m.saturation_curve, s.cover_all, s.cover_time, s.cover_quality, s.risky_held,
    )  # fmt: skip


@jit
def _kernel(
    u_incident,  # this week's uniforms
    stage, access, cover_all, cover_time, cover_quality, risky_held, critical_sense, frames, hype, help_,  # read
    risk_trained,  # read
    competence, hours_saved, quality, benefit, incident_now, incidents, cost_eur, value_eur,  # changed
    intensity_of_stage, hours_per_week, max_time_saving, ease_of_use, chaos, transparent, expected_benefit,
    hype_inflation, incident_rate, practice_rate, decay_rate, licence_week, hourly_cost,
):  # fmt: skip
    tool_capability = 0.6 + 0.4 * ease_of_use
    hours_factor = hours_per_week * max_time_saving
    for i in range(stage.size):
        intensity = intensity_of_stage[stage[i]] * access[i]
        c = competence[i]
        capability = (0.4 + 0.6 * c) * tool_capability
        if chaos:
            capability *= 0.85
        hours_saved[i] = hours_factor * cover_time[i] * capability * intensity
        quality[i] = cover_quality[i] * capability * intensity
        using = intensity > 0
        expected = expected_benefit * (1.0 + hype_inflation * hype[i])
        benefit[i] = cover_all[i] * capability / expected if using else 0.0

        p_incident = incident_rate * intensity * (1.0 + risky_held[i]) * (1.0 - 0.6 * c)
        p_incident *= 1.0 - 0.6 * critical_sense[i]
        p_incident *= 1.0 - 0.6 * frames[i]
        if chaos:
            p_incident *= 1.5
        if transparent:
            p_incident *= 0.85
        if risk_trained[i]:
            p_incident *= 0.7
        incident_now[i] = u_incident[i] < min(p_incident, 1.0)
        incidents[i] += incident_now[i]

        # 70-20-10: competence grows with use and decays without it
        if using:
            competence[i] = c + practice_rate * intensity * (1.0 + 0.5 * help_[i]) * (1.0 - c)
        else:
            competence[i] = c + -decay_rate * c
        if access[i]:
            cost_eur[i] += licence_week
        value_eur[i] += hours_saved[i] * hourly_cost


def step(s, m) -> None:
    cfg, p, rng = m.cfg, m.cfg.params, m.streams["use"]
    u_incident = rng.random(s.n)
    refresh_coverage(s, m)
    sig = s.signals
    _kernel(
        u_incident,
        s.stage, sig["access"], s.cover_all, s.cover_time, s.cover_quality, s.risky_held,
        s.traits["critical_sense"], sig["frames"], sig["hype"], s.help, s.risk_trained,
        s.competence, s.hours_saved, s.quality, s.benefit, s.incident_now, s.incidents, s.cost_eur, s.value_eur,
        INTENSITY, p.hours_per_week, p.max_time_saving, float(cfg.tools.ease_of_use), cfg.tools.approved == "chaos",
        bool(cfg.tools.transparent), p.expected_benefit, p.hype_inflation, p.incident_rate, p.practice_rate,
        p.decay_rate, p.licence_eur_month * 12.0 / 52.0, p.hourly_cost_eur,
    )  # fmt: skip
