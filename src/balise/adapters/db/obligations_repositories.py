"""The obligation tracker's repository: one status per record, obligation and role."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from balise.adapters.db.obligations_tables import obligation_statuses as statuses
from balise.adapters.db.tables import portal_state
from balise.domain.obligations.model import Evidence, EvidenceKind, Status, Tracking


def _from_row(row: Row[Any]) -> Tracking:
    evidence = (
        Evidence(
            EvidenceKind(row.evidence_kind),
            row.evidence_title or "",
            row.evidence_reference or "",
            row.evidence_url or "",
            row.evidence_subtype or "",
        )
        if row.evidence_kind
        else None
    )
    return Tracking(
        id=row.id,
        system_id=row.system_id,
        code=row.obligation,
        role=row.role,
        status=Status(row.status),
        reason=row.reason,
        evidence=evidence,
        updated_by=row.updated_by,
        updated_at=row.updated_at,
    )


class ObligationStatusRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def list_for_system(self, system_id: int) -> list[Tracking]:
        rows = self.connection.execute(
            sa.select(statuses).where(statuses.c.system_id == system_id).order_by(statuses.c.id)
        )
        return [_from_row(row) for row in rows]

    def get(self, system_id: int, code: str, role: str) -> Tracking | None:
        row = self.connection.execute(
            sa.select(statuses).where(
                statuses.c.system_id == system_id,
                statuses.c.obligation == code,
                statuses.c.role == role,
            )
        ).first()
        return _from_row(row) if row else None

    def save(self, tracking: Tracking) -> Tracking:
        """Insert or replace the status of one duty."""
        evidence = tracking.evidence
        values = {
            "status": tracking.status.value,
            "reason": tracking.reason,
            "evidence_kind": evidence.kind.value if evidence else None,
            "evidence_subtype": (evidence.subtype or None) if evidence else None,
            "evidence_title": evidence.title if evidence else None,
            "evidence_reference": (evidence.reference or None) if evidence else None,
            "evidence_url": (evidence.url or None) if evidence else None,
            "updated_by": tracking.updated_by,
            "updated_at": tracking.updated_at,
        }
        current = self.get(tracking.system_id, tracking.code, tracking.role)
        if current is None:
            self.connection.execute(
                statuses.insert().values(
                    system_id=tracking.system_id,
                    obligation=tracking.code,
                    role=tracking.role,
                    **values,
                )
            )
        else:
            self.connection.execute(
                statuses.update().where(statuses.c.id == current.id).values(**values)
            )
        _portal_changed(self.connection)
        saved = self.get(tracking.system_id, tracking.code, tracking.role)
        assert saved is not None
        return saved


def _portal_changed(connection: Connection) -> None:
    """The portal shows a published record's tracker summary: its cached pages are stale (the
    row exists once anything was published; before that there is nothing to show)."""
    connection.execute(
        portal_state.update()
        .where(portal_state.c.id == 1)
        .values(generation=portal_state.c.generation + 1)
    )
