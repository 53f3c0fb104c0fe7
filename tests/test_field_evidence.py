"""The model as a whole against the field evidence (DOMAIN.md §8): no built-in saturation, packages that can
lose, leadership balance, networks that matter, gains as measured.

Every comparison is on paired replicates with common random numbers: both arms run replicates 0..R-1 with the
same seed. R = 8 replicates per arm (16 for the leadership balance, whose effect is small), the default
organisation (1,000 people). A direction is established when
the mean paired difference is more than two standard errors from zero.

The minimum effect for "matters" is SURVEY_SE = 0.02 of the workforce: about one standard error of a share near
0.46 in a survey the size of seed 002's (sqrt(0.46 x 0.54 / 757) = 0.018). A smaller difference could not be
seen in the evidence the model is checked against, so it would not be a finding a planner could act on.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from sim import simulate
from sim.calibration import LICENCE_TRIAL_OVERRIDES, LICENCE_TRIAL_PACKAGE
from sim.config import shipped_packages
from sim.model import AdoptionModel
from tests.conftest import make_cfg

R = 8
SURVEY_SE = 0.02
# "Near-universal": above 95 % regular use, the level four of the seven packages passed before the mechanisms of
# the field evidence (ODD §7.10). No field study reports universal use: strong employer encouragement alone went
# with about 83 % ever-use (Humlum & Vestergaard 2025, a cross-section). The packages combine encouragement with
# tools, training, help and time, so they are not bound to that figure; a package at 0.91 regular use passes this
# test and is reported against the 83 % in docs/validation.md.
NEAR_UNIVERSAL = 0.95


@cache
def run(*overrides: str, months: int = 36, replicates: int = R) -> pd.DataFrame:
    return simulate([f"run.months={months}", *overrides], replicates=replicates, seed=0)


def at(df: pd.DataFrame, metric: str, month: int) -> np.ndarray:
    rows = df[(df["archetype"] == "all") & (df["month"] == month)]
    return rows.sort_values("replicate")[metric].to_numpy()


def beyond_noise(d: np.ndarray) -> bool:
    return abs(d.mean()) - 2 * d.std(ddof=1) / np.sqrt(d.size) > 0


def test_no_package_drives_regular_use_near_universal():
    """At month 36 every shipped package keeps regular use below 95 % (mean + 2 SE), and in every package some
    who tried are not regular users (many who try never become regular users, DOMAIN.md §8)."""
    for package in shipped_packages():
        df = run(f"package={package}")
        regular = at(df, "regular_share", 36)
        assert regular.mean() + 2 * regular.std(ddof=1) / np.sqrt(R) < NEAR_UNIVERSAL, (package, regular.mean())
        assert (at(df, "tried_share", 36) - regular).mean() >= SURVEY_SE, package


def test_a_package_that_does_everything_can_lose_to_a_focused_one():
    """On the realised return at month 36, IT's focused package (tools_only) beats the package that does
    everything (balanced), beyond noise; and packages can lose as well as win: some package's realised return
    is negative and some package's positive (means over replicates)."""
    focused, everything = (
        at(run("package=tools_only"), "realised_roi", 36),
        at(run("package=balanced"), "realised_roi", 36),
    )
    d = focused - everything
    assert d.mean() > 0 and beyond_noise(d), (d.mean(), d.std(ddof=1))
    means = [at(run(f"package={p}"), "realised_roi", 36).mean() for p in shipped_packages()]
    assert min(means) < 0 < max(means), means


def test_the_balance_of_leadership_styles_in_the_status_quo():
    """Seed 002: find the balance between transformation and transition leadership. In the status quo at month 24
    (16 replicates), a leaning to transition with some transformation (weight 0.25) beats pure transformation by
    at least SURVEY_SE, and is shown not to be worse than pure transition by SURVEY_SE or more (mean - 2 SE above
    -SURVEY_SE).
    It does not beat pure transition beyond noise (docs/validation.md reports the figures)."""
    balance = at(run("leadership.transformation_weight=0.25", months=24, replicates=16), "using_share", 24)
    d = balance - at(run("leadership.transformation_weight=1", months=24, replicates=16), "using_share", 24)
    assert beyond_noise(d) and d.mean() >= SURVEY_SE, d.mean()
    d = balance - at(run("leadership.transformation_weight=0", months=24, replicates=16), "using_share", 24)
    assert d.mean() - 2 * d.std(ddof=1) / np.sqrt(d.size) > -SURVEY_SE, d.mean()


