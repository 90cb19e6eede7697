"""The portal's sort choice (relevance, name, most recently published) and the latest published
systems on the home page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI
from web_support import browser

from balise.bootstrap import Container
from register_support import create_published


def names(*texts: str) -> dict[str, Any]:
    return {"name": {"nl": texts[0], "fr": texts[1]}}


@pytest.fixture
def three(container: Container, world: dict[str, Any]) -> list[str]:
    """Three systems about childcare, published in this order."""
    made = [
        create_published(
            container,
            world,
            **names("Toelage voor kinderopvang: berekening", "Calcul de l'allocation de garde"),
            description_short={"nl": "Toelage, toelage en nog eens toelage voor kinderopvang."},
        ),
        create_published(
            container,
            world,
            **names("Agenda van de kinderopvang", "Agenda de la garde d'enfants"),
            description_short={"nl": "Plaatsen in de kinderopvang plannen."},
        ),
        create_published(
            container,
            world,
            **names("Berichten over kinderopvang", "Messages sur la garde d'enfants"),
            description_short={"nl": "Brieven over de kinderopvang vertalen."},
        ),
    ]
    return [record.slug for record in made]


def slugs(page: str) -> list[str]:
    return re.findall(r'<h3><a href="/systems/([^"]+)"', page)


def test_results_sort_by_name_or_most_recent_and_the_choice_stays_in_the_address(
    app: FastAPI, three: list[str]
) -> None:
    first, second, third = three
    with browser(app, language="nl") as client:
        by_name = client.get("/systems", params={"q": "kinderopvang", "sort": "name"})
        assert slugs(by_name.text) == [second, third, first]  # Agenda, Berichten, Toelage
        assert "Gesorteerd op naam." in by_name.text
        assert re.search(r'<option value="name" selected>Naam</option>', by_name.text)

        recent = client.get("/systems", params={"q": "kinderopvang", "sort": "recent"})
        assert slugs(recent.text) == [third, second, first]
        assert "Laatst gepubliceerde eerst." in recent.text
        everything = client.get("/systems", params={"sort": "recent"})
        assert slugs(everything.text) == [third, second, first]

        # Relevance is the default with words; without words the list is by name.
        relevant = client.get("/systems", params={"q": "toelage"})
        assert slugs(relevant.text)[0] == first
        assert "Gesorteerd op relevantie." in relevant.text
        assert slugs(client.get("/systems").text) == [second, third, first]

        # The JSON twin agrees, and its links keep the order.
        twin = client.get("/systems.json", params={"q": "kinderopvang", "sort": "recent"}).json()
        assert [system["slug"] for system in twin["systems"]] == [third, second, first]

        # An unknown order is ignored, like an unknown filter value.
        unknown = client.get("/systems", params={"q": "kinderopvang", "sort": "price"})
        assert unknown.status_code == 200
        assert "Gesorteerd op relevantie." in unknown.text


def test_the_sort_choice_is_a_labelled_field_of_the_search_form_in_every_language(
    app: FastAPI, three: list[str]
) -> None:
    expected = {
        "en": ("Sort by", "Most recently published"),
        "fr": ("Trier par", "Publication la plus récente"),
        "nl": ("Sorteren op", "Laatst gepubliceerd"),
        "de": ("Sortieren nach", "Zuletzt veröffentlicht"),
    }
    for language, (label, recent) in expected.items():
        with browser(app, language=language) as client:
            page = client.get("/systems", params={"sort": "recent"}).text
        assert f'<label for="field-sort">{label}</label>' in page
        assert re.search(r'<select id="field-sort" name="sort" form="portal-search"', page)
        assert f'<option value="recent" selected>{recent}</option>' in page


def test_pages_of_results_keep_the_order(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    for number in range(21):
        create_published(container, world, **names(f"Systeem {number:02}", f"Système {number}"))
    with browser(app, language="nl") as client:
        first = client.get("/systems", params={"sort": "recent"}).text
        assert "/systems?sort=recent&amp;page=2" in first
        assert "Systeem 20" in first
        second = client.get("/systems", params={"sort": "recent", "page": "2"}).text
        assert len(slugs(second)) == 1
        assert "Systeem 00" in second


def test_the_home_page_shows_the_latest_published_systems(app: FastAPI, three: list[str]) -> None:
    first, second, third = three
    with browser(app, language="fr") as client:
        page = client.get("/").text
    section = page.split('id="latest-title"', 1)[1].split("</section>", 1)[0]
    assert ">Systèmes publiés récemment</h2>" in page
    links = re.findall(r'<h3><a href="/systems/([^"]+)"', section)
    assert links == [third, second, first]
    assert "Messages sur la garde d" in section
    assert "Publié le " in section
    assert 'class="tag tag-' in section
    assert 'href="/systems?sort=recent"' in section


def test_the_home_page_has_no_latest_systems_before_any_publication(app: FastAPI) -> None:
    with browser(app) as client:
        page = client.get("/").text
    assert 'id="latest-title"' not in page
