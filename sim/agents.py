"""Mesa agents: thin handles onto the model's state arrays.

An :class:`Employee` holds only its index; every attribute reads the model's arrays, so
``model.agents``, ``AgentSet.select``/``agg``/``groupby`` and Mesa's visualisation see the current
state while the weekly step works on the arrays in bulk. A :class:`Leader` is an employee who leads a team
(team leader, or the most senior leader of a team without one).
"""

from __future__ import annotations

import mesa
import numpy as np

from sim.catalogue import load_catalogue
from sim.config import ARCHETYPES, STAGES
from sim.organisation import ROLES

COMPETENCE_LEVELS = ("basic", "intermediate", "expert")  # seed 001


class Employee(mesa.Agent):
    """One person of the organisation (a view onto index ``idx`` of the state arrays)."""

    def __init__(self, model, idx: int) -> None:
        super().__init__(model)
        self.idx = int(idx)

    @property
    def _s(self):
        return self.model.state

    @property
    def person_id(self) -> int | str:
        """The id from the organisation's file (a number, or text such as an e-mail address), or the index."""
        value = self.model.org.ids[self.idx]
        return int(value) if isinstance(value, (int, np.integer)) else str(value)

    @property
    def archetype(self) -> str:
        return ARCHETYPES[self._s.archetype[self.idx]]

    @property
    def role(self) -> str:
        return ROLES[self.model.org.role[self.idx]]

    @property
    def team(self) -> str:
        return self.model.org.team_names[self._s.team[self.idx]]

    @property
    def stage(self) -> str:
        return STAGES[self._s.stage[self.idx]]

    @property
    def competence(self) -> float:
        return float(self._s.competence[self.idx])

    @property
    def competence_level(self) -> str:
        return COMPETENCE_LEVELS[min(int(self.competence * 3), 2)]

    @property
    def anxiety(self) -> float:
        return float(self._s.anxiety[self.idx])

    @property
    def belief(self) -> float:
        return float(self._s.belief[self.idx])

    @property
    def hours_saved(self) -> float:
        """Hours saved in the last week."""
        return float(self._s.hours_saved[self.idx])

    @property
    def incidents(self) -> int:
        return int(self._s.incidents[self.idx])

    @property
    def is_superuser(self) -> bool:
        return bool(self._s.is_superuser[self.idx])

    @property
    def use_cases(self) -> list[str]:
        """Ids of the adopted use cases (catalogue of seed 002)."""
        mask = int(self._s.adopted[self.idx])
        ids = load_catalogue().ids
        return [ids[b] for b in range(len(ids)) if mask >> b & 1]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self.person_id}, {self.archetype}, {self.stage})"


class Leader(Employee):
    """An employee who leads a team: transformation weight and own literacy."""

    def __init__(self, model, idx: int, team_index: int) -> None:
        super().__init__(model, idx)
        self.team_index = int(team_index)

    @property
    def transformation_weight(self) -> float:
        return float(self._s.team_transformation[self.team_index])

    @property
    def literacy(self) -> float:
        """Own AI competence ('hands in the dough')."""
        return self.competence
