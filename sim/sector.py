"""The state sector as many agencies (``sector=norway_state``).

Each agency is an organisation of its own (:class:`sim.model.AdoptionModel` with the agency's size and its own
random streams). Above them, an agency-level process decides, month by month from ChatGPT's launch (month 0),

* when each agency takes generative AI into use: a monthly hazard ``1 - exp(-(p + q A) / 12)`` with ``A`` the
  share of agencies that already have (the diffusion of an innovation among organisations, Bass 1969; ``p``
  fitted to seed 000's seven of ten agencies, ``q`` the mean of 213 published fits, Sultan, Farley & Lehmann 1990);
  from that month the run's package is in force (``rollout.start_month``) if the agency follows it (a share
  ``sector.follow_share`` of agencies, one draw an agency), the status quo if not, with the sector's central levers
  on top (a national training offer, central rules, a shared assistant: :func:`agency_config`);
* how far it has come: seed 000's levels, read as nested (explore, own data, integrated in its systems, own
  solutions), one step up at a time with a yearly rate per step fitted to the shares seed 000 reports. From the
  month an agency reaches *integrated*, its people have AI built into their case systems (the AI button,
  ``tools.builtin_week``) unless its package gives it earlier (with ``tools.builtin_with_access``, those who
  have the package's access); the use cases of the 'plans' and 'future' horizons
  need its own data and its own solutions.

The decisions come first (they depend on the agencies, not on their people), then each agency runs. Random
numbers: each agency's decisions draw from a stream of (seed, replicate, agency), its organisation and people from
streams of (seed, replicate, stream, agency) (:func:`sim.state.make_streams`), and generated sizes from a stream of
(seed, agency) alone, so the sector's agencies are the same in every replicate and adding an agency changes no
other agency's draws (through ``A`` it may change their decisions).
"""

from __future__ import annotations

import copy
import hashlib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from sim.config import ARCHETYPES, Config, ConfigError
from sim.outputs import COUNTS, OUTPUTS, WEEKS_PER_MONTH

LEVELS = ("none", "explore", "own_data", "integrated", "own_solutions")
INTEGRATED, OWN_SOLUTIONS = LEVELS.index("integrated"), LEVELS.index("own_solutions")
# spawn keys of the sector's own streams: four entries, unlike any organisation's (two) or agency's (three)
SIZE_KEY, DECISION_KEY, FOLLOW_KEY, COMMUNITY_KEY, PILOT_KEY = 0, 1, 2, 3, 4
NEVER_WEEK = 10_000  # a week beyond any horizon (run.months is at most 1,200 months, 5,200 weeks)
# the month seed 000's agency figures describe (2024: months 13-24 after ChatGPT's launch), as for the employees'
SEED_000_MONTH = 18
# seed 000's agency figures: 7 of 10 agencies use generative AI; 86 %, 48 %, 34 % and 18 % explore, use their own
# data, have it integrated and develop their own solutions, read as nested levels among the agencies that use it
SEED_000_USING = 0.7
SEED_000_LEVELS = (0.86, 0.48, 0.34, 0.18)
WHOLE = re.compile(r"[0-9]+")
MAX_AGENCY = 50_000_000  # as org.size's range


@dataclass(frozen=True)
class Agency:
    """One agency: its key (its random streams), id and name, size (employees) and the traits its file gives
    (:data:`TRAITS`: whether it follows the guidance, is funded, is a member of the community; else drawn)."""

    key: int
    id: str
    name: str
    size: int
    traits: tuple[tuple[str, bool], ...] = ()

    def trait(self, name: str) -> bool | None:
        return dict(self.traits).get(name)


# optional columns of an agencies file, each overriding its draw for the agencies that give it (yes/no, true/false,
# 1/0; empty: drawn as for generated agencies)
TRAITS = ("follows", "funded", "member")
YES, NO = {"yes", "true", "1", "ja"}, {"no", "false", "0", "nei"}


def _stream(seed: int, *key: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))


