"""The register's records and versions, and the portal's index with its full-text search."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Row

from balise.adapters.db import tables as t
from balise.adapters.db.bulk import insert_many, new_ids, stored_time, update_many
from balise.adapters.db.stemming import stemmed
from balise.domain.audit_log.chain import canonical_json
from balise.domain.register.model import RecordVersion, State, SystemRecord
from balise.domain.register.portal import PortalEntry
from balise.domain.register.standard import STANDARD_VERSION, Visibility
from balise.domain.shared.i18n import LANGUAGES, Language


def _visibility(raw: Mapping[str, str]) -> dict[str, Visibility]:
    return {name: Visibility(value) for name, value in raw.items()}


class SystemRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    @staticmethod
    def _values(record: SystemRecord) -> dict[str, Any]:
        return {
            "slug": record.slug,
            "organisation_id": record.organisation_id,
            "source_id": record.source_id,
            "default_language": record.default_language.value,
            "standard_version": STANDARD_VERSION,
            "fields": dict(record.values),
            "visibility": {name: v.value for name, v in record.chosen_visibility.items()},
            "checked_languages": [language.value for language in record.checked_languages],
            "state": record.state.value,
            "version": record.version,
            "edited_by": record.edited_by,
            "submitted_by": record.submitted_by,
            "approved_by": record.approved_by,
            "review_note": record.review_note,
            "withdrawal_reason": record.withdrawal_reason,
        }

    @staticmethod
    def _from_row(row: Row[Any]) -> SystemRecord:
        return SystemRecord(
            id=row.id,
            uuid=row.uuid,
            slug=row.slug,
            organisation_id=row.organisation_id,
            default_language=Language(row.default_language),
            values=dict(row.fields),
            chosen_visibility=_visibility(row.visibility),
            checked_languages=tuple(Language(code) for code in row.checked_languages),
            state=State(row.state),
            version=row.version,
            edited_by=row.edited_by,
            submitted_by=row.submitted_by,
            approved_by=row.approved_by,
            review_note=row.review_note,
            withdrawal_reason=row.withdrawal_reason,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    def _one(self, condition: sa.ColumnElement[bool]) -> SystemRecord | None:
        row = self.connection.execute(sa.select(t.systems).where(condition)).first()
        return self._from_row(row) if row is not None else None

    def add(self, record: SystemRecord, *, at: datetime) -> SystemRecord:
        new_id = self.connection.execute(
            t.systems.insert()
            .values(
                **self._values(record),
                uuid=record.uuid or str(uuid.uuid4()),
                created_at=at,
                updated_at=at,
            )
            .returning(t.systems.c.id)
        ).scalar_one()
        added = self.get(new_id)
        assert added is not None
        return added

    def update(self, record: SystemRecord, *, at: datetime) -> SystemRecord:
        self.connection.execute(
            t.systems.update()
            .where(t.systems.c.id == record.id)
            .values(**self._values(record), updated_at=at)
        )
        updated = self.get(record.id or 0)
        assert updated is not None
        return updated

    def add_many(self, records: Sequence[SystemRecord], *, at: datetime) -> list[SystemRecord]:
        """Insert records in one statement (a bulk import); they come back in the same order."""
        if not records:
            return []
        rows = self.connection.execute(
            t.systems.insert().returning(*t.systems.c, sort_by_parameter_order=True),
            [
                {
                    **self._values(record),
                    "uuid": record.uuid or str(uuid.uuid4()),
                    "created_at": at,
                    "updated_at": at,
                }
                for record in records
            ],
        )
        return [self._from_row(row) for row in rows]

    def update_many(self, records: Sequence[SystemRecord], *, at: datetime) -> list[SystemRecord]:
        """Save changed records in one statement (a bulk import); read back in the same order."""
        if not records:
            return []
        self.connection.execute(
            t.systems.update()
            .where(t.systems.c.id == sa.bindparam("record_id"))
            .values(updated_at=at),
            [{**self._values(record), "record_id": record.id} for record in records],
        )
        rows = self.connection.execute(
            sa.select(t.systems).where(t.systems.c.id.in_([record.id for record in records]))
        )
        saved = {row.id: self._from_row(row) for row in rows}
        return [saved[record.id] for record in records if record.id is not None]

    _JSON_COLUMNS = ("fields", "visibility", "checked_languages")

    def prepared_rows(self, records: Sequence[SystemRecord]) -> list[dict[str, Any]]:
        """Records as the rows a bulk import writes, their JSON already text and each new
        record's uuid chosen: prepared before the write, so that the write only sends them."""
        rows = []
        for record in records:
            values = self._values(record)
            for name in self._JSON_COLUMNS:
                values[name] = canonical_json(values[name])
            values["uuid"] = record.uuid or str(uuid.uuid4())
            values["id"] = record.id
            rows.append(values)
        return rows

    def insert_prepared(self, rows: Sequence[dict[str, Any]], *, at: datetime) -> list[int]:
        """Insert prepared rows in one executemany; their new ids, in the same order."""
        ids = new_ids(self.connection, t.systems, len(rows))
        stamp = stored_time(self.connection, t.systems.c.created_at, at)
        names = [name for name in rows[0] if name != "id"] if rows else []
        insert_many(
            self.connection,
            t.systems,
            ["id", "created_at", "updated_at", *names],
            [
                (new_id, stamp, stamp, *(row[name] for name in names))
                for new_id, row in zip(ids, rows, strict=True)
            ],
            json_columns=self._JSON_COLUMNS,
        )
        return ids

    def update_prepared(self, rows: Sequence[dict[str, Any]], *, at: datetime) -> None:
        """Save prepared rows of existing records in one executemany."""
        if not rows:
            return
        stamp = stored_time(self.connection, t.systems.c.updated_at, at)
        names = [name for name in rows[0] if name not in ("id", "uuid")]
        update_many(
            self.connection,
            t.systems,
            ["updated_at", *names],
            [(stamp, *(row[name] for name in names), row["id"]) for row in rows],
            json_columns=self._JSON_COLUMNS,
        )

    def import_marks(self, organisation_id: int) -> dict[str, datetime]:
        """When each of an organisation's records with a source id last changed, by source id;
        on PostgreSQL the records stay locked against other changes until the transaction ends
        (the import's check, then its write)."""
        rows = self.connection.execute(
            sa.select(t.systems.c.source_id, t.systems.c.updated_at)
            .where(
                (t.systems.c.organisation_id == organisation_id)
                & t.systems.c.source_id.is_not(None)
            )
            .with_for_update()
        )
        return {row.source_id: row.updated_at for row in rows}

    def taken_slugs(self, slugs: Collection[str]) -> set[str]:
        """Which of these addresses a record already has."""
        wanted, taken = list(slugs), set()
        for start in range(0, len(wanted), 5_000):
            rows = self.connection.execute(
                sa.select(t.systems.c.slug).where(
                    t.systems.c.slug.in_(wanted[start : start + 5_000])
                )
            )
            taken |= {row.slug for row in rows}
        return taken

    def get(self, system_id: int) -> SystemRecord | None:
        return self._one(t.systems.c.id == system_id)

    def find_by_slug(self, slug: str) -> SystemRecord | None:
        return self._one(t.systems.c.slug == slug)

    def find_by_source_id(self, organisation_id: int, source_id: str) -> SystemRecord | None:
        return self._one(
            (t.systems.c.organisation_id == organisation_id) & (t.systems.c.source_id == source_id)
        )

    def slugs_like(self, prefix: str) -> set[str]:
        rows = self.connection.execute(
            sa.select(t.systems.c.slug).where(t.systems.c.slug.startswith(prefix, autoescape=True))
        )
        return {row.slug for row in rows}

    def list_for_organisation(self, organisation_id: int) -> list[SystemRecord]:
        rows = self.connection.execute(
            sa.select(t.systems)
            .where(t.systems.c.organisation_id == organisation_id)
            .order_by(t.systems.c.slug)
        )
        return [self._from_row(row) for row in rows]

    def add_version(self, version: RecordVersion) -> None:
        self.connection.execute(
            t.system_versions.insert().values(
                system_id=version.system_id,
                number=version.number,
                fields=dict(version.values),
                visibility={name: v.value for name, v in version.visibility.items()},
                default_language=version.default_language.value,
                checked_languages=[language.value for language in version.checked_languages],
                standard_version=version.standard_version,
                published_at=version.published_at,
                note=version.note,
            )
        )

    @staticmethod
    def _version(row: Row[Any]) -> RecordVersion:
        return RecordVersion(
            system_id=row.system_id,
            number=row.number,
            values=dict(row.fields),
            visibility=_visibility(row.visibility),
            default_language=Language(row.default_language),
            checked_languages=tuple(Language(code) for code in row.checked_languages),
            standard_version=row.standard_version,
            published_at=row.published_at,
            note=row.note,
        )

    def versions(self, system_id: int) -> list[RecordVersion]:
        rows = self.connection.execute(
            sa.select(t.system_versions)
            .where(t.system_versions.c.system_id == system_id)
            .order_by(t.system_versions.c.number.desc())
        )
        return [self._version(row) for row in rows]

    def version(self, system_id: int, number: int) -> RecordVersion | None:
        row = self.connection.execute(
            sa.select(t.system_versions).where(
                (t.system_versions.c.system_id == system_id)
                & (t.system_versions.c.number == number)
            )
        ).first()
        return self._version(row) if row is not None else None


