"""5. Spread: people take up use cases from colleagues, leaders, superusers and instructions.

Weekly take-up rate of a person with access (summed, then scaled by willingness and ease of use,
as in exploration):

* peers: ``params.peer_rate`` x susceptibility x exposure (the share of the person's contacts
  who use AI; with ``org.mixing=full`` the share of the whole organisation); people who need
  proof respond to peers only where a proven use case is at hand;
* transition leadership: ``params.transition_rate`` x the leader's push x (f + (1 - f) need for
  proof), ``f = params.spread.transition_proof_floor``, where a proven use case (proven in
  the team or shared organisation-wide) is at hand;
* help getting started: ``params.help_rate`` x superuser help (seed 002: 57 %);
* a clear instruction: ``params.mandate_rate`` x response to mandates, after mandatory training
  or a directive (seed 002: 18 %);
* AI built into case systems (the 'button'): ``params.transition_rate`` x (g + (1 - g) response
  to mandates), ``g = params.spread.builtin_floor``, from ``tools.builtin_week`` on (with
  ``tools.builtin_with_access``, from the later of it and the person's own access week).

A non-user who takes up AI moves to ``trying`` with a proven use case if one is at hand, else with
an available one of a task type drawn from their task mix. A user takes up one more proven use
case at the same rate (without the instruction terms).

Complex contagion (``params.spread.reinforcement``): colleagues' use moves someone only when at least
``1 + reinforcement x need for proof`` of their contacts use AI. A contact on an embedded tie (the two share
another contact) counts 1, one on a tie in no triangle ``1 - (1 - params.spread.unembedded_weight) x need for
proof``: to those who need proof, trust and fine-grained know-how travel along embedded ties (Granovetter 1985;
Krackhardt 1992; Uzzi 1997), while the eager take up what any contact shows them. With ``params.spread.from_contacts``
(network mixing only), the use cases of one's contacts who use AI (as they stood when this part began)
are at hand for a user's further take-up, and someone with no proven use case at hand takes one of
them; they are no proof (need for proof is met only by proven use cases: seed 002's cautious types
adopt through transition).

With tool chaos (``tools.approved=chaos``) the peer and transition terms are scaled by ``1 -
params.uptake.untested_tools x need for proof``: those who need proof hold back from untested tools (seed 002);
a superuser's help, an instruction and the button carry the guidance or approval they miss and are not held back.

For a non-user who gave up having found no
value (``stuck``), every term but the button is scaled by ``params.value.stuck_uptake`` until something
has changed for them (:func:`sim.mechanisms.exploration.stuck_factor1`).
Reads: stage, traits, anxiety, belief, access, the tools' approval, ``push``, ``help``, ``builtin_here``,
instructed, proven and available use cases, adjacency (or, fully mixed, everyone), ``stuck`` and what was there
when they gave up.
Changes: ``s.stage``, ``s.adopted``, ``s.moved``; the signal ``exposure``.
Random stream: ``spread`` (three uniforms per person every week).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from sim.jit import Bound, bind, jit, record
from sim.mechanisms.bits import bit1, pick1
from sim.mechanisms.exploration import (
    barrier_anxiety1,
    ease,
    relevant1,
    stuck_factor1,
    tested1,
    untested_tools,
    willingness1,
)
from sim.state import ABANDONED, COUNT_TOLERANCE, NEVER, REGULAR, TRYING

UNIFORMS = 3  # per person and week, drawn whether used or not: go, task type, use case


@jit
def _embedded(indptr, indices, out):
    for i in range(indptr.size - 1):
        for k in range(indptr[i], indptr[i + 1]):
            j = indices[k]
            if j == i:  # a self-tie is no tie to anyone
                out[k] = False
                continue
            # look the shorter contact list up in the longer one (sorted): a hub's ties cost little
            a0, a1, b0, b1 = indptr[i], indptr[i + 1], indptr[j], indptr[j + 1]
            if a1 - a0 > b1 - b0:
                a0, a1, b0, b1 = b0, b1, a0, a1
            longer = indices[b0:b1]
            common = False
            for q in range(a0, a1):
                x = indices[q]
                if x == i or x == j:  # the two themselves (or a self-tie) are no common contact
                    continue
                pos = np.searchsorted(longer, x)
                if pos < longer.size and longer[pos] == x:
                    common = True
                    break
            out[k] = common


def embedded_ties(adjacency) -> np.ndarray:
    """Per stored tie of the (symmetric, compressed sparse rows, sorted indices) adjacency, in the order of its
    ``indices``: whether the two people share at least one other contact (the tie closes a triangle; Granovetter
    1985 and Uzzi 1997 call such ties embedded). No matrix product (a million employees would need one of some 50
    million entries): each tie looks the shorter of the two contact lists up in the longer one, so the cost is
    the sum over ties of the smaller number of contacts (times a logarithm), also with hubs of many ties."""
    if not adjacency.has_sorted_indices:
        raise ValueError("embedded_ties needs an adjacency with sorted indices (call sort_indices() first)")
    out = np.zeros(adjacency.indices.size, dtype=np.bool_)
    _embedded(adjacency.indptr, adjacency.indices, out)
    return out


@jit
def _update_contacts(stage, seen_using, contacts_using, embedded_using, embedded, degree, indptr, indices, exposure):
    for i in range(stage.size):
        using = TRYING <= stage[i] <= REGULAR
        if using != seen_using[i]:  # tell i's contacts (a tie is embedded or not for both its ends)
            change = 1 if using else -1
            for k in range(indptr[i], indptr[i + 1]):
                contacts_using[indices[k]] += change
                if embedded[k]:
                    embedded_using[indices[k]] += change
            seen_using[i] = using
    for i in range(stage.size):
        exposure[i] = contacts_using[i] / degree[i] if degree[i] > 0 else 0.0


def exposure(s, m) -> np.ndarray:
    """Set (and return) the signal ``exposure``: the share of each person's contacts who currently use
    AI (trying, occasional or regular).

    The number of contacts using AI (and of those among them on embedded ties) is kept from week to week and
    updated only along the ties of the people whose use changed (a few a week), not recomputed over all ties.
    """
    out = s.signals.exposure
    if m.cfg.org.mixing == "full":
        u = ((s.stage >= TRYING) & (s.stage <= REGULAR)).astype(np.float64)
        return np.divide(u.sum() - u, max(s.n - 1, 1), out=out)
    adj = m.adjacency
    _update_contacts(
        s.stage,
        s.seen_using,
        s.contacts_using,
        s.embedded_using,
        m.tie_embedded,
        s.degree,
        adj.indptr,
        adj.indices,
        out,
    )
    return out


class Arrays(NamedTuple):
    """The state arrays the loop of this part reads and changes (per person unless stated)."""

    susceptibility: np.ndarray  # read: peer susceptibility
    need_proof: np.ndarray  # read
    mandate_response: np.ndarray  # read
    anxiety: np.ndarray  # read
    belief: np.ndarray  # read
    help: np.ndarray  # read
    exposure: np.ndarray  # read
    push: np.ndarray  # read (teams)
    team: np.ndarray  # read
    access: np.ndarray  # read
    instructed: np.ndarray  # read
    task_mix: np.ndarray  # read (people x task types)
    type_masks: np.ndarray  # read (task types): use cases of each task type
    team_proven: np.ndarray  # read (teams)
    adopted: np.ndarray  # changed
    stage: np.ndarray  # changed
    moved: np.ndarray  # changed
    stuck: np.ndarray  # read
    stopped_available: np.ndarray  # read
    stopped_proven: np.ndarray  # read
    contacts_using: np.ndarray  # read: number of one's contacts using AI (network mixing)
    embedded_using: np.ndarray  # read: of them, those on embedded ties (sharing another contact with one)
    seen_using: np.ndarray  # read: who uses AI, as the contact counts last saw it
    indptr: np.ndarray  # read: the ties (compressed sparse rows)
    indices: np.ndarray  # read
    adopted_before: np.ndarray  # scratch: the adopted use cases as this part began (colleagues' use cases)
    fear_errors: np.ndarray  # read
    fear_job: np.ndarray  # read
    builtin: np.ndarray  # read: 1 where AI is built into the person's systems this week


def bound(s, cfg, masks, adjacency) -> Bound:
    """This part's arrays and constants, bound once per model."""
    p, sig, tr = cfg.params, s.signals, s.traits
    arrays = Arrays(
        susceptibility=tr["peer_susceptibility"], need_proof=tr["need_proof"], mandate_response=tr["mandate_response"],
        anxiety=s.anxiety, belief=s.belief, help=s.help, exposure=sig.exposure, push=sig.push, team=s.team,
        access=sig.access, instructed=s.instructed, task_mix=s.task_mix, type_masks=masks.type,
        team_proven=s.team_proven, adopted=s.adopted, stage=s.stage, moved=s.moved, stuck=s.stuck,
        stopped_available=s.stopped_available, stopped_proven=s.stopped_proven, contacts_using=s.contacts_using,
        embedded_using=s.embedded_using, seen_using=s.seen_using, indptr=adjacency.indptr, indices=adjacency.indices,
        adopted_before=np.zeros(s.n if cfg.params.spread.from_contacts else 0, dtype=np.uint64),
        fear_errors=s.fear_errors, fear_job=s.fear_job, builtin=sig.builtin_here,
    )  # fmt: skip
    params = record(
        peer_rate=p.peer_rate,
        transition_rate=p.transition_rate,
        help_rate=p.help_rate,
        mandate_rate=p.mandate_rate,
        anxiety_barrier=p.anxiety_barrier,
        belief_weight=p.belief_weight,
        help_barrier_relief=p.uptake.help_barrier_relief,
        fears_barrier=p.uptake.fears_barrier,
        untested_tools=untested_tools(cfg),
        ease=ease(cfg),
        transition_proof_floor=p.spread.transition_proof_floor,
        builtin_floor=p.spread.builtin_floor,
        stuck_uptake=p.value.stuck_uptake,
        reinforcement=p.spread.reinforcement,
        unembedded_weight=p.spread.unembedded_weight,
        from_contacts=bool(p.spread.from_contacts) and cfg.org.mixing == "network",
        full_mixing=cfg.org.mixing == "full",
        others=max(s.n - 1, 1),
    )
    return bind(arrays, params)


