"""The portal's search on both databases: stemming per language, filters, cursors, withdrawal."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from balise.bootstrap import Container
from balise.domain.register.search import Cursor, SearchFilters, SearchPage
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import Language
from balise.services import register
from register_support import actor_of, create_published

CHILDCARE = {
    "name": {
        "nl": "Berekening van de toelage voor kinderopvang",
        "fr": "Calcul de l'allocation de garde d'enfants",
        "de": "Berechnung der Leistung für Kinderbetreuung",
    },
    "description_short": {
        "nl": "Het systeem berekent de toelage per gezin.",
        "fr": "Le système calcule l'allocation par famille.",
        "de": "Das System berechnet die Leistung je Familie.",
    },
}
PARKING = {
    "name": {"nl": "Herkenning van nummerplaten", "fr": "Reconnaissance des plaques"},
    "description_short": {
        "nl": "Camera's lezen nummerplaten bij parkeergarages.",
        "fr": "Des caméras lisent les plaques dans les parkings.",
    },
    "lifecycle_status": "pilot",
    "risk_category": "high_risk",
}


def search(container: Container, text: str = "", **options: Any) -> SearchPage:
    cursor = options.pop("cursor", None)
    limit = options.pop("limit", 20)
    with container.uow(read_only=True) as uow:
        return uow.portal_search.search(
            text,
            SearchFilters(**options),
            Language.EN,
            cursor=Cursor.decode(cursor) if cursor else None,
            limit=limit,
        )


def slugs(page: SearchPage) -> list[str]:
    return [hit.slug for hit in page.hits]


@pytest.fixture
def published(container: Container, world: dict[str, Any]) -> dict[str, str]:
    childcare = create_published(container, world, **CHILDCARE)
    parking = create_published(container, world, **PARKING)
    return {"childcare": childcare.slug, "parking": parking.slug}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("toelagen", "childcare"),  # Dutch plural finds the singular
        ("allocations", "childcare"),  # French plural
        ("Leistungen", "childcare"),  # German plural
        ("nummerplaat", "parking"),  # Dutch singular finds the plural
        ("plaque", "parking"),
        ("caméra", "parking"),  # accents and plural
        ("kinderop", "childcare"),  # the last word as a prefix, while typing
        ("alpha NL", "childcare"),  # the organisation's name
    ],
)
def test_each_language_is_searched_with_its_own_stemming(
    container: Container, published: dict[str, str], query: str, found: str
) -> None:
    page = search(container, query)
    assert published[found] in slugs(page), (query, slugs(page))
    if found == "parking" or query == "toelagen":
        assert slugs(page) == [published[found]]


def test_all_words_must_match_and_syntax_is_not_interpreted(
    container: Container, published: dict[str, str]
) -> None:
    assert slugs(search(container, "toelage nummerplaten")) == []
    for hostile in ('"', "NEAR(", "fr:", "toelage OR", "' & !", "*", "{nl}:x", "\\"):
        page = search(container, hostile)
        assert isinstance(page.total, int)
    assert slugs(search(container, "toelage OR")) == []  # "or" is a word like any other


def test_without_a_query_everything_is_listed_by_name(
    container: Container, published: dict[str, str]
) -> None:
    page = search(container)
    assert slugs(page) == [published["childcare"], published["parking"]]  # B before H
    assert page.total == 2
    assert not page.total_capped


def test_filters(container: Container, published: dict[str, str], world: dict[str, Any]) -> None:
    alpha = world["organisations"]["alpha"].id
    beta = world["organisations"]["beta"].id
    assert slugs(search(container, lifecycle_status="pilot")) == [published["parking"]]
    assert slugs(search(container, risk_category="high_risk")) == [published["parking"]]
    assert slugs(search(container, risk_category="not_assessed")) == [published["childcare"]]
    assert slugs(search(container, language=Language.DE)) == [published["childcare"]]
    assert len(search(container, language=Language.FR).hits) == 2
    assert len(search(container, organisation_id=alpha).hits) == 2
    assert search(container, organisation_id=beta).hits == []
    assert len(search(container, level="other_public", sector="public_administration").hits) == 2
    assert search(container, level="federal").hits == []
    assert slugs(search(container, "toelage", lifecycle_status="pilot")) == []


def test_withdrawn_systems_are_hidden_unless_asked_for(
    container: Container, published: dict[str, str], world: dict[str, Any]
) -> None:
    with container.uow() as uow:
        register.withdraw_system(
            uow, actor=actor_of(world, "reviewer"), slug=published["parking"], reason="Stopped."
        )
        uow.commit()
    assert slugs(search(container)) == [published["childcare"]]
    assert slugs(search(container, "nummerplaten")) == []
    shown = search(container, "nummerplaten", include_withdrawn=True)
    assert slugs(shown) == [published["parking"]]
    assert shown.hits[0].withdrawn
    assert shown.hits[0].withdrawal_reason == "Stopped."
    with container.uow(read_only=True) as uow:
        entry = uow.portal_search.entry(published["parking"])
    assert entry is not None
    assert entry.withdrawn


def test_a_record_past_its_revision_date_is_stale(
    container: Container, world: dict[str, Any]
) -> None:
    record = create_published(container, world, revision_date="2020-01-31")
    hit = search(container).hits[0]
    assert hit.slug == record.slug
    assert hit.revision_date == date(2020, 1, 31)
    assert hit.is_stale(date(2020, 2, 1))
    assert not hit.is_stale(date(2020, 1, 31))


@pytest.mark.parametrize("query", ["", "gemeente"])
def test_cursors_walk_every_page_once_even_when_records_are_added(
    container: Container, world: dict[str, Any], query: str
) -> None:
    made = []
    for number in range(7):
        made.append(
            create_published(
                container,
                world,
                name={"nl": f"Gemeente dienst {number}", "fr": f"Service communal {number}"},
                description_short={
                    "nl": "Een gemeente " + "gemeente " * number,
                    "fr": "Une commune.",
                },
            ).slug
        )
    seen: list[str] = []
    cursor = None
    for turn in range(10):
        page = search(container, query, limit=3, cursor=cursor)
        assert page.total == 7 + (1 if turn and not query else 0)
        seen.extend(slugs(page))
        # A new record sorting first must not shift the pages that follow. (By relevance, bm25
        # weighs words by how rare they are in all records, so there a new one may reorder.)
        if turn == 0 and not query:
            create_published(
                container,
                world,
                name={"nl": "Aaa gemeente extra", "fr": "Aaa commune"},
                description_short={"nl": "Een gemeente " + "gemeente " * 20, "fr": "Une."},
            )
        cursor = page.next_cursor
        if cursor is None:
            break
    assert sorted(seen) == sorted(made)
    assert len(seen) == len(set(seen))


def test_a_forged_cursor_is_a_validation_error(
    container: Container, published: dict[str, str]
) -> None:
    with pytest.raises(ValidationError):
        Cursor.decode("not-a-cursor")
    named = search(container, limit=1).next_cursor
    assert named is not None
    with pytest.raises(ValidationError):
        search(container, "toelage", cursor=named)
