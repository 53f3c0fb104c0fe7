"""7. Anxiety and attitude.

Anxiety moves a share ``params.anxiety_adjust`` a week toward a target: the person's baseline
anxiety, plus 0.25 job threat (harvest policy and how clearly it is said), 0.15 felt hype, fear
of errors (0.2 x need for rules x unclear frames x missing competence, halved by explainable
tools and human decisions together) and 0.5 x the share of the team causing an incident this
week; minus 0.15 job-security commitment, 0.05 each for union involvement and a standing agenda,
0.1 help from superusers, 0.1 own success and 0.05 for having attended training (a safe space);
the target never falls below half the baseline anxiety (temperament).
Belief that AI is useful moves a share ``params.belief_adjust`` a week toward: initial belief,
plus 0.3 own experience (benefit against expectation), 0.15 colleagues' use, (0.1 + 0.3 need for
proof) x the share of available use cases documented organisation-wide (documented effects win
pragmatists), and 0.3 x critical sense x good administration (the mean of: AI never decides
alone, transparent tools, clear rules, own training in responsible use); minus 0.3 x felt hype x
aversion to hype.
Reads: traits, signals, help, benefit, incidents this week, stage.
Changes: ``s.anxiety``, ``s.belief``.
Random stream: none.
"""

from __future__ import annotations

import numpy as np

from sim.state import REGULAR, TRYING


def clip01(x: np.ndarray) -> np.ndarray:
    """``np.clip(x, 0, 1)`` in place, without its overhead on small arrays."""
    return np.minimum(np.maximum(x, 0.0, out=x), 1.0, out=x)


def step(s, m) -> None:
    cfg, p = m.cfg, m.cfg.params
    tr, sig = s.traits, s.signals
    hype = sig["hype"]  # as felt in the team, after the leader's braking
    trust = 0.5 * cfg.rules.human_decides + 0.5 * cfg.tools.transparent  # explainability, human decisions
    user = (s.stage >= TRYING) & (s.stage <= REGULAR)
    success = np.where(user, np.minimum(s.benefit, 1.0), 0.0)
    threat = (
        0.25 * sig["job_threat"]
        + 0.15 * hype
        + 0.2 * tr["need_rules"] * (1.0 - sig["frames"]) * (1.0 - s.competence) * (1.0 - 0.5 * trust)
    )
    if s.incident_now.any():
        team_incidents = np.bincount(s.team, weights=s.incident_now, minlength=s.team_size.size) / s.team_size
        threat += 0.5 * team_incidents[s.team]
    codet = 0.05 * cfg.codetermination.involved + 0.05 * cfg.codetermination.standing_agenda
    relief = (
        0.15 * cfg.communication.job_security + codet + 0.1 * s.help + 0.1 * success + 0.05 * (s.modules_attended > 0)
    )
    # relief removes at most half of one's baseline anxiety (the part that is temperament)
    target = clip01(np.maximum(tr["baseline_anxiety"] + threat - relief, 0.5 * tr["baseline_anxiety"]))
    s.anxiety += p.anxiety_adjust * (target - s.anxiety)

    n_available = int(s.available).bit_count()
    documented = int(s.org_proven & s.available).bit_count() / max(n_available, 1)
    experience = np.where(user, np.minimum(np.maximum(s.benefit - 1.0, -1.0), 1.0), 0.0)
    good_administration = (cfg.rules.human_decides + cfg.tools.transparent + sig["rules_clarity"] + s.risk_trained) / 4
    belief_target = clip01(
        tr["initial_belief"]
        + 0.3 * experience
        + 0.15 * sig["exposure"]
        + (0.1 + 0.3 * tr["need_proof"]) * documented
        + 0.3 * tr["critical_sense"] * good_administration
        - 0.3 * hype * tr["hype_aversion"]
    )
    s.belief += p.belief_adjust * (belief_target - s.belief)
