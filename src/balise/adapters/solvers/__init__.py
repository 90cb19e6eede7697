"""Open mathematical-programming solvers behind the `balise.domain.panels.solver.Solver` port."""
