"""Interactive browser view of one organisation (Solara, on Mesa's network space).

Start it from the project folder with ``./view.sh`` (sets up the ``viz`` extra, puts the page's assets in place
once, serves on 127.0.0.1 only) and open the address it prints. The page shows, for one organisation and one
lever package:

- where the organisation is: package, people, month and week of the horizon, people per usage stage;
- the organisation's network, one dot per person coloured by usage stage (never, trying, occasional, regular,
  abandoned) or, on a toggle, by anxiety; leaders are squares; teams lie side by side inside their department;
- use (to some or a large degree) per employee type, month by month: is anyone left behind?
- adoption, anxiety (high anxiety, fear of job loss) and hours saved for the whole organisation;
- in the sidebar: *Reset*, *Play* and *Step*, which moves the number of weeks its label says (1, 4, 13 or 26,
  never past the horizon; play stops at the horizon, *Reset* starts again); the settings (package, organisation
  size, months, seed, and any further setting as Hydra overrides, e.g. ``training.mode=mandatory``), which take
  effect with *Reset*. A bad setting is shown as a message; the page, its controls and the current model stay.

The page is the project's own rather than Mesa's ``SolaraViz``, whose controller steps a render interval its
slider snaps to odd values (Step advanced 5 weeks), runs past the horizon while playing and replaces the page with
a traceback when *Reset* meets a bad setting. The page's scripts and fonts come from the npm registry once, at
set-up (``scripts/view_assets.py``), and are served by the Solara server from the environment: the page needs no
internet when it runs. The ``viz`` extra keeps ipyvue/ipyvuetify below 2 (Vue 2, as the Solara app asks for).

The view does not change the model's results: :class:`VisualModel` is an :class:`~sim.model.AdoptionModel` that
additionally builds a ``mesa.discrete_space.Network`` from the organisation's ties and places the (read-only)
agents on it; the layout is deterministic and draws no random numbers, so the same config and seed give the same
DataCollector results as a plain ``AdoptionModel`` (``tests/test_viz.py`` checks this; ``tests/test_browser.py``
drives the served page in chromium).
"""

from __future__ import annotations

import copy
import functools
import random
import shlex
import threading
import time

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
import solara
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import PercentFormatter
from mesa.discrete_space import Network

from sim.config import ARCHETYPES, STAGES, Config, shipped_packages
from sim.model import AdoptionModel
from sim.organisation import Organisation
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
        # for drawing: positions, the ties as line segments (each once), who leads
        self.layout = team_layout(self.org)
        upper = sp.triu(self.org.adjacency, k=1).tocoo()
        self.edge_segments = np.stack([self.layout[upper.row], self.layout[upper.col]], axis=1)
        self.is_leader = np.zeros(self.org.n, dtype=bool)
        leaders = self.state.team_leader
        self.is_leader[leaders[leaders >= 0]] = True

    def step(self) -> None:
        """One week, as :meth:`AdoptionModel.step`; nothing once the horizon is reached (a page's loop that asks
        for more weeks does not run past it)."""
        if self.week >= self.weeks:
            self.running = False
            return
        super().step()

    @property
    def week(self) -> int:
        """Weeks simulated so far."""
        return int(self.state.week)

    @property
    def month(self) -> int:
        """Months completed so far (the DataCollector's last row)."""
        return int(self.recorder.month)


STEP_CHOICES = (1, 4, 13, 26)  # weeks per Step: a week, about a month, a quarter, half a year
PLAY_PAUSE_S = 0.3  # seconds between two steps while playing
ARCHETYPE_COLOURS = dict(zip(ARCHETYPES, ("#d55e00", "#009e73", "#0072b2", "#cc79a7", "#e69f00"), strict=True))


