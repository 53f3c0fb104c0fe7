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

from sim.mechanisms.bits import popcount

# job threat of each harvest policy when it is said clearly; an unclear policy reads as 0.5
POLICY_THREAT = {"reinvest_quality": 0.1, "unclear": 0.5, "reduce_staffing": 1.0}


def superuser_help(s, cfg, access: np.ndarray, active_su: np.ndarray) -> None:
    """Superuser hours per colleague in each team (0-1) as each person's help; their hours are costed."""
    n_su = np.bincount(s.team[active_su], minlength=s.team_size.size)
    others = np.maximum(s.team_size - n_su, 1)
    help_team = np.minimum(1.0, n_su * cfg.superusers.hours_per_week / (cfg.params.help_need_hours * others))
    s.help[:] = np.where(access, help_team[s.team], 0.0)
    s.cost_eur[active_su] += cfg.superusers.hours_per_week * cfg.params.hourly_cost_eur


def step(s, m) -> None:
    cfg, rng = m.cfg, m.streams["leadership"]
    lc = cfg.leadership
    lead = s.team_leader
    literacy = np.where(lead >= 0, s.competence[np.maximum(lead, 0)], lc.leader_literacy)
    lit = 0.5 + 0.5 * literacy  # a leader who uses AI sets better frames and conversations
    tau = s.team_transformation
    if lc.mode == "phased":
        at_hand = popcount((s.team_proven | s.org_proven) & s.available)
        tau = tau * np.maximum(0.0, 1.0 - at_hand / lc.phase_proven)
    s.signals["room"] = tau * lit
    s.signals["push"] = (1.0 - tau) * lit
    purpose = cfg.communication.purpose * lit
    frames_team = 1.0 - (1.0 - s.signals["rules_clarity"]) * (1.0 - purpose)
    s.signals["frames"] = frames_team[s.team]
    s.signals["hype"] = (cfg.communication.hype * (1.0 - lc.damp_hype * literacy))[s.team]
    clarity = cfg.communication.harvest_clarity
    s.signals["job_threat"] = clarity * POLICY_THREAT[cfg.harvest.policy] + (1.0 - clarity) * 0.5
    access = s.signals["access"]
    if lc.directive:
        s.instructed |= access

    # superusers help colleagues in their team once tools are available
    active_su = s.is_superuser & access
    if not active_su.any():  # no superuser at work (yet): no help
        s.help[:] = 0.0
    else:
        superuser_help(s, cfg, access, active_su)

    share = rng.random(s.team_proven.size) < lc.share_lessons * (0.5 + s.signals["push"])
    if share.any():
        s.org_proven = np.uint64(s.org_proven | np.bitwise_or.reduce(s.team_proven[share]))