def agencies(cfg: Config) -> list[Agency]:
    """The sector's agencies: from ``sector.file``, else ``sector.agencies`` of lognormal sizes."""
    sc = cfg.sector
    if sc.file:
        return read_agencies(sc.file)
    out = []
    for k in range(sc.agencies):
        draw = _stream(cfg.run.seed, 0, SIZE_KEY, k, 0).lognormal(math.log(sc.size_median), sc.size_sigma)
        size = int(min(max(round(draw), sc.size_min), sc.size_max))
        out.append(Agency(k, f"A{k + 1:03d}", f"Agency {k + 1}", size))
    return out


def read_agencies(path_text: str | Path, notes: list[str] | None = None) -> list[Agency]:
    """Agencies from a CSV (columns id, name, size), read as the organisation files are (comma, semicolon or tab;
    UTF-8, else Windows-1252, said in ``notes``; found in the working folder or the project folder). A wrong file
    or row raises :class:`ConfigError` naming the file, the row as a spreadsheet shows it (header = row 1, blank
    lines counted) and what is allowed."""
    from sim.organisation import OrganisationFileError, _read_csv, _row, resolve_file

    try:
        path = resolve_file(str(path_text), "sector.file")
        df = _read_csv(path, notes if notes is not None else [])
    except OrganisationFileError as exc:
        raise ConfigError(f"'sector.file': {exc}; allowed: a CSV of the agencies (id, name, size)") from None
    missing = [c for c in ("id", "name", "size") if c not in df.columns]
    if missing or not len(df):
        raise ConfigError(
            f"{path}: {'no agencies' if not len(df) else 'missing column(s) ' + ', '.join(missing)}; allowed: a header "
            "row with id, name and size, then one row an agency"
        )
    out, seen, keys = [], set(), {}
    traits = [t for t in TRAITS if t in df.columns]
    for i, (ident, name, size) in enumerate(zip(df["id"].str.strip(), df["name"].str.strip(),
                                                df["size"].str.strip(), strict=True)):  # fmt: skip
        number = _row(df, i)
        given = []
        for trait in traits:
            text = str(df[trait].iloc[i]).strip().lower()
            if text in YES or text in NO:
                given.append((trait, text in YES))
            elif text not in ("", "nan", "none"):
                raise ConfigError(f"{path}, row {number}: {trait} {df[trait].iloc[i]!r}; allowed: yes or no (true/false, "
                                  "1/0), or empty to draw it")  # fmt: skip
        if not ident or ident in seen:
            raise ConfigError(f"{path}, row {number}: id {ident!r} is {'empty' if not ident else 'repeated'}; "
                              "allowed: a unique id an agency")  # fmt: skip
        if not WHOLE.fullmatch(size) or not 2 <= int(size) <= MAX_AGENCY:
            raise ConfigError(
                f"{path}, row {number}: size {size!r}; allowed: a whole number of employees from 2 to {MAX_AGENCY:,}"
            )
        seen.add(ident)
        # the key from the id, so that an agency keeps its streams when rows are added or reordered
        key = int.from_bytes(hashlib.sha256(ident.encode()).digest()[:8], "big")
        if key in keys:  # two ids with one key would share their streams
            raise ConfigError(f"{path}, row {number}: id {ident!r} has the random streams of id {keys[key]!r}; "
                              "allowed: rename one of the two")  # fmt: skip
        keys[key] = ident
        out.append(Agency(key, ident, name or ident, int(size), tuple(given)))
    return out


def _trait(cfg: Config, sector: list[Agency], replicate: int, key: int, name: str, share: float) -> np.ndarray:
    """The trait ``name`` of each agency: as its file gives it, else drawn (a uniform below ``share``, one an agency
    on a stream of its own, ``key``). The draw is made either way, so that giving one agency's trait, or changing
    ``share``, moves no other draw; a larger share only adds agencies with the trait."""
    out = np.zeros(len(sector), dtype=bool)
    for i, agency in enumerate(sector):
        drawn = _stream(cfg.run.seed, replicate, key, agency.key, 0).random() < share
        given = agency.trait(name)
        out[i] = drawn if given is None else given
    return out


