"""4. Exploration: people try use cases on their own initiative.

The weekly rate is ``params.explore_rate`` x curiosity x room x ease x willingness x frames fit:

* room ``params.exploration.room_base + room_weight x`` the team's room to explore from
  transformation leadership;
* ease ``f + (1 - f) x tools.ease_of_use`` with ``f = params.uptake.ease_floor`` (:func:`ease`);
* willingness ``(1 - params.anxiety_barrier x anxiety) x (1 - params.belief_weight x (1 - belief))``;
* frames fit ``1 - params.exploration.rules_need x need for rules x (1 - frames)``: those who need
  rules hold back while frames are unclear;
* tested tools ``1 - params.uptake.untested_tools x need for proof`` with tool chaos (``tools.approved=chaos``),
  1 with a few approved tools (:func:`tested1`): those who need proof hold back from untested tools.

An explorer picks a task type in proportion to their task mix and tries an available use case of
that type not yet adopted. A success, with probability ``success_base + success_competence x
competence + success_ease x ease of use`` (``params.exploration``), adds the use case to the person's set
and makes it *proven* in the team, or, for the share ``1 - params.leadership.codify_floor`` of
successes, *found*: it stays with its finder until transition leadership codifies it (part 2). A
non-user who explores moves to ``trying`` whether or not a use case fits. Someone who gave up having found no value (``stuck``) explores at the share
``params.value.stuck_uptake`` of the rate until something has changed for them (:func:`stuck_factor1`).
Before exploring, access to approved tools brings a first try (:func:`first_try`, stream ``surge``): a non-user
whose approved access begins this week tries with probability ``first_try + (1 - first_try) x first_try_open x
willingness`` (``params.calendar``).
Reads: traits, anxiety, belief, competence, task mix, access, the tools' approval, the signals ``room`` and ``frames``,
available and proven use cases, ease of use, ``stuck`` and what was there when they gave up.
Changes: ``s.stage``, ``s.adopted``, ``s.team_proven``, ``s.moved``.
Random streams: ``exploration`` (four uniforms per person every week), ``surge`` (one per person every week).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from sim.config import MONTHS_PER_YEAR, WEEKS_PER_YEAR
from sim.jit import Bound, bind, jit, record
from sim.mechanisms.bits import bit1, draw_task_type, pick1, task_type1
from sim.state import ABANDONED, NEVER, TRYING, intensity_of_stage, skip

UNIFORMS = 4  # per person and week, drawn whether used or not: go, task type, use case, success


@jit
def barrier_anxiety1(anxiety: float, fear_errors: float, fear_job: float, par) -> float:
    """The anxiety that bars one person's take-up: the share ``fears_barrier`` of it is the mean of the two fears,
    the rest the combined anxiety (``par`` is a record with ``fears_barrier``)."""
    return (1.0 - par.fears_barrier) * anxiety + par.fears_barrier * ((fear_errors + fear_job) / 2)


@jit
def tested1(need_proof: float, par) -> float:
    """How far the tools let one person take AI up: ``1 - untested_tools x need_proof``; ``par.untested_tools`` is
    0 where the organisation has a few approved tools (:func:`untested_tools`)."""
    return 1.0 - par.untested_tools * need_proof


def untested_tools(cfg) -> float:
    """``params.uptake.untested_tools`` under tool chaos, 0 with a few approved tools."""
    return cfg.params.uptake.untested_tools if cfg.tools.approved == "chaos" else 0.0


@jit
def willingness1(anxiety: float, belief: float, help_: float, par) -> float:
    """How far anxiety and disbelief leave one person open to AI (0-1); help getting started
    (0-1) removes the share ``help_barrier_relief`` of the anxiety barrier at most. ``par`` is a
    record with ``anxiety_barrier``, ``belief_weight`` and ``help_barrier_relief``; ``anxiety`` is
    the barrier's anxiety (:func:`barrier_anxiety1`)."""
    barrier = par.anxiety_barrier * anxiety * (1.0 - par.help_barrier_relief * help_)
    return (1.0 - barrier) * (1.0 - par.belief_weight * (1.0 - belief))


@jit
def relevant1(available: np.uint64, type_masks: np.ndarray, task_mix: np.ndarray, u_type: float, adopted: np.uint64):
    """Available use cases not yet adopted, of a task type drawn from one person's task mix."""
    return available & type_masks[task_type1(task_mix, u_type)] & ~adopted