def network_figure(model: VisualModel, colour_by: str = "usage stage") -> Figure:
    """The organisation's network at its deterministic team layout: people coloured by usage stage (or by anxiety,
    0 to 1), leaders as squares; the legend (or colour bar) beside it, not over it."""
    fig = Figure(figsize=(6.2, 4.6), layout="constrained")
    ax = fig.add_subplot()
    pos = model.layout
    ax.add_collection(LineCollection(model.edge_segments, colors="#555555", alpha=0.12, linewidths=0.4, zorder=1))
    leader = model.is_leader
    size = float(np.clip(8000 / max(model.org.n, 1), 4, 40))
    if colour_by == "anxiety":
        values = model.state.anxiety
        kw = {"c": values, "cmap": "YlOrRd", "vmin": 0.0, "vmax": 1.0}
    else:
        kw = {"c": [STAGE_COLOURS[STAGES[k]] for k in model.state.stage]}
    dots = None
    for mask, marker, scale in ((~leader, "o", 1.0), (leader, "s", 2.0)):
        if mask.any():
            sub = {k: (np.asarray(v)[mask] if k == "c" else v) for k, v in kw.items()}
            dots = ax.scatter(pos[mask, 0], pos[mask, 1], s=size * scale, marker=marker, zorder=2,
                              edgecolors="#333333" if marker == "s" else "none", linewidths=0.6, **sub)  # fmt: skip
    if colour_by == "anxiety" and dots is not None:
        fig.colorbar(dots, ax=ax, shrink=0.7, label="anxiety (0-1)")
        ax.set_title("Organisation: people by anxiety (squares: leaders)", fontsize=10)
    else:
        handles = [
            Line2D([], [], marker="o", linestyle="", color=colour, markersize=6, label=stage)
            for stage, colour in STAGE_COLOURS.items()
        ]
        handles.append(
            Line2D([], [], marker="s", linestyle="", color="white", markeredgecolor="#333333", label="leader")
        )
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
        ax.set_title("Organisation: people by usage stage", fontsize=10)
    ax.set_aspect("equal")
    ax.autoscale()
    ax.set_axis_off()
    return fig


def _monthly(model: VisualModel) -> pd.DataFrame:
    """The months simulated so far (tidy: month, archetype, outputs)."""
    return model.recorder.frame(upto=model.month)


