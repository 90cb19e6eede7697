"""The observatory's reads over the other areas' tables (read-only) and its own snapshots."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from balise.adapters.db import tables as t
from balise.adapters.db.assessments_tables import assessments
from balise.adapters.db.eco_repositories import FootprintRepository
from balise.adapters.db.guichet_tables import guides, questions
from balise.adapters.db.monitoring_tables import citizen_requests, incidents
from balise.adapters.db.observatory_tables import observatory_snapshots as snapshots
from balise.domain.observatory.facts import (
    Facts,
    GuideFact,
    IncidentFact,
    Owner,
    PanelFact,
    PublishedSystem,
    QuestionFact,
    QuotaFact,
    RequestFact,
    ReviewEvent,
    ReviewStep,
)
from balise.domain.observatory.functions import Result
from balise.domain.observatory.snapshots import Snapshot

REVIEW_EVENTS = {f"system.{step.value}": step for step in ReviewStep}


class ObservatoryRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    # --- the facts, read from the other areas ---------------------------------------------

    def facts(self) -> Facts:
        """Everything the indicators compute on, as the database holds it now."""
        c = self.connection
        org = t.organisations
        owners = {
            row.id: Owner(row.slug, row.level, row.sector)
            for row in c.execute(sa.select(org.c.id, org.c.slug, org.c.level, org.c.sector))
        }
        system_owner = {
            row.id: owners[row.organisation_id]
            for row in c.execute(sa.select(t.systems.c.id, t.systems.c.organisation_id))
        }
        p = t.portal_systems
        systems = tuple(
            PublishedSystem(
                system_id=row.system_id,
                owner=owners[row.organisation_id],
                risk_category=row.risk_category,
                first_published=row.first_published_at.date(),
                revision_date=row.revision_date,
                withdrawn=row.withdrawn,
            )
            for row in c.execute(sa.select(p).order_by(p.c.first_published_at, p.c.system_id))
        )
        e = t.audit_events
        review_events = tuple(
            ReviewEvent(
                int(row.entity_id),
                system_owner[int(row.entity_id)],
                row.occurred_at.date(),
                REVIEW_EVENTS[row.event_type],
            )
            for row in c.execute(
                sa.select(e.c.entity_id, e.c.event_type, e.c.occurred_at)
                .where(e.c.entity_type == "system", e.c.event_type.in_(REVIEW_EVENTS))
                .order_by(e.c.seq)
            )
            if int(row.entity_id) in system_owner
        )
        a = assessments
        signed_frias: dict[int, date] = {}
        for row in c.execute(
            sa.select(a.c.system_id, a.c.updated_at)
            .where(a.c.template == "fria", a.c.state == "signed")
            .order_by(a.c.updated_at)
        ):
            signed_frias.setdefault(row.system_id, row.updated_at.date())
        r = t.audit_reports
        fairness: dict[int, date] = {}
        for row in c.execute(
            sa.select(r.c.system_id, r.c.finished_at)
            .where(
                r.c.kind == "fairness",
                r.c.portal_visibility != "nothing",
                r.c.system_id.is_not(None),
                r.c.finished_at.is_not(None),
                r.c.result.is_not(None),
            )
            .order_by(r.c.finished_at)
        ):
            fairness.setdefault(row.system_id, row.finished_at.date())
        return Facts(
            systems=systems,
            review_events=review_events,
            signed_frias=signed_frias,
            published_fairness_audits=fairness,
            incidents=self._incidents(owners),
            requests=self._requests(owners),
            panels=self._panels(owners),
            guides=self._guides(),
            questions=self._questions(),
            eco_labels=FootprintRepository(c).labels(),
        )

    def _guides(self) -> tuple[GuideFact, ...]:
        """Each guide from its first publication; superseded versions were published too."""
        g = guides
        rows = self.connection.execute(
            sa.select(g.c.code, g.c.kind, g.c.published_at)
            .where(g.c.published_at.is_not(None))
            .order_by(g.c.published_at, g.c.code)
        )
        first: dict[str, GuideFact] = {}
        for row in rows:
            first.setdefault(row.code, GuideFact(row.code, row.kind, row.published_at.date()))
        return tuple(first.values())

    def _questions(self) -> tuple[QuestionFact, ...]:
        q = questions
        rows = self.connection.execute(
            sa.select(q.c.asked_at, q.c.due_on, q.c.answered_at).order_by(q.c.asked_at, q.c.id)
        )
        return tuple(
            QuestionFact(
                row.asked_at.date(),
                row.due_on,
                row.answered_at.date() if row.answered_at is not None else None,
            )
            for row in rows
        )

    def _incidents(self, owners: dict[int, Owner]) -> tuple[IncidentFact, ...]:
        i = incidents
        rows = self.connection.execute(
            sa.select(
                i.c.organisation_id, i.c.category, i.c.aware_on, i.c.due_on, i.c.reported_at
            ).order_by(i.c.reported_at, i.c.id)
        )
        return tuple(
            IncidentFact(
                owners[row.organisation_id],
                row.category,
                row.aware_on,
                row.due_on,
                row.reported_at.date(),
            )
            for row in rows
        )

    def _requests(self, owners: dict[int, Owner]) -> tuple[RequestFact, ...]:
        r = citizen_requests
        rows = self.connection.execute(
            sa.select(
                r.c.organisation_id,
                r.c.kind,
                r.c.received_on,
                r.c.due_on,
                r.c.extended_due_on,
                r.c.answered_on,
                r.c.outcome,
            ).order_by(r.c.received_on, r.c.id)
        )
        return tuple(
            RequestFact(
                owners[row.organisation_id],
                row.kind,
                row.received_on,
                row.extended_due_on or row.due_on,
                row.answered_on,
                row.outcome,
            )
            for row in rows
        )

    def _panels(self, owners: dict[int, Owner]) -> tuple[PanelFact, ...]:
        c = self.connection
        pn, d = t.panels, t.panel_draws
        found: list[PanelFact] = []
        for row in c.execute(
            sa.select(pn.c.id, pn.c.slug, pn.c.organisation_id, d.c.drawn_at, d.c.reveal)
            .select_from(pn.outerjoin(d, d.c.panel_id == pn.c.id))
            .order_by(pn.c.id)
        ):
            if row.drawn_at is None:
                found.append(PanelFact(owners[row.organisation_id], None, slug=row.slug))
                continue
            q = t.panel_quotas
            quotas = tuple(
                QuotaFact(quota.category, quota.value, quota.minimum, quota.maximum)
                for quota in c.execute(
                    sa.select(q).where(q.c.panel_id == row.id).order_by(q.c.position)
                )
            )
            drawn_ids = [str(pid) for pid in (row.reveal or {}).get("panel", [])]
            people = t.panel_people
            features = tuple(
                dict(person.features)
                for person in c.execute(
                    sa.select(people.c.features).where(
                        people.c.panel_id == row.id, people.c.person_id.in_(drawn_ids)
                    )
                )
            )
            found.append(
                PanelFact(
                    owners[row.organisation_id], row.drawn_at.date(), quotas, features, row.slug
                )
            )
        return tuple(found)

    # --- the snapshots, append-only ------------------------------------------------------

    @staticmethod
    def _snapshot(row: Row[tuple[object, ...]]) -> Snapshot:
        m = row._mapping
        return Snapshot(
            code=m["code"],
            as_of=m["as_of"],
            version=m["version"],
            result=Result.from_json(
                {"value": m["value"], "breakdown": m["breakdown"], "reason": m["reason"]}
            ),
            indicator_version=m["indicator_version"],
            computed_at=m["computed_at"],
        )

    def add(self, snapshot: Snapshot) -> None:
        self.connection.execute(
            sa.insert(snapshots).values(
                code=snapshot.code,
                as_of=snapshot.as_of,
                version=snapshot.version,
                value=snapshot.result.value,
                breakdown=dict(snapshot.result.breakdown),
                reason=snapshot.result.reason,
                indicator_version=snapshot.indicator_version,
                computed_at=snapshot.computed_at,
            )
        )

    def on_day(self, as_of: date) -> list[Snapshot]:
        """Every version stored for one day."""
        rows = self.connection.execute(
            sa.select(snapshots)
            .where(snapshots.c.as_of == as_of)
            .order_by(snapshots.c.code, snapshots.c.version)
        )
        return [self._snapshot(row) for row in rows]

    def history(self, *, since: date | None = None, until: date | None = None) -> list[Snapshot]:
        """Every version stored between two days (both included), oldest first."""
        query = sa.select(snapshots).order_by(
            snapshots.c.as_of, snapshots.c.code, snapshots.c.version
        )
        if since is not None:
            query = query.where(snapshots.c.as_of >= since)
        if until is not None:
            query = query.where(snapshots.c.as_of <= until)
        return [self._snapshot(row) for row in self.connection.execute(query)]

    def days(self) -> Sequence[date]:
        rows = self.connection.execute(
            sa.select(snapshots.c.as_of).distinct().order_by(snapshots.c.as_of)
        )
        return [row.as_of for row in rows]
