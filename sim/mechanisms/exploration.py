"""4. Exploration: people try use cases on their own initiative.

The weekly rate is ``params.explore_rate`` times curiosity, (0.1 + 1.8 x room to explore) from
transformation leadership, (0.5 + 0.5 x ease of use), willingness (anxiety and belief) and, for those who need rules, the
clarity of frames. An explorer picks a task type in proportion to their task mix and tries an
available use case of that type not yet adopted. A success (more likely with competence and ease
of use) adds the use case to the person's set and makes it *proven* in the team. A non-user who
explores moves to ``trying`` whether or not a use case fits.
Reads: traits, anxiety, belief, competence, task mix, access, ``room``, ``frames``, available use
cases, ease of use.
Changes: ``s.stage``, ``s.adopted``, ``s.team_proven``, ``s.moved``.
Random stream: ``exploration`` (four uniforms per person every week).
"""

from __future__ import annotations

import numpy as np

from sim.mechanisms.bits import bit, draw_task_type, pick
from sim.state import ABANDONED, NEVER, TRYING


def willingness(s, p, help_: np.ndarray | None = None) -> np.ndarray:
    """How far anxiety and disbelief leave a person open to AI (0-1)."""
    barrier = p.anxiety_barrier * s.anxiety
    if help_ is not None:
        barrier = barrier * (1.0 - 0.5 * help_)  # help getting started lowers the barrier
    return (1.0 - barrier) * (1.0 - p.belief_weight * (1.0 - s.belief))


def relevant_candidates(s, m, idx: np.ndarray, u_type: np.ndarray) -> np.ndarray:
    """Available use cases not yet adopted, of a task type drawn from each person's task mix."""
    task = draw_task_type(s.task_mix[idx], u_type)
    return s.available & m.masks["type"][task] & ~s.adopted[idx]


def step(s, m) -> None:
    cfg, p, rng = m.cfg, m.cfg.params, m.streams["exploration"]
    u_go, u_type, u_case, u_ok = rng.random((4, s.n))
    tr = s.traits
    ease = 0.5 + 0.5 * cfg.tools.ease_of_use
    frames_fit = 1.0 - 0.5 * tr["need_rules"] * (1.0 - s.signals["frames"])
    room = 0.1 + 1.8 * s.signals["room"][s.team]
    rate = p.explore_rate * tr["curiosity"] * room * ease * willingness(s, p) * frames_fit
    go = s.signals["access"] & (u_go < -np.expm1(-rate))
    idx = go.nonzero()[0]
    if idx.size == 0:
        return
    case = pick(relevant_candidates(s, m, idx, u_type[idx]), u_case[idx])
    p_ok = 0.3 + 0.5 * s.competence[idx] + 0.2 * cfg.tools.ease_of_use
    ok = (case >= 0) & (u_ok[idx] < p_ok)
    won = bit(np.where(ok, case, -1))
    s.adopted[idx] |= won
    np.bitwise_or.at(s.team_proven, s.team[idx], won)
    newcomer = (s.stage[idx] == NEVER) | (s.stage[idx] == ABANDONED)
    s.stage[idx[newcomer]] = TRYING
    s.moved[idx[newcomer]] = True
