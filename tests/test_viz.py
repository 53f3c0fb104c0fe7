"""The browser visualisation (sim/viz.py), without a browser: skipped when the viz extra is not installed."""

from __future__ import annotations

import warnings

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
import pytest

from sim import AdoptionModel, load_config
from sim.agents import Leader
from sim.config import STAGES, ConfigError, shipped_packages

solara = pytest.importorskip("solara")
ipyvuetify = pytest.importorskip("ipyvuetify")
ipywidgets = pytest.importorskip("ipywidgets")
viz = pytest.importorskip("sim.viz")

SMALL = {"package": "balanced", "size": 200, "seed": 3, "months": 4}
SMALL_OVERRIDES = ["package=balanced", "org.size=200", "run.seed=3", "run.months=4"]


def _button(rc, label: str):
    return rc.find(ipyvuetify.Btn, children=[label]).widget


def _templates(widget, seen=None) -> list[str]:
    """Texts of all Vue templates (Markdown among them) below ``widget``, also inside other templates."""
    seen = set() if seen is None else seen
    if id(widget) in seen:
        return []
    seen.add(id(widget))
    out = []
    template = getattr(widget, "template", None)
    text = getattr(template, "template", template)
    if isinstance(text, str):
        out.append(text)
    for name in widget.keys:
        values = getattr(widget, name)
        values = values if isinstance(values, list | tuple) else [values]
        out += [t for v in values if isinstance(v, ipywidgets.Widget) for t in _templates(v, seen)]
    return out


def _render(model=None):
    """Render the page as ``solara run`` serves it: inside an AppLayout (which shows the sidebar).

    Without a model: the module's ``Page``, what ``solara run sim/viz.py`` serves.
    """

    @solara.component
    def App():
        with solara.AppLayout():
            viz.Page() if model is None else viz.make_page(model)

    return solara.render(App(), handle_error=False)


def test_the_served_page_renders():
    box, rc = _render()
    rc.find(ipyvuetify.Btn, children=["Step +4 weeks"]).assert_single()
    assert len(rc.find(ipywidgets.Image)) == 3  # the network, use per type, the organisation's curves
    assert rc.find(ipyvuetify.Slider, label="People in the organisation: 300").widget.v_model == viz.DEFAULTS["size"]
    rc.close()


def test_visual_model_places_every_agent_on_the_network():
    model = viz.VisualModel(**SMALL)
    assert len(model.grid.agents) == len(model.agents) == model.org.n == SMALL["size"]
    assert all(a.cell.coordinate == a.idx for a in model.agents)
    assert model.grid.G.number_of_edges() == model.org.n_ties == len(model.edge_segments)
    # the deterministic team layout, no spring layout; every tie drawn once between its two people's positions
    pos = viz.team_layout(model.org)
    assert np.array_equal(model.layout, pos)
    assert np.isfinite(pos).all() and len(np.unique(pos.round(9), axis=0)) == model.org.n
    first = model.org.adjacency.tocoo()
    i, j = first.row[first.row < first.col][0], first.col[first.row < first.col][0]
    assert any(np.array_equal(seg, [pos[i], pos[j]]) for seg in model.edge_segments)
    assert model.is_leader.sum() == len([a for a in model.agents if isinstance(a, Leader)])


def test_the_network_is_coloured_by_stage_or_by_anxiety():
    model = viz.VisualModel(**SMALL)
    viz.advance(model, 8)
    by_stage = viz.network_figure(model)
    colours = {tuple(c) for coll in by_stage.axes[0].collections[1:] for c in coll.get_facecolors().round(3)}
    allowed = {tuple(np.round(mcolors.to_rgba(c), 3)) for c in viz.STAGE_COLOURS.values()}
    assert colours <= allowed
    assert [t.get_text() for t in by_stage.axes[0].get_legend().get_texts()] == [*STAGES, "leader"]
    by_anxiety = viz.network_figure(model, "anxiety")
    dots = by_anxiety.axes[0].collections[1]
    assert np.allclose(np.sort(dots.get_array()), np.sort(model.state.anxiety[~model.is_leader]))
    assert len(by_anxiety.axes) == 2  # the colour bar beside the network


