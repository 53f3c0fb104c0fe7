"""1. Environment: scheduled changes switch on.

Reads: the config's schedule (tool access per person, guidelines, the AI 'button' in case
systems, when the *plans* and *future* use cases mature) and the accepted risk.
Changes: ``s.available`` (use cases available this week); the signals ``access`` (per person),
``rules_clarity`` and ``builtin``; resets this week's scratch arrays (moved, incidents now, hours spent).
Random stream: none.
"""

from __future__ import annotations

import numpy as np


def step(s, m) -> None:
    cfg, w, masks, sig = m.cfg, s.week, m.masks, s.signals
    s.moved[:] = False
    s.incident_now[:] = False
    s.hours_spent[:] = 0.0
    available = masks.now
    if w >= cfg.tools.plans_week:
        available = available | masks.plans
    if w >= cfg.tools.future_week:
        available = available | masks.future
    s.available = np.uint64(available & masks.allowed)
    np.less_equal(s.access_week, w, out=sig.access)
    g = cfg.rules.guidelines_week
    sig.rules_clarity = cfg.rules.clarity if 0 <= g <= w else 0.0
    b = cfg.tools.builtin_week
    sig.builtin = 1.0 if 0 <= b <= w else 0.0