class PortalIndex:
    """What the public portal lists and searches: one entry per published system."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect.name

    def generation(self) -> int:
        """How many times the portal has changed; cached pages of another generation are stale."""
        found = self.connection.execute(
            sa.select(t.portal_state.c.generation).where(t.portal_state.c.id == 1)
        ).scalar()
        return int(found or 0)

    def changed(self) -> None:
        insert = sqlite_insert if self.dialect == "sqlite" else postgresql_insert
        statement = insert(t.portal_state).values(id=1, generation=1)
        self.connection.execute(
            statement.on_conflict_do_update(
                index_elements=["id"], set_={"generation": t.portal_state.c.generation + 1}
            )
        )

    def put(self, entry: PortalEntry) -> None:
        self.remove(entry.system_id)
        self.connection.execute(
            t.portal_systems.insert().values(
                system_id=entry.system_id,
                slug=entry.slug,
                organisation_id=entry.organisation_id,
                version=entry.version,
                published_at=entry.published_at,
                first_published_at=entry.first_published_at,
                withdrawn=entry.withdrawn,
                withdrawal_reason=entry.withdrawal_reason,
                revision_date=entry.revision_date,
                risk_category=entry.risk_category,
                lifecycle_status=entry.lifecycle_status,
                level=entry.level,
                sector=entry.sector,
                languages=",".join(language.value for language in entry.languages),
                sort_name=entry.sort_name[:200],
                document=entry.document,
            )
        )
        # A withdrawn system keeps its search text: the portal finds it when asked to.
        texts = {language.value: entry.search_texts.get(language, "") for language in LANGUAGES}
        self.connection.execute(t.portal_search.insert().values(system_id=entry.system_id, **texts))
        if self.dialect == "postgresql":
            self.connection.execute(
                sa.text(
                    "INSERT INTO portal_search_fts (system_id, fr, nl, de, en) VALUES (:id, "
                    "to_tsvector('french', :fr), to_tsvector('dutch', :nl), "
                    "to_tsvector('german', :de), to_tsvector('english', :en))"
                ),
                {"id": entry.system_id, **texts},
            )
        if self.dialect == "sqlite":
            stems = {
                language.value: stemmed(entry.search_texts.get(language, ""), language)
                for language in LANGUAGES
            }
            self.connection.execute(
                sa.text(
                    "INSERT INTO portal_search_fts (rowid, fr, nl, de, en) "
                    "VALUES (:rowid, :fr, :nl, :de, :en)"
                ),
                {"rowid": entry.system_id, **stems},
            )

    def remove(self, system_id: int) -> None:
        self.changed()
        self.connection.execute(
            t.portal_systems.delete().where(t.portal_systems.c.system_id == system_id)
        )
        self.connection.execute(
            t.portal_search.delete().where(t.portal_search.c.system_id == system_id)
        )
        if self.dialect == "sqlite":
            self.connection.execute(
                sa.text("DELETE FROM portal_search_fts WHERE rowid = :rowid"), {"rowid": system_id}
            )
        if self.dialect == "postgresql":
            self.connection.execute(
                sa.text("DELETE FROM portal_search_fts WHERE system_id = :id"), {"id": system_id}
            )

    def document(self, slug: str) -> tuple[dict[str, Any], date | None] | None:
        row = self.connection.execute(
            sa.select(t.portal_systems.c.document, t.portal_systems.c.revision_date).where(
                t.portal_systems.c.slug == slug
            )
        ).first()
        return (dict(row.document), row.revision_date) if row is not None else None
