"""7. Anxiety and attitude.

Anxiety moves a share ``params.anxiety_adjust`` a week toward a target above it and
``params.anxiety_relief_adjust`` toward a target below it (alarm is quick, reassurance slow): the
person's baseline anxiety, plus threats, minus relief, never below the share
``params.attitude.temperament`` of the baseline. With the weights of ``params.attitude`` (their defaults: ``docs/parameters.md``):

* threats: ``threat_job`` x the job threat read from the harvest policy; ``threat_hype`` x felt
  hype; fear of errors, ``threat_errors`` x need for rules x unclear frames x missing competence,
  of which explainable tools and human decisions together remove the share ``trust_relief``;
  ``threat_incidents`` x the share of the team causing an incident this week;
* relief: ``relief_job_security`` x the credibility of job commitments (built over time, as for the
  fear of job loss below); ``relief_involved`` and
  ``relief_agenda`` for union involvement and a standing agenda; ``relief_help`` x help from
  superusers; ``relief_success`` x own success; ``relief_training`` for having attended training
  (a safe space).

Belief that AI is useful moves a share ``params.belief_adjust`` a week toward: initial belief,
plus ``belief_experience`` x own experience (benefit against expectation), ``belief_peers`` x
colleagues' use, (``belief_documented`` + ``belief_documented_proof`` x need for proof) x the
share of available use cases documented organisation-wide (documented effects win pragmatists),
and ``belief_administration`` x critical sense x good administration (the mean of: AI never
decides alone, transparent tools, clear rules, own training in responsible use); minus
``belief_hype`` x felt hype x aversion to hype.
The two fears (``params.fears``), kept apart from the combined anxiety above (which stays the take-up
barrier): the fear of job loss moves slowly (``job_adjust``) toward one's disposition (``job_disposition``
x baseline anxiety) plus ``job_threat`` x the job threat and ``job_hype`` x felt hype, less
``job_commitment`` x the credibility of job commitments, never below ``job_persistence`` x the
disposition. Credibility is built over time (``credibility_rate``) toward the job-security commitment,
less what hype erodes (``credibility_hype``), and is nothing while staff are cut
(:func:`commitment_target`). The fear of errors moves (``errors_adjust``) toward ``errors_weight`` x need
for rules x (``errors_floor`` + the rest x unclear frames x missing competence) x what trust leaves, plus
``errors_incidents`` x the team's incidents, less the share ``errors_safe_practice`` x safe practice (the
mean of having attended training and of superuser help).
Reactance (``params.costs``): someone instructed to use AI with neither help nor reasons (communication of
purpose) loses ``reactance_belief`` x R of belief and gains ``reactance_anxiety`` x R of anxiety (targets),
R = (1 - mandate response) x the mean of critical sense and baseline anxiety x (1 - help) x (1 - purpose).
Reads: traits, signals, help, benefit, incidents this week, stage, modules attended, competence, instructed.
Changes: ``s.anxiety``, ``s.belief``, ``s.fear_job``, ``s.fear_errors``, ``s.credibility``.
Random stream: none.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from sim.jit import Bound, bind, jit, record
from sim.mechanisms.bits import popcount1
from sim.state import REGULAR, TRYING


@jit
def clip01(x: float) -> float:
    """``x`` limited to [0, 1]."""
    return min(max(x, 0.0), 1.0)


class Arrays(NamedTuple):
    """The state arrays the loop of this part reads and changes (per person unless stated)."""

    stage: np.ndarray  # read
    team: np.ndarray  # read
    team_size: np.ndarray  # read (teams)
    incident_now: np.ndarray  # read
    benefit: np.ndarray  # read
    competence: np.ndarray  # read
    help: np.ndarray  # read
    modules_attended: np.ndarray  # read
    risk_trained: np.ndarray  # read
    frames: np.ndarray  # read
    hype: np.ndarray  # read
    exposure: np.ndarray  # read
    baseline_anxiety: np.ndarray  # read
    need_rules: np.ndarray  # read
    initial_belief: np.ndarray  # read
    need_proof: np.ndarray  # read
    critical_sense: np.ndarray  # read
    hype_aversion: np.ndarray  # read
    incidents_in_team: np.ndarray  # scratch (teams)
    anxiety: np.ndarray  # changed
    belief: np.ndarray  # changed
    fear_job: np.ndarray  # changed
    fear_errors: np.ndarray  # changed
    instructed: np.ndarray  # read
    mandate_response: np.ndarray  # read


def bound(s, cfg) -> Bound:
    """This part's arrays and constants, bound once per model."""
    p, ap, fp, sig, tr = cfg.params, cfg.params.attitude, cfg.params.fears, s.signals, s.traits
    arrays = Arrays(
        stage=s.stage, team=s.team, team_size=s.team_size, incident_now=s.incident_now, benefit=s.benefit,
        competence=s.competence, help=s.help, modules_attended=s.modules_attended, risk_trained=s.risk_trained,
        frames=sig.frames, hype=sig.hype, exposure=sig.exposure, baseline_anxiety=tr["baseline_anxiety"],
        need_rules=tr["need_rules"], initial_belief=tr["initial_belief"], need_proof=tr["need_proof"],
        critical_sense=tr["critical_sense"], hype_aversion=tr["hype_aversion"],
        incidents_in_team=np.zeros(s.team_size.size), anxiety=s.anxiety, belief=s.belief, fear_job=s.fear_job,
        fear_errors=s.fear_errors, instructed=s.instructed, mandate_response=tr["mandate_response"],
    )  # fmt: skip
    codet = ap.relief_involved * cfg.codetermination.involved + ap.relief_agenda * cfg.codetermination.standing_agenda
    params = record(
        trust=(cfg.rules.human_decides + cfg.tools.transparent) / 2,  # the mean of the two
        human_decides=float(cfg.rules.human_decides),
        transparent=float(cfg.tools.transparent),
        fixed_relief=codet,
        relief_job_security=ap.relief_job_security,
        anxiety_adjust=p.anxiety_adjust,
        anxiety_relief_adjust=p.anxiety_relief_adjust,
        belief_adjust=p.belief_adjust,
        threat_job=ap.threat_job,
        threat_hype=ap.threat_hype,
        threat_errors=ap.threat_errors,
        trust_relief=ap.trust_relief,
        threat_incidents=ap.threat_incidents,
        relief_help=ap.relief_help,
        relief_success=ap.relief_success,
        relief_training=ap.relief_training,
        temperament=ap.temperament,
        belief_experience=ap.belief_experience,
        belief_peers=ap.belief_peers,
        belief_documented=ap.belief_documented,
        belief_documented_proof=ap.belief_documented_proof,
        belief_administration=ap.belief_administration,
        belief_hype=ap.belief_hype,
        reactance_belief=cfg.params.costs.reactance_belief,
        reactance_anxiety=cfg.params.costs.reactance_anxiety,
        no_reasons=1.0 - cfg.communication.purpose,
        job_disposition=fp.job_disposition,
        credibility_rate=fp.credibility_rate,
        commitment_target=commitment_target(cfg),
        job_threat=fp.job_threat,
        job_hype=fp.job_hype,
        job_commitment=fp.job_commitment,
        job_persistence=fp.job_persistence,
        job_adjust=fp.job_adjust,
        errors_weight=fp.errors_weight,
        errors_floor=fp.errors_floor,
        errors_incidents=fp.errors_incidents,
        errors_safe_practice=fp.errors_safe_practice,
        errors_adjust=fp.errors_adjust,
    )
    return bind(arrays, params)