def decide(cfg: Config, sector: list[Agency], replicate: int) -> pd.DataFrame:
    """Each agency's month of taking generative AI into use and of reaching each level (-1: not within the
    horizon), one row an agency."""
    sc, months = cfg.sector, cfg.run.months
    n = len(sector)
    draws = np.array([_stream(cfg.run.seed, replicate, DECISION_KEY, a.key, 0).random((months, 2)) for a in sector])
    reached = np.full((n, len(LEVELS)), -1, dtype=np.int64)  # month each level is reached
    level = np.zeros(n, dtype=np.int64)
    # pilots funded by the ministry: funded agencies take the steps to integrated and own solutions
    # sector.pilot_speedup times as fast
    funded = _trait(cfg, sector, replicate, PILOT_KEY, "funded", sc.pilot_funding)
    base = np.array([sc.level_own_data, sc.level_integrated, sc.level_own_solutions]) / 12
    faster = base * np.array([1.0, sc.pilot_speedup, sc.pilot_speedup])
    for t in range(months):
        using = level > 0
        share = using.mean() if n else 0.0
        # one step up for agencies that took AI into use in an earlier month
        climb = using & (level < len(LEVELS) - 1) & (reached[:, 1] < t)
        step = np.minimum(level, len(base)) - 1
        rate = np.where(climb, np.where(funded, faster[step], base[step]), 0.0)
        moved = climb & (draws[:, t, 1] < -np.expm1(-rate))
        level[moved] += 1
        reached[moved, level[moved]] = t
        hazard = -math.expm1(-(sc.adoption_innovation + sc.adoption_imitation * share) / 12)
        start = ~using & (draws[:, t, 0] < hazard)
        level[start] = 1
        reached[start, 1] = t
    frame = pd.DataFrame({"agency": [a.id for a in sector], "name": [a.name for a in sector],
                          "size": [a.size for a in sector]})  # fmt: skip
    for k, name in enumerate(LEVELS[1:], start=1):
        frame[f"month_{name}"] = reached[:, k]
    frame["funded"] = funded
    # whether the agency takes up the run's package, and whether it is a member of the community of practice
    frame["follows"] = _trait(cfg, sector, replicate, FOLLOW_KEY, "follows", sc.follow_share)
    frame["member"] = _trait(cfg, sector, replicate, COMMUNITY_KEY, "member", sc.community)
    return frame


LEAD_CHOICES = ("largest", "first")  # sector.lead_agency's words; any other value is an agency's id


def lead_agency(cfg: Config, sector: list[Agency], decisions: pd.DataFrame | None = None) -> Agency | None:
    """The sector's lead agency (``sector.lead_agency``), or None: an agency's id; 'largest', the first of the
    largest; 'first', the first to take generative AI into use in this replicate (the most mature, seed 000; the
    largest of those of that month; None if no agency has within the horizon; needs ``decisions``)."""
    wanted = cfg.sector.lead_agency
    if not wanted:
        return None
    if wanted in LEAD_CHOICES and any(a.id == wanted for a in sector):
        raise ConfigError(f"'sector.lead_agency' is {wanted!r}, which is both a choice ({', '.join(LEAD_CHOICES)}) and "
                          "an agency's id; allowed: rename that agency in sector.file")  # fmt: skip
    if wanted == "largest":
        return max(sector, key=lambda a: a.size)  # the first of equals
    if wanted == "first":
        if decisions is None:
            return None  # known once the agencies have decided (checking a config: the word is allowed)
        months = decisions["month_explore"].to_numpy()
        started = [i for i in range(len(sector)) if months[i] >= 0]
        if not started:
            return None
        return sector[min(started, key=lambda i: (months[i], -sector[i].size, i))]
    for agency in sector:
        if agency.id == wanted:
            return agency
    shown = ", ".join(a.id for a in sector[:5]) + (", ..." if len(sector) > 5 else "")
    raise ConfigError(f"'sector.lead_agency' is {wanted!r}, not an agency of the sector; allowed: "
                      f"{', '.join(repr(c) for c in LEAD_CHOICES)} or an id ({shown})")  # fmt: skip


def share_lag(delay_months: float) -> int:
    """Weeks from the end of the week a use case is held proven to the start of the week it is received: the weeks of
    ``delay_months``, plus one (0 months: the next week)."""
    return int(round(delay_months * WEEKS_PER_MONTH)) + 1


