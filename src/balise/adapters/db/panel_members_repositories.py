"""Panel registrations, invitation codes and the members' space in the database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from balise.adapters.db import panel_members_tables as t
from balise.domain.panels.members import MemberSession, SignInLink
from balise.domain.panels.registrations import (
    Channel,
    Meeting,
    Registration,
    RegistrationContact,
    RegistrationSettings,
)


def _registration(row: Row[Any]) -> Registration:
    return Registration(
        panel_id=row.panel_id,
        person_id=row.person_id,
        code_sha256=row.code_sha256,
        hint=row.hint,
        channel=Channel(row.channel),
        answers={str(k): str(v) for k, v in row.answers.items()},
        excluded_by=row.excluded_by,
        consent_version=row.consent_version,
        registered_at=row.registered_at,
        erased_at=row.erased_at,
    )


class PanelMembersRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    # --- settings and invitation codes ----------------------------------------------------------

    def settings(self, panel_id: int) -> RegistrationSettings | None:
        table = t.panel_registration_settings
        row = self.connection.execute(sa.select(table).where(table.c.panel_id == panel_id)).first()
        if row is None:
            return None
        return RegistrationSettings(
            open=row.open,
            categories=row.categories,
            exclusions=tuple(str(each) for each in row.exclusions),
            updated_at=row.updated_at,
        )

    def save_settings(self, panel_id: int, settings: RegistrationSettings) -> None:
        table = t.panel_registration_settings
        self.connection.execute(table.delete().where(table.c.panel_id == panel_id))
        self.connection.execute(
            table.insert().values(
                panel_id=panel_id,
                open=settings.open,
                categories=settings.categories,
                exclusions=list(settings.exclusions),
                updated_at=settings.updated_at,
            )
        )

    def replace_codes(
        self, panel_id: int, codes: Sequence[tuple[str, str]], *, at: datetime
    ) -> None:
        """The fingerprints (and hints) of a new batch of letters; earlier ones stop working."""
        table = t.panel_invitation_codes
        self.connection.execute(table.delete().where(table.c.panel_id == panel_id))
        if codes:
            self.connection.execute(
                table.insert(),
                [
                    {"panel_id": panel_id, "code_sha256": digest, "hint": hint, "created_at": at}
                    for digest, hint in codes
                ],
            )

    def add_code(self, panel_id: int, digest: str, hint: str, *, at: datetime) -> None:
        self.connection.execute(
            t.panel_invitation_codes.insert().values(
                panel_id=panel_id, code_sha256=digest, hint=hint, created_at=at
            )
        )

    def code_exists(self, panel_id: int, digest: str) -> bool:
        table = t.panel_invitation_codes
        found = self.connection.execute(
            sa.select(table.c.hint).where(
                (table.c.panel_id == panel_id) & (table.c.code_sha256 == digest)
            )
        ).first()
        return found is not None

    def count_codes(self, panel_id: int) -> int:
        table = t.panel_invitation_codes
        return int(
            self.connection.execute(
                sa.select(sa.func.count()).select_from(table).where(table.c.panel_id == panel_id)
            ).scalar_one()
        )

    # --- registrations ------------------------------------------------------------------------

    def add_registration(
        self, registration: Registration, contact: RegistrationContact | None
    ) -> None:
        self.connection.execute(
            t.panel_registrations.insert().values(
                panel_id=registration.panel_id,
                person_id=registration.person_id,
                code_sha256=registration.code_sha256,
                hint=registration.hint,
                channel=registration.channel.value,
                answers=dict(registration.answers),
                excluded_by=registration.excluded_by,
                consent_version=registration.consent_version,
                registered_at=registration.registered_at,
                erased_at=registration.erased_at,
            )
        )
        if contact is not None and (contact.email or contact.phone):
            self.connection.execute(
                t.panel_registration_contacts.insert().values(
                    panel_id=registration.panel_id,
                    person_id=registration.person_id,
                    email=contact.email,
                    phone=contact.phone,
                )
            )

    def registration_by_code(self, panel_id: int, digest: str) -> Registration | None:
        table = t.panel_registrations
        row = self.connection.execute(
            sa.select(table).where((table.c.panel_id == panel_id) & (table.c.code_sha256 == digest))
        ).first()
        return _registration(row) if row else None

    def registration(self, panel_id: int, person_id: str) -> Registration | None:
        table = t.panel_registrations
        row = self.connection.execute(
            sa.select(table).where(
                (table.c.panel_id == panel_id) & (table.c.person_id == person_id)
            )
        ).first()
        return _registration(row) if row else None

    def registrations(self, panel_id: int) -> list[Registration]:
        table = t.panel_registrations
        rows = self.connection.execute(
            sa.select(table)
            .where(table.c.panel_id == panel_id)
            .order_by(table.c.registered_at, table.c.person_id)
        )
        return [_registration(row) for row in rows]

    def contact(self, panel_id: int, person_id: str) -> RegistrationContact | None:
        table = t.panel_registration_contacts
        row = self.connection.execute(
            sa.select(table).where(
                (table.c.panel_id == panel_id) & (table.c.person_id == person_id)
            )
        ).first()
        return RegistrationContact(email=row.email, phone=row.phone) if row else None

    def people_with_email(self, panel_id: int, email: str) -> list[str]:
        table = t.panel_registration_contacts
        rows = self.connection.execute(
            sa.select(table.c.person_id).where(
                (table.c.panel_id == panel_id) & (sa.func.lower(table.c.email) == email.lower())
            )
        )
        return [row.person_id for row in rows]

    def erase(self, panel_id: int, person_id: str, *, keep_answers: bool, at: datetime) -> None:
        """Forget the person's contact, and their answers unless a published draw needs them."""
        contacts = t.panel_registration_contacts
        self.connection.execute(
            contacts.delete().where(
                (contacts.c.panel_id == panel_id) & (contacts.c.person_id == person_id)
            )
        )
        values: dict[str, Any] = {"erased_at": at}
        if not keep_answers:
            values["answers"] = {}
        table = t.panel_registrations
        self.connection.execute(
            table.update()
            .where((table.c.panel_id == panel_id) & (table.c.person_id == person_id))
            .values(**values)
        )
        for secrets in (t.panel_member_sessions, t.panel_member_links):
            self.connection.execute(
                secrets.delete().where(
                    (secrets.c.panel_id == panel_id) & (secrets.c.person_id == person_id)
                )
            )

    # --- sign-in links and sessions -------------------------------------------------------------

    def add_link(
        self, digest: str, panel_id: int, person_id: str, *, at: datetime, expires_at: datetime
    ) -> None:
        self.connection.execute(
            t.panel_member_links.insert().values(
                token_sha256=digest,
                panel_id=panel_id,
                person_id=person_id,
                created_at=at,
                expires_at=expires_at,
            )
        )

    def link(self, digest: str) -> SignInLink | None:
        table = t.panel_member_links
        row = self.connection.execute(
            sa.select(table).where(table.c.token_sha256 == digest)
        ).first()
        if row is None:
            return None
        return SignInLink(row.panel_id, row.person_id, row.expires_at, row.used_at)

    def use_link(self, digest: str, *, at: datetime) -> bool:
        """Mark the link used; False when another request used it first."""
        table = t.panel_member_links
        result = self.connection.execute(
            table.update()
            .where((table.c.token_sha256 == digest) & table.c.used_at.is_(None))
            .values(used_at=at)
        )
        return bool(result.rowcount)

    def add_session(
        self, digest: str, panel_id: int, person_id: str, *, at: datetime, expires_at: datetime
    ) -> None:
        self.connection.execute(
            t.panel_member_sessions.insert().values(
                secret_sha256=digest,
                panel_id=panel_id,
                person_id=person_id,
                created_at=at,
                expires_at=expires_at,
            )
        )

    def session(self, digest: str) -> MemberSession | None:
        table = t.panel_member_sessions
        row = self.connection.execute(
            sa.select(table).where(table.c.secret_sha256 == digest)
        ).first()
        return MemberSession(row.panel_id, row.person_id, row.expires_at) if row else None

    def remove_session(self, digest: str) -> None:
        table = t.panel_member_sessions
        self.connection.execute(table.delete().where(table.c.secret_sha256 == digest))

    # --- the programme --------------------------------------------------------------------------

    def add_meeting(self, panel_id: int, meeting: Meeting, *, at: datetime) -> Meeting:
        result = self.connection.execute(
            t.panel_meetings.insert().values(
                panel_id=panel_id,
                starts_at=meeting.starts_at,
                place=meeting.place,
                title=meeting.title,
                created_at=at,
            )
        )
        assert result.inserted_primary_key is not None
        return Meeting(
            starts_at=meeting.starts_at,
            place=meeting.place,
            title=meeting.title,
            id=int(result.inserted_primary_key[0]),
        )

    def meetings(self, panel_id: int) -> list[Meeting]:
        table = t.panel_meetings
        rows = self.connection.execute(
            sa.select(table).where(table.c.panel_id == panel_id).order_by(table.c.starts_at)
        )
        return [Meeting(row.starts_at, row.place, row.title, row.id) for row in rows]

    def remove_meeting(self, panel_id: int, meeting_id: int) -> bool:
        table = t.panel_meetings
        result = self.connection.execute(
            table.delete().where((table.c.panel_id == panel_id) & (table.c.id == meeting_id))
        )
        return bool(result.rowcount)
