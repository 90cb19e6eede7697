"""`balise audit-log`: checking that nobody edited, inserted, deleted or cut audit events, and
signing checkpoints of the chain's head."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from balise.cli.common import (
    EXIT_FAILED,
    Format,
    FormatOption,
    open_container,
    print_json,
    progress_bar,
)

if TYPE_CHECKING:
    from balise.domain.audit_log.chain import Verification
    from balise.domain.audit_log.checkpoints import Checkpoint, CheckpointComparison

audit_log_app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)

PROBLEMS = {
    "truncated": "the log ends before event #{seq}: events were deleted from its end",
    "resealed": "event #{seq} no longer has the checkpointed hash: the chain was re-sealed",
    "bad_signature": "the checkpoint of event #{seq} is not signed by a known audit log key",
}


def verification_text(verification: Verification) -> str:
    if verification.broken is None:
        return f"OK: {verification.checked} events, head {verification.head}"
    return f"BROKEN at event #{verification.broken.seq} ({verification.broken.reason})"


def comparison_lines(comparison: CheckpointComparison) -> list[str]:
    if comparison.ok:
        return [f"OK: {comparison.checked} checkpoints match the chain"]
    return [
        f"CHECKPOINT MISMATCH: {PROBLEMS[problem.reason].format(seq=problem.seq)}"
        for problem in comparison.problems
    ]


@audit_log_app.command()
def verify(
    against_checkpoints: Annotated[
        bool,
        typer.Option(
            "--against-checkpoints",
            help="Also compare the chain with every signed checkpoint: reports events cut from "
            "the end (truncated) and a chain re-sealed after a checkpoint (resealed).",
        ),
    ] = False,
    output: FormatOption = Format.TEXT,
) -> None:
    """Recompute the keyed hash chain over every event, in order, and stop at the first broken link.

    Prints "OK: N events, head HASH", or "BROKEN at event #SEQ (REASON)" and exits with 1, where
    REASON is edited, inserted_or_deleted, out_of_sequence, unknown_key (sealed by a key this
    installation does not hold) or unkeyed (an unkeyed event after keyed ones). With
    --against-checkpoints, a checkpoint that no longer matches is reported and exits with 1.
    """
    from balise.services.audit_log import compare_with_checkpoints, verify_audit_log

    with (
        open_container() as container,
        container.uow(read_only=True) as uow,
        progress_bar("Verifying the audit log") as report,
    ):
        verification = verify_audit_log(uow, on_progress=report)
        comparison = compare_with_checkpoints(uow) if against_checkpoints else None
    if output is Format.JSON:
        document = verification.as_dict()
        if comparison is not None:
            document["checkpoints"] = comparison.as_dict()
            document["ok"] = verification.ok and comparison.ok
        print_json(document)
    else:
        typer.echo(verification_text(verification))
        for line in comparison_lines(comparison) if comparison is not None else []:
            typer.echo(line)
    if not verification.ok or (comparison is not None and not comparison.ok):
        raise typer.Exit(EXIT_FAILED)


def checkpoint_text(checkpoint: Checkpoint | None) -> str:
    if checkpoint is None:
        return "No checkpoint taken: the log is empty or its head is already checkpointed."
    return (
        f"Checkpoint of event #{checkpoint.seq}, hash {checkpoint.hash}, "
        f"signed by key {checkpoint.key_id}"
    )


@audit_log_app.command()
def checkpoint(output: FormatOption = Format.TEXT) -> None:
    """Sign a checkpoint of the chain's head now (the server and worker take one periodically).

    Prints the checkpoint and the public key that checks its signature; both are published on
    /audit-log/checkpoints and /audit-log/checkpoints.json.
    """
    from balise.services.audit_log import current_public_key, take_checkpoint

    with open_container() as container, container.uow() as uow:
        taken = take_checkpoint(uow)
        uow.commit()
        key = current_public_key(uow)
    if output is Format.JSON:
        print_json(
            {
                "checkpoint": taken.as_dict() if taken is not None else None,
                "public_key": {"id": key.id, "algorithm": "Ed25519", "hex": key.hex},
            }
        )
        return
    typer.echo(checkpoint_text(taken))
    typer.echo(f"Public key {key.id} (Ed25519): {key.hex}")
