"""The plain-Mesa reference (benchmarks/reference/) and the real model cannot disagree on a constant.

Two checks together:

* **no constant of its own**: the reference model's source holds no number other than 0 and 1 and
  the count of terms of a mean (``(a + b) / 2``), so it cannot restate a coefficient;
* **the same parameters**: while both models run the same short simulations, every config value
  they read is recorded with the file that read it. The reference's own code must read exactly the
  config values the real model's own code reads, and every mechanism constant (``cfg.params``,
  groups included) except those only the shared set-up uses.

Every number of the reference therefore comes from the config the real model reads; whether both
use it the same way is what the equivalence tests (tests/test_mesa_reference.py) check. Both checks
are shown to fail on a copy of the reference with a coefficient written back as a literal.
"""

from __future__ import annotations

import ast
import inspect
from collections import defaultdict
from dataclasses import fields, is_dataclass
from pathlib import Path
from types import ModuleType

import pytest

import benchmarks.reference.model as reference
import sim
from sim.config import LEVER_GROUPS, Config
from sim.model import AdoptionModel, from_rollout, status_quo_levers
from tests.conftest import leaf_fields, make_cfg, restated_numbers

ROOT = Path(__file__).resolve().parent.parent
# files as the imported code names them (what a frame's code reports)
REFERENCE_DIR = Path(reference.__file__).parent
REFERENCE_FILES = {reference.__file__}
SIM = Path(sim.__file__).parent
# the real model's own code (what the reference re-implements) and the set-up both run
REAL_FILES = {str(SIM / "model.py"), str(SIM / "outputs.py"), str(SIM / "agents.py")} | {
    str(f) for f in (SIM / "mechanisms").glob("*.py")
}
# the calendar's configs, made by two functions of sim/model.py that the reference imports: set-up both
# run, so their reads are recorded under the function's name and count as the shared set-up's
SHARED_FUNCTIONS = {f.__code__: f"{f.__module__}.{f.__qualname__}" for f in (from_rollout, status_quo_levers)}
SHARED_FILES = {str(SIM / "state.py"), str(SIM / "organisation.py"), str(SIM / "catalogue.py")} | set(
    SHARED_FUNCTIONS.values()
)
CONFIG_FILE = str(SIM / "config.py")  # sim.config.frozen_copy: the read-only copy a model works on

# Mechanism constants used only by the set-up both models share (sim.state.initialise draws traits,
# task mixes, job fit, each person's overhead of use, place on the jagged frontier and ceiling of
# competence, and the organisation-level variation, and sets
# the leaders' and superusers' starting values): the reference's own code has no use for them.
SETUP_PARAMS = {
    "params.trait_concentration",
    "params.task_mix_concentration",
    "params.job_fit_mean",
    "params.job_fit_concentration",
    "params.leadership.hands_on_curiosity",
    "params.leadership.hands_on_belief",
    "params.leadership.superuser_competence",
    "params.value.overhead_mean",
    "params.value.overhead_shape",
    "params.value.frontier_spread",
    "params.training.aptitude_mean",
    "params.training.aptitude_concentration",
    "params.variation.job_fit_sd",
    "params.variation.leadership_sd",
    "params.variation.culture_sd",
}
# Config values only the real model reads: whether to create its Mesa agent handles (a setting
# without effect on results; the reference always has its agents).
REAL_ONLY = {"run.mesa_agents"}

