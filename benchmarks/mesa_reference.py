"""A plain-Mesa reference implementation of the adoption model, for an honest speed comparison.

:class:`sim.model.AdoptionModel` keeps all agent state in numpy arrays and runs each week as eight
mechanisms working on those arrays in bulk (compiled loops, :mod:`sim.jit`). This module writes the *same* weekly mechanisms the way Mesa models are
usually written: one :class:`mesa.discrete_space.CellAgent` per person on a
:class:`mesa.discrete_space.Network` of the organisation's ties, state in agent attributes, each
mechanism a per-agent method with scalar arithmetic and scalar draws from ``self.random``, invoked
through the AgentSet (``shuffle_do`` / ``do``), and a :class:`mesa.DataCollector` whose model
reporters reduce over the agents in Python at each month end.

It exists for two things:

* **speed**: :func:`time_reference` times one run of the reference and the median of five runs of the
  real model (build and stepping separately);
* **correctness of both**: :func:`compare_curves` runs both models over replicates and tests, per
  output and month, whether the mean curves are statistically equivalent (TOST). The reference
  draws different random numbers, so only the distributions can agree, not single runs.

The set-up is shared, not re-implemented: the organisation (:func:`sim.organisation.build`), the
initial state (:func:`sim.state.initialise`, on the streams of :func:`sim.state.make_streams`), the
catalogue and the use-case masks (:func:`sim.catalogue.use_case_masks`) are those of the real model, copied
into agent attributes. Everything that happens week by week is written again here, from the
mechanism docstrings and code of ``sim/mechanisms/``, without importing any of it.

Updating: within one mechanism the real model reads the state as it was at the start of the
mechanism. Where a person's update reads other people's state, this reference uses the usual Mesa
pattern of a separate pass first, so both are the same stochastic model:

* exposure (share of one's contacts using AI): ``do("observe")`` before ``shuffle_do("spread")``;
* superuser help per team: leaders count their team's active superusers (``lead``) before members
  read it (``follow_leader``);
* lessons shared organisation-wide: after every team's signals are set (``share_lessons``), since
  phased leadership reads the organisation's proven use cases;
* the share of the team causing an incident: counted while ``use`` runs, read in the later
  ``update_attitude`` pass;
* limited training places: who wants a module is decided for everyone before anyone attends.

Every other mechanism reads only the agent's own state and its team's signals, so sequential
per-agent updating in random order equals the simultaneous update.

Run::

    python benchmarks/mesa_reference.py --sizes 2000 10000 --months 36   # stepping times and speed-up
    python benchmarks/mesa_reference.py --check --jobs 2                 # equivalence of the curves

``--check`` compares status_quo, balanced and hr_five_step on 1,000 employees over 12 months with
16 replicates of each model (about a minute on two cores); ``tests/test_mesa_reference.py`` runs a
smaller version.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time

import mesa
import networkx as nx
import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from mesa.agentset import AgentSet
from mesa.discrete_space import CellAgent, Network
from scipy import stats

from sim import load_config
from sim.catalogue import load_catalogue, use_case_masks
from sim.config import Config
from sim.model import AdoptionModel
from sim.organisation import build
from sim.outputs import month_end_weeks
from sim.run import warm_up
from sim.state import TRAITS, initialise, make_streams

NEVER, TRYING, OCCASIONAL, REGULAR, ABANDONED = range(5)
NON_USER = (NEVER, ABANDONED)
# the constants below restate the mechanism docstrings of sim/mechanisms/ (not imported on purpose)
INTENSITY = (0.0, 0.25, 0.5, 1.0, 0.0)  # share of the potential use made at each stage
FORMAT_EFFECT = {"physical": 1.0, "hybrid": 0.9, "online": 0.6}
ACTION_LEARNING_TRY = 0.35
POLICY_THREAT = {"reinvest_quality": 0.1, "unclear": 0.5, "reduce_staffing": 1.0}
TASK_TYPES = range(5)

OUTPUTS = (
    "tried_share",
    "using_share",
    "regular_share",
    "abandoned_share",
    "competence_mean",
    "anxiety_mean",
    "high_anxiety_share",
    "belief_mean",
    "hours_saved_per_fte_week",
    "quality_index",
    "incidents",
    "cost_eur_cum",
    "value_eur_cum",
)
# Equivalence margins of compare_curves, and why:
# * shares and 0-1 means (quality_index included): 0.05 absolute. Five percentage points of staff
#   (or 0.05 on a 0-1 scale) is smaller than the differences between packages the model is used to
#   rank (0.1-0.6 at month 12) and about the resolution at which results are read.
# * hours saved, cost and value: 10 % of the larger of the two means. They have no natural absolute
#   scale (they grow with adoption, prices and the horizon), so the margin is relative.
# * floors where a relative margin is meaningless because the level is near zero (hours and value
#   early in a slow package, e.g. 0.01 h per person-week in status_quo at month 6, where the
#   replicate sd is half the mean): hours saved per person-week at least 0.02 h (about a minute a
#   week, 0.05 % of a 37-hour week); cumulative value at least the value of those 0.02 h for every
#   person and week so far; incidents in a month at least 0.5 per 100 employees. Incidents are rare
#   events (about one a month in 300 people, replicate sd about the mean), so with few replicates
#   the floor, not the 10 %, is what is tested: a weak check, stated as such.
SHARE_MARGIN = 0.05
RELATIVE_MARGIN = 0.10
HOURS_FLOOR = 0.02  # hours per person and week
INCIDENT_FLOOR_PER_HEAD = 0.005  # incidents per employee and month
RELATIVE_OUTPUTS = ("hours_saved_per_fte_week", "incidents", "cost_eur_cum", "value_eur_cum")
ALPHA = 0.05


def set_bits(mask: int) -> list[int]:
    """Indices of the use cases in a bit set."""
    return [b for b in range(mask.bit_length()) if mask >> b & 1]


# --------------------------------------------------------------------------- agents
class Employee(CellAgent):
    """One person: fixed traits and dynamic state as plain attributes; one method per mechanism."""

    def __init__(self, model: ReferenceModel, idx: int, s) -> None:
        super().__init__(model)
        self.idx = idx
        self.team = int(s.team[idx])
        self.archetype = int(s.archetype[idx])
        for name in TRAITS:
            setattr(self, name, float(s.traits[name][idx]))
        self.task_mix = s.task_mix[idx].tolist()
        self.main_task = max(TASK_TYPES, key=self.task_mix.__getitem__)  # first of the largest shares
        self.job_fit = float(s.job_fit[idx])
        self.is_superuser = bool(s.is_superuser[idx])
        self.access_week = int(s.access_week[idx])
        self.training_order = float(s.training_order[idx])
        # dynamic state
        self.stage = int(s.stage[idx])
        self.competence = float(s.competence[idx])
        self.anxiety = float(s.anxiety[idx])
        self.belief = float(s.belief[idx])
        self.adopted = int(s.adopted[idx])  # bit set of adopted use cases
        self.instructed = bool(s.instructed[idx])
        self.risk_trained = bool(s.risk_trained[idx])
        self.modules_attended = int(s.modules_attended[idx])
        self.hours_saved = 0.0
        self.quality = 0.0
        self.benefit = 0.0
        self.help = 0.0
        self.incidents = 0
        self.incident_now = False
        self.cost_eur = 0.0
        self.value_eur = 0.0
        self.moved = False
        # this week's signals
        self.access = False
        self.frames = 0.0
        self.hype = 0.0
        self.exposure = 0.0
        self.wants_module = False

    @property
    def is_using(self) -> bool:
        """Trying, occasional or regular use (what colleagues see)."""
        return TRYING <= self.stage <= REGULAR

    # helpers ---------------------------------------------------------------------------------
    def willingness(self, help_: float) -> float:
        p = self.model.cfg.params
        barrier = p.anxiety_barrier * self.anxiety * (1.0 - 0.5 * help_)
        return (1.0 - barrier) * (1.0 - p.belief_weight * (1.0 - self.belief))

    def pick(self, candidates: int) -> int:
        """One use case (as a bit) chosen uniformly from a bit set; 0 if it is empty."""
        return 1 << self.random.choice(set_bits(candidates)) if candidates else 0

    def pick_relevant(self) -> int:
        """An available use case not yet adopted, of a task type drawn from the task mix; 0 if none."""
        task = self.random.choices(TASK_TYPES, weights=self.task_mix)[0]
        return self.pick(self.model.available & self.model.type_masks[task] & ~self.adopted)

    # 1. environment ----------------------------------------------------------------------------
    def start_week(self) -> None:
        self.moved = False
        self.incident_now = False
        self.access = self.access_week <= self.model.week

    # 2. leaders act: what a member takes from the team's leader -------------------------------
    def follow_leader(self) -> None:
        m = self.model
        team = m.teams[self.team]
        self.frames = team.frames
        self.hype = team.hype
        self.help = team.help if self.access else 0.0
        if m.cfg.leadership.directive and self.access:
            self.instructed = True
        if self.is_superuser and self.access:
            self.cost_eur += m.cfg.superusers.hours_per_week * m.cfg.params.hourly_cost_eur

    # 3. training -------------------------------------------------------------------------------
    def decide_training(self) -> None:
        """Voluntary training: the curious come, anxiety and disbelief keep people away."""
        uptake = 0.05 + 0.7 * self.curiosity * (1.0 - 0.5 * self.anxiety) + 0.2 * self.belief
        self.wants_module = self.random.random() < min(max(uptake, 0.0), 1.0)

    def attend_module(self) -> None:
        m = self.model
        t, p = m.cfg.training, m.cfg.params
        if t.mode == "mandatory":
            self.instructed = True
        social = 0.5 if t.format == "online" else 1.0
        self.competence += m.module_gain * (1.0 - self.competence)
        self.belief += social * 0.05 * (2.0 if t.domain_specific else 1.0) * (1.0 - self.belief)
        self.anxiety *= 1.0 - social * 0.05 * (2.0 if t.action_learning else 1.0)
        self.modules_attended += 1
        if t.risk_content:
            self.risk_trained = True
        if t.domain_specific and self.access:  # a tested use case of the main task type is proven in the team
            candidates = m.available & m.type_masks[self.main_task]
            tested = candidates & -candidates  # the first one
            m.teams[self.team].proven |= tested
            if self.is_using:
                self.adopted |= tested
        if t.action_learning and self.stage in NON_USER and self.access:  # booked practice
            if self.random.random() < ACTION_LEARNING_TRY:
                self.adopted |= self.pick_relevant()
                self.stage = TRYING
                self.moved = True
        self.cost_eur += p.module_hours * p.hourly_cost_eur + p.module_fee_eur

    # 4. exploration ----------------------------------------------------------------------------
    def explore(self) -> None:
        if not self.access:
            return
        m = self.model
        p, tools = m.cfg.params, m.cfg.tools
        frames_fit = 1.0 - 0.5 * self.need_rules * (1.0 - self.frames)
        room = 0.1 + 1.8 * m.teams[self.team].room
        rate = p.explore_rate * self.curiosity * room * m.ease * self.willingness(0.0) * frames_fit
        if self.random.random() >= -math.expm1(-rate):
            return
        case = self.pick_relevant()
        if case and self.random.random() < 0.3 + 0.5 * self.competence + 0.2 * tools.ease_of_use:
            self.adopted |= case
            m.teams[self.team].proven |= case
        if self.stage in NON_USER:
            self.stage = TRYING
            self.moved = True

    # 5. spread ---------------------------------------------------------------------------------
    def observe(self) -> None:
        """Exposure: the share of one's contacts who use AI now (before anyone takes it up this week)."""
        m = self.model
        if m.cfg.org.mixing == "full":
            self.exposure = (m.n_using - self.is_using) / max(len(m.agents) - 1, 1)
            return
        contacts = self.cell.neighborhood
        if len(contacts) == 0:
            self.exposure = 0.0
            return
        self.exposure = sum(1 for a in contacts.agents if TRYING <= a.stage <= REGULAR) / len(contacts)

    def spread(self) -> None:
        if not self.access or self.moved:
            return
        m = self.model
        p = m.cfg.params
        team = m.teams[self.team]
        proven = (team.proven | m.org_proven) & m.available & ~self.adopted
        has_proven = proven != 0
        peer = p.peer_rate * self.peer_susceptibility * self.exposure * (1.0 if has_proven else 1.0 - self.need_proof)
        transition = p.transition_rate * team.push * (0.3 + 0.7 * self.need_proof) if has_proven else 0.0
        helped = p.help_rate * self.help
        non_user = self.stage in NON_USER
        if non_user:
            instructed = p.mandate_rate * self.mandate_response if self.instructed else 0.0
            button = p.transition_rate * m.builtin * (0.5 + 0.5 * self.mandate_response)
            rate = peer + transition + helped + instructed + button
        elif has_proven:  # a user takes up one more proven use case
            rate = peer + transition + helped
        else:
            return
        scale = self.willingness(self.help) * m.ease
        if self.random.random() >= -math.expm1(-rate * scale):
            return
        self.adopted |= self.pick(proven) if has_proven else self.pick_relevant()
        if non_user:
            self.stage = TRYING
            self.moved = True

    # 6. use and gains --------------------------------------------------------------------------
    def coverage(self, masks: list[int], saturation: float) -> float:
        """Share of the person's work covered by the adopted use cases of the given per-type masks."""
        cov = 0.0
        for share, mask in zip(self.task_mix, masks, strict=True):
            cov += share * -math.expm1(-(self.adopted & mask).bit_count() / saturation)
        return cov * self.job_fit

    def use(self) -> None:
        m = self.model
        p, tools = m.cfg.params, m.cfg.tools
        intensity = INTENSITY[self.stage] if self.access else 0.0
        chaos = tools.approved == "chaos"
        capability = (0.4 + 0.6 * self.competence) * (0.6 + 0.4 * tools.ease_of_use) * (0.85 if chaos else 1.0)
        using = intensity > 0
        if using:
            sat = p.use_case_saturation
            cov_time = self.coverage(m.time_type_masks, sat)
            self.hours_saved = p.hours_per_week * p.max_time_saving * cov_time * capability * intensity
            self.quality = self.coverage(m.quality_type_masks, sat) * capability * intensity
            expected = p.expected_benefit * (1.0 + p.hype_inflation * self.hype)
            self.benefit = self.coverage(m.type_masks, sat) * capability / expected
            p_incident = (
                p.incident_rate
                * intensity
                * (1.0 + (self.adopted & m.risky).bit_count())
                * (1.0 - 0.6 * self.competence)
                * (1.0 - 0.6 * self.critical_sense)
                * (1.0 - 0.6 * self.frames)
                * (1.5 if chaos else 1.0)
                * (0.85 if tools.transparent else 1.0)
                * (0.7 if self.risk_trained else 1.0)
            )
            if self.random.random() < p_incident:
                self.incident_now = True
                self.incidents += 1
                m.teams[self.team].incidents_now += 1
            self.competence += p.practice_rate * intensity * (1.0 + 0.5 * self.help) * (1.0 - self.competence)
        else:
            self.hours_saved = self.quality = self.benefit = 0.0
            self.competence -= p.decay_rate * self.competence
        if self.access:
            self.cost_eur += p.licence_eur_month * 12.0 / 52.0
        self.value_eur += self.hours_saved * p.hourly_cost_eur

    # 7. anxiety and attitude -------------------------------------------------------------------
    def update_attitude(self) -> None:
        m = self.model
        cfg, p = m.cfg, m.cfg.params
        team = m.teams[self.team]
        user = self.is_using
        success = min(self.benefit, 1.0) if user else 0.0
        threat = (
            0.25 * m.job_threat
            + 0.15 * self.hype
            + 0.2 * self.need_rules * (1.0 - self.frames) * (1.0 - self.competence) * (1.0 - 0.5 * m.trust)
            + 0.5 * team.incidents_now / team.size
        )
        relief = (
            0.15 * cfg.communication.job_security
            + 0.05 * cfg.codetermination.involved
            + 0.05 * cfg.codetermination.standing_agenda
            + 0.1 * self.help
            + 0.1 * success
            + 0.05 * (self.modules_attended > 0)
        )
        target = max(self.baseline_anxiety + threat - relief, 0.5 * self.baseline_anxiety)
        self.anxiety += p.anxiety_adjust * (min(max(target, 0.0), 1.0) - self.anxiety)

        experience = min(max(self.benefit - 1.0, -1.0), 1.0) if user else 0.0
        good_administration = (
            cfg.rules.human_decides + cfg.tools.transparent + m.rules_clarity + self.risk_trained
        ) / 4
        belief_target = (
            self.initial_belief
            + 0.3 * experience
            + 0.15 * self.exposure
            + (0.1 + 0.3 * self.need_proof) * m.documented
            + 0.3 * self.critical_sense * good_administration
            - 0.3 * self.hype * self.hype_aversion
        )
        self.belief += p.belief_adjust * (min(max(belief_target, 0.0), 1.0) - self.belief)

    # 8. abandonment and progression ------------------------------------------------------------
    def progress(self) -> None:
        if self.moved or not self.access or self.stage in NON_USER:
            return
        m = self.model
        p = m.cfg.params
        sigma = self.benefit / (1.0 + self.benefit)
        leave = p.abandon_rate * (1.0 - sigma) * (1.0 - 0.5 * self.help) * p.abandonment
        if self.stage == TRYING:
            up, down = p.promote_rate * sigma, leave
        elif self.stage == OCCASIONAL:
            up, down = p.promote_rate * sigma * max(0.5 + 0.5 * self.belief, m.builtin), leave
        else:  # regular
            up, down = 0.0, p.abandon_rate * (1.0 - sigma) * 0.5
        u = self.random.random()
        if u < up:
            self.stage += 1
            self.moved = True
        elif u < up + down:
            self.stage = OCCASIONAL if self.stage == REGULAR else ABANDONED
            self.moved = True


