"""What keeps an uncached portal search cheap, on both databases: its statements built and
compiled once per shape of query (not once per query), and the organisations' names read every
page without going stale when an organisation is renamed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.engine.default import CACHE_MISS
from web_support import browser

from balise.bootstrap import Container
from balise.domain.register.search import SearchFilters
from balise.domain.shared.i18n import Language, LocalizedText
from balise.services import organisations
from register_support import actor_of, create_published


@pytest.fixture
def compiled(container: Container) -> Iterator[list[str]]:
    """The SQL of every statement SQLAlchemy had to compile (a miss of its compiled cache)."""
    misses: list[str] = []

    def seen(connection: Any, cursor: Any, statement: str, *args: Any) -> None:
        context = args[-2]
        if context is not None and context.cache_hit is CACHE_MISS:
            misses.append(statement)

    sa.event.listen(container.engine, "after_cursor_execute", seen)
    yield misses
    sa.event.remove(container.engine, "after_cursor_execute", seen)


@pytest.fixture
def executed(container: Container) -> Iterator[list[Any]]:
    """Every statement object the searches hand to SQLAlchemy."""
    statements: list[Any] = []

    def seen(connection: Any, statement: Any, *args: Any) -> None:
        statements.append(statement)

    sa.event.listen(container.engine, "before_execute", seen)
    yield statements
    sa.event.remove(container.engine, "before_execute", seen)


def search(container: Container, text: str, filters: SearchFilters | None = None) -> list[str]:
    with container.uow(read_only=True) as uow:
        found = uow.portal_search.search(text, filters or SearchFilters(), Language.NL)
    return [hit.slug for hit in found.hits]


def childcare_and_plates(
    container: Container, world: dict[str, Any], **plates: Any
) -> tuple[str, str]:
    childcare = create_published(
        container, world, name={"nl": "Toelage voor kinderopvang", "fr": "Allocation de garde"}
    )
    names = {"nl": "Herkenning van nummerplaten", "fr": "Lecture de plaques"}
    return childcare.slug, create_published(container, world, name=names, **plates).slug


def test_searches_of_the_same_shape_reuse_their_compiled_statements(
    container: Container, world: dict[str, Any], compiled: list[str]
) -> None:
    childcare, plates = childcare_and_plates(container, world)
    assert search(container, "kinderopvang") == [childcare]
    compiled.clear()
    assert search(container, "nummerplaten") == [plates]
    assert search(container, "plaques") == [plates]
    assert compiled == []


def test_searches_of_the_same_shape_run_the_same_statements_with_other_values(
    container: Container, world: dict[str, Any], executed: list[Any]
) -> None:
    childcare, plates = childcare_and_plates(container, world, lifecycle_status="retired")
    in_use = SearchFilters(lifecycle_status="in_use")
    executed.clear()
    assert search(container, "kinderopvang", in_use) == [childcare]
    first = [id(statement) for statement in executed]
    executed.clear()
    retired = SearchFilters(lifecycle_status="retired")
    assert search(container, "nummerplaten", retired) == [plates]
    assert [id(statement) for statement in executed] == first
    assert search(container, "kinderopvang", retired) == []


def test_a_renamed_organisation_is_named_anew_in_the_search_filter_even_when_cached(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    create_published(container, world)
    alpha = world["organisations"]["alpha"]
    with browser(app) as visitor:
        before = visitor.get("/systems", headers={"Accept-Language": "nl"}).text
        assert '<option value="alpha">alpha NL</option>' in before
        with container.uow() as uow:
            organisations.update_organisation(
                uow,
                actor=actor_of(world, "admin"),
                organisation_id=alpha.id,
                changes=replace(alpha, name=LocalizedText(fr="Alpha renommée", nl="Alfa nieuw")),
            )
            uow.commit()
        page = visitor.get("/systems", headers={"Accept-Language": "nl"}).text
    # the filter names it anew; the published record keeps the name it was published with
    assert '<option value="alpha">Alfa nieuw</option>' in page
