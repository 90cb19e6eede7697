"""The home page, the pages about Balise, "my work" and where signing in leads."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import EMAILS, browser, html_lang, post_form, set_cookie_headers, sign_in

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.register.search import SearchFilters
from balise.domain.shared.collation import sort_key
from balise.domain.shared.i18n import Language
from balise.services import register
from balise.services.demo import load_demo
from register_support import actor_of, create, create_published

LINKS_IN_EVERY_FOOTER = ('href="/about"', 'href="/privacy"', 'href="/accessibility"')


def test_home_searches_counts_and_leads_into_every_module(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    create_published(container, world)
    with browser(app) as client:
        page = client.get("/")
    assert page.status_code == 200
    text = page.text
    # A search straight into the portal.
    assert re.search(r'<form method="get" action="/systems"[^>]*role="search"', text)
    assert 'name="q"' in text
    # Key figures, counted from the register.
    figure = r'figure-value">1</span>\s*<span class="figure-label">AI system published'
    assert re.search(figure, text)
    # Every module, each with a way in that exists.
    for path in (
        "/systems",
        "/aiact",
        "/requests/new",
        "/incidents",
        "/panels",
        "/observatory",
        "/open-data",
    ):
        assert f'href="{path}"' in text, path
    # Nothing for staff only is offered to the public.
    assert 'href="/assessments"' not in text
    with browser(app) as client:
        for path in re.findall(r'href="(/[^"#?]*)"', text):
            if path.startswith(("/api/", "/static/")):
                continue
            assert client.get(path).status_code == 200, path


def test_the_home_page_in_every_language(app: FastAPI, world: dict[str, Any]) -> None:
    for language in ("fr", "nl", "de", "en"):
        with browser(app, language=language) as client:
            page = client.get("/")
        assert html_lang(page) == language
        assert "Balise" in page.text


@pytest.mark.parametrize("path", ["/about", "/privacy", "/accessibility"])
def test_pages_about_balise_are_public_and_linked_from_every_footer(
    app: FastAPI, world: dict[str, Any], path: str
) -> None:
    for language in ("fr", "nl", "de", "en"):
        with browser(app, language=language) as client:
            page = client.get(path)
            assert page.status_code == 200
            assert html_lang(page) == language
            for link in LINKS_IN_EVERY_FOOTER:
                assert link in page.text
            for other in ("/", "/systems", "/organisations", "/login"):
                assert all(link in client.get(other).text for link in LINKS_IN_EVERY_FOOTER)


def test_the_privacy_notice_gives_the_configured_retention(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    days = container.settings.monitoring_retention_days
    with browser(app) as client:
        page = client.get("/privacy").text
    assert f"erased {days} days after your request is answered" in page
    assert "balise_session" in page
    assert "Data Protection Authority" in page


def test_the_accessibility_statement_has_what_the_law_asks(
    app: FastAPI, world: dict[str, Any]
) -> None:
    with browser(app) as client:
        page = client.get("/accessibility").text
    for part in (
        "Conformance status",
        "WCAG",
        "2.1",
        "Known limitations",
        "Feedback and contact",
        "Enforcement procedure",
        "Federal Ombudsman",
        "Date of this statement",
        "2016/2102",
    ):
        assert part in page, part


def test_staff_land_on_my_work_which_lists_what_waits_for_them(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    draft = create(
        container, world, name={"nl": "Premieaanvragen sorteren", "fr": "Tri des demandes"}
    )
    with container.uow() as uow:
        register.submit_system(uow, actor=actor_of(world, "editor"), slug=draft.slug)
        uow.commit()
    with browser(app) as client:
        response = sign_in(client, EMAILS["reviewer"])
        assert response.headers["location"] == "/my-work"
        page = client.get("/my-work")
    assert page.status_code == 200
    assert "Records waiting for your review" in page.text
    assert re.search(r'<p class="figure-value">1</p>', page.text)
    with browser(app) as client:
        sign_in(client, EMAILS["regulator"])
        page = client.get("/my-work").text
    assert "Serious incidents being followed" in page
    assert "Assessments notified to the authority" in page


def test_my_work_needs_an_account(app: FastAPI, world: dict[str, Any]) -> None:
    with browser(app) as client:
        response = client.get("/my-work", follow_redirects=False)
    assert response.status_code in (302, 303)
    assert "/login" in response.headers["location"]


def test_signing_in_keeps_the_language_chosen_before(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    with browser(app, language="en") as client:
        sign_in(client, EMAILS["editor"])
        post_form(client, "/language", {"language": "nl", "next": "/"})  # saved in the profile
    with browser(app, language="en") as client:
        assert post_form(client, "/language", {"language": "de", "next": "/login"}).status_code
        response = sign_in(client, EMAILS["editor"])
        assert set_cookie_headers(response, "balise_lang") == []  # the choice stays
        assert html_lang(client.get("/my-work")) == "de"


def test_a_page_asked_for_before_signing_in_comes_first(
    app: FastAPI, world: dict[str, Any]
) -> None:
    with browser(app) as client:
        response = post_form(
            client,
            "/login",
            {
                "email": EMAILS["editor"],
                "password": "a long enough test password",
                "next": "/account",
            },
        )
    assert response.headers["location"] == "/account"


def test_names_sort_as_readers_expect() -> None:
    names = ["Communauté française", "zone", "École", "Centre hospitalier", "Ärzte", "Banque"]
    assert sorted(names, key=sort_key) == [
        "Ärzte",
        "Banque",
        "Centre hospitalier",
        "Communauté française",
        "École",
        "zone",
    ]


def test_the_portal_filter_lists_organisations_by_their_shown_name(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    create_published(container, world)
    page = browsers["anonymous"].get("/systems").text
    options = re.findall(r'<option value="([a-z0-9-]+)"[^>]*>([^<]+)</option>', page)
    organisations = [label for value, label in options if value in world["organisations"]]
    assert organisations == sorted(organisations, key=sort_key)


HINTS = (
    "Words in French, Dutch, German or English, e.g. “chatbot”, “fraude” or “vacature”.",
    "A word from a system's name or purpose, in French, Dutch, German or English, e.g. "
    "“chatbot”, “fraude” or “vacature”.",
)


def test_the_search_hints_examples_find_demo_systems(container: Container) -> None:
    """The words the portal and the home page suggest each find something in the demo."""
    with container.uow() as uow:
        load_demo(uow, seeders=())
        uow.commit()
    words = {word for hint in HINTS for word in re.findall(r"“([^”]+)”", hint)}
    assert words == {"chatbot", "fraude", "vacature"}
    with container.uow(read_only=True) as uow:
        for word in sorted(words):
            for language in Language:
                found = register.search_portal(
                    uow,
                    actor=Actor(),
                    query=word,
                    filters=SearchFilters(),
                    language=language,
                )
                assert found.total > 0, (word, language)
