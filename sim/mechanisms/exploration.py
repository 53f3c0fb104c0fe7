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

import math

import numpy as np

from sim.jit import jit
from sim.mechanisms.bits import bit1, draw_task_type, pick1, task_type1
from sim.state import ABANDONED, NEVER, TRYING


@jit
def willingness1(anxiety: float, belief: float, help_: float, anxiety_barrier: float, belief_weight: float) -> float:
    """How far anxiety and disbelief leave one person open to AI (0-1); help getting started
    (0-1) halves the anxiety barrier at most."""
    barrier = anxiety_barrier * anxiety * (1.0 - 0.5 * help_)
    return (1.0 - barrier) * (1.0 - belief_weight * (1.0 - belief))


@jit
def relevant1(available: np.uint64, type_masks: np.ndarray, task_mix: np.ndarray, u_type: float, adopted: np.uint64):
    """Available use cases not yet adopted, of a task type drawn from one person's task mix."""
    return available & type_masks[task_type1(task_mix, u_type)] & ~adopted


def relevant_candidates(s, m, idx: np.ndarray, u_type: np.ndarray) -> np.ndarray:
    """Available use cases not yet adopted, of a task type drawn from each person's task mix."""
    task = draw_task_type(s.task_mix[idx], u_type)
    return s.available & m.masks["type"][task] & ~s.adopted[idx]


@jit
def _kernel(
    u_go, u_type, u_case, u_ok,  # this week's uniforms
    curiosity, need_rules, anxiety, belief, competence, frames, room_team, team, access, task_mix,  # read
    type_masks, available,  # read
    adopted, team_proven, stage, moved,  # changed
    explore_rate, anxiety_barrier, belief_weight, ease_of_use,
):  # fmt: skip
    ease = 0.5 + 0.5 * ease_of_use
    for i in range(stage.size):
        if not access[i]:
            continue
        frames_fit = 1.0 - 0.5 * need_rules[i] * (1.0 - frames[i])
        room = 0.1 + 1.8 * room_team[team[i]]
        will = willingness1(anxiety[i], belief[i], 0.0, anxiety_barrier, belief_weight)
        rate = explore_rate * curiosity[i] * room * ease * will * frames_fit
        if not u_go[i] < -math.expm1(-rate):
            continue
        case = pick1(relevant1(available, type_masks, task_mix[i], u_type[i], adopted[i]), u_case[i])
        if case >= 0 and u_ok[i] < 0.3 + 0.5 * competence[i] + 0.2 * ease_of_use:  # success
            adopted[i] |= bit1(case)
            team_proven[team[i]] |= bit1(case)
        if stage[i] == NEVER or stage[i] == ABANDONED:
            stage[i] = TRYING
            moved[i] = True


def step(s, m) -> None:
    cfg, p, rng = m.cfg, m.cfg.params, m.streams["exploration"]
    u_go, u_type, u_case, u_ok = rng.random((4, s.n))
    tr, sig = s.traits, s.signals
    _kernel(
        u_go, u_type, u_case, u_ok,
        tr["curiosity"], tr["need_rules"], s.anxiety, s.belief, s.competence, sig["frames"], sig["room"], s.team,
        sig["access"], s.task_mix, m.masks["type"], s.available,
        s.adopted, s.team_proven, s.stage, s.moved,
        p.explore_rate, p.anxiety_barrier, p.belief_weight, float(cfg.tools.ease_of_use),
    )  # fmt: skip
