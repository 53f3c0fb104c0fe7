"""Typed configuration: the one place where every parameter, its range and its source live.

Every value of the model is a field of a dataclass below. Each field carries metadata:

* ``doc``: what it means, with its unit;
* ``range`` (numbers) or ``choices`` (strings): what is allowed, checked by :func:`validate`;
* ``source``: the seed file or published study it comes from, or ``assumption``.

The dataclasses are registered in Hydra's ConfigStore, so a wrong type or an unknown key fails
when the config is composed; :func:`validate` adds the range, choice and sum checks that Hydra
does not do. ``python -m sim.params`` renders the parameter table (``docs/parameters.md``) from
the same metadata.

The groups follow the split of exploratory modelling: ``org`` and ``archetypes`` are
uncertainties about the organisation, the lever groups (``leadership`` … ``harvest``) and
``package`` are the choices of its leaders, ``params`` holds the mechanism constants and ``run``
the run settings.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from hydra.core.config_store import ConfigStore
from omegaconf import DictConfig, OmegaConf

# Source tags used in the metadata. The seed files are the original documents of the project.
S000 = "seed 000_76018c222373da11.txt (Ramboll, Norwegian state agencies)"
S001 = "seed 001_21666b6ef371d510.txt (HR-led AI skills, Bitkom 2024)"
S002 = "seed 002_ca11e484d77387ad.txt (LEAD/Fremfærd survey n=757 and workshops)"
S003 = "seed 003_4abda02b9fb9f292.txt (NTL/NAV co-determination)"
S004 = "seed 004_10ccc2d4e634bb70.txt (EL og IT Forbundet)"
ASSUMPTION = "assumption"
SETTING = "setting (not a model parameter)"

ARCHETYPES = ("worried", "opportunity_seeker", "pragmatist", "critic", "wait_and_see")
STAGES = ("never", "trying", "occasional", "regular", "abandoned")


def p(
    default: Any,
    doc: str,
    *,
    range: tuple[float | None, float | None] | None = None,  # noqa: A002 - reads naturally
    choices: tuple[str, ...] | None = None,
    source: str = ASSUMPTION,
) -> Any:
    """A config field with its documentation, allowed values and source."""
    meta = {"doc": doc, "range": range, "choices": choices, "source": source, "type": type(default).__name__}
    if isinstance(default, (list, dict)) or is_dataclass(default):
        return field(default_factory=lambda: copy.deepcopy(default), metadata=meta)
    return field(default=default, metadata=meta)


def sub(factory: Any, doc: str) -> Any:
    """A nested config section."""
    return field(default_factory=factory, metadata={"doc": doc, "section": True})


UNIT = (0.0, 1.0)
NONNEG = (0.0, None)
WEEK = (-1, 10_000)


# --------------------------------------------------------------------------- organisation
@dataclass
class OrgConfig:
    """The organisation: generated, or loaded from the user's files."""

    source: str = p("generated", "Where the organisation comes from.", choices=("generated", "files"), source=SETTING)
    size: int = p(1000, "Number of employees (all roles) of a generated organisation.", range=(2, 50_000_000))
    team_size: int = p(10, "Mean team size (members incl. the team leader).", range=(1, 10_000))
    teams_per_department: int = p(8, "Teams per department.", range=(1, 100_000))
    top_management_size: int = p(3, "People in top management.", range=(1, 1000))
    tie_prob_in_team: float = p(0.6, "Probability of a tie between two members of one team.", range=UNIT)
    ties_across_teams: float = p(
        2.0,
        "Random ties drawn per person, mostly to other teams (draws that land in the own team or on an existing tie merge, so slightly fewer result).",
        range=(0.0, 1000.0),
    )
    same_department_share: float = p(0.7, "Share of across-team ties that stay inside the department.", range=UNIT)
    mixing: str = p(
        "network",
        "How colleagues are met: along the ties (network) or fully mixed (mean field, for verification).",
        choices=("network", "full"),
        source=SETTING,
    )
    employees_file: str = p("", "Employees CSV (id, team, role, archetype and department optional).", source=SETTING)
    ties_file: str = p("", "Ties CSV (source, target); optional, may be empty.", source=SETTING)


