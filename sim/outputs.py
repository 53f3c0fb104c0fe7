"""9. Record: monthly outputs per archetype and for the whole organisation.

Stocks (shares, means, cumulative money) are read at the end of each month; flows (hours saved,
incidents) are summed over the weeks of the month. Month m ends after week ``round(m * 52 / 12)``;
month 0 is the state before the first week. The reductions are compiled passes over the state arrays
(``_month_sums``: the sums ``np.bincount`` by archetype gives, bit for bit; ``_month_row``: the month's row from
them), never a loop over agent objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from sim.config import ARCHETYPES, MONTHS_PER_YEAR, WEEKS_PER_YEAR
from sim.jit import jit
from sim.state import ABANDONED, NEVER, OCCASIONAL, REGULAR, TRYING

WEEKS_PER_MONTH = WEEKS_PER_YEAR / MONTHS_PER_YEAR
GROUPS = ("all", *ARCHETYPES)

# name -> meaning (unit). Order is the column order of the results.
OUTPUTS: dict[str, str] = {
    "headcount": "people in the group",
    "tried_share": "share who have ever tried AI (stage other than never)",
    "using_share": "share using AI to some or a large degree (occasional or regular)",
    "regular_share": "share using AI regularly",
    "abandoned_share": "share who tried and gave up",
    "competence_mean": "mean AI competence (0-1; basic < 1/3 <= intermediate < 2/3 <= expert)",
    "anxiety_mean": "mean anxiety (0-1)",
    "high_anxiety_share": "share with anxiety above params.high_anxiety_threshold",
    "belief_mean": "mean belief that AI is useful (0-1)",
    "teams_using_share": "share of teams with at least one member using AI to some or a large degree (on 'all' rows)",
    "hours_saved_per_fte_week": "hours saved per person and week, averaged over the month",
    "quality_index": "mean quality gain (0-1) at the end of the month",
    "incidents": "incidents (uncritical use of wrong output, personal data in open tools) in the month",
    "cost_eur_cum": "cumulative cost (licences, training time and fees, superuser hours), EUR",
    "value_eur_cum": "cumulative value of hours saved, EUR",
    "roi": "(value - cost) / cost (seed 001); NaN while cost is 0",
    "archetype_gap": "no one left behind: highest minus lowest archetype regular_share (on 'all' rows)",
    "realised_gain_share": "realised productivity gain: net hours saved (less the overhead of checking, correcting "
    "and switching) times params.value.harvest_share, less the hours spent on training, practice, helping and "
    "leading on AI, as a share of contract hours, per person, averaged over the month (may be negative)",
    "users_saving_nothing_share": "share of users (trying, occasional or regular) whose net hours saved in the "
    "month's last week are zero or less (NaN without users)",
    "fear_job_loss_share": "share whose fear of job loss is above params.fears.job_threshold (agree that AI "
    "threatens their job)",
    "fear_job_loss_mean": "mean fear of losing one's job to AI (0-1)",
    "fear_errors_mean": "mean fear of making errors with AI (0-1)",
    "realised_value_eur_cum": "cumulative value of the realised output (harvested net hours), EUR",
    "realised_roi": "(realised value - full cost) / full cost, the full cost being cost_eur_cum plus the hours of "
    "booked practice and of hands-on leaders; NaN while it is 0",
    "hours_spent_per_fte_week": "hours spent on training modules, booked practice, helping colleagues (superusers) "
    "and hands-on leading, per person and week, averaged over the month",
    "weekly_users_share": "share who used AI at work in a week, averaged over the month's weeks: a survey's 'used it "
    "in the last week', reading each stage's intensity of use (params.use.intensity_*) as the share of weeks in "
    "which a person at that stage uses it (an expectation, no draw)",
    "hours_saved_per_weekly_user": "hours saved in a week per person who used AI at work that week (the month's "
    "hours saved over its weekly users; NaN without them): a survey's hours saved by last week's users",
}
COUNTS = ("headcount", "incidents")  # outputs that count: whole numbers, integer columns in the tidy results
_GROUP_INDEX = {g: i for i, g in enumerate(GROUPS)}
_OUTPUT_INDEX = {name: i for i, name in enumerate(OUTPUTS)}
MAXIMISE = {  # whether more is better, for ranking (None: neither)
    "tried_share": True,
    "using_share": True,
    "regular_share": True,
    "abandoned_share": False,
    "competence_mean": True,
    "anxiety_mean": False,
    "high_anxiety_share": False,
    "belief_mean": True,
    "teams_using_share": True,
    "hours_saved_per_fte_week": True,
    "quality_index": True,
    "incidents": False,
    "cost_eur_cum": False,
    "value_eur_cum": True,
    "roi": True,
    "archetype_gap": False,
    "realised_gain_share": True,
    "users_saving_nothing_share": False,
    "fear_job_loss_share": False,
    "fear_job_loss_mean": False,
    "fear_errors_mean": False,
    "realised_value_eur_cum": True,
    "realised_roi": True,
    "hours_spent_per_fte_week": False,
    "weekly_users_share": True,
    "hours_saved_per_weekly_user": True,
    "headcount": None,
}


def month_end_weeks(months: int) -> np.ndarray:
    """Number of weeks done at the end of each month 0..months."""
    return np.round(np.arange(months + 1) * WEEKS_PER_MONTH).astype(np.int64)


class Recorder:
    """Accumulates weekly flows and writes one row block per month into a preallocated array."""

    def __init__(self, s, cfg) -> None:
        self.months = months = cfg.run.months
        self.threshold = cfg.params.high_anxiety_threshold
        self.job_threshold = cfg.params.fears.job_threshold
        self.table = np.full((months + 1, len(GROUPS), len(OUTPUTS)), np.nan)
        # the month's flows per person, reduced by group at the month's end (one bincount a month, not a week)
        self.hours_acc = np.zeros(s.n)
        self.net_acc = np.zeros(s.n)
        self.spent_acc = np.zeros(s.n)
        self.use_acc = np.zeros(s.n)  # the month's weeks of use per person (intensity of use, summed)
        self.harvest_share = cfg.params.value.harvest_share
        self.hours_per_week = cfg.params.hours_per_week
        self.incidents_acc = np.zeros(len(GROUPS))
        self.weeks_acc = 0
        self.month = 0
        self.ends = month_end_weeks(months)
        self.counts = self._by_group(s, np.ones(s.n))
        self.present = self.counts[1:] > 0  # archetypes the organisation has
        self.record(s)

    @staticmethod
    def _by_group(s, values: np.ndarray) -> np.ndarray:
        per = np.bincount(s.archetype, weights=values, minlength=len(ARCHETYPES))
        return np.concatenate([[per.sum()], per])

    def weekly(self, s) -> None:
        """Add this week's flows; record a month if this week ends one."""
        _add_flows(self.hours_acc, self.net_acc, self.spent_acc, self.use_acc, self.incidents_acc, s.hours_saved,
                   s.net_hours, s.hours_spent, s.intensity, s.incident_now, s.archetype)  # fmt: skip
        self.weeks_acc += 1
        if self.month < self.months and s.week + 1 == self.ends[self.month + 1]:
            self.month += 1
            self.record(s)

    def record(self, s) -> None:
        """Write this month's row of every output (and start the month's flows anew)."""
        # per archetype, in one pass over people (_month_sums): the sums np.bincount gave, bit for bit
        per = np.zeros((len(_SUMMED) + len(_FLOWS), len(ARCHETYPES)))
        team_users = np.zeros(s.team_size.size)
        _month_sums(s.archetype, s.stage, s.competence, s.anxiety, s.belief, s.quality, s.cost_eur, s.value_eur,
                    s.realised_value_eur, s.attention_cost_eur, s.fear_job, s.fear_errors, self.hours_acc,
                    self.spent_acc, self.net_acc, self.use_acc, s.net_hours, s.team, self.threshold,
                    self.job_threshold, per, team_users)  # fmt: skip
        sums = np.empty((len(per), len(GROUPS)))  # the whole organisation is the archetypes' sum
        sums[:, 1:] = per
        sums[:, 0] = sums[:, 1:].sum(axis=1)
        _month_row(sums, self.counts, max(self.weeks_acc, 1), self.incidents_acc, team_users, self.harvest_share,
                   self.hours_per_week, self.present, self.table[self.month])  # fmt: skip
        self.incidents_acc[:] = 0  # the other flows were set to zero by _month_sums
        self.weeks_acc = 0

    def latest(self, name: str, group: str = "all") -> float:
        return float(self.table[self.month, _GROUP_INDEX[group], _OUTPUT_INDEX[name]])

    def frame(self, replicate: int | None = None, upto: int | None = None) -> pd.DataFrame:
        """Tidy monthly results: one row per month and group (with ``replicate``, a first column of it; months 0
        to ``upto`` only, if given: a run still going has recorded those)."""
        table = self.table if upto is None else self.table[: upto + 1]
        months, groups = table.shape[:2]
        flat = table.reshape(months * groups, -1)
        columns: dict = {} if replicate is None else {"replicate": np.full(months * groups, replicate, dtype=np.int64)}
        columns["month"] = np.repeat(np.arange(months), groups)
        columns["archetype"] = pd.Categorical.from_codes(np.tile(np.arange(groups), months), dtype=_GROUP_DTYPE)
        for i, name in enumerate(OUTPUTS):
            columns[name] = flat[:, i].astype(np.int64) if name in COUNTS else flat[:, i]
        return pd.DataFrame(columns)