def relevant_candidates(s, m, idx: np.ndarray, u_type: np.ndarray) -> np.ndarray:
    """Available use cases not yet adopted, of a task type drawn from each person's task mix."""
    task = draw_task_type(s.task_mix[idx], u_type)
    return s.available & m.masks.type[task] & ~s.adopted[idx]


@jit
def stuck_factor1(stopped_available, stopped_proven, new_proven, available, factor):
    """Take-up factor of one person who gave up having found no value (``params.value.stuck_uptake`` =
    ``factor``): ``factor`` while nothing has changed for them since, that is no use case has become
    available and none of the proven use cases at hand they have not adopted (``new_proven``) is new;
    1 otherwise."""
    if available & ~stopped_available or new_proven & ~stopped_proven:
        return 1.0  # something has changed: a new use case to try
    return factor


def ease(cfg) -> float:
    """How far the tools' ease of use lets people take AI up (exploration and spread): ``f + (1 - f) x
    tools.ease_of_use`` with ``f = params.uptake.ease_floor``."""
    floor = cfg.params.uptake.ease_floor
    return floor + (1.0 - floor) * float(cfg.tools.ease_of_use)


class Arrays(NamedTuple):
    """The state arrays the loop of this part reads and changes (per person unless stated)."""

    curiosity: np.ndarray  # read
    need_rules: np.ndarray  # read
    anxiety: np.ndarray  # read
    belief: np.ndarray  # read
    competence: np.ndarray  # read
    frames: np.ndarray  # read
    room: np.ndarray  # read (teams)
    team: np.ndarray  # read
    access: np.ndarray  # read
    task_mix: np.ndarray  # read (people x task types)
    type_masks: np.ndarray  # read (task types): use cases of each task type
    adopted: np.ndarray  # changed
    team_proven: np.ndarray  # changed (teams)
    stage: np.ndarray  # changed
    moved: np.ndarray  # changed
    stuck: np.ndarray  # read
    stopped_available: np.ndarray  # read
    stopped_proven: np.ndarray  # read
    team_found: np.ndarray  # changed (teams): discoveries not yet proven
    fear_errors: np.ndarray  # read
    fear_job: np.ndarray  # read
    need_proof: np.ndarray  # read
    intensity_of_stage: np.ndarray  # read (stages): share of the potential use made at each stage


def bound(s, cfg, masks) -> Bound:
    """This part's arrays and constants, bound once per model."""
    p, sig = cfg.params, s.signals
    ease_of_use = float(cfg.tools.ease_of_use)
    arrays = Arrays(
        curiosity=s.traits["curiosity"], need_rules=s.traits["need_rules"], anxiety=s.anxiety, belief=s.belief,
        competence=s.competence, frames=sig.frames, room=sig.room, team=s.team, access=sig.access,
        task_mix=s.task_mix, type_masks=masks.type, adopted=s.adopted, team_proven=s.team_proven,
        stage=s.stage, moved=s.moved, stuck=s.stuck, stopped_available=s.stopped_available,
        stopped_proven=s.stopped_proven, team_found=s.team_found, fear_errors=s.fear_errors, fear_job=s.fear_job,
        need_proof=s.traits["need_proof"],
        intensity_of_stage=intensity_of_stage(p.use.intensity_trying, p.use.intensity_occasional),
    )  # fmt: skip
    params = record(
        explore_rate=p.explore_rate,
        codify_floor=p.leadership.codify_floor,
        stuck_uptake=p.value.stuck_uptake,
        anxiety_barrier=p.anxiety_barrier,
        belief_weight=p.belief_weight,
        help_barrier_relief=p.uptake.help_barrier_relief,
        fears_barrier=p.uptake.fears_barrier,
        untested_tools=untested_tools(cfg),
        ease=ease(cfg),
        ease_of_use=ease_of_use,
        room_base=p.exploration.room_base,
        room_weight=p.exploration.room_weight,
        rules_need=p.exploration.rules_need,
        success_base=p.exploration.success_base,
        success_competence=p.exploration.success_competence,
        success_ease=p.exploration.success_ease,
        practice_discovery=p.exploration.practice_discovery,
        first_try=p.calendar.first_try,
        first_try_open=p.calendar.first_try_open,
    )
    return bind(arrays, params)


