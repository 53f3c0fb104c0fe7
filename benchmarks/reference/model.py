"""The adoption model written the usual Mesa way: one agent per person, one method per mechanism.

:class:`sim.model.AdoptionModel` keeps all agent state in numpy arrays and runs each week as eight
mechanisms working on those arrays in bulk (compiled loops, :mod:`sim.jit`). This module writes the
*same* weekly mechanisms the way Mesa models are usually written: one
:class:`mesa.discrete_space.CellAgent` per person on a :class:`mesa.discrete_space.Network` of the
organisation's ties, state in agent attributes, each mechanism a per-agent method with scalar
arithmetic and scalar draws from ``self.random``, invoked through the AgentSet (``shuffle_do`` /
``do``), and a :class:`mesa.DataCollector` whose model reporters reduce over the agents in Python at
each month end.

The set-up is shared, not re-implemented: the organisation (:func:`sim.organisation.build`, its
ties rewired by :func:`sim.organisation.rewired` on the stream ``rewire`` as in the real model), the
initial state (:func:`sim.state.initialise`, on the streams of :func:`sim.state.make_streams`; it
draws the organisation-level variation, e.g. the leaders' starting literacy ``state.leader_literacy``,
which leaderless teams use), the catalogue and the use-case masks
(:func:`sim.catalogue.use_case_masks`) are those of the real model, copied into agent attributes. So is
the calendar of the organisation's rollout (``rollout.start_month``): the config in force before the
start week (:func:`sim.model.status_quo_levers`, every lever at its default) and from it (the package's,
its schedule shifted by :func:`sim.model.from_rollout`), and what the levers set up once
(:func:`sim.state.apply_levers`: leaders' styles, hands-on leaders, superusers, access weeks), which
the shared set-up runs and the reference runs again on its agents' state at the start week. Everything
that happens week by week is written again here, from the mechanism docstrings of ``sim/mechanisms/``,
without importing any of it.

Every number of the weekly maths is read from the config the real model reads: the mechanism
constants from ``cfg.params`` (its flat rates and the groups ``leadership``, ``training``,
``uptake``, ``exploration``, ``spread``, ``use``, ``attitude``, ``progression``, ``value``,
``costs`` and ``fears``) and the levers from their groups; the unit conversions are
:data:`sim.config.WEEKS_PER_YEAR` and :data:`sim.config.MONTHS_PER_YEAR`. The module holds no
constant of its own: its only numbers are 0 and 1 and the count of terms of a mean, and it reads
every parameter the real model reads (``tests/test_reference_parameters.py``).

Updating: within one mechanism the real model reads the state as it was at the start of the
mechanism. Where a person's update reads other people's state, this reference uses the usual Mesa
pattern of a separate pass first, so both are the same stochastic model:

* exposure (share of one's contacts using AI), the number of contacts using AI (complex contagion)
  and the use cases each user shows colleagues: ``do("observe")`` before ``shuffle_do("spread")``
  (the real model reads its contacts' use cases as they change during the pass; see ``observe``);
* superuser help per team: leaders count their team's active superusers (``lead``) before members
  read it (``follow_leader``);
* lessons shared organisation-wide: after every team's signals are set (``share_lessons``), since
  phased leadership reads the organisation's proven use cases; then each team's discoveries are
  codified (``codify_team``), which reads the team's push;
* the share of the team causing an incident: counted while ``use`` runs, read in the later
  ``update_attitude`` pass;
* the credibility of job commitments (organisation-wide): moved once a week before the
  ``update_attitude`` pass, which reads it;
* limited training places: who wants a module is decided for everyone before anyone attends.

Every other mechanism reads only the agent's own state and its team's signals, so sequential
per-agent updating in random order equals the simultaneous update.
"""

from __future__ import annotations

import math
from dataclasses import replace

import mesa
import networkx as nx
import numpy as np
import pandas as pd
from mesa.agentset import AgentSet
from mesa.discrete_space import CellAgent, Network

from sim.catalogue import MAX_USE_CASES, load_catalogue, use_case_masks
from sim.config import MONTHS_PER_YEAR, WEEKS_PER_YEAR, Config
from sim.model import from_rollout, status_quo_levers
from sim.organisation import build, rewired
from sim.outputs import WEEKS_PER_MONTH, month_end_weeks
from sim.state import (
    ABANDONED,
    COUNT_TOLERANCE,
    NEVER,
    OCCASIONAL,
    REGULAR,
    TRAITS,
    TRYING,
    apply_levers,
    initialise,
    make_streams,
    use_case_factors,
)

