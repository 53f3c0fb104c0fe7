"""Interactive browser visualisation of the model with Mesa's SolaraViz.

Start it from the project folder (after ``pip install -e ".[viz]"``)::

    solara run sim/viz.py

and open the address it prints (http://localhost:8765 by default). The page shows, for one
organisation and one lever package:

- the organisation's network, one dot per person coloured by usage stage (never, trying,
  occasional, regular, abandoned; leaders are squares), laid out team by team inside their
  department;
- the monthly curves from the model's DataCollector: adoption (tried, using, regular share),
  anxiety (mean and high-anxiety share) and hours saved per person and week;
- the current month and week and the number of people in each usage stage;
- in the sidebar: package, organisation size, months, seed, and any further settings as Hydra
  overrides (e.g. ``training.mode=mandatory superusers.share=0.05``). Changed settings take effect
  with *Reset*. *Step* and *play* advance ``render interval`` weeks at a time (default 4, about a
  month; the DataCollector records at month ends).

The first page load fetches the browser assets (the Vuetify app, RequireJS, vue-grid-layout, Vega,
Vega-Lite, Vega-Embed, KaTeX, Mermaid, fonts) from a CDN (jsdelivr) through the Solara server, which
keeps them in the environment's ``share/solara/cdn/``; without internet access the page stays blank
unless they are available offline there (from an earlier online load, or the ``solara-assets``
package of the same version as Solara). The ``viz`` extra keeps ipyvue/ipyvuetify below 2: with 3.x
SolaraViz shows only its sidebar (mesa issue #3806).

The visualisation does not change the model's results: :class:`VisualModel` is an
:class:`~sim.model.AdoptionModel` that additionally builds a ``mesa.discrete_space.Network`` from
the organisation's ties and places the (read-only) agents on it; the layout is deterministic and
draws no random numbers, so the same config and seed give the same DataCollector results as a
plain ``AdoptionModel`` (``tests/test_viz.py`` checks this).
"""

from __future__ import annotations

import copy
import functools
import random
import shlex
import threading

import altair as alt
import networkx as nx
import numpy as np
import solara
from matplotlib.lines import Line2D
from mesa.discrete_space import Network
from mesa.visualization import SolaraViz, SpaceRenderer, make_plot_component
from mesa.visualization.components import AgentPortrayalStyle
from mesa.visualization.space_drawers import NetworkSpaceDrawer
from mesa.visualization.utils import update_counter

from sim.agents import Leader
from sim.config import STAGES, Config, shipped_packages
from sim.model import AdoptionModel
from sim.organisation import Organisation
from sim.outputs import WEEKS_PER_MONTH
from sim.run import load_config

# never, trying, occasional, regular, abandoned: Okabe-Ito colours, readable with colour-vision deficiency
STAGE_COLOURS = dict(zip(STAGES, ("#c8c8c8", "#e69f00", "#56b4e9", "#009e73", "#cc79a7"), strict=True))
GOLDEN_ANGLE = np.pi * (3 - np.sqrt(5))
DEFAULTS = {"package": "status_quo", "size": 300, "seed": 0, "months": 36, "overrides": ""}


def visual_config(
    package: str = "status_quo", size: int = 300, seed: int = 0, months: int = 36, overrides: str = ""
) -> Config:
    """The config of the visualisation: ``conf/`` with the package, size, seed, months and extra overrides.

    ``overrides`` holds Hydra overrides separated by spaces, as on the command line. The Mesa agent
    handles are always created (``run.mesa_agents=true``); they do not change results.
    """
    key = (package, int(size), int(seed), int(months), tuple(shlex.split(overrides or "")))
    return copy.deepcopy(_cached_config(key))


_HYDRA_LOCK = threading.Lock()  # Hydra's global state: one composition at a time (one per browser session)


@functools.lru_cache(maxsize=32)
def _cached_config(key: tuple) -> Config:
    package, size, seed, months, extra = key
    with _HYDRA_LOCK:  # composing takes about a second: Reset with unchanged settings reuses it
        return load_config(
            [f"package={package}", f"org.size={size}", f"run.seed={seed}", f"run.months={months}", *extra]
            + ["run.mesa_agents=true"]
        )


def _spiral(count: int, spacing: float) -> np.ndarray:
    """``count`` points on a sunflower (Vogel) spiral, nearest neighbours about ``1.5 * spacing`` apart."""
    k = np.arange(count)
    r = spacing * np.sqrt(k + 0.5)
    return np.column_stack([r * np.cos(k * GOLDEN_ANGLE), r * np.sin(k * GOLDEN_ANGLE)])


