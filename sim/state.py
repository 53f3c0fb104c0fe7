"""Agent state as a struct of numpy arrays, owned by the model; and the random streams.

Every per-person field is declared here, in one place. Mechanisms read and change these arrays
in bulk; the Mesa agents (:mod:`sim.agents`) are thin views onto one index.

Usage stages: 0 never, 1 trying, 2 occasional, 3 regular, 4 abandoned. The only stage changes
the model makes (at most one per person per week) are listed in :data:`ALLOWED_TRANSITIONS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from sim.catalogue import survey_task_mix
from sim.config import ARCHETYPES, STAGES, Config
from sim.organisation import Organisation

NEVER, TRYING, OCCASIONAL, REGULAR, ABANDONED = range(len(STAGES))
# numerical, not a coefficient: a count of contacts (weighted, §7.5 of the ODD) equal to the need in exact arithmetic
# meets it despite rounding (three open contacts at 0.6 make 1.7999999999999998, the need at 0.8 is 1.8)
COUNT_TOLERANCE = 1e-9
ALLOWED_TRANSITIONS = frozenset(
    {
        (NEVER, TRYING),
        (TRYING, OCCASIONAL),
        (TRYING, REGULAR),  # settling at once (params.progression.direct_regular, ODD 7.8)
        (TRYING, ABANDONED),
        (OCCASIONAL, REGULAR),
        (OCCASIONAL, ABANDONED),
        (REGULAR, OCCASIONAL),
        (ABANDONED, TRYING),
    }
)


def intensity_of_stage(trying: float, occasional: float) -> np.ndarray:
    """Share of the potential use made at each stage (never, trying, occasional, regular, abandoned):
    none before trying or after giving up, all of it in regular use (``params.use.intensity_*``)."""
    return np.array([0.0, trying, occasional, 1.0, 0.0])


TRAITS = (
    "curiosity",
    "need_rules",
    "need_proof",
    "peer_susceptibility",
    "mandate_response",
    "critical_sense",
    "hype_aversion",
    "baseline_anxiety",
    "initial_belief",
)

# The traits an organisation's culture shifts (params.variation.culture_sd), and the organisation-level draws.
OPENNESS = ("curiosity", "initial_belief")
VARIED = ("job_fit", "leadership", "culture")

# Each random process has its own stream (common random numbers): its id never changes, so a
# new lever or mechanism does not shift the draws of the others.
STREAMS = {  # name -> id: the ids are the positions from 1, so a new stream is added at the end
    name: sid
    for sid, name in enumerate(
        (
            "organisation",
            "traits",
            "leadership",
            "training",
            "exploration",
            "spread",
            "use",
            "abandonment",
            "superusers",
            "mesa",
            "rollout",
            "value",
            "codify",
            "variation",
            "rewire",
            "surge",
            "frontier",
            "aptitude",
        ),
        start=1,
    )
}


def make_streams(seed: int, replicate: int, agency: int | None = None) -> dict[str, np.random.Generator]:
    """One independent generator per random process, derived from (seed, replicate, stream id), and for an agency
    of a sector (:mod:`sim.sector`) from (seed, replicate, stream id, agency key): each agency's streams are its
    own, so adding an agency does not change the draws of the others."""
    key = (lambda sid: (replicate, sid)) if agency is None else (lambda sid: (replicate, sid, agency))
    return {
        name: np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key(sid))))
        for name, sid in STREAMS.items()
    }


def skip(rng: np.random.Generator, count: int) -> None:
    """Advance a stream as if ``count`` uniforms (``rng.random``) had been drawn, without drawing them.

    A mechanism that needs no numbers this week skips its usual draws, so that its stream stays
    where it would otherwise be and paired runs keep their common random numbers.
    """
    rng.bit_generator.advance(count)


_SCALARS = frozenset({int, float, bool, np.uint64, np.float64, type(None)})


class _InPlace:
    """Arrays are updated in place, never replaced: the compiled loops hold them from the start.

    Replacing an array, the traits or the signals raises; the traits are a read-only mapping (its
    arrays change in place, e.g. ``traits["curiosity"][:] = ...``).
    """

    def __setattr__(self, name: str, value) -> None:
        old = self.__dict__.get(name)
        # scalars (the week, masks of use cases, credibility) are set every week: check them cheaply first
        if type(old) not in _SCALARS and isinstance(old, (np.ndarray, Mapping, _InPlace)) and value is not old:
            raise AttributeError(
                f"{type(self).__name__}.{name} is held by the compiled loops since the model was built; "
                f"change its arrays in place (e.g. {name}[:] = ...) instead of replacing it"
            )
        object.__setattr__(self, name, value)


@dataclass
class Signals(_InPlace):
    """This week's signals, set by one part of the week and read by later parts (DESIGN.md §2).

    Arrays are of length n (people) or the number of teams, allocated once and overwritten each
    week; the scalars hold for the whole organisation this week.
    """

    access: np.ndarray  # bool (n): has access to approved tools (1 environment)
    room: np.ndarray  # float64 (teams): room to explore from transformation leadership (2 leaders)
    push: np.ndarray  # float64 (teams): push of proven use cases from transition leadership (2 leaders)
    frames: np.ndarray  # float64 (n): how clear purpose and rules feel (2 leaders)
    hype: np.ndarray  # float64 (n): hype from the top as felt after the team leader's braking (2 leaders)
    exposure: np.ndarray  # float64 (n): share of one's contacts using AI (5 spread)
    builtin_here: np.ndarray  # float64 (n): 1 where AI is built into the person's systems this week (1 environment)
    rules_clarity: float = 0.0  # clarity of the guidelines, once issued (1 environment)
    job_threat: float = 0.0  # job threat read from the harvest policy (2 leaders)

    @classmethod
    def empty(cls, n: int, n_teams: int) -> Signals:
        return cls(
            access=np.zeros(n, dtype=bool),
            room=np.zeros(n_teams),
            push=np.zeros(n_teams),
            frames=np.zeros(n),
            hype=np.zeros(n),
            exposure=np.zeros(n),
            builtin_here=np.zeros(n),
        )


@dataclass
class State(_InPlace):
    """All agent state. Arrays of length n (people) unless stated; updated in place, never replaced."""

    # fixed
    archetype: np.ndarray  # int8 index into ARCHETYPES
    team: np.ndarray  # int32
    traits: Mapping[str, np.ndarray]  # float64, one array per name in TRAITS (read-only mapping)
    task_mix: np.ndarray  # float64 (n, len(TASK_TYPES)): share of working time per task type
    job_fit: np.ndarray  # float64 in [0, 1]: share of the person's work AI can help with at all
    is_superuser: np.ndarray  # bool
    access_week: np.ndarray  # int64: week from which the person has access to tools (public or approved)
    approved_week: np.ndarray  # int64: week the organisation gives the person approved tools (-1: it does not)
    builtin_week: np.ndarray  # int64: week from which AI is built into the person's systems (-1: never)
    style_noise: np.ndarray  # float64 (n_teams): each leader's standard-normal deviation from the set style
    superuser_key: np.ndarray  # float64: random key by which superusers are appointed
    team_leader: np.ndarray  # int64 (n_teams): person index of each team's leader, -1 if none
    team_size: np.ndarray  # int64 (n_teams)
    team_transformation: np.ndarray  # float64 (n_teams): leader's transformation weight
    degree: np.ndarray  # float64: number of ties
    overhead: np.ndarray  # float64 >= 0: overhead of use at zero competence, share of the gross time saved
    aptitude: np.ndarray  # float64 in [0, 1]: one's ceiling of competence (Beta, mean params.training.aptitude_mean)
    frontier: np.ndarray  # float64 >= 0, mean 1: factor on time saving and benefit (frontier_per=person), else 1
    frontier_key: np.ndarray  # uint64: key of one's factors per use case (params.value.frontier_per=use_case), else 0
    frontier_levels: np.ndarray  # float64 (FRONTIER_LEVELS): the factors a key picks from (all 1 per person)
    # dynamic
    stage: np.ndarray  # int8
    competence: np.ndarray  # float64 in [0, 1]; basic < 1/3 <= intermediate < 2/3 <= expert
    anxiety: np.ndarray  # float64 in [0, 1]
    belief: np.ndarray  # float64 in [0, 1]: belief that AI is useful for one's work
    adopted: np.ndarray  # uint64 bit mask of adopted use cases
    instructed: np.ndarray  # bool: has had a clear instruction to use AI (mandatory training, directive)
    risk_trained: np.ndarray  # bool: has had training in responsible use (risks, black box, bias, rules)
    training_order: np.ndarray  # float64: fixed random tie-break for limited training places
    modules_attended: np.ndarray  # int32
    hours_saved: np.ndarray  # float64: hours saved this week
    quality: np.ndarray  # float64 in [0, 1]: quality gain this week
    benefit: np.ndarray  # float64: satisfaction = realised benefit / expectation (users), 0 otherwise
    help: np.ndarray  # float64 in [0, 1]: help getting started available this week
    incidents: np.ndarray  # int32: incidents caused so far
    incident_now: np.ndarray  # bool: caused an incident this week
    cost_eur: np.ndarray  # float64: cumulative cost attributed to the person
    value_eur: np.ndarray  # float64: cumulative value of hours saved
    net_hours: np.ndarray  # float64: hours saved this week less the overhead of use (may be negative)
    intensity: np.ndarray  # float64: this week's intensity of use, as the use part applied it (stage's, with access)
    realised_value_eur: np.ndarray  # float64: cumulative value of the realised output (harvested net hours)
    stuck: np.ndarray  # bool: gave up having found no value, and nothing has changed for them since
    stopped_available: np.ndarray  # uint64: use cases available when the person gave up (stuck)
    stopped_proven: np.ndarray  # uint64: proven use cases at hand when the person gave up (stuck)
    fear_job: np.ndarray  # float64 in [0, 1]: fear of losing one's job to AI
    fear_errors: np.ndarray  # float64 in [0, 1]: fear of making errors with AI
    hours_spent: np.ndarray  # float64: hours spent this week on training, practice, helping and leading on AI
    attention_cost_eur: np.ndarray  # float64: cumulative cost of those hours not in cost_eur (practice, leaders)
    moved: np.ndarray  # bool: stage changed this week (scratch, reset weekly)
    # caches of quantities that change only when adopted use cases change (sim.mechanisms.use)
    covered: np.ndarray  # uint64: the adopted use cases the cached coverage was computed for
    cover_all: np.ndarray  # float64: share of work covered by adopted use cases, x job fit
    cover_time: np.ndarray  # float64: the same for use cases with a time gain
    cover_quality: np.ndarray  # float64: the same for use cases with a quality gain
    risky_held: np.ndarray  # int64: risk-flagged use cases adopted
    # cache of sim.mechanisms.spread.exposure: contacts using AI, as of the use status in seen_using
    seen_using: np.ndarray  # bool
    contacts_using: np.ndarray  # int64
    embedded_using: np.ndarray  # int64: of them, those on embedded ties (sim.mechanisms.spread.embedded_ties)
    # team and organisation level
    team_proven: np.ndarray  # uint64 (n_teams): use cases proven in the team
    team_found: np.ndarray  # uint64 (n_teams): use cases discovered in the team, not yet proven
    org_proven: np.uint64 = np.uint64(0)  # use cases proven and shared organisation-wide
    available: np.uint64 = np.uint64(0)  # use cases available this week
    signals: Signals | None = None  # this week's signals from the environment and leaders to later parts
    credibility: float = 0.0  # credibility of the job commitments made so far (0-1; sim.mechanisms.attitude)
    leader_literacy: float = 0.0  # this organisation's literacy of leaders (lever, varied; apply_levers)
    literacy_shift: float = 0.0  # this organisation's deviation from leadership.leader_literacy (variation)
    week: int = 0

    @property
    def n(self) -> int:
        return int(self.stage.size)


FRONTIER_LEVELS = 256  # equally likely levels of a factor per person and use case: one per value of a top byte
LEVEL_MIDPOINT = 0.5  # each level at the middle of its slice of the distribution
# splitmix64's increment and finaliser (Steele, Lea & Flood 2014): the hash of a person's key and a use case
HASH_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
HASH_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
HASH_MIX2 = np.uint64(0x94D049BB133111EB)
HASH_SHIFT1 = np.uint64(30)
HASH_SHIFT2 = np.uint64(27)
HASH_SHIFT3 = np.uint64(31)
TOP_BYTE_SHIFT = np.uint64(56)  # the top 8 bits of 64: one of FRONTIER_LEVELS


def gamma_levels(spread: float) -> np.ndarray:
    """The factors of a place on the jagged frontier per person and use case (``params.value.frontier_per``):
    the Gamma distribution of mean 1 and coefficient of variation ``spread`` (as the per-person factor) at the
    midpoints of ``FRONTIER_LEVELS`` equally likely slices, scaled to mean exactly 1; all 1 without spread."""
    if spread <= 0:
        return np.ones(FRONTIER_LEVELS)
    from scipy.stats import gamma

    shape = 1.0 / (spread * spread)
    levels = gamma.ppf((np.arange(FRONTIER_LEVELS) + LEVEL_MIDPOINT) / FRONTIER_LEVELS, shape, scale=1.0 / shape)
    return levels / levels.mean()


def hash_use_case(key, use_case):
    """A fixed 64-bit hash of a person's key and a use case (splitmix64's finaliser of key xor (use case + 1) x its
    increment), on numpy arrays of use cases here and compiled for one use case in the weekly loop
    (``sim.mechanisms.bits.hash_bit1``): one definition for both."""
    z = np.uint64(key) ^ (np.uint64(use_case + 1) * HASH_GOLDEN)  # (a plain int key would be typed int64)
    z = (z ^ (z >> HASH_SHIFT1)) * HASH_MIX1
    z = (z ^ (z >> HASH_SHIFT2)) * HASH_MIX2
    return z ^ (z >> HASH_SHIFT3)


def use_case_factors(key: np.uint64, levels: np.ndarray, use_cases: int) -> np.ndarray:
    """A person's factor for each of use cases 0..use_cases-1: the level the top byte of :func:`hash_use_case` of
    their key and the use case picks. The same person and use case always give the same factor; the weekly loop of
    ``sim/mechanisms/use.py`` computes the same."""
    with np.errstate(over="ignore"):  # wrapping 64-bit arithmetic, as the hash intends
        z = hash_use_case(key, np.arange(use_cases, dtype=np.uint64))
    return levels[z >> TOP_BYTE_SHIFT]


def _beta(rng: np.random.Generator, mean: np.ndarray, concentration: float) -> np.ndarray:
    """Beta draws with the given means; means of exactly 0 or 1 give exactly 0 or 1."""
    m = np.clip(mean, 1e-9, 1 - 1e-9)
    out = rng.beta(m * concentration, (1 - m) * concentration)
    return np.where(mean <= 0, 0.0, np.where(mean >= 1, 1.0, out))


def initialise(cfg: Config, org: Organisation, streams: dict[str, np.random.Generator]) -> State:
    """Draw traits, task mixes, superusers and leader styles; everyone starts as a non-user."""
    n = org.n
    rng = streams["traits"]
    arch = org.archetype.astype(np.int64)
    conc = cfg.params.trait_concentration
    # this organisation's own leadership quality, task mix and culture (own stream, three normals)
    var = cfg.params.variation
    z_fit, z_leaders, z_culture = streams["variation"].standard_normal(len(VARIED))
    traits = {}
    for name in TRAITS:
        means = np.array([getattr(getattr(cfg.archetypes.traits, a), name) for a in ARCHETYPES])
        traits[name] = _beta(rng, means[arch], conc)
        if name in OPENNESS:
            traits[name] = np.clip(traits[name] + var.culture_sd * z_culture, 0.0, 1.0)
    alpha = survey_task_mix() * cfg.params.task_mix_concentration
    task_mix = rng.dirichlet(alpha, size=n)
    fit_mean = np.clip(cfg.params.job_fit_mean + var.job_fit_sd * z_fit, 0.0, 1.0)
    job_fit = _beta(rng, np.full(n, fit_mean), cfg.params.job_fit_concentration)
    team_leader = org.team_leaders()
    n_teams = org.n_teams
    style_noise = rng.standard_normal(n_teams)  # each team leader's deviation from the organisation's style
    # leaders start with their own AI literacy; everyone else at zero competence
    competence = np.zeros(n)
    literacy_shift = var.leadership_sd * z_leaders  # this organisation's leaders, against the set literacy
    superuser_key = streams["superusers"].random(n)  # drawn at set-up, used when superusers are appointed

    # the net value of use: each person's overhead of checking, correcting and switching (own stream)
    vp = cfg.params.value
    overhead = vp.overhead_mean * streams["value"].gamma(vp.overhead_shape, 1.0 / vp.overhead_shape, n)
    # how far each person's tasks lie inside what AI does well: a factor of mean 1 on the task-level gains
    cv = vp.frontier_spread
    if vp.frontier_per == "use_case":  # a factor per person and use case, looked up from this key (use part)
        frontier = np.ones(n)
        frontier_key = streams["frontier"].integers(np.iinfo(np.uint64).max, size=n, dtype=np.uint64, endpoint=True)
        levels = gamma_levels(cv)
    else:
        frontier = streams["frontier"].gamma(1.0 / (cv * cv), cv * cv, n) if cv > 0 else np.ones(n)
        frontier_key = np.zeros(n, dtype=np.uint64)
        levels = np.ones(FRONTIER_LEVELS)
    # what each person can take from training and practice: their ceiling of competence (own stream)
    tp = cfg.params.training
    aptitude = _beta(streams["aptitude"], np.full(n, tp.aptitude_mean), tp.aptitude_concentration)
    fp = cfg.params.fears

    s = State(
        archetype=org.archetype.astype(np.int8),
        team=org.team.astype(np.int64),
        traits=MappingProxyType(traits),
        task_mix=task_mix,
        job_fit=job_fit,
        is_superuser=np.zeros(n, dtype=bool),
        access_week=np.zeros(n, dtype=np.int64),
        approved_week=np.full(n, -1, dtype=np.int64),
        builtin_week=np.full(n, -1, dtype=np.int64),
        style_noise=style_noise,
        superuser_key=superuser_key,
        team_leader=team_leader,
        team_size=np.bincount(org.team, minlength=n_teams).astype(np.int64),
        team_transformation=np.zeros(n_teams),
        degree=np.diff(org.adjacency.indptr).astype(np.float64),
        overhead=overhead,
        aptitude=aptitude,
        frontier=frontier,
        frontier_key=frontier_key,
        frontier_levels=levels,
        stage=np.zeros(n, dtype=np.int8),
        competence=competence,
        anxiety=traits["baseline_anxiety"].copy(),
        belief=traits["initial_belief"].copy(),
        risk_trained=np.zeros(n, dtype=bool),
        training_order=streams["training"].random(n),
        adopted=np.zeros(n, dtype=np.uint64),
        instructed=np.zeros(n, dtype=bool),
        modules_attended=np.zeros(n, dtype=np.int32),
        hours_saved=np.zeros(n),
        quality=np.zeros(n),
        benefit=np.zeros(n),
        help=np.zeros(n),
        incidents=np.zeros(n, dtype=np.int32),
        incident_now=np.zeros(n, dtype=bool),
        cost_eur=np.zeros(n),
        value_eur=np.zeros(n),
        net_hours=np.zeros(n),
        intensity=np.zeros(n),
        realised_value_eur=np.zeros(n),
        stuck=np.zeros(n, dtype=bool),
        stopped_available=np.zeros(n, dtype=np.uint64),
        stopped_proven=np.zeros(n, dtype=np.uint64),
        fear_job=np.clip(fp.job_disposition * traits["baseline_anxiety"], 0.0, 1.0),
        fear_errors=fp.errors_weight * traits["need_rules"],
        hours_spent=np.zeros(n),
        attention_cost_eur=np.zeros(n),
        moved=np.zeros(n, dtype=bool),
        covered=np.zeros(n, dtype=np.uint64),
        cover_all=np.zeros(n),
        cover_time=np.zeros(n),
        cover_quality=np.zeros(n),
        risky_held=np.zeros(n, dtype=np.int64),
        seen_using=np.zeros(n, dtype=bool),
        contacts_using=np.zeros(n, dtype=np.int64),
        embedded_using=np.zeros(n, dtype=np.int64),
        team_proven=np.zeros(n_teams, dtype=np.uint64),
        team_found=np.zeros(n_teams, dtype=np.uint64),
        literacy_shift=literacy_shift,
        signals=Signals.empty(n, n_teams),
    )
    apply_levers(s, cfg, org, streams, start_week=0)
    return s


def apply_levers(s: State, cfg: Config, org: Organisation, streams: dict[str, np.random.Generator], start_week: int):
    """Put into effect what the levers set up once: the leaders' styles, hands-on leaders, superusers, access to
    tools (with a pilot, by team or person) and the AI built into the systems. Called at set-up, and again at the
    week an organisation's rollout starts (``rollout.start_month``, :mod:`sim.model`), with the package's levers;
    before that week the status quo holds. A rollout keeps the access people already had (public tools) and gives
    approved tools (``tools.approved=few``) from its access weeks (``approved_week``)."""
    n, arch = s.n, s.archetype.astype(np.int64)
    lc, lp = cfg.leadership, cfg.params.leadership
    s.team_transformation[:] = np.clip(lc.transformation_weight + lc.style_sd * s.style_noise, 0.0, 1.0)
    leaders = s.team_leader[s.team_leader >= 0]
    # leaders' own literacy (varied per organisation); a later rollout raises it, never lowers it
    s.leader_literacy = float(np.clip(lc.leader_literacy + s.literacy_shift, 0.0, 1.0))
    s.competence[leaders] = np.maximum(s.competence[leaders], s.leader_literacy)
    if lc.hands_on:  # leaders who try it themselves explore and believe more
        for name, least in (("curiosity", lp.hands_on_curiosity), ("initial_belief", lp.hands_on_belief)):
            s.traits[name][leaders] = np.maximum(s.traits[name][leaders], least)
        s.belief[leaders] = np.maximum(s.belief[leaders], lp.hands_on_belief)

    # superusers: chosen once, by their own stream's key
    key = s.superuser_key
    k = int(round(cfg.superusers.share * n))
    if cfg.superusers.selection == "opportunity_seekers":
        key = key - (arch == ARCHETYPES.index("opportunity_seeker"))  # opportunity-seekers first
    elif cfg.superusers.selection == "central":
        key = key - np.diff(org.adjacency.indptr)  # most ties first, random among equals
    s.is_superuser[:] = False
    if k:
        s.is_superuser[np.argsort(key, kind="stable")[:k]] = True
        s.competence[s.is_superuser] = np.maximum(s.competence[s.is_superuser], lp.superuser_competence)

    # rollout: with a pilot, a share of teams (or of people: volunteers) gets access first
    rc = cfg.rollout
    access_week = np.full(n, cfg.tools.access_week, dtype=np.int64)
    if rc.mode == "pilot":
        access_week = np.where(pilot_group(s, cfg, org, streams["rollout"]), access_week, access_week + rc.pilot_weeks)
    if start_week == 0:
        s.access_week[:] = access_week
    else:  # nobody loses the access they had
        np.minimum(s.access_week, access_week, out=s.access_week)
    s.approved_week[:] = access_week if cfg.tools.approved == "few" else -1
    # the AI built in: for the whole organisation at once, or with each person's access (licences)
    builtin = cfg.tools.builtin_week
    s.builtin_week[:] = np.maximum(builtin, access_week) if builtin >= 0 and cfg.tools.builtin_with_access else builtin


def willingness(s: State, cfg: Config) -> np.ndarray:
    """Everyone's willingness without help, from the state's anxiety, fears and belief: the array form of
    :func:`sim.mechanisms.exploration.willingness1` of :func:`~sim.mechanisms.exploration.barrier_anxiety1` (the
    openness that scales exploration and the first try); who volunteers for a pilot (:func:`pilot_group`)."""
    p = cfg.params
    w = p.uptake.fears_barrier
    barrier = (1.0 - w) * s.anxiety + w * ((s.fear_errors + s.fear_job) / 2)
    return (1.0 - p.anxiety_barrier * barrier) * (1.0 - p.belief_weight * (1.0 - s.belief))


def pilot_group(s: State, cfg: Config, org: Organisation, rng: np.random.Generator) -> np.ndarray:
    """Who is in the pilot (bool per person): ``rollout.pilot_share`` of the teams (random, or those richest in
    opportunity-seekers first) or of the people (volunteers: those using AI now first, then the most willing,
    :func:`willingness`), random among equals; of these places the share
    ``rollout.pilot_random_share`` goes at random to the units the selection left out. One uniform per unit from
    ``rng`` (the rollout's stream) orders equals; with random places, one more per unit left out draws them (not
    the first: among equals cut off by the selection, those left out have the larger first uniforms). Volunteers
    are ranked after the levers above raised hands-on leaders' belief."""
    rc, arch = cfg.rollout, s.archetype.astype(np.int64)
    volunteers = rc.pilot_selection == "volunteers"
    units = s.n if volunteers else s.team_size.size
    key = rng.random(units)
    if volunteers:  # people: those using AI first, then the most willing
        using = (s.stage >= TRYING) & (s.stage <= REGULAR)
        order = np.lexsort((key, -willingness(s, cfg), ~using))
    elif rc.pilot_selection == "opportunity_seekers":  # teams richest in early adopters first
        seekers = np.bincount(org.team, weights=arch == ARCHETYPES.index("opportunity_seeker"), minlength=units)
        order = np.lexsort((key, -seekers / np.maximum(np.bincount(org.team, minlength=units), 1)))
    else:
        order = np.argsort(key, kind="stable")
    places = int(round(rc.pilot_share * units))
    drawn = int(round(rc.pilot_random_share * places))
    chosen, rest = order[: places - drawn], order[places - drawn :]
    if drawn:
        chosen = np.concatenate((chosen, rest[np.argsort(rng.random(rest.size), kind="stable")[:drawn]]))
    pilot = np.zeros(units, dtype=bool)
    pilot[chosen] = True
    return pilot if volunteers else pilot[org.team]
