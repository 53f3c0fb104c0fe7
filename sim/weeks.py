"""Plain weeks in one compiled call: parts 1-9 of a week, for a stretch of weeks (``AdoptionModel.run``).

A week is *plain* when only the compiled loops act in it: no training module takes place, no approved tools reach
anyone (so no first try on access), the rollout does not start, and people meet along the organisation's ties (not
full mixing). Most weeks of a run are plain (over 36 months all 156 weeks of the status quo, 137 under ``balanced``).
Stepped one by one from Python, a week costs a few dozen calls (drawing each part's numbers, calling each part's
loop, setting the week's signals): about 40 % of a run of 1,000 people, 130 microseconds a week. :func:`plain_weeks`
runs a stretch of plain weeks, up to the end of a month, in one call: the same parts, the same loops, in the same
order, with the week's scalars (the use cases available, the rules' clarity, the AI button, the credibility of
commitments) kept in the loop instead of on the state.

The stretch's random numbers are drawn before the call, one draw per stream for all its weeks
(:func:`draw_stretch`): ``Generator.random`` fills an array in the order in which successive calls would give the
numbers, and a stream that a week does not use (training without a module, the first try without approved tools)
is advanced by as many numbers as a week skips. Each stream therefore gives the same numbers to the same week as
stepping week by week, and results are bit-identical to :meth:`sim.model.AdoptionModel.step` run week by week
(``tests/test_week.py`` compares every state array, output and stream on the shipped packages and further
configurations).
"""

from __future__ import annotations

import numpy as np

from sim.jit import jit
from sim.mechanisms import abandonment, attitude, environment, exploration, leadership, spread, training, use
from sim.outputs import _add_flows
from sim.state import skip

# at most this many random numbers are drawn ahead for a stretch (16 MB): a stretch of the default organisation
# draws about 9,200 a week, so a month is one stretch; from about 230,000 people on a week alone needs more, the
# weeks' own work outweighs what calling from Python costs, and the weeks are stepped one by one
DRAW_BUDGET = 2**21


def numbers_per_week(s) -> int:
    """Random numbers a plain week draws (:func:`draw_stretch`): two per team, nine per person."""
    return 2 * s.team_size.size + (exploration.UNIFORMS + spread.UNIFORMS + 2) * s.n


def draw_stretch(m, weeks: int) -> tuple:
    """The uniforms of ``weeks`` plain weeks from each stream, in the order the week's parts draw them one week at a
    time: leadership and codify (one per team), exploration (4 per person), spread (3 per person), use and
    abandonment (one per person); training and the first try on access draw nothing in a plain week but skip a
    week's numbers each."""
    s, streams = m.state, m.streams
    teams, n = s.team_size.size, s.n
    u_share = streams["leadership"].random((weeks, teams))
    u_codify = streams["codify"].random((weeks, teams))  # a week without discoveries skips as many
    skip(streams["training"], training.UNIFORMS * n * weeks)
    skip(streams["surge"], n * weeks)
    u_explore = streams["exploration"].random((weeks, exploration.UNIFORMS, n))
    u_spread = streams["spread"].random((weeks, spread.UNIFORMS, n))
    u_use = streams["use"].random((weeks, n))
    u_abandon = streams["abandonment"].random((weeks, n))
    return u_share, u_codify, u_explore, u_spread, u_use, u_abandon


