"""The use-case catalogue (63 use cases of seed 002) and the survey's task mix.

Use cases are held as bit masks: the catalogue has 63 entries, so the set of use cases an
employee has adopted fits one ``uint64`` per person and set operations are bitwise.

Each use-case category is mapped to one of five task types (the four most time-consuming task
types of the seed 002 survey, ``task_time.csv``, plus ``other``); an adopted use case saves time
on its task type only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import numpy as np
import pandas as pd

MAX_USE_CASES = 64  # one bit each in a person's uint64 mask of adopted use cases
TASK_TYPES = ("communication", "case_processing", "direct_service", "finance_analysis", "other")

# category_id of use_cases.csv -> task type (assumption: by the category's title)
CATEGORY_TASK_TYPE = {
    1: "case_processing",  # case processing: proposing investigations and decisions
    2: "case_processing",  # screening applications and applicants
    3: "other",  # screening job applications and onboarding (HR)
    4: "finance_analysis",  # analysing large volumes of data
    5: "direct_service",  # direct citizen service
    6: "case_processing",  # summaries of cases and long texts
    7: "communication",  # translation and plain communication
    8: "communication",  # text drafting
    9: "other",  # other
}

# task_time.csv rows -> task type
SURVEY_TASK_TYPE = {
    "Communication, information and guidance": "communication",
    "Case processing, applications and permits": "case_processing",
    "Direct service delivery to citizens and businesses": "direct_service",
    "Finance tasks and analyses": "finance_analysis",
}
SURVEY_PICKS_MADE = 1860  # seed 002: the four types are ~68 % of all picks, so ~1,860 picks were made


@dataclass(frozen=True)
class Catalogue:
    """Use cases as arrays; bit u of a mask stands for use case u."""

    ids: tuple[str, ...]
    task_type: np.ndarray  # int8 index into TASK_TYPES, per use case
    horizon: np.ndarray  # int8: 0 now, 1 plans, 2 future (earliest listed horizon)
    risky: np.ndarray  # bool: any risk flag (personal data, bias, black box, legal)
    time: np.ndarray  # bool: time gain
    quality: np.ndarray  # bool: quality gain

    @property
    def size(self) -> int:
        return len(self.ids)

    def mask(self, select: np.ndarray) -> np.uint64:
        """The bit mask of the use cases where ``select`` is true."""
        bits = np.flatnonzero(select).astype(np.uint64)
        return np.bitwise_or.reduce(np.left_shift(np.uint64(1), bits), initial=np.uint64(0))

    def task_type_masks(self) -> np.ndarray:
        """One mask per task type."""
        return np.array([self.mask(self.task_type == k) for k in range(len(TASK_TYPES))], dtype=np.uint64)


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """Read the packaged use_cases.csv."""
    with resources.files("sim.data").joinpath("use_cases.csv").open(encoding="utf-8") as fh:
        df = pd.read_csv(fh, dtype=str, keep_default_na=False)
    if len(df) > MAX_USE_CASES:
        raise ValueError("the catalogue holds more than 64 use cases; widen the bit masks")
    horizon = df["horizon"].map(lambda h: {"now": 0, "plans": 1, "future": 2}[h.split("|")[0]])
    return Catalogue(
        ids=tuple(df["id"]),
        task_type=np.array([TASK_TYPES.index(CATEGORY_TASK_TYPE[int(c)]) for c in df["category_id"]], dtype=np.int8),
        horizon=horizon.to_numpy().astype(np.int8),
        risky=(df["risk_flags"] != "").to_numpy(),
        time=df["gains"].str.contains("time").to_numpy(),
        quality=df["gains"].str.contains("quality").to_numpy(),
    )


class UseCaseMasks(NamedTuple):
    """The use-case masks the mechanisms work with (bit u stands for use case u)."""

    now: np.uint64  # available from the start
    plans: np.uint64  # available from tools.plans_week
    future: np.uint64  # available from tools.future_week
    allowed: np.uint64  # all but the risk-flagged ones beyond the accepted share
    risky: np.uint64  # risk-flagged (personal data, bias, black box, legal)
    type: np.ndarray  # one mask per task type
    time_type: np.ndarray  # one mask per task type: those with a time gain
    quality_type: np.ndarray  # one mask per task type: those with a quality gain


def use_case_masks(cat: Catalogue, accepted_risk: float) -> UseCaseMasks:
    """The use-case masks, with the risk-flagged use cases allowed up to the accepted share (the first
    ``accepted_risk`` share of them in catalogue order)."""
    risky = np.flatnonzero(cat.risky)
    allowed = np.ones(cat.size, dtype=bool)
    allowed[risky[int(round(accepted_risk * risky.size)) :]] = False
    types = cat.task_type_masks()
    return UseCaseMasks(
        now=cat.mask(cat.horizon == 0),
        plans=cat.mask(cat.horizon == 1),
        future=cat.mask(cat.horizon == 2),
        allowed=cat.mask(allowed),
        risky=cat.mask(cat.risky),
        type=types,
        time_type=types & cat.mask(cat.time),
        quality_type=types & cat.mask(cat.quality),
    )


@lru_cache(maxsize=1)
def survey_task_mix() -> np.ndarray:
    """Mean share of working time per task type, from the seed 002 picks (task_time.csv).

    The survey asked for the three most time-consuming task types. Each type's share of all
    picks made (about 1,860) stands for its share of working time; the rest is ``other``.
    """
    with resources.files("sim.data").joinpath("task_time.csv").open(encoding="utf-8") as fh:
        df = pd.read_csv(fh)
    mix = np.zeros(len(TASK_TYPES))
    for label, count in zip(df["task_type"], df["count"], strict=True):
        mix[TASK_TYPES.index(SURVEY_TASK_TYPE[label])] = count / SURVEY_PICKS_MADE
    mix[TASK_TYPES.index("other")] = 1.0 - mix.sum()
    return mix
