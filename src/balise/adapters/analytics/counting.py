"""What every audit source shares: the count query built with Ibis, compiled to the engine's
dialect, run there, and remembered for the report's fingerprint.

A source (DuckDB over a file, a PostgreSQL table, a Spark table) says which Ibis types its
columns have, which dialect it speaks and how it runs SQL; the counting is the same for all, but
for DuckDB's files, which run the same query written by hand (see duckdb_source.py).
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import ibis.expr.datatypes as dt  # type: ignore[import-untyped]
    import ibis.expr.types as ir  # type: ignore[import-untyped]


@dataclass(frozen=True)
class CountQuery:
    """The SQL an engine runs, in its dialect, and its fingerprint."""

    sql: str
    dialect: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


class CountingSource(ABC):
    """A table in an engine, counted where it lives: only the count table comes back."""

    engine: str
    dialect: str

    def __init__(self) -> None:
        self.query: CountQuery | None = None

    @abstractmethod
    def column_types(self) -> dict[str, str]:
        """Column name → the engine's name of its type."""

    @abstractmethod
    def is_numeric(self, column: str) -> bool: ...

    @abstractmethod
    def ibis_types(
        self, columns: Sequence[str], *, as_text: Sequence[str]
    ) -> dict[str, dt.DataType]:
        """The Ibis types of `columns`; `as_text` are read as written where the engine guesses
        types (CSV files)."""

    @abstractmethod
    def table(self, columns: dict[str, dt.DataType]) -> ir.Table:
        """The unbound Ibis table that the compiled SQL names."""

    @abstractmethod
    def run(self, sql: str, *, as_text: Sequence[str]) -> list[tuple[Any, ...]]:
        """Run the compiled SQL in the engine and fetch the (small) result."""

    @abstractmethod
    def fingerprint(self) -> str:
        """SHA-256 of the data when it is a file Balise can read, else empty."""

    @abstractmethod
    def engine_versions(self) -> dict[str, str]: ...

    def versions(self) -> dict[str, str]:
        return {"ibis": metadata.version("ibis-framework"), **self.engine_versions()}

    @abstractmethod
    def close(self) -> None: ...

    @property
    @abstractmethod
    def name(self) -> str:
        """The file or table name, for the report."""

    def _count(
        self, columns: Sequence[str], as_text: Sequence[str], build: Any
    ) -> list[tuple[Any, ...]]:
        from balise.adapters.analytics.count_query import compile_query

        table = self.table(self.ibis_types(columns, as_text=as_text))
        self.query = compile_query(build(table), self.dialect)
        return self.run(self.query.sql, as_text=as_text)

    def fairness_cells(
        self,
        *,
        sensitive: Sequence[str],
        label: str,
        prediction: str,
        score: str | None = None,
        bins: int = 10,
    ) -> list[tuple[Any, ...]]:
        """Rows (sensitive values..., label, prediction[, score bin, score sum], count)."""
        from balise.adapters.analytics.count_query import fairness_counts

        columns = list(dict.fromkeys((*sensitive, label, prediction, *([score] if score else []))))

        def build(table: ir.Table) -> ir.Table:
            return fairness_counts(
                table,
                sensitive=sensitive,
                label=label,
                prediction=prediction,
                score=score,
                bins=bins,
            )

        return self._count(columns, sensitive, build)

    def category_counts(self, columns: Sequence[str]) -> list[tuple[Any, ...]]:
        """Rows (values..., count): the distribution of the data over the columns."""
        from balise.adapters.analytics.count_query import category_counts

        unique = list(dict.fromkeys(columns))
        return self._count(unique, unique, lambda table: category_counts(table, columns))

    def query_fingerprint(self) -> str:
        """SHA-256 of the SQL of the last count query, as the engine received it."""
        return self.query.sha256 if self.query is not None else ""
