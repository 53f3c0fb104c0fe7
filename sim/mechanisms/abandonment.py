"""8. Abandonment and progression: users move up when use satisfies and drop back when not.

With satisfaction ``sigma = benefit / (1 + benefit)`` (0.5 when the realised gain meets the
expectation), each user with access who has not changed stage this week, with the constants of
``params.progression`` (their defaults: ``docs/parameters.md``):

* ``trying -> occasional`` with probability ``params.promote_rate`` x sigma;
* ``occasional -> regular`` with probability ``params.promote_rate`` x sigma x habit, where habit
  is ``habit_floor + (1 - habit_floor) x belief``, or 1 with AI built into the
  case systems;
* ``trying`` or ``occasional -> abandoned`` with probability ``params.abandon_rate`` x (1 - sigma)
  x (1 - ``help_retention`` x help) (never when ``params.abandonment`` is false);
* ``regular -> occasional`` with probability ``params.abandon_rate`` x (1 - sigma) x
  ``regular_lapse``.

Reads: stage, benefit, belief, help, access, the signal ``builtin``.
Changes: ``s.stage``, ``s.moved``.
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
    stage: np.ndarray  # changed
    moved: np.ndarray  # changed


def bound(s, cfg) -> Bound:
    """This part's arrays and constants, bound once per model."""
    p, pp = cfg.params, cfg.params.progression
    arrays = Arrays(
        benefit=s.benefit, belief=s.belief, help=s.help, access=s.signals.access, stage=s.stage, moved=s.moved
    )
    params = record(
        promote_rate=p.promote_rate,
        abandon_rate=p.abandon_rate,
        abandonment=bool(p.abandonment),
        habit_floor=pp.habit_floor,
        help_retention=pp.help_retention,
        regular_lapse=pp.regular_lapse,
    )
    return bind(arrays, params)


@jit
def _kernel(u, arrays, params, builtin):
    a, par = Arrays(*arrays), params[0]
    # the arrays as local names: read off the record inside the loop, each would be reference-counted at every use
    stage, moved, access, benefit, belief, help_ = a.stage, a.moved, a.access, a.benefit, a.belief, a.help
    habit_floor = par.habit_floor
    for i in range(stage.size):
        if moved[i] or not access[i]:
            continue
        st = stage[i]
        trying, occasional, regular = st == TRYING, st == OCCASIONAL, st == REGULAR
        sigma = benefit[i] / (1.0 + benefit[i])
        habit = max(habit_floor + (1.0 - habit_floor) * belief[i], builtin)
        up = par.promote_rate * sigma * (habit if occasional else (1.0 if trying else 0.0))
        # trying or occasional: leave with abandon_rate x (1 - sigma) x (1 - help_retention x help); regular: lapse
        if trying or occasional:
            down = par.abandon_rate * (1.0 - sigma) * (1.0 - par.help_retention * help_[i]) if par.abandonment else 0.0
        else:
            down = par.abandon_rate * (1.0 - sigma) * (par.regular_lapse * regular)
        if u[i] < up:
            stage[i] = st + 1
        elif u[i] < up + down:
            stage[i] = OCCASIONAL if regular else ABANDONED
        else:
            continue
        moved[i] = True


def step(s, m) -> None:
    u = m.streams["abandonment"].random(s.n)
    b = m.bound.progression
    _kernel(u, b.arrays, b.params, float(s.signals.builtin))