class Leader(Employee):
    """An employee who leads a team: sets the team's signals and may share its lessons."""

    def lead(self) -> None:
        lead_team(self.model, self.model.teams[self.team], self.competence)

    def share_lessons(self) -> None:
        share_team_lessons(self.model, self.model.teams[self.team])


class Team:
    """Team-level state: proven use cases (bit set), this week's leader signals and incidents."""

    def __init__(self, index: int, transformation: float) -> None:
        self.index = index
        self.transformation = transformation
        self.members: list[Employee] = []
        self.size = 0
        self.proven = 0
        self.room = self.push = self.frames = self.hype = self.help = 0.0
        self.incidents_now = 0


def lead_team(m: ReferenceModel, team: Team, literacy: float) -> None:
    """Frames, room to explore, push, felt hype and superuser help of one team, from its leader."""
    lc, comm = m.cfg.leadership, m.cfg.communication
    lit = 0.5 + 0.5 * literacy  # a leader who uses AI sets better frames and conversations
    tau = team.transformation
    if lc.mode == "phased":  # toward transition as proven use cases accumulate
        at_hand = ((team.proven | m.org_proven) & m.available).bit_count()
        tau *= max(0.0, 1.0 - at_hand / lc.phase_proven)
    team.room = tau * lit
    team.push = (1.0 - tau) * lit
    team.frames = 1.0 - (1.0 - m.rules_clarity) * (1.0 - comm.purpose * lit)
    team.hype = comm.hype * (1.0 - lc.damp_hype * literacy)
    n_su = sum(1 for a in team.members if a.is_superuser and a.access)
    others = max(team.size - n_su, 1)
    team.help = min(1.0, n_su * m.cfg.superusers.hours_per_week / (m.cfg.params.help_need_hours * others))