# --------------------------------------------------------------------------- archetypes
@dataclass
class ArchetypeShares:
    worried: float = p(
        0.20,
        "Share of worried employees.",
        range=UNIT,
        source=f"{ASSUMPTION}; informed by {S002}: 46 % not clearly secure, 13 % agree AI threatens their job",
    )
    opportunity_seeker: float = p(
        0.15,
        "Share of opportunity-seekers.",
        range=UNIT,
        source=f"{ASSUMPTION}; informed by {S002}: described as a minority ahead of their leaders",
    )
    pragmatist: float = p(
        0.35,
        "Share of pragmatists.",
        range=UNIT,
        source=f"{ASSUMPTION}; {S002} calls them the broad middle ('another tool')",
    )
    critic: float = p(
        0.10,
        "Share of critics.",
        range=UNIT,
        source=f"{ASSUMPTION}; informed by {S002}: about 1 in 10 disagree that AI is good for society",
    )
    wait_and_see: float = p(
        0.20,
        "Share of wait-and-see employees.",
        range=UNIT,
        source=f"{ASSUMPTION}; {S002}: rare in workshops, often named by colleagues",
    )


@dataclass
class ArchetypeTraits:
    """Mean traits of one archetype; individuals scatter around them (``params.trait_concentration``)."""

    curiosity: float = p(0.3, "Drive to explore AI on one's own (0-1).", range=UNIT, source=S002)
    need_rules: float = p(0.5, "Need for clear rules and frames before use (0-1).", range=UNIT, source=S002)
    need_proof: float = p(0.5, "Need for proven, tested use cases before use (0-1).", range=UNIT, source=S002)
    peer_susceptibility: float = p(0.5, "Weight given to colleagues' use (0-1).", range=UNIT, source=S002)
    mandate_response: float = p(
        0.5, "How strongly a mandate or clear instruction moves them (0-1).", range=UNIT, source=S002
    )
    critical_sense: float = p(0.5, "Critical checking of AI output (0-1).", range=UNIT, source=S002)
    hype_aversion: float = p(0.3, "How much hype and gains-only framing puts them off (0-1).", range=UNIT, source=S002)
    baseline_anxiety: float = p(0.4, "Job and error anxiety before any signal (0-1).", range=UNIT, source=S002)
    initial_belief: float = p(0.5, "Initial belief that AI is useful for their work (0-1).", range=UNIT, source=S002)


def _traits(**kw: float) -> ArchetypeTraits:
    return ArchetypeTraits(**kw)


@dataclass
class ArchetypeTraitsAll:
    worried: ArchetypeTraits = sub(
        lambda: _traits(
            curiosity=0.15,
            need_rules=0.85,
            need_proof=0.6,
            peer_susceptibility=0.5,
            mandate_response=0.5,
            critical_sense=0.5,
            hype_aversion=0.5,
            baseline_anxiety=0.46,
            initial_belief=0.35,
        ),
        "Worried: fear errors and job loss.",
    )
    opportunity_seeker: ArchetypeTraits = sub(
        lambda: _traits(
            curiosity=0.9,
            need_rules=0.2,
            need_proof=0.1,
            peer_susceptibility=0.4,
            mandate_response=0.3,
            critical_sense=0.4,
            hype_aversion=0.05,
            baseline_anxiety=0.05,
            initial_belief=0.85,
        ),
        "Opportunity-seekers: curious, already testing.",
    )
    pragmatist: ArchetypeTraits = sub(
        lambda: _traits(
            curiosity=0.3,
            need_rules=0.5,
            need_proof=0.8,
            peer_susceptibility=0.6,
            mandate_response=0.5,
            critical_sense=0.5,
            hype_aversion=0.6,
            baseline_anxiety=0.24,
            initial_belief=0.55,
        ),
        "Pragmatists: 'another tool', want proven gains.",
    )
    critic: ArchetypeTraits = sub(
        lambda: _traits(
            curiosity=0.35,
            need_rules=0.7,
            need_proof=0.7,
            peer_susceptibility=0.3,
            mandate_response=0.3,
            critical_sense=0.9,
            hype_aversion=0.9,
            baseline_anxiety=0.21,
            initial_belief=0.35,
        ),
        "Critics: concerned for professionalism, ethics, legal certainty.",
    )
    wait_and_see: ArchetypeTraits = sub(
        lambda: _traits(
            curiosity=0.1,
            need_rules=0.6,
            need_proof=0.6,
            peer_susceptibility=0.5,
            mandate_response=0.9,
            critical_sense=0.4,
            hype_aversion=0.4,
            baseline_anxiety=0.32,
            initial_belief=0.4,
        ),
        "Wait-and-see: act on clear instruction.",
    )


