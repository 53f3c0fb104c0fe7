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

from sim.jit import jit
from sim.state import REGULAR, TRYING


@jit
def clip01(x: float) -> float:
    """``x`` limited to [0, 1]."""
    return min(max(x, 0.0), 1.0)


@jit
def _kernel(
    stage, team, team_size, incident_now, benefit, competence, help_, modules_attended, risk_trained, frames,
    hype, exposure,  # read
    baseline_anxiety, need_rules, initial_belief, need_proof, critical_sense, hype_aversion,  # traits
    anxiety, belief,  # changed
    job_threat, trust, fixed_relief, documented, fixed_administration, anxiety_adjust, belief_adjust,
):  # fmt: skip
    incidents_in_team = np.zeros(team_size.size)
    for i in range(stage.size):
        if incident_now[i]:
            incidents_in_team[team[i]] += 1.0
    for i in range(stage.size):
        user = TRYING <= stage[i] <= REGULAR
        threat = (
            0.25 * job_threat
            + 0.15 * hype[i]
            + 0.2 * need_rules[i] * (1.0 - frames[i]) * (1.0 - competence[i]) * (1.0 - 0.5 * trust)
        )
        threat += 0.5 * (incidents_in_team[team[i]] / team_size[team[i]])
        success = min(benefit[i], 1.0) if user else 0.0
        relief = fixed_relief + 0.1 * help_[i] + 0.1 * success + 0.05 * (modules_attended[i] > 0)
        # relief removes at most half of one's baseline anxiety (the part that is temperament)
        base = baseline_anxiety[i]
        target = clip01(max(base + threat - relief, 0.5 * base))
        anxiety[i] += anxiety_adjust * (target - anxiety[i])

        experience = min(max(benefit[i] - 1.0, -1.0), 1.0) if user else 0.0
        good_administration = (fixed_administration + risk_trained[i]) / 4
        belief_target = clip01(
            initial_belief[i]
            + 0.3 * experience
            + 0.15 * exposure[i]
            + (0.1 + 0.3 * need_proof[i]) * documented
            + 0.3 * critical_sense[i] * good_administration
            - 0.3 * hype[i] * hype_aversion[i]
        )
        belief[i] += belief_adjust * (belief_target - belief[i])


def step(s, m) -> None:
    cfg, p = m.cfg, m.cfg.params
    tr, sig = s.traits, s.signals
    trust = 0.5 * cfg.rules.human_decides + 0.5 * cfg.tools.transparent  # explainability, human decisions
    codet = 0.05 * cfg.codetermination.involved + 0.05 * cfg.codetermination.standing_agenda
    n_available = int(s.available).bit_count()
    documented = int(s.org_proven & s.available).bit_count() / max(n_available, 1)
    _kernel(
        s.stage, s.team, s.team_size, s.incident_now, s.benefit, s.competence, s.help, s.modules_attended,
        s.risk_trained, sig["frames"], sig["hype"], sig["exposure"],
        tr["baseline_anxiety"], tr["need_rules"], tr["initial_belief"], tr["need_proof"], tr["critical_sense"],
        tr["hype_aversion"],
        s.anxiety, s.belief,
        float(sig["job_threat"]), float(trust), 0.15 * cfg.communication.job_security + codet, documented,
        float(cfg.rules.human_decides + cfg.tools.transparent + sig["rules_clarity"]), p.anxiety_adjust,
        p.belief_adjust,
    )  # fmt: skip
