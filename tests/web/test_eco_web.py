"""The eco area on the web: a record's footprint page, the portal's badge, the guide, the API."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_support import bearer, count, post_form, rows

from balise.bootstrap import Container
from eco_support import EMISSIONS_CSV, INFERENCE_FORM
from register_support import create_published

STATEMENT = {
    "why_ai": "Les demandes arrivent en texte libre dans trois langues.",
    "alternative": "Un formulaire à choix multiples: trop de demandes mal classées.",
    "language": "fr",
    "expected_decisions": "1000000",
}


def import_job(client: TestClient, csv: str, phase: str = "training") -> str:
    """Upload an emissions file on the record's footprint page; the id of the job it queued."""
    response = post_form(
        client,
        "/register/triage/footprint/import",
        {"phase": phase},
        files={"file": ("emissions.csv", csv.encode(), "text/csv")},
    )
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.startswith("/register/triage/footprint/jobs/")
    return str(location.rsplit("/", 1)[1])


def test_a_deployer_records_a_measured_run_and_an_estimate_and_the_portal_shows_label_c(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    create_published(container, world, "triage")
    editor = browsers["editor"]
    assert editor.get("/register/triage/footprint").status_code == 200
    response = post_form(editor, "/register/triage/footprint/statement", STATEMENT)
    assert response.status_code == 303, response.text
    job = import_job(editor, EMISSIONS_CSV)
    running = editor.get(f"/register/triage/footprint/jobs/{job}")
    assert running.status_code == 200
    assert "<progress" in running.text
    assert 'hx-get="/register/triage/footprint/jobs/' in running.text
    assert count(container, "eco_footprints") == 1  # the statement only, until the job runs
    assert container.run_job(job).status.value == "succeeded"
    done = editor.get(f"/register/triage/footprint/jobs/{job}/progress")
    assert "The measured runs are imported. 2 runs added up." in done.text
    assert "hx-get" not in done.text
    response = post_form(editor, "/register/triage/footprint/estimate", INFERENCE_FORM)
    assert response.status_code == 303, response.text
    page = editor.get(response.headers["location"])
    assert "The estimate is saved." in page.text
    document = editor.get("/register/triage/footprint.json").json()
    footprint = document["footprint"]
    assert footprint["label"]["letter"] == "C"
    # 2.071605 kg / 1,000,000 + 0.372474579 kg / 10,000, per 1,000 decisions, in grams
    assert footprint["per_thousand"]["carbon_g"]["value"] == pytest.approx(39.319062, rel=1e-6)
    training = footprint["parts"][0]
    assert training["method"] == "measured"
    assert training["details"]["runs"][1]["run_id"] == "run-2"
    assert training["details"]["runs"][0]["codecarbon_version"] == "3.3.2"

    citizen = browsers["anonymous"]
    citizen.headers["Accept-Language"] = "fr"
    portal = citizen.get("/systems/triage")
    assert portal.status_code == 200
    assert 'class="eco-letter eco-C"' in portal.text
    assert "Écolabel C, règle du" in portal.text
    assert "version 2026-12-03" in portal.text
    assert "Pourquoi l'IA est-elle nécessaire ici ?" in portal.text
    assert "trois langues" in portal.text
    assert "g CO2e pour 1 000 décisions" in portal.text
    events = rows(
        container, "SELECT event_type FROM audit_events WHERE event_type LIKE 'footprint.%'"
    )
    assert [e[0] for e in events] == [
        "footprint.statement_saved",
        "footprint.imported",
        "footprint.estimated",
    ]


def test_a_wrong_emissions_file_names_every_line_and_column_and_saves_nothing(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    create_published(container, world, "triage")
    broken = EMISSIONS_CSV.replace(",36000.0,1.38107,", ",36000.0,lots,").replace(
        "2026-09-15T08:00:00", "yesterday"
    )
    editor = browsers["editor"]
    job = import_job(editor, broken)
    assert container.run_job(job).status.value == "failed"
    page = editor.get(f"/register/triage/footprint/jobs/{job}")
    assert "Nothing was imported: the file has these problems." in page.text
    assert "Line 2, column emissions: lots is not a number of zero or more." in page.text
    assert "Line 3, column timestamp: yesterday is not a date and time." in page.text
    assert count(container, "eco_footprints") == 0
    assert list(container.storage.root.rglob("*.csv")) == []  # the upload is gone


def test_the_import_form_reports_every_field_at_once_and_keeps_no_file(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    create_published(container, world, "triage")
    response = post_form(
        browsers["editor"],
        "/register/triage/footprint/import",
        {"phase": "inference", "decisions": "many"},
        files={"file": ("emissions.txt", b"a,b\n1,2\n", "text/plain")},
    )
    assert response.status_code == 422
    assert "Give the number of decisions these inference figures cover." in response.text
    assert "Choose a file ending in .csv." in response.text
    not_csv = post_form(
        browsers["editor"],
        "/register/triage/footprint/import",
        {"phase": "training"},
        files={"file": ("emissions.csv", b"\x89PNG\x00\x00", "text/csv")},
    )
    assert not_csv.status_code == 422
    assert "This file is not a UTF-8 CSV file." in not_csv.text
    assert count(container, "jobs") == 0


def test_an_import_job_is_seen_by_its_author_only_and_through_its_own_record(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    create_published(container, world, "triage")
    job = import_job(browsers["editor"], EMISSIONS_CSV)
    assert browsers["editor"].get(f"/register/triage/footprint/jobs/{job}").status_code == 200
    assert browsers["reviewer"].get(f"/register/triage/footprint/jobs/{job}").status_code == 404
    assert browsers["other-editor"].get(f"/register/triage/footprint/jobs/{job}").status_code == 404
    assert browsers["editor"].get("/register/triage/footprint/jobs/nope").status_code == 404


def test_the_estimate_form_reports_every_field_at_once(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    create_published(container, world, "triage")
    response = post_form(
        browsers["editor"],
        "/register/triage/footprint/estimate",
        {**INFERENCE_FORM, "hours": "-3", "cpu_usage": "2", "decisions": "", "pue": "0.5"},
    )
    assert response.status_code == 422
    for text in (
        "Enter a number greater than zero.",
        "Enter a share between 0 and 1",
        "A data centre&#39;s PUE is at least 1",
        "Give the number of decisions these inference figures cover.",
    ):
        assert text in response.text
    assert count(container, "eco_footprints") == 0


def test_an_editor_of_another_organisation_cannot_touch_the_footprint(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    create_published(container, world, "triage")
    other = browsers["other-editor"]
    assert other.get("/register/triage/footprint").status_code == 404
    response = post_form(other, "/register/triage/footprint/estimate", INFERENCE_FORM)
    assert response.status_code == 404
    regulator = browsers["regulator"]
    page = regulator.get("/register/triage/footprint")
    assert page.status_code == 200
    assert "Save the estimate" not in page.text


def test_the_guide_publishes_the_thresholds_in_four_languages(
    browsers: dict[str, TestClient],
) -> None:
    reader = browsers["anonymous"]
    for language, title in (
        ("fr", "L'écolabel des systèmes d'IA"),
        ("nl", "Het ecolabel van AI-systemen"),
        ("de", "Das Umweltzeichen für KI-Systeme"),
        ("en", "The eco-label of AI systems"),
    ):
        reader.headers["Accept-Language"] = language
        page = reader.get("/eco/label")
        assert page.status_code == 200
        assert title in page.text
        assert "2026-12-03" in page.text
    rule = reader.get("/eco/label.json").json()
    assert [c["label"] for c in rule["classes"]] == ["A", "B", "C", "D", "E"]
    assert rule["classes"][2] == {"label": "C", "above": 10.0, "up_to": 100.0}
    assert {g["country"]: g["year"] for g in rule["reference"]["grids"]}["BEL"] == 2023


def test_the_api_records_and_reads_a_footprint(
    container: Container, world: dict[str, Any], issue_token: Any
) -> None:
    from balise.domain.accounts.model import Scope
    from balise.web.app import create_app

    create_published(container, world, "triage")
    token = issue_token("editor", Scope.READ, Scope.SYSTEMS_WRITE)
    with TestClient(create_app(container)) as api:
        headers = bearer(token)
        put = api.put(
            "/api/v1/systems/triage/footprint/statement",
            json={**STATEMENT, "expected_decisions": 1_000_000},
            headers=headers,
        )
        assert put.status_code == 200, put.text
        imported = api.post(
            "/api/v1/systems/triage/footprint/imports",
            json={"phase": "training", "csv": EMISSIONS_CSV},
            headers=headers,
        )
        assert imported.status_code == 200, imported.text
        body = {k: v for k, v in INFERENCE_FORM.items() if k != "country"}
        estimated = api.post(
            "/api/v1/systems/triage/footprint/estimates", json=body, headers=headers
        )
        assert estimated.status_code == 200, estimated.text
        assert estimated.json()["footprint"]["label"]["letter"] == "C"
        wrong = api.post(
            "/api/v1/systems/triage/footprint/estimates",
            json={**body, "hours": -1},
            headers=headers,
        )
        assert wrong.status_code == 422
        assert wrong.json()["errors"][0]["field"] == "hours"
        gone = api.delete("/api/v1/systems/triage/footprint/parts/training", headers=headers)
        assert gone.status_code == 204
        read = api.get("/api/v1/systems/triage/footprint", headers=headers).json()
        assert [p["phase"] for p in read["footprint"]["parts"]] == ["inference"]
        assert read["footprint"]["label"]["letter"] == "C"  # 37.25 g: inference alone
        public = api.post(
            "/api/v1/eco/estimate",
            json={"parts": {"inference": body}, "expected_decisions": 5},
        )
        assert public.status_code == 200, public.text
        assert public.json()["per_thousand"]["carbon_g"]["value"] == pytest.approx(37.2474579)
        assert api.get("/api/v1/eco/label-rule").json()["version"] == "2026-12-03"
