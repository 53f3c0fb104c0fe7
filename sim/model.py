"""The Mesa model of an organisation adopting generative AI."""

from __future__ import annotations

from dataclasses import dataclass, replace

import mesa

from sim.agents import Employee, Leader
from sim.catalogue import load_catalogue, use_case_masks
from sim.config import Config, frozen_copy
from sim.jit import Bound
from sim.mechanisms import abandonment, attitude, environment, exploration, leadership, spread, training, use
from sim.organisation import Organisation, assign_archetypes, build, rewired
from sim.outputs import OUTPUTS, Recorder, month_end_weeks
from sim.state import initialise, make_streams


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
    """

    def __init__(self, cfg: Config | None = None, *, replicate: int = 0, org: Organisation | None = None) -> None:
        cfg = frozen_copy(cfg if cfg is not None else Config())  # read-only: the compiled loops hold its constants
        self.streams = make_streams(cfg.run.seed, replicate)
        super().__init__(rng=self.streams["mesa"])
        self.cfg = cfg
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
        self.masks = use_case_masks(self.catalogue, cfg.rules.accepted_risk)
        self.saturation_curve = use.saturation_curve(cfg.params.use_case_saturation)
        self.state = initialise(cfg, self.org, self.streams)
        s = self.state
        self.bound = BoundParts(
            leadership=leadership.bound(s, cfg),
            exploration=exploration.bound(s, cfg, self.masks),
            spread=spread.bound(s, cfg, self.masks, self.adjacency),
            coverage=use.coverage_bound(s, self.masks, self.saturation_curve),
            use=use.bound(s, cfg),
            attitude=attitude.bound(s, cfg),
            progression=abandonment.bound(s, cfg),
        )
        self.recorder = Recorder(self.state, cfg)
        self.weeks = int(month_end_weeks(cfg.run.months)[-1])
        self.datacollector = mesa.DataCollector(
            model_reporters={name: (lambda m, name=name: m.recorder.latest(name)) for name in OUTPUTS}
        )
        self.datacollector.collect(self)
        if cfg.run.mesa_agents:
            self._create_agents()
        self.running = True

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
        if self.recorder.month != month:
            self.datacollector.collect(self)
        s.week += 1
        if s.week >= self.weeks:
            self.running = False

    def run(self) -> None:
        """Run to the horizon (``cfg.run.months``)."""
        while self.running:
            self.step()

    def results(self):
        """Tidy monthly results of this run (pandas DataFrame)."""
        df = self.recorder.frame()
        df.insert(0, "replicate", self.replicate)
        return df
