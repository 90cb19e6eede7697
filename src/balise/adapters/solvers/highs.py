"""The `Solver` port on HiGHS (highspy, MIT licence): LPs by simplex, MIPs by branch and cut.

highspy ships no type information; everything it touches stays inside this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import version
from typing import Any

import highspy

from balise.domain.panels.solver import LinearModel, Solution, SolveStatus

HIGHS: Any = highspy  # highspy's stubs are partial: everything goes through this untyped handle
# Live LPs (the portfolio's dual LP) are degenerate once types are fixed, and a warm simplex can
# stall on them for minutes. The simplex runs first (fastest on small pools); a re-solve that
# needs more than this many iterations goes to the interior point method (crossover on, so
# solutions stay basic), and so does every later solve of that model. With `interior_lps=True`
# live LPs go to the interior point method straight away.
STALLED_SIMPLEX = 5_000
NO_LIMIT = 2**31 - 1


class HighsSolver:
    """Solves each model in a fresh HiGHS instance (deterministic, single-threaded)."""

    def __init__(
        self,
        *,
        mip_rel_gap: float = 1e-9,
        interior_lps: bool = False,
        stalled_simplex: int = STALLED_SIMPLEX,
    ) -> None:
        self.mip_rel_gap = mip_rel_gap
        self.interior_lps = interior_lps
        self.stalled_simplex = stalled_simplex
        self._limits = (
            HIGHS.HighsModelStatus.kTimeLimit,
            HIGHS.HighsModelStatus.kSolutionLimit,
            HIGHS.HighsModelStatus.kIterationLimit,
            HIGHS.HighsModelStatus.kInterrupt,
        )

    @property
    def name(self) -> str:
        return f"highs {version('highspy')}"

    def solve(self, model: LinearModel) -> Solution:
        highs = self._build(model)
        highs.run()
        return self._result(highs)

    def live(self, model: LinearModel) -> HighsLiveModel:
        """Keep `model` in one HiGHS instance; each `solve` restarts from the last basis."""
        return HighsLiveModel(self, self._build(model), linear=not any(model.integer))

    def _build(self, model: LinearModel) -> Any:
        highs: Any = HIGHS.Highs()
        highs.setOptionValue("output_flag", False)
        highs.setOptionValue("threads", 1)
        highs.setOptionValue("random_seed", 0)
        highs.setOptionValue("mip_rel_gap", self.mip_rel_gap)
        if model.node_limit is not None:
            highs.setOptionValue("mip_max_nodes", int(model.node_limit))
        if model.time_limit is not None:
            highs.setOptionValue("time_limit", float(model.time_limit))
        lp: Any = HIGHS.HighsLp()
        lp.num_col_ = model.variables
        lp.num_row_ = len(model.rows)
        lp.col_cost_ = list(model.objective)
        lp.col_lower_ = list(model.lower)
        lp.col_upper_ = list(model.upper)
        lp.row_lower_ = [row.lower for row in model.rows]
        lp.row_upper_ = [row.upper for row in model.rows]
        starts = [0]
        indices: list[int] = []
        values: list[float] = []
        for row in model.rows:
            indices.extend(row.indices)
            values.extend(row.coefficients)
            starts.append(len(indices))
        lp.a_matrix_.format_ = HIGHS.MatrixFormat.kRowwise
        lp.a_matrix_.num_col_ = model.variables
        lp.a_matrix_.num_row_ = len(model.rows)
        lp.a_matrix_.start_ = starts
        lp.a_matrix_.index_ = indices
        lp.a_matrix_.value_ = values
        lp.sense_ = HIGHS.ObjSense.kMaximize if model.maximize else HIGHS.ObjSense.kMinimize
        if any(model.integer):
            lp.integrality_ = [
                HIGHS.HighsVarType.kInteger if flag else HIGHS.HighsVarType.kContinuous
                for flag in model.integer
            ]
        highs.passModel(lp)
        return highs

    def _result(self, highs: Any) -> Solution:
        status = highs.getModelStatus()
        if status == HIGHS.HighsModelStatus.kOptimal:
            solution = highs.getSolution()
            return Solution(
                SolveStatus.OPTIMAL,
                tuple(float(v) for v in solution.col_value),
                float(highs.getInfo().objective_function_value),
            )
        if status == HIGHS.HighsModelStatus.kInfeasible:
            return Solution(SolveStatus.INFEASIBLE)
        if status in self._limits and highs.getInfo().primal_solution_status:
            solution = highs.getSolution()
            return Solution(
                SolveStatus.FAILED,
                tuple(float(v) for v in solution.col_value),
                float(highs.getInfo().objective_function_value),
            )
        return Solution(SolveStatus.FAILED)


class HighsLiveModel:
    """A HiGHS model changed in place (rows, costs, coefficients) and re-optimised warm."""

    def __init__(self, solver: HighsSolver, highs: Any, *, linear: bool = False) -> None:
        self._solver = solver
        self._highs = highs
        self._linear = linear
        if linear and solver.interior_lps:
            highs.setOptionValue("solver", "ipm")
        elif linear:
            highs.setOptionValue("simplex_iteration_limit", solver.stalled_simplex)
        else:  # a small MIP re-solved hundreds of times: presolve and feasibility jump cost more
            highs.setOptionValue("presolve", "off")  # than they save (a quarter of each solve)
            highs.setOptionValue("mip_heuristic_run_feasibility_jump", False)

    def add_row(
        self, indices: Sequence[int], coefficients: Sequence[float], lower: float, upper: float
    ) -> int:
        self._highs.addRow(lower, upper, len(indices), list(indices), list(coefficients))
        return int(self._highs.getNumRow()) - 1

    def set_costs(self, indices: Sequence[int], costs: Sequence[float]) -> None:
        if indices:
            self._highs.changeColsCost(len(indices), list(indices), list(costs))

    def set_coefficient(self, row: int, variable: int, value: float) -> None:
        self._highs.changeCoeff(row, variable, value)

    def solve(self) -> Solution:
        """Re-optimise from the last basis; an LP whose simplex stalls is solved again, and from
        then on, by the interior point method, whose crossover leaves a basis for the next solve."""
        self._highs.run()
        stalled = self._highs.getModelStatus() == HIGHS.HighsModelStatus.kIterationLimit
        if self._linear and stalled and not self._solver.interior_lps:
            self._highs.setOptionValue("simplex_iteration_limit", NO_LIMIT)
            self._highs.setOptionValue("solver", "ipm")
            self._highs.run()
        return self._solver._result(self._highs)
