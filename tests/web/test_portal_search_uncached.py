"""The portal's search with its cache turned off (BALISE_PORTAL_CACHE_ENTRIES=0), and the count
of a search for words past its cap."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from web_support import browser, csrf_of

from balise.adapters.db import portal_search
from balise.bootstrap import Container
from balise.config import Settings
from balise.web.page_cache import PageCache
from register_support import create_published


def test_the_cache_setting_defaults_to_on_and_zero_turns_it_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Settings().portal_cache_entries == 2048
    monkeypatch.setenv("BALISE_PORTAL_CACHE_ENTRIES", "0")
    assert Settings().portal_cache_entries == 0


def test_without_the_cache_every_search_runs_and_keeps_nothing(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    app.state.page_cache = PageCache[bytes](max_entries=0)
    app.state.api_cache = PageCache[dict[str, Any]](max_entries=0)
    create_published(container, world)
    with browser(app) as visitor:
        token = csrf_of(visitor)
        page = visitor.get("/systems?q=studietoelagen")
        assert page.status_code == 200
        assert f'value="{token}"' in page.text
        assert "1 AI system found." in page.text
        create_published(container, world, name={"nl": "Studietoelagen voor volwassenen"})
        assert len(visitor.get("/systems.json?q=studietoelagen").json()["systems"]) == 2
        api = visitor.get("/api/v1/systems?q=studietoelagen")
        assert api.status_code == 200
        assert len(api.json()["systems"]) == 2
    assert len(app.state.page_cache) == 0
    assert len(app.state.api_cache) == 0


def test_a_capped_count_says_more_than_the_cap(
    app: FastAPI, container: Container, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(portal_search, "WORDS_COUNT_CAP", 1)
    create_published(container, world)
    create_published(container, world, name={"nl": "Studietoelagen voor volwassenen"})
    with browser(app) as visitor:
        page = visitor.get("/systems?q=studietoelagen", headers={"Accept-Language": "en"})
        found = visitor.get("/systems.json?q=studietoelagen").json()
    assert "More than 1 AI systems found." in page.text
    assert (found["total"], found["total_is_exact"]) == (1, False)
    assert len(found["systems"]) == 2