@dataclass
class ArchetypesConfig:
    shares: ArchetypeShares = sub(ArchetypeShares, "Shares of the five archetypes; must sum to 1.")
    traits: ArchetypeTraitsAll = sub(ArchetypeTraitsAll, "Mean traits per archetype.")


# --------------------------------------------------------------------------- levers
@dataclass
class LeadershipConfig:
    transformation_weight: float = p(
        0.5,
        "Leaders' weight on transformation (vision, room to explore) versus transition (spreading proven use cases).",
        range=UNIT,
        source=S002,
    )
    mode: str = p(
        "fixed",
        "Fixed mix, or phased: shifts from transformation toward transition as proven use cases accumulate.",
        choices=("fixed", "phased"),
        source=S002,
    )
    phase_proven: int = p(
        12, "Phased mode: proven use cases at hand at which a team's leadership is fully transition.", range=(1, 64)
    )
    style_sd: float = p(0.1, "Spread of the weight between team leaders (sd, clipped to 0-1).", range=(0.0, 1.0))
    hands_on: bool = p(
        False,
        "Leaders use AI themselves ('hands in the dough'): team leaders start with curiosity >= 0.8 and belief "
        ">= 0.7, so they explore and use it, and their literacy grows with their use.",
        source=f"{S002} lever 4; {S000} rec. 4",
    )
    damp_hype: float = p(
        0.0,
        "How far team leaders brake hype from the top (0-1), scaled by their own literacy.",
        range=UNIT,
        source=S002,
    )
    directive: bool = p(
        False, "Leaders order everyone to use AI from the access week ('the boss says so').", source=f"{S002}: 18 %"
    )
    leader_literacy: float = p(
        0.2, "Team leaders' own AI competence at the start ('hands in the dough', 0-1).", range=UNIT, source=S002
    )
    share_lessons: float = p(
        0.02,
        "Weekly probability that a team's proven use cases are collected and shared across the organisation.",
        range=UNIT,
        source=f"{ASSUMPTION}; {S000}: few documented effects",
    )


@dataclass
class TrainingConfig:
    mode: str = p("none", "Who is trained.", choices=("none", "voluntary", "mandatory"), source=S002)
    start_week: int = p(8, "Week of the first module.", range=(0, 10_000))
    modules: int = p(
        3, "Modules in one round of the programme.", range=(1, 100), source=f"{S001}: three prompt sessions"
    )
    spacing_weeks: int = p(3, "Weeks between modules.", range=(1, 520), source=f"{S001}: 5-step framework")
    refresh: bool = p(
        False,
        "A permanent programme (a new round every refresh_interval_weeks) instead of a one-off.",
        source=f"{S003}; {S001}",
    )
    refresh_interval_weeks: int = p(26, "Weeks between rounds of a permanent programme.", range=(1, 520))
    format: str = p("physical", "Delivery format.", choices=("physical", "online", "hybrid"), source=S002)
    action_learning: bool = p(False, "Booked practice (1-2 h) between modules.", source=S002)
    domain_specific: bool = p(False, "Content differentiated by core task, with tested use cases.", source=S002)
    risk_content: bool = p(
        False, "Responsible use: technology understanding, black box, bias, personal data, rules.", source=S002
    )
    cohort_size: int = p(
        0, "Places per module week (0: unlimited); those with fewest modules go first.", range=(0, 50_000_000)
    )


@dataclass
class SuperusersConfig:
    share: float = p(0.0, "Share of employees appointed superusers.", range=UNIT, source=S002)
    selection: str = p(
        "random", "How superusers are chosen.", choices=("random", "opportunity_seekers", "central"), source=S002
    )
    hours_per_week: float = p(
        2.0, "Hours a week each superuser spends helping colleagues.", range=(0.0, 40.0), source=ASSUMPTION
    )


