"""2. Leaders act: frames, room to explore, spreading, hype, job signals, superusers, lessons.

Reads: each team leader's transformation weight and own competence (hands-on literacy), the
leadership, communication and harvest levers, this week's rules clarity, superusers, the use
cases proven in each team and organisation-wide.
Changes: ``s.signals`` keys ``room`` and ``push`` (per team: transformation gives room to
explore, transition pushes proven use cases; in phased mode the mix shifts toward transition as
proven use cases accumulate), ``frames`` (per person: how clear purpose and rules feel), ``hype``
(per person: hype from the top as felt after the team leader's braking), ``job_threat``
(organisation); ``s.help`` (per person: superuser hours available per colleague, 0-1);
``s.instructed`` (a directive from the access week on); superusers' hours are costed; teams'
proven use cases are shared organisation-wide with weekly probability ``leadership.share_lessons``
x (0.5 + push), since transition leaders collect and spread what works.
Random stream: ``leadership`` (one draw per team and week).
"""

from __future__ import annotations

import numpy as np

from sim.jit import jit
from sim.mechanisms.bits import popcount1

# job threat of each harvest policy when it is said clearly; an unclear policy reads as 0.5
POLICY_THREAT = {"reinvest_quality": 0.1, "unclear": 0.5, "reduce_staffing": 1.0}


@jit
def _team_signals(
    lead, competence, transformation, team_proven, org_proven, available,  # read
    room, push, frames_team, hype_team,  # written, one per team
    leader_literacy, phased, phase_proven, purpose, rules_clarity, hype, damp_hype,
):  # fmt: skip
    for t in range(lead.size):
        literacy = competence[lead[t]] if lead[t] >= 0 else leader_literacy
        lit = 0.5 + 0.5 * literacy  # a leader who uses AI sets better frames and conversations
        tau = transformation[t]
        if phased:  # the mix shifts toward transition as proven use cases accumulate
            at_hand = popcount1((team_proven[t] | org_proven) & available)
            tau = tau * np.maximum(0.0, 1.0 - at_hand / phase_proven)
        room[t] = tau * lit
        push[t] = (1.0 - tau) * lit
        frames_team[t] = 1.0 - (1.0 - rules_clarity) * (1.0 - purpose * lit)
        hype_team[t] = hype * (1.0 - damp_hype * literacy)


@jit
def _superuser_help(team, team_size, access, is_superuser, help_, cost_eur, hours, need_hours, superuser_cost):
    n_su = np.zeros(team_size.size, dtype=np.int64)
    for i in range(team.size):
        if is_superuser[i] and access[i]:  # superusers at work
            n_su[team[i]] += 1
            cost_eur[i] += superuser_cost
    help_team = np.empty(team_size.size)
    for t in range(team_size.size):
        help_team[t] = np.minimum(1.0, n_su[t] * hours / (need_hours * max(team_size[t] - n_su[t], 1)))
    for i in range(team.size):
        help_[i] = help_team[team[i]] if access[i] else 0.0


def superuser_help(s, cfg, access: np.ndarray) -> None:
    """Superuser hours per colleague in each team (0-1) as each person's help; their hours are costed."""
    hours = cfg.superusers.hours_per_week
    _superuser_help(
        s.team, s.team_size, access, s.is_superuser, s.help, s.cost_eur,
        hours, cfg.params.help_need_hours, hours * cfg.params.hourly_cost_eur,
    )  # fmt: skip


@jit
def _share_lessons(u, share_lessons, push, team_proven, org_proven):
    for t in range(u.size):
        if u[t] < share_lessons * (0.5 + push[t]):
            org_proven |= team_proven[t]
    return org_proven


def step(s, m) -> None:
    cfg, rng = m.cfg, m.streams["leadership"]
    lc, sig = cfg.leadership, s.signals
    teams = s.team_leader.size
    room, push, frames_team, hype_team = np.empty((4, teams))
    _team_signals(
        s.team_leader, s.competence, s.team_transformation, s.team_proven, s.org_proven, s.available,
        room, push, frames_team, hype_team,
        lc.leader_literacy, lc.mode == "phased", float(lc.phase_proven), cfg.communication.purpose,
        float(sig["rules_clarity"]), cfg.communication.hype, lc.damp_hype,
    )  # fmt: skip
    sig["room"], sig["push"] = room, push
    sig["frames"], sig["hype"] = frames_team[s.team], hype_team[s.team]
    clarity = cfg.communication.harvest_clarity
    sig["job_threat"] = clarity * POLICY_THREAT[cfg.harvest.policy] + (1.0 - clarity) * 0.5
    access = sig["access"]
    if lc.directive:
        s.instructed |= access
    superuser_help(s, cfg, access)  # superusers help colleagues in their team once tools are available
    u = rng.random(teams)
    s.org_proven = np.uint64(_share_lessons(u, lc.share_lessons, push, s.team_proven, s.org_proven))
