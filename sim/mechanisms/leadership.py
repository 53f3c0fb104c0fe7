"""2. Leaders act: frames, room to explore, spreading, job signals, superusers, shared lessons.

Reads: each team leader's transformation weight and own competence (hands-on literacy), the
communication and harvest levers, this week's rules clarity, superusers.
Changes: ``s.signals`` keys ``room`` and ``push`` (per team: transformation gives room to
explore, transition pushes proven use cases), ``frames`` (per person: how clear purpose and rules
feel), ``job_threat`` (organisation), ``help`` is set in ``s.help`` (per person: superuser hours
available per colleague, 0-1); superusers' hours are costed; with weekly probability
``leadership.share_lessons`` a team's proven use cases are shared organisation-wide
(``s.org_proven``).
Random stream: ``leadership`` (one draw per team and week).
"""

from __future__ import annotations

import numpy as np

# job threat of each harvest policy when it is said clearly; an unclear policy reads as 0.5
POLICY_THREAT = {"reinvest_quality": 0.1, "unclear": 0.5, "reduce_staffing": 1.0}


def step(s, m) -> None:
    cfg, rng = m.cfg, m.streams["leadership"]
    lead = s.team_leader
    literacy = np.where(lead >= 0, s.competence[np.maximum(lead, 0)], cfg.leadership.leader_literacy)
    lit = 0.5 + 0.5 * literacy  # a leader who uses AI sets better frames and conversations
    s.signals["room"] = s.team_transformation * lit
    s.signals["push"] = (1.0 - s.team_transformation) * lit
    purpose = cfg.communication.purpose * lit
    frames_team = 1.0 - (1.0 - s.signals["rules_clarity"]) * (1.0 - purpose)
    s.signals["frames"] = frames_team[s.team]
    clarity = cfg.communication.harvest_clarity
    s.signals["job_threat"] = clarity * POLICY_THREAT[cfg.harvest.policy] + (1.0 - clarity) * 0.5

    # superusers help colleagues in their team once tools are available
    access = s.signals["access"]
    active_su = s.is_superuser & access
    su_hours = np.bincount(s.team[active_su], minlength=s.team_size.size) * cfg.superusers.hours_per_week
    others = np.maximum(s.team_size - np.bincount(s.team[active_su], minlength=s.team_size.size), 1)
    help_team = np.minimum(1.0, su_hours / (cfg.params.help_need_hours * others))
    s.help[:] = np.where(access, help_team[s.team], 0.0)
    s.cost_eur[active_su] += cfg.superusers.hours_per_week * cfg.params.hourly_cost_eur

    share = rng.random(s.team_proven.size) < cfg.leadership.share_lessons
    if share.any():
        s.org_proven = np.uint64(s.org_proven | np.bitwise_or.reduce(s.team_proven[share]))