def shared_schedule(proven_by_week: np.ndarray, delay_months: int, start_week: int = 0) -> np.ndarray:
    """The lead agency's proven use cases as the other agencies receive them: a use case the lead holds at the end of
    week ``w`` (from its own start week on: before it has taken AI into use it shares nothing) reaches them at the
    start of week ``w + 1 + delay``, ``delay`` the weeks of ``delay_months`` (0: the next week)."""
    held = proven_by_week.copy()
    held[: max(start_week, 0)] = 0
    out = np.zeros_like(held)
    lag = share_lag(delay_months)
    if lag < len(out):
        out[lag:] = held[: len(out) - lag]
    return out


def agency_config(cfg: Config, agency: Agency, row: pd.Series) -> Config:
    """The agency's config, in force from the month it takes AI into use (before it: the status quo; never within the
    horizon: the status quo throughout):

    * its size;
    * the run's package if the agency follows it (``row["follows"]``), else every lever at its default;
    * the sector's central levers on top: the national training offer where the agency trains no one, the central
      rules where its own are less clear, the shared assistant;
    * its levels: the AI button from the month it reaches *integrated* (unless its package gives it sooner); the
      use cases of the 'plans' horizon not before it uses AI on its own data, those of the 'future' horizon not
      before it develops its own solutions (each also not before the calendar week of ``tools``).
    """
    from sim.model import status_quo_levers

    sc = cfg.sector
    out = copy.deepcopy(cfg) if bool(row["follows"]) else status_quo_levers(cfg)
    out.org.size = agency.size
    out.run.mesa_agents = False  # no one sees them here; results do not depend on them
    start = int(row["month_explore"])
    out.rollout.start_month = start if start >= 0 else cfg.run.months + 1
    if sc.national_training != "none" and out.training.mode == "none":
        out.training.mode, out.training.format = "voluntary", sc.national_training
    # central rules, from the agency's start, where it has none or less clear ones of its own
    if sc.rules_clarity > 0 and (out.rules.guidelines_week < 0 or out.rules.clarity < sc.rules_clarity):
        out.rules.clarity, out.rules.guidelines_week = sc.rules_clarity, 0
    if sc.shared_assistant:
        out.tools.approved = "few"
    integrated = int(row["month_integrated"])
    if integrated >= 0:
        # counted from the rollout's start week (from_rollout adds it back): the month's own first week
        week = int(round(integrated * WEEKS_PER_MONTH)) - int(round(start * WEEKS_PER_MONTH))
        if out.tools.builtin_week < 0 or week < out.tools.builtin_week:
            out.tools.builtin_week = week
    # calendar weeks (from_rollout leaves them): the horizon's use cases need the agency's data and solutions
    for key, level in (("plans_week", "own_data"), ("future_week", "own_solutions")):
        month = int(row[f"month_{level}"])
        reached = int(round(month * WEEKS_PER_MONTH)) if month >= 0 else NEVER_WEEK
        setattr(out.tools, key, max(getattr(cfg.tools, key), reached))
    return out


def level_by_month(row: pd.Series, months: np.ndarray) -> np.ndarray:
    """The agency's level at the end of each month (1-based months: month m holds the decisions of months
    0 to m - 1)."""
    out = np.zeros(len(months), dtype=np.int64)
    for k, name in enumerate(LEVELS[1:], start=1):
        when = int(row[f"month_{name}"])
        if when >= 0:
            out[months > when] = k
    return out


class SectorRun(NamedTuple):
    """One replicate of the sector (:func:`run_sector`)."""

    #: a row per agency and month: agency, month, size, level, follows and the outputs of its whole organisation
    agencies: pd.DataFrame
    #: a row per agency: the months of :func:`decide` and whether it follows the package
    decisions: pd.DataFrame
    #: a row per month and archetype: the sector's people of that archetype (:data:`ARCHETYPE_OUTPUTS`)
    archetypes: pd.DataFrame


# per-person means and shares, reported per archetype over the whole sector (weighted by the agencies' headcounts)
ARCHETYPE_OUTPUTS = (
    "tried_share",
    "using_share",
    "regular_share",
    "abandoned_share",
    "competence_mean",
    "anxiety_mean",
    "high_anxiety_share",
    "fear_job_loss_share",
    "hours_saved_per_fte_week",
    "realised_gain_share",
)


