"""The model as Mesa sees it, the simulate() interface and the main job's run folder."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest
import yaml

from analysis.report import FIGURES
from sim import AdoptionModel, simulate
from sim.agents import Employee, Leader
from sim.config import ARCHETYPES, STAGES, shipped_packages
from sim.outputs import GROUPS, OUTPUTS
from tests.conftest import make_cfg, run_cli

DESIGN_OUTPUTS = [
    "tried_share",
    "regular_share",
    "abandoned_share",
    "competence_mean",
    "anxiety_mean",
    "high_anxiety_share",
    "hours_saved_per_fte_week",
    "quality_index",
    "incidents",
    "cost_eur_cum",
    "value_eur_cum",
    "roi",
    "archetype_gap",
]


@pytest.fixture(scope="module")
def model():
    m = AdoptionModel(make_cfg("org.size=300", "run.months=12"))
    m.run()
    return m


def test_agents_are_views_on_the_state_arrays(model):
    agents = list(model.agents)
    assert len(agents) == model.org.n == 300
    assert all(isinstance(a, Employee) for a in agents)
    leaders = model.agents.select(agent_type=Leader)
    assert len(leaders) == int((model.state.team_leader >= 0).sum())
    by_idx = sorted(agents, key=lambda a: a.idx)
    assert [a.stage for a in by_idx] == [STAGES[k] for k in model.state.stage]
    assert [a.archetype for a in by_idx] == [ARCHETYPES[k] for k in model.state.archetype]
    assert np.allclose([a.anxiety for a in by_idx], model.state.anxiety)
    a = by_idx[0]
    model.state.competence[a.idx] = 0.7
    assert a.competence == 0.7 and a.competence_level == "expert"
    model.state.competence[a.idx] = 0.2
    assert a.competence_level == "basic"
    counts = model.agents.groupby("archetype").count()
    assert sum(counts.values()) == 300


def test_agent_use_cases_are_catalogue_ids(model):
    user = next(a for a in model.agents if a.use_cases)
    assert all(isinstance(u, str) and "." in u for u in user.use_cases)
    assert len(user.use_cases) == int(np.bitwise_count(model.state.adopted[user.idx]))


def test_datacollector_holds_the_monthly_organisation_outputs(model):
    dc = model.datacollector.get_model_vars_dataframe()
    assert len(dc) == 13  # months 0..12
    res = model.results()
    all_rows = res[res["archetype"] == "all"].reset_index(drop=True)
    for name in ("tried_share", "regular_share", "anxiety_mean", "incidents"):
        assert np.allclose(dc[name].to_numpy(dtype=float), all_rows[name].to_numpy(dtype=float), equal_nan=True)


def test_the_monthly_collector_collects_what_mesas_datacollector_collects(monkeypatch):
    """The same values, bit for bit, and the same steps; a reporter added later is collected too (as Mesa does)."""
    import mesa

    import sim.model

    cfg = make_cfg("org=small", "run.months=6", "package=balanced")
    fast = AdoptionModel(cfg)
    fast.run()
    monkeypatch.setattr(sim.model, "MonthlyCollector", mesa.DataCollector)
    plain = AdoptionModel(cfg)
    plain.run()
    assert type(plain.datacollector) is mesa.DataCollector and type(fast.datacollector) is not mesa.DataCollector
    got, expected = (m.datacollector.get_model_vars_dataframe() for m in (fast, plain))
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert np.array_equal(got.to_numpy(float).view(np.uint64), expected.to_numpy(float).view(np.uint64))
    assert getattr(fast.datacollector, "_collection_steps", None) == getattr(
        plain.datacollector, "_collection_steps", None
    )
    monkeypatch.undo()
    other = AdoptionModel(cfg)
    other.step()
    other.datacollector._new_model_reporter("people", lambda m: m.org.n)  # as Mesa adds one
    other.run()
    assert other.datacollector.model_vars["people"] == [other.org.n] * 6
    assert other.datacollector.model_vars["regular_share"] == fast.datacollector.model_vars["regular_share"]


def test_model_stops_at_the_horizon(model):
    assert not model.running
    assert model.state.week == 52


def test_run_steps_as_mesa_steps_and_keeps_other_scheduled_events():
    """run() steps the weeks without Mesa's event list when nothing else is scheduled: the results, Mesa's time
    and step count, and the next step's event are those of calling step() week by week; an event scheduled by a
    user still runs, at its time, with results unchanged."""
    cfg = make_cfg("org.size=200", "run.months=6")
    by_run, by_step = AdoptionModel(cfg, replicate=2), AdoptionModel(cfg, replicate=2)
    by_run.run()
    while by_step.running:
        by_step.step()
    results = by_run.results()
    pd.testing.assert_frame_equal(results, by_step.results())
    assert (by_run.time, by_run.steps) == (by_step.time, by_step.steps) == (26, 26)
    assert by_run._default_schedule.next_scheduled_time == by_step._default_schedule.next_scheduled_time == 27
    by_run.step()  # stepping on by hand past the horizon works as before
    by_step.step()
    assert (by_run.time, by_run.steps) == (by_step.time, by_step.steps) == (27, 27)

    with_event = AdoptionModel(cfg, replicate=2)
    seen = []

    def note() -> None:  # Mesa holds a weak reference to it: a named function, kept alive here
        seen.append((with_event.time, with_event.state.week))

    with_event.schedule_event(note, at=10.5)
    with_event.run()
    assert seen == [(10.5, 10)]  # after the week of time 10 (its index 9), before the next
    assert (with_event.time, with_event.steps) == (26, 26)
    pd.testing.assert_frame_equal(with_event.results(), results)

    class Scheduling(AdoptionModel):  # schedules an event from inside its week 3 (time 3)
        def step(self) -> None:
            super().step()
            if self.steps == 3:
                self.schedule_event(self.note, after=0.5)

        def note(self) -> None:
            seen.append((self.time, self.state.week))

    seen.clear()
    during = Scheduling(cfg, replicate=2)
    during.run()
    assert seen == [(3.5, 3)]  # at its time, during the run, not after it
    assert (during.time, during.steps) == (26, 26)
    pd.testing.assert_frame_equal(during.results(), results)


def test_simulate_returns_tidy_monthly_results():
    df = simulate(["org.size=200", "run.months=6"], replicates=3, seed=4)
    assert list(df.columns[:3]) == ["replicate", "month", "archetype"]
    for name in DESIGN_OUTPUTS:
        assert name in df.columns, name
    assert set(df.columns[3:]) == set(OUTPUTS)
    assert len(df) == 3 * 7 * len(GROUPS)
    assert set(df["archetype"].astype(str)) == set(GROUPS)
    assert sorted(df["replicate"].unique()) == [0, 1, 2]
    assert df.groupby(["replicate", "month"], observed=True).size().eq(len(GROUPS)).all()


def test_replicates_differ_and_seeds_differ():
    a = simulate(["org.size=200", "run.months=12"], replicates=2, seed=0)
    b = simulate(["org.size=200", "run.months=12"], replicates=2, seed=1)
    # the whole monthly path of two outputs: a single share of 200 people can coincide by chance (73 of 200 tried
    # by month 12 with seed 0 and seed 1 alike)
    path = lambda df, r: df[(df.archetype == "all") & (df.replicate == r)][["tried_share", "anxiety_mean"]].to_numpy()  # noqa: E731
    assert not np.array_equal(path(a, 0), path(a, 1))
    assert not np.array_equal(path(a, 0), path(b, 0))


def test_replicate_results_do_not_depend_on_how_many_replicates_run():
    few = simulate(["org.size=150", "run.months=6"], replicates=1, seed=3)
    more = simulate(["org.size=150", "run.months=6"], replicates=3, seed=3)
    pd.testing.assert_frame_equal(few, more[more["replicate"] == 0].reset_index(drop=True), check_exact=True)


def test_archetypes_differ_as_the_evidence_says():
    """Status quo, 5 replicates of 1,000 people, month 18: the archetypes of DOMAIN.md §3 order as described."""
    df = simulate(["run.months=18"], replicates=5, seed=0)
    end = df[df["month"] == 18].groupby("archetype", observed=True)[["tried_share", "high_anxiety_share"]].mean()
    tried, anxious = end["tried_share"], end["high_anxiety_share"]
    assert tried["opportunity_seeker"] - tried.drop(["all", "opportunity_seeker"]).max() > 0.2
    assert tried["worried"] < tried["pragmatist"] - 0.1
    assert anxious["worried"] - anxious.drop(["all", "worried"]).max() > 0.2
    assert anxious["opportunity_seeker"] < 0.1


def test_main_job_compares_every_package_and_writes_a_complete_run_folder(tmp_path):
    proc = run_cli(tmp_path, "run=quick", "run.figure=true", "org=small")
    assert proc.returncode == 0, proc.stderr
    folders = list((tmp_path / "runs").iterdir())
    assert len(folders) == 1 and folders[0].name.endswith("_packages")
    folder = folders[0]
    for name in ("config.yaml", "results.parquet", "report.html", *(f"{f}.png" for f in FIGURES)):
        assert (folder / name).stat().st_size > 0, name
    df = pd.read_parquet(folder / "results.parquet")
    assert set(df["package"]) == set(shipped_packages()) and len(shipped_packages()) >= 7
    assert df.groupby("package", observed=True)["replicate"].nunique().eq(2).all() and df["month"].max() == 12
    cfg = yaml.safe_load((folder / "config.yaml").read_text())
    assert cfg["org"]["size"] == 200 and "hydra" not in cfg
    for package in shipped_packages():
        assert package in proc.stdout
    assert "means at month 12" in proc.stdout and "regular use" in proc.stdout and str(folder) in proc.stdout
    assert "[7/7] status_quo: replicate 2/2" in proc.stderr or "replicate 2/2" in proc.stderr


def test_a_package_named_on_the_command_line_runs_alone(tmp_path):
    proc = run_cli(tmp_path, "run=quick", "org=small", "package=balanced")
    assert proc.returncode == 0, proc.stderr
    (folder,) = list((tmp_path / "runs").iterdir())
    df = pd.read_parquet(folder / "results.parquet")
    assert set(df["package"]) == {"balanced"}


def test_main_job_reports_a_malformed_organisation_file_without_traceback(tmp_path):
    (tmp_path / "e.csv").write_text("id,team,role\n1,A,employee\n2,A,chief\n")
    proc = run_cli(tmp_path, "org.source=files", f"org.employees_file={tmp_path / 'e.csv'}")
    assert proc.returncode == 2
    assert "row 3" in proc.stderr and "chief" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "runs").exists()


def test_run_packages_selects_and_runs_the_named_packages(tmp_path):
    proc = run_cli(tmp_path, "run=quick", "org=small", "run.months=6", "run.packages=[balanced]")
    assert proc.returncode == 0, proc.stderr
    (folder,) = list((tmp_path / "runs").iterdir())
    chosen = pd.read_parquet(folder / "results.parquet")
    alone = simulate(["package=balanced", "org=small", "run.months=6"], replicates=2, seed=0)
    pd.testing.assert_frame_equal(chosen.drop(columns="package"), alone, check_exact=True)
    assert (folder / "configs" / "balanced.yaml").exists() and (folder / "run_complete.json").exists()


def test_a_bad_override_for_one_package_fails_before_any_work(tmp_path):
    proc = run_cli(tmp_path, "run=quick", "org=small", "training.refresh_interval_weeks=5")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "with package=" in proc.stderr and "training.refresh_interval_weeks" in proc.stderr
    assert not (tmp_path / "runs").exists()


def test_a_built_model_holds_a_read_only_copy_of_its_config():
    """The compiled loops hold the constants from the start, so a value changed afterwards would reach
    some parts of the week and not others: it raises instead; the caller's config stays writable."""
    cfg = make_cfg("org.size=50")
    model = AdoptionModel(cfg)
    with pytest.raises(AttributeError, match="read-only"):
        model.cfg.params.explore_rate = 5.0
    with pytest.raises(AttributeError, match="read-only"):
        model.cfg.tools.transparent = True
    cfg.params.explore_rate = 5.0  # the caller's own config
    assert model.cfg.params.explore_rate != 5.0
    copied = copy.deepcopy(model.cfg)
    copied.params.explore_rate = 5.0  # a copy is not frozen
    assert AdoptionModel(copied).bound.exploration.params[0]["explore_rate"] == 5.0
    assert AdoptionModel(model.cfg).cfg is model.cfg  # a frozen config is shared: no one can change it

    # with a rollout start, the package's and the status quo's configs are frozen copies; the caller's stays writable
    later = make_cfg("org.size=50", "rollout.start_month=3", "package=balanced")
    model = AdoptionModel(later)
    for held in (model.cfg, model.package_cfg):
        with pytest.raises(AttributeError, match="read-only"):
            held.params.explore_rate = 5.0
    later.params.explore_rate = 5.0
    later.training.start_week = 40
    assert model.package_cfg.params.explore_rate != 5.0 and model.cfg.params.explore_rate != 5.0
    assert model.package_cfg.training.start_week != 40


