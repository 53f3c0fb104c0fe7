"""The comparison a job writes and prints (``analysis.stats.Comparison``): its numpy route gives, bit for bit and
character for character, what the pandas route (``ranked_table``, ``probability_best``, ``format_ranked``,
``DataFrame.to_string`` and ``to_csv``) gives, and leaves to the pandas route what it cannot give exactly."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from analysis.stats import Comparison
from sim import simulate

GROUPS = ("all", "a", "b")


def frame(rng, packages, replicates, months=(0, 6, 12), coarse=False, nan=0.0, order="categories"):
    """Results of made-up runs: ``coarse`` values make ties, ``nan`` is the share of missing returns."""
    rows = []
    for package in packages:
        for r in range(replicates):
            for month in months:
                for group in GROUPS:
                    draw = rng.integers(0, 4, 5) / 4 if coarse else rng.random(5)
                    rows.append({"replicate": r, "month": month, "archetype": group, "headcount": 100,
                                 "tried_share": 0.5 + draw[0] / 2, "abandoned_share": draw[0] / 4,
                                 "regular_share": draw[1], "high_anxiety_share": draw[2],
                                 "hours_saved_per_fte_week": 3 * draw[3], "incidents": int(rng.integers(0, 3)),
                                 "roi": np.nan if rng.random() < nan else draw[4] * 4 - 1,
                                 "archetype_gap": draw[1] / 3, "package": package})  # fmt: skip
    df = pd.DataFrame(rows)
    cats = packages if order == "categories" else sorted(packages, reverse=True)
    df["package"] = pd.Categorical(df["package"], categories=cats)
    return df


def texts(compared: Comparison, months):
    months_ = [compared.month_text(m) for m in months]
    return compared.ranking_csv(), months_, compared.chances_text(), compared.summary_text(), compared.cells


def both(df, months):
    fast = Comparison(df, months)
    slow = Comparison(df, months)
    slow.fast = None
    return fast, slow


@pytest.mark.parametrize("seed", range(40))
def test_the_numpy_route_gives_what_the_pandas_route_gives(seed):
    rng = np.random.default_rng(seed)
    names = ["status_quo", "balanced", "tools_only", 'a, quoted "one"', "a package with a very long name indeed"]
    packages = list(rng.choice(names, size=int(rng.integers(1, 5)), replace=False))
    months = (6, 12) if seed % 2 else (12,)
    df = frame(rng, packages, int(rng.integers(1, 8)), coarse=seed % 3 == 0, nan=0.1 if seed % 5 == 0 else 0.0,
               order="categories" if seed % 4 else "reversed")  # fmt: skip
    fast, slow = both(df, months)
    assert texts(fast, months) == texts(slow, months)


def test_the_usual_jobs_go_the_numpy_route_and_ties_and_gaps_the_pandas_route():
    rng = np.random.default_rng(1)
    assert Comparison(frame(rng, ["status_quo"], 1), (12,)).fast is not None  # a sweep's job
    one = frame(rng, ["status_quo"], 10)
    better = one.assign(package="balanced", regular_share=one["regular_share"] + 1, roi=one["roi"] + 1,
                        high_anxiety_share=one["high_anxiety_share"] - 1, incidents=0,
                        hours_saved_per_fte_week=one["hours_saved_per_fte_week"] + 1, archetype_gap=-1.0)  # fmt: skip
    two = pd.concat([one, better], ignore_index=True)
    two["package"] = pd.Categorical(two["package"], categories=["status_quo", "balanced"])
    assert Comparison(two, (6, 12)).fast is not None  # one package better in every replicate
    fast, slow = both(two, (6, 12))
    assert texts(fast, (6, 12)) == texts(slow, (6, 12)) and fast.ranking_csv().splitlines()[1].startswith("balanced,1,")
    tied = frame(rng, ["status_quo", "balanced"], 3)
    tied.loc[tied["package"] == "balanced", "regular_share"] = tied.loc[tied["package"] == "status_quo",
                                                                        "regular_share"].to_numpy()  # fmt: skip
    tied.loc[tied["package"] == "balanced", "high_anxiety_share"] = tied.loc[tied["package"] == "status_quo",
                                                                             "high_anxiety_share"].to_numpy()  # fmt: skip
    assert Comparison(tied, (12,)).fast is None  # shared wins
    missing = frame(rng, ["status_quo", "balanced"], 3)
    missing.loc[missing["replicate"] == 1, "roi"] = np.nan
    assert Comparison(missing, (12,)).fast is None
    gap = frame(rng, ["status_quo", "balanced"], 3)
    gap = gap[~((gap["package"] == "balanced") & (gap["replicate"] == 2))]
    assert Comparison(gap, (12,)).fast is None
    for df in (tied, missing, gap):
        fast, slow = both(df, (12,))
        assert texts(fast, (12,)) == texts(slow, (12,))


@pytest.mark.parametrize(("packages", "replicates"), [(["status_quo"], 1), (["status_quo", "balanced"], 3)])
def test_on_model_results_both_routes_agree(packages, replicates):
    frames = [
        simulate([f"package={p}", "org.size=150", "run.months=12"], replicates=replicates, seed=4).assign(package=p)
        for p in packages
    ]
    df = pd.concat(frames, ignore_index=True)
    df["package"] = pd.Categorical(df["package"], categories=packages)
    fast, slow = both(df, (6, 12))
    assert fast.fast is not None
    assert texts(fast, (6, 12)) == texts(slow, (6, 12))
    pd.testing.assert_frame_equal(pd.read_csv(io.StringIO(fast.ranking_csv()), index_col="package"),
                                  slow.ranking.astype({"rank": "int64"}), check_exact=True, check_index_type=False)  # fmt: skip


@pytest.mark.parametrize("replicates", [1, 2, 3, 7, 8, 9, 16, 33])
def test_intervals_at_once_are_intervals_one_by_one_bit_for_bit(replicates):
    """The ranked table's means and intervals taken along the replicates of many selections at once equal
    :func:`interval` of each selection alone, bit for bit (signed zeros and infinities too)."""
    from analysis.stats import _intervals, interval

    rng = np.random.default_rng(replicates)
    values = [rng.normal(size=400) * 10.0 ** rng.integers(-8, 8, size=400) for _ in range(6)]
    values[1][:50] = -0.0
    values[2][::37] = np.inf
    values[3][::41] = -np.inf
    rows = [rng.choice(400, size=replicates, replace=False) for _ in range(12)]
    with np.errstate(invalid="ignore"):  # an interval with infinities is NaN, one by one as at once
        got = _intervals(rows, values)
        expected = np.array([[interval(v[r]) for v in values] for r in rows])
    assert np.array_equal(got.view(np.uint64), expected.view(np.uint64))
    values[0][rows[3][0]] = np.nan  # interval drops a missing value: one by one
    assert _intervals(rows, values) is None
    assert _intervals([rows[0], rows[1][: replicates - 1]], values) is None  # selections of unequal size


def test_the_console_table_is_compact_and_readable():
    """Seven packages with the shipped names: one header and a line per package, the outcomes under readable
    names (no raw column names), within 100 characters."""
    from analysis.stats import CONSOLE_NAMES

    packages = ["status_quo", "tools_only", "mandate_only", "hr_five_step", "lead_four_tracks", "ramboll_seven",
                "balanced"]  # fmt: skip
    df = frame(np.random.default_rng(1), packages, 5)
    lines = Comparison(df, (6, 12)).summary_text().splitlines()
    assert len(lines) == 1 + len(packages)
    assert all(name in lines[0] for name in CONSOLE_NAMES.values()) and "_share" not in lines[0]
    assert max(len(line) for line in lines) <= 100
    assert {line.split()[1] for line in lines[1:]} == set(packages)
