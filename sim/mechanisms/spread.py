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

import numpy as np

from sim.mechanisms.bits import bit, pick
from sim.mechanisms.exploration import relevant_candidates, willingness
from sim.state import ABANDONED, NEVER, REGULAR, TRYING


def exposure(s, m) -> np.ndarray:
    """Share of each person's contacts who currently use AI (trying, occasional or regular).

    The number of contacts using AI is kept from week to week and updated only along the ties of
    the people whose use changed (a few a week), not recomputed over all ties.
    """
    using = (s.stage >= TRYING) & (s.stage <= REGULAR)
    if m.cfg.org.mixing == "full":
        u = using.astype(np.float64)
        return (u.sum() - u) / max(s.n - 1, 1)
    changed = (using != s.seen_using).nonzero()[0]
    if changed.size:
        indptr, indices = m.adjacency.indptr, m.adjacency.indices
        starts = indptr[changed]
        counts = indptr[changed + 1] - starts
        # positions of the changed people's ties in the CSR arrays, row after row
        first = np.repeat(starts - (np.cumsum(counts) - counts), counts)
        contacts = indices[first + np.arange(first.size)]
        np.add.at(s.contacts_using, contacts, np.repeat(np.where(using[changed], 1, -1), counts))
        s.seen_using[changed] = using[changed]
    return np.divide(s.contacts_using, s.degree, out=np.zeros(s.n), where=s.degree > 0)


def step(s, m) -> None:
    cfg, p, rng = m.cfg, m.cfg.params, m.streams["spread"]
    u_go, u_type, u_case = rng.random((3, s.n))
    tr = s.traits
    expo = exposure(s, m)
    s.signals["exposure"] = expo
    proven = (s.team_proven[s.team] | s.org_proven) & s.available & ~s.adopted
    has_proven = proven != 0
    peer = p.peer_rate * tr["peer_susceptibility"] * expo * (1.0 - tr["need_proof"] * ~has_proven)
    # transition leadership spreads proven use cases to those who need proof (seed 002: the four
    # types other than opportunity-seekers)
    transition = p.transition_rate * s.signals["push"][s.team] * has_proven * (0.3 + 0.7 * tr["need_proof"])
    scale = willingness(s, p, s.help) * (0.5 + 0.5 * cfg.tools.ease_of_use)
    non_user = (s.stage == NEVER) | (s.stage == ABANDONED)
    rate = peer + transition
    if s.help.any():
        rate += p.help_rate * s.help
    # non-users also respond to instructions and to AI built into the case systems; users take
    # up one more use case only where a proven one is at hand (terms that are zero are skipped)
    first_use = rate.copy()
    if s.instructed.any():
        first_use += p.mandate_rate * tr["mandate_response"] * s.instructed
    if s.signals["builtin"]:
        first_use += p.transition_rate * s.signals["builtin"] * (0.5 + 0.5 * tr["mandate_response"])
    rate = np.where(non_user, first_use, rate * has_proven)
    go = s.signals["access"] & ~s.moved & (u_go < -np.expm1(-rate * scale))
    idx = go.nonzero()[0]
    if idx.size == 0:
        return
    fallback = relevant_candidates(s, m, idx, u_type[idx])
    candidates = np.where(has_proven[idx], proven[idx], fallback)
    s.adopted[idx] |= bit(pick(candidates, u_case[idx]))
    newcomer = idx[non_user[idx]]
    s.stage[newcomer] = TRYING
    s.moved[newcomer] = True