def share_team_lessons(m: ReferenceModel, team: Team) -> None:
    """Transition leaders collect and spread what works organisation-wide."""
    if m.random.random() < m.cfg.leadership.share_lessons * (0.5 + team.push):
        m.org_proven |= team.proven


# --------------------------------------------------------------------------- model
class ReferenceModel(mesa.Model):
    """The adoption model written the usual Mesa way (see the module docstring).

    Args:
        cfg: a validated :class:`sim.config.Config`.
        replicate: replicate number; with ``cfg.run.seed`` it selects the organisation and the
            initial draws (the same as :class:`sim.model.AdoptionModel`'s) and seeds ``self.random``.
    """

    def __init__(self, cfg: Config, replicate: int = 0) -> None:
        streams = make_streams(cfg.run.seed, replicate)
        super().__init__(rng=streams["mesa"])
        self.cfg = cfg
        self.replicate = replicate
        # set-up shared with the real model
        self.catalogue = load_catalogue()
        self.org = build(cfg.org, cfg.archetypes.shares, streams["organisation"])
        masks = use_case_masks(self.catalogue, cfg.rules.accepted_risk)  # the real model's masks
        s = initialise(cfg, self.org, streams)
        self.now, self.plans, self.future = int(masks["now"]), int(masks["plans"]), int(masks["future"])
        self.allowed, self.risky = int(masks["allowed"]), int(masks["risky"])
        self.type_masks = [int(x) for x in masks["type"]]
        self.time_type_masks = [int(x) for x in masks["time_type"]]
        self.quality_type_masks = [int(x) for x in masks["quality_type"]]

        # space and agents
        self.grid = Network(nx.from_scipy_sparse_array(self.org.adjacency), capacity=1, random=self.random, layout=None)
        self.teams = [Team(t, float(w)) for t, w in enumerate(s.team_transformation)]
        leader_of = {int(person): t for t, person in enumerate(s.team_leader) if person >= 0}
        for idx in range(self.org.n):
            agent = (Leader if idx in leader_of else Employee)(self, idx, s)
            agent.cell = self.grid[idx]
            team = self.teams[agent.team]
            team.members.append(agent)
            team.size += 1
        self.leaderless = [team for team in self.teams if int(s.team_leader[team.index]) < 0]
        self.leaders = self.agents_by_type.get(Leader, AgentSet([], random=self.random))

        # organisation-level state and constants
        self.week = 0
        self.org_proven = 0
        self.available = 0
        self.rules_clarity = 0.0
        self.builtin = 0.0
        self.n_using = 0
        self.documented = 0.0
        comm = cfg.communication
        self.job_threat = comm.harvest_clarity * POLICY_THREAT[cfg.harvest.policy] + (1.0 - comm.harvest_clarity) * 0.5
        self.trust = 0.5 * cfg.rules.human_decides + 0.5 * cfg.tools.transparent
        self.ease = 0.5 + 0.5 * cfg.tools.ease_of_use
        t = cfg.training
        gain = cfg.params.learn_rate * FORMAT_EFFECT[t.format] * (1.5 if t.action_learning else 1.0)
        self.module_gain = min(gain * (1.3 if t.domain_specific else 1.0) * (0.4 + 0.6 * comm.purpose), 1.0)

        # monthly recording
        self.month = 0
        self.ends = month_end_weeks(cfg.run.months).tolist()
        self.weeks = self.ends[-1]
        self.hours_acc = 0.0
        self.incidents_acc = 0
        self.weeks_acc = 0
        threshold = cfg.params.high_anxiety_threshold
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "month": "month",
                "tried_share": lambda m: share(m, lambda a: a.stage != NEVER),
                "using_share": lambda m: share(m, lambda a: a.stage in (OCCASIONAL, REGULAR)),
                "regular_share": lambda m: share(m, lambda a: a.stage == REGULAR),
                "abandoned_share": lambda m: share(m, lambda a: a.stage == ABANDONED),
                "competence_mean": lambda m: m.agents.agg("competence", np.mean),
                "anxiety_mean": lambda m: m.agents.agg("anxiety", np.mean),
                "high_anxiety_share": lambda m: share(m, lambda a: a.anxiety > threshold),
                "belief_mean": lambda m: m.agents.agg("belief", np.mean),
                "hours_saved_per_fte_week": lambda m: m.hours_acc / len(m.agents) / max(m.weeks_acc, 1),
                "quality_index": lambda m: m.agents.agg("quality", np.mean),
                "incidents": "incidents_acc",
                "cost_eur_cum": lambda m: m.agents.agg("cost_eur", sum),
                "value_eur_cum": lambda m: m.agents.agg("value_eur", sum),
            }
        )
        self.record()
        self.running = True

    # the week ------------------------------------------------------------------------------------
    def step(self) -> None:
        """One week: the eight mechanisms in the real model's order, then the monthly record."""
        self.environment()
        self.leadership()
        self.training()
        self.agents.shuffle_do("explore")
        self.n_using = sum(1 for a in self.agents if a.is_using)  # for fully mixed contacts
        self.agents.do("observe")
        self.agents.shuffle_do("spread")
        self.agents.shuffle_do("use")
        n_available = self.available.bit_count()
        self.documented = (self.org_proven & self.available).bit_count() / max(n_available, 1)
        self.agents.do("update_attitude")
        self.agents.shuffle_do("progress")
        self.hours_acc += self.agents.agg("hours_saved", sum)
        self.incidents_acc += self.agents.agg("incident_now", sum)
        self.weeks_acc += 1
        self.week += 1
        if self.month < self.cfg.run.months and self.week == self.ends[self.month + 1]:
            self.month += 1
            self.record()
        if self.week >= self.weeks:
            self.running = False

    def environment(self) -> None:
        cfg, w = self.cfg, self.week
        available = self.now
        if w >= cfg.tools.plans_week:
            available |= self.plans
        if w >= cfg.tools.future_week:
            available |= self.future
        self.available = available & self.allowed
        g, b = cfg.rules.guidelines_week, cfg.tools.builtin_week
        self.rules_clarity = cfg.rules.clarity if 0 <= g <= w else 0.0
        self.builtin = 1.0 if 0 <= b <= w else 0.0
        for team in self.teams:
            team.incidents_now = 0
        self.agents.do("start_week")

    def leadership(self) -> None:
        self.leaders.shuffle_do("lead")
        for team in self.leaderless:
            lead_team(self, team, self.cfg.leadership.leader_literacy)
        self.agents.do("follow_leader")
        self.leaders.shuffle_do("share_lessons")
        for team in self.leaderless:
            share_team_lessons(self, team)

    def module_week(self) -> bool:
        t = self.cfg.training
        if t.mode == "none" or self.week < t.start_week:
            return False
        d = self.week - t.start_week
        if t.refresh:
            d %= t.refresh_interval_weeks
        return d % t.spacing_weeks == 0 and d // t.spacing_weeks < t.modules

    def training(self) -> None:
        if not self.module_week():
            return
        t = self.cfg.training
        if t.mode == "mandatory":
            attendees = list(self.agents)
        else:
            self.agents.do("decide_training")
            attendees = [a for a in self.agents if a.wants_module]
        if 0 < t.cohort_size < len(attendees):  # fewest modules first, fixed random tie-break
            attendees = sorted(attendees, key=lambda a: (a.modules_attended, a.training_order))[: t.cohort_size]
        AgentSet(attendees, random=self.random).shuffle_do("attend_module")

    # recording -----------------------------------------------------------------------------------
    def record(self) -> None:
        self.datacollector.collect(self)
        self.hours_acc = 0.0
        self.incidents_acc = 0
        self.weeks_acc = 0

    def run(self) -> None:
        """Run to the horizon (``cfg.run.months``)."""
        while self.running:
            self.step()

    def results(self) -> pd.DataFrame:
        """Monthly results for the whole organisation: columns ``month`` and :data:`OUTPUTS`."""
        df = self.datacollector.get_model_vars_dataframe()
        return df[["month", *OUTPUTS]].reset_index(drop=True)