@jit
def _seen1(i, indptr, indices, seen_using, adopted_before, available, adopted) -> np.uint64:
    """The use cases of person ``i``'s contacts who use AI, as they stood when this part began (a simultaneous
    update), available and not yet adopted by ``i``."""
    seen = np.uint64(0)
    for k in range(indptr[i], indptr[i + 1]):
        if seen_using[indices[k]]:
            seen |= adopted_before[indices[k]]
    return seen & available & ~adopted[i]


@jit
def _kernel(u_go, u_type, u_case, arrays, params, org_proven, available):
    a, par = Arrays(*arrays), params[0]
    # the arrays as local names: read off the record inside the loop, each would be reference-counted at every use
    stage, access, moved, team_proven, team, adopted = a.stage, a.access, a.moved, a.team_proven, a.team, a.adopted
    need_proof, susceptibility, exposure, push = a.need_proof, a.susceptibility, a.exposure, a.push
    anxiety, belief, help_, mandate_response = a.anxiety, a.belief, a.help, a.mandate_response
    instructed, type_masks, task_mix = a.instructed, a.type_masks, a.task_mix
    proof_floor, builtin_floor = par.transition_proof_floor, par.builtin_floor
    stuck, stopped_available, stopped_proven = a.stuck, a.stopped_available, a.stopped_proven
    contacts_using, seen_using, indptr, indices = a.contacts_using, a.seen_using, a.indptr, a.indices
    embedded_using, weak = a.embedded_using, par.unembedded_weight
    adopted_before, fear_errors, fear_job, builtin_here = a.adopted_before, a.fear_errors, a.fear_job, a.builtin
    for i in range(stage.size):
        if not access[i] or moved[i]:
            continue
        proven = (team_proven[team[i]] | org_proven) & available & ~adopted[i]
        has_proven = proven != 0
        proof_need = need_proof[i]
        # complex contagion: the cautious need several contacts using AI before colleagues' use moves them; to
        # those who need proof a contact on a tie in no triangle counts for less (trust lives in embedded ties)
        reinforced = True
        if par.reinforcement > 0.0:
            if par.full_mixing:
                count = round(exposure[i] * par.others)
            else:
                open_weight = 1.0 - (1.0 - weak) * proof_need
                count = embedded_using[i] + open_weight * (contacts_using[i] - embedded_using[i])
            reinforced = count >= 1.0 + par.reinforcement * proof_need - COUNT_TOLERANCE
        # colleagues' own use cases, seen working by enough contacts, are at hand too; looked up only where
        # they matter (a user with no proven use case at hand, or a take-up without one)
        contacts = par.from_contacts and reinforced
        seen = np.uint64(0)
        non_user = stage[i] == NEVER or stage[i] == ABANDONED
        if not non_user and not has_proven:
            if contacts:
                seen = _seen1(i, indptr, indices, seen_using, adopted_before, available, adopted)
            if seen == 0:  # users take up one more use case only where one is at hand
                continue
        # proof comes from proven use cases (transition leadership), not from colleagues' use (seed 002)
        peer = par.peer_rate * susceptibility[i] * exposure[i] * (1.0 - proof_need * (0.0 if has_proven else 1.0))
        if not reinforced:
            peer = 0.0
        # transition leadership spreads proven use cases to those who need proof
        pushed = par.transition_rate * push[team[i]] * has_proven
        transition = pushed * (proof_floor + (1.0 - proof_floor) * proof_need)
        barrier = barrier_anxiety1(anxiety[i], fear_errors[i], fear_job[i], par)
        scale = willingness1(barrier, belief[i], help_[i], par) * par.ease
        # those who need proof hold back from untested tools; a helper's guidance does not leave them untested
        rate = (peer + transition) * tested1(proof_need, par) + par.help_rate * help_[i]
        if non_user:  # non-users also respond to instructions and to AI built into the case systems
            rate += par.mandate_rate * mandate_response[i] * instructed[i]
            if stuck[i]:  # gave up having found no value: only something new brings them back (not the button)
                rate *= stuck_factor1(stopped_available[i], stopped_proven[i], proven, available, par.stuck_uptake)
            builtin = builtin_here[i]
            if builtin:
                rate += par.transition_rate * builtin * (builtin_floor + (1.0 - builtin_floor) * mandate_response[i])
        if not u_go[i] < -math.expm1(-rate * scale):
            continue
        if non_user and not has_proven and contacts:
            seen = _seen1(i, indptr, indices, seen_using, adopted_before, available, adopted)
        if not has_proven:  # a colleague's use case, else an available one of a task type drawn from the task mix
            proven = seen if seen != 0 else relevant1(available, type_masks, task_mix[i], u_type[i], adopted[i])
        adopted[i] |= bit1(pick1(proven, u_case[i]))
        if non_user:
            stage[i] = TRYING
            moved[i] = True


def step(s, m) -> None:
    u_go, u_type, u_case = m.streams["spread"].random((UNIFORMS, s.n))
    exposure(s, m)
    b = m.bound.spread
    if m.cfg.params.spread.from_contacts and m.cfg.org.mixing == "network":
        np.copyto(Arrays(*b.arrays).adopted_before, s.adopted)
    _kernel(u_go, u_type, u_case, b.arrays, b.params, s.org_proven, s.available)
