"""Parameter studies: the parameter table as data, a runner that composes the config once, the
archetype mix for samplers, and a SALib problem from the table.

Calibration, sensitivity and exploratory modelling drive the model thousands of times with a few
values changed each time. Composing the Hydra config costs more than a run, so :class:`Runner`
composes and validates once and then applies each call's values to a copy of the typed config,
with the same checks a command-line override gets; its results are identical to
:func:`sim.simulate` with the same settings::

    from sim import Runner, parameters
    runner = Runner("status_quo")
    runner.outcomes({"params.peer_rate": 0.5}, month=24, names=["using_share"], replicates=5)

:func:`parameters` lists every leaf of the config with its default, kind, range, unit, meaning and
source (``docs/parameters.md`` renders the same table). The five archetype shares must sum to 1;
:func:`archetype_shares` maps four free coordinates in [0, 1] to valid shares, and the runner takes
them as ``archetypes.mix.u1`` ... ``u4`` (see ``docs/studies.md``).
"""

from __future__ import annotations

import copy
import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.config import ARCHETYPES, Config, ConfigError, allowed_text, cross_field_errors, freeze, leaves
from sim.run import RESERVED, compile_if_needed, load_config, run_replicates

MIX_KEYS = tuple(f"archetypes.mix.u{k}" for k in range(1, len(ARCHETYPES)))
"""The free coordinates of the archetype mix (:func:`archetype_shares`), accepted by :class:`Runner`."""
MIX = "archetypes.mix"  # names all four coordinates in :func:`salib_problem`

ROLES = {
    "params": "constant",
    "org": "organisation",
    "archetypes": "organisation",
    "run": "setting",
    "package_name": "setting",
    "package_description": "setting",
    "sector": "setting",  # the sector's own settings and constants: they act only in a sector's run
}
"""The role of a parameter, by the first part of its key; every other group is a lever."""

# Units by the end of a key (checked in this order); the rest are read from the meaning or left empty.
_UNIT_SUFFIXES = (
    ("_eur_month", "EUR a month"),
    ("hourly_cost_eur", "EUR an hour"),
    ("_eur", "EUR"),
    ("hours_per_week", "hours a week"),
    ("_hours", "hours"),
    ("_weeks", "weeks"),
    ("_week", "week"),
    ("_months", "months"),
    ("_month", "month"),
)


@dataclass(frozen=True)
class Parameter:
    """One leaf of the config: what it is, what is allowed and where its value comes from."""

    key: str  # dotted, as on the command line
    default: Any  # the value in the composed default config (of the package given to parameters())
    kind: str  # "float", "int", "bool", "str" or "list"
    low: float | None  # the allowed range (None: open)
    high: float | None
    choices: tuple[str, ...] | None  # the allowed values of a text setting
    unit: str  # "" where the meaning says it or there is none
    meaning: str
    source: str  # where the value comes from: "data: ...", "assumption: ...", "setting: ..."
    source_kind: str  # "data", "assumption" or "setting"
    lever: str  # the document the lever or mechanism comes from (no source for the number)
    role: str  # "constant" (params.*), "lever", "organisation" (org.*, archetypes.*) or "setting"

    @property
    def uncertain(self) -> bool:
        """A number of the model not read off data and not a setting: what a calibration or a
        sensitivity analysis varies (mechanism constants and the organisation's traits)."""
        numeric = self.kind in ("float", "int") and self.low is not None and self.high is not None
        return numeric and self.source_kind == "assumption" and self.role in ("constant", "organisation")

    def allowed(self) -> str:
        """What the parameter allows, in words."""
        rng = (self.low, self.high) if self.low is not None or self.high is not None else None
        return allowed_text({"choices": self.choices, "range": rng, "type": self.kind})


def _unit(key: str, meaning: str) -> str:
    leaf = key.rsplit(".", 1)[-1]
    for suffix, unit in _UNIT_SUFFIXES:
        if leaf.endswith(suffix) or leaf == suffix.lstrip("_"):
            return "hours a week" if unit == "hours" and " a week" in meaning else unit
    if "(EUR)" in meaning:
        return "EUR"
    if meaning.lower().startswith("weekly"):
        return "per week"
    return ""