def share(m: ReferenceModel, condition) -> float:
    """Share of the agents for which ``condition(agent)`` holds."""
    return sum(1 for a in m.agents if condition(a)) / len(m.agents)


# --------------------------------------------------------------------------- comparison
def checked_months(months: int) -> list[int]:
    """Every sixth month and the last (month 0 is the shared initial state, not tested)."""
    return sorted({m for m in range(6, months + 1, 6)} | {months})


def margin(output: str, mean_a: float, mean_b: float, cfg: Config, month: int) -> float:
    """The equivalence margin of one output at one month (see the comment at :data:`SHARE_MARGIN`)."""
    if output not in RELATIVE_OUTPUTS:
        return SHARE_MARGIN
    relative = RELATIVE_MARGIN * max(abs(mean_a), abs(mean_b))
    if output == "hours_saved_per_fte_week":
        return max(relative, HOURS_FLOOR)
    if output == "value_eur_cum":
        weeks = int(month_end_weeks(month)[-1])
        return max(relative, HOURS_FLOOR * cfg.params.hourly_cost_eur * cfg.org.size * weeks)
    if output == "incidents":
        return max(relative, INCIDENT_FLOOR_PER_HEAD * cfg.org.size)
    return relative


def tost(a: np.ndarray, b: np.ndarray, delta: float, alpha: float = ALPHA) -> tuple[float, float, float, bool]:
    """Welch TOST of ``|mean(a) - mean(b)| < delta``: difference, its standard error, p-value, equivalent."""
    diff = float(np.mean(a) - np.mean(b))
    se = float(np.sqrt(np.var(a, ddof=1) / a.size + np.var(b, ddof=1) / b.size))
    scale = max(float(np.abs(a).max()), float(np.abs(b).max()), 1.0)
    if se <= 1e-9 * scale:  # no spread beyond rounding (e.g. a deterministic cost): compare the means directly
        return diff, 0.0, 0.0 if abs(diff) < delta else 1.0, abs(diff) < delta
    # H0: diff <= -delta (reject if a + delta is greater), and H0: diff >= delta (reject if a - delta is less)
    p_low = stats.ttest_ind(a + delta, b, equal_var=False, alternative="greater").pvalue
    p_high = stats.ttest_ind(a - delta, b, equal_var=False, alternative="less").pvalue
    p = float(max(p_low, p_high))
    return diff, se, p, p < alpha


