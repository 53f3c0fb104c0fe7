"""2. Leaders act: frames, room to explore, spreading, hype, job signals, superusers, lessons.

Each team leader's literacy factor is ``lit = f + (1 - f) x literacy`` with ``f =
params.leadership.literacy_floor`` (a leader who uses AI sets better frames and conversations).
Per team, with the leader's transformation weight ``tau`` (in phased mode ``tau`` shrinks to 0 as
proven use cases at hand reach ``leadership.phase_proven``):

* room to explore (transformation) ``tau x lit``; push of proven use cases (transition)
  ``(1 - tau) x lit``;
* frames ``1 - (1 - rules clarity) x (1 - purpose x lit)``;
* felt hype ``hype x (1 - damp_hype x literacy)``.

The organisation reads a job threat from the harvest policy: ``clarity x threat(policy) + (1 -
clarity) x params.leadership.threat_unclear``. Superusers at work give each colleague in their
team help ``min(1, superusers x hours / (params.help_need_hours x colleagues))``; their hours are
costed. A team's proven use cases are shared organisation-wide with weekly probability
``leadership.share_lessons x (params.leadership.lessons_floor + push)``, since transition leaders
collect and spread what works. With ``leadership.directive`` everyone with access is instructed.
Transition leadership codifies discoveries: each team with use cases found but not yet proven
(``s.team_found``, see exploration) proves them all with probability ``1 - exp(-params.leadership.codify_rate
x push)`` a week. Hours: superusers at work spend their hours, and with ``leadership.hands_on`` each team
leader with access spends ``params.costs.leader_hours`` a week (``s.hours_spent``; the leaders' cost in
``s.attention_cost_eur``). A team without a leader has the organisation's starting literacy
(``s.leader_literacy``).

Reads: team leaders, their transformation weight and competence, the leadership, communication and
harvest levers, this week's rules clarity and access, superusers, proven and found use cases.
Changes: the signals ``room``, ``push``, ``frames``, ``hype``, ``job_threat``; ``s.help``,
``s.instructed``, ``s.cost_eur`` (superuser hours), ``s.org_proven``, ``s.team_proven``, ``s.team_found``,
``s.hours_spent``, ``s.attention_cost_eur``.
Random streams: ``leadership`` (one draw per team and week), ``codify`` (one draw per team and week).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from sim.jit import Bound, bind, jit, record
from sim.mechanisms.bits import popcount1
from sim.state import skip


class Arrays(NamedTuple):
    """The state arrays the loops of this part read and change (per team unless stated)."""

    team_leader: np.ndarray  # read: person index of each team's leader, -1 if none
    competence: np.ndarray  # read (people): leaders' literacy
    team_transformation: np.ndarray  # read
    team_proven: np.ndarray  # changed: codified discoveries join it
    team: np.ndarray  # read (people)
    team_size: np.ndarray  # read
    access: np.ndarray  # read (people)
    is_superuser: np.ndarray  # read (people)
    room: np.ndarray  # written
    push: np.ndarray  # written
    frames_team: np.ndarray  # written (scratch)
    hype_team: np.ndarray  # written (scratch)
    frames: np.ndarray  # written (people): the team's frames
    hype: np.ndarray  # written (people): the team's felt hype
    help: np.ndarray  # written (people)
    cost_eur: np.ndarray  # changed (people): superusers' hours
    hours_spent: np.ndarray  # changed (people): superusers' and hands-on leaders' hours
    attention_cost_eur: np.ndarray  # changed (people): hands-on leaders' hours
    team_found: np.ndarray  # changed: discoveries not yet proven


def bound(s, cfg) -> Bound:
    """This part's arrays and constants, bound once per model."""
    lc, lp, sig = cfg.leadership, cfg.params.leadership, s.signals
    teams = s.team_leader.size
    hours = cfg.superusers.hours_per_week
    arrays = Arrays(
        team_leader=s.team_leader, competence=s.competence, team_transformation=s.team_transformation,
        team_proven=s.team_proven, team=s.team, team_size=s.team_size, access=sig.access,
        is_superuser=s.is_superuser, room=sig.room, push=sig.push, frames_team=np.empty(teams),
        hype_team=np.empty(teams), frames=sig.frames, hype=sig.hype, help=s.help, cost_eur=s.cost_eur,
        hours_spent=s.hours_spent, attention_cost_eur=s.attention_cost_eur, team_found=s.team_found,
    )  # fmt: skip
    leader_hours = cfg.params.costs.leader_hours if lc.hands_on else 0.0
    params = record(
        leader_literacy=s.leader_literacy,
        leader_hours=leader_hours,
        leader_cost=leader_hours * cfg.params.hourly_cost_eur,
        codify_rate=lp.codify_rate,
        phased=lc.mode == "phased",
        phase_proven=lc.phase_proven,
        purpose=cfg.communication.purpose,
        hype=cfg.communication.hype,
        damp_hype=lc.damp_hype,
        literacy_floor=lp.literacy_floor,
        share_lessons=lc.share_lessons,
        lessons_floor=lp.lessons_floor,
        hours=hours,
        help_need_hours=cfg.params.help_need_hours,
        superuser_cost=hours * cfg.params.hourly_cost_eur,
        hands_on=bool(lc.hands_on),
    )
    return bind(arrays, params)


