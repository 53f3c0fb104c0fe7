"""The browser visualisation (sim/viz.py), without a browser: skipped when the viz extra is not installed."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from sim import AdoptionModel, load_config
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
    rc.find(ipyvuetify.Btn, children=["Step"]).assert_single()
    assert len(rc.find(ipywidgets.Image)) == 1 and len(rc.find(solara.widgets.VegaLite)) == 3
    assert rc.find(ipyvuetify.Slider, label="People in the organisation").widget.v_model == viz.DEFAULTS["size"]
    rc.close()


def test_visual_model_places_every_agent_on_the_network():
    model = viz.VisualModel(**SMALL)
    renderer = viz.make_renderer(model)
    assert len(model.grid.agents) == len(model.agents) == model.org.n == SMALL["size"]
    assert all(a.cell.coordinate == a.idx for a in model.agents)
    assert model.grid.G.number_of_edges() == model.org.n_ties
    # the renderer draws at the cells' positions: the deterministic team layout, no spring layout
    pos = viz.team_layout(model.org)
    assert np.array_equal(viz.team_layout(model.org), pos)
    assert np.isfinite(pos).all() and len(np.unique(pos.round(9), axis=0)) == model.org.n
    assert all(np.array_equal(renderer.space_drawer.pos[i], pos[i]) for i in range(model.org.n))
    styles = [viz.agent_portrayal(a) for a in model.agents]
    assert {s.color for s in styles} <= set(viz.STAGE_COLOURS.values())


def test_page_renders_headlessly_and_steps_the_model():
    model = viz.VisualModel(**SMALL)
    plain = AdoptionModel(viz.visual_config(**SMALL))
    box, rc = _render(model)
    rc.find(ipyvuetify.Btn, children=["Reset"]).assert_single()
    assert len(rc.find(ipywidgets.Image)) == 1  # the network (matplotlib)
    assert len(rc.find(solara.widgets.VegaLite)) == 3  # adoption, anxiety, hours saved
    packages = rc.find(ipyvuetify.Select).widget
    assert list(packages.items) == shipped_packages() and packages.v_model == SMALL["package"]

    for _ in range(3):  # 4 weeks per click (render interval); months end after weeks 4, 9, 13, ...
        _button(rc, "Step").click()
    assert model.week == 12 and model.month == 2
    assert len(model.datacollector.get_model_vars_dataframe()) == 3
    assert sum("month 2 of 4" in t for t in _templates(box)) == 1  # the stage counts (a Markdown) were re-rendered
    for _ in range(model.week):
        plain.step()
    pd.testing.assert_frame_equal(
        model.datacollector.get_model_vars_dataframe(), plain.datacollector.get_model_vars_dataframe(), check_exact=True
    )
    rc.close()


def test_reset_builds_a_model_from_the_sidebar_settings():
    first = viz.VisualModel(size=100)
    reactive = solara.reactive(first)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. Mesa's "nodes not found in position layout"
        box, rc = _render(reactive)
        people = rc.find(ipyvuetify.Slider, label="People in the organisation").widget
        assert people.v_model == 100  # the sidebar shows the model's settings
        rc.find(ipyvuetify.Slider, label="Months").widget.v_model = 6
        rc.find(ipyvuetify.Select).widget.v_model = "tools_only"
        people.v_model = 200
        _button(rc, "Reset").click()
    model = reactive.value
    assert isinstance(model, viz.VisualModel) and model is not first
    assert model.cfg.package_name == "tools_only" and model.org.n == 200 and model.cfg.run.months == 6
    assert len(model.grid.agents) == 200
    rc.find(ipywidgets.Image).assert_single()
    _button(rc, "Step").click()
    assert model.week == 4 and first.week == 0
    rc.close()


def test_visualising_does_not_change_results():
    model = viz.VisualModel(**SMALL)
    renderer = viz.make_renderer(model)
    plain = AdoptionModel(load_config(SMALL_OVERRIDES))  # the config as any other run composes it
    while model.running:
        model.step()
        renderer.draw_agents()  # what the network component does after a step: read every agent
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


def test_invalid_extra_settings_name_the_key():
    with pytest.raises(ConfigError, match="training.mode"):
        viz.visual_config(overrides="training.mode=sometimes")
