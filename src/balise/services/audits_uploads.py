"""Uploads of the audits area: decision logs and data sets sent in chunks (the resumable upload
API) or whole (the form without JavaScript), for an organisation or one of its records. Each is
seen only by the person who made it (and administrators), and only while they may run audits.
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from datetime import timedelta

from balise.domain.accounts.model import Actor, Role, Scope, User
from balise.domain.audits.uploads import AuditUpload, FileFormat, check_size, clean_file_name
from balise.domain.shared.errors import NotFound, ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.services.audit_log import record_event
from balise.services.permissions import can_run_audit, require, require_scope
from balise.services.ports import Storage, UnitOfWork

UPLOAD_ID_BYTES = 16
HEAD_BYTES = 64 * 1024
NO_UPLOAD = Message(N_("There is no such upload."))


@dataclass(frozen=True)
class AuditTarget:
    """What an audit is attached to: an organisation, and maybe one of its register records."""

    organisation_id: int
    system_id: int | None = None


def require_run(actor: Actor, organisation_id: int) -> None:
    require_scope(actor, Scope.SYSTEMS_WRITE)
    require(can_run_audit(actor, organisation_id))


def create_upload(
    uow: UnitOfWork,
    *,
    actor: Actor,
    storage: Storage,
    target: AuditTarget,
    file_name: str,
    size: int,
    max_bytes: int,
) -> AuditUpload:
    """Open a resumable upload: an empty file under a random key, filled chunk by chunk."""
    require_run(actor, target.organisation_id)
    name = clean_file_name(file_name)
    file_format = FileFormat.from_file_name(name)
    check_size(size, max_bytes)
    key = storage.save(io.BytesIO(b""), suffix=file_format.suffix, max_bytes=0)
    upload = AuditUpload(
        id=secrets.token_hex(UPLOAD_ID_BYTES),
        organisation_id=target.organisation_id,
        system_id=target.system_id,
        file_name=name,
        file_format=file_format,
        storage_key=key,
        size=size,
        created_by=actor.user.id if actor.user else None,
        created_at=uow.clock.now(),
    )
    uow.audit_uploads.add(upload)
    record_event(
        uow,
        actor=actor,
        event_type="audit_upload.created",
        entity_type="audit_upload",
        entity_id=upload.id,
        after={"file_name": name, "size": size, "format": file_format.value},
    )
    return upload


def add_stored_upload(
    uow: UnitOfWork,
    *,
    actor: Actor,
    target: AuditTarget,
    file_name: str,
    file_format: FileFormat,
    storage_key: str,
    size: int,
    columns: dict[str, str],
) -> AuditUpload:
    """Record a file already stored whole (the form without JavaScript), complete at once."""
    require_run(actor, target.organisation_id)
    now = uow.clock.now()
    upload = AuditUpload(
        id=secrets.token_hex(UPLOAD_ID_BYTES),
        organisation_id=target.organisation_id,
        system_id=target.system_id,
        file_name=clean_file_name(file_name),
        file_format=file_format,
        storage_key=storage_key,
        size=size,
        received=size,
        columns=columns,
        created_by=actor.user.id if actor.user else None,
        created_at=now,
        completed_at=now,
    )
    uow.audit_uploads.add(upload)
    record_event(
        uow,
        actor=actor,
        event_type="audit_upload.completed",
        entity_type="audit_upload",
        entity_id=upload.id,
        after={"file_name": upload.file_name, "size": size, "format": file_format.value},
    )
    return upload


def get_upload(uow: UnitOfWork, *, actor: Actor, upload_id: str) -> AuditUpload:
    """An upload, for the person who made it (or an administrator); nobody else sees it."""
    upload = uow.audit_uploads.get(upload_id)
    if upload is None or actor.user is None:
        raise NotFound(NO_UPLOAD)
    if upload.created_by != actor.user.id and actor.role is not Role.ADMIN:
        raise NotFound(NO_UPLOAD)
    require_run(actor, upload.organisation_id)
    return upload


def record_chunk(
    uow: UnitOfWork, *, actor: Actor, upload_id: str, from_offset: int, to_offset: int
) -> bool:
    """Move the upload's offset after a chunk was written; False when another chunk won."""
    get_upload(uow, actor=actor, upload_id=upload_id)
    return uow.audit_uploads.advance(upload_id, from_offset=from_offset, to_offset=to_offset)


def finish_upload(
    uow: UnitOfWork, *, actor: Actor, upload_id: str, columns: dict[str, str]
) -> AuditUpload:
    """Close a complete upload, with the columns read from its header or schema."""
    upload = get_upload(uow, actor=actor, upload_id=upload_id)
    if upload.complete:
        return upload
    if upload.received != upload.size:
        raise ValidationError.single(
            "file",
            N_("The upload is incomplete: %(received)s of %(size)s bytes received."),
            received=upload.received,
            size=upload.size,
        )
    if not columns:
        raise ValidationError.single("file", N_("The file has no columns."))
    uow.audit_uploads.complete(upload_id, columns=columns, at=uow.clock.now())
    record_event(
        uow,
        actor=actor,
        event_type="audit_upload.completed",
        entity_type="audit_upload",
        entity_id=upload_id,
        after={"file_name": upload.file_name, "size": upload.size, "columns": len(columns)},
    )
    finished = uow.audit_uploads.get(upload_id)
    assert finished is not None
    return finished


def complete_upload(uow: UnitOfWork, *, actor: Actor, upload_id: str) -> AuditUpload:
    upload = get_upload(uow, actor=actor, upload_id=upload_id)
    if not upload.complete or not upload.columns:
        raise ValidationError.single("file", N_("The upload is not finished yet."))
    return upload


HOUSEKEEPING = Actor(
    user=User(email="housekeeping@balise.invalid", display_name="Housekeeping", role=Role.ADMIN)
)
"""Who the audit log names for the clean-up Balise does by itself."""


def remove_abandoned_uploads(
    uow: UnitOfWork, *, storage: Storage, older_than: timedelta
) -> list[str]:
    """Delete chunked uploads opened more than `older_than` ago and never finished, with their
    file; returns their ids. (A finished upload stays: audits refer to it.)"""
    removed = []
    for upload in uow.audit_uploads.unfinished_before(uow.clock.now() - older_than):
        uow.audit_uploads.remove(upload.id)
        storage.delete(upload.storage_key)
        record_event(
            uow,
            actor=HOUSEKEEPING,
            event_type="audit_upload.abandoned",
            entity_type="audit_upload",
            entity_id=upload.id,
            before={
                "file_name": upload.file_name,
                "size": upload.size,
                "received": upload.received,
            },
        )
        removed.append(upload.id)
    return removed


def remove_orphaned_files(uow: UnitOfWork, *, storage: Storage, older_than: timedelta) -> list[str]:
    """Delete stored files older than `older_than` that no upload and no waiting or running job
    refers to (left behind by a job killed before it cleaned up, or a request cut off)."""
    referenced = uow.audit_uploads.storage_keys() | uow.jobs.files_in_use()
    orphans = [
        key
        for key in storage.keys_older_than(uow.clock.now() - older_than)
        if key not in referenced
    ]
    for key in orphans:
        storage.delete(key)
    return orphans
