"""The guichet on the web: guides and their Markdown, the desk in Dutch, the FAQ, the API."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from babel.dates import format_date
from fastapi import FastAPI
from fastapi.testclient import TestClient
from test_aiact_web import COMMUNE, run_anonymous
from web_support import browser, csrf_of, post_form

from balise.adapters.mail.smtp import SmtpMailer
from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.guichet.guides import GuideState, GuideText
from balise.domain.guichet.questions import add_working_days
from balise.domain.shared.clock import FixedClock
from balise.domain.shared.i18n import Language
from balise.services import guichet
from monitoring_helpers import smtp_server

DUTCH_QUESTION = {
    "asker_kind": "company",
    "subject": "Moet onze chatbot melden dat hij een AI is?",
    "text": "Wij bouwen een chatbot voor webwinkels.",
    "email": "info@voorbeeld.be",
    "language": "nl",
    "publish_consent": "1",
}


def publish_all(container: Container, world: dict[str, Any]) -> None:
    regulator = Actor(user=world["users"]["regulator"])
    with container.uow() as uow:
        for draft in guichet.load_shipped_guides(uow, actor=regulator):
            guichet.publish_guide(uow, actor=regulator, code=draft.code, version=draft.version)
        uow.commit()


def test_the_guides_are_listed_filtered_and_rendered_in_dutch(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    publish_all(container, world)
    reader = browsers["anonymous"]
    reader.headers["Accept-Language"] = "nl"
    listing = reader.get("/guides")
    assert listing.status_code == 200
    assert listing.text.count('class="badge"') == 8
    assert "De effectbeoordeling op de grondrechten (FRIA)" in listing.text
    only = reader.get("/guides", params={"obligation": "fria"})
    assert only.text.count('class="badge"') == 1
    page = reader.get("/guides/fria")
    assert page.status_code == 200
    assert '<html lang="nl"' in page.text
    assert "<h2>Wie moet ze maken</h2>" in page.text
    # the article, cited in Dutch, not the internal code; the guide's articles likewise
    assert "<strong>art. 27</strong>: " in page.text
    assert "<dd>art. 27, bijlage III</dd>" in page.text
    tables = reader.get("/guides/deployer-high-risk")
    assert "<table>" in tables.text
    assert reader.get("/guides/no-such-guide").status_code == 404


def test_a_guide_s_markdown_cannot_carry_a_script_or_a_javascript_link(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    regulator = Actor(user=world["users"]["regulator"])
    with container.uow() as uow:
        guichet.load_shipped_guides(uow, actor=regulator)
        draft = uow.guides.get("fria", 1)
        assert draft is not None
        hostile = GuideText(
            "T",
            "S",
            "<script>alert(1)</script>\n\n[click](javascript:alert(1)) <img src=x onerror=a>",
        )
        uow.guides.add(replace(draft, version=2, id=None, texts={Language.EN: hostile}))
        guichet.publish_guide(uow, actor=regulator, code="fria", version=2)
        uow.commit()
    page = browsers["anonymous"].get("/guides/fria")
    body = page.text.split('class="lead"', 1)[1].split("</article>", 1)[0]
    assert "<script>alert" not in body
    assert "&lt;script&gt;" in body
    assert 'href="javascript' not in body
    assert "<img" not in body
    assert 'lang="en"' in page.text  # shown in English, marked as such


def test_the_api_lists_the_guides_of_an_obligation(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    publish_all(container, world)
    client = browsers["anonymous"]
    body = client.get("/api/v1/guides", params={"obligation": "fria"}).json()
    assert [g["code"] for g in body["guides"]] == ["fria"]
    assert set(body["guides"][0]["texts"]) == {"fr", "nl", "de", "en"}
    both = client.get("/api/v1/guides", params={"obligation": "deployer_registration"}).json()
    assert {g["code"] for g in both["guides"]} == {"deployer-high-risk", "registration"}
    assert len(client.get("/api/v1/guides").json()["guides"]) == 8
    one = client.get("/api/v1/guides/annex-iv-technical-documentation").json()
    assert one["kind"] == "template"
    assert client.get("/api/v1/guides/nothing").status_code == 404


def test_the_regulator_reviews_drafts_before_the_public_sees_them(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    admin, regulator = browsers["admin"], browsers["regulator"]
    loaded = post_form(admin, "/guichet/guides/load", {})
    assert loaded.status_code == 303
    assert loaded.headers["location"] == "/guichet/guides?added=8"
    assert browsers["anonymous"].get("/api/v1/guides").json()["guides"] == []
    versions = admin.get("/guichet/guides")
    assert "/publish" not in versions.text  # only the regulator publishes
    assert "/guichet/guides/fria/1/publish" in regulator.get("/guichet/guides").text
    published = post_form(regulator, "/guichet/guides/fria/1/publish", {})
    assert published.headers["location"] == "/guides/fria"
    with container.uow() as uow:
        found = uow.guides.get("fria", 1)
        assert found is not None
        assert found.state is GuideState.PUBLISHED


def test_a_question_asked_in_dutch_is_answered_published_and_measured(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    # Asked four days ago; answered now (the staff's session is valid only around now).
    now = datetime.now(UTC)
    clock = FixedClock(now - timedelta(days=4))
    container.clock = clock
    asker = browsers["anonymous"]
    asker.headers["Accept-Language"] = "nl"
    form = asker.get("/questions/new", params={"obligation": "disclose_ai_interaction"})
    assert "Een vraag stellen aan het loket over de AI-verordening" in form.text
    assert 'name="obligations" value="disclose_ai_interaction"' in form.text
    refused = post_form(asker, "/questions/new", {"asker_kind": "company"})
    assert refused.status_code == 422
    assert 'id="error-subject"' in refused.text
    with smtp_server() as (inbox, port):
        container.__dict__["mailer"] = SmtpMailer(host="127.0.0.1", port=port, sender="b@x.be")
        asked = post_form(
            asker, "/questions/new", {**DUTCH_QUESTION, "obligations": "disclose_ai_interaction"}
        )
        assert asked.status_code == 201, asked.text
        reference = re.search(r'id="reference">(QST-\d{4}-\d{6})<', asked.text)
        link = re.search(r'id="follow-up-link" href="([^"]+)"', asked.text)
        assert reference is not None
        assert link is not None
        ref = reference.group(1)
        due = add_working_days((now - timedelta(days=4)).date(), 10)
        assert f'id="due-on">{format_date(due, "long", locale="nl")}' in asked.text
        clock.at = now
        regulator = browsers["regulator"]
        inbox_page = regulator.get("/guichet")
        assert f'href="/guichet/questions/{ref}"' in inbox_page.text
        answered = post_form(
            regulator,
            f"/guichet/questions/{ref}/answer",
            {"answer": "Ja, vanaf 2 augustus 2026 (art. 50(1)).", "obligations": ""},
        )
        assert answered.status_code == 303
        assert [m["To"] for m in inbox.messages] == ["info@voorbeeld.be"] * 2
        assert "beantwoord" in inbox.messages[1]["Subject"]
    followed = asker.get(link.group(1))
    assert 'id="status">Beantwoord<' in followed.text
    assert "Ja, vanaf 2 augustus 2026" in followed.text
    published = post_form(
        regulator,
        f"/guichet/questions/{ref}/faq",
        {"faq_question": "Moet een chatbot het melden?", "faq_answer": "Ja (art. 50(1))."},
    )
    assert published.status_code == 303
    faq = asker.get("/faq", params={"obligation": "disclose_ai_interaction"})
    assert "Moet een chatbot het melden?" in faq.text
    assert asker.get("/api/v1/faq").json()["entries"][0]["reference"] == ref
    # the observatory's indicator reads the desk's times
    snapshot = post_form(regulator, "/observatory/snapshot", {})
    assert snapshot.status_code == 303
    indicators = asker.get("/observatory.json").json()["indicators"]
    by_code = {i["code"]: i for i in indicators}
    assert by_code["questions_median_response_days"]["value"] == 4.0
    assert by_code["questions_answered"]["value"] == 1.0


def test_the_question_desk_refuses_other_roles_and_hides_wrong_secrets(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    asked = post_form(browsers["anonymous"], "/questions/new", DUTCH_QUESTION)
    ref = re.search(r'id="reference">(QST-\d{4}-\d{6})<', asked.text)
    assert ref is not None
    assert browsers["anonymous"].get(f"/questions/{ref.group(1)}?key=wrong").status_code == 404
    assert browsers["editor"].get("/guichet").status_code == 403
    escalated = post_form(
        browsers["regulator"],
        f"/guichet/questions/{ref.group(1)}/escalate",
        {"note": ""},
    )
    assert escalated.status_code == 422
    assert 'id="error-note"' in escalated.text


def test_the_classifier_result_links_each_obligation_to_its_guides(
    app: FastAPI, world: dict[str, Any]
) -> None:
    client = browser(app)
    csrf_of(client)
    client.headers["Accept-Language"] = "nl"
    _, state = run_anonymous(client, COMMUNE)
    result = client.get("/aiact/result", params={"state": state})
    assert result.status_code == 200
    assert 'href="/guides?obligation=fria"' in result.text
    assert "Hoe eraan voldoen" in result.text
