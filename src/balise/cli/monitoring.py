"""`balise monitor`: the legal deadlines of serious incidents and citizens' requests."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from balise.cli.common import EXIT_BAD_INPUT, Format, FormatOption, fail, print_json

monitor_app = typer.Typer(
    help="Deadlines of serious-incident reports (AI Act Art 73) and citizens' requests.",
    no_args_is_help=True,
)


def parse_day(option: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail([f"{option}: give a date as YYYY-MM-DD, not {value!r}"], EXIT_BAD_INPUT)


@monitor_app.command("incident-deadline")
def incident_deadline(
    aware_on: Annotated[
        str, typer.Option("--aware-on", metavar="DATE", help="The day the reporter became aware.")
    ],
    kind: Annotated[
        str,
        typer.Option(
            "--kind", help="death, critical_infrastructure, widespread or other (Art 73(2)-(4))."
        ),
    ] = "other",
    output: FormatOption = Format.TEXT,
) -> None:
    """The last day to report a serious incident (Regulation 1182/71 counting, Belgian holidays)."""
    from balise.domain.monitoring.deadlines import IncidentClock
    from balise.domain.monitoring.deadlines import incident_deadline as deadline_of

    day = parse_day("--aware-on", aware_on)
    try:
        clock = IncidentClock(kind)
    except ValueError:
        fail(
            [f"--kind: choose one of {', '.join(c.value for c in IncidentClock)}, not {kind!r}"],
            EXIT_BAD_INPUT,
        )
    deadline = deadline_of(day, clock)
    if output is Format.JSON:
        print_json(deadline.to_json())
    else:
        typer.echo(f"{deadline.due_on.isoformat()} ({deadline.article})")


@monitor_app.command("request-deadline")
def request_deadline(
    received_on: Annotated[
        str, typer.Option("--received-on", metavar="DATE", help="The day the request arrived.")
    ],
    basis: Annotated[
        str, typer.Option("--basis", help="gdpr (GDPR Art 12(3)) or publicity_1994.")
    ] = "gdpr",
    output: FormatOption = Format.TEXT,
) -> None:
    """The last day to answer a citizen's request, and the last day once extended."""
    from balise.domain.monitoring.deadlines import RequestBasis, extended_deadline
    from balise.domain.monitoring.deadlines import request_deadline as deadline_of

    day = parse_day("--received-on", received_on)
    try:
        chosen = RequestBasis(basis)
    except ValueError:
        fail(
            [f"--basis: choose one of {', '.join(b.value for b in RequestBasis)}, not {basis!r}"],
            EXIT_BAD_INPUT,
        )
    deadline = deadline_of(day, chosen)
    extended = extended_deadline(day, chosen)
    if output is Format.JSON:
        print_json({**deadline.to_json(), "extended_due_on": extended.due_on.isoformat()})
    else:
        typer.echo(f"{deadline.due_on.isoformat()} ({deadline.article})")
        typer.echo(f"extended: {extended.due_on.isoformat()}")


@monitor_app.command("purge-personal-data")
def purge_personal_data(output: FormatOption = Format.TEXT) -> None:
    """Delete the personal data of requests answered longer ago than the retention period."""
    from balise.cli.common import open_container
    from balise.domain.accounts.model import SYSTEM
    from balise.services.monitoring import purge_expired_personal_data

    with open_container() as container, container.uow() as uow:
        days = container.settings.monitoring_retention_days
        count = purge_expired_personal_data(uow, actor=SYSTEM, retention_days=days)
        uow.commit()
    if output is Format.JSON:
        print_json({"erased": count, "retention_days": days})
    else:
        typer.echo(f"Erased the personal data of {count} request(s) closed over {days} days ago.")