def archetype_figure(model: VisualModel) -> Figure:
    """Use (occasional or regular) per employee type, month by month: is anyone left behind?"""
    fig = Figure(figsize=(5.4, 4.6), layout="constrained")
    ax = fig.add_subplot()
    df = _monthly(model)
    for archetype, colour in ARCHETYPE_COLOURS.items():
        d = df[df["archetype"] == archetype]
        ax.plot(d["month"], d["using_share"], color=colour, lw=2, marker="o", ms=3, label=archetype.replace("_", "-"))
    ax.set_xlim(0, model.cfg.run.months)
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("month")
    ax.set_ylabel("share using AI to some or a large degree")
    ax.set_title("Use per employee type", fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", frameon=False, fontsize=8)
    return fig


def curves_figure(model: VisualModel) -> Figure:
    """Adoption, anxiety and hours saved for the whole organisation, month by month, with readable legends."""
    fig = Figure(figsize=(12, 3.6), layout="constrained")
    axes = fig.subplots(1, 3)
    d = _monthly(model)
    d = d[d["archetype"] == "all"]
    panels = (
        ("Adoption", {"tried_share": "have tried", "using_share": "use to some or a large degree",
                      "regular_share": "use regularly"}, "share of staff", True),
        ("Anxiety", {"high_anxiety_share": "not secure (high anxiety)", "fear_job_loss_share": "fear job loss"},
         "share of staff", True),
        ("Hours saved", {"hours_saved_per_fte_week": "per person and week (as felt)"}, "hours", False),
    )  # fmt: skip
    for ax, (title, columns, ylabel, share) in zip(axes, panels, strict=True):
        for column, label in columns.items():
            ax.plot(d["month"], d[column], lw=2, marker="o", ms=3, label=label)
        ax.set_xlim(0, model.cfg.run.months)
        if share:
            ax.set_ylim(0, 1)
            ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        else:
            ax.set_ylim(bottom=0, top=max(1.0, float(d[list(columns)].max().max()) * 1.1) if len(d) else 1.0)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("month")
        ax.set_ylabel(ylabel)
        ax.grid(alpha=0.3)
        ax.legend(loc="upper left", frameon=False, fontsize=8)
    return fig


def status_text(model: VisualModel) -> str:
    """Where the organisation is now: package, people, month and week of the horizon, people per usage stage."""
    counts = np.bincount(model.state.stage, minlength=len(STAGES))
    rows = " · ".join(f"{stage} **{int(c)}**" for stage, c in zip(STAGES, counts, strict=True))
    return (
        f"**{model.cfg.package_name}**, {model.org.n} people: month {model.month} of {model.cfg.run.months} "
        f"(week {model.week} of {model.weeks})  \n{rows}"
    )


def advance(model: VisualModel, weeks: int) -> int:
    """Step ``model`` by ``weeks`` weeks, never past its horizon; returns the weeks stepped."""
    n = max(0, min(int(weeks), model.weeks - model.week))
    for _ in range(n):
        model.step()
    return n


@solara.component
def ViewPage(model: solara.Reactive[VisualModel]):
    """The page: controls and settings in the sidebar; where the organisation is, the network (by usage stage or
    anxiety), use per employee type and the organisation's curves in the main area.

    *Step* moves the number of weeks its label says (never past the horizon); *Play* steps until the horizon and
    stops there; *Reset* builds a new model from the settings (an error in them is shown as a message, the current
    model and the controls stay)."""
    m = model.value
    settings = solara.use_reactive(dict(m.params))
    weeks = solara.use_reactive(4)
    playing = solara.use_reactive(False)
    error = solara.use_reactive(None)
    colour_by = solara.use_reactive("usage stage")
    shown, set_shown = solara.use_state(0)  # bumped after every step: re-draws the figures

    def step() -> None:
        advance(model.value, weeks.value)
        set_shown(lambda k: k + 1)
        if not model.value.running:
            playing.value = False

    def play_loop() -> None:
        while playing.value and model.value.running:
            time.sleep(PLAY_PAUSE_S)
            if playing.value:
                step()

    solara.use_thread(play_loop, dependencies=[playing.value, model.value])

    def reset() -> None:
        playing.value = False
        try:
            new = VisualModel(**settings.value)
        except Exception as e:  # noqa: BLE001  (a bad setting: say it on the page, keep the page)
            error.value = f"Not reset: {e}"
            return
        error.value = None
        model.value = new
        set_shown(0)

    def setting(key: str):
        return lambda value: settings.set({**settings.value, key: value})

    running = m.running
    with solara.AppBar():
        solara.AppBarTitle("Generative AI adoption")
    with solara.Sidebar(), solara.Column():
        with solara.Card("Run"):
            with solara.Row(justify="space-between"):
                solara.Button("Reset", color="primary", on_click=reset)
                solara.Button(
                    "❚❚ Pause" if playing.value else "▶ Play",
                    color="primary",
                    on_click=lambda: playing.set(not playing.value),
                    disabled=not running,
                )
                solara.Button(
                    f"Step +{weeks.value} weeks" if weeks.value != 1 else "Step +1 week",
                    color="primary",
                    on_click=step,
                    disabled=playing.value or not running,
                )
            solara.Text("Weeks per step")
            solara.ToggleButtonsSingle(value=weeks, values=list(STEP_CHOICES))
            if not running:
                solara.Info(f"The horizon ({m.cfg.run.months} months) is reached: Reset to start again.")
        with solara.Card("Settings"):
            solara.Select("Package", value=settings.value["package"], values=shipped_packages(),
                          on_value=setting("package"))  # fmt: skip
            solara.SliderInt(f"People in the organisation: {settings.value['size']}", value=settings.value["size"],
                             min=100, max=2000, step=100, on_value=setting("size"))  # fmt: skip
            solara.SliderInt(f"Months: {settings.value['months']}", value=settings.value["months"], min=6, max=60,
                             step=6, on_value=setting("months"))  # fmt: skip
            solara.InputInt("Seed", value=settings.value["seed"], on_value=setting("seed"))
            solara.InputText("Further settings (e.g. training.mode=mandatory)", value=settings.value["overrides"],
                             on_value=setting("overrides"), continuous_update=True)  # fmt: skip
            solara.Text("Changed settings take effect with Reset.")
            if error.value:
                solara.Error(error.value)
    with solara.Column():
        solara.Markdown(status_text(m))
        if error.value:
            solara.Error(error.value)
        solara.ToggleButtonsSingle(value=colour_by, values=["usage stage", "anxiety"])
        with solara.Row():
            solara.FigureMatplotlib(network_figure(m, colour_by.value), dependencies=[m, shown, colour_by.value],
                                    format="png")  # fmt: skip
            solara.FigureMatplotlib(archetype_figure(m), dependencies=[m, shown], format="png")
        solara.FigureMatplotlib(curves_figure(m), dependencies=[m, shown], format="png")


def make_page(model: VisualModel | solara.Reactive | None = None):
    """The view's element for ``model`` (a new default :class:`VisualModel` if None). ``model`` may be a
    ``solara.Reactive`` holding the model; *Reset* then puts the new model into it."""
    if not isinstance(model, solara.Reactive):
        model = solara.reactive(model if model is not None else VisualModel())
    return ViewPage(model)


@solara.component
def Page():
    """The app's page (``./view.sh``, or ``solara run sim/viz.py``): one model per browser session."""
    initial = solara.use_memo(VisualModel, dependencies=[])
    model = solara.use_reactive(initial)
    return ViewPage(model)
