"""`balise audit-log`: checking that nobody edited, inserted or deleted an audit event."""

from __future__ import annotations

import typer

from balise.cli.common import (
    EXIT_FAILED,
    Format,
    FormatOption,
    open_container,
    print_json,
    progress_bar,
)
from balise.domain.audit_log.chain import Verification

audit_log_app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)


def verification_text(verification: Verification) -> str:
    if verification.broken is None:
        return f"OK: {verification.checked} events, head {verification.head}"
    return f"BROKEN at event #{verification.broken.seq} ({verification.broken.reason})"


@audit_log_app.command()
def verify(output: FormatOption = Format.TEXT) -> None:
    """Recompute the hash chain over every event, in order, and stop at the first broken link.

    Prints "OK: N events, head HASH", or "BROKEN at event #SEQ (REASON)" and exits with 1, where
    REASON is edited, inserted_or_deleted or out_of_sequence. Keep the head hash somewhere else:
    comparing it later shows whether events were removed from the end.
    """
    from balise.services.audit_log import verify_audit_log

    with (
        open_container() as container,
        container.uow(read_only=True) as uow,
        progress_bar("Verifying the audit log") as report,
    ):
        verification = verify_audit_log(uow, on_progress=report)
    if output is Format.JSON:
        print_json(verification.as_dict())
    else:
        typer.echo(verification_text(verification))
    if not verification.ok:
        raise typer.Exit(EXIT_FAILED)
