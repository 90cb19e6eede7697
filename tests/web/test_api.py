"""The JSON API under /api/v1: its description, its errors, and organisations on it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import assert_problem, bearer, browser, count, csrf_of, post_form, rows

from balise.bootstrap import Container
from balise.domain.accounts.model import Scope
from balise.domain.shared.i18n import Language, Message
from balise.i18n import translate
from balise.web.app import routes_of

NEW = {
    "slug": "delta",
    "name": {"fr": "Delta FR", "nl": "Delta NL"},
    "kind": "company",
    "size_class": "medium",
    "sector": "finance",
    "enterprise_number": "BE 0203 201 340",
    "contact": {"email": "info@delta.example", "website": "https://delta.example"},
}
READ_KEYS = {
    "slug",
    "name",
    "kind",
    "level",
    "size_class",
    "is_sme",
    "sector",
    "enterprise_number",
    "contact",
    "url",
}


@pytest.fixture
def api(app: FastAPI, world: dict[str, Any]) -> Iterator[TestClient]:
    """A program, not a browser: no cookies, English, a token per call."""
    with browser(app) as client:
        yield client


@pytest.fixture
def admin_token(issue_token: Callable[..., str]) -> str:
    return issue_token("admin", Scope.READ, Scope.ORGANISATIONS_WRITE)


def errors_of(body: dict[str, Any]) -> dict[str, str]:
    return {error["field"]: error["detail"] for error in body.get("errors", [])}


def audit_events(container: Container, entity_id: int) -> list[Any]:
    with container.uow(read_only=True) as uow:
        return uow.audit_log.history("organisation", str(entity_id))


# The description


def test_openapi_lists_every_api_route_and_nothing_else(api: TestClient) -> None:
    response = api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Balise API"
    documented = {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
    }
    served = {
        (method, route.path)
        for route in routes_of(api.app)  # type: ignore[arg-type]
        for method in route.methods
        if route.path.startswith("/api/v1/")
    }
    assert served
    assert documented == served
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            # Which errors each operation documents: tests/web/test_openapi_description.py.
            for status, answer in operation["responses"].items():
                if int(status) >= 400:
                    assert "application/problem+json" in answer["content"], (method, path, status)
    for name in ("OrganisationCreate", "OrganisationRead", "OrganisationUpdate", "Problem"):
        assert name in schema["components"]["schemas"]


# Errors


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("0203.201.341", "This enterprise number's check digits are wrong."),
        ("12345", "An enterprise number has ten digits and starts with 0 or 1."),
    ],
)
@pytest.mark.parametrize("language", [Language.EN, Language.FR])
def test_a_bad_enterprise_number_is_a_problem_naming_the_field(
    api: TestClient,
    admin_token: str,
    container: Container,
    number: str,
    message: str,
    language: Language,
) -> None:
    before = (count(container, "organisations"), count(container, "audit_events"))
    response = api.post(
        "/api/v1/organisations",
        json={**NEW, "enterprise_number": number},
        headers={**bearer(admin_token), "Accept-Language": language.value},
    )
    body = assert_problem(response, 422)
    assert body["title"] == translate(Message("Some fields are not valid."), language)
    assert body["instance"] == "/api/v1/organisations"
    assert errors_of(body) == {"enterprise_number": translate(Message(message), language)}
    assert response.headers["content-language"] == language.value
    assert (count(container, "organisations"), count(container, "audit_events")) == before


def test_every_wrong_field_is_named_at_once(api: TestClient, admin_token: str) -> None:
    response = api.post(
        "/api/v1/organisations",
        headers=bearer(admin_token),
        json={**NEW, "slug": "Not A Slug", "contact": {"email": "nope", "website": "ftp://x"}},
    )
    body = assert_problem(response, 422)
    # Fields are named as the request body names them.
    assert set(errors_of(body)) == {"slug", "contact.email", "contact.website"}


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({"slug": "x"}, {"name", "kind", "size_class", "sector"}),
        ({**NEW, "kind": "dragon"}, {"kind"}),
        ({**NEW, "colour": "blue"}, {"colour"}),
        ({**NEW, "name": {"es": "Delta"}}, {"name.es"}),
        ({**NEW, "contact": {"email": None}}, {"contact.email"}),
        ([], {"body"}),
    ],
)
def test_a_body_of_the_wrong_shape_is_a_problem_naming_the_fields(
    api: TestClient, admin_token: str, payload: Any, fields: set[str]
) -> None:
    response = api.post("/api/v1/organisations", json=payload, headers=bearer(admin_token))
    body = assert_problem(response, 422)
    assert set(errors_of(body)) == fields
    assert all(errors_of(body).values())


def test_malformed_json_is_a_problem_about_the_body(api: TestClient, admin_token: str) -> None:
    response = api.post(
        "/api/v1/organisations",
        content=b'{"slug": "delta",',
        headers={**bearer(admin_token), "Content-Type": "application/json"},
    )
    body = assert_problem(response, 422)
    assert set(errors_of(body)) == {"body"}


def test_other_errors_are_problems_too(api: TestClient, admin_token: str) -> None:
    body = assert_problem(api.get("/api/v1/organisations/nowhere"), 404)
    assert body["title"] == "There is no such organisation."
    assert_problem(api.get("/api/v1/no-such-thing"), 404)
    assert_problem(api.delete("/api/v1/organisations/alpha", headers=bearer(admin_token)), 405)
    assert_problem(api.get("/api/v1/jobs/nope", headers=bearer(admin_token)), 404)
    assert_problem(api.get("/organisations/nowhere.json"), 404)
    unauthenticated = api.get("/api/v1/me")
    assert_problem(unauthenticated, 401)
    assert unauthenticated.headers["www-authenticate"] == 'Bearer realm="balise"'


# Reading


def test_list_and_one(api: TestClient) -> None:
    listed = api.get("/api/v1/organisations")
    assert listed.status_code == 200
    assert listed.headers["content-type"] == "application/json"
    organisations = listed.json()["organisations"]
    assert [o["slug"] for o in organisations] == ["alpha", "beta"]
    alpha = api.get("/api/v1/organisations/alpha").json()
    assert set(alpha) == READ_KEYS
    assert alpha == organisations[0]
    assert alpha == {
        "slug": "alpha",
        "name": {"fr": "alpha FR", "nl": "alpha NL"},
        "kind": "public_body",
        "level": "other_public",
        "size_class": "large",
        "is_sme": False,
        "sector": "public_administration",
        "enterprise_number": None,
        "contact": {"email": "", "phone": "", "website": "", "address": ""},
        "url": "/organisations/alpha",
    }


def test_json_twins_equal_the_api(api: TestClient, admin_token: str) -> None:
    assert (
        api.post("/api/v1/organisations", json=NEW, headers=bearer(admin_token)).status_code == 201
    )
    for slug in ("alpha", "beta", "delta"):
        twin = api.get(f"/organisations/{slug}.json")
        assert twin.status_code == 200
        assert twin.headers["content-type"] == "application/json"
        assert twin.json() == api.get(f"/api/v1/organisations/{slug}").json()
    assert api.get("/organisations.json").json() == api.get("/api/v1/organisations").json()


# Writing


def test_create(api: TestClient, admin_token: str, container: Container) -> None:
    response = api.post("/api/v1/organisations", json=NEW, headers=bearer(admin_token))
    assert response.status_code == 201, response.text
    created = response.json()
    assert created == api.get("/api/v1/organisations/delta").json()
    assert created["enterprise_number"] == "0203.201.340"
    assert created["is_sme"] is True
    assert created["contact"] == {
        "email": "info@delta.example",
        "phone": "",
        "website": "https://delta.example",
        "address": "",
    }
    (row,) = rows(container, "SELECT id, enterprise_number FROM organisations WHERE slug = 'delta'")
    assert row.enterprise_number == "0203201340"
    (event,) = audit_events(container, row.id)
    assert (event.event_type, event.actor, event.before) == (
        "organisation.created",
        "admin@balise.test",
        None,
    )
    assert event.after["slug"] == "delta"

    again = api.post("/api/v1/organisations", json=NEW, headers=bearer(admin_token))
    assert set(errors_of(assert_problem(again, 422))) == {"slug", "enterprise_number"}
    assert count(container, "organisations") == 3


def test_a_browser_session_can_use_the_api_with_the_csrf_header(
    browsers: dict[str, TestClient], container: Container
) -> None:
    admin = browsers["admin"]
    response = admin.post(
        "/api/v1/organisations", json=NEW, headers={"X-CSRF-Token": csrf_of(admin)}
    )
    assert response.status_code == 201
    assert_problem(admin.post("/api/v1/organisations", json={**NEW, "slug": "epsilon"}), 403)
    assert count(container, "organisations") == 3


def test_patch_changes_only_the_given_fields_with_one_audit_event(
    api: TestClient, admin_token: str, container: Container, world: dict[str, Any]
) -> None:
    alpha_id = world["organisations"]["alpha"].id
    before = api.get("/api/v1/organisations/alpha").json()
    response = api.patch(
        "/api/v1/organisations/alpha",
        headers=bearer(admin_token),
        json={"contact": {"phone": "+32 2 555 55 55"}, "size_class": "small"},
    )
    assert response.status_code == 200, response.text
    after = response.json()
    assert after == {
        **before,
        "size_class": "small",
        "is_sme": True,
        "contact": {**before["contact"], "phone": "+32 2 555 55 55"},
    }
    assert api.get("/api/v1/organisations/alpha").json() == after

    events = audit_events(container, alpha_id)
    assert [e.event_type for e in events] == ["organisation.created", "organisation.updated"]
    update = events[-1]
    assert update.actor == "admin@balise.test"
    assert update.before["size_class"] == "large"
    assert update.after["size_class"] == "small"
    assert update.before["contact"]["phone"] == ""
    assert update.after["contact"]["phone"] == "+32 2 555 55 55"
    assert update.before["name"] == update.after["name"] == {"fr": "alpha FR", "nl": "alpha NL"}

    history = api.get("/api/v1/organisations/alpha/history", headers=bearer(admin_token))
    changes = history.json()["events"][0]["changes"]
    assert [change["field"] for change in changes] == ["contact", "size_class"]
    assert changes[1] == {"field": "size_class", "before": "large", "after": "small"}

    # Saying again what is already there changes nothing and records nothing.
    same = api.patch(
        "/api/v1/organisations/alpha", headers=bearer(admin_token), json={"size_class": "small"}
    )
    assert same.status_code == 200
    assert len(audit_events(container, alpha_id)) == 2


def test_patch_merges_names_and_contacts(
    api: TestClient, admin_token: str, container: Container
) -> None:
    api.patch(
        "/api/v1/organisations/alpha",
        headers=bearer(admin_token),
        json={"contact": {"email": "info@alpha.example", "phone": "02 000 00 00"}},
    )
    response = api.patch(
        "/api/v1/organisations/alpha",
        headers=bearer(admin_token),
        json={"name": {"de": "Alpha DE", "nl": None}, "contact": {"phone": "02 111 11 11"}},
    )
    assert response.status_code == 200, response.text
    assert response.json()["name"] == {"fr": "alpha FR", "de": "Alpha DE"}
    assert response.json()["contact"]["email"] == "info@alpha.example"
    assert response.json()["contact"]["phone"] == "02 111 11 11"

    emptied = api.patch(
        "/api/v1/organisations/alpha",
        headers=bearer(admin_token),
        json={"name": {"fr": None, "de": None}},
    )
    assert set(errors_of(assert_problem(emptied, 422))) == {"name"}


@pytest.mark.parametrize("field", ["slug", "name", "kind", "size_class", "sector", "contact"])
def test_patch_cannot_null_a_required_field(
    api: TestClient, admin_token: str, container: Container, field: str
) -> None:
    events = count(container, "audit_events")
    response = api.patch(
        "/api/v1/organisations/alpha", headers=bearer(admin_token), json={field: None}
    )
    assert errors_of(assert_problem(response, 422)).keys() == {field}
    assert count(container, "audit_events") == events


def test_patch_can_clear_the_enterprise_number_and_move_the_slug(
    api: TestClient, admin_token: str
) -> None:
    set_number = api.patch(
        "/api/v1/organisations/alpha",
        headers=bearer(admin_token),
        json={"enterprise_number": "0203201340"},
    )
    assert set_number.json()["enterprise_number"] == "0203.201.340"
    taken = api.patch(
        "/api/v1/organisations/beta",
        headers=bearer(admin_token),
        json={"enterprise_number": "0203.201.340", "slug": "alpha"},
    )
    assert set(errors_of(assert_problem(taken, 422))) == {"slug", "enterprise_number"}
    cleared = api.patch(
        "/api/v1/organisations/alpha",
        headers=bearer(admin_token),
        json={"enterprise_number": None, "slug": "alpha-2"},
    )
    assert cleared.status_code == 200
    assert cleared.json()["enterprise_number"] is None
    assert cleared.json()["url"] == "/organisations/alpha-2"
    assert_problem(api.get("/api/v1/organisations/alpha"), 404)
    assert api.get("/organisations/alpha-2.json").json() == cleared.json()


# Limits


def test_a_body_over_the_limit_is_refused_with_413(
    api: TestClient, admin_token: str, container: Container, browsers: dict[str, TestClient]
) -> None:
    limit = container.settings.max_request_bytes
    padding = "x" * limit
    big = json.dumps({**NEW, "contact": {"address": padding}}).encode()
    before = count(container, "organisations")

    declared = api.post(
        "/api/v1/organisations",
        content=big,
        headers={**bearer(admin_token), "Content-Type": "application/json"},
    )
    body = assert_problem(declared, 413)
    assert body["title"] == "The request is too large."

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit holds while reading
        for start in range(0, len(big), 64 * 1024):
            yield big[start : start + 64 * 1024]

    streamed = api.post(
        "/api/v1/organisations",
        content=chunks(),
        headers={**bearer(admin_token), "Content-Type": "application/json"},
    )
    assert_problem(streamed, 413)

    page = post_form(
        browsers["admin"],
        "/organisations/new",
        {**NEW, "name_fr": "Delta", "contact_address": padding},
    )
    assert page.status_code == 413
    assert page.headers["content-type"].startswith("text/html")
    assert count(container, "organisations") == before

    small = api.post("/api/v1/organisations", json=NEW, headers=bearer(admin_token))
    assert small.status_code == 201


def test_jobs_on_the_api(api: TestClient, admin_token: str, start_job: Callable[..., Any]) -> None:
    job = start_job("admin")
    response = api.get(f"/api/v1/jobs/{job.id}", headers=bearer(admin_token))
    assert response.status_code == 200
    assert response.json() == {
        "id": job.id,
        "kind": "audit_log.verify",
        "status": "queued",
        "done": 0,
        "total": None,
        "percent": None,
        "result": None,
        "error": None,
        "created_at": job.created_at.isoformat(),
        "finished_at": None,
    }
