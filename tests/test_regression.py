"""Regression: the results of three packages equal a stored baseline.

A failure means the model's behaviour changed. If the change is deliberate, refresh the baseline
with ``python tests/update_baseline.py`` and say why in the commit message.
"""

from __future__ import annotations

import pandas as pd

from tests.update_baseline import ADDED_SINCE_BASELINE, BASELINE, compute


def test_results_equal_the_stored_baseline():
    stored = pd.read_csv(BASELINE)
    now = compute()
    assert [c for c in now.columns if c not in ADDED_SINCE_BASELINE] == list(stored.columns)
    assert set(ADDED_SINCE_BASELINE) <= set(now.columns)  # each listed output exists
    now = now[list(stored.columns)]
    pd.testing.assert_frame_equal(now, stored, check_dtype=False, check_exact=False, rtol=1e-12, atol=1e-12)
