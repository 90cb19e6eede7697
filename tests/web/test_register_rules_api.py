"""The register's API refuses an unknown Annex III point, an end date before the start date and
a text too long in one language, naming each field of the body, all at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from web_support import assert_problem, bearer, browser, count

from balise.bootstrap import Container
from register_support import complete_values, create


def test_the_api_refuses_every_broken_rule_at_once(
    app: FastAPI, container: Container, world: dict[str, Any], issue_token: Callable[..., str]
) -> None:
    editor = bearer(issue_token("editor"))
    fields = complete_values(
        annex_iii_point="99(z)",
        begin_date="2025-06-01",
        end_date="2025-01-31",
        name={"nl": "Naam", "fr": "x" * 101},
    )
    with browser(app) as client:
        refused = client.post(
            "/api/v1/systems",
            json={"organisation": "alpha", "default_language": "nl", "fields": fields},
            headers=editor,
        )
        errors = {e["field"]: e["detail"] for e in assert_problem(refused, 422)["errors"]}
    assert set(errors) == {"fields.annex_iii_point", "fields.end_date", "fields.name.fr"}
    assert errors["fields.annex_iii_point"].startswith("Give a point of Annex III: 1(a)–(c)")
    assert errors["fields.end_date"] == "This is before the date it is in use since (2025-06-01)."
    assert count(container, "systems") == 0


def test_a_replacement_with_a_wrong_point_changes_nothing(
    app: FastAPI, container: Container, world: dict[str, Any], issue_token: Callable[..., str]
) -> None:
    record = create(container, world, annex_iii_point="5(b)")
    editor = bearer(issue_token("editor"))
    with browser(app) as client:
        current = client.get(f"/api/v1/systems/{record.slug}?draft=true", headers=editor)
        refused = client.put(
            f"/api/v1/systems/{record.slug}",
            json={"default_language": "nl", "fields": complete_values(annex_iii_point="9(a)")},
            headers={**editor, "If-Match": current.headers["etag"]},
        )
        assert [e["field"] for e in assert_problem(refused, 422)["errors"]] == [
            "fields.annex_iii_point"
        ]
        again = client.get(f"/api/v1/systems/{record.slug}?draft=true", headers=editor).json()
    assert again["fields"]["annex_iii_point"] == "5(b)"
