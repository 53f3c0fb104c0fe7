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

from sim.jit import jit
from sim.state import ABANDONED, OCCASIONAL, REGULAR, TRYING


@jit
def _kernel(u, benefit, belief, help_, access, stage, moved, promote_rate, abandon_rate, abandonment, builtin):
    for i in range(stage.size):
        if moved[i] or not access[i]:
            continue
        st = stage[i]
        trying, occasional, regular = st == TRYING, st == OCCASIONAL, st == REGULAR
        sigma = benefit[i] / (1.0 + benefit[i])
        habit = max(0.5 + 0.5 * belief[i], builtin)
        up = promote_rate * sigma * (habit if occasional else (1.0 if trying else 0.0))
        # trying or occasional: leave with abandon_rate x (1 - sigma) x (1 - 0.5 help); regular: half the rate
        if trying or occasional:
            down = abandon_rate * (1.0 - sigma) * (1.0 - 0.5 * help_[i]) if abandonment else 0.0
        else:
            down = abandon_rate * (1.0 - sigma) * (0.5 * regular)
        if u[i] < up:
            stage[i] = st + 1
        elif u[i] < up + down:
            stage[i] = OCCASIONAL if regular else ABANDONED
        else:
            continue
        moved[i] = True


def step(s, m) -> None:
    p = m.cfg.params
    u = m.streams["abandonment"].random(s.n)
    _kernel(
        u, s.benefit, s.belief, s.help, s.signals["access"], s.stage, s.moved,
        p.promote_rate, p.abandon_rate, bool(p.abandonment), float(s.signals["builtin"]),
    )  # fmt: skip
