"""1. Environment: scheduled changes switch on.

Reads: the config's schedule (tool access per person, guidelines, the AI 'button' in case
systems, when the *plans* and *future* use cases mature) and the accepted risk.
Changes: ``s.available`` (use cases available this week), ``s.signals`` keys ``access`` (per
person), ``rules_clarity`` and ``builtin``; resets this week's scratch arrays.
Random stream: none.
"""

from __future__ import annotations

import numpy as np


def step(s, m) -> None:
    cfg, w, masks = m.cfg, s.week, m.masks
    s.moved[:] = False
    s.incident_now[:] = False
    available = masks["now"]
    if w >= cfg.tools.plans_week:
        available = available | masks["plans"]
    if w >= cfg.tools.future_week:
        available = available | masks["future"]
    s.available = np.uint64(available & masks["allowed"])
    s.signals["access"] = s.access_week <= w
    g = cfg.rules.guidelines_week
    s.signals["rules_clarity"] = cfg.rules.clarity if 0 <= g <= w else 0.0
    b = cfg.tools.builtin_week
    s.signals["builtin"] = 1.0 if 0 <= b <= w else 0.0