def column_arrays(df: pd.DataFrame) -> Iterator[Any]:
    """Each column's values (a numpy array, or a ``Categorical``) without a Series made for it (a Series per column
    cost a quarter of converting a job's results to Arrow): pandas' own ``_iter_column_arrays``, which its ``to_dict`` and
    ``itertuples`` read; ``df.items()`` if a version of pandas lacks it."""
    own = getattr(df, "_iter_column_arrays", None)
    if own is not None:
        return own()
    return (
        column.array if isinstance(column.dtype, pd.CategoricalDtype) else column.to_numpy() for _, column in df.items()
    )


_GROUP_DTYPE = pd.CategoricalDtype(categories=GROUPS)


# summed per archetype for the monthly record, in this order (_month_sums); means divide by the headcount
_SUMMED = (
    "tried_share",  # stage other than never
    "using_share",  # occasional or regular
    "regular_share",
    "abandoned_share",
    "competence_mean",
    "anxiety_mean",
    "high_anxiety_share",  # anxiety above params.high_anxiety_threshold
    "belief_mean",
    "quality_index",
    "cost_eur_cum",
    "value_eur_cum",
    "realised_value_eur_cum",
    "attention_cost",
    "fear_job_loss_share",  # fear of job loss above params.fears.job_threshold
    "fear_job_loss_mean",
    "fear_errors_mean",
)