def test_replicates_of_a_frozen_config_share_it_and_give_the_results_of_a_writable_one(monkeypatch):
    """``run_replicates`` of a read-only config (a main job's own) uses it without copying it: the same results as
    of a writable copy of it, whose caller keeps it writable and unchanged; the read-only one stays read-only."""
    from sim.config import freeze
    from sim.run import run_replicates

    writable = make_cfg("org.size=60", "run.months=4")
    assert writable.run.mesa_agents  # the default: run_replicates turns the handles off on its own copy
    frozen = freeze(copy.deepcopy(writable))
    with monkeypatch.context() as patched:  # no copy of the config is made
        patched.setattr("sim.config.copy.deepcopy", lambda *a, **k: pytest.fail("the frozen config was copied"))
        a = run_replicates(frozen, 2)
    b = run_replicates(writable, 2)
    pd.testing.assert_frame_equal(a, b)
    assert frozen.run.mesa_agents and writable.run.mesa_agents
    with pytest.raises(AttributeError, match="read-only"):
        frozen.params.explore_rate = 5.0
    writable.params.explore_rate = 5.0


def test_state_arrays_traits_and_signals_are_changed_in_place_not_replaced():
    model = AdoptionModel(make_cfg("org.size=50"))
    s = model.state
    for name, value in (("stage", np.zeros(50, dtype=np.int8)), ("signals", None), ("traits", {})):
        with pytest.raises(AttributeError, match="in place"):
            setattr(s, name, value)
    with pytest.raises(AttributeError, match="in place"):
        s.signals.frames = np.zeros(50)
    with pytest.raises(TypeError):
        s.traits["curiosity"] = np.zeros(50)
    s.traits["curiosity"][:] = 0.5  # in place: what the loops see
    assert model.bound.exploration.arrays[0] is s.traits["curiosity"]
    s.week = 3  # scalars may be set
