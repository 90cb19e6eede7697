"""Valid compositions on demand, for rounding a type-level portfolio to a lottery.

The lottery may give tickets to compositions the portfolio never used: any composition that meets
every quota with k seats is a valid ticket. `CompositionSearch` finds the best one for given seat
values within given bounds on each type's seats, with the same MIP as LEXIMIN's pricing
(`composition_model`), solved through the `Solver` port.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from balise.domain.panels.leximin import Composition, composition_model, person_types
from balise.domain.panels.model import Instance
from balise.domain.panels.solver import Solver, SolveStatus

NODE_LIMIT = 2_000  # branch-and-bound nodes per search: deterministic, unlike a time limit


class CompositionSearch:
    """The valid compositions of one instance, searched type by type (see the module docstring)."""

    def __init__(self, instance: Instance, solver: Solver) -> None:
        types = person_types(instance)
        self.members = types.members
        self._solver = solver
        self._model = composition_model(instance, types, [0.0] * len(types.members))
        self._model.node_limit = NODE_LIMIT

    def best(
        self, values: Sequence[float], lower: Sequence[int], upper: Sequence[int]
    ) -> Composition | None:
        """The valid composition of largest total value, `values[t]` per seat of type t, with
        `lower[t]` to `upper[t]` seats for type t; None when there is none (or none proved best
        within the node limit)."""
        model = replace(
            self._model,
            objective=[float(value) for value in values],
            lower=[float(bound) for bound in lower],
            upper=[float(bound) for bound in upper],
        )
        solution = self._solver.solve(model)
        if solution.status != SolveStatus.OPTIMAL:
            return None
        return tuple(round(value) for value in solution.values)