NON_USER = (NEVER, ABANDONED)

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
    "realised_gain_share",
    "fear_job_loss_share",
    "fear_job_loss_mean",
    "fear_errors_mean",
    "realised_value_eur_cum",
    "hours_spent_per_fte_week",
)
# users_saving_nothing_share and realised_roi are recorded by the DataCollector too, but are not OUTPUTS
# (not in results(), not compared for equivalence): they are NaN without users, or while nothing has been
# spent (month 0 at least), and results() are all finite (tests/test_mesa_reference.py).


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
        self.task_mix = s.task_mix[idx].tolist()
        self.main_task = self.task_mix.index(max(self.task_mix))  # first of the largest shares
        self.job_fit = float(s.job_fit[idx])
        self.training_order = float(s.training_order[idx])
        self.overhead = float(s.overhead[idx])  # drawn by the shared set-up (its stream "value")
        self.aptitude = float(s.aptitude[idx])  # one's ceiling of competence (its stream "aptitude")
        self.frontier = float(s.frontier[idx])  # drawn by the shared set-up (its stream "frontier")
        # with a place on the frontier per use case: the person's factor for each use case, from the key the shared
        # set-up drew (its stream "frontier")
        per_use_case = model.cfg.params.value.frontier_per == "use_case"
        self.factors = use_case_factors(s.frontier_key[idx], s.frontier_levels, MAX_USE_CASES) if per_use_case else None
        # traits, superusers, access weeks, competence and belief: as the levers set them up
        self.take_levers(s)
        # dynamic state
        self.stage = int(s.stage[idx])
        self.anxiety = float(s.anxiety[idx])
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
        self.net_hours = 0.0
        self.realised_value_eur = 0.0
        self.stuck = False  # gave up having found no value
        self.stopped_available = 0  # use cases available when giving up (bit set)
        self.stopped_proven = 0  # proven use cases at hand when giving up (bit set)
        self.fear_job = float(s.fear_job[idx])
        self.fear_errors = float(s.fear_errors[idx])
        self.hours_spent = 0.0  # this week's hours on training, practice, helping and leading on AI
        self.attention_cost_eur = 0.0  # cumulative cost of those hours not in cost_eur (practice, leading)
        self.moved = False
        # this week's signals
        self.access = False
        self.builtin = 0.0  # 1 while AI is built into one's systems
        self.frames = 0.0
        self.hype = 0.0
        self.exposure = 0.0
        self.contacts_using = 0  # number of contacts using AI
        self.embedded_using = 0  # of them, those with whom one shares another contact (an embedded tie)
        self.embedded = frozenset()  # the contacts with whom one shares another contact (set up by the model)
        self.shown = 0  # the use cases one shows colleagues this week (adopted, while using AI)
        self.wants_module = False

    def take_levers(self, s) -> None:
        """Copy what the levers set up once (:func:`sim.state.apply_levers`) from the shared state ``s``:
        the traits (raised for hands-on leaders), whether one is a superuser, the weeks of access to tools
        and to approved tools, and competence and belief (raised for superusers and hands-on leaders)."""
        idx = self.idx
        for name in TRAITS:
            setattr(self, name, float(s.traits[name][idx]))
        self.is_superuser = bool(s.is_superuser[idx])
        self.access_week = int(s.access_week[idx])
        self.approved_week = int(s.approved_week[idx])  # -1: no approved tools
        self.builtin_week = int(s.builtin_week[idx])  # -1: no AI built into one's systems
        self.competence = float(s.competence[idx])
        self.belief = float(s.belief[idx])

    @property
    def is_using(self) -> bool:
        """Trying, occasional or regular use (what colleagues see)."""
        return TRYING <= self.stage <= REGULAR

    # helpers ---------------------------------------------------------------------------------
    def willingness(self, help_: float) -> float:
        """How far anxiety and disbelief leave the person open to AI; help lowers the anxiety barrier. The
        anxiety that bars take-up is partly the two fears (``params.uptake.fears_barrier``)."""
        p = self.model.cfg.params
        w = p.uptake.fears_barrier
        anxiety = (1.0 - w) * self.anxiety + w * ((self.fear_errors + self.fear_job) / 2)
        barrier = p.anxiety_barrier * anxiety * (1.0 - p.uptake.help_barrier_relief * help_)
        return (1.0 - barrier) * (1.0 - p.belief_weight * (1.0 - self.belief))

    def stuck_factor(self) -> float:
        """Take-up factor of someone who gave up having found no value: ``params.value.stuck_uptake``
        while nothing has changed for them since (no use case newly available, none they have not
        adopted newly proven at hand), else 1."""
        m = self.model
        at_hand = (m.teams[self.team].proven | m.org_proven) & m.available
        if m.available & ~self.stopped_available or at_hand & ~self.stopped_proven & ~self.adopted:
            return 1.0  # something has changed: a new use case to try
        return m.cfg.params.value.stuck_uptake

    def tested(self) -> float:
        """How far the tools let the person take AI up: ``1 - params.uptake.untested_tools x need_proof``
        with tool chaos (``tools.approved=chaos``), 1 with a few approved tools (``m.untested`` is then 0)."""
        return 1.0 - self.model.untested * self.need_proof

    def pick(self, candidates: int) -> int:
        """One use case (as a bit) chosen uniformly from a bit set; 0 if it is empty."""
        return 1 << self.random.choice(set_bits(candidates)) if candidates else 0

    def pick_relevant(self) -> int:
        """An available use case not yet adopted, of a task type drawn from the task mix; 0 if none."""
        m = self.model
        task = self.random.choices(m.task_types, weights=self.task_mix)[0]
        return self.pick(m.available & m.type_masks[task] & ~self.adopted)

    # 1. environment ----------------------------------------------------------------------------
    def start_week(self) -> None:
        self.moved = False
        self.incident_now = False
        self.hours_spent = 0.0
        self.access = self.access_week <= self.model.week
        self.builtin = 1.0 if 0 <= self.builtin_week <= self.model.week else 0.0

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
            self.hours_spent += m.cfg.superusers.hours_per_week

    # 3. training -------------------------------------------------------------------------------
    def decide_training(self) -> None:
        """Voluntary training: the curious come, anxiety and disbelief keep people away."""
        tp = self.model.cfg.params.training
        curious = tp.voluntary_curiosity * self.curiosity * (1.0 - tp.voluntary_anxiety * self.anxiety)
        uptake = tp.voluntary_base + curious + tp.voluntary_belief * self.belief
        self.wants_module = self.random.random() < min(max(uptake, 0.0), 1.0)

    def attend_module(self) -> None:
        m = self.model
        t, p, tp = m.cfg.training, m.cfg.params, m.cfg.params.training
        if t.mode == "mandatory":
            self.instructed = True
        social = tp.online_social if t.format == "online" else 1.0  # no peers in the room online
        self.competence += m.module_gain * max(self.aptitude - self.competence, 0.0)  # to one's ceiling
        self.belief += social * tp.belief_gain * (tp.domain_belief if t.domain_specific else 1.0) * (1.0 - self.belief)
        self.anxiety *= 1.0 - social * tp.anxiety_relief * (tp.action_learning_relief if t.action_learning else 1.0)
        self.modules_attended += 1
        self.stuck = False  # something has changed for those who had found no value
        if t.risk_content:
            self.risk_trained = True
        if t.domain_specific and self.access:  # a tested use case of the main task type is proven in the team
            candidates = m.available & m.type_masks[self.main_task]
            tested = candidates & -candidates  # the first one
            m.teams[self.team].proven |= tested
            if self.is_using:
                self.adopted |= tested
        if t.action_learning and self.stage in NON_USER and self.access:  # booked practice
            if self.random.random() < tp.action_learning_try:
                self.adopted |= self.pick_relevant()
                self.stage = TRYING
                self.moved = True
        self.cost_eur += p.module_hours * p.hourly_cost_eur + p.module_fee_eur
        # time out of work: the module, and booked practice with action learning (not in cost_eur)
        practice = p.costs.practice_hours if t.action_learning else 0.0
        self.hours_spent += p.module_hours + practice
        self.attention_cost_eur += practice * p.hourly_cost_eur

    # 4. exploration ----------------------------------------------------------------------------
    def first_try(self) -> None:
        """Access to approved tools brings a first try: a non-user not moved this week whose approved access
        begins this week tries AI with probability ``first_try + (1 - first_try) x first_try_open x`` willingness
        (``params.calendar``)."""
        m = self.model
        if self.approved_week != m.week or self.stage not in NON_USER or self.moved:
            return
        c = m.cfg.params.calendar
        if self.random.random() < c.first_try + (1.0 - c.first_try) * c.first_try_open * self.willingness(0.0):
            self.stage = TRYING
            self.moved = True

    def explore(self) -> None:
        if not self.access:
            return
        m = self.model
        p, ex, tools = m.cfg.params, m.cfg.params.exploration, m.cfg.tools
        frames_fit = 1.0 - ex.rules_need * self.need_rules * (1.0 - self.frames)
        room = ex.room_base + ex.room_weight * m.teams[self.team].room
        rate = p.explore_rate * self.curiosity * room * m.ease * self.willingness(0.0) * frames_fit * m.aware
        rate *= self.tested()  # those who need proof hold back from untested tools
        # use reveals where else AI helps in one's own work, in proportion to the use made
        rate += ex.practice_discovery * m.intensity[self.stage] * m.ease * room
        if self.stuck and self.stage == ABANDONED:
            rate *= self.stuck_factor()
        if self.random.random() >= -math.expm1(-rate):
            return
        case = self.pick_relevant()
        success = ex.success_base + ex.success_competence * self.competence + ex.success_ease * tools.ease_of_use
        draw = self.random.random() if case else None
        if case and draw < success:
            self.adopted |= case
            # a share codify_floor is proven in the team at once (given success, draw / success is uniform),
            # the rest stays found with its finder until transition leadership codifies it (codify_team)
            if draw < success * p.leadership.codify_floor:
                m.teams[self.team].proven |= case
            else:
                m.teams[self.team].found |= case
        if self.stage in NON_USER:
            self.stage = TRYING
            self.moved = True

    # 5. spread ---------------------------------------------------------------------------------
    def observe(self) -> None:
        """Exposure: the share of one's contacts who use AI now (before anyone takes it up this week), their
        number, and the use cases one shows colleagues (one's adopted ones, while using AI).

        What a person shows is fixed for the week's spread pass, as every input of a mechanism is here.
        The real model reads its contacts' adopted use cases as they are in its loop over people, so a
        contact earlier in that loop who took up one more use case this week already shows it.
        """
        m = self.model
        self.shown = self.adopted if self.is_using else 0
        if m.cfg.org.mixing == "full":
            self.contacts_using = self.embedded_using = m.n_using - self.is_using
            self.exposure = self.contacts_using / max(len(m.agents) - 1, 1)
            return
        contacts = self.cell.neighborhood
        using = [a for a in contacts.agents if TRYING <= a.stage <= REGULAR]
        self.contacts_using = len(using)
        self.embedded_using = sum(1 for a in using if a in self.embedded)
        self.exposure = self.contacts_using / len(contacts) if len(contacts) else 0.0

    def spread(self) -> None:
        if not self.access or self.moved:
            return
        m = self.model
        p, sp = m.cfg.params, m.cfg.params.spread
        team = m.teams[self.team]
        proven = (team.proven | m.org_proven) & m.available & ~self.adopted
        has_proven = proven != 0
        # complex contagion: the cautious need several contacts using AI before colleagues' use moves them; to those
        # who need proof a contact on a tie in no triangle counts for less (params.spread.unembedded_weight)
        open_weight = 1.0 - (1.0 - sp.unembedded_weight) * self.need_proof
        count = self.embedded_using + open_weight * (self.contacts_using - self.embedded_using)
        reinforced = count >= 1.0 + sp.reinforcement * self.need_proof - COUNT_TOLERANCE if sp.reinforcement else True
        # colleagues' own use cases (with network contacts), seen by those reinforced enough, are at hand too
        seen = 0
        if sp.from_contacts and m.cfg.org.mixing == "network" and reinforced:
            for contact in self.cell.neighborhood.agents:
                seen |= contact.shown
            seen &= m.available & ~self.adopted
        at_hand = has_proven or seen != 0
        if reinforced:
            # proof comes from proven use cases (transition), not from colleagues' use
            peer = (
                p.peer_rate * self.peer_susceptibility * self.exposure * (1.0 if has_proven else 1.0 - self.need_proof)
            )
        else:
            peer = 0.0
        if has_proven:  # transition leadership spreads proven use cases to those who need proof
            proof = sp.transition_proof_floor + (1.0 - sp.transition_proof_floor) * self.need_proof
            transition = p.transition_rate * team.push * proof
        else:
            transition = 0.0
        helped = p.help_rate * self.help
        non_user = self.stage in NON_USER
        if non_user:
            instructed = p.mandate_rate * self.mandate_response if self.instructed else 0.0
            pull = sp.builtin_floor + (1.0 - sp.builtin_floor) * self.mandate_response
            button = p.transition_rate * self.builtin * pull
            # who gave up having found no value comes back only for something new (not for the button); those
            # who need proof hold back from untested tools in colleagues' and leaders' use (not from help,
            # instructions or the button)
            stuck = self.stuck_factor() if self.stuck else 1.0
            rate = ((peer + transition) * self.tested() + helped + instructed) * stuck + button
        elif at_hand:  # a user takes up one more proven use case, or one of a colleague's
            rate = (peer + transition) * self.tested() + helped
        else:
            return
        scale = self.willingness(self.help) * m.ease
        if self.random.random() >= -math.expm1(-rate * scale):
            return
        if has_proven:
            self.adopted |= self.pick(proven)
        else:  # a colleague's use case, else an available one of a task type drawn from the task mix
            self.adopted |= self.pick(seen) if seen else self.pick_relevant()
        if non_user:
            self.stage = TRYING
            self.moved = True

    # 6. use and gains --------------------------------------------------------------------------
    def coverage(self, masks: list[int], saturation: float, weighted: bool = False) -> float:
        """Share of the person's work covered by the adopted use cases of the given per-type masks; ``weighted``:
        each type's term times the mean factor of its adopted use cases (a place on the frontier per use case)."""
        cov = 0.0
        for share, mask in zip(self.task_mix, masks, strict=True):
            held = self.adopted & mask
            n = held.bit_count()
            term = share * -math.expm1(-n / saturation)
            if weighted and self.factors is not None and n:
                term *= sum(f for u, f in enumerate(self.factors) if held >> u & 1) / n
            cov += term
        return cov * self.job_fit

    def use(self) -> None:
        m = self.model
        p, u, tools = m.cfg.params, m.cfg.params.use, m.cfg.tools
        intensity = m.intensity[self.stage] if self.access else 0.0
        chaos = tools.approved == "chaos"
        # the net value of use: checking, correcting and switching eat a share of the gross saving
        # (more than all of it for some), less with competence (this week's, before practice)
        kept = 1.0 - self.overhead * (1.0 - m.cfg.params.value.overhead_competence * self.competence)
        capability = (
            (u.capability_floor + (1.0 - u.capability_floor) * self.competence)
            * (u.tool_floor + (1.0 - u.tool_floor) * tools.ease_of_use)
            * (u.chaos_capability if chaos else 1.0)
        )
        using = intensity > 0
        if using:
            sat = p.use_case_saturation
            cov_time = self.coverage(m.time_type_masks, sat, weighted=True)
            self.hours_saved = p.hours_per_week * p.max_time_saving * self.frontier * cov_time * capability * intensity
            cov_quality = self.coverage(m.quality_type_masks, sat)
            self.quality = cov_quality * capability * intensity
            expected = p.expected_benefit * (1.0 + p.hype_inflation * self.hype)
            # what the overhead leaves of the gain, plus the value of a better result (params.value.quality_value)
            value = self.frontier * self.coverage(m.type_masks, sat, weighted=True) * capability * kept
            self.benefit = (value + p.value.quality_value * cov_quality * capability) / expected
            p_incident = (
                p.incident_rate
                * intensity
                * (1.0 + (self.adopted & m.risky).bit_count())
                * (1.0 - u.incident_competence * self.competence)
                * (1.0 - u.incident_critical * self.critical_sense)
                * (1.0 - u.incident_frames * self.frames)
                * (u.incident_chaos if chaos else 1.0)
                * (u.incident_transparent if tools.transparent else 1.0)
                * (u.incident_risk_trained if self.risk_trained else 1.0)
            )
            if self.random.random() < p_incident:
                self.incident_now = True
                self.incidents += 1
                m.teams[self.team].incidents_now += 1
            learning = p.practice_rate * intensity * (1.0 + u.help_practice * self.help)
            self.competence += learning * max(self.aptitude - self.competence, 0.0)  # to one's ceiling
        else:
            self.hours_saved = self.quality = self.benefit = 0.0
            self.competence -= p.decay_rate * self.competence
        if self.access:
            self.cost_eur += p.licence_eur_month * MONTHS_PER_YEAR / WEEKS_PER_YEAR
        self.value_eur += self.hours_saved * p.hourly_cost_eur
        self.net_hours = self.hours_saved * kept
        self.realised_value_eur += m.cfg.params.value.harvest_share * self.net_hours * p.hourly_cost_eur

    # 7. anxiety and attitude -------------------------------------------------------------------
    def update_attitude(self) -> None:
        m = self.model
        cfg, p, a = m.cfg, m.cfg.params, m.cfg.params.attitude
        team = m.teams[self.team]
        user = self.is_using
        success = min(self.benefit, 1.0) if user else 0.0
        fear_of_errors = a.threat_errors * self.need_rules * (1.0 - self.frames) * (1.0 - self.competence)
        threat = (
            a.threat_job * m.job_threat
            + a.threat_hype * self.hype
            + fear_of_errors * (1.0 - a.trust_relief * m.trust)
            + a.threat_incidents * team.incidents_now / team.size
        )
        # reactance: an instruction with neither help nor reasons, felt by the critical and the anxious
        reactance = 0.0
        if self.instructed:
            susceptible = (1.0 - self.mandate_response) * ((self.critical_sense + self.baseline_anxiety) / 2)
            reactance = susceptible * (1.0 - self.help) * (1.0 - cfg.communication.purpose)
            threat += p.costs.reactance_anxiety * reactance
        relief = (
            a.relief_job_security * m.credibility
            + a.relief_involved * cfg.codetermination.involved
            + a.relief_agenda * cfg.codetermination.standing_agenda
            + a.relief_help * self.help
            + a.relief_success * success
            + a.relief_training * (self.modules_attended > 0)
        )
        target = max(self.baseline_anxiety + threat - relief, a.temperament * self.baseline_anxiety)
        target = min(max(target, 0.0), 1.0)
        # alarm is quick, reassurance slow
        rate = p.anxiety_adjust if target > self.anxiety else p.anxiety_relief_adjust
        self.anxiety += rate * (target - self.anxiety)

        experience = min(max(self.benefit - 1.0, -1.0), 1.0) if user else 0.0
        good_administration = (
            cfg.rules.human_decides + cfg.tools.transparent + m.rules_clarity + self.risk_trained
        ) / 4
        belief_target = (
            self.initial_belief
            + a.belief_experience * experience
            + a.belief_peers * self.exposure
            + (a.belief_documented + a.belief_documented_proof * self.need_proof) * m.documented
            + a.belief_administration * self.critical_sense * good_administration
            - a.belief_hype * self.hype * self.hype_aversion
            - p.costs.reactance_belief * reactance
        )
        self.belief += p.belief_adjust * (min(max(belief_target, 0.0), 1.0) - self.belief)

        # the two fears, apart: of losing one's job (slow, persistent in a minority) and of making errors
        fp = p.fears
        disposition = fp.job_disposition * self.baseline_anxiety
        job_target = disposition + fp.job_threat * m.job_threat + fp.job_hype * self.hype
        job_target = max(job_target - fp.job_commitment * m.credibility, fp.job_persistence * disposition)
        self.fear_job += fp.job_adjust * (min(max(job_target, 0.0), 1.0) - self.fear_job)
        unsafe = fp.errors_floor + (1.0 - fp.errors_floor) * (1.0 - self.frames) * (1.0 - self.competence)
        unsafe *= 1.0 - a.trust_relief * m.trust
        errors_target = (
            fp.errors_weight * self.need_rules * unsafe + fp.errors_incidents * team.incidents_now / team.size
        )
        safe_practice = ((self.modules_attended > 0) + self.help) / 2  # training attended and superuser help
        errors_target *= 1.0 - fp.errors_safe_practice * safe_practice
        self.fear_errors += fp.errors_adjust * (min(max(errors_target, 0.0), 1.0) - self.fear_errors)

    # 8. abandonment and progression ------------------------------------------------------------
    def progress(self) -> None:
        if self.moved or not self.access or self.stage in NON_USER:
            return
        m = self.model
        p, pr = m.cfg.params, m.cfg.params.progression
        value = max(self.benefit, 0.0)  # a net loss satisfies no more than no gain
        sigma = value / (1.0 + value)
        # who finds no value at all (sigma 0) leaves at abandon_rate x no_value_factor (1: the same rate)
        rate = p.abandon_rate * pr.no_value_factor if value <= 0.0 else p.abandon_rate * (1.0 - sigma)
        leave = rate * (1.0 - pr.help_retention * self.help) * p.abandonment
        relevance = 1.0  # the relevance of use (an option, off by default): coverage / (coverage + half)
        if pr.relevance_half > 0.0:
            cover = self.coverage(m.type_masks, p.use_case_saturation, weighted=True)
            relevance = cover / (cover + pr.relevance_half)
        habit = max(pr.habit_floor + (1.0 - pr.habit_floor) * self.belief, self.builtin)
        if self.stage == TRYING:
            up, down = p.promote_rate * sigma, leave
        elif self.stage == OCCASIONAL:
            up, down = p.promote_rate * sigma * habit * relevance, leave
        else:  # regular
            up, down = 0.0, p.abandon_rate * (1.0 - sigma * relevance) * pr.regular_lapse
        draw = self.random.random()
        if draw < up:
            # a trying user who steps up lands at the regular stage with the chance direct_regular x sigma x habit x
            # relevance (the same draw: below up it is uniform on the step)
            direct = self.stage == TRYING and draw < up * (pr.direct_regular * sigma * habit * relevance)
            self.stage = REGULAR if direct else self.stage + 1
            self.moved = True
        elif draw < up + down:
            if self.stage == REGULAR:
                self.stage = OCCASIONAL
            else:  # gave up: remember whether use brought no value at all, and what was there
                self.stage = ABANDONED
                self.stuck = self.benefit <= 0.0
                self.stopped_available = m.available
                self.stopped_proven = (m.teams[self.team].proven | m.org_proven) & m.available
            self.moved = True