def team_layout(org: Organisation) -> np.ndarray:
    """Positions (n, 2) of the people: each team a disc, the teams of a department around each other.

    Members of a team lie on a small spiral in index order (a generated team's leader, its first
    member, in the middle); teams are grouped by the department of their first member. O(n), no
    random numbers: the same organisation always gets the same picture.
    """
    n = org.n
    if n == 0:
        return np.zeros((0, 2))
    order = np.argsort(org.team, kind="stable")
    sizes = np.bincount(org.team, minlength=org.n_teams)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - starts[org.team[order]]
    pos = _spiral(int(sizes.max()), 1.0)[rank]  # offset of each person from the team's centre

    teams = np.flatnonzero(sizes)
    team_radius = np.sqrt(sizes[teams])
    first_dept = org.department[order[starts[teams]]]
    centre = np.zeros((org.n_teams, 2))
    depts, dept_of = np.unique(first_dept, return_inverse=True)
    dept_centre_offsets = []
    dept_radius = np.empty(depts.size)
    for d in range(depts.size):
        members = np.flatnonzero(dept_of == d)
        spacing = 1.35 * team_radius[members].max()
        centre[teams[members]] = _spiral(members.size, spacing)
        dept_radius[d] = spacing * np.sqrt(members.size) + team_radius[members].max()
        dept_centre_offsets.append(members)
    dept_centre = _spiral(depts.size, 1.35 * dept_radius.max())
    for d, members in enumerate(dept_centre_offsets):
        centre[teams[members]] += dept_centre[d]
    return pos + centre[org.team]


class VisualModel(AdoptionModel):
    """The model as the browser visualisation needs it: parameters as keywords, a Mesa network space.

    Everything of :class:`~sim.model.AdoptionModel` is unchanged. In addition ``model.grid`` is a
    ``mesa.discrete_space.Network`` over the organisation's ties whose cell ``i`` holds the agent of
    person ``i`` (``agent.cell``), at the position given by :func:`team_layout`. Building it draws
    no random numbers from the model's streams, so results equal those of ``AdoptionModel`` on
    :func:`visual_config` with the same arguments.

    Args:
        package: a package in ``conf/package/``.
        size: people in the generated organisation.
        seed: root seed (``run.seed``); replicate 0.
        months: horizon (``run.months``).
        overrides: further Hydra overrides separated by spaces, e.g. ``"training.mode=mandatory"``.
    """

    def __init__(
        self,
        package: str = DEFAULTS["package"],
        size: int = DEFAULTS["size"],
        seed: int = DEFAULTS["seed"],
        months: int = DEFAULTS["months"],
        overrides: str = DEFAULTS["overrides"],
    ) -> None:
        self.params = {"package": package, "size": int(size), "seed": int(seed), "months": int(months)}
        self.params["overrides"] = overrides
        super().__init__(visual_config(**self.params))
        graph = nx.from_scipy_sparse_array(self.org.adjacency)
        layout = {i: xy for i, xy in enumerate(team_layout(self.org))}
        # own generator for the space (used only by the space's random selections, never here)
        self.grid = Network(graph, random=random.Random(0), layout=layout)
        cells = {cell.coordinate: cell for cell in self.grid.all_cells}
        for agent in self.agents:
            agent.cell = cells[agent.idx]
            agent.cell.add_agent(agent)

    @property
    def week(self) -> int:
        """Weeks simulated so far."""
        return int(self.state.week)

    @property
    def month(self) -> int:
        """Months completed so far (the DataCollector's last row)."""
        return int(self.recorder.month)


def _cell_positions(graph: nx.Graph, space: Network) -> dict:
    return {cell.coordinate: cell.position for cell in space.all_cells}


class NetworkRenderer(SpaceRenderer):
    """Mesa's SpaceRenderer drawing a network at its cells' positions.

    Differences from Mesa 3.5's renderer: it uses the positions the ``Network`` was built with
    (Mesa's computes ``nx.spring_layout``, about 4 s at 1,000 nodes, at every *Reset*); its drawer
    follows when the page gives it the space of a new model (on *Reset* Mesa renders the new model
    once with the old renderer, whose layout would not fit); its edge style survives *Reset* (Mesa
    copies a renderer without its drawing options).
    """

    def __init__(self, model, backend: str = "matplotlib") -> None:
        self._space = None
        super().__init__(model, backend=backend)
        self.setup_structure(
            node_kwargs={"node_size": 0},
            edge_kwargs={"alpha": 0.12, "width": 0.4, "style": "-", "edge_color": "#555555"},
        )
        if backend == "matplotlib":  # fits a SolaraViz grid cell (about 600 x 400 px)
            self.canvas.get_figure().set_size_inches(6, 3.9)

    @property
    def space(self):
        return self._space

    @space.setter
    def space(self, value) -> None:
        self._space = value
        drawer = getattr(self, "space_drawer", None)
        if drawer is not None and drawer.space is not value:
            self.space_drawer = self._get_space_drawer()
            self.backend_renderer.space_drawer = self.space_drawer

    def _get_space_drawer(self):
        if isinstance(self.space, Network):
            return NetworkSpaceDrawer(self.space, layout_alg=_cell_positions, layout_kwargs={"space": self.space})
        return super()._get_space_drawer()


