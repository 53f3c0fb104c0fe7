"""Config tests: every file composes, bad values fail early and clearly, the docs match the schema."""

from __future__ import annotations

import ast
import re
from dataclasses import is_dataclass
from pathlib import Path

import pytest

from sim import ConfigError, simulate
from sim.config import LEVER_GROUPS, S000, S001, S002, S003, S004, Config, Source, field_meta, shipped_packages
from sim.params import render
from sim.run import CONF_DIR, compose_config
from tests.conftest import leaf_fields, make_cfg, restated_numbers, run_cli

ROOT = Path(__file__).resolve().parent.parent
REQUIRED_GROUPS = ("org", "archetypes", "run", "package", *LEVER_GROUPS)


def group_files():
    for group_dir in sorted(p for p in CONF_DIR.iterdir() if p.is_dir()):
        for f in sorted(group_dir.glob("*.yaml")):
            yield group_dir.name, f.stem


@pytest.mark.parametrize(("group", "name"), list(group_files()))
def test_every_config_file_composes_and_validates(group, name):
    cfg = make_cfg(f"{group}={name}")
    if group == "package":
        assert cfg.package_name == name, "a package file must set package_name to its own name"
        assert cfg.package_description


def test_required_groups_exist_with_defaults():
    for group in REQUIRED_GROUPS:
        assert (CONF_DIR / group).is_dir(), group
    assert (CONF_DIR / "package" / "status_quo.yaml").exists()
    cfg = make_cfg()
    assert cfg.package_name == "status_quo"


def test_stable_key_names_exist_and_keep_their_meaning():
    cfg = make_cfg(
        "org.size=123",
        "archetypes.shares.worried=0.3",
        "archetypes.shares.pragmatist=0.25",
        "leadership.transformation_weight=0.7",
        "training.mode=mandatory",
        "training.refresh=true",
        "superusers.share=0.05",
        "communication.hype=0.9",
        "rollout.mode=pilot",
        "run.months=7",
        "run.replicates=3",
        "run.seed=11",
    )
    assert (cfg.org.size, cfg.archetypes.shares.worried, cfg.leadership.transformation_weight) == (123, 0.3, 0.7)
    assert (cfg.training.mode, cfg.training.refresh, cfg.superusers.share) == ("mandatory", True, 0.05)
    assert (cfg.communication.hype, cfg.rollout.mode, cfg.run.months) == (0.9, "pilot", 7)
    assert (cfg.run.replicates, cfg.run.seed) == (3, 11)


def test_simulate_rejects_bad_input_before_work():
    with pytest.raises(ConfigError, match="training.mode"):
        simulate(["training.mode=daily"])
    with pytest.raises(ConfigError, match="seed"):
        simulate(["run.seed=3"])
    with pytest.raises(ConfigError, match="replicates"):
        simulate(replicates=0)


def test_cli_bad_override_is_one_paragraph_without_traceback(tmp_path):
    proc = run_cli(tmp_path, "leadership.transformation_weight=2")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "leadership.transformation_weight" in proc.stderr and "0 to 1" in proc.stderr
    assert not (tmp_path / "runs").exists(), "no run folder for a rejected config"


def test_cli_refuses_nan_and_a_name_outside_the_runs_folder_before_any_output(tmp_path):
    for bad in ("params.peer_rate=nan", "run.name=../../escaped"):
        proc = run_cli(tmp_path, "run=quick", bad)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        assert bad.split("=")[0] in proc.stderr
    assert not (tmp_path / "runs").exists() and not (tmp_path.parent / "escaped").exists()


def test_a_numeric_run_name_is_a_name():
    assert compose_config(["run.name=2025"]).run.name == "2025"


def test_cli_bad_sweep_value_fails_before_any_job(tmp_path):
    proc = run_cli(tmp_path, "-m", "run=quick", "communication.hype=0.2,1.7")
    assert proc.returncode == 2
    assert "communication.hype" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "multiruns").exists()


