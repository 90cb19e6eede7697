"""The port to a linear / mixed-integer solver that the selection algorithms are written against.

The algorithms build a `LinearModel` (sparse rows, bounds, optional integrality) and hand it to a
`Solver`; `balise.adapters.solvers.highs` implements it with HiGHS. Any other open solver that can
solve an LP and a small MIP to optimality can be plugged in behind the same Protocol.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, runtime_checkable


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"
    INFEASIBLE = "infeasible"
    FAILED = "failed"


@dataclass(frozen=True)
class Row:
    """One linear constraint `lower <= sum(coefficients[j] * x[indices[j]]) <= upper`."""

    indices: tuple[int, ...]
    coefficients: tuple[float, ...]
    lower: float
    upper: float


@dataclass
class LinearModel:
    """An LP, or a MIP when some variables are integer; built incrementally by the algorithms."""

    maximize: bool = False
    objective: list[float] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    time_limit: float | None = None
    node_limit: int | None = None  # deterministic, unlike a time limit: same answer everywhere

    def add_variable(
        self,
        *,
        cost: float = 0.0,
        lower: float = 0.0,
        upper: float = float("inf"),
        integer: bool = False,
    ) -> int:
        self.objective.append(cost)
        self.lower.append(lower)
        self.upper.append(upper)
        self.integer.append(integer)
        return len(self.objective) - 1

    def add_row(
        self,
        indices: Sequence[int],
        coefficients: Sequence[float],
        *,
        lower: float = -float("inf"),
        upper: float = float("inf"),
    ) -> None:
        self.rows.append(Row(tuple(indices), tuple(coefficients), lower, upper))

    @property
    def variables(self) -> int:
        return len(self.objective)


@dataclass(frozen=True)
class Solution:
    status: SolveStatus
    values: tuple[float, ...] = ()
    objective: float = 0.0


class Solver(Protocol):
    """Solves a `LinearModel` to optimality (integer variables included)."""

    @property
    def name(self) -> str: ...

    def solve(self, model: LinearModel) -> Solution: ...


class LiveModel(Protocol):
    """A model kept alive in the solver: changed in place and re-optimised from its last basis."""

    def add_row(
        self, indices: Sequence[int], coefficients: Sequence[float], lower: float, upper: float
    ) -> int: ...

    def set_costs(self, indices: Sequence[int], costs: Sequence[float]) -> None: ...

    def set_coefficient(self, row: int, variable: int, value: float) -> None: ...

    def solve(self) -> Solution: ...


@runtime_checkable
class IncrementalSolver(Protocol):
    """A `Solver` that can also keep a model alive between solves (optional, for speed)."""

    @property
    def name(self) -> str: ...

    def solve(self, model: LinearModel) -> Solution: ...

    def live(self, model: LinearModel) -> LiveModel: ...


class RebuiltModel:
    """`LiveModel` for any `Solver`: applies each change to the plain model and solves it anew."""

    def __init__(self, solver: Solver, model: LinearModel) -> None:
        self.solver = solver
        self.model = model

    def add_row(
        self, indices: Sequence[int], coefficients: Sequence[float], lower: float, upper: float
    ) -> int:
        self.model.add_row(indices, coefficients, lower=lower, upper=upper)
        return len(self.model.rows) - 1

    def set_costs(self, indices: Sequence[int], costs: Sequence[float]) -> None:
        for index, cost in zip(indices, costs, strict=True):
            self.model.objective[index] = cost

    def set_coefficient(self, row: int, variable: int, value: float) -> None:
        old = self.model.rows[row]
        pairs = dict(zip(old.indices, old.coefficients, strict=True))
        pairs[variable] = value
        kept = [(index, c) for index, c in pairs.items() if c != 0.0]
        self.model.rows[row] = Row(
            tuple(index for index, _ in kept), tuple(c for _, c in kept), old.lower, old.upper
        )

    def solve(self) -> Solution:
        return self.solver.solve(self.model)


def live_model(solver: Solver, model: LinearModel) -> LiveModel:
    """A live model on `solver` when it supports one, else one rebuilt on every solve."""
    if isinstance(solver, IncrementalSolver):
        return solver.live(model)
    return RebuiltModel(solver, model)
