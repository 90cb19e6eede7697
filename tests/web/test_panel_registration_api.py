"""Registration on the API: the public form and registration, staff entry and the organisers'
list, through the same services as the pages. Real requests, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from web_support import assert_problem, bearer, browser

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor, Scope
from balise.domain.panels.record import Panel
from balise.domain.shared.i18n import LocalizedText
from balise.services import panels, panels_members
from panel_members_support import open_registration

SLUG = "registered-panel"
API = f"/api/v1/panels/{SLUG}"
NO_EXCLUSION = {"elected_office": "no", "party_staff": "no", "organiser_staff": "no"}


def volunteer(code: str, **changes: Any) -> dict[str, Any]:
    return {
        "code": code,
        "answers": {"group": "a"},
        "exclusions": NO_EXCLUSION,
        "consent": True,
        "email": "someone@example.test",
        **changes,
    }


def test_the_form_in_the_readers_language(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    open_registration(container, world)
    with browser(app, language="fr") as client:
        found = client.get(f"{API}/registration")
    assert found.status_code == 200, found.text
    form = found.json()
    assert form["open"] is True
    assert form["panel"] == SLUG
    assert form["consent_version"]
    assert [q["category"] for q in form["questions"]] == ["group"]
    assert [o["value"] for o in form["questions"][0]["options"]] == ["a", "b"]
    assert [c["id"] for c in form["exclusions"]] == [
        "elected_office",
        "party_staff",
        "organiser_staff",
    ]
    assert form["exclusions"][0]["question"].startswith("Exercez-vous")
    with browser(app) as client:
        assert_problem(client.get("/api/v1/panels/nowhere/registration"), 404)


def test_every_wrong_field_at_once_then_a_registration_without_echo(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    _, codes = open_registration(container, world)
    with browser(app) as client:
        wrong = client.post(
            f"{API}/registrations",
            json={
                "code": "12",
                "answers": {"group": "z", "colour": "red"},
                "exclusions": {"elected_office": "maybe", "pets": "no"},
                "consent": False,
                "email": "nope",
                "channel": "fax",
            },
        )
        body = assert_problem(wrong, 422)
        assert {e["field"] for e in body["errors"]} == {
            "code",
            "channel",
            "answers.group",
            "answers.colour",
            "exclusions.elected_office",
            "exclusions.party_staff",
            "exclusions.organiser_staff",
            "exclusions.pets",
            "consent",
            "email",
        }
        missing = assert_problem(client.post(f"{API}/registrations", json={"code": "x"}), 422)
        assert {e["field"] for e in missing["errors"]} >= {"answers", "consent"}

        done = client.post(f"{API}/registrations", json=volunteer(codes[0]))
        assert done.status_code == 201, done.text
        created = done.json()
        assert created["eligible"] is True
        assert created["excluded_by"] is None
        assert created["registration"].startswith("v-")
        for personal in ("someone@example.test", codes[0], '"group"'):
            assert personal not in done.text

        again = assert_problem(client.post(f"{API}/registrations", json=volunteer(codes[0])), 422)
        assert [e["field"] for e in again["errors"]] == ["code"]
        excluded = client.post(
            f"{API}/registrations",
            json=volunteer(codes[1], exclusions={**NO_EXCLUSION, "party_staff": "yes"}),
        )
        assert excluded.status_code == 201
        assert excluded.json()["excluded_by"] == "party_staff"


def test_staff_entry_and_the_organisers_list(
    app: FastAPI,
    container: Container,
    world: dict[str, Any],
    issue_token: Callable[..., str],
) -> None:
    _, codes = open_registration(container, world)
    phone = volunteer(codes[2], channel="phone", email="", phone="+32 2 555 01 23")
    with browser(app) as client:
        assert client.post(f"{API}/registrations", json=volunteer(codes[0])).status_code == 201
        assert_problem(client.post(f"{API}/registrations", json=phone), 403)
        reader = bearer(issue_token("editor", Scope.READ))
        assert_problem(client.post(f"{API}/registrations", json=phone, headers=reader), 403)
        assert_problem(client.get(f"{API}/registrations", headers=reader), 403)
        staff = bearer(issue_token("editor"))
        entered = client.post(f"{API}/registrations", json=phone, headers=staff)
        assert entered.status_code == 201, entered.text

        assert_problem(client.get(f"{API}/registrations"), 401)
        outsider = bearer(issue_token("other-editor"))
        assert client.get(f"{API}/registrations", headers=outsider).status_code in {403, 404}
        listed = client.get(f"{API}/registrations", headers=staff)
    assert listed.status_code == 200, listed.text
    document = listed.json()
    assert document["counts"] == {
        "codes": 7,
        "registrations": 2,
        "eligible": 2,
        "excluded": 0,
        "erased": 0,
        "by_channel": {"web": 1, "phone": 1, "letter": 0},
    }
    entries = {e["channel"]: e for e in document["registrations"]}
    assert entries["web"]["has_contact"] is True
    assert entries["phone"]["answers"] == {"group": "a"}
    assert entries["phone"]["status"] == "eligible"
    for hidden in ("someone@example.test", "555 01 23", "5550123", codes[0], codes[2]):
        assert hidden not in listed.text


def test_a_closed_registration_answers_409(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    actor, codes = open_registration(container, world)
    with container.uow() as uow:
        panels_members.save_registration_settings(
            uow,
            actor=actor,
            slug=SLUG,
            open=False,
            categories="feature,value,min,max\ngroup,a,1,1\ngroup,b,1,1\n",
            exclusions=("elected_office", "party_staff", "organiser_staff"),
        )
        uow.commit()
    with browser(app) as client:
        assert client.get(f"{API}/registration").json()["open"] is False
        assert_problem(client.post(f"{API}/registrations", json=volunteer(codes[0])), 409)


def test_a_panel_without_registrations_says_so(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    with container.uow() as uow:
        panels.create_panel(
            uow,
            actor=Actor(user=world["users"]["admin"]),
            panel=Panel(
                organisation_id=world["organisations"]["alpha"].id,
                slug="from-a-file",
                title=LocalizedText(en="A panel drawn from a file"),
                size=2,
                lottery_size=100,
            ),
        )
        uow.commit()
    with browser(app, language="nl") as client:
        answer = client.get("/api/v1/panels/from-a-file/registration")
    assert_problem(answer, 404)
    assert answer.json()["title"] == (
        "Dit panel neemt geen inschrijvingen aan: de vrijwilligers komen uit een bestand."
    )