# Short runs that between them take every branch that reads a config value: every lever on in one
# or the other, both training modes and the two non-physical formats, tool chaos and few tools,
# all three harvest policies across the two (and the default), a loaded organisation with a team
# without a leader, fully mixed contacts; and the branches of the second round of mechanisms: rewired
# ties, discoveries codified by transition leaders, complex contagion (counted over network contacts and
# fully mixed) and colleagues' use cases, reactance to instructions; and the calendar: a package that
# starts after two months of the status quo, awareness growing from month 0, a first try on access to
# approved tools.
SCENARIOS = (
    (
        "package=balanced",
        "org.size=300",
        "run.months=6",
        "training.mode=voluntary",
        "training.format=online",
        "training.start_week=1",
        "training.spacing_weeks=2",
        "training.cohort_size=100",
        "tools.approved=chaos",
        "tools.builtin_week=4",
        "rollout.pilot_weeks=2",
        "rollout.pilot_selection=volunteers",
        "rollout.pilot_random_share=0.3",
        "tools.builtin_with_access=true",
        "leadership.directive=true",
        "harvest.policy=reduce_staffing",
        "org.rewire_share=0.2",
        "params.leadership.codify_floor=0.5",
        "params.spread.reinforcement=1",
        "params.spread.from_contacts=true",
        "params.costs.reactance_belief=0.3",
        "rollout.start_month=2",
    ),
    (
        "org.source=files",
        f"org.employees_file={ROOT / 'examples' / 'org' / 'employees.csv'}",
        f"org.ties_file={ROOT / 'examples' / 'org' / 'ties.csv'}",
        "org.mixing=full",
        "run.months=6",
        "training.mode=mandatory",
        "training.format=hybrid",
        "training.start_week=1",
        "training.refresh=true",
        "training.refresh_interval_weeks=8",
        "training.action_learning=true",
        "superusers.share=0.1",
        "params.spread.reinforcement=1",
        "params.costs.reactance_anxiety=0.3",
        "tools.approved=few",
        "params.calendar.first_try=0.5",
        "params.calendar.awareness_months=6.2",
    ),
)


LEAVES = [path for path, _, _ in leaf_fields(Config())]
ALL_PARAMS = {path for path in LEAVES if path.startswith("params.")}
ALL_LEVERS = {path for path in LEAVES if path.split(".")[0] in LEVER_GROUPS}


# --------------------------------------------------------------------------- no constant of its own
def test_the_reference_model_holds_no_constant_of_its_own():
    found = restated_numbers(Path(reference.__file__).read_text())
    assert not found, "numbers restated in benchmarks/reference/model.py (read them from cfg):\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("snippet", "allowed"),
    [
        ("x = (a + b) / 2", True),
        ("x = (a + b + c + d) / 4", True),
        ("x = min(max(y, 0.0), 1.0) + 1 - 0", True),
        ("x = (a + b) / 3", False),  # not a mean
        ("x = a / 2", False),
        ("x = 0.5 * a + 0.5 * b", False),
        ("x = p.decay_rate * 0.01", False),
        ("x = cost * 12 / 52", False),
        ("x = 2.0 if chaos else 1.0", False),
    ],
)
def test_restated_numbers_are_found(snippet, allowed):
    assert (restated_numbers(snippet) == []) is allowed