@cache
def _table(package: str) -> dict[str, Parameter]:
    cfg = load_config([f"package={package}"])
    out = {}
    for key, value, meta in leaves(cfg):
        rng = meta.get("range")
        kind = meta["type"] if meta["type"] in ("float", "int", "bool", "str") else "list"
        out[key] = Parameter(
            key=key,
            default=copy.deepcopy(value),
            kind=kind,
            low=None if not rng or rng[0] is None else float(rng[0]),
            high=None if not rng or rng[1] is None else float(rng[1]),
            choices=tuple(meta["choices"]) if meta.get("choices") else None,
            unit=_unit(key, meta["doc"]),
            meaning=meta["doc"],
            source=str(meta["value"]),
            source_kind=meta["value"].kind,
            lever=meta["lever"],
            role=ROLES.get(key.split(".", 1)[0], "lever"),
        )
    return out


def parameters(package: str = "status_quo") -> dict[str, Parameter]:
    """Every leaf of the config, by dotted key, with its default under ``package``.

    >>> p = parameters()["params.peer_rate"]
    >>> (p.kind, p.low, p.high, p.role)
    ('float', 0.0, 5.0, 'constant')
    """
    return dict(_table(package))


def archetype_shares(u: Sequence[float]) -> dict[str, float]:
    """The five archetype shares from four free coordinates in [0, 1] (``archetypes.mix.u1`` ... ``u4``).

    Stick-breaking: the first archetype (in the order of ``sim.config.ARCHETYPES``) takes the share
    ``x1 = 1 - (1 - u1) ** (1 / 4)`` of the whole, the second ``x2 = 1 - (1 - u2) ** (1 / 3)`` of the
    rest, and so on; the last takes what is left. Each ``x_k`` is then Beta(1, 5 - k) distributed
    when ``u_k`` is uniform, so a sampler drawing the four coordinates uniformly from the unit cube
    draws the mix uniformly from all valid mixes (a flat Dirichlet). Every point of the cube gives
    shares that are at least 0 and sum to 1.

    Returns:
        ``{"archetypes.shares.worried": ..., ...}``, to merge into the values given to a runner.
    """
    if len(u) != len(ARCHETYPES) - 1:
        raise ConfigError(f"the archetype mix takes {len(ARCHETYPES) - 1} coordinates, got {len(u)}")
    rest, shares = 1.0, []
    for k, uk in enumerate(u):
        if isinstance(uk, (bool, np.bool_)) or not isinstance(uk, numbers.Real) or not 0.0 <= float(uk) <= 1.0:
            raise ConfigError(f"Invalid '{MIX_KEYS[k]}': {uk!r}; allowed: a number from 0 to 1")  # NaN too
        uk = float(uk)
        x = 1.0 - (1.0 - uk) ** (1.0 / (len(ARCHETYPES) - 1 - k))
        shares.append(rest * x)
        rest -= rest * x
    shares.append(rest)
    return {f"archetypes.shares.{a}": s for a, s in zip(ARCHETYPES, shares, strict=True)}


def check_value(p: Parameter, value: Any) -> Any:
    """The value as the config holds it, or a :class:`ConfigError` naming the key and what is allowed.

    Numbers must be finite and in range; a whole-number setting takes a float only if it is whole
    (samplers give floats: round them); a switch takes only true or false.
    """

    def refuse(why: str = "") -> ConfigError:
        return ConfigError(f"Invalid '{p.key}': {value!r}{why}; allowed: {p.allowed()}")

    if p.kind == "bool":
        if isinstance(value, (bool, np.bool_)):
            return bool(value)
        raise refuse()
    if p.kind in ("float", "int"):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
            raise refuse()
        number = float(value)
        if not math.isfinite(number):
            raise refuse()
        if p.kind == "int":
            if not number.is_integer():
                raise refuse(" is not a whole number")
            number = int(number)
        if (p.low is not None and number < p.low) or (p.high is not None and number > p.high):
            raise refuse()
        return number
    if p.kind == "str":
        if not isinstance(value, str) or (p.choices and value not in p.choices):
            raise refuse()
        return value
    if not isinstance(value, (list, tuple)):
        raise refuse()
    return list(value)


