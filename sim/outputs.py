"""9. Record: monthly outputs per archetype and for the whole organisation.

Stocks (shares, means, cumulative money) are read at the end of each month; flows (hours saved,
incidents) are summed over the weeks of the month. Month m ends after week ``round(m * 52 / 12)``;
month 0 is the state before the first week. Every reduction is a numpy reduction over the state
arrays (``np.bincount`` by archetype), never a loop over agents.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.config import ARCHETYPES, MONTHS_PER_YEAR, WEEKS_PER_YEAR
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
}
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
        self.harvest_share = cfg.params.value.harvest_share
        self.hours_per_week = cfg.params.hours_per_week
        self.incidents_acc = np.zeros(len(GROUPS))
        self.weeks_acc = 0
        self.month = 0
        self.ends = month_end_weeks(months)
        self.counts = self._by_group(s, np.ones(s.n))
        self.record(s)

    @staticmethod
    def _by_group(s, values: np.ndarray) -> np.ndarray:
        per = np.bincount(s.archetype, weights=values, minlength=len(ARCHETYPES))
        return np.concatenate([[per.sum()], per])

    @staticmethod
    def _teams_using(s) -> np.ndarray:
        using = (s.stage == OCCASIONAL) | (s.stage == REGULAR)
        teams = np.bincount(s.team, weights=using, minlength=s.team_size.size) > 0
        out = np.full(len(GROUPS), np.nan)
        out[0] = teams.mean()
        return out

    def weekly(self, s) -> None:
        """Add this week's flows; record a month if this week ends one."""
        self.hours_acc += s.hours_saved
        self.net_acc += s.net_hours
        self.spent_acc += s.hours_spent
        if s.incident_now.any():
            self.incidents_acc += self._by_group(s, s.incident_now.astype(np.float64))
        self.weeks_acc += 1
        if self.month < self.months and s.week + 1 == self.ends[self.month + 1]:
            self.month += 1
            self.record(s)

    def record(self, s) -> None:
        n = np.maximum(self.counts, 1)
        stage = s.stage
        summed = {  # summed per archetype with one bincount each; the whole organisation is their sum
            "tried_share": stage != NEVER,
            "using_share": (stage == OCCASIONAL) | (stage == REGULAR),
            "regular_share": stage == REGULAR,
            "abandoned_share": stage == ABANDONED,
            "competence_mean": s.competence,
            "anxiety_mean": s.anxiety,
            "high_anxiety_share": s.anxiety > self.threshold,
            "belief_mean": s.belief,
            "quality_index": s.quality,
            "cost_eur_cum": s.cost_eur,
            "value_eur_cum": s.value_eur,
            "realised_value_eur_cum": s.realised_value_eur,
            "attention_cost": s.attention_cost_eur,
            "fear_job_loss_share": s.fear_job > self.job_threshold,
            "fear_job_loss_mean": s.fear_job,
            "fear_errors_mean": s.fear_errors,
        }
        sums = np.empty((len(summed), len(GROUPS)))
        for i, values in enumerate(summed.values()):
            sums[i, 1:] = np.bincount(s.archetype, weights=values, minlength=len(ARCHETYPES))
        sums[:, 0] = sums[:, 1:].sum(axis=1)
        row = dict(zip(summed, sums, strict=True))
        for name in summed:
            if name not in ("cost_eur_cum", "value_eur_cum", "realised_value_eur_cum", "attention_cost"):  # means
                row[name] = row[name] / n
        row["headcount"] = self.counts
        row["teams_using_share"] = self._teams_using(s)
        row["hours_saved_per_fte_week"] = self._by_group(s, self.hours_acc) / n / max(self.weeks_acc, 1)
        row["incidents"] = self.incidents_acc.copy()
        weeks = max(self.weeks_acc, 1)
        spent = self._by_group(s, self.spent_acc)
        row["hours_spent_per_fte_week"] = spent / n / weeks
        realised_hours = self.harvest_share * self._by_group(s, self.net_acc) - spent
        row["realised_gain_share"] = realised_hours / n / weeks / self.hours_per_week
        users = (stage >= TRYING) & (stage <= REGULAR)
        n_users = self._by_group(s, users.astype(np.float64))
        nothing = self._by_group(s, (users & (s.net_hours <= 0.0)).astype(np.float64))
        row["users_saving_nothing_share"] = np.divide(
            nothing, n_users, out=np.full(n_users.size, np.nan), where=n_users > 0
        )
        cost = row["cost_eur_cum"]
        row["roi"] = np.divide(row["value_eur_cum"] - cost, cost, out=np.full(cost.size, np.nan), where=cost > 0)
        full = cost + row.pop("attention_cost")
        row["realised_roi"] = np.divide(
            row["realised_value_eur_cum"] - full, full, out=np.full(full.size, np.nan), where=full > 0
        )
        present = self.counts[1:] > 0
        reg = row["regular_share"][1:][present]
        row["archetype_gap"] = np.full(len(GROUPS), np.nan)
        row["archetype_gap"][0] = reg.max() - reg.min() if reg.size else np.nan
        self.table[self.month] = np.stack([row[k] for k in OUTPUTS], axis=1)
        self.hours_acc[:] = 0
        self.net_acc[:] = 0
        self.spent_acc[:] = 0
        self.incidents_acc[:] = 0
        self.weeks_acc = 0

    def latest(self, name: str, group: str = "all") -> float:
        return float(self.table[self.month, _GROUP_INDEX[group], _OUTPUT_INDEX[name]])

    def frame(self, upto: int | None = None) -> pd.DataFrame:
        """Tidy monthly results: one row per month and group (months 0 to ``upto`` only, if given: a run still
        going has recorded those)."""
        table = self.table if upto is None else self.table[: upto + 1]
        months, groups = table.shape[:2]
        df = pd.DataFrame(table.reshape(months * groups, -1), columns=list(OUTPUTS))
        df.insert(0, "archetype", pd.Categorical(np.tile(GROUPS, months), categories=GROUPS))
        df.insert(0, "month", np.repeat(np.arange(months), groups))
        df["headcount"] = df["headcount"].astype(np.int64)
        df["incidents"] = df["incidents"].astype(np.int64)
        return df
