"""A filter without words counts its matches from an index holding the filter and withdrawal
(SQLite's plan): before, it read every published record to test its filter (160 ms for one
sector at 100,000 records; see docs/benchmarks.md)."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from balise.bootstrap import Container
from balise.domain.register.search import SearchFilters
from balise.domain.shared.i18n import Language

FILTERS = {
    "organisation_id": SearchFilters(organisation_id=1),
    "risk_category": SearchFilters(risk_category="high_risk"),
    "lifecycle_status": SearchFilters(lifecycle_status="in_use"),
    "level": SearchFilters(level="federal"),
    "sector": SearchFilters(sector="health"),
}


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("name", list(FILTERS))
def test_a_filter_is_counted_from_its_index(container: Container, name: str) -> None:
    statements: list[tuple[str, Any]] = []

    def seen(connection: Any, cursor: Any, statement: str, parameters: Any, *rest: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT COUNT"):
            statements.append((statement, parameters))

    sa.event.listen(container.engine, "before_cursor_execute", seen)
    try:
        with container.uow(read_only=True) as uow:
            uow.portal_search.search("", FILTERS[name], Language.FR, offset=20)  # counted
            (statement, parameters), *_ = statements
            plan = uow.portal_search.connection.exec_driver_sql(
                f"EXPLAIN QUERY PLAN {statement}", parameters
            ).all()
    finally:
        sa.event.remove(container.engine, "before_cursor_execute", seen)
    details = " | ".join(str(row[-1]) for row in plan)
    assert f"COVERING INDEX ix_portal_systems_{name}_withdrawn" in details, details