def test_whom_people_are_tied_to_matters():
    """Who is tied to whom matters at month 24, beyond noise and by at least SURVEY_SE each:

    * the same people with their ties rewired at random, everyone's number of ties kept (org.rewire_share=1), use
      AI less than on the organisation's own clustered ties: Centola's (2010) clustered advantage for behaviour
      that needs reinforcement, here because contacts on ties outside any triangle count for less
      (params.spread.unembedded_weight) and random ties close almost no triangles. The size rests on that
      weight, an assumption (0.5): the effect is about 0.03 there, nothing at 1, and falls below SURVEY_SE from
      about 0.8, where this test would fail; what it checks is the mechanism's direction at the assumed weight;
    * the same people exposed to the whole organisation (org.mixing=full) instead of their own contacts use AI
      differently (the sign is not asserted: full mixing has no structure to count trust by, see
      docs/validation.md)."""
    own = at(run(months=24), "using_share", 24)
    d = own - at(run("org.rewire_share=1", months=24), "using_share", 24)
    assert d.mean() > 0 and beyond_noise(d) and d.mean() >= SURVEY_SE, d.mean()
    d = at(run("org.mixing=full", months=24), "using_share", 24) - own
    assert beyond_noise(d) and abs(d.mean()) >= SURVEY_SE, d.mean()


def test_a_minority_of_users_saves_nothing():
    """A sizeable minority of users save nothing (DOMAIN.md §8): at month 36, in every package, users saving
    nothing are at least SURVEY_SE of users (mean over replicates). That the realised gain stays below the
    reported saving holds by construction (harvested net hours less hours spent) and is not tested here."""
    for package in shipped_packages():
        assert at(run(f"package={package}"), "users_saving_nothing_share", 36).mean() >= SURVEY_SE, package


def licensees_weekly_use(*overrides: str) -> np.ndarray:
    """Per replicate (0..R-1, seed 0): the licensees' mean share of weeks with use over the 13 weeks after licences
    at month 22 (the licence trials' scenario, with AI built in; licensees: those given approved tools then)."""
    cfg = make_cfg(f"package={LICENCE_TRIAL_PACKAGE}", *LICENCE_TRIAL_OVERRIDES, "rollout.start_month=22",
                   "run.months=25", "run.mesa_agents=false", *overrides)  # fmt: skip
    out = []
    for replicate in range(R):
        m = AdoptionModel(cfg, replicate=replicate)
        total, weeks = np.zeros(m.org.n), 0
        while m.running:
            started = m.state.week >= m.start_week
            m.step()
            if started:
                total, weeks = total + m.state.intensity, weeks + 1
        out.append((total / weeks)[m.state.approved_week == m.start_week].mean())
    return np.array(out)


def test_a_pilot_of_volunteers_overstates_what_licences_for_all_reach():
    """Who gets the licences matters (the licence trials: DBT's mostly volunteers used Copilot weekly two-thirds of
    the time, the randomised trial's treated about 40 % regularly; docs/validation.md): licences to volunteers for
    a fifth of staff (30 % of places at random, as DBT; the AI built in coming with the licence) are used in more
    weeks by their licensees than licences for all by all staff, beyond noise and by at least SURVEY_SE, on the
    same organisations."""
    volunteers = licensees_weekly_use("rollout.mode=pilot", "rollout.pilot_selection=volunteers",
                                      "rollout.pilot_share=0.2", "rollout.pilot_random_share=0.3",
                                      "rollout.pilot_weeks=520", "tools.builtin_with_access=true")  # fmt: skip
    d = volunteers - licensees_weekly_use()
    assert d.mean() > 0 and beyond_noise(d) and d.mean() >= SURVEY_SE, d.mean()