def run_real(cfg: Config, replicate: int) -> pd.DataFrame:
    """Whole-organisation monthly results of one run of the real model."""
    model = AdoptionModel(cfg, replicate=replicate)
    model.run()
    df = model.results()
    df = df[df["archetype"] == "all"]
    return df[["month", *OUTPUTS]].reset_index(drop=True)


def run_reference(cfg: Config, replicate: int) -> pd.DataFrame:
    model = ReferenceModel(cfg, replicate=replicate)
    model.run()
    return model.results()


def compare_curves(overrides: list[str], replicates: int, seed: int = 0, n_jobs: int = 1) -> pd.DataFrame:
    """Run both models for replicates 0..R-1 and test the equivalence of their mean curves.

    Both models get the same config (``overrides`` plus ``run.seed=seed``; the real one runs with
    ``run.mesa_agents=false``), so replicate r of both starts from the same organisation and
    initial state; the weekly random numbers differ. Per output of :data:`OUTPUTS` and per month
    of :func:`checked_months`: the two means, the difference (reference - real), its Welch standard
    error, the equivalence margin, the TOST p-value (the larger of the two one-sided Welch t-tests)
    and ``equivalent`` (p < 0.05). Sharing the initial state makes the two samples positively
    correlated, which the unpaired Welch test ignores: the test is then conservative.
    ``n_jobs`` runs the replicates in that many processes (joblib); results do not depend on it.
    """
    cfg = load_config([*overrides, f"run.seed={seed}", "run.mesa_agents=false"])
    runs = [(run, r) for run in (run_reference, run_real) for r in range(replicates)]
    frames = Parallel(n_jobs=n_jobs)(delayed(run)(cfg, r) for run, r in runs)
    ref, real = frames[:replicates], frames[replicates:]
    rows = []
    for month in checked_months(cfg.run.months):
        for output in OUTPUTS:
            a = np.array([df.loc[df["month"] == month, output].item() for df in ref], dtype=float)
            b = np.array([df.loc[df["month"] == month, output].item() for df in real], dtype=float)
            delta = margin(output, a.mean(), b.mean(), cfg, month)
            diff, se, p, ok = tost(a, b, delta)
            rows.append(
                {
                    "month": month,
                    "output": output,
                    "reference": a.mean(),
                    "real": b.mean(),
                    "difference": diff,
                    "se": se,
                    "margin": delta,
                    "p_tost": p,
                    "equivalent": ok,
                }
            )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- timing
