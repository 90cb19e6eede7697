"""Audits made through the services, shared by the audit tests and the access matrix."""

from __future__ import annotations

import io
from typing import Any

import sqlalchemy as sa

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor, User
from balise.domain.audits.reports import AuditKind
from balise.domain.audits.uploads import FileFormat
from balise.services import audits
from balise.services import audits_uploads as uploads

MATRIX_UPLOAD = "0123456789abcdef0123456789abcdef"
SMALL_LOG = "sex,label,decision\n" + "F,1,1\nF,0,0\nM,1,0\nM,0,1\n" * 10


def actor_of(world: dict[str, Any], name: str) -> Actor:
    user: User = world["users"][name]
    return Actor(user=user)


def finished_audit(
    container: Container, world: dict[str, Any], *, by: str = "editor", upload_id: str = ""
) -> tuple[str, int]:
    """A stored CSV upload of alpha (made by `by`) and a finished fairness audit of it."""
    key = container.storage.save(io.BytesIO(SMALL_LOG.encode()), suffix=".csv", max_bytes=1 << 20)
    actor = actor_of(world, by)
    with container.uow() as uow:
        upload = uploads.add_stored_upload(
            uow,
            actor=actor,
            target=uploads.AuditTarget(world["organisations"]["alpha"].id),
            file_name="log.csv",
            file_format=FileFormat.CSV,
            storage_key=key,
            size=len(SMALL_LOG),
            columns={"sex": "VARCHAR", "label": "BIGINT", "decision": "BIGINT"},
        )
        uow.commit()
    chosen = upload.id
    if upload_id:
        with container.engine.begin() as connection:
            connection.execute(
                sa.text("UPDATE audit_uploads SET id = :new WHERE id = :old"),
                {"new": upload_id, "old": upload.id},
            )
        chosen = upload_id
    with container.uow() as uow:
        report, job = audits.start_audit(
            uow,
            actor=actor,
            upload_id=chosen,
            kind=AuditKind.FAIRNESS,
            parameters={"label": "label", "prediction": "decision", "sensitive": ["sex"]},
        )
        uow.commit()
    container.run_job(job.id)
    assert report.id is not None
    return chosen, report.id


def make_matrix_audits(container: Container, world: dict[str, Any]) -> dict[str, str]:
    """The access matrix's upload (the editor's, with a known id) and finished audit."""
    upload_id, audit_id = finished_audit(container, world, upload_id=MATRIX_UPLOAD)
    return {"upload_id": upload_id, "audit_id": str(audit_id)}
