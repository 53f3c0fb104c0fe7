"""The Mesa model of an organisation adopting generative AI."""

from __future__ import annotations

import copy
from dataclasses import dataclass, fields, replace

import mesa
import numpy as np

from sim import weeks
from sim.agents import Employee, Leader
from sim.catalogue import load_catalogue, use_case_masks
from sim.config import LEVER_GROUPS, Config, ConfigError, freeze, frozen_copy, nonfinite_keys
from sim.jit import Bound
from sim.mechanisms import abandonment, attitude, environment, exploration, leadership, spread, training, use
from sim.organisation import Organisation, assign_archetypes, build, rewired
from sim.outputs import OUTPUTS, WEEKS_PER_MONTH, Recorder, month_end_weeks
from sim.state import apply_levers, initialise, make_streams


def status_quo_levers(cfg: Config) -> Config:
    """The config with every lever group at its default (the status quo) but the rollout's start month: what
    holds before the organisation's package starts."""
    out = copy.deepcopy(cfg)
    for group in LEVER_GROUPS:
        setattr(out, group, type(getattr(cfg, group))())
    out.rollout.start_month = cfg.rollout.start_month
    # when use cases mature is calendar time, not a lever of the organisation
    out.tools.plans_week, out.tools.future_week = cfg.tools.plans_week, cfg.tools.future_week
    return out


def from_rollout(cfg: Config, start_week: int) -> Config:
    """The package's config with its schedule counted from the rollout's start: tool access, the first training
    module, the guidelines and the AI button ``start_week`` later (never is never); the maturing of use cases
    (``tools.plans_week``, ``tools.future_week``) is calendar time and stays."""
    if start_week == 0:
        return cfg
    out = copy.deepcopy(cfg)
    out.tools.access_week += start_week
    out.training.start_week += start_week
    for section, name in ((out.rules, "guidelines_week"), (out.tools, "builtin_week")):
        if getattr(section, name) >= 0:
            setattr(section, name, getattr(section, name) + start_week)
    return out


@dataclass(frozen=True)
class BoundParts:
    """What each part's compiled loops work on, bound once when the model is built (:func:`sim.jit.bind`)."""

    leadership: Bound
    exploration: Bound
    spread: Bound
    coverage: Bound
    use: Bound
    attitude: Bound
    progression: Bound


_NO_SHARED = np.zeros(0, dtype=np.uint64)  # no use cases proven elsewhere (the loop of plain weeks reads none)


class MonthlyCollector(mesa.DataCollector):
    """Mesa's DataCollector of the organisation's monthly outputs: one model reporter per output, the whole
    organisation's value in the month just recorded (``recorder.latest``). After its first collection (Mesa's own,
    which checks the reporters) it takes a month's values from the recorder's row at once, the very values the
    reporters give, instead of calling and deep-copying 25 reporters a month (about a thirtieth of a run). Given
    other reporters, or agent reporters, it collects as Mesa's does."""

    def __init__(self, model_reporters: dict) -> None:
        super().__init__(model_reporters=model_reporters)
        self._own = dict(model_reporters)

    def collect(self, model) -> None:
        if (
            not self._validated
            or self.agent_reporters
            or self.agenttype_reporters
            or self.model_reporters != self._own
            or list(self._own) != list(OUTPUTS)
        ):
            super().collect(model)
            return
        if hasattr(self, "_collection_steps"):
            self._collection_steps.append(model.time)
        for name, value in zip(OUTPUTS, model.recorder.table[model.recorder.month, 0].tolist(), strict=True):
            self.model_vars[name].append(value)