class Leader(Employee):
    """An employee who leads a team: sets the team's signals, may share its lessons and, hands-on, spends
    time on AI."""

    def lead(self) -> None:
        lead_team(self.model, self.model.teams[self.team], self.competence)

    def work_hands_on(self) -> None:
        """A hands-on leader's own use and conversations on AI: hours out of other work (not in cost_eur)."""
        p = self.model.cfg.params
        self.hours_spent += p.costs.leader_hours
        self.attention_cost_eur += p.costs.leader_hours * p.hourly_cost_eur

    def share_lessons(self) -> None:
        share_team_lessons(self.model, self.model.teams[self.team])


class Team:
    """Team-level state: proven and found (not yet proven) use cases (bit sets), this week's leader signals
    and incidents."""

    def __init__(self, index: int, transformation: float) -> None:
        self.index = index
        self.transformation = transformation
        self.members: list[Employee] = []
        self.size = 0
        self.proven = 0
        self.found = 0  # discovered in the team, not yet codified
        self.room = self.push = self.frames = self.hype = self.help = 0.0
        self.incidents_now = 0


def lead_team(m: ReferenceModel, team: Team, literacy: float) -> None:
    """Frames, room to explore, push, felt hype and superuser help of one team, from its leader."""
    lc, lp, comm = m.cfg.leadership, m.cfg.params.leadership, m.cfg.communication
    lit = lp.literacy_floor + (1.0 - lp.literacy_floor) * literacy  # a leader who uses AI sets better frames
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
    chance = m.cfg.leadership.share_lessons * (m.cfg.params.leadership.lessons_floor + team.push)
    if m.random.random() < chance:
        m.org_proven |= team.proven