# summed after _SUMMED
_FLOWS = ("hours saved", "hours spent", "net hours", "users", "users saving nothing", "weeks of use")
_TOTALS = ("cost_eur_cum", "value_eur_cum", "realised_value_eur_cum")  # sums; the other outputs of _SUMMED: means
_MEAN_ROWS = [i for i, k in enumerate(_SUMMED) if k in OUTPUTS and k not in _TOTALS]
_MEAN_COLUMNS = [_OUTPUT_INDEX[_SUMMED[i]] for i in _MEAN_ROWS]
_TOTAL_ROWS = [_SUMMED.index(k) for k in _TOTALS]
_TOTAL_COLUMNS = [_OUTPUT_INDEX[k] for k in _TOTALS]
# the same as arrays, and the other places, for the compiled month's row (_month_row): read as constants when compiled
_MEANS = np.array([_MEAN_ROWS, _MEAN_COLUMNS], dtype=np.int64)
_SUMS = np.array([_TOTAL_ROWS, _TOTAL_COLUMNS], dtype=np.int64)
_FLOW0 = len(_SUMMED)  # the first flow's row in the sums
_COST, _VALUE, _REALISED, _ATTENTION = (_SUMMED.index(k) for k in (*_TOTALS, "attention_cost"))
_O = _OUTPUT_INDEX
_HEADCOUNT, _TEAMS, _HOURS, _INCIDENTS, _SPENT, _GAIN = (
    _O[k] for k in ("headcount", "teams_using_share", "hours_saved_per_fte_week", "incidents",
                    "hours_spent_per_fte_week", "realised_gain_share")
)  # fmt: skip
_NOTHING, _WEEKLY, _PER_WEEKLY, _ROI, _REALISED_ROI, _GAP, _REGULAR = (
    _O[k] for k in ("users_saving_nothing_share", "weekly_users_share", "hours_saved_per_weekly_user", "roi",
                    "realised_roi", "archetype_gap", "regular_share")
)  # fmt: skip