def run_sector(
    cfg: Config, replicate: int = 0, progress: Callable[[int, int], None] | None = None, workers: int = 1
) -> SectorRun:
    """One replicate of the sector: per agency and month, per agency's decisions, per archetype and month.

    With ``workers`` above 1 the agencies run on that many worker processes, in chunks, with the same results (each
    agency's streams are its own; sums over agencies are taken in the agencies' order).
    """
    sector = agencies(cfg)
    decisions = decide(cfg, sector, replicate)
    items = [(agency, row) for agency, (_, row) in zip(sector, decisions.iterrows(), strict=True)]
    parts: list[tuple[pd.DataFrame, np.ndarray]] = []
    total = len(items)
    lead, shared = lead_agency(cfg, sector, decisions), None
    members = decisions["member"].to_numpy(dtype=bool)
    if members.any():  # a community of practice: the agencies run week by week side by side, in this process
        parts = _run_side_by_side(cfg, replicate, items, sector.index(lead) if lead else None, members, progress)[0]
        items = []
    elif lead is not None:  # the lead agency first: the others receive what it proves
        at = sector.index(lead)
        lead_part, proven, start = _run_agency(cfg, replicate, *items[at])
        shared = shared_schedule(proven, cfg.sector.share_delay_months, start)
        items = items[:at] + items[at + 1 :]
        if progress is not None:
            progress(1, total)
    ahead = total - len(items)  # the lead, done
    if items and workers > 1 and len(items) > 1:
        from joblib import Parallel, delayed

        size = max(1, math.ceil(len(items) / (4 * workers)))  # a few chunks a worker, so that they end together
        chunks = [items[i : i + size] for i in range(0, len(items), size)]
        results = Parallel(n_jobs=workers, backend="loky", return_as="generator")(
            delayed(_run_agencies)(cfg, replicate, chunk, shared) for chunk in chunks
        )
        for done in results:
            parts += done
            if progress is not None:
                progress(ahead + len(parts), total)
    else:
        for agency, row in items:
            parts += _run_agencies(cfg, replicate, [(agency, row)], shared)
            if progress is not None:
                progress(ahead + len(parts), total)
    if lead is not None and not members.any():
        parts.insert(at, lead_part)
    table = pd.concat([df for df, _ in parts], ignore_index=True)
    table["agency"] = pd.Categorical(table["agency"], categories=[a.id for a in sector])
    sums = np.zeros_like(parts[0][1])
    for _, part in parts:  # in the agencies' order, whatever the workers
        sums += part
    months, kinds = sums.shape[:2]
    with np.errstate(invalid="ignore", divide="ignore"):
        means = sums[:, :, 1:] / sums[:, :, :1]
    archetypes = pd.DataFrame(
        {
            "replicate": replicate,
            "month": np.repeat(np.arange(months), kinds),
            "archetype": pd.Categorical(np.tile(ARCHETYPES, months), categories=ARCHETYPES),
            "headcount": sums[:, :, 0].reshape(-1).astype(np.int64),
            **{name: means[:, :, i].reshape(-1) for i, name in enumerate(ARCHETYPE_OUTPUTS)},
        }
    )
    decisions["lead"] = decisions["agency"] == (lead.id if lead is not None else None)
    return SectorRun(table.assign(replicate=replicate), decisions.assign(replicate=replicate), archetypes)


def _run_agencies(
    cfg: Config, replicate: int, items: list[tuple[Agency, pd.Series]], shared: np.ndarray | None = None
) -> list[tuple[pd.DataFrame, np.ndarray]]:
    """Each agency's organisation over the horizon (:func:`_run_agency`), receiving ``shared`` use cases."""
    return [_run_agency(cfg, replicate, agency, row, shared)[0] for agency, row in items]


def _run_agency(
    cfg: Config, replicate: int, agency: Agency, row: pd.Series, shared: np.ndarray | None = None
) -> tuple[tuple[pd.DataFrame, np.ndarray], np.ndarray, int]:
    """The agency's organisation over the horizon: :func:`_agency_outputs`; its proven use cases at the end of each
    week; the week its package starts."""
    model = _agency_model(cfg, replicate, agency, row, shared)
    model.run()
    return _agency_outputs(model, agency, row), model.proven_by_week, model.start_week


