"""5. Spread: people take up use cases from colleagues, leaders, superusers and instructions.

Weekly take-up rate of a person with access (summed, then scaled by willingness and ease of use):

* peers: ``params.peer_rate`` x susceptibility x exposure (the share of the person's contacts
  who use AI; with ``org.mixing=full`` the share of the whole organisation); people who need
  proof respond to peers only where a proven use case is at hand;
* transition leadership: ``params.transition_rate`` x the leader's push x (0.3 + 0.7 need for
  proof), where a proven use case (proven in the team or shared organisation-wide) is at hand;
* help getting started: ``params.help_rate`` x superuser help (seed 002: 57 %);
* a clear instruction: ``params.mandate_rate`` x response to mandates, after mandatory training
  or a directive (seed 002: 18 %);
* AI built into case systems (the 'button'): ``params.transition_rate`` x (0.5 + 0.5 response
  to mandates), from ``tools.builtin_week`` on.

A non-user who takes up AI moves to ``trying`` with a proven use case if one is at hand, else with
an available one of a task type drawn from their task mix. A user takes up one more proven use
case at the same rate (without the instruction terms).
Reads: stage, traits, anxiety, belief, access, ``push``, ``help``, ``builtin``, instructed, proven and
available use cases, adjacency (or, fully mixed, everyone).
Changes: ``s.stage``, ``s.adopted``, ``s.moved``; ``s.signals['exposure']``.
Random stream: ``spread`` (three uniforms per person every week).
"""

from __future__ import annotations

import math

import numpy as np

from sim.jit import jit
from sim.mechanisms.bits import bit1, pick1
from sim.mechanisms.exploration import relevant1, willingness1
from sim.state import ABANDONED, NEVER, REGULAR, TRYING


@jit
def _update_contacts(stage, seen_using, contacts_using, degree, indptr, indices):
    exposure = np.zeros(stage.size)
    for i in range(stage.size):
        using = TRYING <= stage[i] <= REGULAR
        if using != seen_using[i]:  # tell i's contacts
            change = 1 if using else -1
            for k in range(indptr[i], indptr[i + 1]):
                contacts_using[indices[k]] += change
            seen_using[i] = using
    for i in range(stage.size):
        if degree[i] > 0:
            exposure[i] = contacts_using[i] / degree[i]
    return exposure


def exposure(s, m) -> np.ndarray:
    """Share of each person's contacts who currently use AI (trying, occasional or regular).

    The number of contacts using AI is kept from week to week and updated only along the ties of
    the people whose use changed (a few a week), not recomputed over all ties.
    """
    if m.cfg.org.mixing == "full":
        u = ((s.stage >= TRYING) & (s.stage <= REGULAR)).astype(np.float64)
        return (u.sum() - u) / max(s.n - 1, 1)
    adj = m.adjacency
    return _update_contacts(s.stage, s.seen_using, s.contacts_using, s.degree, adj.indptr, adj.indices)


@jit
def _kernel(
    u_go, u_type, u_case,  # this week's uniforms
    susceptibility, need_proof, mandate_response, anxiety, belief, help_, exposure, push_team, team, access,  # read
    instructed, task_mix, type_masks, team_proven, org_proven, available,  # read
    adopted, stage, moved,  # changed
    peer_rate, transition_rate, help_rate, mandate_rate, builtin, anxiety_barrier, belief_weight, ease_of_use,
):  # fmt: skip
    for i in range(stage.size):
        if not access[i] or moved[i]:
            continue
        proven = (team_proven[team[i]] | org_proven) & available & ~adopted[i]
        has_proven = proven != 0
        peer = peer_rate * susceptibility[i] * exposure[i] * (1.0 - need_proof[i] * (0.0 if has_proven else 1.0))
        # transition leadership spreads proven use cases to those who need proof
        transition = transition_rate * push_team[team[i]] * has_proven * (0.3 + 0.7 * need_proof[i])
        scale = willingness1(anxiety[i], belief[i], help_[i], anxiety_barrier, belief_weight) * (
            0.5 + 0.5 * ease_of_use
        )
        rate = peer + transition + help_rate * help_[i]
        non_user = stage[i] == NEVER or stage[i] == ABANDONED
        if non_user:  # non-users also respond to instructions and to AI built into the case systems
            rate += mandate_rate * mandate_response[i] * instructed[i]
            if builtin:
                rate += transition_rate * builtin * (0.5 + 0.5 * mandate_response[i])
        elif not has_proven:  # users take up one more use case only where a proven one is at hand
            rate = 0.0
        if not u_go[i] < -math.expm1(-rate * scale):
            continue
        if not has_proven:  # an available use case of a task type drawn from the task mix
            proven = relevant1(available, type_masks, task_mix[i], u_type[i], adopted[i])
        adopted[i] |= bit1(pick1(proven, u_case[i]))
        if non_user:
            stage[i] = TRYING
            moved[i] = True


def step(s, m) -> None:
    cfg, p, rng = m.cfg, m.cfg.params, m.streams["spread"]
    u_go, u_type, u_case = rng.random((3, s.n))
    tr, sig = s.traits, s.signals
    sig["exposure"] = exposure(s, m)
    _kernel(
        u_go, u_type, u_case,
        tr["peer_susceptibility"], tr["need_proof"], tr["mandate_response"], s.anxiety, s.belief, s.help,
        sig["exposure"], sig["push"], s.team, sig["access"],
        s.instructed, s.task_mix, m.masks["type"], s.team_proven, s.org_proven, s.available,
        s.adopted, s.stage, s.moved,
        p.peer_rate, p.transition_rate, p.help_rate, p.mandate_rate, float(sig["builtin"]), p.anxiety_barrier,
        p.belief_weight, float(cfg.tools.ease_of_use),
    )  # fmt: skip
