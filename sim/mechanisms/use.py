"""6. Use and gains: hours saved, quality, incidents, competence, cost and value.

Coverage of a person's work: job fit (the share of their work AI can help with at all) times the
sum over task types of the share of time on it times ``1 - exp(-n / params.use_case_saturation)``
for n adopted use cases of that type. Hours saved a week = contract hours x
``params.max_time_saving`` x frontier x coverage x capability x intensity of use (trying
``params.use.intensity_trying``, occasional ``intensity_occasional``, regular 1), where
capability = (c + (1 - c) competence) x (t + (1 - t) ease of use) with ``c =
params.use.capability_floor`` and ``t = tool_floor``, x ``chaos_capability`` with tool chaos
(defaults in ``docs/parameters.md``). Hours count only use cases with a time gain, the quality gain only those with a
quality gain; the benefit counts all adopted use cases. The jagged frontier (how far a person's tasks lie
inside what AI does well: mean 1, spread ``params.value.frontier_spread``) scales the hours saved and the
benefit, not the quality gain. By default (``params.value.frontier_per=use_case``) each use case has its own
factor per person (:func:`frontier_factor`), weighting its task type's coverage by the mean factor of the use
cases held, and ``s.frontier`` is 1; with ``frontier_per=person`` ``s.frontier`` is one fixed factor per
person. The
*benefit* that drives attitude and abandonment is realised gain over expected gain, where the expectation
``params.expected_benefit`` rises with the hype each person feels (after their leader's braking),
by ``params.hype_inflation`` at full hype.
Net value of use (``params.value``): checking, correcting and switching eat the share ``overhead x (1 -
overhead_competence x competence)`` of the gross saving (each person's overhead is fixed, drawn at set-up;
above 1 use loses time); the benefit is scaled by what is kept, and the net hours saved are recorded
(``hours_saved`` stays the gross saving, what users feel and report). The realised output is the share
``harvest_share`` of the net hours (``realised_value_eur``).
Incidents: weekly probability ``params.incident_rate`` x intensity x (1 + risky use cases held)
x (1 - ``incident_competence`` x competence) x (1 - ``incident_critical`` x critical sense) x
(1 - ``incident_frames`` x frames), x ``incident_chaos`` with tool chaos, x
``incident_transparent`` with transparent tools, x ``incident_risk_trained`` after training in
responsible use (``params.use``).
Competence grows with use (70-20-10: most learning on the job), by ``params.practice_rate`` x
intensity x (1 + ``help_practice`` x help) of the gap to one's ceiling of competence (``s.aptitude``, drawn at
set-up with mean ``params.training.aptitude_mean``), never above it nor down to it, and decays by
``params.decay_rate`` without it. Licences cost ``params.licence_eur_month`` a month for everyone with access.
Reads: stage, adopted, task mix, job fit, competence, traits, access, frames, felt hype, help,
training in responsible use, the overhead of use, the frontier, aptitude, the tools lever.
Changes: ``s.intensity``, ``s.hours_saved``, ``s.net_hours``, ``s.quality``, ``s.benefit``, ``s.incidents``, ``s.incident_now``,
``s.competence``, ``s.cost_eur`` (licences), ``s.value_eur``, ``s.realised_value_eur``.
Random stream: ``use`` (one uniform per person every week).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from sim.catalogue import MAX_USE_CASES
from sim.config import MONTHS_PER_YEAR, WEEKS_PER_YEAR
from sim.jit import Bound, bind, jit, record
from sim.mechanisms.bits import ONE, hash_bit1, popcount1, top_byte1
from sim.state import intensity_of_stage


def saturation_curve(saturation: float) -> np.ndarray:
    """``1 - exp(-n / saturation)`` for n = 0..64 adopted use cases of one task type."""
    return -np.expm1(-np.arange(MAX_USE_CASES + 1) / saturation)


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
def frontier_factor(key, use_case, levels):
    """Person ``key``'s factor for a use case: the level a fixed hash of the two picks (the same person and use case
    always give the same factor, different use cases independent ones; as :func:`sim.state.use_case_factors`)."""
    return levels[top_byte1(hash_bit1(key, use_case))]


@jit
def coverage_frontier1(adopted, task_mix, type_masks, curve, key, levels):
    """:func:`coverage1` with each task type's term weighted by the mean factor of the person's adopted use cases
    of that type (params.value.frontier_per=use_case)."""
    cov = 0.0
    for k in range(task_mix.size):
        held = adopted & type_masks[k]
        n = popcount1(held)
        if n == 0:
            continue
        factors = 0.0
        rest = held
        while rest:  # the held use cases in ascending order, lowest set bit first
            lowest = rest & (~rest + ONE)
            factors += frontier_factor(key, popcount1(lowest - ONE), levels)
            rest ^= lowest
        cov += curve[n] * task_mix[k] * (factors / n)
    return cov


class CoverageArrays(NamedTuple):
    """What the cached coverage is computed from (per person unless stated), and the cache itself."""

    adopted: np.ndarray  # read
    task_mix: np.ndarray  # read (people x task types)
    job_fit: np.ndarray  # read
    type_masks: np.ndarray  # read (task types): use cases of each task type
    time_masks: np.ndarray  # read (task types): ... with a time gain
    quality_masks: np.ndarray  # read (task types): ... with a quality gain
    curve: np.ndarray  # read: saturation_curve
    covered: np.ndarray  # changed: the adopted use cases the cache was computed for
    cover_all: np.ndarray  # changed
    cover_time: np.ndarray  # changed
    cover_quality: np.ndarray  # changed
    risky_held: np.ndarray  # changed
    frontier_key: np.ndarray  # read: key of each person's factors per use case (frontier_per=use_case)
    frontier_levels: np.ndarray  # read (sim.state.FRONTIER_LEVELS values, sim.state.gamma_levels): what a key picks


def coverage_bound(s, masks, curve: np.ndarray, value) -> Bound:
    """The coverage cache's arrays, the risk-flagged use cases and whether the frontier's factors are per use case
    (``value``: ``cfg.params.value``), bound once per model."""
    arrays = CoverageArrays(
        adopted=s.adopted, task_mix=s.task_mix, job_fit=s.job_fit, type_masks=masks.type,
        time_masks=masks.time_type, quality_masks=masks.quality_type, curve=curve, covered=s.covered,
        cover_all=s.cover_all, cover_time=s.cover_time, cover_quality=s.cover_quality, risky_held=s.risky_held,
        frontier_key=s.frontier_key,
        frontier_levels=s.frontier_levels,
    )  # fmt: skip
    return bind(arrays, record(risky=np.uint64(masks.risky), per_use_case=value.frontier_per == "use_case"))


@jit
def _refresh_coverage(arrays, params):
    """Bring the cached coverage up to date for the people whose adopted use cases changed: coverage depends only on
    the adopted use cases and the fixed task mix and job fit, and few people adopt a use case in any one week, so it
    is recomputed for them alone."""
    a, risky, per_use_case = CoverageArrays(*arrays), params[0].risky, params[0].per_use_case
    # the arrays as local names: read off the record inside the loop, each would be reference-counted at every use
    adopted, covered, cover_all, task_mix, type_masks = a.adopted, a.covered, a.cover_all, a.task_mix, a.type_masks
    curve, job_fit, cover_time, time_masks = a.curve, a.job_fit, a.cover_time, a.time_masks
    cover_quality, quality_masks, risky_held = a.cover_quality, a.quality_masks, a.risky_held
    frontier_key, levels = a.frontier_key, a.frontier_levels
    for i in range(adopted.size):
        ad = adopted[i]
        if ad == covered[i]:
            continue
        if per_use_case:  # each use case's own place on the frontier weighs its task type's coverage
            key = frontier_key[i]
            cover_all[i] = coverage_frontier1(ad, task_mix[i], type_masks, curve, key, levels) * job_fit[i]
            cover_time[i] = coverage_frontier1(ad, task_mix[i], time_masks, curve, key, levels) * job_fit[i]
        else:
            cover_all[i] = coverage1(ad, task_mix[i], type_masks, curve) * job_fit[i]
            cover_time[i] = coverage1(ad, task_mix[i], time_masks, curve) * job_fit[i]
        cover_quality[i] = coverage1(ad, task_mix[i], quality_masks, curve) * job_fit[i]
        risky_held[i] = popcount1(ad & risky)
        covered[i] = ad


class Arrays(NamedTuple):
    """The state arrays the weekly loop of this part reads and changes (per person)."""

    stage: np.ndarray  # read
    access: np.ndarray  # read
    cover_all: np.ndarray  # read (refreshed above)
    cover_time: np.ndarray  # read
    cover_quality: np.ndarray  # read
    risky_held: np.ndarray  # read
    critical_sense: np.ndarray  # read
    frames: np.ndarray  # read
    hype: np.ndarray  # read
    help: np.ndarray  # read
    risk_trained: np.ndarray  # read
    competence: np.ndarray  # changed
    hours_saved: np.ndarray  # written
    quality: np.ndarray  # written
    benefit: np.ndarray  # written
    incident_now: np.ndarray  # written
    incidents: np.ndarray  # changed
    cost_eur: np.ndarray  # changed
    value_eur: np.ndarray  # changed
    overhead: np.ndarray  # read
    aptitude: np.ndarray  # read: one's ceiling of competence
    frontier: np.ndarray  # read
    net_hours: np.ndarray  # written
    intensity: np.ndarray  # written: the week's intensity of use (read by the record's weekly measures)
    realised_value_eur: np.ndarray  # changed
    intensity_of_stage: np.ndarray  # read (stages): share of the potential use made at each stage


def bound(s, cfg) -> Bound:
    """This part's arrays and constants, bound once per model."""
    p, up, sig = cfg.params, cfg.params.use, s.signals
    arrays = Arrays(
        stage=s.stage, access=sig.access, cover_all=s.cover_all, cover_time=s.cover_time,
        cover_quality=s.cover_quality, risky_held=s.risky_held, critical_sense=s.traits["critical_sense"],
        frames=sig.frames, hype=sig.hype, help=s.help, risk_trained=s.risk_trained, competence=s.competence,
        hours_saved=s.hours_saved, quality=s.quality, benefit=s.benefit, incident_now=s.incident_now,
        incidents=s.incidents, cost_eur=s.cost_eur, value_eur=s.value_eur, overhead=s.overhead, aptitude=s.aptitude,
        frontier=s.frontier,
        net_hours=s.net_hours, intensity=s.intensity, realised_value_eur=s.realised_value_eur,
        intensity_of_stage=intensity_of_stage(up.intensity_trying, up.intensity_occasional),
    )  # fmt: skip
    ease_of_use = float(cfg.tools.ease_of_use)
    vp = p.value
    params = record(
        hours_factor=p.hours_per_week * p.max_time_saving,
        overhead_competence=vp.overhead_competence,
        harvest_share=vp.harvest_share,
        quality_value=vp.quality_value,
        capability_floor=up.capability_floor,
        tool_capability=up.tool_floor + (1.0 - up.tool_floor) * ease_of_use,
        chaos=cfg.tools.approved == "chaos",
        chaos_capability=up.chaos_capability,
        transparent=bool(cfg.tools.transparent),
        expected_benefit=p.expected_benefit,
        hype_inflation=p.hype_inflation,
        incident_rate=p.incident_rate,
        incident_competence=up.incident_competence,
        incident_critical=up.incident_critical,
        incident_frames=up.incident_frames,
        incident_chaos=up.incident_chaos,
        incident_transparent=up.incident_transparent,
        incident_risk_trained=up.incident_risk_trained,
        practice_rate=p.practice_rate,
        help_practice=up.help_practice,
        decay_rate=p.decay_rate,
        licence_week=p.licence_eur_month * MONTHS_PER_YEAR / WEEKS_PER_YEAR,
        hourly_cost=p.hourly_cost_eur,
    )
    return bind(arrays, params)