def test_page_renders_headlessly_and_steps_the_model():
    model = viz.VisualModel(**SMALL)
    plain = AdoptionModel(viz.visual_config(**SMALL))
    box, rc = _render(model)
    rc.find(ipyvuetify.Btn, children=["Reset"]).assert_single()
    assert len(rc.find(ipywidgets.Image)) == 3
    packages = rc.find(ipyvuetify.Select).widget
    assert list(packages.items) == shipped_packages() and packages.v_model == SMALL["package"]

    for _ in range(3):  # 4 weeks per click, as its label says; months end after weeks 4, 9, 13, ...
        _button(rc, "Step +4 weeks").click()
    assert model.week == 12 and model.month == 2
    assert len(model.datacollector.get_model_vars_dataframe()) == 3
    assert sum("month 2 of 4" in t for t in _templates(box)) == 1  # the status line was re-rendered
    for _ in range(model.week):
        plain.step()
    pd.testing.assert_frame_equal(
        model.datacollector.get_model_vars_dataframe(), plain.datacollector.get_model_vars_dataframe(), check_exact=True
    )
    # the horizon (4 months = 17 weeks): a step of 26 weeks stops there, and Step and Play are then disabled
    weeks = next(  # weeks per step: 1, 4, 13, 26 (its value is the selected one's index)
        w for w in rc.find(ipyvuetify.BtnToggle).widgets if any(b.children == ["26"] for b in w.children)
    )
    weeks.v_model = viz.STEP_CHOICES.index(26)
    _button(rc, "Step +26 weeks").click()
    assert model.week == model.weeks == 17 and not model.running
    assert _button(rc, "Step +26 weeks").disabled and _button(rc, "▶ Play").disabled
    rc.close()


def test_reset_builds_a_model_from_the_sidebar_settings():
    first = viz.VisualModel(size=100)
    reactive = solara.reactive(first)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        box, rc = _render(reactive)
        people = rc.find(ipyvuetify.Slider, label="People in the organisation: 100").widget
        assert people.v_model == 100  # the sidebar shows the model's settings
        rc.find(ipyvuetify.Slider, label="Months: 36").widget.v_model = 6
        rc.find(ipyvuetify.Select).widget.v_model = "tools_only"
        people.v_model = 200
        _button(rc, "Reset").click()
    model = reactive.value
    assert isinstance(model, viz.VisualModel) and model is not first
    assert model.cfg.package_name == "tools_only" and model.org.n == 200 and model.cfg.run.months == 6
    assert len(model.grid.agents) == 200
    _button(rc, "Step +4 weeks").click()
    assert model.week == 4 and first.week == 0
    rc.close()


def test_a_bad_setting_is_a_message_on_the_page_and_the_model_stays():
    model = viz.VisualModel(**SMALL)
    reactive = solara.reactive(model)
    box, rc = _render(reactive)
    rc.find(
        ipyvuetify.TextField, label="Further settings (e.g. training.mode=mandatory)"
    ).widget.v_model = "training.mode=sometimes"
    _button(rc, "Reset").click()
    assert reactive.value is model  # not replaced
    alerts = [" ".join(map(str, a.children)) for a in rc.find(ipyvuetify.Alert).widgets]
    assert alerts and all("Not reset" in a and "'training.mode' is 'sometimes'" in a for a in alerts)
    _button(rc, "Step +4 weeks").click()  # the controls still work
    assert model.week == 4
    rc.close()


def test_visualising_does_not_change_results():
    model = viz.VisualModel(**SMALL)
    plain = AdoptionModel(load_config(SMALL_OVERRIDES))  # the config as any other run composes it
    while model.running:
        model.step()
        viz.network_figure(model)  # what the page draws after a step: read every person
    plain.run()
    assert model.steps == plain.steps and len(model.datacollector.get_model_vars_dataframe()) == SMALL["months"] + 1
    pd.testing.assert_frame_equal(
        model.datacollector.get_model_vars_dataframe(), plain.datacollector.get_model_vars_dataframe(), check_exact=True
    )
    pd.testing.assert_frame_equal(model.results(), plain.results(), check_exact=True)
    assert np.array_equal(model.state.stage, plain.state.stage)
    assert model.rng.bit_generator.state == plain.rng.bit_generator.state
    assert model.random.getstate() == plain.random.getstate()
    assert all(model.streams[k].bit_generator.state == plain.streams[k].bit_generator.state for k in plain.streams)
    assert sorted(a.stage for a in model.grid.agents) == sorted(STAGES[k] for k in plain.state.stage)
    model.step()  # past the horizon: nothing happens
    assert model.week == model.weeks and np.array_equal(model.state.stage, plain.state.stage)


def test_invalid_extra_settings_name_the_key():
    with pytest.raises(ConfigError, match="training.mode"):
        viz.visual_config(overrides="training.mode=sometimes")