def _agency_model(cfg: Config, replicate: int, agency: Agency, row: pd.Series, shared: np.ndarray | None = None):
    """The agency's organisation (:class:`sim.model.AdoptionModel`), receiving the ``shared`` use cases."""
    from sim.model import AdoptionModel

    return AdoptionModel(agency_config(cfg, agency, row), replicate=replicate, agency=agency.key,
                         shared_proven=shared)  # fmt: skip


def _agency_outputs(model, agency: Agency, row: pd.Series) -> tuple[pd.DataFrame, np.ndarray]:
    """An agency's run: its monthly outputs (the whole organisation's) and level, and per month and archetype its
    headcount and the headcount times each of :data:`ARCHETYPE_OUTPUTS` (0 where it has no one of the archetype).
    Read straight off the model's monthly record (the numbers of ``model.results()``, without its tidy table of
    every group: a tenth of an agency's time)."""
    table = model.recorder.table  # months x groups (the organisation, then each archetype) x outputs
    months = table.shape[0]
    whole = table[:, 0, :]
    level = level_by_month(row, np.arange(months))
    sc = model.package_cfg.sector  # one-off costs of the levels reached (integrated in its systems, own solutions)
    df = pd.DataFrame(
        {
            "agency": np.full(months, agency.id, dtype=object),
            "month": np.arange(months),
            "size": np.full(months, agency.size),
            "level": level,
            "follows": np.full(months, bool(row["follows"])),
            **{name: whole[:, i].astype(np.int64) if name in COUNTS else whole[:, i] for i, name in enumerate(OUTPUTS)},
            "level_cost_eur_cum": np.where(level >= INTEGRATED, sc.cost_integrated_eur, 0.0)
            + np.where(level >= OWN_SOLUTIONS, sc.cost_own_solutions_eur, 0.0),
        }
    )
    kinds = table[:, 1:, :]  # months x archetypes (in ARCHETYPES' order) x outputs
    column = {name: i for i, name in enumerate(OUTPUTS)}
    count = kinds[:, :, column["headcount"]].astype(np.int64).astype(np.float64)[:, :, None]
    values = kinds[:, :, [column[name] for name in ARCHETYPE_OUTPUTS]]
    weighted = np.where(count > 0, np.nan_to_num(values) * count, 0.0)
    return df, np.concatenate([count, weighted], axis=2)


def _run_side_by_side(
    cfg: Config,
    replicate: int,
    items: list[tuple[Agency, pd.Series]],
    lead_at: int | None,
    members: np.ndarray,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[tuple[pd.DataFrame, np.ndarray]], list[np.ndarray], list[int]]:
    """The agencies week by week side by side, for a community of practice (``sector.community``): before each week,
    every member receives the use cases every member held proven at the end of week ``w - 1 - delay`` (each from
    its own start on), and every agency but the lead those the lead held then; each receives them from its own start
    (:class:`sim.model.AdoptionModel`'s ``shared_proven``). Returns each agency's outputs, its proven use cases by
    week and its start week, in the agencies' order."""
    from sim.outputs import month_end_weeks

    n = len(items)
    lag = share_lag(cfg.sector.share_delay_months)
    weeks = int(month_end_weeks(cfg.run.months)[-1])
    receives = [bool(members[i]) or (lead_at is not None and i != lead_at) for i in range(n)]
    shared = [np.zeros(weeks, dtype=np.uint64) if receives[i] else None for i in range(n)]
    models = [_agency_model(cfg, replicate, a, row, shared[i]) for i, (a, row) in enumerate(items)]
    shown = 0
    for week in range(weeks):
        source = week - lag
        if source >= 0:
            held = np.array([m.proven_by_week[source] if source >= m.start_week else 0 for m in models], np.uint64)
            union = np.bitwise_or.reduce(held[members]) if members.any() else np.uint64(0)
            led = held[lead_at] if lead_at is not None else np.uint64(0)
            for i in range(n):
                if shared[i] is not None:
                    shared[i][week] = (union if members[i] else 0) | (led if i != lead_at else 0)
        for model in models:
            model.step()
        done = n * (week + 1) // weeks  # agencies' worth of work done
        if progress is not None and done > shown:
            shown = done
            progress(done, n)
    parts = [_agency_outputs(m, a, row) for m, (a, row) in zip(models, items, strict=True)]
    return parts, [m.proven_by_week for m in models], [m.start_week for m in models]


