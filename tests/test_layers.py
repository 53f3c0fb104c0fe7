"""Import layers of ``sim``: config → organisation → state → mechanisms → model → run → entry points.

Every module under ``sim/`` is read with ``ast`` (imports inside functions included) and placed in
a layer by :data:`LAYERS`. A module may import modules of its own or a lower layer only; the
imports between ``sim`` modules form no circle; the library (every module but the entry points)
never imports ``analysis``, not even inside a function. A new module fails
:func:`test_every_module_is_placed` until it is given a layer here.

Imports are the ``import`` and ``from ... import`` statements written in a module; the parent
packages Python runs on the way (``sim/__init__.py`` for any ``sim.x``) are not counted, since
they are not the module's choice.

The code before the layers were cleaned failed three checks, which
:func:`test_the_checks_catch_what_the_old_code_did` replays on its imports: ``sim/jit.py``
(layer 0) imported ``sim.config`` and ``sim.model`` inside ``warm_up``, a higher layer and a
circle jit → model → mechanisms → jit, since every mechanism imports ``sim.jit`` for ``@jit``;
and ``sim/run.py``, the library, imported ``analysis.stats`` and ``analysis.report`` inside
``run_job``.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sim"

CONFIG, ORGANISATION, STATE, MECHANISMS, MODEL, RUN, ENTRY = range(7)
LAYERS: dict[str, tuple[int, str]] = {
    "sim.config": (CONFIG, "the schema, defaults and validation: the base everything reads"),
    "sim.catalogue": (CONFIG, "the packaged tables of tasks and use cases: data, imports nothing of the model"),
    "sim.data": (CONFIG, "holds the packaged data files the catalogue reads; no code"),
    "sim.jit": (CONFIG, "the @jit decorator the mechanisms use; must not import the model it compiles"),
    "sim.organisation": (ORGANISATION, "builds or loads the organisation from its config"),
    "sim.state": (STATE, "the person arrays and random streams, built from config and organisation"),
    "sim.agents": (STATE, "Mesa agents as views onto one person's index; no mechanism needed"),
    "sim.mechanisms": (MECHANISMS, "the package of the weekly mechanisms"),
    "sim.mechanisms.bits": (MECHANISMS, "compiled bit helpers shared by the mechanisms"),
    "sim.mechanisms.environment": (MECHANISMS, "weekly part 1"),
    "sim.mechanisms.leadership": (MECHANISMS, "weekly part 2"),
    "sim.mechanisms.training": (MECHANISMS, "weekly part 3"),
    "sim.mechanisms.exploration": (MECHANISMS, "weekly part 4"),
    "sim.mechanisms.spread": (MECHANISMS, "weekly part 5"),
    "sim.mechanisms.use": (MECHANISMS, "weekly part 6"),
    "sim.mechanisms.attitude": (MECHANISMS, "weekly part 7"),
    "sim.mechanisms.abandonment": (MECHANISMS, "weekly part 8"),
    "sim.outputs": (MODEL, "the monthly recording, weekly part 9 of the model"),
    "sim.weeks": (MODEL, "a stretch of plain weeks, parts 1-9, in one compiled call (AdoptionModel.run)"),
    "sim.model": (MODEL, "the Mesa model: builds the state and steps the mechanisms"),
    "sim.run": (RUN, "the library: composes configs, runs replicates, loads the compiled loops"),
    "sim.study": (RUN, "the library for parameter studies: parameter table, Runner, archetype mix, SALib problem"),
    "sim.sector": (RUN, "the state sector as many agencies: their sizes, decisions and levels, each agency's model"),
    "sim": (RUN, "the package's public face re-exports the library"),
    "sim.job": (ENTRY, "the main job of python -m sim: console table, figures and report (analysis), run folder"),
    "sim.__main__": (ENTRY, "the command line"),
    "sim.launcher": (ENTRY, "runs a sweep's jobs for the Hydra launcher and sweeper of hydra_plugins/sim_sweeps"),
    "sim.viz": (ENTRY, "the browser visualisation (Solara)"),
    "sim.calibration": (ENTRY, "the calibration check, run by a script and a test over the library"),
    "sim.params": (ENTRY, "renders docs/parameters.md (python -m sim.params)"),
    "sim.calibrate": (ENTRY, "the calibration command (python -m sim.calibrate): Optuna search and rejection ensemble"),
    "sim.sensitivity": (ENTRY, "the global sensitivity command (python -m sim.sensitivity) over the study library"),
}
LIBRARY = {name for name, (layer, _) in LAYERS.items() if layer < ENTRY}


def module_name(path: Path, root: Path = ROOT) -> str:
    """``sim/mechanisms/use.py`` -> ``sim.mechanisms.use``; a package's ``__init__.py`` -> the package."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sim_sources(package: Path = PACKAGE) -> dict[str, str]:
    """The source of every module under ``sim/`` by name."""
    paths = sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts)
    return {module_name(p, package.parent): p.read_text() for p in paths}