@dataclass
class CommunicationConfig:
    purpose: float = p(
        0.2,
        "Clarity of the purpose of AI use and of management goals (0-1).",
        range=UNIT,
        source=f"{S002}; {S000} rec. 1",
    )
    harvest_clarity: float = p(
        0.1, "How clearly it is said how saved time will be harvested (0-1).", range=UNIT, source=S002
    )
    job_security: float = p(0.0, "Strength of a job-security commitment (0-1).", range=UNIT, source=S002)
    hype: float = p(0.3, "Hype from the top (0-1).", range=UNIT, source=S002)


@dataclass
class RulesConfig:
    clarity: float = p(
        0.2,
        "Clarity of the guidelines once issued (0-1).",
        range=UNIT,
        source=f"{S001} pitfall 6; {S000}: no systematic risk assessment",
    )
    guidelines_week: int = p(0, "Week the guidelines are issued (-1: never).", range=WEEK)
    accepted_risk: float = p(
        0.5, "Accepted risk: share of risk-flagged use cases allowed (0-1).", range=UNIT, source=f"{S000} rec. 7"
    )
    human_decides: bool = p(False, "AI never decides alone; decisions stay with people.", source=S003)


@dataclass
class ToolsConfig:
    access_week: int = p(
        0,
        "Week from which everyone (or the pilot group) has access to approved tools.",
        range=(0, 10_000),
        source=f"{S000}: open access",
    )
    ease_of_use: float = p(0.5, "Ease of use of the tools (0-1).", range=UNIT, source=f"{S002}: 65 % name ease of use")
    builtin_week: int = p(-1, "Week AI is built into case systems as a 'button' (-1: never).", range=WEEK, source=S002)
    plans_week: int = p(
        52,
        "Week the 'plans' use cases become available.",
        range=(0, 10_000),
        source=f"{ASSUMPTION}; horizons from {S002}",
    )
    future_week: int = p(
        260,
        "Week the 'future' use cases become available.",
        range=(0, 10_000),
        source=f"{ASSUMPTION}; horizons from {S002}",
    )
    approved: str = p(
        "chaos", "Few approved tools, or tool chaos.", choices=("few", "chaos"), source=f"{S001} pitfall 4"
    )
    transparent: bool = p(
        False, "Tools that show their sources and reasoning (explainability).", source=f"{S002}; {S003}"
    )


@dataclass
class CodeterminationConfig:
    involved: bool = p(False, "Union representatives involved in the rollout.", source=f"{S000} rec. 3; {S003}")
    standing_agenda: bool = p(
        False, "AI a standing agenda item between leaders and union representatives.", source=f"{S000} rec. 3"
    )


@dataclass
class RolloutConfig:
    mode: str = p(
        "big_bang",
        "Everyone at once, or a pilot group first.",
        choices=("big_bang", "pilot"),
        source=f"{S001} pitfall 1",
    )
    pilot_share: float = p(0.1, "Share of teams in the pilot group.", range=UNIT, source=S001)
    pilot_weeks: int = p(
        13, "Weeks the pilot runs before everyone has access.", range=(0, 520), source=f"{S001}: 3-4 months"
    )
    pilot_selection: str = p(
        "random",
        "Which teams form the pilot: random, or those with most opportunity-seekers (early adopters).",
        choices=("random", "opportunity_seekers"),
        source=f"{S001}: early-adopter pilot group",
    )


@dataclass
class HarvestConfig:
    policy: str = p(
        "unclear",
        "How saved time is used.",
        choices=("unclear", "reinvest_quality", "reduce_staffing"),
        source=f"{S002}; {S000} rec. 1",
    )