def agent_portrayal(agent) -> AgentPortrayalStyle:
    """A person: coloured by usage stage; leaders are larger squares. Dots shrink as the organisation grows."""
    leader = isinstance(agent, Leader)
    size = float(np.clip(8000 / agent.model.org.n, 4, 40))
    return AgentPortrayalStyle(
        color=STAGE_COLOURS[agent.stage],
        marker="s" if leader else "o",
        size=2 * size if leader else size,
        zorder=2,
        edgecolors="#333333" if leader else "none",
        linewidths=0.6 if leader else 0.0,
    )


def _network_legend(ax) -> None:
    handles = [
        Line2D([], [], marker="o", linestyle="", color=colour, markersize=6, label=stage)
        for stage, colour in STAGE_COLOURS.items()
    ]
    handles.append(Line2D([], [], marker="s", linestyle="", color="white", markeredgecolor="#333333", label="leader"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    ax.set_title("Organisation: people by usage stage", fontsize=10)
    ax.set_aspect("equal")


def make_renderer(model: VisualModel) -> NetworkRenderer:
    """The network component's renderer for ``model`` (matplotlib: one image, fine for thousands of people)."""
    renderer = NetworkRenderer(model, backend="matplotlib").setup_agents(agent_portrayal)
    renderer.post_process = _network_legend
    return renderer.render()


def _monthly_axes(title: str, y_title: str, percent: bool):
    """Mesa's plot with the DataCollector's rows as months (whole-month ticks), a title and units."""

    def post_process(chart):
        months = int(chart.data["Step"].max()) if len(chart.data) else 0
        ticks = list(range(0, months + 1, max(1, -(-months // 12))))
        y_axis = alt.Axis(title=y_title, format=".0%") if percent else alt.Axis(title=y_title)
        return chart.encode(
            x=alt.X("Step:Q", axis=alt.Axis(title="month", values=ticks, format="d")),
            y=alt.Y("Value:Q", axis=y_axis),
        ).properties(title=title, width=370, height=250)

    return post_process


ADOPTION_PLOT = make_plot_component(
    {"tried_share": "#e69f00", "using_share": "#56b4e9", "regular_share": "#009e73"},
    backend="altair",
    post_process=_monthly_axes("Adoption", "share of staff", percent=True),
)
ANXIETY_PLOT = make_plot_component(
    {"anxiety_mean": "#0072b2", "high_anxiety_share": "#d55e00"},
    backend="altair",
    post_process=_monthly_axes("Anxiety", "mean (0-1) / share of staff", percent=False),
)
HOURS_PLOT = make_plot_component(
    {"hours_saved_per_fte_week": "#009e73"},
    backend="altair",
    post_process=_monthly_axes("Hours saved", "hours per person and week", percent=False),
)


@solara.component
def StageCounts(model: VisualModel):
    """Where the organisation is now: month, week and people per usage stage."""
    update_counter.get()
    counts = np.bincount(model.state.stage, minlength=len(STAGES))
    rows = " | ".join(f"{stage} **{int(c)}**" for stage, c in zip(STAGES, counts, strict=True))
    solara.Markdown(
        f"**{model.cfg.package_name}**, {model.org.n} people: month {model.month} of {model.cfg.run.months} "
        f"(week {model.week}, {model.week / WEEKS_PER_MONTH:.1f} months)  \n{rows}"
    )


def model_params(model: VisualModel | None = None) -> dict:
    """The sidebar's settings (SolaraViz ``model_params``), showing ``model``'s values (defaults if None)."""
    values = DEFAULTS | (model.params if model is not None else {})
    return {
        "package": {"type": "Select", "value": values["package"], "values": shipped_packages(), "label": "Package"},
        "size": {
            "type": "SliderInt",
            "value": values["size"],
            "min": 100,
            "max": 2000,
            "step": 100,
            "label": "People in the organisation",
        },
        "months": {"type": "SliderInt", "value": values["months"], "min": 6, "max": 60, "step": 6, "label": "Months"},
        "seed": {"type": "InputText", "value": values["seed"], "label": "Seed"},
        "overrides": {
            "type": "InputText",
            "value": values["overrides"],
            "label": "Further settings (e.g. training.mode=mandatory)",
        },
    }


COMPONENTS = [ADOPTION_PLOT, ANXIETY_PLOT, HOURS_PLOT, StageCounts]  # after the network


def make_page(model: VisualModel | solara.Reactive | None = None, renderer: NetworkRenderer | None = None):
    """The SolaraViz element for ``model`` (a new default :class:`VisualModel` if None).

    ``model`` may be a ``solara.Reactive`` holding the model; *Reset* then puts the new model into it.
    """
    model = model if model is not None else VisualModel()
    initial = model.value if isinstance(model, solara.Reactive) else model
    return SolaraViz(
        model,
        renderer if renderer is not None else make_renderer(initial),
        components=COMPONENTS,
        model_params=model_params(initial),
        name="Generative AI adoption",
        play_interval=50,
        render_interval=4,
    )


@solara.component
def Page():
    """The app's page (``solara run sim/viz.py``): one model and renderer per browser session."""
    model = solara.use_memo(VisualModel, dependencies=[])
    renderer = solara.use_memo(lambda: make_renderer(model), dependencies=[model])
    return make_page(model, renderer)