# Keys that are not part of the model (run settings, file names, switches for verification): the
# only ones whose value may be marked a setting.
SETTINGS = {
    "package_name",
    "package_description",
    "org.source",
    "org.mixing",
    "org.rewire_share",
    "org.employees_file",
    "org.ties_file",
    "org.unknown_ids",
    *(f"org.columns.{c}" for c in ("id", "team", "role", "archetype", "department", "source", "target", "weight")),
    "params.abandonment",
    "sector.agencies",
    "sector.file",
    "sector.workers",
}
DOCUMENTS = (S000, S001, S002, S003, S004)


def test_every_parameter_has_doc_a_source_for_its_value_and_a_valid_default():
    for path, f, value in leaf_fields(Config()):
        meta = f.metadata
        assert meta.get("doc"), f"{path} has no doc"
        source = meta.get("value")
        assert isinstance(source, Source) and source.kind in ("data", "assumption", "setting"), path
        assert field_meta(path) == dict(meta)
        setting = path in SETTINGS or path.startswith("run.")
        assert (source.kind == "setting") == setting, f"{path}: only run settings and switches are settings"
        rng = meta.get("range")
        if rng:
            lo, hi = rng
            assert (lo is None or value >= lo) and (hi is None or value <= hi), path
        if meta.get("choices"):
            assert value in meta["choices"], path


def test_a_value_from_data_names_its_figure_not_only_the_document_of_the_lever():
    """The value's source is checked, not the lever's: a value marked as data must be read off a
    figure the text gives (the default itself appears in it, beyond the name of its document: a
    seed tag alone, which also names the lever, is no source for a number), and the text must not
    merely repeat the lever's source."""
    data = [(path, f.metadata, v) for path, f, v in leaf_fields(Config()) if f.metadata["value"].kind == "data"]
    assert data, "some values come from data"
    for path, meta, value in data:
        text = meta["value"].text
        for doc in DOCUMENTS:
            text = text.replace(doc, "")
        assert re.search(rf"(?<![\d.]){re.escape(f'{value:g}')}(?![\d])", text), (
            f"{path}: a value from data gives its figure ({value:g}): {meta['value'].text!r}"
        )
        assert meta["value"].text != meta["lever"], f"{path}: the lever's source is not a source for the value"


def test_the_mechanisms_have_no_unnamed_coefficients():
    """Every coefficient of the weekly maths is a parameter: the numbers left in the mechanisms and the
    state are 0, 1 and the count of terms of a mean (the same scan as for the plain-Mesa reference),
    module-level constants with a name, and the numerical guard listed here. ``bits.py`` is left out:
    its numbers are the masks and shifts of a bit count, not coefficients of the model."""
    allowed = {"1e-09"}  # sim/state.py: keeps Beta means inside (0, 1)
    found = []
    for path in [ROOT / "sim" / "state.py", *sorted((ROOT / "sim" / "mechanisms").glob("*.py"))]:
        if path.name == "bits.py":
            continue
        source = path.read_text()
        named = {  # lines of module-level constants with a name (counts of draws, e.g. UNIFORMS = 4)
            f"line {node.lineno}"
            for node in ast.parse(source).body
            if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) and t.id.isupper() for t in node.targets)
        }
        for n in restated_numbers(source):
            line, number = n.split(": ")
            if number not in allowed and line not in named:
                found.append(f"{path.name}: {n}")
    assert not found, "unnamed coefficients (make them parameters in sim/config.py):\n" + "\n".join(found)


def test_the_scan_for_unnamed_coefficients_finds_a_written_back_floor():
    """A floor or a factor written back as a number (a half included) is found."""
    assert restated_numbers("lit = 0.5 + 0.5 * literacy") == ["line 1: 0.5", "line 1: 0.5"]
    assert restated_numbers("x = rate * 2") == ["line 1: 2"]


