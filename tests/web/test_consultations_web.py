"""Consultations on the web: a comment in Dutch, moderation, the answer, open data, the API."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from typing import Any

from fastapi.testclient import TestClient
from web_support import post_form

from balise.adapters.mail.smtp import SmtpMailer
from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.consultations.model import ConsultationState, Section
from balise.domain.shared.i18n import LocalizedText
from balise.services import consultations
from consultations_support import given, make_open_consultation
from monitoring_helpers import smtp_server


def test_staff_create_a_consultation_in_four_languages_with_every_error_at_once(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    admin = browsers["admin"]
    assert "/consultations/new" in admin.get("/consultations").text
    assert "/consultations/new" not in browsers["anonymous"].get("/consultations").text
    refused = post_form(
        admin,
        "/consultations/new",
        {"slug": "Bad Slug", "opens_on": "2026-12-10", "closes_on": "2026-12-01"},
    )
    assert refused.status_code == 422
    for name in ("slug", "organiser", "title", "summary", "closes_on", "sections"):
        assert f'href="#field-{name}"' in refused.text, name
    values = {
        "slug": "draft-ai",
        "organiser": "SPF BOSA",
        "opens_on": "2026-01-01",
        "closes_on": "2030-12-31",
        "section2_title_nl": "Toezicht",
        "section2_text_nl": "Een mens beslist.",
        "section2_title_de": "Aufsicht",
    }
    for lang in ("fr", "nl", "de", "en"):
        values[f"title_{lang}"] = f"IA {lang}"
        values[f"summary_{lang}"] = f"Résumé {lang}"
    # only the second fieldset is filled in: it becomes the first section
    created = post_form(admin, "/consultations/new", values)
    assert created.status_code == 303
    assert browsers["anonymous"].get("/consultations/draft-ai").status_code == 404  # a draft
    opened = post_form(browsers["regulator"], "/consultations/draft-ai/state", {"state": "open"})
    assert opened.status_code == 303
    # a fieldset with a text and no title: the error names that fieldset
    other = post_form(
        admin, "/consultations/new", {**values, "slug": "other", "section3_text_fr": "x"}
    )
    assert other.status_code == 422
    assert 'href="#field-section3_title"' in other.text
    page = browsers["anonymous"].get("/consultations/draft-ai", headers={"Accept-Language": "de"})
    assert page.status_code == 200
    assert "IA de" in page.text
    assert 'id="state">' in page.text
    assert post_form(browsers["editor"], "/consultations/new", values).status_code == 403


def test_a_citizen_comments_staff_moderate_and_answer_and_the_answer_is_public(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    ids = make_open_consultation(container, world)
    slug, section = ids["slug"], ids["section_id"]
    citizen = browsers["anonymous"]
    citizen.headers["Accept-Language"] = "nl"
    page = citizen.get(f"/consultations/{slug}/sections/{section}")
    assert page.status_code == 200
    assert "Transparency (nl)" in page.text
    assert "Add a deadline." in page.text  # the published one
    assert "Second" not in page.text  # the pending one
    empty = post_form(citizen, f"/consultations/{slug}/sections/{section}/contributions", {})
    assert empty.status_code == 422
    assert 'id="error-text"' in empty.text
    assert 'id="error-consent"' in empty.text
    with smtp_server() as (inbox, port):
        container.__dict__["mailer"] = SmtpMailer(host="127.0.0.1", port=port, sender="b@x.be")
        sent = post_form(
            citizen,
            f"/consultations/{slug}/sections/{section}/contributions",
            {
                "text": '=HYPERLINK("http://x")\nVoeg een termijn toe.',
                "display_name": "Els",
                "email": "els@example.be",
                "language": "nl",
                "consent": "1",
            },
        )
        assert sent.status_code == 201, sent.text
        number = re.search(r"/contributions/(\d+)/erase", sent.text)
        assert number is not None
        contribution = number.group(1)
        staff = browsers["regulator"]
        queue = staff.get(f"/consultations/{slug}/moderation")
        assert f'id="publish-{contribution}"' in queue.text
        assert "els@example.be" not in queue.text
        published = post_form(
            staff,
            f"/consultations/{slug}/contributions/{contribution}/moderate",
            {"decision": "publish"},
        )
        assert published.status_code == 303
        assert inbox.messages == []  # publication alone is not told
        summary = citizen.get(f"/consultations/{slug}")
        assert 'id="unanswered">2<' in summary.text
        bad = post_form(
            staff, f"/consultations/{slug}/contributions/{contribution}/answer", {"answer": ""}
        )
        assert bad.status_code == 422
        assert 'id="error-answer"' in bad.text
        assert 'id="error-status"' in bad.text
        assert 'id="error-answer_language"' in bad.text
        answered = post_form(
            staff,
            f"/consultations/{slug}/contributions/{contribution}/answer",
            {
                "answer": "Opgenomen in 3.2.",
                "status": "partly_taken_into_account",
                "answer_language": "nl",
            },
        )
        assert answered.status_code == 303
        assert [m["To"] for m in inbox.messages] == ["els@example.be"]
        assert "beantwoord" in inbox.messages[0]["Subject"]
    shown = citizen.get(f"/consultations/{slug}/sections/{section}")
    assert "Opgenomen in 3.2." in shown.text
    assert "Gedeeltelijk in aanmerking genomen" in shown.text
    assert 'id="unanswered">1<' in citizen.get(f"/consultations/{slug}").text
    # the state cannot become answered while a contribution waits
    closed = post_form(staff, f"/consultations/{slug}/state", {"state": "closed"})
    assert closed.status_code == 303
    refused = post_form(staff, f"/consultations/{slug}/state", {"state": "answered"})
    assert refused.status_code == 409
    # open data: no e-mail address, formulas neutralised
    data = citizen.get(f"/consultations/{slug}/contributions.csv")
    assert data.status_code == 200
    assert "example.be" not in data.text
    rows = list(csv.DictReader(io.StringIO(data.text)))
    assert [r["contribution_id"] for r in rows] == [ids["published_id"], contribution]
    assert rows[1]["text"].startswith("'=HYPERLINK")
    assert rows[1]["answer_status"] == "partly_taken_into_account"
    document = citizen.get(f"/consultations/{slug}/contributions.json").json()
    assert "example.be" not in str(document)
    assert document["contributions"][1]["answer"] == "Opgenomen in 3.2."


def test_the_author_erases_the_address_and_the_api_tells_the_story(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    ids = make_open_consultation(container, world)
    slug, section = ids["slug"], ids["section_id"]
    client = browsers["anonymous"]
    listing = client.get("/api/v1/consultations").json()
    assert [c["slug"] for c in listing["consultations"]] == [slug]
    assert listing["consultations"][0]["figures"]["unanswered"] == 1
    one = client.get(f"/api/v1/consultations/{slug}").json()
    assert set(one["sections"][0]["title"]) == {"fr", "nl", "de", "en"}
    assert [c["id"] for c in one["sections"][0]["contributions"]] == [int(ids["published_id"])]
    assert one["open_data"]["json"].endswith("/contributions.json")
    created = client.post(
        f"/api/v1/consultations/{slug}/sections/{section}/contributions",
        json={"text": "Via de API", "language": "nl", "email": "x@example.be", "consent": True},
        headers={"X-CSRF-Token": client.cookies["balise_csrf"]},
    )
    assert created.status_code == 201, created.text
    erase = created.json()["erase_url"]
    path, key = erase.split("?key=")
    assert post_form(client, path, {"key": "wrong"}).status_code == 404
    assert post_form(client, path, {"key": key}).status_code == 200
    with container.uow() as uow:
        stored = uow.consultations.get_contribution(created.json()["id"])
        assert stored is not None
        assert stored.email == ""
    refused = client.post(
        f"/api/v1/consultations/{slug}/sections/{section}/contributions",
        json={"text": "", "consent": False},
        headers={"X-CSRF-Token": client.cookies["balise_csrf"]},
    )
    assert refused.status_code == 422
    fields = {e["field"] for e in refused.json()["errors"]}
    assert {"text", "consent"} <= fields
    assert client.get("/api/v1/consultations/nothing").status_code == 404


def answer_block(html: str, contribution: str) -> str:
    """The answer part of one contribution's article on a page."""
    found = re.search(
        rf'<article class="contribution" id="contribution-{contribution}">(.*?)</article>',
        html,
        re.S,
    )
    assert found is not None, contribution
    article = found.group(1)
    return article[article.index('<div class="answer">') :]