@jit
def _team_signals(arrays, params, org_proven, available, rules_clarity):
    a, par = Arrays(*arrays), params[0]
    # the arrays as local names: read off the record inside the loop, each would be reference-counted at every use
    team_leader, competence, team_transformation = a.team_leader, a.competence, a.team_transformation
    team_proven, room, push, frames_team, hype_team = a.team_proven, a.room, a.push, a.frames_team, a.hype_team
    team, frames, hype = a.team, a.frames, a.hype
    for t in range(team_leader.size):
        lead = team_leader[t]
        literacy = competence[lead] if lead >= 0 else par.leader_literacy
        lit = par.literacy_floor + (1.0 - par.literacy_floor) * literacy
        tau = team_transformation[t]
        if par.phased:  # the mix shifts toward transition as proven use cases accumulate
            at_hand = popcount1((team_proven[t] | org_proven) & available)
            tau = tau * np.maximum(0.0, 1.0 - at_hand / par.phase_proven)
        room[t] = tau * lit
        push[t] = (1.0 - tau) * lit
        frames_team[t] = 1.0 - (1.0 - rules_clarity) * (1.0 - par.purpose * lit)
        hype_team[t] = par.hype * (1.0 - par.damp_hype * literacy)
    for i in range(team.size):  # each person feels their team's frames and hype
        frames[i] = frames_team[team[i]]
        hype[i] = hype_team[team[i]]


@jit
def _superuser_help(arrays, params):
    a, par = Arrays(*arrays), params[0]
    # the arrays as local names: read off the record inside the loop, each would be reference-counted at every use
    team_size, team, is_superuser, access, cost_eur = a.team_size, a.team, a.is_superuser, a.access, a.cost_eur
    help_, hours_spent = a.help, a.hours_spent
    n_su = np.zeros(team_size.size, dtype=np.int64)
    for i in range(team.size):
        if is_superuser[i] and access[i]:  # superusers at work
            n_su[team[i]] += 1
            cost_eur[i] += par.superuser_cost
    help_team = np.empty(team_size.size)
    for t in range(team_size.size):
        colleagues = max(team_size[t] - n_su[t], 1)
        help_team[t] = np.minimum(1.0, n_su[t] * par.hours / (par.help_need_hours * colleagues))
    for i in range(team.size):
        help_[i] = help_team[team[i]] if access[i] else 0.0
        if is_superuser[i] and access[i]:
            hours_spent[i] += par.hours


@jit
def _leaders_time(arrays, params):
    """Hands-on leaders spend hours on their own use and on AI in conversations (not in ``cost_eur``)."""
    a, par = Arrays(*arrays), params[0]
    team_leader, hours_spent, attention_cost_eur, access = a.team_leader, a.hours_spent, a.attention_cost_eur, a.access
    for t in range(team_leader.size):
        lead = team_leader[t]
        if lead >= 0 and access[lead]:
            hours_spent[lead] += par.leader_hours
            attention_cost_eur[lead] += par.leader_cost


@jit
def _codify(u, arrays, params):
    """Transition leadership turns a team's discoveries into proven use cases: each team, with probability
    ``1 - exp(-codify_rate x push)``, proves all it has found."""
    a, par = Arrays(*arrays), params[0]
    push, team_found, team_proven = a.push, a.team_found, a.team_proven
    for t in range(u.size):
        if team_found[t] and u[t] < -np.expm1(-par.codify_rate * push[t]):
            team_proven[t] |= team_found[t]
            team_found[t] = 0


@jit
def _share_lessons(u, arrays, params, org_proven):
    a, par = Arrays(*arrays), params[0]
    # the arrays as local names: read off the record inside the loop, each would be reference-counted at every use
    push, team_proven = a.push, a.team_proven
    for t in range(u.size):
        if u[t] < par.share_lessons * (par.lessons_floor + push[t]):
            org_proven |= team_proven[t]
    return org_proven


@jit
def _week(u_share, u_codify, codify, arrays, params, org_proven, available, rules_clarity):
    """The week's loops in their order, in one call from Python (each call costs more than a loop over teams):
    team signals, superusers' help, hands-on leaders' hours, lessons shared (returned: the organisation's proven
    use cases) and, if ``codify``, discoveries codified."""
    _team_signals(arrays, params, org_proven, available, rules_clarity)
    _superuser_help(arrays, params)
    if params[0].hands_on:
        _leaders_time(arrays, params)
    org_proven = _share_lessons(u_share, arrays, params, org_proven)
    if codify:
        _codify(u_codify, arrays, params)
    return org_proven


def job_threat(cfg) -> float:
    """Job threat read from the harvest policy, as clearly as it is said (0-1)."""
    lp = cfg.params.leadership
    threat = {
        "reinvest_quality": lp.threat_reinvest_quality,
        "unclear": lp.threat_unclear,
        "reduce_staffing": lp.threat_reduce_staffing,
    }[cfg.harvest.policy]
    clarity = cfg.communication.harvest_clarity
    return clarity * threat + (1.0 - clarity) * lp.threat_unclear


def step(s, m) -> None:
    cfg, b, sig, teams = m.cfg, m.bound.leadership, s.signals, s.team_leader.size
    sig.job_threat = job_threat(cfg)
    if cfg.leadership.directive:
        s.instructed |= sig.access
    # the draws first (no loop of this part changes what decides them; each stream draws what it drew before)
    u_share = m.streams["leadership"].random(teams)
    codify = bool(s.team_found.any())
    if codify:
        u_codify = m.streams["codify"].random(teams)
    else:  # nothing found to codify: the same draws every week, used or not
        skip(m.streams["codify"], teams)
        u_codify = u_share  # not read
    org_proven = _week(u_share, u_codify, codify, b.arrays, b.params, s.org_proven, s.available,
                       float(sig.rules_clarity))  # fmt: skip
    s.org_proven = np.uint64(org_proven)
