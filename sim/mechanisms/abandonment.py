"""8. Abandonment and progression: users move up when use satisfies and drop back when not.

With satisfaction ``sigma = v / (1 + v)``, ``v = max(benefit, 0)`` (0.5 when the realised gain meets
the expectation; 0 when use brings nothing or loses time), each user with access who has not changed stage this week, with the constants of
``params.progression`` (their defaults: ``docs/parameters.md``):

* ``trying -> occasional`` with probability ``params.promote_rate`` x sigma; of those, the share ``direct_regular`` x
  sigma x habit x r lands straight at ``regular`` (settling at once at the frequency the value found supports;
  ``direct_regular`` 0: none, the two steps);
* ``occasional -> regular`` with probability ``params.promote_rate`` x sigma x habit x r, where habit
  is ``habit_floor + (1 - habit_floor) x belief``, or 1 with AI built into the
  case systems;
* ``trying`` or ``occasional -> abandoned`` with probability ``params.abandon_rate`` x (1 - sigma)
  x (1 - ``help_retention`` x help) (never when ``params.abandonment`` is false); for those whose use brings no
  value at all (benefit 0 or below, sigma 0) ``params.abandon_rate`` x ``no_value_factor`` x (1 - ``help_retention``
  x help) instead (the factor is 1 as calibrated: the same rate);
* ``regular -> occasional`` with probability ``params.abandon_rate`` x (1 - sigma x r) x
  ``regular_lapse``.

The relevance of use r is 1 unless ``relevance_half`` is set (a structural option, off by default): then r =
coverage / (coverage + ``relevance_half``), coverage the share of the person's work their use cases cover (job fit
included, weighted by their places on the frontier when these are per use case: part 6's), so that use linked to little of one's work stays occasional (seed 000).

A user who gives up with a benefit of 0 or below (found no value) is marked ``stuck``, with the use cases
available and proven at hand at that moment (``stopped_available``, ``stopped_proven``): exploration and
spread take them up again at the reduced rate ``params.value.stuck_uptake`` until something changes.
Reads: stage, benefit, belief, help, access, coverage, team, proven use cases, the signal ``builtin_here``.
Changes: ``s.stage``, ``s.moved``, ``s.stuck``, ``s.stopped_available``, ``s.stopped_proven``.
Random stream: ``abandonment`` (one uniform per person every week).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from sim.jit import Bound, bind, jit, record
from sim.state import ABANDONED, OCCASIONAL, REGULAR, TRYING


class Arrays(NamedTuple):
    """The state arrays the loop of this part reads and changes (per person)."""

    benefit: np.ndarray  # read
    belief: np.ndarray  # read
    help: np.ndarray  # read
    access: np.ndarray  # read
    coverage: np.ndarray  # read: share of the person's work their use cases cover (part 6)
    team: np.ndarray  # read
    team_proven: np.ndarray  # read (teams)
    stage: np.ndarray  # changed
    moved: np.ndarray  # changed
    stuck: np.ndarray  # written on giving up: found no value
    stopped_available: np.ndarray  # written on giving up
    stopped_proven: np.ndarray  # written on giving up
    builtin: np.ndarray  # read: 1 where AI is built into the person's systems this week


def bound(s, cfg) -> Bound:
    """This part's arrays and constants, bound once per model."""
    p, pp = cfg.params, cfg.params.progression
    arrays = Arrays(
        benefit=s.benefit, belief=s.belief, help=s.help, access=s.signals.access, coverage=s.cover_all, team=s.team,
        team_proven=s.team_proven, stage=s.stage, moved=s.moved, stuck=s.stuck, stopped_available=s.stopped_available,
        stopped_proven=s.stopped_proven, builtin=s.signals.builtin_here,
    )  # fmt: skip
    params = record(
        promote_rate=p.promote_rate,
        abandon_rate=p.abandon_rate,
        no_value_rate=p.abandon_rate * pp.no_value_factor,
        abandonment=bool(p.abandonment),
        habit_floor=pp.habit_floor,
        help_retention=pp.help_retention,
        regular_lapse=pp.regular_lapse,
        relevance_half=pp.relevance_half,
        direct_regular=pp.direct_regular,
    )
    return bind(arrays, params)


@jit
def _kernel(u, arrays, params, org_proven, available):
    a, par = Arrays(*arrays), params[0]
    # the arrays as local names: read off the record inside the loop, each would be reference-counted at every use
    stage, moved, access, benefit, belief, help_ = a.stage, a.moved, a.access, a.benefit, a.belief, a.help
    coverage, half = a.coverage, par.relevance_half
    team, team_proven, stuck, stopped_available, stopped_proven = (
        a.team,
        a.team_proven,
        a.stuck,
        a.stopped_available,
        a.stopped_proven,
    )
    habit_floor, builtin = par.habit_floor, a.builtin
    for i in range(stage.size):
        if moved[i] or not access[i]:
            continue
        st = stage[i]
        trying, occasional, regular = st == TRYING, st == OCCASIONAL, st == REGULAR
        value = max(benefit[i], 0.0)  # a net loss satisfies no more than no gain
        sigma = value / (1.0 + value)
        habit = max(habit_floor + (1.0 - habit_floor) * belief[i], builtin[i])
        relevance = 1.0  # (off: every factor it multiplies is left exactly as it is)
        if half > 0.0:
            relevance = coverage[i] / (coverage[i] + half)
        up = par.promote_rate * sigma * (habit * relevance if occasional else (1.0 if trying else 0.0))
        # trying or occasional: leave with abandon_rate x (1 - sigma) x (1 - help_retention x help), or, finding no
        # value at all (sigma 0), with abandon_rate x no_value_factor x (1 - help_retention x help); regular: lapse
        if trying or occasional:
            leave = par.no_value_rate if value <= 0.0 else par.abandon_rate * (1.0 - sigma)
            down = leave * (1.0 - par.help_retention * help_[i]) if par.abandonment else 0.0
        else:
            down = par.abandon_rate * (1.0 - sigma * relevance) * (par.regular_lapse * regular)
        if u[i] < up:
            stage[i] = st + 1
            # settling at once: given a step up (u below up, so u / up is uniform), a trying user lands at the
            # regular stage with the chance direct_regular x sigma x habit x relevance, from the same draw
            if trying and u[i] < up * (par.direct_regular * sigma * habit * relevance):
                stage[i] = REGULAR
        elif u[i] < up + down:
            stage[i] = OCCASIONAL if regular else ABANDONED
            if not regular:  # gave up: remember whether use brought no value at all, and what was there
                stuck[i] = benefit[i] <= 0.0
                stopped_available[i] = available
                stopped_proven[i] = (team_proven[team[i]] | org_proven) & available
        else:
            continue
        moved[i] = True


def step(s, m) -> None:
    u = m.streams["abandonment"].random(s.n)
    b = m.bound.progression
    _kernel(u, b.arrays, b.params, s.org_proven, s.available)