def test_an_answer_in_dutch_is_marked_as_dutch_on_a_french_page_and_in_the_open_data(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    ids = make_open_consultation(container, world)
    slug, section, published = ids["slug"], ids["section_id"], ids["published_id"]
    staff = browsers["regulator"]
    staff.headers["Accept-Language"] = "fr"
    form = staff.get(f"/consultations/{slug}/moderation").text
    # the select offers the four languages, named in the page's, the contribution's by default
    select = re.search(
        rf'<select id="answer-language-{published}" name="answer_language"[^>]*>(.*?)</select>',
        form,
        re.S,
    )
    assert select is not None
    assert re.findall(r'<option value="(\w+)"', select.group(1)) == ["fr", "nl", "de", "en"]
    assert '<option value="nl" selected>néerlandais</option>' in select.group(1)
    assert "Langue de la réponse à la contribution" in form
    answered = post_form(
        staff,
        f"/consultations/{slug}/contributions/{published}/answer",
        {
            "answer": "Opgenomen in hoofdstuk 3.",
            "status": "taken_into_account",
            "answer_language": "nl",
        },
    )
    assert answered.status_code == 303
    # the field holding the answer for revision is marked with the answer's language
    revision = staff.get(f"/consultations/{slug}/moderation").text
    assert re.search(rf'<textarea id="answer-{published}" [^>]*lang="nl">Opgenomen', revision)
    citizen = browsers["anonymous"]
    page = f"/consultations/{slug}/sections/{section}"
    french = citizen.get(page, headers={"Accept-Language": "fr"})
    assert '<html lang="fr"' in french.text
    block = answer_block(french.text, published)
    assert '<p class="answer-text" lang="nl">Opgenomen in hoofdstuk 3.</p>' in block
    assert "En néerlandais" in block
    # on a Dutch page the answer is in the page's language: nothing to mark
    dutch = citizen.get(page, headers={"Accept-Language": "nl"})
    assert '<p class="answer-text">Opgenomen in hoofdstuk 3.</p>' in answer_block(
        dutch.text, published
    )
    # the page's JSON twin, the API and both open data files say the answer's language
    twin = citizen.get(f"/consultations/{slug}.json").json()
    assert twin["sections"][0]["contributions"][0]["answer"]["language"] == "nl"
    api = citizen.get(f"/api/v1/consultations/{slug}").json()
    assert api["sections"][0]["contributions"][0]["answer"]["language"] == "nl"
    data = citizen.get(f"/consultations/{slug}/contributions.json").json()
    assert "answer_language" in data["columns"]
    assert data["contributions"][0]["answer_language"] == "nl"
    rows = list(
        csv.DictReader(io.StringIO(citizen.get(f"/consultations/{slug}/contributions.csv").text))
    )
    assert rows[0]["answer_language"] == "nl"
    # revising the answer in French: on the French page it is no longer marked
    revised = post_form(
        staff,
        f"/consultations/{slug}/contributions/{published}/answer",
        {
            "answer": "Repris au chapitre 3.",
            "status": "taken_into_account",
            "answer_language": "fr",
        },
    )
    assert revised.status_code == 303
    french = citizen.get(page, headers={"Accept-Language": "fr"})
    assert '<p class="answer-text">Repris au chapitre 3.</p>' in answer_block(
        french.text, published
    )


def test_an_answer_without_a_language_is_refused_with_the_other_errors(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    ids = make_open_consultation(container, world)
    slug, published = ids["slug"], ids["published_id"]
    staff = browsers["regulator"]
    staff.headers["Accept-Language"] = "fr"
    path = f"/consultations/{slug}/contributions/{published}/answer"
    refused = post_form(staff, path, {"answer": " "})
    assert refused.status_code == 422
    for name in ("answer", "status", "answer_language"):
        assert f'href="#field-{name}"' in refused.text, name
        assert f'id="error-{name}"' in refused.text, name
    assert "Choisissez la langue dans laquelle la réponse est écrite." in refused.text
    assert 'id="field-answer_language"' in refused.text
    assert 'aria-describedby="error-answer_language"' in refused.text
    unknown = post_form(
        staff, path, {"answer": "Merci.", "status": "taken_into_account", "answer_language": "xx"}
    )
    assert unknown.status_code == 422
    assert 'href="#field-answer_language"' in unknown.text
    assert 'href="#field-answer"' not in unknown.text
    with container.uow() as uow:
        stored = uow.consultations.get_contribution(int(published))
        assert stored is not None
        assert (stored.answered, stored.answer_language) == (False, None)


def test_a_title_in_french_only_reads_as_plain_text_in_a_dutch_browser_tab(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    admin = Actor(user=world["users"]["admin"])
    french = LocalizedText(fr="L'IA dans les services publics")
    with container.uow() as uow:
        only_french = replace(
            given("french-only", uow.clock.now().date()),
            title=french,
            sections=(Section(title=LocalizedText(fr="Transparence"), text=french),),
        )
        created = consultations.create_consultation(uow, actor=admin, given=only_french)
        consultations.move_consultation(
            uow, actor=admin, slug="french-only", to=ConsultationState.OPEN
        )
        uow.commit()
    dutch = {"Accept-Language": "nl"}
    citizen = browsers["anonymous"]
    section = f"/consultations/french-only/sections/{created.sections[0].id}"
    for path in ("/consultations/french-only", section):
        page = citizen.get(path, headers=dutch).text
        tab = re.search(r"<title>(.*?)</title>", page, re.S)
        assert tab is not None
        assert "<" not in tab.group(1), tab.group(1)
        assert "L&#39;IA dans les services publics" in tab.group(1)
        # the page itself marks the French title and says it is not in Dutch
        assert '<span lang="fr">L&#39;IA dans les services publics</span>' in page
