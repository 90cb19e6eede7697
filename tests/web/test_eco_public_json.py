"""A published system's JSON document (its page's twin and the API) carries its footprint and
eco-label, without the machine details of each measured run."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from web_support import post_form

from balise.bootstrap import Container
from eco_support import EMISSIONS_CSV, INFERENCE_FORM
from register_support import create_published

STATEMENT = {
    "why_ai": "Free-text requests arrive in three languages.",
    "alternative": "A multiple-choice form: too many requests filed wrongly.",
    "language": "en",
    "expected_decisions": "1000000",
}


def test_the_json_twin_and_the_api_carry_the_footprint_and_label(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    create_published(container, world, "triage")
    editor = browsers["editor"]
    citizen = browsers["anonymous"]
    assert citizen.get("/systems/triage.json").json()["footprint"] is None
    assert post_form(editor, "/register/triage/footprint/statement", STATEMENT).status_code == 303
    imported = post_form(
        editor,
        "/register/triage/footprint/import",
        {"phase": "training"},
        files={"file": ("emissions.csv", EMISSIONS_CSV.encode(), "text/csv")},
    )
    assert imported.status_code == 303
    assert container.run_job(imported.headers["location"].rsplit("/", 1)[1]).error is None
    assert (
        post_form(editor, "/register/triage/footprint/estimate", INFERENCE_FORM).status_code == 303
    )

    twin = citizen.get("/systems/triage.json").json()["footprint"]
    api = citizen.get("/api/v1/systems/triage").json()["footprint"]
    assert twin == api
    assert twin["label"]["letter"] == "C"
    assert twin["statement"]["why_ai"] == STATEMENT["why_ai"]
    assert [part["phase"] for part in twin["parts"]] == ["training", "inference"]
    assert all("details" not in part for part in twin["parts"])
    assert twin["per_thousand"]["carbon_g"]["value"] > 0