@jit
def plain_weeks(first, draws, aware, scratch, schedule, contacts, recording, shared, parts, scalars):
    """Weeks ``first`` to ``first + len(aware) - 1``, each as :meth:`sim.model.AdoptionModel.step` does one.

    Args:
        first: the first week.
        draws: :func:`draw_stretch`'s uniforms.
        aware: each week's share aware of generative AI (:func:`sim.mechanisms.exploration.awareness`).
        scratch: arrays of part 1 and of leaders' directives: moved, incident_now, hours_spent, access_week,
            access (the signal), builtin_week, builtin_here (the signal), instructed, team_found, proven_by_week.
        schedule: part 1's constants (:func:`sim.mechanisms.environment.schedule`); whether leaders instruct,
            whether spread copies adopted use cases, the week use cases proven elsewhere (``shared``) start to
            arrive; the job threat.
        contacts: part 5's counts of contacts using AI: stage, seen_using, contacts_using, embedded_using,
            tie_embedded, degree, indptr, indices, exposure, adopted, adopted_before.
        recording: the recorder's accumulators and what they add (:func:`sim.outputs._add_flows`'s arguments).
        shared: use cases proven elsewhere, one mask per week of the run (empty if none).
        parts: each part's bound arrays and constants, a pair for each part of :class:`sim.model.BoundParts`
            in its order.
        scalars: the organisation's proven use cases and the credibility of commitments before the first week.

    Returns:
        the organisation's proven use cases, the use cases available, the rules' clarity and the
        credibility of commitments after the last week (what the parts leave on the state).
    """
    u_share, u_codify, u_explore, u_spread, u_use, u_abandon = draws
    (moved, incident_now, hours_spent, access_week, access, builtin_week, builtin_here, instructed, team_found,
     proven_by_week) = scratch  # fmt: skip
    part_1, directive, copy_adopted, start_week, job_threat = schedule
    stage, seen_using, contacts_using, embedded_using, embedded, degree, indptr, indices, exposure, adopted, before = (
        contacts
    )
    hours_acc, net_acc, spent_acc, use_acc, incidents_acc, hours, net, intensity, archetype = recording
    lead, explore, spreading, coverage, using, minds, progression = parts
    org_proven, credibility = scalars
    available, rules_clarity = np.uint64(0), 0.0
    for k in range(aware.size):
        w = first + k
        if shared.size > 0 and start_week <= w:  # (a schedule is checked to cover the run)
            org_proven = org_proven | shared[w]
        # 1. environment
        available, rules_clarity = environment.week(w, moved, incident_now, hours_spent, access_week, access,
                                                    builtin_week, builtin_here, part_1)  # fmt: skip
        # 2. leaders act
        if directive:
            for i in range(access.size):
                instructed[i] = instructed[i] | access[i]
        codify = False
        for t in range(team_found.size):
            if team_found[t] != 0:
                codify = True
                break
        org_proven = leadership._week(
            u_share[k], u_codify[k], codify, lead[0], lead[1], org_proven, available, rules_clarity
        )
        # 3. training: no module this week
        # 4. exploration (no approved tools reach anyone this week: no first try on access)
        u = u_explore[k]
        exploration._kernel(u[0], u[1], u[2], u[3], explore[0], explore[1], available, org_proven, aware[k])
        # 5. spread along the ties
        spread._update_contacts(stage, seen_using, contacts_using, embedded_using, embedded, degree, indptr,
                                indices, exposure)  # fmt: skip
        if copy_adopted:
            before[:] = adopted
        u = u_spread[k]
        spread._kernel(u[0], u[1], u[2], spreading[0], spreading[1], org_proven, available)
        # 6. use and gains
        use._week(u_use[k], coverage[0], coverage[1], using[0], using[1])
        # 7. anxiety and attitude
        credibility = attitude._kernel(minds[0], minds[1], job_threat, org_proven, available, rules_clarity,
                                       credibility)  # fmt: skip
        # 8. abandonment
        abandonment._kernel(u_abandon[k], progression[0], progression[1], org_proven, available)
        # 9. the week's flows, and the use cases proven at its end
        _add_flows(hours_acc, net_acc, spent_acc, use_acc, incidents_acc, hours, net, hours_spent, intensity,
                   incident_now, archetype)  # fmt: skip
        if w < proven_by_week.size:
            proven_by_week[w] = org_proven
    return org_proven, available, rules_clarity, credibility