def summary(table: pd.DataFrame) -> pd.DataFrame:
    """The sector by replicate and month: shares of agencies at each level or above, of agencies with anyone in
    regular use, of employees in regular use and using AI to some or a large degree (occasional or regular), and the
    spread of regular use across agencies (10th, 50th and
    90th percentile)."""
    g = table.groupby(["replicate", "month"], observed=True)
    out = pd.DataFrame({f"agencies_{name}": g["level"].apply(lambda x, k=k: (x >= k).mean())
                        for k, name in enumerate(LEVELS[1:], start=1)})  # fmt: skip
    out["agencies_any_regular"] = g["regular_share"].apply(lambda x: (x > 0).mean())
    out["levels_cost_eur_cum"] = g["level_cost_eur_cum"].sum()
    staff = g["size"].sum()
    for column, name in (("regular_share", "employees_regular"), ("using_share", "employees_using")):
        weighted = table.assign(w=table[column] * table["size"]).groupby(["replicate", "month"], observed=True)
        out[name] = weighted["w"].sum() / staff
    for q in (0.1, 0.5, 0.9):
        out[f"regular_share_q{int(q * 100)}"] = g["regular_share"].quantile(q)
    return out.reset_index()


def expected_shares(sc, month: int = SEED_000_MONTH) -> tuple[float, list[float]]:
    """The agency-level process of :func:`decide` in expectation, many agencies: the share of agencies using
    generative AI by the end of ``month``, and the shares of those at each level from *own data* up (``sc``: a
    :class:`sim.config.SectorConfig`)."""
    share, cohorts = 0.0, []
    for _ in range(month):
        new = (1 - share) * -math.expm1(-(sc.adoption_innovation + sc.adoption_imitation * share) / 12)
        cohorts.append(new)
        share += new
    steps = [-math.expm1(-r / 12) for r in (sc.level_own_data, sc.level_integrated, sc.level_own_solutions)]
    at = np.zeros(len(LEVELS) - 1)  # adopters by level, explore .. own solutions
    for t, new in enumerate(cohorts):
        dist = np.zeros(len(LEVELS) - 1)
        dist[0] = 1.0
        for _ in range(month - 1 - t):  # one chance to move up in each later month
            moved = dist[:-1] * steps
            dist[:-1] -= moved
            dist[1:] += moved
        at += new * dist
    above = np.cumsum(at[::-1])[::-1] / share if share else np.zeros_like(at)
    return share, [float(x) for x in above[1:]]


def fit_sector(sc) -> dict[str, float]:
    """The constants of the agency-level process that reproduce seed 000's agency figures in expectation
    (:func:`expected_shares` at :data:`SEED_000_MONTH`): the coefficient of innovation for 7 of 10 agencies using
    generative AI (with the coefficient of imitation as given), then each level's rate for its share of the
    agencies that use it, in order; each rounded to two significant figures (as shipped) before the next is fitted."""
    from dataclasses import replace

    from scipy.optimize import brentq

    innovation = brentq(lambda x: expected_shares(replace(sc, adoption_innovation=x))[0] - SEED_000_USING, 1e-6, 100)
    out = replace(sc, adoption_innovation=_two_figures(innovation))
    explore = SEED_000_LEVELS[0]
    for i, key in enumerate(("level_own_data", "level_integrated", "level_own_solutions")):
        target = SEED_000_LEVELS[i + 1] / explore

        def gap(x: float, base=out, key: str = key, i: int = i, target: float = target) -> float:
            return expected_shares(replace(base, **{key: x}))[1][i] - target

        out = replace(out, **{key: _two_figures(brentq(gap, 1e-6, 100))})
    keys = ("adoption_innovation", "level_own_data", "level_integrated", "level_own_solutions")
    return {k: getattr(out, k) for k in keys}


def _two_figures(x: float) -> float:
    return float(f"{x:.2g}")