def test_parameter_table_in_docs_is_current():
    assert (ROOT / "docs" / "parameters.md").read_text() == render(), (
        "docs/parameters.md is stale: run 'python -m sim.params > docs/parameters.md'"
    )


def test_defaults_quoted_in_the_odd_are_the_config_defaults():
    """The ODD writes each formula with its parameters' keys and defaults, e.g. ``params.use.tool_floor
    (0.6)``; a default changed in sim/config.py must be changed there too."""
    cfg = Config()
    quoted = re.findall(r"`?(params\.[a-z_.]*[a-z_])`? \((-?\d+(?:\.\d+)?)\)", (ROOT / "docs" / "ODD.md").read_text())
    assert len(quoted) > 50, "the ODD quotes the defaults of the formulas' parameters"
    wrong = []
    for key, number in quoted:
        node = cfg
        for part in key.split("."):
            node = getattr(node, part, None)
        if node is None:
            wrong.append(f"{key}: no such key")
        elif not is_dataclass(node) and float(number) != float(node):  # a group is named with its part's number
            wrong.append(f"{key}: the ODD says {number}, the config {node}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("group", "name"), list(group_files()))
def test_a_composed_config_converts_as_through_the_schema(group, name):
    """``to_object`` builds the typed config straight from a config composed on the schema: the same values of
    the same types as merging it into the schema and converting (the general path), and the same refusals."""
    from omegaconf import OmegaConf

    from sim.config import _schema, to_object, validate

    composed = compose_config([f"{group}={name}", "run.seed=7", "params.peer_rate=1"])
    validate(composed)
    plain = OmegaConf.to_container(composed, resolve=True)
    general = OmegaConf.to_object(OmegaConf.merge(_schema(), plain))
    direct = to_object(composed)
    assert [(k, type(v), v) for k, _, v in leaf_fields(direct)] == [(k, type(v), v) for k, _, v in leaf_fields(general)]
    broken = compose_config([f"{group}={name}"])
    broken.archetypes.shares.worried = 0.9
    with pytest.raises(ConfigError) as direct_error:
        to_object(broken)
    with pytest.raises(ConfigError) as general_error:
        validate(broken)
    assert str(direct_error.value) == str(general_error.value)


@pytest.mark.parametrize("name", shipped_packages())
def test_a_composed_configs_text_is_its_typed_configs(name):
    """A main job writes its composed package's ``configs/`` file with the text of its own ``config.yaml`` (the
    resolved config composed on the schema) instead of converting the typed config back: the two texts are equal
    for every shipped package, also with a whole number given for a fraction and a list set."""
    from omegaconf import OmegaConf

    from sim.config import to_object
    from sim.job import plain_config, yaml_text

    composed = compose_config([f"package={name}", "params.peer_rate=1", "run.packages=[status_quo,balanced]"])
    assert OmegaConf.get_type(composed) is Config
    resolved = OmegaConf.to_container(composed, resolve=True)
    assert yaml_text(resolved) == yaml_text(plain_config(to_object(composed)))


def test_a_known_container_converts_as_the_config_itself_and_is_left_alone():
    """``to_object(cfg, plain)`` with the config's container converted before (a launcher's, shared between jobs)
    gives the same typed config as converting it anew, shares none of the container's lists or mappings and leaves
    the container as it was, also when the typed config is changed; its refusals are the same."""
    import copy

    from omegaconf import OmegaConf

    from sim.config import to_object

    composed = compose_config(["package=balanced", "run.seed=7", "run.packages=[status_quo,balanced]"])
    plain = OmegaConf.to_container(composed, resolve=True)
    before = copy.deepcopy(plain)
    known, anew = to_object(composed, plain), to_object(composed)
    assert [(k, type(v), v) for k, _, v in leaf_fields(known)] == [(k, type(v), v) for k, _, v in leaf_fields(anew)]
    known.run.packages.append("tools_only")
    assert plain == before
    broken = copy.deepcopy(plain)
    broken["params"]["peer_rate"] = float("nan")
    with pytest.raises(ConfigError, match="params.peer_rate"):
        to_object(composed, broken)


def test_sections_kept_from_job_to_job_are_reused_only_when_given_as_the_same_mapping():
    """``to_object(cfg, plain, kept)``, as a launcher's jobs call it: the same typed config as without ``kept``; a
    section given again as the very mapping it was made from is the same (frozen) object, not checked or built again;
    a section given as another mapping (a job's values changed it) is checked and built anew, its refusal included;
    a refused section given again is refused again."""
    import copy

    from omegaconf import OmegaConf

    from sim.config import freeze, to_object

    composed = compose_config(["package=balanced", "run.seed=7"])
    plain = OmegaConf.to_container(composed, resolve=True)
    kept: dict = {}
    first = freeze(to_object(composed, plain, kept))
    assert [(k, type(v), v) for k, _, v in leaf_fields(first)] == [
        (k, type(v), v) for k, _, v in leaf_fields(to_object(composed))
    ]
    job = dict(plain, run=dict(plain["run"], seed=8))  # the next job: its run section anew, the others shared
    second = to_object(composed, job, kept)
    assert second.params is first.params and second.training is first.training and second.params._frozen
    assert second.run is not first.run and second.run.seed == 8 and first.run.seed == 7
    broken = dict(job, params=copy.deepcopy(plain["params"]))
    broken["params"]["peer_rate"] = float("nan")
    for _ in range(2):  # checked anew; then refused again from what was kept
        with pytest.raises(ConfigError, match="params.peer_rate"):
            to_object(composed, broken, kept)
    assert to_object(composed, job, kept).params is not first.params  # the kept section was replaced by the broken


@pytest.mark.parametrize(
    "line",
    ["run.seed=0", "run.seed=12", "run.seed=-7", "org.size=1000", "run.seed=999999999999999999", "a=5",
     "hydra.launcher.n_jobs=2", "null=1", "true=3", "_x.y_2=40"],
)  # fmt: skip
def test_a_whole_number_line_reads_as_hydras_grammar_reads_it(line):
    """``parse_override`` reads ``key=<whole number>`` without Hydra's grammar: the same Override (type, key, value
    of the same type, package, line) as the grammar gives."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    from sim.config import _WHOLE_NUMBER_LINE, parse_override

    assert _WHOLE_NUMBER_LINE.fullmatch(line)  # the fast reading is the one under test
    fast, grammar = parse_override(line), OverridesParser.create().parse_override(line)
    assert fast == grammar and type(fast.value()) is type(grammar.value())
    assert (
        fast.is_sweep_override() == grammar.is_sweep_override() and fast.get_key_element() == grammar.get_key_element()
    )


@pytest.mark.parametrize(
    "line",
    ["run.seed=012", "run.seed=1_000", "run.seed=+5", "run.seed=-0", "run.seed=1e3", "run.seed=1.0",
     "+run.seed=1", "~run.seed=1", "run.seed@pkg=1", "run.seed=range(0,3)", "run.seed= 1", "run-x.seed=1",
     "run.seed=12345678901234567890", "run..seed=1", "run.seed=", "run.seed=1,2"],
)  # fmt: skip
def test_any_other_line_is_read_by_hydras_grammar_with_its_errors(line):
    """Lines outside the plain form (leading zeros, underscores, a plus sign, exponents, prefixes, packages,
    sweeps, spaces, long numbers) go to Hydra's grammar: its Override or its error."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    from sim.config import _WHOLE_NUMBER_LINE, parse_overrides

    assert not _WHOLE_NUMBER_LINE.fullmatch(line)
    try:
        expected = OverridesParser.create().parse_overrides([line])
    except Exception as exc:  # noqa: BLE001 - the same error, whatever it is
        with pytest.raises(type(exc), match=re.escape(str(exc).splitlines()[0])):
            parse_overrides([line])
    else:
        assert parse_overrides([line]) == expected
