"""Repositories of the audits area: uploaded decision logs and audit reports.

A report's document is stored as JSON (with its schema version) and read back typed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from balise.adapters.db import tables as t
from balise.domain.audits.reports import (
    AuditDocument,
    AuditKind,
    AuditReport,
    PortalVisibility,
    report_from_json,
)
from balise.domain.audits.uploads import AuditUpload, FileFormat


def _upload_from_row(row: Row[Any]) -> AuditUpload:
    return AuditUpload(
        id=row.id,
        organisation_id=row.organisation_id,
        system_id=row.system_id,
        file_name=row.file_name,
        file_format=FileFormat(row.file_format),
        storage_key=row.storage_key,
        size=row.size,
        received=row.received,
        columns=dict(row.columns) if row.columns is not None else None,
        created_by=row.created_by,
        created_at=row.created_at,
        completed_at=row.completed_at,
    )


class AuditUploadRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, upload: AuditUpload) -> AuditUpload:
        self.connection.execute(
            t.audit_uploads.insert().values(
                id=upload.id,
                organisation_id=upload.organisation_id,
                system_id=upload.system_id,
                file_name=upload.file_name,
                file_format=upload.file_format.value,
                storage_key=upload.storage_key,
                size=upload.size,
                received=upload.received,
                columns=upload.columns,
                created_by=upload.created_by,
                created_at=upload.created_at,
                completed_at=upload.completed_at,
            )
        )
        return upload

    def get(self, upload_id: str) -> AuditUpload | None:
        row = self.connection.execute(
            sa.select(t.audit_uploads).where(t.audit_uploads.c.id == upload_id)
        ).first()
        return _upload_from_row(row) if row else None

    def advance(self, upload_id: str, *, from_offset: int, to_offset: int) -> bool:
        """Move the received offset forward, only from where it stands (a compare-and-set)."""
        result = self.connection.execute(
            t.audit_uploads.update()
            .where(
                t.audit_uploads.c.id == upload_id,
                t.audit_uploads.c.received == from_offset,
                t.audit_uploads.c.completed_at.is_(None),
            )
            .values(received=to_offset)
        )
        return bool(result.rowcount == 1)

    def complete(self, upload_id: str, *, columns: dict[str, str], at: datetime) -> None:
        self.connection.execute(
            t.audit_uploads.update()
            .where(t.audit_uploads.c.id == upload_id)
            .values(columns=columns, completed_at=at)
        )

    def unfinished_before(self, at: datetime) -> list[AuditUpload]:
        """Chunked uploads opened before `at` and never finished."""
        query = sa.select(t.audit_uploads).where(
            t.audit_uploads.c.completed_at.is_(None), t.audit_uploads.c.created_at < at
        )
        return [_upload_from_row(row) for row in self.connection.execute(query)]

    def remove(self, upload_id: str) -> None:
        self.connection.execute(t.audit_uploads.delete().where(t.audit_uploads.c.id == upload_id))

    def storage_keys(self) -> set[str]:
        query = sa.select(t.audit_uploads.c.storage_key)
        return {str(key) for (key,) in self.connection.execute(query)}


def _report_from_row(row: Row[Any]) -> AuditReport:
    return AuditReport(
        id=row.id,
        kind=AuditKind(row.kind),
        organisation_id=row.organisation_id,
        system_id=row.system_id,
        upload_id=row.upload_id,
        job_id=row.job_id,
        file_name=row.file_name,
        parameters=dict(row.parameters),
        result=report_from_json(dict(row.result)) if row.result is not None else None,
        data_sha256=row.data_sha256,
        portal_visibility=PortalVisibility(row.portal_visibility),
        created_by=row.created_by,
        created_at=row.created_at,
        finished_at=row.finished_at,
    )


class AuditReportRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, report: AuditReport) -> AuditReport:
        new_id = self.connection.execute(
            t.audit_reports.insert()
            .values(
                kind=report.kind.value,
                organisation_id=report.organisation_id,
                system_id=report.system_id,
                upload_id=report.upload_id,
                job_id=report.job_id,
                file_name=report.file_name,
                parameters=report.parameters,
                result=report.result.to_json() if report.result is not None else None,
                data_sha256=report.data_sha256,
                portal_visibility=report.portal_visibility.value,
                created_by=report.created_by,
                created_at=report.created_at,
                finished_at=report.finished_at,
            )
            .returning(t.audit_reports.c.id)
        ).scalar_one()
        found = self.get(int(new_id))
        assert found is not None
        return found

    def get(self, report_id: int) -> AuditReport | None:
        row = self.connection.execute(
            sa.select(t.audit_reports).where(t.audit_reports.c.id == report_id)
        ).first()
        return _report_from_row(row) if row else None

    def find_by_job(self, job_id: str) -> AuditReport | None:
        row = self.connection.execute(
            sa.select(t.audit_reports).where(t.audit_reports.c.job_id == job_id)
        ).first()
        return _report_from_row(row) if row else None

    def set_result(
        self, report_id: int, *, result: AuditDocument, data_sha256: str, at: datetime
    ) -> None:
        self.connection.execute(
            t.audit_reports.update()
            .where(t.audit_reports.c.id == report_id)
            .values(result=result.to_json(), data_sha256=data_sha256, finished_at=at)
        )

    def set_visibility(self, report_id: int, visibility: PortalVisibility) -> None:
        self.connection.execute(
            t.audit_reports.update()
            .where(t.audit_reports.c.id == report_id)
            .values(portal_visibility=visibility.value)
        )

    def list_for(
        self, *, organisation_id: int | None = None, system_id: int | None = None
    ) -> list[AuditReport]:
        """Newest first; by organisation, by system, or both."""
        query = sa.select(t.audit_reports).order_by(t.audit_reports.c.id.desc())
        if organisation_id is not None:
            query = query.where(t.audit_reports.c.organisation_id == organisation_id)
        if system_id is not None:
            query = query.where(t.audit_reports.c.system_id == system_id)
        return [_report_from_row(row) for row in self.connection.execute(query)]

    def published_for_system(self, system_id: int) -> list[AuditReport]:
        """Finished reports of a system that its organisation chose to show on the portal."""
        query = (
            sa.select(t.audit_reports)
            .where(
                t.audit_reports.c.system_id == system_id,
                t.audit_reports.c.finished_at.is_not(None),
                t.audit_reports.c.portal_visibility != PortalVisibility.NOTHING.value,
            )
            .order_by(t.audit_reports.c.id.desc())
        )
        return [_report_from_row(row) for row in self.connection.execute(query)]