def codify_team(m: ReferenceModel, team: Team) -> None:
    """Transition leadership turns the team's discoveries into proven use cases: all of them, with
    probability ``1 - exp(-codify_rate x push)``."""
    chance = -math.expm1(-m.cfg.params.leadership.codify_rate * team.push)
    if team.found and m.random.random() < chance:
        team.proven |= team.found
        team.found = 0


def commitment_target(cfg: Config) -> float:
    """What the credibility of job commitments moves toward: the job-security commitment, less what hype
    from the top erodes; nothing while staff are being cut."""
    if cfg.harvest.policy == "reduce_staffing":
        return 0.0
    return cfg.communication.job_security * (1.0 - cfg.params.fears.credibility_hype * cfg.communication.hype)


# --------------------------------------------------------------------------- model
class ReferenceModel(mesa.Model):
    """The adoption model written the usual Mesa way (see the module docstring).

    ``self.cfg`` is the config in force, which everything reads: before the rollout's start week
    (``rollout.start_month``) the status quo's, from it the package's (``self.package_cfg``).

    Args:
        cfg: a validated :class:`sim.config.Config`.
        replicate: replicate number; with ``cfg.run.seed`` it selects the organisation and the
            initial draws (the same as :class:`sim.model.AdoptionModel`'s) and seeds ``self.random``.
    """

    def __init__(self, cfg: Config, replicate: int = 0) -> None:
        # the calendar, shared with the real model: the status quo until the rollout's start week
        self.start_week = int(round(cfg.rollout.start_month * WEEKS_PER_MONTH))
        self.package_cfg = from_rollout(cfg, self.start_week)
        cfg = status_quo_levers(cfg) if self.start_week > 0 else self.package_cfg
        self.streams = streams = make_streams(cfg.run.seed, replicate)
        super().__init__(rng=streams["mesa"])
        self.cfg = cfg
        self.replicate = replicate
        # set-up shared with the real model
        self.catalogue = load_catalogue()
        self.org = build(cfg.org, cfg.archetypes.shares, streams["organisation"])
        if cfg.org.rewire_share > 0:  # the same people and degrees, ties rewired at random (own stream)
            self.org = replace(self.org, adjacency=rewired(self.org.adjacency, cfg.org.rewire_share, streams["rewire"]))
        # the shared initial state; the agents copy it, and the rollout's start sets its levers up again
        self.setup = s = initialise(cfg, self.org, streams)
        self.set_masks()

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
        for agent in self.agents:  # embedded ties: the contacts with whom one shares another contact
            mine = set(agent.cell.neighborhood.agents)
            agent.embedded = frozenset(a for a in mine if mine & set(a.cell.neighborhood.agents))
        self.leaderless = [team for team in self.teams if int(s.team_leader[team.index]) < 0]
        self.leaders = self.agents_by_type.get(Leader, AgentSet([], random=self.random))
        self.leader_literacy = float(s.leader_literacy)  # this organisation's (varied), for leaderless teams

        # organisation-level state
        self.week = 0
        self.org_proven = 0
        self.available = 0
        self.rules_clarity = 0.0
        self.aware = 1.0  # share aware of generative AI this week
        self.n_using = 0
        self.documented = 0.0
        self.credibility = 0.0  # of the job commitments made so far
        p = cfg.params
        # share of the potential use made at each stage: none before trying or after giving up, all when regular
        self.intensity = {
            NEVER: 0.0,
            TRYING: p.use.intensity_trying,
            OCCASIONAL: p.use.intensity_occasional,
            REGULAR: 1.0,
            ABANDONED: 0.0,
        }
        self.read_levers()

        # monthly recording
        self.month = 0
        self.ends = month_end_weeks(cfg.run.months).tolist()
        self.weeks = self.ends[-1]
        self.hours_acc = 0.0
        self.net_acc = 0.0
        self.spent_acc = 0.0
        self.incidents_acc = 0
        self.weeks_acc = 0
        threshold, job_threshold = p.high_anxiety_threshold, p.fears.job_threshold
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
                # harvested net hours less hours spent, per contract hour, person and week (may be negative)
                "realised_gain_share": lambda m: (
                    ((p.value.harvest_share * m.net_acc - m.spent_acc) / p.hours_per_week / len(m.agents))
                    / max(m.weeks_acc, 1)
                ),
                "users_saving_nothing_share": users_saving_nothing,
                "fear_job_loss_share": lambda m: share(m, lambda a: a.fear_job > job_threshold),
                "fear_job_loss_mean": lambda m: m.agents.agg("fear_job", np.mean),
                "fear_errors_mean": lambda m: m.agents.agg("fear_errors", np.mean),
                "realised_value_eur_cum": lambda m: m.agents.agg("realised_value_eur", sum),
                "hours_spent_per_fte_week": lambda m: m.spent_acc / len(m.agents) / max(m.weeks_acc, 1),
                "realised_roi": realised_roi,
            }
        )
        self.record()
        self.running = True

    def read_levers(self) -> None:
        """What follows from the levers in force until they change (at the rollout's start): the job threat,
        trust, ease of uptake, how far untested tools hold back those who need proof and a training module's
        competence gain."""
        cfg = self.cfg
        p, comm, t = cfg.params, cfg.communication, cfg.training
        # the job threat read from the harvest policy, as clearly as it is said
        lp = p.leadership
        threat = {
            "reinvest_quality": lp.threat_reinvest_quality,
            "unclear": lp.threat_unclear,
            "reduce_staffing": lp.threat_reduce_staffing,
        }[cfg.harvest.policy]
        self.job_threat = comm.harvest_clarity * threat + (1.0 - comm.harvest_clarity) * lp.threat_unclear
        self.trust = (cfg.rules.human_decides + cfg.tools.transparent) / 2  # explainable tools, human decisions
        self.ease = p.uptake.ease_floor + (1.0 - p.uptake.ease_floor) * cfg.tools.ease_of_use
        # tool chaos (untested, unapproved tools) holds back those who need proof; a few approved tools do not
        self.untested = p.uptake.untested_tools if cfg.tools.approved == "chaos" else 0.0
        # a module's competence gain: format, booked practice, domain content, clear management goals
        tp = p.training
        fmt = {"physical": 1.0, "hybrid": tp.format_hybrid, "online": tp.format_online}[t.format]
        purpose = tp.purpose_floor + (1.0 - tp.purpose_floor) * comm.purpose
        gain = p.learn_rate * fmt * (tp.action_learning_gain if t.action_learning else 1.0)
        gain *= (tp.domain_gain if t.domain_specific else 1.0) * purpose
        self.module_gain = min(gain, 1.0)

    def set_masks(self) -> None:
        """The real model's use-case masks, as it makes them from the config in force (at set-up, and again
        when the rollout starts: the accepted risk is a lever)."""
        masks = use_case_masks(self.catalogue, self.cfg.rules.accepted_risk)
        self.now, self.plans, self.future = int(masks.now), int(masks.plans), int(masks.future)
        self.allowed, self.risky = int(masks.allowed), int(masks.risky)
        self.type_masks = [int(x) for x in masks.type]
        self.time_type_masks = [int(x) for x in masks.time_type]
        self.quality_type_masks = [int(x) for x in masks.quality_type]
        self.task_types = range(len(self.type_masks))

    def start_rollout(self) -> None:
        """The organisation's package starts (``rollout.start_month``): its config comes into force, and what
        its levers set up once is set up by the shared :func:`sim.state.apply_levers` on the agents' state as
        it is now (leaders' styles, hands-on leaders, superusers, volunteers for a pilot; nobody loses access)."""
        self.cfg = self.package_cfg
        s = self.setup
        for agent in self.agents:  # what apply_levers raises or ranks volunteers by, as it is now
            s.competence[agent.idx] = agent.competence
            s.belief[agent.idx] = agent.belief
            s.stage[agent.idx] = agent.stage
            s.anxiety[agent.idx] = agent.anxiety
            s.fear_errors[agent.idx] = agent.fear_errors
            s.fear_job[agent.idx] = agent.fear_job
        apply_levers(s, self.cfg, self.org, self.streams, self.start_week)
        for agent in self.agents:
            agent.take_levers(s)
        for team in self.teams:
            team.transformation = float(s.team_transformation[team.index])
        self.leader_literacy = float(s.leader_literacy)
        self.set_masks()
        self.read_levers()

    def awareness(self) -> float:
        """Share aware of generative AI this week, week 0 being ChatGPT's launch: ``1 - exp(-month /
        params.calendar.awareness_months)``, 1 if that is 0."""
        months = self.cfg.params.calendar.awareness_months
        if months <= 0:
            return 1.0
        return -math.expm1(-self.week * MONTHS_PER_YEAR / WEEKS_PER_YEAR / months)

    # the week ------------------------------------------------------------------------------------
    def step(self) -> None:
        """One week: the rollout's start in its week, the eight mechanisms in the real model's order, then
        the monthly record."""
        if self.week == self.start_week and self.cfg is not self.package_cfg:
            self.start_rollout()
        self.environment()
        self.leadership()
        self.training()
        self.agents.do("first_try")
        self.aware = self.awareness()
        self.agents.shuffle_do("explore")
        self.n_using = sum(1 for a in self.agents if a.is_using)  # for fully mixed contacts
        self.agents.do("observe")
        self.agents.shuffle_do("spread")
        self.agents.shuffle_do("use")
        n_available = self.available.bit_count()
        self.documented = (self.org_proven & self.available).bit_count() / max(n_available, 1)
        fp = self.cfg.params.fears
        self.credibility += fp.credibility_rate * (commitment_target(self.cfg) - self.credibility)
        self.agents.do("update_attitude")
        self.agents.shuffle_do("progress")
        self.hours_acc += self.agents.agg("hours_saved", sum)
        self.net_acc += self.agents.agg("net_hours", sum)
        self.spent_acc += self.agents.agg("hours_spent", sum)
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
        g = cfg.rules.guidelines_week
        self.rules_clarity = cfg.rules.clarity if 0 <= g <= w else 0.0
        for team in self.teams:
            team.incidents_now = 0
        self.agents.do("start_week")

    def leadership(self) -> None:
        self.leaders.shuffle_do("lead")
        for team in self.leaderless:
            lead_team(self, team, self.leader_literacy)
        self.agents.do("follow_leader")
        if self.cfg.leadership.hands_on:
            self.leaders.do("work_hands_on")
        self.leaders.shuffle_do("share_lessons")
        for team in self.leaderless:
            share_team_lessons(self, team)
        for team in self.teams:
            codify_team(self, team)

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
        self.net_acc = 0.0
        self.spent_acc = 0.0
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


def users_saving_nothing(m: ReferenceModel) -> float:
    """Share of the users (trying, occasional or regular) whose net hours saved this week are zero or
    less; NaN without users."""
    users = [a for a in m.agents if a.is_using]
    if not users:
        return math.nan
    return sum(1 for a in users if a.net_hours <= 0.0) / len(users)


def realised_roi(m: ReferenceModel) -> float:
    """(realised value - full cost) / full cost, the full cost being the costs plus the attention cost (booked
    practice, hands-on leaders); NaN while it is 0."""
    full = m.agents.agg("cost_eur", sum) + m.agents.agg("attention_cost_eur", sum)
    return (m.agents.agg("realised_value_eur", sum) - full) / full if full > 0 else math.nan
