"""The observatory's pages, their JSON twin, open data and the annual report, in four languages."""

from __future__ import annotations

import csv
import html
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_support import sign_in

from balise.bootstrap import Container
from balise.domain.accounts.model import SYSTEM
from balise.domain.observatory.catalogue import load_indicators
from balise.domain.shared.clock import FixedClock
from balise.services import observatory
from register_support import create_published

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
CODES = {
    "systems_published",
    "high_risk_with_fria_share",
    "first_review_compliance_share",
    "requests_median_response_days",
    "requests_on_time_share",
    "incidents_on_time_share",
    "questions_median_response_days",
}


@pytest.fixture
def observed(container: Container, world: dict[str, Any]) -> None:
    """Two published records and snapshots on three days of two years."""
    container.clock = FixedClock(NOW)
    create_published(container, world, "first")
    create_published(container, world, "second")
    with container.uow() as uow:
        for back in (400, 30, 0):
            observatory.take_snapshot(uow, actor=SYSTEM, as_of=NOW.date() - timedelta(days=back))
        uow.commit()


def test_the_json_twin_says_what_the_issue_asks(client: TestClient, observed: None) -> None:
    document = client.get("/observatory.json").json()
    assert document["as_of"] == "2026-12-02"
    by_code = {item["code"]: item for item in document["indicators"]}
    assert set(by_code) >= CODES
    assert len(by_code) == len(load_indicators())
    published = by_code["systems_published"]
    assert set(published["name"]) == {"fr", "nl", "de", "en"}
    assert set(published["definition"]) == {"fr", "nl", "de", "en"}
    assert published["unit"] == "count"
    assert published["value"] == 2
    assert [point["as_of"] for point in published["history"]] == [
        "2025-10-28",
        "2026-11-02",
        "2026-12-02",
    ]
    questions = by_code["questions_median_response_days"]
    assert questions["value"] is None
    assert questions["reason"]
    assert by_code["first_review_compliance_share"]["value"] == 1.0


def test_the_page_draws_charts_with_tables_and_links_to_definitions(
    client: TestClient, observed: None
) -> None:
    page = client.get("/observatory")
    assert page.status_code == 200
    text = page.text
    assert '<svg role="img"' in text
    assert "<polyline" in text  # a trend line
    assert "<rect" in text  # a bar
    assert "<table>" in text
    for indicator in load_indicators():
        assert f'href="/observatory/indicators/{indicator.code}"' in text
    assert "No data yet" in text


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("fr", "Observatoire de l'IA digne de confiance"),
        ("nl", "Observatorium van betrouwbare AI"),
        ("de", "Observatorium für vertrauenswürdige KI"),
        ("en", "Observatory of trustworthy AI"),
    ],
)
def test_four_languages(client: TestClient, observed: None, language: str, title: str) -> None:
    client.cookies.set("balise_lang", language)
    page = client.get("/observatory")
    assert title in html.unescape(page.text)
    assert f'lang="{language}"' in page.text
    definition = client.get("/observatory/indicators/requests_on_time_share")
    assert definition.status_code == 200
    indicator = next(i for i in load_indicators() if i.code == "requests_on_time_share")
    assert getattr(indicator.definition, language) in html.unescape(definition.text)


def test_filters_and_bad_filters(client: TestClient, observed: None) -> None:
    document = client.get("/observatory.json", params={"organisation": "beta"}).json()
    published = next(i for i in document["indicators"] if i["code"] == "systems_published")
    assert published["value"] == 0
    assert published["history"] == []
    assert document["filters"]["organisation"] == "beta"
    page = client.get("/observatory", params={"level": "federal", "sector": "health"})
    assert page.status_code == 200
    named = client.get("/observatory", headers={"Accept-Language": "nl"}).text
    assert '<option value="alpha">alpha NL</option>' in named  # the name, not the address
    assert client.get("/observatory", params={"level": "galactic"}).status_code == 422
    api = client.get("/api/v1/observatory/indicators", params={"sector": "public_administration"})
    assert api.status_code == 200
    assert {i["code"] for i in api.json()["indicators"]} >= CODES


def test_open_data_and_the_catalogue(client: TestClient, observed: None) -> None:
    indicators = list(csv.DictReader(io.StringIO(client.get("/observatory/indicators.csv").text)))
    assert {row["code"] for row in indicators} >= CODES
    assert all(row["name_de"] and row["definition_nl"] for row in indicators)
    history = list(csv.DictReader(io.StringIO(client.get("/observatory/history.csv").text)))
    assert len(history) == 3 * len(load_indicators())
    assert {row["version"] for row in history} == {"1"}
    snapshots = client.get("/observatory/history.json").json()["snapshots"]
    assert len(snapshots) == len(history)
    assert snapshots[0]["schema_version"] == 1
    catalogue = client.get("/open-data/catalog.jsonld").json()
    observatory_sets = [d for d in catalogue["dcat:dataset"] if d["@id"].endswith("#observatory")]
    assert len(observatory_sets) == 1
    urls = {d["dcat:downloadURL"]["@id"] for d in observatory_sets[0]["dcat:distribution"]}
    assert any(url.endswith("/observatory/history.csv") for url in urls)


def test_the_annual_report(client: TestClient, observed: None) -> None:
    page = client.get("/observatory/report", params={"year": "2026"})
    assert page.status_code == 200
    assert "2026" in page.text
    document = client.get("/observatory/report.json", params={"year": "2026"}).json()
    published = next(i for i in document["indicators"] if i["code"] == "systems_published")
    assert published["start"]["as_of"] == "2025-10-28"  # the last value before the year
    assert published["end"]["as_of"] == "2026-12-02"
    pdf = client.get("/observatory/report.pdf", params={"year": "2026"})
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert client.get("/observatory/report", params={"year": "soon"}).status_code == 422


def test_the_regulator_queues_a_snapshot(
    client: TestClient, observed: None, world: dict[str, Any]
) -> None:
    assert "Compute today" not in client.get("/observatory").text
    sign_in(client, "regulator@balise.test")
    assert "Compute today" in client.get("/observatory").text
    response = client.post(
        "/api/v1/observatory/snapshots",
        json={"as_of": "nonsense"},
        headers={"X-CSRF-Token": client.cookies["balise_csrf"]},
    )
    assert response.status_code == 422
