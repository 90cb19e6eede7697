"""Relevance on both databases: the best match first, a bounded set of scored matches followed by
the others, prefixes only when the words as typed find nothing, counts capped for words."""

from __future__ import annotations

from typing import Any

import pytest

from balise.adapters.db import portal_search
from balise.bootstrap import Container
from balise.domain.register.search import Cursor, SearchFilters, SearchPage
from balise.domain.shared.i18n import Language
from register_support import create_published


def search(container: Container, text: str, **options: Any) -> SearchPage:
    cursor = options.pop("cursor", None)
    limit = options.pop("limit", 20)
    offset = options.pop("offset", 0)
    with container.uow(read_only=True) as uow:
        return uow.portal_search.search(
            text,
            SearchFilters(**options),
            Language.EN,
            cursor=Cursor.decode(cursor) if cursor else None,
            offset=offset,
            limit=limit,
        )


def slugs(page: SearchPage) -> list[str]:
    return [hit.slug for hit in page.hits]


def publish(container: Container, world: dict[str, Any], name: str, summary: str) -> str:
    return create_published(
        container,
        world,
        name={"en": name, "nl": name},
        description_short={"en": summary, "nl": summary},
    ).slug


def test_the_best_match_comes_first(container: Container, world: dict[str, Any]) -> None:
    # Registered best last and first: the order must come from the texts, not from the ids.
    best = publish(
        container,
        world,
        "Flood warning",
        "Flood forecasts: flood maps and flood alerts for every river.",
    )
    publish(container, world, "Tax office assistant", "Answers questions; one page on flood aid.")
    middle = publish(container, world, "River flood model", "Forecasts of river floods.")
    publish(container, world, "Parking permits", "Permits for residents.")
    page = search(container, "flood")
    assert page.total == 3
    assert slugs(page)[0] == best
    assert slugs(page)[1] == middle


def test_past_the_scored_matches_the_others_follow_newest_first(
    container: Container, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(portal_search, "RANKED", 3)
    made = [
        publish(container, world, f"Harbour service {number}", "Harbour " * (number % 3 + 1))
        for number in range(7)
    ]
    page = search(container, "harbour", limit=20)
    assert page.total == 7
    assert len(slugs(page)) == 7
    # The three most recent are scored and come first; the four others follow, newest first.
    assert sorted(slugs(page)[:3]) == sorted(made[4:])
    assert slugs(page)[3:] == made[3::-1]
    # Cursors and offsets walk the same list, across the two parts, once each.
    walked: list[str] = []
    cursor = None
    while True:
        step = search(container, "harbour", limit=2, cursor=cursor)
        walked.extend(slugs(step))
        cursor = step.next_cursor
        if cursor is None:
            break
    assert walked == slugs(page)
    by_offset = [search(container, "harbour", limit=2, offset=start) for start in (0, 2, 4, 6)]
    assert [slug for part in by_offset for slug in slugs(part)] == slugs(page)


def test_the_last_word_is_a_prefix_only_when_the_words_find_nothing(
    container: Container, world: dict[str, Any]
) -> None:
    word = publish(container, world, "Tide tables", "Tide levels for the coast.")
    longer = publish(container, world, "Tidewater gauges", "Tidewater sensors on the coast.")
    assert slugs(search(container, "tide")) == [word]  # the word as typed
    assert slugs(search(container, "tidew")) == [longer]  # not finished typing
    assert slugs(search(container, "coast tidewa")) == [longer]


def test_a_count_of_matches_for_words_is_capped(
    container: Container, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(portal_search, "RANKED", 2)
    monkeypatch.setattr(portal_search, "WORDS_COUNT_CAP", 4)
    for number in range(6):
        publish(container, world, f"Canal lock {number}", "A canal lock.")
    page = search(container, "canal", limit=2)
    assert (page.total, page.total_capped) == (4, True)
    assert len(slugs(page)) == 2
    assert page.next_cursor is not None
    listing = search(container, "", limit=2)
    assert (listing.total, listing.total_capped) == (6, False)  # no words: counted up to 10,000


def test_with_a_filter_the_same_order_and_count_come_from_one_pass(
    container: Container, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # With a filter, the newest matches are found and counted in one pass and only the first
    # are scored: the pages must be those of the same search without the filter.
    monkeypatch.setattr(portal_search, "RANKED", 3)
    for number in range(7):
        publish(container, world, f"Harbour service {number}", "Harbour " * (number % 3 + 1))
    alone = search(container, "harbour")
    filtered = search(container, "harbour", language=Language.EN)  # every record has English
    assert (filtered.total, filtered.total_capped) == (alone.total, False) == (7, False)
    assert slugs(filtered) == slugs(alone)
    by_offset = [
        search(container, "harbour", limit=2, offset=start, language=Language.EN)
        for start in (0, 2, 4, 6)
    ]
    assert [slug for part in by_offset for slug in slugs(part)] == slugs(alone)
    assert search(container, "harbour", language=Language.DE).total == 0
    monkeypatch.setattr(portal_search, "WORDS_COUNT_CAP", 4)
    capped = search(container, "harbour", limit=2, language=Language.EN)
    assert (capped.total, capped.total_capped) == (4, True)
    assert slugs(capped) == slugs(alone)[:2]
