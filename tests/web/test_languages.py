"""Languages: how a page's language is chosen and remembered, and what is shown in it."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_datetime
from babel.numbers import format_decimal, format_percent
from fastapi import FastAPI
from fastapi.testclient import TestClient
from markupsafe import escape
from web_support import (
    EMAILS,
    assert_problem,
    browser,
    html_lang,
    post_form,
    rows,
    set_cookie_headers,
    sign_in,
)

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.organisations.model import (
    Organisation,
    OrganisationKind,
    Sector,
    SizeClass,
)
from balise.domain.shared.i18n import Language, LocalizedText, Message
from balise.i18n import translate, translations
from balise.services import jobs, organisations

BRUSSELS = ZoneInfo("Europe/Brussels")
# Strings every page shows (base.html); the test picks one the Dutch catalogue translates.
PAGE_STRINGS = (
    "Skip to main content",
    "Organisations",
    "Sign in",
    "Main menu",
    "Language",
    "Balise — the one-stop shop for trustworthy AI in Belgium.",
)
FALLBACK_NOTE = "Not available in your language; shown in %(language)s."


def translated_in(language: Language, candidates: tuple[str, ...]) -> tuple[str, str]:
    """A source string and its translation, from those the catalogue already has."""
    catalogue = translations(language)
    for source in candidates:
        text = catalogue.ugettext(source)
        if text != source:
            return source, text
    pytest.fail(f"the {language.value} catalogue translates none of {candidates}")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("nl-BE", "nl"),
        ("nl-BE,nl;q=0.9,en;q=0.5", "nl"),
        ("de-CH;q=0.9, en;q=0.8", "de"),
        ("en;q=0.1, nl;q=0.9", "nl"),
        ("fr-BE", "fr"),
        ("en-GB", "en"),
        ("es, it;q=0.5", "fr"),  # neither is offered: the site's default
        ("", "fr"),
        ("nl;q=bogus, de", "de"),
    ],
)
def test_language_from_accept_language(app: FastAPI, header: str, expected: str) -> None:
    with browser(app, language=header) as client:
        for path in ("/", "/organisations", "/login"):
            response = client.get(path)
            assert response.status_code == 200
            assert html_lang(response) == expected, path
            assert response.headers["content-language"] == expected


def test_dutch_page_shows_dutch_text(app: FastAPI) -> None:
    source, dutch = translated_in(Language.NL, PAGE_STRINGS)
    with browser(app, language="nl-BE") as client:
        page = client.get("/").text
    assert str(escape(dutch)) in page
    with browser(app, language="en") as client:
        assert str(escape(source)) in client.get("/").text


def test_problem_titles_and_error_pages_follow_the_language(app: FastAPI) -> None:
    with browser(app, language="fr-BE") as client:
        body = assert_problem(client.get("/api/v1/me"), 401)
        assert body["title"] == translate(Message("Sign in to continue."), Language.FR)
        missing = client.get("/organisations/nowhere")
        assert missing.status_code == 404
        assert html_lang(missing) == "fr"
        assert (
            str(escape(translate(Message("There is no such organisation."), Language.FR)))
            in missing.text
        )


def test_cookie_choice_wins_over_accept_language(app: FastAPI) -> None:
    with browser(app, language="nl-BE") as client:
        client.cookies.set("balise_lang", "de")
        response = client.get("/organisations")
        assert html_lang(response) == "de"
        assert response.headers["content-language"] == "de"
        client.cookies.set("balise_lang", "xx")  # not a language of the site: ignored
        assert html_lang(client.get("/organisations")) == "nl"


def test_choosing_a_language_is_remembered_in_a_cookie(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    with browser(app, language="en") as client:
        response = post_form(client, "/language", {"language": "nl", "next": "/organisations"})
        assert response.status_code == 303
        assert response.headers["location"] == "/organisations"
        (cookie,) = set_cookie_headers(response, "balise_lang")
        assert cookie.startswith("balise_lang=nl")
        assert "HttpOnly" in cookie
        assert "samesite=lax" in cookie.lower()
        assert "Max-Age=31536000" in cookie
        page = client.get("/organisations")
        assert html_lang(page) == "nl"
        assert 'aria-current="true">Nederlands' in page.text
        # Someone not signed in has no profile to save it in.
        assert rows(container, "SELECT language FROM users WHERE language IS NOT NULL") == []

        off_site = post_form(client, "/language", {"language": "fr", "next": "https://x.example"})
        assert off_site.headers["location"] == "/"
        unknown = post_form(client, "/language", {"language": "tlh", "next": "/login"})
        assert unknown.status_code == 303
        assert unknown.headers["location"] == "/login"
        assert set_cookie_headers(unknown, "balise_lang") == []
        assert html_lang(client.get("/")) == "fr"


def test_a_signed_in_choice_is_saved_and_restored_at_the_next_sign_in(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    with browser(app, language="en") as client:
        sign_in(client, EMAILS["editor"])
        assert post_form(client, "/language", {"language": "nl", "next": "/"}).status_code == 303
        assert client.get("/api/v1/me").json()["language"] == "nl"
    saved = rows(container, "SELECT id, language FROM users WHERE email = :e", e=EMAILS["editor"])
    assert saved[0].language == "nl"
    with container.uow(read_only=True) as uow:
        (changed,) = [
            event
            for event in uow.audit_log.history("user", str(saved[0].id))
            if event.event_type == "user.language_changed"
        ]
    assert changed.before == {"language": None}
    assert changed.after == {"language": "nl"}

    with browser(app, language="fr") as elsewhere:  # another browser, French by default
        assert html_lang(elsewhere.get("/")) == "fr"
        response = sign_in(elsewhere, EMAILS["editor"])
        (cookie,) = set_cookie_headers(response, "balise_lang")
        assert cookie.startswith("balise_lang=nl")
        assert html_lang(elsewhere.get("/account")) == "nl"

    with browser(app, language="de") as fresh:  # someone who never chose keeps their browser's
        response = sign_in(fresh, EMAILS["reviewer"])
        assert set_cookie_headers(response, "balise_lang") == []
        assert html_lang(fresh.get("/account")) == "de"


def test_dates_are_formatted_for_the_reader(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    with container.uow(read_only=True) as uow:
        (event,) = uow.audit_log.history("organisation", str(world["organisations"]["alpha"].id))
    shown = {}
    for language in ("fr", "en", "nl", "de"):
        with browser(app, language=language) as client:
            sign_in(client, EMAILS["regulator"])
            page = client.get("/organisations/alpha/history")
        expected = format_datetime(
            event.occurred_at, format="medium", tzinfo=BRUSSELS, locale=language
        )
        assert str(escape(expected)) in page.text, language
        shown[language] = expected
    assert len(set(shown.values())) == 4
    assert event.occurred_at.isoformat() not in shown["en"]


def test_numbers_are_formatted_for_the_reader(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    with container.uow() as uow:
        job = jobs.start_job(
            uow, actor=Actor(user=world["users"]["admin"]), kind="audit_log.verify", params={}
        )
        uow.jobs.update(job.id, done=1234, total=5678)
        uow.commit()
    pages = {}
    for language in ("en", "fr", "de"):
        with browser(app, language=language) as client:
            sign_in(client, EMAILS["admin"])
            page = client.get(f"/jobs/{job.id}/progress")
            assert page.status_code == 200
        for value in (
            format_decimal(1234, locale=language),
            format_decimal(5678, locale=language),
            format_percent(0.22, locale=language),
        ):
            assert str(escape(value)) in page.text, (language, value)
        pages[language] = page.text
    assert format_decimal(1234, locale="en") == "1,234"
    assert format_decimal(1234, locale="fr") != format_decimal(1234, locale="en")
    assert "1,234" not in pages["fr"]


def make_french_only(container: Container, world: dict[str, Any]) -> None:
    with container.uow() as uow:
        organisations.create_organisation(
            uow,
            actor=Actor(user=world["users"]["admin"]),
            organisation=Organisation(
                slug="seulement",
                name=LocalizedText(fr="Service public fédéral <Test>"),
                kind=OrganisationKind.PUBLIC_BODY,
                size_class=SizeClass.LARGE,
                sector=Sector.PUBLIC_ADMINISTRATION,
            ),
        )
        uow.commit()


@pytest.mark.parametrize("language", [Language.DE, Language.EN, Language.NL])
def test_text_missing_in_the_readers_language_falls_back_visibly(
    app: FastAPI, container: Container, world: dict[str, Any], language: Language
) -> None:
    make_french_only(container, world)
    french = {Language.DE: "Französisch", Language.EN: "French", Language.NL: "Frans"}[language]
    note = translate(Message(FALLBACK_NOTE), language) % {"language": french}  # in the reader's
    fallback = (
        '<span lang="fr">Service public fédéral &lt;Test&gt;</span> '
        f'<span class="fallback-note">({escape(note)})</span>'
    )
    with browser(app, language=language.value) as client:
        page = client.get("/organisations/seulement")
        assert html_lang(page) == language.value
        assert fallback in page.text
        listing = client.get("/organisations")
        assert fallback in listing.text
        # The JSON twin gives the text as it is, without inventing a translation.
        assert client.get("/organisations/seulement.json").json()["name"] == {
            "fr": "Service public fédéral <Test>"
        }


def test_text_in_the_readers_language_has_no_fallback_note(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    make_french_only(container, world)
    with browser(app, language="fr") as client:
        page = client.get("/organisations/seulement")
    assert html_lang(page) == "fr"
    assert 'class="fallback-note"' not in page.text
    assert "<h1>Service public fédéral &lt;Test&gt;</h1>" in page.text


def test_language_switch_is_on_every_page(browsers: dict[str, TestClient]) -> None:
    for path in ("/", "/organisations", "/organisations/alpha", "/account"):
        page = browsers["editor"].get(path).text
        assert 'action="/language"' in page
        for language, name in (
            ("fr", "Français"),
            ("nl", "Nederlands"),
            ("de", "Deutsch"),
            ("en", "English"),
        ):
            assert f'value="{language}" lang="{language}"' in page
            assert name in page
        assert f'name="next" value="{path}"' in page
