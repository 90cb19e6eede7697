"""The register's workflow on both databases: drafts, review, versions, withdrawal, visibility."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.register.model import State
from balise.domain.shared.errors import Conflict, NotFound, PermissionDenied, ValidationError
from balise.services import register
from balise.services.register import Draft
from register_support import actor_of, complete_values, create, create_published, draft, publish


def test_an_editor_drafts_a_reviewer_approves_and_a_version_is_published(
    container: Container, world: dict[str, Any]
) -> None:
    record = create(container, world)
    assert record.state is State.DRAFT
    assert record.slug == "toekenning-van-studietoelagen"

    published = publish(container, world, record.slug)

    assert published.state is State.PUBLISHED
    assert published.version == 1
    with container.uow() as uow:
        history = register.history(uow, actor=Actor(), slug=record.slug)
    assert [version.number for version in history.versions] == [1]
    public = history.versions[0].readable(history.clearance)
    assert public["name"]["nl"] == "Toekenning van studietoelagen"
    assert "contact_name" not in public  # internal by default


def test_the_author_cannot_approve_their_own_record(
    container: Container, world: dict[str, Any]
) -> None:
    record = create(container, world)
    reviewer = actor_of(world, "reviewer")
    with container.uow() as uow:
        register.update_system(
            uow, actor=reviewer, slug=record.slug, draft=draft(goal={"nl": "Sneller beslissen."})
        )
        register.submit_system(uow, actor=actor_of(world, "editor"), slug=record.slug)
        with pytest.raises(Conflict):
            register.approve_system(uow, actor=reviewer, slug=record.slug)


def test_an_incomplete_record_cannot_be_submitted(
    container: Container, world: dict[str, Any]
) -> None:
    record = create(container, world, objection_procedure=None, oversight_mode=None)
    with container.uow() as uow, pytest.raises(ValidationError) as raised:
        register.submit_system(uow, actor=actor_of(world, "editor"), slug=record.slug)
    assert set(raised.value.errors) == {"objection_procedure_nl", "oversight_mode"}


def test_bad_values_are_reported_per_field_and_nothing_is_written(
    container: Container, world: dict[str, Any]
) -> None:
    bad = Draft(
        values=complete_values(
            contact_email="nope", member_states="BE, XX", begin_date="2026-13-01"
        ),
        visibility={"contact_email": "secret"},
        default_language="nl",
    )
    with container.uow() as uow, pytest.raises(ValidationError) as raised:
        register.create_system(
            uow,
            actor=actor_of(world, "editor"),
            organisation_id=world["organisations"]["alpha"].id,
            draft=bad,
        )
    assert set(raised.value.errors) == {
        "contact_email",
        "member_states",
        "begin_date",
        "visibility_contact_email",
    }
    with container.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM systems")).scalar() == 0


def test_editors_of_another_organisation_cannot_see_or_change_a_draft(
    container: Container, world: dict[str, Any]
) -> None:
    record = create(container, world)
    with container.uow() as uow:
        with pytest.raises(NotFound):
            register.system_for_reading(uow, actor_of(world, "other-editor"), record.slug)
        with pytest.raises(NotFound):
            register.history(uow, actor=Actor(), slug=record.slug)
        with pytest.raises(PermissionDenied):
            register.create_system(
                uow,
                actor=actor_of(world, "other-editor"),
                organisation_id=world["organisations"]["alpha"].id,
                draft=draft(),
            )


def test_editing_a_published_record_keeps_the_public_version_until_the_next_one(
    container: Container, world: dict[str, Any]
) -> None:
    record = create_published(container, world)
    with container.uow() as uow:
        register.update_system(
            uow,
            actor=actor_of(world, "editor"),
            slug=record.slug,
            draft=draft(lifecycle_status="retired"),
        )
        uow.commit()
    with container.engine.connect() as connection:
        status = connection.execute(sa.text("SELECT lifecycle_status FROM portal_systems")).scalar()
    assert status == "in_use"
    publish(container, world, record.slug)
    with container.uow() as uow:
        changes = register.compare_versions(uow, actor=Actor(), slug=record.slug, before=1, after=2)
    assert [(c.field, c.before, c.after) for c in changes] == [
        ("lifecycle_status", "in_use", "retired")
    ]


def test_withdrawal_keeps_the_history_and_states_the_reason(
    container: Container, world: dict[str, Any]
) -> None:
    record = create_published(container, world)
    with container.uow() as uow:
        with pytest.raises(ValidationError):
            register.withdraw_system(
                uow, actor=actor_of(world, "reviewer"), slug=record.slug, reason=" "
            )
        register.withdraw_system(
            uow, actor=actor_of(world, "reviewer"), slug=record.slug, reason="Replaced by v2."
        )
        uow.commit()
    with container.uow() as uow:
        history = register.history(uow, actor=Actor(), slug=record.slug)
    assert history.record.state is State.WITHDRAWN
    assert len(history.versions) == 1
    with container.engine.connect() as connection:
        row = connection.execute(
            sa.text("SELECT withdrawn, withdrawal_reason FROM portal_systems")
        ).one()
    assert row == (True, "Replaced by v2.")


def test_sensitive_annex_iii_points_keep_most_fields_restricted(
    container: Container, world: dict[str, Any]
) -> None:
    record = create_published(container, world, annex_iii_point="6(d)", goal={"nl": "Opsporing."})
    with container.uow() as uow:
        history = register.history(uow, actor=Actor(), slug=record.slug)
        signed_in = register.history(uow, actor=actor_of(world, "other-editor"), slug=record.slug)
        regulator = register.history(uow, actor=actor_of(world, "regulator"), slug=record.slug)
    public = history.versions[0].readable(history.clearance)
    assert "goal" not in public
    assert "intended_purpose" not in public
    assert public["objection_procedure"]["nl"].startswith("Bezwaar")
    assert "goal" not in signed_in.versions[0].readable(signed_in.clearance)
    assert regulator.versions[0].readable(regulator.clearance)["goal"] == {"nl": "Opsporing."}


def test_every_change_is_in_the_audit_log(container: Container, world: dict[str, Any]) -> None:
    record = create_published(container, world)
    with container.uow() as uow:
        events = [event.event_type for event in uow.audit_log.history("system", str(record.id))]
    assert events == ["system.created", "system.submitted", "system.approved", "system.published"]


def test_a_classification_sets_the_risk_category_of_the_next_version(
    container: Container, world: dict[str, Any]
) -> None:
    record = create_published(container, world)
    assert record.id is not None
    with container.uow() as uow:
        noted = register.note_classification(
            uow,
            actor=actor_of(world, "editor"),
            system_id=record.id,
            categories=["transparency_only", "high_risk"],
        )
        uow.commit()
    assert noted.values["risk_category"] == "high_risk"
    assert noted.state is State.DRAFT