def test_the_reference_uses_no_private_name_and_does_not_import_the_mechanisms():
    """Nothing starting with an underscore (dunders aside) is used, from sim or elsewhere; the weekly
    mechanisms are written again, not imported; from the real model's module only the calendar's configs
    (what holds before the rollout's start, and the package's schedule from it)."""
    for path in [*sorted(REFERENCE_DIR.glob("*.py")), REFERENCE_DIR.parent / "mesa_reference.py"]:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Attribute):
                names = [node.attr]
            elif isinstance(node, ast.Name):
                names = [node.id]
            elif isinstance(node, ast.ImportFrom):
                names = [*node.module.split("."), *(a.name for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [part for a in node.names for part in a.name.split(".")]
            private = [n for n in names if n.startswith("_") and not (n.startswith("__") and n.endswith("__"))]
            assert not private, f"{path.name}, line {node.lineno}: private name {private[0]}"
    tree = ast.parse(Path(reference.__file__).read_text())
    imports = [node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    sim_imports = sorted(node.module for node in imports if node.module == "sim" or node.module.startswith("sim."))
    assert sim_imports == [
        "sim.catalogue",
        "sim.config",
        "sim.model",
        "sim.organisation",
        "sim.outputs",
        "sim.state",
    ], sim_imports
    from_model = sorted(a.name for node in imports if node.module == "sim.model" for a in node.names)
    assert from_model == ["from_rollout", "status_quo_levers"], from_model


# --------------------------------------------------------------------------- the same parameters
def watch(cfg, reads: dict[str, set[str]]):
    """Make every section of ``cfg`` note, for each leaf value read, the file of the code that reads it
    (or, for the functions of :data:`SHARED_FUNCTIONS`, the function's name).

    Each section keeps its class and values; it becomes an instance of a subclass whose attribute
    access also records ``reads[dotted path]``. Returns ``cfg``.
    """

    def wrap(node, prefix: str) -> None:
        leaves = set()
        for f in fields(node):
            value = getattr(node, f.name)
            if is_dataclass(value):
                wrap(value, f"{prefix}{f.name}.")
            else:
                leaves.add(f.name)

        def __getattribute__(self, name):
            if name in leaves:
                code = inspect.currentframe().f_back.f_code
                reads[prefix + name].add(SHARED_FUNCTIONS.get(code, code.co_filename))
            return object.__getattribute__(self, name)

        cls = type(node)
        node.__class__ = type(cls.__name__, (cls,), {"__getattribute__": __getattribute__})

    wrap(cfg, "")
    return cfg


def record_reads(model_class, overrides) -> dict[str, set[str]]:
    """Run ``model_class`` to the horizon on the config of ``overrides``; which file read which value."""
    reads: dict[str, set[str]] = defaultdict(set)
    cfg = watch(make_cfg(*overrides, "run.mesa_agents=false"), reads)
    model_class(cfg, replicate=0).run()
    for readers in reads.values():  # copying and freezing a model's config reads every value: not a use
        readers.discard(CONFIG_FILE)
    return {path: readers for path, readers in reads.items() if readers}


def read_by(reads: dict[str, set[str]], files: set[str]) -> set[str]:
    return {path for path, readers in reads.items() if readers & files}


def disagreements(reference_reads: dict[str, set[str]], real_reads: dict[str, set[str]]) -> list[str]:
    """What the reference's own code reads differently from the real model's own code, in words."""
    ref, real = read_by(reference_reads, REFERENCE_FILES), read_by(real_reads, REAL_FILES)
    shared = read_by(reference_reads, SHARED_FILES) | read_by(real_reads, SHARED_FILES)
    out = []
    for what, paths in (
        ("read by the real model, not by the reference", real - ref - REAL_ONLY),
        ("read by the reference, not by the real model", ref - real),
        ("parameters read by neither model's own code (nor listed as set-up)", ALL_PARAMS - SETUP_PARAMS - ref - real),
        ("set-up parameters the reference reads itself", SETUP_PARAMS & ref),
        ("set-up parameters the shared set-up does not read", SETUP_PARAMS - shared),
        ("levers no code read in these runs (add a scenario)", ALL_LEVERS - ref - real - shared),
    ):
        if paths:
            out.append(f"{what}: {', '.join(sorted(paths))}")
    return out


def merged(runs: list[dict[str, set[str]]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for reads in runs:
        for path, readers in reads.items():
            out[path] |= readers
    return out


@pytest.fixture(scope="module")
def real_reads() -> dict[str, set[str]]:
    return merged([record_reads(AdoptionModel, overrides) for overrides in SCENARIOS])


def test_both_models_read_the_same_parameters(real_reads):
    reference_reads = merged([record_reads(reference.ReferenceModel, overrides) for overrides in SCENARIOS])
    readers = {f for files in (*reference_reads.values(), *real_reads.values()) for f in files}
    assert readers <= REFERENCE_FILES | REAL_FILES | SHARED_FILES, "config read from elsewhere: " + str(
        sorted(readers - REFERENCE_FILES - REAL_FILES - SHARED_FILES)
    )
    problems = disagreements(reference_reads, real_reads)
    assert not problems, "the reference and the real model disagree on the config:\n" + "\n".join(problems)
    assert read_by(real_reads, REAL_FILES) & ALL_PARAMS == ALL_PARAMS - SETUP_PARAMS


def mutated_reference(old: str, new: str) -> tuple[str, ModuleType]:
    """The source of the reference model module with ``old`` replaced by ``new``, and that source run as a
    module under the original file name (so its reads count as the reference's)."""
    path = Path(reference.__file__)
    source = path.read_text()
    assert source.count(old) == 1, old
    source = source.replace(old, new)
    module = ModuleType("reference_mutated")
    module.__file__ = str(path)
    exec(compile(source, str(path), "exec"), module.__dict__)
    return source, module


def test_both_checks_fail_when_a_coefficient_is_written_back_as_a_literal(real_reads):
    """Relief from training written as its default value, 0.05: the number is found, and the
    parameter is reported as read by the real model only."""
    source, module = mutated_reference("a.relief_training * (self.modules_attended", "0.05 * (self.modules_attended")
    assert [found.split(": ")[1] for found in restated_numbers(source)] == ["0.05"]
    reads = merged([record_reads(module.ReferenceModel, overrides) for overrides in SCENARIOS])
    problems = disagreements(reads, real_reads)
    assert problems == ["read by the real model, not by the reference: params.attitude.relief_training"]
