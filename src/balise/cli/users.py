"""`balise users`: accounts, created and listed from the command line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any

import typer

from balise.cli.common import (
    OPERATOR,
    Format,
    FormatOption,
    actor_for,
    fail,
    open_container,
    print_json,
    print_table,
)
from balise.domain.accounts.model import Actor, Role, User
from balise.domain.shared.errors import NotFound, ValidationError
from balise.domain.shared.i18n import N_, Language

if TYPE_CHECKING:
    from balise.services.ports import UnitOfWork

users_app = typer.Typer(help="Create and list accounts.", no_args_is_help=True)


def user_json(user: User, slugs: Mapping[int, str]) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role.value,
        "organisation": slugs.get(user.organisation_id) if user.organisation_id else None,
        "language": user.language.value if user.language else None,
        "active": user.active,
    }


def organisation_slugs(uow: UnitOfWork, actor: Actor) -> dict[int, str]:
    from balise.services.organisations import list_organisations

    return {
        item.id: item.slug for item in list_organisations(uow, actor=actor) if item.id is not None
    }


def read_password(*, from_stdin: bool, none: bool) -> str | None:
    if from_stdin and none:
        fail(["Choose --password-stdin or --no-password, not both."])
    if none:
        return None
    if from_stdin:
        return typer.get_text_stream("stdin").readline().rstrip("\r\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


def organisation_id(uow: UnitOfWork, actor: Actor, slug: str | None) -> int | None:
    from balise.services.organisations import get_organisation

    if slug is None:
        return None
    try:
        return get_organisation(uow, actor=actor, slug=slug).id
    except NotFound:
        raise ValidationError.single("organisation", N_("There is no such organisation.")) from None


@users_app.command()
def create(
    email: Annotated[str, typer.Option(help="The e-mail address the person signs in with.")],
    name: Annotated[str, typer.Option(help="The name shown to others.")],
    role: Annotated[Role, typer.Option(help="What the account may do.")],
    organisation: Annotated[
        str | None,
        typer.Option(metavar="SLUG", help="The organisation of an editor or a reviewer."),
    ] = None,
    language: Annotated[
        Language | None, typer.Option(help="The account's language; default: the browser's.")
    ] = None,
    password_stdin: Annotated[
        bool,
        typer.Option("--password-stdin", help="Read the password from the first line of stdin."),
    ] = False,
    no_password: Annotated[
        bool, typer.Option("--no-password", help="No password: the account signs in with SSO only.")
    ] = False,
    acting_as: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="EMAIL",
            help="The administrator creating the account, as recorded in the audit log.",
        ),
    ] = None,
    output: FormatOption = Format.TEXT,
) -> None:
    """Create an account, asking twice for its password unless told otherwise.

    An administrator creates accounts: give theirs with --as. The very first administrator of an
    installation is created without --as; the audit log records it as made by
    cli@balise.invalid, the command line's setup address.
    """
    from balise.services.accounts import create_first_admin, create_user

    password = read_password(from_stdin=password_stdin, none=no_password)
    with open_container() as container, container.uow() as uow:
        user = User(
            email=email,
            display_name=name,
            role=role,
            language=language,
            organisation_id=organisation_id(uow, OPERATOR, organisation),
        )
        if acting_as is None:
            created = create_first_admin(uow, user=user, password=password, via="cli")
        else:
            created = create_user(
                uow, actor=actor_for(uow, acting_as), user=user, password=password
            )
        slugs = organisation_slugs(uow, OPERATOR)
        uow.commit()
    if output is Format.JSON:
        print_json({"user": user_json(created, slugs)})
    else:
        typer.echo(f"Created account #{created.id} {created.email} ({created.role.value}).")


@users_app.command("list")
def list_users(output: FormatOption = Format.TEXT) -> None:
    """List every account, by e-mail address."""
    from balise.services.accounts import list_users as list_accounts

    with open_container() as container, container.uow(read_only=True) as uow:
        users = list_accounts(uow, actor=OPERATOR)
        slugs = organisation_slugs(uow, OPERATOR)
    documents = [user_json(user, slugs) for user in users]
    if output is Format.JSON:
        print_json({"users": documents})
        return
    print_table(
        ("id", "e-mail", "name", "role", "organisation", "active"),
        [
            (
                str(doc["id"]),
                doc["email"],
                doc["display_name"],
                doc["role"],
                doc["organisation"] or "",
                "yes" if doc["active"] else "no",
            )
            for doc in documents
        ],
    )
