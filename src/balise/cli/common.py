"""What every command shares: the container, text or JSON output, errors turned into exit codes.

Exit codes: 0 success, 1 the work failed (a broken audit log, a backup that could not be made,
an unreachable database), 2 bad input (usage errors, and every domain error, rendered in English
on standard error).

This module is imported by every command, even `balise --help`: it imports only Typer, the
standard library and small domain modules. The container (SQLAlchemy, Alembic...), translations
(Babel) and Rich are imported inside the functions that use them, so the CLI starts at once.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from balise.domain.accounts.model import Actor, Role, User
from balise.domain.shared.errors import DomainError, OperationFailed, ValidationError
from balise.domain.shared.i18n import N_, Language, Message

if TYPE_CHECKING:
    from balise.bootstrap import Container
    from balise.services.ports import UnitOfWork

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"


FormatOption = Annotated[
    Format, typer.Option("--format", help="text for people; json for programs (stable keys).")
]
PanelSlug = Annotated[str, typer.Argument(help="The panel's web address (its slug).")]
ActingOrganiser = Annotated[
    str, typer.Option("--as", metavar="EMAIL", help="The organiser's account to act as.")
]
ActingAdmin = Annotated[
    str,
    typer.Option(
        "--as",
        metavar="EMAIL",
        help="The administrator's account to act as; the audit log records the change under it.",
    ),
]

OPERATOR = Actor(user=User(email="cli@balise.invalid", display_name="Setup (cli)", role=Role.ADMIN))
"""Who reads when a command takes no --as: whoever runs it holds the database already, so reads
are an administrator's. Changes always name an account with --as (or are the first setup)."""


class CommandFailed(OperationFailed):
    """The command was valid but its work could not be done."""


FAILURES: tuple[type[DomainError], ...] = (OperationFailed,)


def english(message: Message) -> str:
    from balise.i18n import translate

    return translate(message, Language.EN)


def describe(error: DomainError) -> list[str]:
    if isinstance(error, ValidationError):
        return [f"{field}: {english(message)}" for field, message in error.errors.items()]
    return [english(error.message)]


def fail(lines: Sequence[str], code: int = EXIT_BAD_INPUT) -> NoReturn:
    for line in lines:
        typer.echo(line, err=True)
    raise typer.Exit(code)


def database_failure(error: BaseException) -> str | None:
    """Why the database cannot be used, when `error` says so (SQLAlchemy's OperationalError)."""
    exc = sys.modules.get("sqlalchemy.exc")  # not loaded: no database was touched
    if exc is None or not isinstance(error, exc.OperationalError):
        return None
    return str(error.orig or error).strip().splitlines()[0]


@contextmanager
def open_container(*, require_current_schema: bool = True) -> Iterator[Container]:
    """Build the container from the environment, and report what goes wrong as an exit code."""
    import pydantic

    from balise.bootstrap import build

    try:
        container = build()
    except pydantic.ValidationError as error:
        fail(
            [
                f"Invalid setting: {problem['loc'][0]}: {problem['msg']}"
                for problem in error.errors()
            ]
        )
    try:
        if require_current_schema:
            require_schema_at_head(container)
        yield container
    except DomainError as error:
        fail(describe(error), EXIT_FAILED if isinstance(error, FAILURES) else EXIT_BAD_INPUT)
    except Exception as error:
        reason = database_failure(error)
        if reason is None:
            raise
        fail(
            [english(Message(N_("The database cannot be used: %(reason)s"), {"reason": reason}))],
            EXIT_FAILED,
        )
    finally:
        container.dispose()


def schema_revisions(container: Container) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The revisions the database is at, and the head revisions of the migrations."""
    return container.schema_revisions()


def require_schema_at_head(container: Container) -> None:
    current, heads = schema_revisions(container)
    if set(current) != set(heads):
        raise CommandFailed(
            Message(N_("The database is not up to date; run `balise db upgrade` first."))
        )


def actor_for(uow: UnitOfWork, email: str) -> Actor:
    """The actor behind `--as`: an active account; the services decide what it may do."""
    from balise.services.accounts import actor_for_email

    return actor_for_email(uow, email=email)


def print_json(document: Mapping[str, Any]) -> None:
    typer.echo(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False))


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [
        max([len(header), *(len(row[column]) for row in rows)])
        for column, header in enumerate(headers)
    ]
    for cells in (headers, ["-" * width for width in widths], *rows):
        typer.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()
        )


@contextmanager
def progress_bar(description: str) -> Iterator[Callable[[int, int | None], None]]:
    """A progress bar on standard error, shown only on a terminal; yields `report(done, total)`."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    console = Console(stderr=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(
        *columns, console=console, transient=True, disable=not console.is_terminal
    ) as progress:
        task = progress.add_task(description, total=None)

        def report(done: int, total: int | None) -> None:
            progress.update(task, completed=done, total=total)

        yield report