@jit
def _month_sums(archetype, stage, competence, anxiety, belief, quality, cost, value, realised, attention, fear_job,
                fear_errors, hours_acc, spent_acc, net_acc, use_acc, net_hours, team, anxiety_threshold, job_threshold,
                per, team_users):  # fmt: skip
    """Per archetype, the sums of :data:`_SUMMED` (a condition counts 1), then of :data:`_FLOWS`: the month's hours
    saved, hours spent and net hours (set to zero for the next month), the users (trying, occasional or regular),
    the users whose net hours are zero or less and the weeks of use (set to zero too); and per team the people
    using AI (occasional or regular). People are added in their order, as ``np.bincount`` adds them, so the sums
    are bit for bit its sums."""
    for i in range(archetype.size):
        a = archetype[i]
        st = stage[i]
        using = st == OCCASIONAL or st == REGULAR
        user = st >= TRYING and st <= REGULAR
        per[0, a] += 1.0 if st != NEVER else 0.0
        per[1, a] += 1.0 if using else 0.0
        per[2, a] += 1.0 if st == REGULAR else 0.0
        per[3, a] += 1.0 if st == ABANDONED else 0.0
        per[4, a] += competence[i]
        per[5, a] += anxiety[i]
        per[6, a] += 1.0 if anxiety[i] > anxiety_threshold else 0.0
        per[7, a] += belief[i]
        per[8, a] += quality[i]
        per[9, a] += cost[i]
        per[10, a] += value[i]
        per[11, a] += realised[i]
        per[12, a] += attention[i]
        per[13, a] += 1.0 if fear_job[i] > job_threshold else 0.0
        per[14, a] += fear_job[i]
        per[15, a] += fear_errors[i]
        per[16, a] += hours_acc[i]
        per[17, a] += spent_acc[i]
        per[18, a] += net_acc[i]
        hours_acc[i] = 0.0
        spent_acc[i] = 0.0
        net_acc[i] = 0.0
        per[19, a] += 1.0 if user else 0.0
        per[20, a] += 1.0 if user and net_hours[i] <= 0.0 else 0.0
        per[21, a] += use_acc[i]
        use_acc[i] = 0.0
        team_users[team[i]] += 1.0 if using else 0.0


@jit
def _month_row(sums, counts, weeks, incidents, team_users, harvest_share, hours_per_week, present, row):
    """A month's row of every output (``row``: groups x outputs) from the month's sums per group (``sums``: the
    rows of :data:`_SUMMED` then of :data:`_FLOWS`, the whole organisation first), the headcounts, the weeks of the
    month, the incidents per group, the people using AI per team and the archetypes present: means over the
    headcount (at least 1), totals, flows per person and week, ratios (NaN where what they divide by is 0), the share
    of teams using AI and the gap between archetypes (on the organisation's row only, NaN on the others)."""
    nan = np.nan
    for g in range(counts.size):
        n = max(counts[g], 1.0)
        for k in range(_MEANS.shape[1]):
            row[g, _MEANS[1, k]] = sums[_MEANS[0, k], g] / n
        for k in range(_SUMS.shape[1]):
            row[g, _SUMS[1, k]] = sums[_SUMS[0, k], g]
        hours, spent, net = sums[_FLOW0, g], sums[_FLOW0 + 1, g], sums[_FLOW0 + 2, g]
        users, nothing, use = sums[_FLOW0 + 3, g], sums[_FLOW0 + 4, g], sums[_FLOW0 + 5, g]
        cost, value, realised = sums[_COST, g], sums[_VALUE, g], sums[_REALISED, g]
        row[g, _HEADCOUNT] = counts[g]
        row[g, _TEAMS] = nan
        row[g, _HOURS] = hours / n / weeks
        row[g, _INCIDENTS] = incidents[g]
        row[g, _SPENT] = spent / n / weeks
        row[g, _GAIN] = (harvest_share * net - spent) / n / weeks / hours_per_week
        row[g, _NOTHING] = nothing / users if users > 0 else nan
        row[g, _WEEKLY] = use / n / weeks
        row[g, _PER_WEEKLY] = hours / use if use > 0 else nan
        row[g, _ROI] = (value - cost) / cost if cost > 0 else nan
        full = cost + sums[_ATTENTION, g]
        row[g, _REALISED_ROI] = (realised - full) / full if full > 0 else nan
        row[g, _GAP] = nan
    teams = 0
    for t in range(team_users.size):
        teams += 1 if team_users[t] > 0 else 0
    row[0, _TEAMS] = teams / team_users.size
    if present.any():
        low, high = np.inf, -np.inf
        for a in range(present.size):
            if present[a]:
                low = min(low, row[a + 1, _REGULAR])
                high = max(high, row[a + 1, _REGULAR])
        row[0, _GAP] = high - low


@jit
def _add_flows(hours_acc, net_acc, spent_acc, use_acc, incidents_acc, hours, net, spent, intensity, incident_now,
               archetype):  # fmt: skip
    """Add a week's flows per person (hours saved, net hours, hours spent, and the intensity of use the use part
    applied to those hours: the stage's after this week's first tries and before part 8's moves, with access) and
    the week's incidents per group (the whole organisation first, then each archetype: counts, so the order of adding
    does not matter)."""
    for i in range(hours_acc.size):
        hours_acc[i] += hours[i]
        net_acc[i] += net[i]
        spent_acc[i] += spent[i]
        use_acc[i] += intensity[i]
        if incident_now[i]:
            incidents_acc[0] += 1.0
            incidents_acc[archetype[i] + 1] += 1.0