# --------------------------------------------------------------------------- mechanism constants
@dataclass
class ParamsConfig:
    """Mechanism constants (rates per week unless stated)."""

    trait_concentration: float = p(
        20.0, "Concentration of the Beta distribution of individual traits around the archetype mean.", range=(0.5, 1e6)
    )
    hours_per_week: float = p(
        37.0,
        "Contract hours per full-time week.",
        range=(1.0, 80.0),
        source="Danish and Norwegian public-sector agreements (37 / 37.5 h)",
    )
    task_mix_concentration: float = p(
        8.0, "Concentration of the Dirichlet task mix around the survey mean.", range=(0.1, 1e6)
    )
    explore_rate: float = p(
        0.035, "Weekly rate at which a fully curious employee with room to explore tries a use case.", range=(0.0, 5.0)
    )
    peer_rate: float = p(0.2, "Weekly take-up rate per unit of colleagues' use (imitation).", range=(0.0, 5.0))
    transition_rate: float = p(0.06, "Weekly take-up rate when a leader spreads proven use cases.", range=(0.0, 5.0))
    help_rate: float = p(
        0.06,
        "Weekly take-up rate with full help getting started (superusers).",
        range=(0.0, 5.0),
        source=f"{S002}: help getting started 57 % vs boss says so 18 %",
    )
    mandate_rate: float = p(
        0.02,
        "Weekly take-up rate under a clear instruction (mandatory training or a directive).",
        range=(0.0, 5.0),
        source=f"{S002}: 18 % name 'boss says so'",
    )
    anxiety_barrier: float = p(
        0.8, "How much anxiety suppresses take-up (0: not at all, 1: fully at anxiety 1).", range=UNIT, source=S002
    )
    belief_weight: float = p(
        0.7,
        "How much low belief in usefulness suppresses take-up (0-1).",
        range=UNIT,
        source=f"{S002}: 71 % must free time",
    )
    promote_rate: float = p(0.12, "Weekly rate of moving up a stage when use satisfies.", range=UNIT)
    abandon_rate: float = p(0.05, "Weekly rate of dropping out when use disappoints.", range=UNIT)
    abandonment: bool = p(True, "Whether users can abandon AI (off only for verification).", source=SETTING)
    max_time_saving: float = p(
        0.18,
        "Share of the time of a task saved when AI is used on it, at full competence (task-level saving).",
        range=UNIT,
        source="assumption below the task-level field results, since real work mixes tasks inside and outside the "
        "frontier: Dell'Acqua et al. 2023 (consultants, -25 % time inside the frontier); Noy & Zhang 2023 "
        "(writing tasks, -40 %); Brynjolfsson, Li & Raymond 2025 (support agents, +14 % issues per hour)",
    )
    job_fit_mean: float = p(
        0.6,
        "Mean share of a person's work that generative AI can help with at all (job fit, Beta-distributed).",
        range=UNIT,
    )
    job_fit_concentration: float = p(4.0, "Concentration of the Beta distribution of job fit.", range=(0.1, 1e6))
    use_case_saturation: float = p(1.0, "Use cases per task type at which coverage reaches 63 %.", range=(0.01, 100.0))
    hourly_cost_eur: float = p(
        50.0,
        "Full hourly cost of an employee (EUR).",
        range=(0.0, 1000.0),
        source="assumption: Nordic public-sector salary plus overheads",
    )
    licence_eur_month: float = p(
        25.0,
        "Tool licence per employee with access per month (EUR).",
        range=(0.0, 1000.0),
        source="assumption: list prices of enterprise chat assistants, 2024",
    )
    module_hours: float = p(3.0, "Hours per training module per participant.", range=(0.0, 100.0), source=S001)
    module_fee_eur: float = p(
        60.0,
        "External cost per participant and module (EUR).",
        range=(0.0, 10_000.0),
        source=f"{S001}: 500-1,000 EUR per employee in year one",
    )
    learn_rate: float = p(0.25, "Share of the gap to full competence closed by one module (physical).", range=UNIT)
    practice_rate: float = p(
        0.01, "Weekly competence gain from regular use.", range=UNIT, source=f"{S001}: 70-20-10, 70 % from own use"
    )
    decay_rate: float = p(0.01, "Weekly competence decay without use.", range=UNIT, source=f"{S001}: momentum fades")
    anxiety_adjust: float = p(0.1, "Weekly share of the gap to the anxiety target that closes.", range=UNIT)
    belief_adjust: float = p(0.05, "Weekly share of the gap to the belief target that closes.", range=UNIT)
    incident_rate: float = p(
        0.01,
        "Weekly incident probability of a regular user at zero competence and critical sense, no rules.",
        range=UNIT,
        source=f"{S001}: no quality check 'regularly', compliance risk 'not rare'",
    )
    help_need_hours: float = p(
        0.5, "Superuser hours a week per colleague at which help getting started is complete.", range=(0.01, 40.0)
    )
    expected_benefit: float = p(
        0.016, "Benefit (coverage x capability x job fit) a user expects without hype.", range=(0.001, 1.0)
    )
    hype_inflation: float = p(
        2.0,
        "How much full hype raises the expected benefit (relative).",
        range=(0.0, 10.0),
        source=f"{S002}: hype inflates expectations",
    )
    high_anxiety_threshold: float = p(
        0.5,
        "Anxiety above which an employee counts as highly anxious.",
        range=UNIT,
        source=f"{S002}: 46 % not clearly secure",
    )