@jit
def _kernel(u_go, u_type, u_case, u_ok, arrays, params, available, org_proven, awareness):
    a, par = Arrays(*arrays), params[0]
    # the arrays as local names: read off the record inside the loop, each would be reference-counted at every use
    stage, access, need_rules, frames, room, team = a.stage, a.access, a.need_rules, a.frames, a.room, a.team
    anxiety, belief, curiosity, type_masks, task_mix = a.anxiety, a.belief, a.curiosity, a.type_masks, a.task_mix
    adopted, competence, team_proven, moved = a.adopted, a.competence, a.team_proven, a.moved
    stuck, stopped_available, stopped_proven, team_found = a.stuck, a.stopped_available, a.stopped_proven, a.team_found
    fear_errors, fear_job, need_proof, intensity_of_stage = (
        a.fear_errors,
        a.fear_job,
        a.need_proof,
        a.intensity_of_stage,
    )
    for i in range(stage.size):
        if not access[i]:
            continue
        frames_fit = 1.0 - par.rules_need * need_rules[i] * (1.0 - frames[i])
        room_factor = par.room_base + par.room_weight * room[team[i]]
        barrier = barrier_anxiety1(anxiety[i], fear_errors[i], fear_job[i], par)
        will = willingness1(barrier, belief[i], 0.0, par)
        rate = par.explore_rate * curiosity[i] * room_factor * par.ease * will * frames_fit * awareness
        rate *= tested1(need_proof[i], par)
        # use reveals where else AI helps in one's own work (learning by doing), in proportion to the use made
        rate += par.practice_discovery * intensity_of_stage[stage[i]] * par.ease * room_factor
        if stuck[i] and stage[i] == ABANDONED:
            new_proven = (team_proven[team[i]] | org_proven) & available & ~adopted[i]
            rate *= stuck_factor1(stopped_available[i], stopped_proven[i], new_proven, available, par.stuck_uptake)
        if not u_go[i] < -math.expm1(-rate):
            continue
        case = pick1(relevant1(available, type_masks, task_mix[i], u_type[i], adopted[i]), u_case[i])
        success = par.success_base + par.success_competence * competence[i] + par.success_ease * par.ease_of_use
        if case >= 0 and u_ok[i] < success:
            adopted[i] |= bit1(case)
            # a share codify_floor is proven at once (given success, u_ok / success is uniform: no new draw)
            if u_ok[i] < success * par.codify_floor:
                team_proven[team[i]] |= bit1(case)
            else:  # found: it stays with its finder until transition leadership codifies it
                team_found[team[i]] |= bit1(case)
        if stage[i] == NEVER or stage[i] == ABANDONED:
            stage[i] = TRYING
            moved[i] = True


def awareness(week: int, months: float) -> float:
    """Share aware of generative AI ``week`` weeks after ChatGPT's launch: ``1 - exp(-month / months)``; 1 if
    ``months`` is 0 (everyone aware from the start)."""
    if months <= 0:
        return 1.0
    return -math.expm1(-week * MONTHS_PER_YEAR / WEEKS_PER_YEAR / months)


@jit
def _first_try_kernel(u, new, arrays, params):
    a, par = Arrays(*arrays), params[0]
    stage, moved, anxiety, belief = a.stage, a.moved, a.anxiety, a.belief
    fear_errors, fear_job = a.fear_errors, a.fear_job
    for i in range(stage.size):
        if not new[i]:
            continue
        will = willingness1(barrier_anxiety1(anxiety[i], fear_errors[i], fear_job[i], par), belief[i], 0.0, par)
        if u[i] < par.first_try + (1.0 - par.first_try) * par.first_try_open * will:
            stage[i] = TRYING
            moved[i] = True


def first_try(s, m) -> None:
    """Access to approved tools brings a first try: each non-user whose approved access begins this week tries
    AI with probability ``first_try + (1 - first_try) x first_try_open x W_i`` (``params.calendar``; ``W_i`` the
    willingness that scales exploration, :func:`willingness1` without help), stream ``surge``, one uniform per
    person in such weeks."""
    rng = m.streams["surge"]
    if s.week not in m.approval_weeks:
        skip(rng, s.n)  # the same draws every week, used or not
        return
    new = (s.approved_week == s.week) & ((s.stage == NEVER) | (s.stage == ABANDONED)) & ~s.moved
    b = m.bound.exploration
    _first_try_kernel(rng.random(s.n), new, b.arrays, b.params)


def step(s, m) -> None:
    u_go, u_type, u_case, u_ok = m.streams["exploration"].random((UNIFORMS, s.n))
    first_try(s, m)
    b = m.bound.exploration
    aware = awareness(s.week, m.cfg.params.calendar.awareness_months)
    _kernel(u_go, u_type, u_case, u_ok, b.arrays, b.params, s.available, s.org_proven, aware)