@jit
def _kernel(u_incident, arrays, params):
    a, par = Arrays(*arrays), params[0]
    # the arrays as local names: read off the record inside the loop, each would be reference-counted at every use
    stage, access, cover_all, cover_time = a.stage, a.access, a.cover_all, a.cover_time
    cover_quality, risky_held, critical_sense, frames = a.cover_quality, a.risky_held, a.critical_sense, a.frames
    hype, help_, risk_trained, competence, hours_saved = a.hype, a.help, a.risk_trained, a.competence, a.hours_saved
    quality, benefit, incident_now, incidents = a.quality, a.benefit, a.incident_now, a.incidents
    cost_eur, value_eur, intensity_of_stage = a.cost_eur, a.value_eur, a.intensity_of_stage
    overhead, net_hours, realised_value_eur, frontier = a.overhead, a.net_hours, a.realised_value_eur, a.frontier
    intensity_now = a.intensity
    aptitude = a.aptitude
    for i in range(stage.size):
        intensity = intensity_of_stage[stage[i]] * access[i]
        intensity_now[i] = intensity
        c = competence[i]
        capability = (par.capability_floor + (1.0 - par.capability_floor) * c) * par.tool_capability
        if par.chaos:
            capability *= par.chaos_capability
        hours_saved[i] = par.hours_factor * frontier[i] * cover_time[i] * capability * intensity
        quality[i] = cover_quality[i] * capability * intensity
        using = intensity > 0
        # the net value of use: checking, correcting and switching eat a share of the gross saving (more than
        # all of it for some), less with competence
        kept = 1.0 - overhead[i] * (1.0 - par.overhead_competence * c)
        net_hours[i] = hours_saved[i] * kept
        expected = par.expected_benefit * (1.0 + par.hype_inflation * hype[i])
        # the value of use: what the overhead leaves of the gain, plus (params.value.quality_value) a better result
        # on the use cases with a quality gain, which checking does not eat
        value = frontier[i] * cover_all[i] * capability * kept + par.quality_value * cover_quality[i] * capability
        benefit[i] = value / expected if using else 0.0

        p_incident = par.incident_rate * intensity * (1.0 + risky_held[i]) * (1.0 - par.incident_competence * c)
        p_incident *= 1.0 - par.incident_critical * critical_sense[i]
        p_incident *= 1.0 - par.incident_frames * frames[i]
        if par.chaos:
            p_incident *= par.incident_chaos
        if par.transparent:
            p_incident *= par.incident_transparent
        if risk_trained[i]:
            p_incident *= par.incident_risk_trained
        incident_now[i] = u_incident[i] < min(p_incident, 1.0)
        incidents[i] += incident_now[i]

        # 70-20-10: competence grows with use and decays without it
        if using:
            gap = max(aptitude[i] - c, 0.0)  # to one's own ceiling of competence, never down to it
            competence[i] = c + par.practice_rate * intensity * (1.0 + par.help_practice * help_[i]) * gap
        else:
            competence[i] = c + -par.decay_rate * c
        if access[i]:
            cost_eur[i] += par.licence_week
        value_eur[i] += hours_saved[i] * par.hourly_cost
        realised_value_eur[i] += par.harvest_share * net_hours[i] * par.hourly_cost


@jit
def _week(u_incident, coverage_arrays, coverage_params, arrays, params):
    """The coverage brought up to date, then the week's use, in one call from Python."""
    _refresh_coverage(coverage_arrays, coverage_params)
    _kernel(u_incident, arrays, params)


def step(s, m) -> None:
    u_incident = m.streams["use"].random(s.n)
    c, b = m.bound.coverage, m.bound.use
    _week(u_incident, c.arrays, c.params, b.arrays, b.params)  # the coverage brought up to date, then the use loop
