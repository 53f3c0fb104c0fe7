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
    return compared.ranking_csv(), [compared.month_text(m) for m in months], compared.chances_text(), compared.cells


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
