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
    trying, occasional, regular = s.stage == TRYING, s.stage == OCCASIONAL, s.stage == REGULAR
    up = (p.promote_rate * sigma) * np.where(occasional, habit, trying)
    # trying or occasional: leave with abandon_rate x (1 - sigma) x (1 - 0.5 help); regular: half the rate
    tried = trying | occasional
    down = (p.abandon_rate * (1.0 - sigma)) * np.where(tried, 1.0 - 0.5 * s.help, 0.5 * regular)
    if not p.abandonment:
        down[tried] = 0.0
    rises = free & (u < up)
    falls = free & ~rises & (u < up + down)
    new = s.stage.copy()
    new[rises] += 1
    new[falls & regular] = OCCASIONAL
    new[falls & ~regular] = ABANDONED
    changed = new != s.stage
    s.stage[:] = new
    s.moved |= changed
