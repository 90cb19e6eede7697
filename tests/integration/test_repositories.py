"""Repositories give back exactly the domain objects they were given, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from balise.adapters.db import tables
from balise.bootstrap import Container
from balise.domain.accounts.model import ApiToken, Role, Scope, User
from balise.domain.audit_log.chain import GENESIS
from balise.domain.jobs.model import Job, JobStatus
from balise.domain.organisations.model import (
    CONTACT_MAX_LENGTHS,
    Contact,
    Organisation,
    OrganisationKind,
    Sector,
    SizeClass,
)
from balise.domain.shared.i18n import Language, LocalizedText

BRUSSELS_SUMMER = timezone(timedelta(hours=2), "CEST")
NEW_YORK_WINTER = timezone(timedelta(hours=-5), "EST")
AT = datetime(2026, 3, 14, 15, 9, 26, 535897, tzinfo=UTC)


def enterprise_number(first_eight: str) -> str:
    return f"{first_eight}{97 - int(first_eight) % 97:02d}"


def full_organisation(slug: str = "agence-numerique") -> Organisation:
    return Organisation(
        slug=slug,
        name=LocalizedText(
            fr="Agence du Numérique « AdN »",
            nl="Agentschap Digitaal Vlaanderen ‘ADV’",
            de="Digitalagentur – Ostbelgien",
            en='Digital Agency "DA" 🇧🇪',
        ),
        kind=OrganisationKind.PUBLIC_BODY,
        size_class=SizeClass.SMALL_MID_CAP,
        sector=Sector.PUBLIC_ADMINISTRATION,
        enterprise_number=enterprise_number("02123456"),
        contact=Contact(
            email="info@adn.be",
            phone="+32 2 123 45 67",
            website="https://www.adn.be",
            address="Rue de l'Étuve 1\n1000 Bruxelles",
        ),
    )


def assert_utc(moment: datetime | None) -> None:
    assert moment is not None
    assert moment.tzinfo is UTC


def test_organisations_round_trip(container: Container) -> None:
    given = full_organisation()
    sparse = Organisation(
        slug="sparse",
        name=LocalizedText(nl="Alleen Nederlands"),
        kind=OrganisationKind.COMPANY,
        size_class=SizeClass.MICRO,
        sector=Sector.OTHER,
    )
    with container.uow() as uow:
        added = uow.organisations.add(given, at=AT)
        added_sparse = uow.organisations.add(sparse, at=AT)
        uow.commit()
    assert added.id is not None
    assert added == replace(given, id=added.id)
    assert added_sparse == replace(sparse, id=added_sparse.id)

    with container.uow(read_only=True) as uow:
        assert uow.organisations.get(added.id) == added
        assert uow.organisations.find_by_slug(given.slug) == added
        assert uow.organisations.find_by_enterprise_number(enterprise_number("02123456")) == added
        assert uow.organisations.get(added.id + 1000) is None
        assert uow.organisations.find_by_slug("nobody") is None
        assert uow.organisations.list_all() == [added, added_sparse]
        fetched_sparse = uow.organisations.get(added_sparse.id)  # type: ignore[arg-type]
    assert fetched_sparse is not None
    assert fetched_sparse.name.as_dict() == {"nl": "Alleen Nederlands"}
    assert fetched_sparse.enterprise_number is None
    assert fetched_sparse.contact == Contact()

    changed = replace(
        added,
        name=LocalizedText(de="Nur Deutsch"),
        contact=Contact(),
        enterprise_number=None,
        size_class=SizeClass.LARGE,
    )
    with container.uow() as uow:
        uow.organisations.update(changed, at=AT + timedelta(days=1))
        uow.commit()
    with container.uow(read_only=True) as uow:
        assert uow.organisations.get(added.id) == changed
    with container.engine.connect() as connection:
        stored = connection.execute(
            sa.text("SELECT created_at, updated_at FROM organisations WHERE id = :id"),
            {"id": added.id},
        ).one()
    # Read raw, without the column type: both databases keep the instant, not a local time.
    assert str(stored.created_at).startswith("2026-03-14 15:09:26.535897")
    assert str(stored.updated_at).startswith("2026-03-15 15:09:26.535897")


def test_users_round_trip(container: Container) -> None:
    with container.uow() as uow:
        organisation = uow.organisations.add(full_organisation(), at=AT)
        editor = uow.users.add(
            User(
                email="  Éditrice@Example.BE ",
                display_name="Éditrice Ünïcode",
                role=Role.EDITOR,
                organisation_id=organisation.id,
                language=Language.NL,
            ),
            password_hash="hash-1",
            at=AT,
        )
        regulator = uow.users.add(
            User(
                email="regulator@example.be", display_name="Reg", role=Role.REGULATOR, active=False
            ),
            password_hash=None,
            at=AT,
        )
        uow.commit()
    assert editor.email == "éditrice@example.be"
    assert editor.language is Language.NL
    assert editor.organisation_id == organisation.id
    assert regulator.active is False
    assert regulator.language is None
    assert editor.id is not None
    assert regulator.id is not None

    with container.uow() as uow:
        assert uow.users.get(editor.id) == editor
        assert uow.users.find_by_email("ÉDITRICE@example.be ".lower()) == editor
        assert uow.users.password_hash(editor.id) == "hash-1"
        assert uow.users.password_hash(regulator.id) is None
        uow.users.set_password_hash(regulator.id, "hash-2")
        uow.users.link_identity(editor.id, "https://idp.example.be", "subject-1")
        promoted = replace(editor, role=Role.REVIEWER, language=None, display_name="Renamed")
        uow.users.update(promoted)
        uow.commit()
    with container.uow(read_only=True) as uow:
        assert uow.users.get(editor.id) == promoted
        assert uow.users.password_hash(regulator.id) == "hash-2"
        assert uow.users.find_by_identity("https://idp.example.be", "subject-1") == promoted
        assert uow.users.find_by_identity("https://idp.example.be", "subject-2") is None
        # Ordered by e-mail; where é sorts depends on the database's collation.
        assert sorted(uow.users.list_all(), key=lambda user: user.id or 0) == [promoted, regulator]


def test_the_database_refuses_what_the_services_would_catch(container: Container) -> None:
    with container.uow() as uow:
        uow.organisations.add(full_organisation(), at=AT)
        uow.commit()
    with pytest.raises(sa.exc.IntegrityError), container.uow() as uow:
        uow.organisations.add(full_organisation(), at=AT)
    with pytest.raises(sa.exc.IntegrityError), container.uow() as uow:
        uow.users.add(
            User(
                email="nobody@example.be",
                display_name="N",
                role=Role.EDITOR,
                organisation_id=999_999,
            ),
            password_hash=None,
            at=AT,
        )


def test_aware_datetimes_keep_their_instant_whatever_the_offset(container: Container) -> None:
    with container.uow() as uow:
        user = uow.users.add(
            User(email="tok@example.be", display_name="T", role=Role.ADMIN),
            password_hash=None,
            at=AT,
        )
        assert user.id is not None
        created = AT.astimezone(BRUSSELS_SUMMER)
        token = uow.tokens.add(
            ApiToken(
                user_id=user.id,
                name="Export « nightly »",
                prefix="bal_abc123",
                scopes=frozenset({Scope.READ, Scope.ORGANISATIONS_WRITE}),
                created_at=created,
                expires_at=created + timedelta(days=90),
            ),
            secret_hash="s" * 64,
        )
        older = uow.tokens.add(
            ApiToken(
                user_id=user.id,
                name="Old",
                prefix="bal_old000",
                scopes=frozenset({Scope.READ}),
                created_at=AT - timedelta(days=1),
                expires_at=AT + timedelta(days=1),
            ),
            secret_hash="o" * 64,
        )
        uow.sessions.add("t" * 64, user.id, at=AT, expires_at=AT + timedelta(hours=1))
        uow.commit()

    assert token.id is not None
    assert token.created_at == created
    assert_utc(token.created_at)
    assert_utc(token.expires_at)
    assert token.scopes == frozenset({Scope.READ, Scope.ORGANISATIONS_WRITE})
    with container.uow() as uow:
        assert uow.tokens.get(token.id) == token
        found = uow.tokens.find_by_prefix("bal_abc123")
        assert found == (token, "s" * 64)
        assert uow.tokens.list_for_user(user.id) == [token, older]
        used_at = (AT + timedelta(minutes=5)).astimezone(NEW_YORK_WINTER)
        uow.tokens.touch(token.id, at=used_at)
        uow.tokens.revoke(token.id, at=used_at + timedelta(seconds=1))
        uow.commit()
    with container.uow(read_only=True) as uow:
        touched = uow.tokens.get(token.id)
    assert touched is not None
    assert touched.last_used_at == used_at
    assert_utc(touched.last_used_at)
    assert touched.revoked_at == used_at + timedelta(seconds=1)
    assert not touched.usable_at(AT + timedelta(hours=1))

    # The session ends at 16:09:26Z; the comparison happens on the instant, not the wall clock.
    with container.uow(read_only=True) as uow:
        sessions = uow.sessions
        assert sessions.user_for("t" * 64, at=AT.astimezone(BRUSSELS_SUMMER)) == user
        just_before = AT + timedelta(minutes=59)
        assert sessions.user_for("t" * 64, at=just_before.astimezone(NEW_YORK_WINTER)) == user
        just_after = (AT + timedelta(minutes=61)).astimezone(BRUSSELS_SUMMER)
        assert sessions.user_for("t" * 64, at=just_after) is None
        assert sessions.user_for("u" * 64, at=AT) is None


def test_naive_datetimes_are_refused(container: Container) -> None:
    naive = datetime(2026, 1, 1, 12, 0)  # naive on purpose
    with pytest.raises(sa.exc.StatementError, match="naive datetime"), container.uow() as uow:
        uow.organisations.add(full_organisation(), at=naive)
    with pytest.raises(ValueError, match="naive datetime"), container.uow() as uow:
        uow.audit_log.append(
            at=naive,
            actor="a",
            event_type="x.y",
            entity_type="x",
            entity_id="1",
            before=None,
            after=None,
        )


def test_login_attempts_are_counted_by_instant(container: Container) -> None:
    with container.uow() as uow:
        for minutes, succeeded in ((0, False), (10, False), (20, True), (30, False)):
            moment = (AT + timedelta(minutes=minutes)).astimezone(BRUSSELS_SUMMER)
            uow.login_attempts.add("who@example.be", "192.0.2.1", at=moment, succeeded=succeeded)
        uow.login_attempts.add("other@example.be", "192.0.2.1", at=AT, succeeded=False)
        uow.commit()
    with container.uow(read_only=True) as uow:
        attempts = uow.login_attempts
        since = (AT + timedelta(minutes=5)).astimezone(NEW_YORK_WINTER)
        assert attempts.failures_since(email="who@example.be", since=since) == 2
        assert attempts.failures_since(email="who@example.be", since=AT) == 3
        assert attempts.failures_since(address="192.0.2.1", since=AT) == 4
        assert (
            attempts.failures_since(
                email="who@example.be", address="192.0.2.1", since=AT + timedelta(minutes=31)
            )
            == 0
        )


def test_audit_events_round_trip_with_their_json(container: Container) -> None:
    before = {
        "name": {"fr": "Avant « x »"},
        "tags": ["a", "b"],
        "count": 3,
        "ratio": 0.25,
        "active": True,
        "missing": None,
    }
    after = {**before, "name": {"fr": "Après", "de": "Nachher ✓"}, "nested": {"deep": [1, {}]}}
    with container.uow() as uow:
        first = uow.audit_log.append(
            at=AT.astimezone(BRUSSELS_SUMMER),
            actor="admin@balise.test",
            event_type="organisation.updated",
            entity_type="organisation",
            entity_id="7",
            before=before,
            after=after,
        )
        second = uow.audit_log.append(
            at=AT + timedelta(microseconds=1),
            actor="public",
            event_type="organisation.created",
            entity_type="organisation",
            entity_id="8",
            before=None,
            after={"slug": "huit"},
        )
        uow.commit()
    assert (first.seq, first.prev_hash) == (1, GENESIS)
    assert (second.seq, second.prev_hash) == (2, first.hash)

    with container.uow(read_only=True) as uow:
        assert uow.audit_log.history("organisation", "7") == [first]
        assert uow.audit_log.history("organisation", "9") == []
        assert list(uow.audit_log.iterate()) == [first, second]
        assert uow.audit_log.latest(1) == [second]
        assert uow.audit_log.latest(5) == [second, first]
        assert uow.audit_log.count() == 2
        stored = uow.audit_log.history("organisation", "7")[0]
    assert stored.before == before
    assert stored.after == after
    assert_utc(stored.occurred_at)
    assert stored.occurred_at == AT


def test_jobs_round_trip(container: Container) -> None:
    with container.uow() as uow:
        owner = uow.users.add(
            User(email="jobs@example.be", display_name="J", role=Role.ADMIN),
            password_hash=None,
            at=AT,
        )
        uow.commit()
    queued = Job(
        id="a" * 32,
        kind="organisations.import",
        status=JobStatus.QUEUED,
        created_at=AT.astimezone(NEW_YORK_WINTER),
        created_by=owner.id,
    )
    later = Job(
        id="b" * 32,
        kind="audit_log.verify",
        status=JobStatus.QUEUED,
        created_at=AT + timedelta(seconds=1),
        created_by=None,
    )
    params = {"file": "0123abcd.csv", "options": {"dry_run": False, "languages": ["fr", "nl"]}}
    with container.uow() as uow:
        uow.jobs.add(queued, params)
        uow.jobs.add(later, {})
        uow.commit()
    with container.uow() as uow:
        assert uow.jobs.get(queued.id) == queued
        assert uow.jobs.params(queued.id) == params
        assert uow.jobs.get("c" * 32) is None
        assert uow.jobs.list_recent(created_by=None) == [later, queued]
        assert uow.jobs.list_recent(created_by=owner.id) == [queued]
        assert uow.jobs.list_recent(created_by=None, limit=1) == [later]
        uow.jobs.update(queued.id, status=JobStatus.RUNNING, done=5, total=10)
        uow.commit()
    with container.uow(read_only=True) as uow:
        running = uow.jobs.get(queued.id)
    assert running == replace(queued, status=JobStatus.RUNNING, done=5, total=10)
    assert running is not None
    assert running.percent == 50

    finished_at = (AT + timedelta(minutes=2)).astimezone(BRUSSELS_SUMMER)
    error = {
        "message": {"key": "The file has errors; nothing was imported.", "params": {}},
        "lines": {
            "3": {"kind": {"key": "Choose one of: %(choices)s.", "params": {"choices": "a, b"}}}
        },
    }
    with container.uow() as uow:
        uow.jobs.update(queued.id, status=JobStatus.FAILED, error=error, finished_at=finished_at)
        uow.jobs.update(
            later.id,
            status=JobStatus.SUCCEEDED,
            result={"ok": True, "checked": 0},
            done=0,
            finished_at=finished_at,
        )
        uow.commit()
    with container.uow(read_only=True) as uow:
        failed = uow.jobs.get(queued.id)
        succeeded = uow.jobs.get(later.id)
    assert failed == replace(
        queued, status=JobStatus.FAILED, done=5, total=10, error=error, finished_at=finished_at
    )
    assert failed is not None
    assert_utc(failed.finished_at)
    assert_utc(failed.created_at)
    assert succeeded is not None
    assert succeeded.result == {"ok": True, "checked": 0}
    assert succeeded.percent == 100


def test_the_domain_limits_contact_details_to_what_the_columns_keep() -> None:
    for name, limit in CONTACT_MAX_LENGTHS.items():
        column_type = tables.organisations.c[f"contact_{name}"].type
        assert isinstance(column_type, sa.String)
        assert column_type.length == limit, name