def copied_along(cfg: Config, keys: Iterable[str]) -> Config:
    """A copy of ``cfg`` in which the sections holding ``keys`` (and the sections above them) are new
    objects and every other section is shared: setting those keys on the copy leaves ``cfg`` as it was.
    Cheaper than a deep copy (a model makes its own deep, frozen copy when it is built)."""
    out = copy.copy(cfg)
    done: set[tuple[str, ...]] = set()
    for key in keys:
        node, path = out, ()
        for part in key.split(".")[:-1]:
            path += (part,)
            if path not in done:
                setattr(node, part, copy.copy(getattr(node, part)))
                done.add(path)
            node = getattr(node, part)
    return out


def _whole(x: Any) -> bool:
    """A whole number (numpy's too), not a boolean."""
    return isinstance(x, numbers.Integral) and not isinstance(x, (bool, np.bool_))


def _set(cfg: Config, key: str, value: Any) -> None:
    *path, leaf = key.split(".")
    node = cfg
    for part in path:
        node = getattr(node, part)
    setattr(node, leaf, value)


def with_values(cfg: Config, values: Mapping[str, Any], table: Mapping[str, Parameter] | None = None) -> Config:
    """A copy of a typed config with ``values`` (dotted keys) set, each checked as an override is, and
    the rules between settings checked; ``cfg`` itself is left as it was."""
    table = table if table is not None else _table(cfg.package_name)
    checked = {}
    for key, value in values.items():
        if key in RESERVED:
            raise ConfigError(f"'{key}' is set by the arguments seed= and replicates=, not as a value")
        p = table.get(key)
        if p is None:
            raise ConfigError(f"'{key}' is not a parameter; sim.parameters() lists them all")
        checked[key] = check_value(p, value)
    out = copied_along(cfg, [*checked, "run.seed"])
    for key, value in checked.items():
        _set(out, key, value)
    errors = cross_field_errors(out)
    if errors:
        raise ConfigError("Invalid configuration:\n  - " + "\n  - ".join(errors))
    return out


ENSEMBLE = Path(__file__).resolve().parent / "data" / "ensemble.csv"
"""The shipped calibration ensemble (``python -m sim.calibrate``; its provenance in ``ensemble.json``)."""


