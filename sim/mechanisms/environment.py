"""1. Environment: scheduled changes switch on.

Reads: the config's schedule (tool access per person, guidelines, the AI 'button' in case
systems, when the *plans* and *future* use cases mature) and the accepted risk.
Changes: ``s.available`` (use cases available this week); the signals ``access`` (per person),
``rules_clarity`` and ``builtin``; resets this week's scratch arrays (moved, incidents now, hours spent).
Random stream: none.
"""

from __future__ import annotations

import numpy as np

from sim.jit import jit


def schedule(cfg, masks) -> tuple:
    """The constants of :func:`week`: the masks of use cases available now, from the plans, in the future and allowed
    (``masks``, :func:`sim.catalogue.use_case_masks`); the weeks the plans' and the future's use cases mature, the
    guidelines come and the AI button comes; the rules' clarity."""
    return (masks.now, masks.plans, masks.future, masks.allowed, int(cfg.tools.plans_week),
            int(cfg.tools.future_week), int(cfg.rules.guidelines_week), int(cfg.tools.builtin_week),
            float(cfg.rules.clarity))  # fmt: skip


@jit
def week(w, moved, incident_now, hours_spent, access_week, access, schedule):
    """Week ``w``'s part 1: the week's scratch arrays reset, each person's access set; returns the use cases
    available, the rules' clarity and the AI button (0 or 1). Stepped from Python (:func:`step`) and in the loop of
    plain weeks (``sim/weeks.py``)."""
    now, plans, future, allowed, plans_week, future_week, guidelines_week, builtin_week, clarity = schedule
    moved[:] = False
    incident_now[:] = False
    hours_spent[:] = 0.0
    available = now
    if w >= plans_week:
        available = available | plans
    if w >= future_week:
        available = available | future
    for i in range(access.size):
        access[i] = access_week[i] <= w
    rules_clarity = clarity if 0 <= guidelines_week <= w else 0.0
    builtin = 1.0 if 0 <= builtin_week <= w else 0.0
    return available & allowed, rules_clarity, builtin


def step(s, m) -> None:
    sig = s.signals
    available, sig.rules_clarity, sig.builtin = week(s.week, s.moved, s.incident_now, s.hours_spent, s.access_week,
                                                     sig.access, schedule(m.cfg, m.masks))  # fmt: skip
    s.available = np.uint64(available)
