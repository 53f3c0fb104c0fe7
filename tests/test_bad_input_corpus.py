"""The corpus of bad input: every case is refused before any work, with a message that names the key, or the
file and row, and what is allowed. Config values go through the same composition the command line uses
(``compose_config``); the command line's translation into one paragraph without a traceback, and the
folders, signals and full disks, are tested in ``tests/test_config.py`` and ``tests/test_faults.py``."""

from __future__ import annotations

import pytest

from sim import ConfigError
from sim.config import OrgColumns, OrgConfig
from sim.organisation import OrganisationFileError, load
from sim.run import compose_config
from tests.conftest import run_cli

# a command line's overrides (space-separated) and what the message must name
CONFIG_CASES = [
    ("leadership.transformation_weight=1.5", ["leadership.transformation_weight", "0 to 1"]),
    ("leadership.transformation_weight=abc", ["leadership.transformation_weight", "0 to 1"]),
    ("training.mode=sometimes", ["training.mode", "none, voluntary, mandatory"]),
    ("rollout.mode=gradual", ["rollout.mode", "big_bang, pilot"]),
    ("run.months=0", ["run.months", "whole number"]),
    ("run.months=2.5", ["run.months", "not a whole number"]),
    ("org.size=-4", ["org.size"]),
    ("communication.hype=-0.1", ["communication.hype"]),
    ("nonsense=1", ["nonsense", "not a known setting"]),
    ("+nonsense=1", ["nonsense", "not a known setting"]),
    ("+leadership.transformation_wieght=0.3", ["transformation_wieght", "not a known setting"]),
    ("org.sizee=5", ["org.sizee", "not a known setting"]),
    ("package=no_such_package", ["no_such_package", "status_quo"]),
    ("org=no_such_org", ["no_such_org", "default"]),
    ("archetypes.shares.worried=0.5", ["archetypes.shares", "sum to 1", "1.3"]),
    ("org.source=files", ["org.employees_file"]),
    ("training.refresh=true training.refresh_interval_weeks=4", ["training.refresh_interval_weeks", "7 weeks"]),
    # NaN and infinities pass every range check unless refused as such
    ("leadership.transformation_weight=nan", ["leadership.transformation_weight", "finite"]),
    ("params.peer_rate=inf", ["params.peer_rate", "finite"]),
    ("communication.hype=-inf", ["communication.hype", "finite"]),
    ("archetypes.shares.worried=nan", ["archetypes.shares.worried", "finite"]),
    ("org.size=nan", ["org.size", "finite"]),
    # switches take true or false only (Hydra would turn 2 into true)
    ("tools.transparent=2", ["tools.transparent", "true or false"]),
    ("tools.transparent=0", ["tools.transparent", "true or false"]),
    ("leadership.directive=yes", ["leadership.directive", "true or false"]),
    ("params.peer_rate=true", ["params.peer_rate", "0 to 5"]),
    ("org.size=1e3", ["org.size", "without a decimal point"]),
    # the run's name becomes part of a folder's name
    ("run.name=../../x", ["run.name", "plain name"]),
    ("run.name=a/b", ["run.name", "plain name"]),
    ("run.name=..", ["run.name", "plain name"]),
    ("run.name=''", ["run.name", "plain name"]),
    # a file that would not be read
    ("org.employees_file=staff.csv", ["org.employees_file", "org.source=files"]),
    ("org.ties_file=ties.csv", ["org.ties_file", "org.source=files"]),
    # more values of the wrong kind, out of range or unknown
    ("run.replicates=0", ["run.replicates"]),
    ("run.replicates=-2", ["run.replicates"]),
    ("run.months=1201", ["run.months", "1,200"]),
    ("run.seed=-1", ["run.seed"]),
    ("org.team_size=0", ["org.team_size"]),
    ("org.mixing=random", ["org.mixing", "network, full"]),
    ("org.source=database", ["org.source", "generated, files"]),
    ("org.unknown_ids=ignore", ["org.unknown_ids", "error, drop"]),
    ("org.rewire_share=1.5", ["org.rewire_share", "0 to 1"]),
    ("superusers.share=-0.05", ["superusers.share"]),
    ("tools.approved=many", ["tools.approved"]),
    ("tools.ease_of_use=nan", ["tools.ease_of_use", "finite"]),
    ("rollout.start_month=-5", ["rollout.start_month"]),
    ("params.value.harvest_share=2", ["params.value.harvest_share", "0 to 1"]),
    ("params.use.capability_floor=inf", ["params.use.capability_floor", "finite"]),
    ("params.exploration.practice_discovery=-0.1", ["params.exploration.practice_discovery"]),
    ("run.packages=[status_quo,no_such]", ["run.packages", "balanced"]),
    ("run.parameter_draws=-1", ["run.parameter_draws"]),
    ("leadership.hands_on=maybe", ["leadership.hands_on", "true or false"]),
    ("rules.human_decides=1", ["rules.human_decides", "true or false"]),
    ("archetypes.shares.critic=-0.1", ["archetypes.shares.critic"]),
    ("run.name=a\\b", ["run.name", "plain name"]),
]


