"""`balise demo load` and what `balise serve` does before it serves."""

from __future__ import annotations

import json

from balise.bootstrap import Container
from balise.cli.serve import prepare
from balise.cli.testing import CommandLine
from balise.domain.accounts.model import Role
from balise.services.accounts import authenticate
from balise.services.demo import DEMO_ORGANISATIONS, DEMO_PASSWORD


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
        assert len(uow.organisations.list_all()) == len(DEMO_ORGANISATIONS) == 5
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
        events = list(uow.audit.iterate())
    assert (events[0].actor, events[0].event_type) == ("demo@balise.invalid", "user.created")
    assert {event.actor for event in events[1:]} == {"admin@demo.balise.be"}
    assert [event.event_type for event in events].count("organisation.created") == 5
    assert balise("audit-log", "verify").exit_code == 0


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