# --------------------------------------------------------------------------- run
@dataclass
class RunConfig:
    months: int = p(36, "Horizon in months (52/12 weeks each).", range=(1, 1200), source=SETTING)
    replicates: int = p(
        30, "Replicates per package (common random numbers across packages).", range=(1, 100_000), source=SETTING
    )
    seed: int = p(
        0, "Root seed; replicate r of a run uses streams derived from (seed, r).", range=(0, 2**63 - 1), source=SETTING
    )
    mesa_agents: bool = p(
        True, "Create the Mesa agent handles (set false for large batch runs; results do not change).", source=SETTING
    )
    figure: bool = p(True, "Write the figures and the HTML report into the run folder.", source=SETTING)
    packages: list[str] = p(
        ["all"],
        "Packages the main job compares ('all': every file in conf/package/); "
        "a package given on the command line (package=...) runs alone.",
        source=SETTING,
    )
    name: str = p("packages", "Name of the run, part of the run folder's name.", source=SETTING)


@dataclass
class Config:
    package_name: str = p(
        "status_quo",
        "Name of the lever package the config was composed with (set by the package file).",
        source=SETTING,
    )
    package_description: str = p("", "One-line description of the package (set by the package file).", source=SETTING)
    org: OrgConfig = sub(OrgConfig, "Organisation (uncertainty).")
    archetypes: ArchetypesConfig = sub(ArchetypesConfig, "Employee archetypes (uncertainty).")
    leadership: LeadershipConfig = sub(LeadershipConfig, "Lever: leadership.")
    training: TrainingConfig = sub(TrainingConfig, "Lever: training.")
    superusers: SuperusersConfig = sub(SuperusersConfig, "Lever: superusers.")
    communication: CommunicationConfig = sub(CommunicationConfig, "Lever: communication.")
    rules: RulesConfig = sub(RulesConfig, "Lever: rules.")
    tools: ToolsConfig = sub(ToolsConfig, "Lever: tools.")
    codetermination: CodeterminationConfig = sub(CodeterminationConfig, "Lever: co-determination.")
    rollout: RolloutConfig = sub(RolloutConfig, "Lever: rollout.")
    harvest: HarvestConfig = sub(HarvestConfig, "Lever: harvest of saved time.")
    params: ParamsConfig = sub(ParamsConfig, "Mechanism constants.")
    run: RunConfig = sub(RunConfig, "Run settings.")


def register_configs() -> None:
    """Register the schema in Hydra's ConfigStore (the root of conf/config.yaml's defaults)."""
    ConfigStore.instance().store(name="base_config", node=Config)


# --------------------------------------------------------------------------- validation
def shipped_packages() -> list[str]:
    """Names of the packages in conf/package/."""
    folder = Path(__file__).resolve().parent.parent / "conf" / "package"
    return sorted(p.stem for p in folder.glob("*.yaml"))


class ConfigError(ValueError):
    """A config value is not allowed. The message names the key and what is allowed."""


def _default(f: Any) -> Any:
    return f.default_factory() if f.default_factory is not MISSING else f.default


def field_meta(path: str) -> dict[str, Any] | None:
    """Metadata of the field at a dotted path (``"leadership.transformation_weight"``), or None."""
    node: Any = Config
    meta = None
    for part in path.split("."):
        if not is_dataclass(node):
            return None
        match = [f for f in fields(node) if f.name == part]
        if not match:
            return None
        f = match[0]
        meta = dict(f.metadata)
        node = _default(f)
        node = type(node) if is_dataclass(node) else node
    return meta


