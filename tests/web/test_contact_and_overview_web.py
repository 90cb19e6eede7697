"""The contact page, and the regulator's overview across organisations."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from web_support import EMAILS, browser, html_lang, sign_in

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.monitoring.incidents import IncidentCategory, IncidentReport, ReporterRole
from balise.domain.monitoring.requests import Contact, RequestInput, RequestKind
from balise.domain.shared.clock import FixedClock
from balise.domain.shared.i18n import Language
from balise.services import monitoring
from balise.web.app import create_app
from register_support import actor_of, create_published


def test_contact_page_names_who_answers_what_in_every_language(
    app: FastAPI, world: dict[str, Any]
) -> None:
    for language in ("fr", "nl", "de", "en"):
        with browser(app, language=language) as client:
            page = client.get("/contact")
            assert page.status_code == 200
            assert html_lang(page) == language
            for path in ("/requests/new", "/questions/new", "/faq", "/privacy", "/accessibility"):
                assert f'href="{path}"' in page.text, path
            assert 'href="/contact"' in client.get("/").text  # in every footer


def test_contact_page_gives_the_configured_addresses(
    world: dict[str, Any], variant_of: Callable[..., Container]
) -> None:
    configured = variant_of(
        operator_name="Service public fédéral Stratégie et Appui",
        contact_email="balise@bosa.example",
        data_protection_email="dpo@bosa.example",
    )
    with browser(create_app(configured)) as client:
        page = client.get("/contact").text
    assert "run by Service public fédéral Stratégie et Appui" in page
    assert 'href="mailto:balise@bosa.example"' in page
    assert 'href="mailto:dpo@bosa.example"' in page
    # No accessibility address of its own: the general one stands in.
    accessibility = page.split("A problem with accessibility")[1]
    assert 'href="mailto:balise@bosa.example"' in accessibility


def test_without_addresses_the_contact_page_says_so(app: FastAPI, world: dict[str, Any]) -> None:
    with browser(app) as client:
        page = client.get("/contact").text
    assert "has not given its name yet" in page
    assert "mailto:" not in page


def _figure(page: str, label: str) -> int:
    found = re.search(
        r'figure-value">([\d\s\u202f\xa0.,]+)</span>\s*<span class="figure-label">'
        + re.escape(label),
        page,
    )
    assert found, label
    return int(re.sub(r"\D", "", found.group(1)))


def test_the_regulators_overview_counts_across_organisations(
    container: Container, world: dict[str, Any], variant_of: Callable[..., Container]
) -> None:
    record = create_published(container, world)
    with container.uow() as uow:
        monitoring.file_request(
            uow,
            actor=Actor(),
            given=RequestInput(
                kind=RequestKind.EXPLANATION,
                decision_reference="D-7",
                text="Why was my benefit refused?",
                contact=Contact(email="person@example.be"),
                language=Language.FR,
            ),
            system_slug=record.slug,
        )
        monitoring.report_incident(
            uow,
            actor=actor_of(world, "editor"),
            organisation_id=world["organisations"]["alpha"].id,
            reporter_role=ReporterRole.DEPLOYER,
            report=IncidentReport(
                category=IncidentCategory.FUNDAMENTAL_RIGHTS,
                aware_on=date(2020, 1, 6),  # long before: reported after the Art 73 period
                description="Unequal refusals.",
            ),
            system_id=record.id,
        )
        uow.commit()
    # A year later, the citizen's request is long past its deadline.
    later = variant_of(clock=FixedClock(datetime.now(UTC) + timedelta(days=365)))
    with browser(create_app(later)) as client:
        sign_in(client, EMAILS["regulator"])
        page = client.get("/regulator")
    assert page.status_code == 200
    text = page.text
    assert _figure(text, "Citizens' requests past their deadline") == 1
    assert _figure(text, "Incidents reported after the legal deadline (Art. 73)") == 1
    assert _figure(text, "Received") == 1
    assert _figure(text, "Closed") == 0
    assert "alpha NL" not in text or "alpha FR" not in text  # one name, in the reader's language
    assert re.search(
        r'<a href="/organisations/alpha">alpha \w\w</a></td><td class="numeric">1', text
    )
    assert "Why was my benefit refused?" not in text  # counted, never shown
    for path in (
        "/monitoring/regulator",
        "/regulator/notifications",
        "/assessments",
        "/guichet",
        "/systems?risk_category=high_risk",
    ):
        assert f'href="{path}"' in text, path
        assert client.get(path).status_code == 200, path


def test_the_overview_is_the_regulators_and_in_its_menu(
    app: FastAPI, world: dict[str, Any]
) -> None:
    for role in ("editor", "reviewer", "admin"):
        with browser(app) as client:
            sign_in(client, EMAILS[role])
            assert client.get("/regulator").status_code == 403
            assert 'href="/regulator"' not in client.get("/my-work").text
    with browser(app, language="nl") as client:
        sign_in(client, EMAILS["regulator"])
        assert 'href="/regulator"' in client.get("/my-work").text
        assert html_lang(client.get("/regulator")) == "nl"