def commitment_target(cfg) -> float:
    """What the credibility of job commitments moves toward: the job-security commitment, less what hype from
    the top erodes (``params.fears.credibility_hype``); nothing while staff are being cut."""
    if cfg.harvest.policy == "reduce_staffing":
        return 0.0
    return cfg.communication.job_security * (1.0 - cfg.params.fears.credibility_hype * cfg.communication.hype)


@jit
def _kernel(arrays, params, job_threat, org_proven, available, rules_clarity, credibility):
    a, par = Arrays(*arrays), params[0]
    documented = popcount1(org_proven & available) / max(popcount1(available), 1)  # share documented org-wide
    credibility += par.credibility_rate * (par.commitment_target - credibility)  # built over time
    # the arrays as local names: read off the record inside the loop, each would be reference-counted at every use
    incidents_in_team, stage, incident_now, team = a.incidents_in_team, a.stage, a.incident_now, a.team
    need_rules, frames, competence, hype, team_size = a.need_rules, a.frames, a.competence, a.hype, a.team_size
    benefit, help_, modules_attended, baseline_anxiety = a.benefit, a.help, a.modules_attended, a.baseline_anxiety
    anxiety, risk_trained, need_proof, initial_belief = a.anxiety, a.risk_trained, a.need_proof, a.initial_belief
    exposure, critical_sense, hype_aversion, belief = a.exposure, a.critical_sense, a.hype_aversion, a.belief
    fear_job, fear_errors, instructed, mandate_response = a.fear_job, a.fear_errors, a.instructed, a.mandate_response
    incidents_in_team[:] = 0.0
    for i in range(stage.size):
        if incident_now[i]:
            incidents_in_team[team[i]] += 1.0
    for i in range(stage.size):
        user = TRYING <= stage[i] <= REGULAR
        # fear of errors: need for rules x unclear frames x missing competence, less what trust removes
        fear_of_errors = par.threat_errors * need_rules[i] * (1.0 - frames[i]) * (1.0 - competence[i])
        threat = (
            par.threat_job * job_threat
            + par.threat_hype * hype[i]
            + fear_of_errors * (1.0 - par.trust_relief * par.trust)
        )
        incidents_share = incidents_in_team[team[i]] / team_size[team[i]]
        threat += par.threat_incidents * incidents_share
        # reactance: an instruction with neither help nor reasons, felt by the critical and the anxious
        reactance = 0.0
        if instructed[i]:
            unruly = (critical_sense[i] + baseline_anxiety[i]) / 2  # the mean of critical sense and anxiety
            susceptible = (1.0 - mandate_response[i]) * unruly
            reactance = susceptible * (1.0 - help_[i]) * par.no_reasons
            threat += par.reactance_anxiety * reactance
        success = min(benefit[i], 1.0) if user else 0.0
        relief = par.fixed_relief + par.relief_job_security * credibility
        relief += par.relief_help * help_[i] + par.relief_success * success
        relief += par.relief_training * (modules_attended[i] > 0)
        # relief removes at most part of one's baseline anxiety (the rest is temperament)
        base = baseline_anxiety[i]
        target = clip01(max(base + threat - relief, par.temperament * base))
        # alarm is quick, reassurance slow (asymmetry of trust)
        rate = par.anxiety_adjust if target > anxiety[i] else par.anxiety_relief_adjust
        anxiety[i] += rate * (target - anxiety[i])

        experience = min(max(benefit[i] - 1.0, -1.0), 1.0) if user else 0.0
        # good administration: the mean of AI never deciding alone, transparent tools, clear rules, own training
        good_administration = (par.human_decides + par.transparent + rules_clarity + risk_trained[i]) / 4
        documented_weight = par.belief_documented + par.belief_documented_proof * need_proof[i]
        belief_target = clip01(
            initial_belief[i]
            + par.belief_experience * experience
            + par.belief_peers * exposure[i]
            + documented_weight * documented
            + par.belief_administration * critical_sense[i] * good_administration
            - par.belief_hype * hype[i] * hype_aversion[i]
            - par.reactance_belief * reactance
        )
        belief[i] += par.belief_adjust * (belief_target - belief[i])

        # the two fears, apart: of losing one's job (slow, persistent in a minority) and of making errors
        disposition = par.job_disposition * base
        job_target = disposition + par.job_threat * job_threat + par.job_hype * hype[i]
        job_target = clip01(max(job_target - par.job_commitment * credibility, par.job_persistence * disposition))
        fear_job[i] += par.job_adjust * (job_target - fear_job[i])
        unsafe = par.errors_floor + (1.0 - par.errors_floor) * (1.0 - frames[i]) * (1.0 - competence[i])
        unsafe *= 1.0 - par.trust_relief * par.trust
        errors_target = par.errors_weight * need_rules[i] * unsafe + par.errors_incidents * incidents_share
        safe_practice = ((modules_attended[i] > 0) + help_[i]) / 2  # the mean of training attended and help
        errors_target = clip01(errors_target * (1.0 - par.errors_safe_practice * safe_practice))
        fear_errors[i] += par.errors_adjust * (errors_target - fear_errors[i])
    return credibility


def step(s, m) -> None:
    sig, b = s.signals, m.bound.attitude
    s.credibility = _kernel(
        b.arrays, b.params, float(sig.job_threat), s.org_proven, s.available, float(sig.rules_clarity), s.credibility
    )
