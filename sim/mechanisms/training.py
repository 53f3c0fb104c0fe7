"""3. Training: modules reach their cohort; competence, belief, anxiety and behaviour respond.

Who attends a module: everyone (mandatory) or, for voluntary training, each person with
probability ``base + curiosity_w x curiosity x (1 - anxiety_w x anxiety) + belief_w x belief``
(``params.training.voluntary_*``). With ``training.cohort_size`` places per
module week, those with the fewest modules so far go first (fixed random tie-break).

What a module does for an attendee (seeds 002, 001, 003; constants in ``params.training``, their
defaults in ``docs/parameters.md``):

* competence gains ``params.learn_rate`` x format (physical 1, else ``format_hybrid`` or
  ``format_online``) x ``action_learning_gain`` with action learning x ``domain_gain`` with domain
  content x (``purpose_floor`` + (1 - ``purpose_floor``) x ``communication.purpose``): clear
  management goals are the strongest driver of training benefit, of the gap to one's ceiling of competence
  (``s.aptitude``, drawn per person at set-up with mean ``params.training.aptitude_mean``; a mean of 1 gives
  everyone the ceiling 1);
* mandatory attendance is a clear instruction (``s.instructed``);
* belief closes ``belief_gain`` of its gap to 1 (x ``domain_belief`` with domain content);
  anxiety falls by the share ``anxiety_relief`` (x ``action_learning_relief`` with action learning)
  as training is a safe space; online modules keep the share ``online_social`` of these effects
  (no peers);
* action learning (booked practice between modules): a non-user with access tries AI on a task
  of their own with probability ``action_learning_try``, taking an available use case of a
  task type drawn from their task mix;
* domain content with tested use cases: for attendees with access, the first available use case
  of their main task type becomes proven in their team, and those who already use AI adopt it;
* risk content: the attendee is trained in responsible use (fewer incidents; critical people gain
  belief).

Reads: the training lever, purpose, traits, anxiety, belief, access, stage, aptitude.
Changes: ``s.competence``, ``s.belief``, ``s.anxiety``, ``s.modules_attended``, ``s.instructed``,
``s.risk_trained``, ``s.stage``, ``s.adopted``, ``s.moved``, ``s.team_proven``, ``s.cost_eur``, ``s.stuck``
(attending clears it: something has changed), ``s.hours_spent`` (the module, and ``params.costs.practice_hours``
of booked practice with action learning), ``s.attention_cost_eur`` (the practice hours' cost).
Random stream: ``training`` (four uniforms per person every week, used or not).
"""

from __future__ import annotations

import numpy as np

from sim.mechanisms.bits import bit, nth_set_bit, pick
from sim.mechanisms.exploration import relevant_candidates
from sim.state import ABANDONED, NEVER, REGULAR, TRYING, skip

UNIFORMS = 4  # per person and week, drawn whether used or not: attend, try, task type, use case


def format_effect(cfg) -> float:
    """Competence gain of the module format relative to physical attendance (seed 002: physical first;
    seed 003: e-learning is insufficient)."""
    tp = cfg.params.training
    return {"physical": 1.0, "hybrid": tp.format_hybrid, "online": tp.format_online}[cfg.training.format]


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
    t, tp = cfg.training, cfg.params.training
    if t.mode == "mandatory":
        attend = np.ones(s.n, dtype=bool)
    else:  # voluntary: the curious come, anxiety and disbelief keep people away
        curious = tp.voluntary_curiosity * s.traits["curiosity"] * (1.0 - tp.voluntary_anxiety * s.anxiety)
        uptake = tp.voluntary_base + curious + tp.voluntary_belief * s.belief
        attend = u < np.clip(uptake, 0.0, 1.0)
    if 0 < t.cohort_size < attend.sum():
        idx = attend.nonzero()[0]
        order = np.lexsort((s.training_order[idx], s.modules_attended[idx]))
        attend = np.zeros(s.n, dtype=bool)
        attend[idx[order[: t.cohort_size]]] = True
    return attend


def step(s, m) -> None:
    cfg, p, tp = m.cfg, m.cfg.params, m.cfg.params.training
    rng = m.streams["training"]
    if not is_module_week(cfg, s.week):
        skip(rng, UNIFORMS * s.n)  # the same draws every week, used or not
        return
    u_attend, u_try, u_type, u_case = rng.random((UNIFORMS, s.n))
    t = cfg.training
    attend = attendees(s, cfg, u_attend)
    if t.mode == "mandatory":
        s.instructed |= attend
    gain = p.learn_rate * format_effect(cfg) * (tp.action_learning_gain if t.action_learning else 1.0)
    purpose = tp.purpose_floor + (1.0 - tp.purpose_floor) * cfg.communication.purpose
    gain *= (tp.domain_gain if t.domain_specific else 1.0) * purpose
    gain = min(gain, 1.0)
    social = tp.online_social if t.format == "online" else 1.0
    # towards one's own ceiling (params.training.aptitude_*), never above it nor down to it
    s.competence[attend] += gain * np.maximum(s.aptitude[attend] - s.competence[attend], 0.0)
    belief_gain = social * tp.belief_gain * (tp.domain_belief if t.domain_specific else 1.0)
    s.belief[attend] += belief_gain * (1.0 - s.belief[attend])
    s.anxiety[attend] *= 1.0 - social * tp.anxiety_relief * (tp.action_learning_relief if t.action_learning else 1.0)
    s.modules_attended[attend] += 1
    s.stuck[attend] = False  # something has changed for those who had found no value
    if t.risk_content:
        s.risk_trained |= attend
    if t.domain_specific:  # a tested use case of the attendee's main task type becomes proven in the team
        idx = (attend & s.signals.access).nonzero()[0]
        main = np.argmax(s.task_mix[idx], axis=1)
        tested = bit(nth_set_bit(s.available & m.masks.type[main], np.zeros(idx.size, dtype=np.int64)))
        np.bitwise_or.at(s.team_proven, s.team[idx], tested)
        users = (s.stage[idx] >= TRYING) & (s.stage[idx] <= REGULAR)
        s.adopted[idx[users]] |= tested[users]
    if t.action_learning:  # booked practice: non-users try AI on their own tasks
        non_user = (s.stage == NEVER) | (s.stage == ABANDONED)
        tries = attend & non_user & s.signals.access & (u_try < tp.action_learning_try)
        idx = tries.nonzero()[0]
        s.adopted[idx] |= bit(pick(relevant_candidates(s, m, idx, u_type[idx]), u_case[idx]))
        s.stage[idx] = TRYING
        s.moved[idx] = True
    s.cost_eur[attend] += p.module_hours * p.hourly_cost_eur + p.module_fee_eur
    # time out of work: the module, and booked practice with action learning (not in cost_eur)
    practice = p.costs.practice_hours if t.action_learning else 0.0
    s.hours_spent[attend] += p.module_hours + practice
    s.attention_cost_eur[attend] += practice * p.hourly_cost_eur
