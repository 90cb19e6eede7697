"""`balise users`: the first administrator, accounts made by an administrator, the list."""

from __future__ import annotations

import json

import pytest
from typer.testing import Result

from balise.bootstrap import Container
from balise.cli.testing import CommandLine
from balise.domain.organisations.model import Organisation, OrganisationKind, Sector, SizeClass
from balise.domain.shared.i18n import LocalizedText

PASSWORD = "correct horse battery"
ADMIN = "root@example.be"


def create(balise: CommandLine, *args: str, password: str = PASSWORD) -> Result:
    return balise(
        "users", "create", "--password-stdin", "--format", "json", *args, input=f"{password}\n"
    )


@pytest.fixture
def admin(container: Container, balise: CommandLine) -> str:
    result = create(balise, "--email", ADMIN, "--name", "Root", "--role", "admin")
    assert result.exit_code == 0, result.output
    return ADMIN


@pytest.fixture
def city(container: Container) -> str:
    with container.uow() as uow:
        uow.organisations.add(
            Organisation(
                slug="stad-gent",
                name=LocalizedText(nl="Stad Gent"),
                kind=OrganisationKind.PUBLIC_BODY,
                size_class=SizeClass.LARGE,
                sector=Sector.PUBLIC_ADMINISTRATION,
            ),
            at=uow.clock.now(),
        )
        uow.commit()
    return "stad-gent"


def audit_trail(container: Container) -> list[tuple[str, str]]:
    with container.uow(read_only=True) as uow:
        return [(event.actor, event.event_type) for event in uow.audit_log.iterate()]


def test_the_first_administrator_is_created_by_the_command_line_setup(
    container: Container, admin: str
) -> None:
    with container.uow(read_only=True) as uow:
        user = uow.users.find_by_email(admin)
    assert user is not None
    assert user.role.value == "admin"
    assert audit_trail(container) == [("cli@balise.invalid", "user.created")]


def test_the_first_account_must_be_an_administrator(
    container: Container, balise: CommandLine
) -> None:
    result = create(balise, "--email", "reg@example.be", "--name", "Reg", "--role", "regulator")

    assert result.exit_code == 2
    assert result.stderr == "role: The first account must be an administrator.\n"


def test_a_second_account_needs_an_administrator_to_act_as(admin: str, balise: CommandLine) -> None:
    result = create(balise, "--email", "other@example.be", "--name", "Other", "--role", "admin")

    assert result.exit_code == 2
    assert result.stderr == ("Only the first administrator may be created without acting as one.\n")


def test_an_administrator_creates_an_editor_of_an_organisation(
    container: Container, admin: str, city: str, balise: CommandLine
) -> None:
    result = create(
        balise,
        "--email",
        "Editor@Example.be",
        "--name",
        "Els",
        "--role",
        "editor",
        "--organisation",
        city,
        "--language",
        "nl",
        "--as",
        admin,
    )

    assert result.exit_code == 0, result.output
    created = json.loads(result.stdout)["user"]
    assert created == {
        "id": created["id"],
        "email": "editor@example.be",
        "display_name": "Els",
        "role": "editor",
        "organisation": "stad-gent",
        "language": "nl",
        "active": True,
    }
    assert audit_trail(container)[-1] == (admin, "user.created")


def test_the_password_is_asked_twice_without_echo(admin: str, balise: CommandLine) -> None:
    result = balise(
        "users",
        "create",
        "--email",
        "reg@example.be",
        "--name",
        "Reg",
        "--role",
        "regulator",
        "--as",
        admin,
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )

    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    assert result.stdout.endswith("reg@example.be (regulator).\n")


def test_an_account_without_password_signs_in_with_sso_only(
    container: Container, admin: str, balise: CommandLine
) -> None:
    result = balise(
        "users",
        "create",
        "--email",
        "sso@example.be",
        "--name",
        "Sso",
        "--role",
        "regulator",
        "--no-password",
        "--as",
        admin,
    )

    assert result.exit_code == 0, result.output
    with container.uow(read_only=True) as uow:
        user = uow.users.find_by_email("sso@example.be")
        assert user is not None
        assert user.id is not None
        assert uow.users.password_hash(user.id) is None


@pytest.mark.parametrize(
    ("args", "password", "error"),
    [
        (
            ("--email", "not-an-address", "--role", "regulator"),
            PASSWORD,
            "email: This is not an e-mail address.",
        ),
        (
            ("--email", "ed@example.be", "--role", "editor"),
            PASSWORD,
            "organisation_id: Editors and reviewers belong to an organisation.",
        ),
        (
            ("--email", "ed@example.be", "--role", "editor", "--organisation", "nowhere"),
            PASSWORD,
            "organisation: There is no such organisation.",
        ),
        (
            ("--email", "reg@example.be", "--role", "regulator"),
            "short",
            "password: A password has at least 12 characters.",
        ),
        (
            ("--email", "reg@example.be", "--role", "regulator"),
            "my-name-is-reg-ok",
            "password: A password must not contain your e-mail name.",
        ),
        (
            ("--email", ADMIN, "--role", "regulator"),
            PASSWORD,
            "email: An account with this e-mail address exists.",
        ),
        (
            ("--email", "reg@example.be", "--role", "regulator", "--as", "nobody@example.be"),
            PASSWORD,
            "There is no active account with the e-mail address nobody@example.be.",
        ),
    ],
)
def test_bad_input_exits_with_2_and_names_the_field(
    admin: str, balise: CommandLine, args: tuple[str, ...], password: str, error: str
) -> None:
    acting = () if "--as" in args else ("--as", admin)
    result = create(balise, "--name", "Someone", *args, *acting, password=password)

    assert result.exit_code == 2
    assert result.stderr == f"{error}\n"
    assert result.stdout == ""


def test_only_an_administrator_creates_accounts(admin: str, city: str, balise: CommandLine) -> None:
    create(
        balise,
        "--email",
        "ed@example.be",
        "--name",
        "Ed",
        "--role",
        "editor",
        "--organisation",
        city,
        "--as",
        admin,
    )

    result = create(
        balise, "--email", "x@example.be", "--name", "X", "--role", "admin", "--as", "ed@example.be"
    )

    assert result.exit_code == 2
    assert result.stderr == "You are not allowed to do this.\n"


def test_password_options_exclude_each_other(admin: str, balise: CommandLine) -> None:
    result = create(
        balise,
        "--email",
        "x@example.be",
        "--name",
        "X",
        "--role",
        "admin",
        "--no-password",
        "--as",
        admin,
    )

    assert result.exit_code == 2
    assert "not both" in result.stderr


def test_list_shows_every_account(admin: str, city: str, balise: CommandLine) -> None:
    create(
        balise,
        "--email",
        "ed@example.be",
        "--name",
        "Ed Peeters",
        "--role",
        "editor",
        "--organisation",
        city,
        "--as",
        admin,
    )

    listed = balise("users", "list", "--format", "json")
    table = balise("users", "list")

    assert listed.exit_code == table.exit_code == 0
    users = json.loads(listed.stdout)["users"]
    assert [(user["email"], user["role"], user["organisation"]) for user in users] == [
        ("ed@example.be", "editor", "stad-gent"),
        (ADMIN, "admin", None),
    ]
    assert table.stdout.splitlines()[0].split() == [
        "id",
        "e-mail",
        "name",
        "role",
        "organisation",
        "active",
    ]
    assert "Ed Peeters" in table.stdout
