"""`balise demo load` and what `balise serve` does before it serves."""

from __future__ import annotations

import json
from datetime import date

import sqlalchemy as sa

from balise.bootstrap import Container
from balise.cli.serve import prepare
from balise.cli.testing import CommandLine
from balise.domain.accounts.model import Role
from balise.services.accounts import authenticate
from balise.services.demo import DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_SYSTEMS


def test_demo_load_creates_organisations_and_one_account_per_role(
    container: Container, balise: CommandLine
) -> None:
    result = balise("demo", "load", "--format", "json")

    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["loaded"] is True
    credentials = document["credentials"]
    assert {item["role"] for item in credentials} == {role.value for role in Role}
    with container.uow() as uow:
        assert len(uow.organisations.list_all()) == len(DEMO_ORGANISATIONS) == 14
        for item in credentials:
            assert item["password"] == DEMO_PASSWORD
            signed_in = authenticate(
                uow, email=item["email"], password=item["password"], address="127.0.0.1"
            )
            assert signed_in.role.value == item["role"]


def test_the_demo_is_written_through_the_services_and_audited(
    container: Container, balise: CommandLine
) -> None:
    balise("demo", "load")

    with container.uow(read_only=True) as uow:
        events = list(uow.audit_log.iterate())
    assert (events[0].actor, events[0].event_type) == ("demo@balise.invalid", "user.created")
    # Accounts and organisations are set up by the administrator; the areas' demos (incidents,
    # requests, assessments) then act as the demo people who would do them.
    set_up = [
        event for event in events[1:] if event.event_type.startswith(("user.", "organisation."))
    ]
    assert {event.actor for event in set_up} == {"admin@demo.balise.be"}
    assert [event.event_type for event in events].count("organisation.created") == 14
    # Records are written by an organisation's editor and approved by someone else.
    approvals = [event for event in events if event.event_type == "system.approved"]
    assert approvals
    assert "reviewer.bosa@demo.balise.be" in {event.actor for event in approvals}
    assert "editor.bosa@demo.balise.be" not in {event.actor for event in approvals}
    assert balise("audit-log", "verify").exit_code == 0


def test_the_demo_register_is_varied_and_only_published_records_are_public(
    container: Container, balise: CommandLine
) -> None:
    balise("demo", "load")

    with container.engine.connect() as connection:
        states = dict(
            connection.execute(sa.text("SELECT state, count(*) FROM systems GROUP BY state")).all()
        )
        public = connection.execute(
            sa.text(
                "SELECT count(*), sum(CASE WHEN withdrawn THEN 1 ELSE 0 END) FROM portal_systems"
            )
        ).one()
        several = connection.execute(
            sa.text(
                "SELECT count(*) FROM (SELECT system_id FROM system_versions "
                "GROUP BY system_id HAVING count(*) > 1) AS many"
            )
        ).scalar_one()
        documents = [
            row.document
            for row in connection.execute(sa.text("SELECT document FROM portal_systems"))
        ]
    assert sum(states.values()) == len(DEMO_SYSTEMS) >= 28
    assert states["draft"] >= 1
    assert states["in_review"] >= 1
    assert states["withdrawn"] == 1
    assert tuple(public) == (sum(states.values()) - states["draft"] - states["in_review"], 1)
    assert several >= 3
    languages = {
        code
        for document in documents
        for code in (json.loads(document) if isinstance(document, str) else document)["fields"][
            "name"
        ]
    }
    assert languages == {"fr", "nl", "de", "en"}
    fields = [(json.loads(d) if isinstance(d, str) else d)["fields"] for d in documents]
    assert {f.get("risk_category") for f in fields} >= {"high_risk", "minimal", "transparency_only"}
    assert any(f.get("annex_iii_point", "").startswith("6") for f in fields)
    assert all("contact_name" not in f and "source_id" not in f for f in fields)
    today = date.today().isoformat()
    assert any(f.get("revision_date", "9999") < today for f in fields)  # stale ones
    assert any(f.get("revision_date", "0") > today for f in fields)  # relative: never all stale
    assert len(balise("demo", "load").stdout) > 0
    with container.engine.connect() as connection:
        again = connection.execute(sa.text("SELECT count(*) FROM systems")).scalar_one()
    assert again == len(DEMO_SYSTEMS)


def test_demo_load_twice_changes_nothing_and_says_so(
    container: Container, balise: CommandLine
) -> None:
    balise("demo", "load")

    again = balise("demo", "load")

    assert again.exit_code == 0
    assert again.stdout.startswith("The demo data is there already; nothing changed.\n")
    assert "admin@demo.balise.be" in again.stdout
    assert json.loads(balise("demo", "load", "--format", "json").stdout)["loaded"] is False


def test_the_demo_stays_out_of_a_database_with_real_accounts(
    container: Container, balise: CommandLine
) -> None:
    balise(
        "users",
        "create",
        "--email",
        "root@example.be",
        "--name",
        "Root",
        "--role",
        "admin",
        "--password-stdin",
        input="correct horse battery\n",
    )

    result = balise("demo", "load")

    assert result.exit_code == 2
    assert result.stderr == "The demo data goes only into a database without accounts.\n"


def test_serve_loads_the_demo_into_an_empty_database(container: Container) -> None:
    credentials = prepare(container, demo=None)

    assert next(item.email for item in credentials) == "admin@demo.balise.be"
    assert prepare(container, demo=None) == credentials


def test_serve_leaves_a_real_database_alone(container: Container, balise: CommandLine) -> None:
    balise(
        "users",
        "create",
        "--email",
        "root@example.be",
        "--name",
        "Root",
        "--role",
        "admin",
        "--password-stdin",
        input="correct horse battery\n",
    )

    assert prepare(container, demo=None) == []
    with container.uow(read_only=True) as uow:
        assert uow.organisations.list_all() == []


def test_serve_without_demo_loads_nothing(container: Container) -> None:
    assert prepare(container, demo=False) == []
    with container.uow(read_only=True) as uow:
        assert uow.users.list_all() == []
