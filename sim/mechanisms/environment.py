"""1. Environment: scheduled changes switch on.

Reads: the config's schedule (tool access per person, guidelines, the AI 'button' in case
systems, when the *plans* and *future* use cases mature) and the accepted risk.
Changes: ``s.available`` (use cases available this week); the signals ``access`` and ``builtin_here`` (per
person: the AI built into one's systems, from one's ``builtin_week``) and ``rules_clarity``; resets this week's
scratch arrays (moved, incidents now, hours spent).
Random stream: none.
"""

from __future__ import annotations

import numpy as np

from sim.jit import jit


def schedule(cfg, masks) -> tuple:
    """The constants of :func:`week`: the masks of use cases available now, from the plans, in the future and allowed
    (``masks``, :func:`sim.catalogue.use_case_masks`); the weeks the plans' and the future's use cases mature, the
    guidelines come; the rules' clarity (the AI button is per person, the state's ``builtin_week``)."""
    return (masks.now, masks.plans, masks.future, masks.allowed, int(cfg.tools.plans_week),
            int(cfg.tools.future_week), int(cfg.rules.guidelines_week),
            float(cfg.rules.clarity))  # fmt: skip


@jit
def week(w, moved, incident_now, hours_spent, access_week, access, builtin_week, builtin_here, schedule):
    """Week ``w``'s part 1: the week's scratch arrays reset, each person's access and AI built in (0 or 1, from
    their ``builtin_week``) set; returns the use cases available and the rules' clarity. Stepped from Python
    (:func:`step`) and in the loop of plain weeks (``sim/weeks.py``)."""
    now, plans, future, allowed, plans_week, future_week, guidelines_week, clarity = schedule
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
        builtin_here[i] = 1.0 if 0 <= builtin_week[i] <= w else 0.0
    rules_clarity = clarity if 0 <= guidelines_week <= w else 0.0
    return available & allowed, rules_clarity


def step(s, m) -> None:
    sig = s.signals
    available, sig.rules_clarity = week(s.week, s.moved, s.incident_now, s.hours_spent, s.access_week, sig.access,
                                        s.builtin_week, sig.builtin_here, schedule(m.cfg, m.masks))  # fmt: skip
    s.available = np.uint64(available)