def allowed_text(meta: dict[str, Any] | None) -> str:
    """What a field allows, in words."""
    if not meta:
        return ""
    if meta.get("choices"):
        return "one of " + ", ".join(meta["choices"])

    def num(x: float) -> str:
        return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"

    kind = {"int": "a whole number", "float": "a number", "bool": "true or false", "str": "text"}.get(
        meta.get("type", ""), ""
    )
    rng = meta.get("range")
    if rng:
        lo, hi = rng
        if lo is not None and hi is not None:
            return f"{kind} from {num(lo)} to {num(hi)}"
        if lo is not None:
            return f"{kind} >= {num(lo)}"
        return f"{kind} <= {num(hi)}"
    return kind


def _walk(schema: type, node: Any, prefix: str, errors: list[str]) -> None:
    known = {f.name: f for f in fields(schema)}
    for key in node.keys():
        if key not in known and not (prefix == "" and key == "hydra"):
            errors.append(f"'{prefix}{key}' is not a known setting; known settings here: {', '.join(sorted(known))}")
    for name, f in known.items():
        path = prefix + name
        value = node.get(name) if name in node else None
        default = _default(f)
        if is_dataclass(default):
            if value is not None:
                _walk(type(default), value, path + ".", errors)
            continue
        meta = f.metadata
        if meta.get("choices") and value not in meta["choices"]:
            errors.append(f"'{path}' is {value!r}; allowed: {allowed_text(meta)}")
        rng = meta.get("range")
        if rng and value is not None:
            lo, hi = rng
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                errors.append(f"'{path}' is {value!r}; allowed: {allowed_text(meta)}")


def validate(cfg: DictConfig | Config) -> None:
    """Check ranges, choices, the archetype shares and cross-field rules; raise ConfigError."""
    node = cfg if isinstance(cfg, DictConfig) else OmegaConf.structured(cfg)
    errors: list[str] = []
    _walk(Config, node, "", errors)
    shares = [float(node.archetypes.shares[a]) for a in ARCHETYPES]
    if abs(sum(shares) - 1.0) > 1e-6:
        listing = ", ".join(f"{a}={s:g}" for a, s in zip(ARCHETYPES, shares, strict=True))
        errors.append(
            f"'archetypes.shares' must sum to 1 but sum to {sum(shares):.6g} ({listing}); "
            "change two shares together, e.g. archetypes.shares.worried=0.1 archetypes.shares.pragmatist=0.45"
        )
    t = node.training
    if t.refresh and (t.modules - 1) * t.spacing_weeks >= t.refresh_interval_weeks:
        errors.append(
            f"'training.refresh_interval_weeks' is {t.refresh_interval_weeks} but one round of {t.modules} modules "
            f"{t.spacing_weeks} weeks apart lasts {(t.modules - 1) * t.spacing_weeks + 1} weeks; "
            "allowed: an interval longer than one round"
        )
    known = shipped_packages()
    unknown = [p for p in node.run.packages if p != "all" and p not in known]
    if unknown or not node.run.packages:
        errors.append(
            f"'run.packages' is {list(node.run.packages)}; allowed: 'all' or packages among {', '.join(known)}"
        )
    if node.org.source == "files" and not node.org.employees_file:
        errors.append("'org.source' is 'files' but 'org.employees_file' is empty; give the path of the employees CSV")
    if errors:
        raise ConfigError("Invalid configuration:\n  - " + "\n  - ".join(errors))


@functools.cache
def _schema() -> DictConfig:
    """The structured config of the defaults, built once (building it is most of a conversion)."""
    return OmegaConf.structured(Config)


def to_object(cfg: DictConfig) -> Config:
    """The validated config as a typed object (drops Hydra's own node)."""
    validate(cfg)
    plain = OmegaConf.to_container(cfg, resolve=True)
    assert isinstance(plain, dict)
    plain.pop("hydra", None)
    merged = OmegaConf.merge(_schema(), plain)  # merge copies the schema; the cached one stays as it is
    obj = OmegaConf.to_object(merged)
    assert isinstance(obj, Config)
    return obj
