"""3. Training: modules reach their cohort; competence, belief, anxiety and behaviour respond.

Who attends a module: everyone (mandatory) or, for voluntary training, each person with
probability 0.05 + 0.7 curiosity (1 - 0.5 anxiety) + 0.2 belief. With ``training.cohort_size``
places per module week, those with the fewest modules so far go first (fixed random tie-break).

What a module does for an attendee (seeds 002, 001, 003):

* competence gains ``params.learn_rate`` x format (physical 1, hybrid 0.9, online 0.6) x 1.5 with
  action learning x 1.3 with domain content x (0.4 + 0.6 ``communication.purpose``): clear
  management goals are the strongest driver of training benefit, of the gap to full competence;
* mandatory attendance is a clear instruction (``s.instructed``);
* belief rises a little (twice as much with domain content), anxiety falls (training as a safe
  space; twice with action learning); online modules have half these effects (no peers);
* action learning (booked practice between modules): a non-user with access tries AI on a task
  of their own with probability 0.35, taking an available use case of a task type drawn from their
  task mix;
* domain content with tested use cases: for attendees with access, the first available use case
  of their main task type becomes proven in their team, and those who already use AI adopt it;
* risk content: the attendee is trained in responsible use (fewer incidents; critical people gain
  belief).

Reads: the training lever, purpose, traits, anxiety, belief, access, stage.
Changes: ``s.competence``, ``s.belief``, ``s.anxiety``, ``s.modules_attended``, ``s.instructed``,
``s.risk_trained``, ``s.stage``, ``s.adopted``, ``s.moved``, ``s.team_proven``, ``s.cost_eur``.
Random stream: ``training`` (four uniforms per person every week, used or not).
"""

from __future__ import annotations

import numpy as np

from sim.mechanisms.bits import bit, nth_set_bit, pick
from sim.mechanisms.exploration import relevant_candidates
from sim.state import ABANDONED, NEVER, REGULAR, TRYING, skip

FORMAT_EFFECT = {
    "physical": 1.0,
    "hybrid": 0.9,
    "online": 0.6,
}  # seed 002: physical first; seed 003: e-learning insufficient
ACTION_LEARNING_TRY = 0.35


def is_module_week(cfg, week: int) -> bool:
    """Whether a module takes place in ``week`` (0-based)."""
    t = cfg.training
    if t.mode == "none" or week < t.start_week:
        return False
    d = week - t.start_week
    if t.refresh:
        d %= t.refresh_interval_weeks
    return d % t.spacing_weeks == 0 and d // t.spacing_weeks < t.modules


def attendees(s, cfg, u: np.ndarray) -> np.ndarray:
    """Who attends this week's module (boolean per person)."""
    t = cfg.training
    if t.mode == "mandatory":
        attend = np.ones(s.n, dtype=bool)
    else:  # voluntary: the curious come, anxiety and disbelief keep people away
        uptake = 0.05 + 0.7 * s.traits["curiosity"] * (1.0 - 0.5 * s.anxiety) + 0.2 * s.belief
        attend = u < np.clip(uptake, 0.0, 1.0)
    if 0 < t.cohort_size < attend.sum():
        idx = attend.nonzero()[0]
        order = np.lexsort((s.training_order[idx], s.modules_attended[idx]))
        attend = np.zeros(s.n, dtype=bool)
        attend[idx[order[: t.cohort_size]]] = True
    return attend


def step(s, m) -> None:
    cfg, p = m.cfg, m.cfg.params
    rng = m.streams["training"]
    if not is_module_week(cfg, s.week):
        skip(rng, 4 * s.n)  # the same draws every week, used or not
        return
    u_attend, u_try, u_type, u_case = rng.random((4, s.n))
    t = cfg.training
    attend = attendees(s, cfg, u_attend)
    if t.mode == "mandatory":
        s.instructed |= attend
    gain = p.learn_rate * FORMAT_EFFECT[t.format] * (1.5 if t.action_learning else 1.0)
    gain *= (1.3 if t.domain_specific else 1.0) * (0.4 + 0.6 * cfg.communication.purpose)
    gain = min(gain, 1.0)
    social = 0.5 if t.format == "online" else 1.0
    s.competence[attend] += gain * (1.0 - s.competence[attend])
    s.belief[attend] += social * 0.05 * (2.0 if t.domain_specific else 1.0) * (1.0 - s.belief[attend])
    s.anxiety[attend] *= 1.0 - social * 0.05 * (2.0 if t.action_learning else 1.0)
    s.modules_attended[attend] += 1
    if t.risk_content:
        s.risk_trained |= attend
    if t.domain_specific:  # a tested use case of the attendee's main task type becomes proven in the team
        idx = (attend & s.signals["access"]).nonzero()[0]
        main = np.argmax(s.task_mix[idx], axis=1)
        tested = bit(nth_set_bit(s.available & m.masks["type"][main], np.zeros(idx.size, dtype=np.int64)))
        np.bitwise_or.at(s.team_proven, s.team[idx], tested)
        users = (s.stage[idx] >= TRYING) & (s.stage[idx] <= REGULAR)
        s.adopted[idx[users]] |= tested[users]
    if t.action_learning:  # booked practice: non-users try AI on their own tasks
        non_user = (s.stage == NEVER) | (s.stage == ABANDONED)
        tries = attend & non_user & s.signals["access"] & (u_try < ACTION_LEARNING_TRY)
        idx = tries.nonzero()[0]
        s.adopted[idx] |= bit(pick(relevant_candidates(s, m, idx, u_type[idx]), u_case[idx]))
        s.stage[idx] = TRYING
        s.moved[idx] = True
    s.cost_eur[attend] += p.module_hours * p.hourly_cost_eur + p.module_fee_eur
