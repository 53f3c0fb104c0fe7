"""8. Abandonment and progression: users move up when use satisfies and drop back when not.

With satisfaction ``sigma = benefit / (1 + benefit)`` (0.5 when the realised gain meets the
expectation), each user who has not changed stage this week:

* ``trying -> occasional`` with probability ``params.promote_rate`` x sigma;
* ``occasional -> regular`` with probability ``params.promote_rate`` x sigma x (0.5 + 0.5 belief),
  or x 1 with AI built into the case systems;
* ``trying`` or ``occasional -> abandoned`` with probability ``params.abandon_rate`` x (1 - sigma)
  x (1 - 0.5 help) (never when ``params.abandonment`` is false);
* ``regular -> occasional`` with probability ``params.abandon_rate`` x (1 - sigma) / 2.

Reads: stage, benefit, belief, help, builtin. Changes: ``s.stage``, ``s.moved``.
Random stream: ``abandonment`` (one uniform per person every week).
"""

from __future__ import annotations

import numpy as np

from sim.state import ABANDONED, OCCASIONAL, REGULAR, TRYING


def step(s, m) -> None:
    p = m.cfg.params
    u = m.streams["abandonment"].random(s.n)
    sigma = s.benefit / (1.0 + s.benefit)
    free = ~s.moved & s.signals["access"]
    habit = np.maximum(0.5 + 0.5 * s.belief, s.signals["builtin"])
    up = np.select(
        [s.stage == TRYING, s.stage == OCCASIONAL],
        [p.promote_rate * sigma, p.promote_rate * sigma * habit],
        0.0,
    )
    leave = p.abandon_rate * (1.0 - sigma) * (1.0 - 0.5 * s.help) * p.abandonment
    down = np.select(
        [(s.stage == TRYING) | (s.stage == OCCASIONAL), s.stage == REGULAR],
        [leave, p.abandon_rate * (1.0 - sigma) * 0.5],
        0.0,
    )
    rises = free & (u < up)
    falls = free & ~rises & (u < up + down)
    new = s.stage.copy()
    new[rises] += 1
    new[falls & (s.stage == REGULAR)] = OCCASIONAL
    new[falls & (s.stage != REGULAR)] = ABANDONED
    changed = new != s.stage
    s.stage[:] = new
    s.moved |= changed