@pytest.mark.parametrize(("override", "names"), CONFIG_CASES)
def test_a_bad_value_is_refused_naming_the_key_and_what_is_allowed(override, names):
    with pytest.raises(ConfigError) as info:
        compose_config(override.split(" "))
    for text in names:
        assert text in str(info.value), (text, str(info.value))


EMPLOYEES = "id,team,role\n1,A,team_leader\n2,A,employee\n"
# employees file, ties file (or None), org settings, what the message must name
ORG_CASES = [
    ("id;team\n1;A\n", None, {}, ["e.csv", "missing column 'role'"]),
    ("id,team,role\n1,A,employee\n1,A,employee\n", None, {}, ["e.csv", "rows 2 and 3", "id 1"]),
    ("id,team,role\na@x.no,A,employee\nA@X.NO,A,employee\n", None, {}, ["rows 2 and 3", "'a@x.no'"]),
    ("id,team,role\n1,A,chief\n", None, {}, ["e.csv", "row 2", "'chief'", "top_management"]),
    ("id,team,role\n1, ,employee\n", None, {}, ["e.csv", "row 2", "'team' is empty"]),
    ("id,team,role,archetype\n1,A,employee,sceptic\n", None, {}, ["row 2", "'sceptic'", "critic"]),
    (EMPLOYEES, "source,target\n1,2\n2,3\n", {}, ["t.csv", "row 3", "target 3", "org.unknown_ids=drop"]),
    (EMPLOYEES, "from,to\n1,2\n", {}, ["t.csv", "missing column 'source'", "org.columns.source=from"]),
    (EMPLOYEES, "a;b\n1;2\n", {"columns": OrgColumns(source="a", target="c")}, ["t.csv", "'c'", "org.columns.target"]),
    ("employee_id,unit,position\n1,A,employee\n", None, {"columns": OrgColumns(id="employee_id", team="unit")},
     ["e.csv", "missing column 'role'", "org.columns.role=employee_id"]),
    ("", None, {}, ["e.csv"]),
    ("id,team,role\n", None, {}, ["e.csv", "no employees"]),
]  # fmt: skip


@pytest.mark.parametrize(("employees", "ties", "settings", "names"), ORG_CASES)
def test_a_malformed_organisation_file_is_refused_naming_the_file_and_row(tmp_path, employees, ties, settings, names):
    (tmp_path / "e.csv").write_text(employees, encoding="utf-8")
    if ties is not None:
        (tmp_path / "t.csv").write_text(ties, encoding="utf-8")
    cfg = OrgConfig(source="files", employees_file=str(tmp_path / "e.csv"),
                    ties_file=str(tmp_path / "t.csv") if ties is not None else "", **settings)  # fmt: skip
    with pytest.raises(OrganisationFileError) as info:
        load(cfg)
    for text in names:
        assert text in str(info.value), (text, str(info.value))


def test_missing_files_are_refused_on_the_command_line_before_any_output(tmp_path):
    for args in (
        ("org.source=files", "org.employees_file=nowhere.csv"),
        ("org.source=files", "org=example_files", "org.ties_file=nowhere.csv"),
    ):
        proc = run_cli(tmp_path, "run=quick", *args)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        assert "nowhere.csv" in proc.stderr and "does not exist" in proc.stderr
    assert not (tmp_path / "runs").exists()


def test_a_model_built_in_python_with_nan_is_refused_naming_the_key():
    from dataclasses import replace

    from sim import AdoptionModel
    from sim.config import Config

    cfg = Config()
    cfg = replace(cfg, params=replace(cfg.params, peer_rate=float("nan")))
    with pytest.raises(ConfigError, match="'params.peer_rate': not a finite number"):
        AdoptionModel(cfg)


def test_a_copy_of_a_checked_config_is_checked_again():
    """A frozen config's numbers are checked once, by the first model built on it (its replicates share it); a copy
    (which can be changed) carries no mark of that check, so NaN set in it is still refused."""
    import copy

    from sim import AdoptionModel
    from sim.config import Config, freeze

    cfg = freeze(Config())
    AdoptionModel(cfg, replicate=0)
    assert cfg._finite  # checked, and marked on the frozen config
    changed = copy.deepcopy(cfg)
    assert not getattr(changed, "_finite", False) and not changed._frozen
    changed.params.peer_rate = float("nan")
    with pytest.raises(ConfigError, match="'params.peer_rate': not a finite number"):
        AdoptionModel(changed)