def load_ensemble(path: str | Path = "") -> pd.DataFrame:
    """The parameter columns of a calibration ensemble (one row per accepted set), checked.

    Columns that are not parameters (the model's values of the targets, the discrepancy) are
    dropped; every value is checked as an override is. Raises :class:`ConfigError` naming the file,
    the row and the column.
    """
    path = Path(path) if path else ENSEMBLE
    if not path.is_file():
        raise ConfigError(f"run.ensemble: no file {path}; write one with python -m sim.calibrate")
    try:
        df = pd.read_csv(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ConfigError(f"run.ensemble: {path} is not a CSV table ({exc})") from None
    table = _table("status_quo")
    keys = [c for c in df.columns if c in table]
    # besides parameters, python -m sim.calibrate writes the model's values of the targets ("metric@month"),
    # the discrepancy and each point's seed
    unknown = [c for c in df.columns if c not in table and "@" not in c and c not in ("discrepancy", "phase", "seed")]
    if unknown:
        raise ConfigError(f"run.ensemble: {path} has columns that are not parameters: {unknown}")
    bad_kind = [c for c in keys if table[c].kind not in ("float", "int")]
    if bad_kind:
        raise ConfigError(f"run.ensemble: {path}: only numbers can be drawn, not {bad_kind}")
    if not keys or df.empty:
        raise ConfigError(
            f"run.ensemble: {path} has no rows or no parameter columns (dotted keys such as params.peer_rate)"
        )
    for key in keys:
        for i, value in enumerate(df[key].tolist()):
            try:
                check_value(table[key], value.item() if hasattr(value, "item") else value)
            except ConfigError as exc:
                raise ConfigError(f"run.ensemble: {path}, row {i + 2}, column {key}: {exc}") from None
    return df[keys].reset_index(drop=True)


def draw_sets(ensemble: pd.DataFrame, draws: int, seed: int) -> list[dict[str, float]]:
    """``draws`` parameter sets from an ensemble: every row once in a random order, then again in
    another order, and so on (no set repeats before all have been used); the order depends only on
    ``seed`` (a stream of its own, apart from the model's)."""
    rng = np.random.default_rng([seed, 0x5E75])  # not a model stream: replicates keep their draws
    n = len(ensemble)
    rows = np.concatenate([rng.permutation(n) for _ in range(-(-draws // n))])[:draws]
    return [{k: float(v) for k, v in ensemble.iloc[int(i)].items()} for i in rows]


class Runner:
    """Run one package many times with different values, composing its config once.

    Args:
        package: a package of ``conf/package/`` (its levers are the base of every call).
        overrides: further command-line style overrides applied once, e.g. ``["org.size=400"]``.

    Each call's values (dotted keys, as on the command line) are checked like an override and set on
    a copy of the composed config. The first runner of a process compiles the model's loops if they
    are not cached yet, and says so on stderr.

    Raises:
        ConfigError: a bad package or override (at construction) or a bad value (at each call), naming
            the key and what is allowed, before any work starts.
    """

    def __init__(self, package: str = "status_quo", overrides: Sequence[str] = ()) -> None:
        overrides = list(overrides)
        clash = [o for o in overrides if o.lstrip("+~").split("=")[0] in RESERVED]
        if clash:
            raise ConfigError(
                f"Set the seed and the number of replicates per call (seed=..., replicates=...), not {clash}"
            )
        named = [o for o in overrides if o.lstrip("+~").split("=")[0] == "package"]
        if named:
            raise ConfigError(f"name the package as Runner's first argument, not as an override ({named})")
        self.package = package
        self.overrides = tuple(overrides)
        self._base = load_config([f"package={package}", *overrides])
        if not any(o.lstrip("+~").split("=")[0] == "run.mesa_agents" for o in overrides):
            self._base.run.mesa_agents = False  # no agent handles: a study needs the results, which do not change
        # read-only: each call shares every section its values do not touch (copied_along), and its model the rest
        freeze(self._base)
        self._table = _table(package)
        compile_if_needed()

    def config(self, params: Mapping[str, Any] | None = None, *, replicates: int = 1, seed: int = 0) -> Config:
        """The typed config of one call: the base with ``params`` set, checked (a copy of one's own, which may be
        changed)."""
        return copy.deepcopy(self._call(params, replicates=replicates, seed=seed))

    def _call(self, params: Mapping[str, Any] | None, *, replicates: int, seed: int) -> Config:
        """The config of one call, read-only: new sections where ``params`` and the seed are set, the base's own
        (frozen) elsewhere, so that a call makes no deep copy of the whole."""
        params = dict(params or {})
        if not _whole(replicates) or replicates < 1:
            raise ConfigError(f"replicates must be a whole number >= 1, got {replicates!r}")
        if not _whole(seed) or seed < 0:
            raise ConfigError(f"seed must be a whole number >= 0, got {seed!r}")
        mix = [k for k in MIX_KEYS if k in params]
        if mix:
            if len(mix) != len(MIX_KEYS):
                missing = ", ".join(k for k in MIX_KEYS if k not in params)
                raise ConfigError(f"the archetype mix needs all four coordinates; missing: {missing}")
            shares = [k for k in params if k.startswith("archetypes.shares.")]
            if shares:
                raise ConfigError(f"give the archetype mix either as {MIX}.u1-u4 or as shares, not both ({shares})")
            params.update(archetype_shares([params.pop(k) for k in MIX_KEYS]))
        cfg = with_values(self._base, params, self._table)
        cfg.run.seed, cfg.run.replicates = int(seed), int(replicates)
        return freeze(cfg)

    def run(self, params: Mapping[str, Any] | None = None, *, replicates: int = 1, seed: int = 0) -> pd.DataFrame:
        """Tidy monthly results, identical to ``sim.simulate`` with the same package, overrides and values."""
        return run_replicates(self._call(params, replicates=replicates, seed=seed), replicates)

    def outcomes(
        self,
        params: Mapping[str, Any] | None = None,
        *,
        month: int | None = None,
        names: Sequence[str] | None = None,
        replicates: int = 1,
        seed: int = 0,
    ) -> dict[str, float]:
        """Each output's mean over replicates for all employees at ``month`` (default: the last)."""
        last = self._base.run.months
        if month is not None and (not _whole(month) or not 0 <= month <= last):
            raise ConfigError(f"month must be a whole number from 0 to {last}, got {month!r}")
        from sim.outputs import OUTPUTS

        names = list(OUTPUTS) if names is None else list(names)
        unknown = [n for n in names if n not in OUTPUTS]
        if unknown:
            raise ConfigError(f"unknown outcome(s) {unknown}; known: {', '.join(OUTPUTS)}")
        df = self.run(params, replicates=replicates, seed=seed)
        at = df.loc[(df["archetype"] == "all") & (df["month"] == (last if month is None else int(month))), names]
        return {n: float(v) for n, v in at.mean().items()}


def salib_problem(keys: Sequence[str], bounds: Mapping[str, tuple[float, float]] | None = None) -> dict[str, Any]:
    """A SALib problem over ``keys``, bounds from the parameter table unless given.

    ``"archetypes.mix"`` stands for the four coordinates of the archetype mix (each from 0 to 1).
    Whole-number parameters are sampled as floats: round them before a run (the runner refuses a
    fraction). Switches and text settings cannot be sampled this way.
    """
    bounds = dict(bounds or {})
    table = _table("status_quo")
    names, out = [], []
    for key in keys:
        if key == MIX:
            names += list(MIX_KEYS)
            out += [[0.0, 1.0]] * len(MIX_KEYS)
            continue
        p = table.get(key)
        if p is None:
            raise ConfigError(f"'{key}' is not a parameter; sim.parameters() lists them all")
        if p.kind not in ("float", "int"):
            raise ConfigError(f"'{key}' is {p.kind}, not a number: it cannot be sampled")
        lo, hi = bounds.pop(key, (p.low, p.high))
        if lo is None or hi is None or not (math.isfinite(lo) and math.isfinite(hi)) or not lo < hi:
            raise ConfigError(f"'{key}' needs finite bounds low < high (its range: {p.allowed()}); pass bounds={{...}}")
        if (p.low is not None and lo < p.low) or (p.high is not None and hi > p.high):
            raise ConfigError(f"bounds {lo, hi} for '{key}' leave its allowed range: {p.allowed()}")
        names.append(key)
        out.append([float(lo), float(hi)])
    if bounds:
        raise ConfigError(f"bounds given for keys not in the problem: {sorted(bounds)}")
    return {"num_vars": len(names), "names": names, "bounds": out}


def identifier(key: str) -> str:
    """A dotted key as a Python identifier (EMA Workbench's names): dots become double underscores."""
    return key.replace(".", "__")


class _EmaFunction:
    """The function an EMA model calls: values by identifier in, outcomes by identifier out.

    Picklable for EMA's multiprocessing evaluator: each process builds its own runner once, on its
    first call. Every experiment runs the same seeds (common random numbers across experiments: this
    lowers the noise in differences between experiments; it does not remove it).
    """

    def __init__(self, package, overrides, keys, names, month, replicates, seed) -> None:
        self.package, self.overrides, self.keys = package, tuple(overrides), dict(keys)
        self.names, self.month, self.replicates, self.seed = list(names), month, replicates, seed
        self._runner: Runner | None = None

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_runner": None}

    def __call__(self, **values: Any) -> dict[str, float]:
        if self._runner is None:
            self._runner = Runner(self.package, self.overrides)
        params = {self.keys[name]: value for name, value in values.items()}
        out = self._runner.outcomes(
            params, month=self.month, names=self.names, replicates=self.replicates, seed=self.seed
        )
        return {identifier(n): v for n, v in out.items()}


def _ema_parameters(keys, table, ema) -> tuple[list, dict[str, str]]:
    """EMA parameters for the keys (a key, or ``(key, (low, high))`` / ``(key, [choices])`` to narrow it)."""
    out, names = [], {}
    for item in keys:
        key, given = (item, None) if isinstance(item, str) else item
        if key == MIX:
            for k in MIX_KEYS:
                out.append(ema.RealParameter(identifier(k), 0.0, 1.0))
                names[identifier(k)] = k
            continue
        p = table.get(key)
        if p is None:
            raise ConfigError(f"'{key}' is not a parameter; sim.parameters() lists them all")
        name = identifier(key)
        names[name] = key
        if p.kind == "bool":
            out.append(ema.BooleanParameter(name))
        elif p.kind == "str" and p.choices:
            choices = list(given) if given is not None else list(p.choices)
            for c in choices:
                check_value(p, c)
            out.append(ema.CategoricalParameter(name, choices))
        elif p.kind in ("float", "int"):
            (lo, hi) = salib_problem([key], {key: given} if given is not None else None)["bounds"][0]
            if p.kind == "int":
                if math.ceil(lo) > math.floor(hi):
                    raise ConfigError(f"'{key}' takes whole numbers, and none lies from {lo:g} to {hi:g}")
                out.append(ema.IntegerParameter(name, int(math.ceil(lo)), int(math.floor(hi))))
            else:
                out.append(ema.RealParameter(name, lo, hi))
        else:
            raise ConfigError(f"'{key}' ({p.kind}) cannot be an EMA uncertainty or lever")
    return out, names


def ema_model(
    uncertainties: Sequence[Any],
    levers: Sequence[Any] = (),
    outcomes: Sequence[str] = ("regular_share", "high_anxiety_share", "realised_gain_share"),
    *,
    month: int | None = None,
    replicates: int = 1,
    seed: int = 0,
    package: str = "status_quo",
    overrides: Sequence[str] = (),
) -> Any:
    """An ``ema_workbench.Model`` of one package (needs the ``ema`` extra).

    Args:
        uncertainties, levers: dotted keys, each optionally as ``(key, (low, high))`` or ``(key,
            [choices])``; ranges and choices otherwise come from the parameter table;
            ``"archetypes.mix"`` gives the four coordinates of the archetype mix. Names inside EMA
            are identifiers: dots become double underscores (:func:`identifier`).
        outcomes: output names (``sim.outputs.OUTPUTS``), each the mean over ``replicates`` for all
            employees at ``month`` (default: the last month).
        seed: every experiment runs replicates ``0 .. replicates-1`` of this seed, so experiments
            meet the same organisations (common random numbers: differences between experiments carry
            less noise, not none; raise ``replicates`` for more organisations per experiment).
    """
    try:
        import ema_workbench as ema
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("sim.ema_model needs EMA Workbench: pip install -e '.[ema]'") from exc
    runner = Runner(package, overrides)  # checks the package and overrides now, not in a worker
    table = _table(package)
    unc, unc_names = _ema_parameters(uncertainties, table, ema)
    lev, lev_names = _ema_parameters(levers, table, ema)
    from sim.outputs import OUTPUTS

    unknown = [o for o in outcomes if o not in OUTPUTS]
    if unknown:
        raise ConfigError(f"unknown outcome(s) {unknown}; known: {', '.join(OUTPUTS)}")
    last = runner.config().run.months
    if month is not None and (not _whole(month) or not 0 <= month <= last):
        raise ConfigError(f"month must be a whole number from 0 to {last}, got {month!r}")
    if not _whole(replicates) or replicates < 1 or not _whole(seed) or seed < 0:
        raise ConfigError(f"replicates must be a whole number >= 1 and seed >= 0, got {replicates!r} and {seed!r}")
    function = _EmaFunction(package, overrides, {**unc_names, **lev_names}, outcomes, month, replicates, seed)
    model = ema.Model(identifier(package), function=function)
    model.uncertainties = unc
    model.levers = lev
    model.outcomes = [ema.ScalarOutcome(identifier(o)) for o in outcomes]
    return model