def time_reference(
    size: int, months: int = 36, seed: int = 0, overrides: list[str] | None = None, repeats: int = 5
) -> dict:
    """Build and stepping seconds of one run of the reference and of the real model (median of
    ``repeats`` runs, replicates 0, 1, ...; a single run's time varies by a third on small machines).

    Stepping is ``run()`` to the horizon, monthly recording included, for both. The real model
    runs in batch mode (``run.mesa_agents=false``), as in the project's own benchmark, after its
    compiled loops are loaded (once per process; ``real_load_s``).
    """
    cfg = load_config(
        [*(overrides or []), f"org.size={size}", f"run.months={months}", f"run.seed={seed}", "run.mesa_agents=false"]
    )
    real_load = warm_up()  # the real model's compiled loops, once per process, timed apart
    t0 = time.perf_counter()
    ref = ReferenceModel(cfg)
    t1 = time.perf_counter()
    ref.run()
    t2 = time.perf_counter()
    builds, steps = [], []
    for replicate in range(repeats):
        start = time.perf_counter()
        real = AdoptionModel(cfg, replicate=replicate)
        built = time.perf_counter()
        real.run()
        builds.append(built - start)
        steps.append(time.perf_counter() - built)
    real_step = statistics.median(steps)
    return {
        "size": size,
        "months": months,
        "reference_build_s": t1 - t0,
        "reference_step_s": t2 - t1,
        "real_load_s": real_load,
        "real_build_s": statistics.median(builds),
        "real_step_s": real_step,
        "speedup": (t2 - t1) / real_step,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000], help="organisation sizes to time")
    parser.add_argument("--months", type=int, default=36, help="horizon of the timed runs")
    parser.add_argument("--package", default="status_quo", help="package of the timed runs")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--check", action="store_true", help="test the equivalence of the curves instead of timing")
    parser.add_argument("--check-size", type=int, default=1000, help="organisation size of the equivalence check")
    parser.add_argument("--check-months", type=int, default=12, help="horizon of the equivalence check")
    parser.add_argument("--replicates", type=int, default=16, help="replicates per model in the equivalence check")
    parser.add_argument("--jobs", type=int, default=1, help="processes for the replicates of the check")
    parser.add_argument(
        "--packages", nargs="+", default=["status_quo", "balanced", "hr_five_step"], help="packages to check"
    )
    args = parser.parse_args(argv)

    if args.check:
        passed = True
        with pd.option_context("display.width", 160, "display.max_rows", 500):
            for package in args.packages:
                overrides = [f"package={package}", f"org.size={args.check_size}", f"run.months={args.check_months}"]
                table = compare_curves(overrides, args.replicates, seed=args.seed, n_jobs=args.jobs)
                ok = bool(table["equivalent"].all())
                passed &= ok
                print(
                    f"\n{package}: {args.replicates} replicates of {args.check_size} people over "
                    f"{args.check_months} months: {'equivalent' if ok else 'NOT equivalent'}"
                )
                print(table.to_string(index=False, float_format=lambda x: f"{x:.4g}"))
        print(f"\noverall: {'PASS' if passed else 'FAIL'}")
        return 0 if passed else 1

    for size in args.sizes:
        r = time_reference(size, args.months, args.seed, [f"package={args.package}"])
        print(
            f"{size:>7,} employees, {args.months} months, {args.package}: plain Mesa build {r['reference_build_s']:.2f} s, "
            f"step {r['reference_step_s']:.2f} s; this model (median of 5 runs) build {r['real_build_s']:.2f} s, "
            f"step {r['real_step_s']:.3f} s; speed-up of stepping {r['speedup']:.0f}x",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