def imports(name: str, source: str, known: set[str]) -> set[str]:
    """What module ``name`` imports anywhere in ``source``: ``known`` modules, and top-level names of the others.

    ``from sim import jit`` is the module ``sim.jit``, ``from sim.run import simulate`` is ``sim.run``,
    ``from analysis.stats import ranked_table`` is ``analysis``.
    """
    is_package = any(k.startswith(name + ".") for k in known)
    out = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            wanted = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's own package up
                parts = name.split(".") if is_package else name.split(".")[:-1]
                base = ".".join([*parts[: len(parts) - node.level + 1], *([base] if base else [])])
            wanted = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for dotted in wanted:
            parts = dotted.split(".")
            prefixes = [".".join(parts[:k]) for k in range(len(parts), 0, -1)]  # the longest first
            out.add(next((p for p in prefixes if p in known), parts[0]))
    out.discard(name)
    return out


def import_graph(sources: dict[str, str]) -> dict[str, set[str]]:
    known = set(sources)
    return {name: imports(name, source, known) for name, source in sources.items()}


def upward_imports(graph: dict[str, set[str]], layers: dict[str, tuple[int, str]]) -> list[str]:
    """Every import of a module of a higher layer, as readable lines."""
    return [
        f"{name} (layer {layers[name][0]}) imports {target} (layer {layers[target][0]})"
        for name, targets in sorted(graph.items())
        for target in sorted(targets)
        if target in layers and name in layers and layers[target][0] > layers[name][0]
    ]


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Circles of imports among the modules of ``graph``; empty if and only if there is none."""
    found, done = [], set()

    def visit(node: str, path: list[str]) -> None:
        if node in path:
            found.append([*path[path.index(node) :], node])
            return
        if node in done:
            return
        for target in sorted(graph.get(node, ())):
            if target in graph:
                visit(target, [*path, node])
        done.add(node)

    for start in sorted(graph):
        visit(start, [])
    return found


def analysis_imports(graph: dict[str, set[str]], library: set[str]) -> list[str]:
    return [f"{name} imports analysis" for name in sorted(library & set(graph)) if "analysis" in graph[name]]


def test_every_module_is_placed():
    found = set(sim_sources())
    unknown = sorted(found - set(LAYERS))
    assert not unknown, (
        f"new module(s) {unknown}: place each in LAYERS of tests/test_layers.py, with its layer and a one-line reason"
    )
    assert not sorted(set(LAYERS) - found), "LAYERS names modules that no longer exist: remove them"


def test_no_module_imports_a_higher_layer():
    assert upward_imports(import_graph(sim_sources()), LAYERS) == []


def test_no_import_cycle_among_sim_modules():
    assert cycles(import_graph(sim_sources())) == []


def test_the_library_does_not_import_analysis():
    assert analysis_imports(import_graph(sim_sources()), LIBRARY) == []


def test_using_the_library_loads_no_analysis_module():
    """The same at run time: composing and simulating leave ``analysis`` unloaded."""
    code = (
        "import sys, sim; sim.simulate(['org.size=40', 'run.months=1']); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'analysis'))"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_the_checks_catch_what_the_old_code_did():
    """The imports of the code before the clean-up, reduced to what the checks read, fail all three."""
    old = {
        "sim.config": "",
        "sim.jit": "import numba\ndef warm_up():\n    from sim.config import Config\n    from sim.model import AdoptionModel\n",
        "sim.state": "from sim.config import Config\n",
        "sim.mechanisms": "from sim.mechanisms import use\n",
        "sim.mechanisms.use": "from sim.jit import jit\nfrom sim.state import INTENSITY\n",
        "sim.model": "from sim.mechanisms import use\n",
        "sim.run": "from sim import jit\nfrom sim.model import AdoptionModel\n"
        "def run_job():\n    from analysis.stats import ranked_table\n",
    }
    graph = import_graph(old)
    assert graph["sim.jit"] == {"numba", "sim.config", "sim.model"}
    assert graph["sim.run"] == {"sim.jit", "sim.model", "analysis"}
    assert upward_imports(graph, LAYERS) == ["sim.jit (layer 0) imports sim.model (layer 4)"]  # config: same layer
    assert ["sim.jit", "sim.model", "sim.mechanisms.use", "sim.jit"] in cycles(graph)
    assert analysis_imports(graph, LIBRARY) == ["sim.run imports analysis"]
    assert cycles({"sim.a": {"sim.b"}, "sim.b": set()}) == []


def test_no_function_of_the_mechanisms_takes_more_than_12_arguments():
    """Compiled loops take typed records (sim.jit.bind), not long positional lists, in which two swapped
    numbers of the same type would compile silently."""
    too_many = []
    for path in sorted((ROOT / "sim" / "mechanisms").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                a = node.args
                count = len(a.posonlyargs) + len(a.args) + len(a.kwonlyargs) + bool(a.vararg) + bool(a.kwarg)
                if count > 12:
                    too_many.append(f"{path.name}: {node.name} takes {count}")
    assert not too_many, "\n".join(too_many)
