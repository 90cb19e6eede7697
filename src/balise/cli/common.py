"""What every command shares: the container, text or JSON output, errors turned into exit codes.

Exit codes: 0 success, 1 the work failed (a broken audit log, a backup that could not be made,
an unreachable database), 2 bad input (usage errors, and every domain error, rendered in English
on standard error).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated, Any, NoReturn

import pydantic
import typer
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.exc import OperationalError

from balise.adapters.db.backup import BackupFailed
from balise.adapters.db.migrate import alembic_config
from balise.bootstrap import Container, build
from balise.domain.accounts.model import Actor
from balise.domain.shared.errors import DomainError, NotFound, ValidationError
from balise.domain.shared.i18n import N_, Language, Message
from balise.i18n import translate
from balise.services.ports import UnitOfWork

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"


FormatOption = Annotated[
    Format, typer.Option("--format", help="text for people; json for programs (stable keys).")
]
ActingAdmin = Annotated[
    str,
    typer.Option(
        "--as",
        metavar="EMAIL",
        help="The administrator's account to act as; the audit log records the change under it.",
    ),
]


class CommandFailed(DomainError):
    """The command was valid but its work could not be done."""


FAILURES: tuple[type[DomainError], ...] = (CommandFailed, BackupFailed)


def english(message: Message) -> str:
    return translate(message, Language.EN)


def describe(error: DomainError) -> list[str]:
    if isinstance(error, ValidationError):
        return [f"{field}: {english(message)}" for field, message in error.errors.items()]
    return [english(error.message)]


def fail(lines: Sequence[str], code: int = EXIT_BAD_INPUT) -> NoReturn:
    for line in lines:
        typer.echo(line, err=True)
    raise typer.Exit(code)


@contextmanager
def open_container(*, require_current_schema: bool = True) -> Iterator[Container]:
    """Build the container from the environment, and report what goes wrong as an exit code."""
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
    except OperationalError as error:
        reason = str(error.orig or error).strip().splitlines()[0]
        fail(
            [english(Message(N_("The database cannot be used: %(reason)s"), {"reason": reason}))],
            EXIT_FAILED,
        )
    finally:
        container.dispose()


def schema_revisions(container: Container) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The revisions the database is at, and the head revisions of the migrations."""
    with container.engine.connect().execution_options(read_only=True) as connection:
        current = tuple(MigrationContext.configure(connection).get_current_heads())
    heads = tuple(ScriptDirectory.from_config(alembic_config(container.engine)).get_heads())
    return current, heads


def require_schema_at_head(container: Container) -> None:
    current, heads = schema_revisions(container)
    if set(current) != set(heads):
        raise CommandFailed(
            Message(N_("The database is not up to date; run `balise db upgrade` first."))
        )


def actor_for(uow: UnitOfWork, email: str) -> Actor:
    """The actor behind `--as`: an active account; the services decide what it may do."""
    user = uow.users.find_by_email(email)
    if user is None or not user.active:
        raise NotFound(
            Message(
                N_("There is no active account with the e-mail address %(email)s."),
                {"email": email},
            )
        )
    return Actor(user=user)


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