class AdoptionModel(mesa.Model):
    """An organisation adopting generative AI, one step per week.

    State lives in numpy arrays (:class:`sim.state.State`, ``model.state``) owned by the model;
    :class:`~sim.agents.Employee` and :class:`~sim.agents.Leader` agents are thin handles onto
    them. Each random process draws from its own stream derived from ``(cfg.run.seed,
    replicate)``, so paired runs of two lever settings share their random numbers.

    One week (:meth:`step`), in this order (DESIGN.md §2), one module per mechanism:

    1. **Environment** (:mod:`sim.mechanisms.environment`): scheduled changes switch on (tool
       access, guidelines, AI built into case systems, use cases maturing).
    2. **Leaders act** (:mod:`sim.mechanisms.leadership`): frames from purpose and rules, room to
       explore (transformation), push of proven use cases (transition), job signals, superuser
       help, lessons shared organisation-wide.
    3. **Training** (:mod:`sim.mechanisms.training`): modules reach their cohort; competence,
       belief and anxiety respond.
    4. **Exploration** (:mod:`sim.mechanisms.exploration`): people try use cases on their own;
       successes become proven in the team.
    5. **Spread** (:mod:`sim.mechanisms.spread`): take-up from peers on the network, leaders,
       superusers and instructions; anxiety is a barrier that help lowers.
    6. **Use and gains** (:mod:`sim.mechanisms.use`): hours saved, quality, incidents,
       competence, cost and value.
    7. **Anxiety and attitude** (:mod:`sim.mechanisms.attitude`).
    8. **Abandonment** (:mod:`sim.mechanisms.abandonment`): users move up when use satisfies and
       drop back or give up when it disappoints.
    9. **Record** (:mod:`sim.outputs`): monthly outputs, and the DataCollector at month ends.

    Args:
        cfg: a validated :class:`sim.config.Config`.
        replicate: replicate number; selects the random streams together with ``cfg.run.seed``.
        org: an organisation to use instead of building one from ``cfg.org`` (archetypes not
            given in it are assigned from this replicate's stream; the object is not changed).
        agency: the key of an agency of a sector (:mod:`sim.sector`): its own random streams.
        shared_proven: use cases proven elsewhere (a sector's lead agency), a bit mask for each week of the run (a
            one-dimensional numpy array of uint64, at least as long as the run's weeks): from the rollout's start,
            each week's mask joins the organisation's proven use cases before the week's parts. ``proven_by_week``
            holds the organisation's own at the end of each week.
    """

    def __init__(
        self,
        cfg: Config | None = None,
        *,
        replicate: int = 0,
        org: Organisation | None = None,
        agency: int | None = None,
        shared_proven: np.ndarray | None = None,
    ) -> None:
        cfg = cfg if cfg is not None else Config()
        if not getattr(cfg, "_finite", False):  # (a frozen config checked before cannot have changed)
            bad = nonfinite_keys(cfg)
            if bad:  # NaN passes every comparison of the weekly loops and gives a run of nothing, silently
                raise ConfigError(f"{', '.join(repr(k) for k in bad)}: not a finite number; allowed: finite numbers")
            if getattr(cfg, "_frozen", False):  # the replicates of a job share it: checked once
                object.__setattr__(cfg, "_finite", True)
        self.start_week = int(round(cfg.rollout.start_month * WEEKS_PER_MONTH))
        # read-only: the compiled loops hold its constants
        # from_rollout and status_quo_levers return copies of their own, frozen as they are
        self.package_cfg = frozen_copy(cfg) if self.start_week == 0 else freeze(from_rollout(cfg, self.start_week))
        self.cfg = freeze(status_quo_levers(cfg)) if self.start_week > 0 else self.package_cfg
        cfg = self.cfg
        self.streams = make_streams(cfg.run.seed, replicate, agency)
        super().__init__(rng=self.streams["mesa"])
        self.replicate = replicate
        self.catalogue = load_catalogue()
        if org is None:
            org = build(cfg.org, cfg.archetypes.shares, self.streams["organisation"])
        elif (org.archetype < 0).any():  # a loaded organisation reused across replicates
            org = replace(
                org, archetype=assign_archetypes(org.archetype, cfg.archetypes.shares, self.streams["organisation"])
            )
        if cfg.org.rewire_share > 0:  # the same people and degrees, ties rewired at random (own stream)
            org = replace(org, adjacency=rewired(org.adjacency, cfg.org.rewire_share, self.streams["rewire"]))
        self.org = org
        self.adjacency = self.org.adjacency
        if not self.adjacency.has_sorted_indices:  # a hand-built organisation (the generator and loader sort)
            self.adjacency.sort_indices()
        self.tie_embedded = spread.embedded_ties(self.adjacency)  # per tie: shares another contact (§7.5)
        self.masks = use_case_masks(self.catalogue, cfg.rules.accepted_risk)
        self.saturation_curve = use.saturation_curve(cfg.params.use_case_saturation)
        self.state = initialise(cfg, self.org, self.streams)
        self._levers_into_force()
        self.recorder = Recorder(self.state, cfg)
        self.weeks = int(month_end_weeks(cfg.run.months)[-1])
        # use cases proven elsewhere (a lead agency, sim.sector), one mask a week, joining the organisation's proven
        # use cases from the rollout's start; and the organisation's own, as each week ends
        self.shared_proven = self._checked_shared(shared_proven)
        self.proven_by_week = np.zeros(self.weeks, dtype=np.uint64)
        self.datacollector = MonthlyCollector(
            model_reporters={name: (lambda m, name=name: m.recorder.latest(name)) for name in OUTPUTS}
        )
        self.datacollector.collect(self)
        if cfg.run.mesa_agents:
            self._create_agents()
        self.running = True

    def _checked_shared(self, shared: np.ndarray | None) -> np.ndarray | None:
        """``shared_proven`` as the loop of plain weeks reads it, unchecked: uint64 masks, one for every week of the
        run (a sector fills its agencies' arrays week by week, so it is used as given, never copied)."""
        if shared is None:
            return None
        if not isinstance(shared, np.ndarray) or shared.dtype != np.uint64 or shared.ndim != 1:
            raise ValueError(
                f"shared_proven is {type(shared).__name__} of {getattr(shared, 'dtype', '?')}; allowed: a one-"
                "dimensional numpy array of uint64 masks of use cases, one a week"
            )
        if len(shared) < self.weeks:
            raise ValueError(f"shared_proven has {len(shared)} weeks; the run has {self.weeks}: give one a week")
        return shared

    def _levers_into_force(self) -> None:
        """Bind every part to the config in force, and note the weeks approved tools reach someone."""
        self.bound = self._bind()
        self.approval_weeks = frozenset(self.state.approved_week.tolist())
        self._stretch_arguments: tuple | None = None  # of the loop of plain weeks, made at its first call

    def _bind(self) -> BoundParts:
        s, cfg = self.state, self.cfg
        return BoundParts(
            leadership=leadership.bound(s, cfg),
            exploration=exploration.bound(s, cfg, self.masks),
            spread=spread.bound(s, cfg, self.masks, self.adjacency),
            coverage=use.coverage_bound(s, self.masks, self.saturation_curve, cfg.params.value),
            use=use.bound(s, cfg),
            attitude=attitude.bound(s, cfg),
            progression=abandonment.bound(s, cfg),
        )

    def _start_rollout(self) -> None:
        """The organisation's package starts: its levers come into force (``rollout.start_month``)."""
        self.cfg = self.package_cfg
        self.masks = use_case_masks(self.catalogue, self.cfg.rules.accepted_risk)
        apply_levers(self.state, self.cfg, self.org, self.streams, self.start_week)
        self._levers_into_force()

    def _create_agents(self) -> None:
        leaders = {int(p): t for t, p in enumerate(self.state.team_leader) if p >= 0}
        for idx in range(self.org.n):  # set-up only; the weekly step never touches agents
            if idx in leaders:
                Leader(self, idx, leaders[idx])
            else:
                Employee(self, idx)

    def step(self) -> None:
        """Simulate one week (the nine parts listed in the class docstring)."""
        s = self.state
        if s.week == self.start_week and self.cfg is not self.package_cfg:
            self._start_rollout()
        if self.shared_proven is not None and self.start_week <= s.week < self.weeks:
            s.org_proven = np.uint64(s.org_proven | self.shared_proven[s.week])
        environment.step(s, self)  # 1
        leadership.step(s, self)  # 2
        training.step(s, self)  # 3
        exploration.step(s, self)  # 4
        spread.step(s, self)  # 5
        use.step(s, self)  # 6
        attitude.step(s, self)  # 7
        abandonment.step(s, self)  # 8
        month = self.recorder.month  # 9
        self.recorder.weekly(s)
        if s.week < self.weeks:  # (a model may be stepped past its horizon by hand)
            self.proven_by_week[s.week] = s.org_proven
        if self.recorder.month != month:
            self.datacollector.collect(self)
        s.week += 1
        if s.week >= self.weeks:
            self.running = False

    def run(self) -> None:
        """Run to the horizon (``cfg.run.months``).

        While nothing but the weekly step is on Mesa's event list (as always in this project), the weeks are stepped
        in a plain loop: Mesa's time and step count advance as :meth:`step` advances them, and the step's next event
        is scheduled after the last week, but each week skips the event list's scheduling (a new event object, a weak
        reference, a heap push and pop: about a tenth of a run of 100 people). Once anything else is scheduled
        (``schedule_event``, before the run or during a week), the remaining weeks go through Mesa so that it runs at
        its time.

        In that loop, stretches of plain weeks up to a month's end run in one compiled call
        (:mod:`sim.weeks`, :meth:`plain_until`), unless :meth:`step` is overridden (a subclass's own week
        is stepped as it is); the results are bit-identical to stepping each week. In those weeks the mechanisms'
        ``step`` functions and ``Recorder.weekly`` are not called: to watch or replace them, step the model week by
        week (``while model.running: model.step()``).
        """
        generator, events = getattr(self, "_default_schedule", None), getattr(self, "_event_list", None)
        one_week = getattr(self, "_user_step", None)
        fast = generator is not None and events is not None and one_week is not None
        fused = type(self).step is AdoptionModel.step
        if fast and generator.is_active and not getattr(generator, "_paused", False):  # (a paused step: left be)
            generator.pause()  # cancels its next event: is anything else scheduled?
            try:
                while self.running and events.is_empty():
                    last = self.plain_until() if fused else self.state.week
                    if last > self.state.week:
                        self.time += last - self.state.week  # as Mesa's steps would have, one a week, before the
                        self.steps += last - self.state.week  # month's record (the DataCollector notes the time)
                        self._plain_weeks(last)
                        continue
                    self.time += 1  # as Mesa's step: the time of the week's event, then the count, then the week
                    self.steps += 1
                    one_week()
            finally:
                generator.resume()  # the next step's event, one week after the model's time
        while self.running:
            self.step()

    def plain_week(self, w: int) -> bool:
        """Whether week ``w`` is plain: only the compiled loops act in it (:mod:`sim.weeks`). Not plain:
        the week the rollout starts, a training module's week, a week approved tools reach someone (first tries on
        access), full mixing (no ties), and weeks past the horizon."""
        cfg = self.cfg
        return (
            w < self.weeks
            and cfg.org.mixing == "network"
            and not (w == self.start_week and cfg is not self.package_cfg)
            and w not in self.approval_weeks
            and not training.is_module_week(cfg, w)
        )

    def plain_until(self) -> int:
        """The week after the stretch of plain weeks from this week on, ending at the latest with the month's last
        week (the month is recorded from Python) and with as many weeks as :data:`sim.weeks.DRAW_BUDGET` allows to
        draw ahead; this week itself if it is not plain or a week's numbers alone exceed the budget."""
        w = self.state.week
        most = weeks.DRAW_BUDGET // weeks.numbers_per_week(self.state)  # weeks whose numbers may be drawn ahead
        if self.recorder.month >= self.recorder.months or most < 1:
            return w
        end = min(int(self.recorder.ends[self.recorder.month + 1]), w + most)  # at most to the month's end
        last = w
        while last < end and self.plain_week(last):
            last += 1
        return last

    def _bind_stretches(self) -> tuple:
        """The arguments of :func:`sim.weeks.plain_weeks` but the stretch's own (its first week, numbers, awareness
        and the use cases proven elsewhere): the arrays it works on and the config's constants."""
        s, cfg, rec, b = self.state, self.cfg, self.recorder, self.bound
        schedule = (
            environment.schedule(cfg, self.masks), bool(cfg.leadership.directive),
            bool(cfg.params.spread.from_contacts), self.start_week, float(leadership.job_threat(cfg)),
        )  # fmt: skip
        contacts = (
            s.stage, s.seen_using, s.contacts_using, s.embedded_using, self.tie_embedded, s.degree,
            self.adjacency.indptr, self.adjacency.indices, s.signals.exposure, s.adopted,
            spread.Arrays(*b.spread.arrays).adopted_before,
        )  # fmt: skip
        environment_arrays = (
            s.moved, s.incident_now, s.hours_spent, s.access_week, s.signals.access, s.builtin_week,
            s.signals.builtin_here, s.instructed, s.team_found, self.proven_by_week,
        )  # fmt: skip
        recording = (
            rec.hours_acc, rec.net_acc, rec.spent_acc, rec.use_acc, rec.incidents_acc, s.hours_saved, s.net_hours,
            s.intensity, s.archetype,
        )  # fmt: skip
        parts = tuple((part.arrays, part.params) for part in (getattr(b, f.name) for f in fields(b)))
        return environment_arrays, schedule, contacts, recording, parts

    def _plain_weeks(self, last: int) -> None:
        """Weeks from this one to ``last - 1``, all plain, in one compiled call (:func:`sim.weeks.plain_weeks`),
        and what :meth:`step` does after them: the state's scalars, the week count, the month's record."""
        s, cfg, rec = self.state, self.cfg, self.recorder
        first, count = s.week, last - s.week
        months = cfg.params.calendar.awareness_months
        aware = np.array([exploration.awareness(w, months) for w in range(first, last)])
        if self._stretch_arguments is None:  # the same for every stretch under the config in force
            self._stretch_arguments = self._bind_stretches()
        environment_arrays, schedule, contacts, recording, parts = self._stretch_arguments
        # read unchecked by the loop: checked again here, in case it was replaced since the model was built
        shared = _NO_SHARED if self.shared_proven is None else self._checked_shared(self.shared_proven)
        org_proven, available, clarity, credibility = weeks.plain_weeks(
            first, weeks.draw_stretch(self, count), aware, environment_arrays, schedule, contacts, recording, shared,
            parts, (s.org_proven, float(s.credibility)),
        )  # fmt: skip
        s.org_proven, s.available, s.credibility = np.uint64(org_proven), np.uint64(available), credibility
        s.signals.rules_clarity, s.signals.job_threat = clarity, schedule[-1]
        rec.weeks_acc += count
        s.week = last - 1  # as step() leaves it while the month is recorded: the last week's
        if rec.month < rec.months and last == rec.ends[rec.month + 1]:
            rec.month += 1
            rec.record(s)
            self.datacollector.collect(self)
        s.week = last
        if s.week >= self.weeks:
            self.running = False

    def results(self):
        """Tidy monthly results of this run (pandas DataFrame)."""
        return self.recorder.frame(replicate=self.replicate)
