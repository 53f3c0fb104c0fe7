"""7. Anxiety and attitude.

Anxiety moves a share ``params.anxiety_adjust`` a week toward a target: the person's baseline
anxiety, plus job threat (harvest policy and how clearly it is said), hype, fear of errors (the
need for rules where frames are unclear and competence low) and incidents in the team; minus a
job-security commitment, union involvement, help from superusers, own success and training as a
safe space.
Belief that AI is useful moves a share ``params.belief_adjust`` a week toward: initial belief,
plus own experience (benefit against expectation), colleagues' use, the share of available use
cases documented organisation-wide, and, for the critical, frames of good administration (clear
rules, AI never deciding alone); minus hype for those averse to it.
Reads: traits, signals, help, benefit, incidents this week, stage.
Changes: ``s.anxiety``, ``s.belief``.
Random stream: none.
"""

from __future__ import annotations

import numpy as np

from sim.mechanisms.bits import popcount
from sim.state import REGULAR, TRYING


def step(s, m) -> None:
    cfg, p = m.cfg, m.cfg.params
    tr, sig = s.traits, s.signals
    hype = cfg.communication.hype
    team_incidents = np.bincount(s.team, weights=s.incident_now, minlength=s.team_size.size) / s.team_size
    user = (s.stage >= TRYING) & (s.stage <= REGULAR)
    success = np.where(user, np.minimum(s.benefit, 1.0), 0.0)
    threat = (
        0.25 * sig["job_threat"]
        + 0.15 * hype
        + 0.2 * tr["need_rules"] * (1.0 - sig["frames"]) * (1.0 - s.competence)
        + 0.5 * team_incidents[s.team]
    )
    codet = 0.05 * cfg.codetermination.involved + 0.05 * cfg.codetermination.standing_agenda
    relief = (
        0.2 * cfg.communication.job_security + codet + 0.1 * s.help + 0.1 * success + 0.05 * (s.modules_attended > 0)
    )
    target = np.clip(tr["baseline_anxiety"] + threat - relief, 0.0, 1.0)
    s.anxiety += p.anxiety_adjust * (target - s.anxiety)

    n_available = popcount(np.array([s.available]))[0]
    documented = popcount(np.array([s.org_proven & s.available]))[0] / max(n_available, 1)
    experience = np.where(user, np.clip(s.benefit - 1.0, -1.0, 1.0), 0.0)
    good_administration = 0.5 * cfg.rules.human_decides + 0.5 * sig["rules_clarity"]
    belief_target = np.clip(
        tr["initial_belief"]
        + 0.3 * experience
        + 0.15 * sig["exposure"]
        + 0.2 * documented
        + 0.15 * tr["critical_sense"] * good_administration
        - 0.3 * hype * tr["hype_aversion"],
        0.0,
        1.0,
    )
    s.belief += p.belief_adjust * (belief_target - s.belief)
