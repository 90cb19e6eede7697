"""The obligation tracker's services and repository, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from assessment_fixtures import classify_high_risk, make_reviewed_fria
from balise.bootstrap import Container
from balise.domain.obligations.model import Status, StatusInput
from balise.domain.shared.errors import NotFound, PermissionDenied, ValidationError
from balise.services import assessments, obligations
from register_support import actor_of, create, create_published


def tracker_of(container: Container, world: dict[str, Any], slug: str, who: str = "editor") -> Any:
    with container.uow() as uow:
        return obligations.get_tracker(uow, actor=actor_of(world, who), slug=slug)


def set_status(
    container: Container, world: dict[str, Any], slug: str, code: str, given: StatusInput
) -> None:
    with container.uow() as uow:
        obligations.set_status(
            uow, actor=actor_of(world, "editor"), slug=slug, code=code, role="deployer", given=given
        )
        uow.commit()


def test_a_record_without_classification_has_no_duties(
    container: Container, world: dict[str, Any]
) -> None:
    record = create(container, world)
    page = tracker_of(container, world, record.slug)
    assert (page.classified, page.tracker.duties, page.can_edit) == (False, (), True)


def test_a_status_is_stored_with_its_evidence_and_an_audit_event(
    container: Container, world: dict[str, Any]
) -> None:
    record = create(container, world)
    classify_high_risk(container, world, record.slug)
    page = tracker_of(container, world, record.slug)
    assert page.tracker.find("fria", "deployer").status is Status.NOT_YET_APPLICABLE  # 2027
    assert (page.tracker.summary.met, page.tracker.summary.applicable) == (0, 1)  # AI literacy
    document = StatusInput(
        status="met",
        evidence_kind="document",
        evidence_title="Instructions for use, signed for receipt",
        evidence_reference="DOC-2026-114",
    )
    set_status(container, world, record.slug, "use_per_instructions", document)
    set_status(container, world, record.slug, "use_per_instructions", document)  # no change
    set_status(
        container,
        world,
        record.slug,
        "right_to_explanation",
        StatusInput(status="not_applicable", reason="It takes no decision about a person."),
    )
    page = tracker_of(container, world, record.slug, who="regulator")
    duty = page.tracker.find("use_per_instructions", "deployer")
    assert duty.status is Status.MET
    assert duty.evidence.reference == "DOC-2026-114"
    assert (page.tracker.summary.met, page.tracker.summary.applicable) == (1, 2)  # met early
    assert page.tracker.find("right_to_explanation", "deployer").status is Status.NOT_APPLICABLE
    assert page.can_edit is False
    with container.uow() as uow:
        events = [e for e in uow.audit_log.iterate() if e.event_type == "obligation.status_set"]
    assert len(events) == 2
    assert events[0].after["evidence"]["reference"] == "DOC-2026-114"
    assert events[1].after["reason"] == "It takes no decision about a person."


def test_bad_input_names_every_field_and_stores_nothing(
    container: Container, world: dict[str, Any]
) -> None:
    record = create(container, world)
    classify_high_risk(container, world, record.slug)
    with pytest.raises(ValidationError) as caught:
        set_status(
            container,
            world,
            record.slug,
            "fria",
            StatusInput(status="met", evidence_kind="assessment", evidence_reference="1"),
        )
    assert set(caught.value.errors) == {"evidence_reference"}
    with pytest.raises(ValidationError) as caught:
        set_status(container, world, record.slug, "no_such_duty", StatusInput(status="to_do"))
    assert set(caught.value.errors) == {"obligation"}
    assert all(d.tracking is None for d in tracker_of(container, world, record.slug).tracker.duties)


def test_only_the_organisation_writers_set_and_readers_read(
    container: Container, world: dict[str, Any]
) -> None:
    record = create(container, world)
    classify_high_risk(container, world, record.slug)
    with pytest.raises(NotFound):
        tracker_of(container, world, record.slug, who="other-editor")
    with container.uow() as uow, pytest.raises(PermissionDenied):
        obligations.set_status(
            uow,
            actor=actor_of(world, "regulator"),
            slug=record.slug,
            code="fria",
            role="deployer",
            given=StatusInput(status="to_do"),
        )


def test_a_signed_fria_is_suggested_and_the_portal_summary_follows(
    container: Container, world: dict[str, Any]
) -> None:
    record = create_published(container, world)
    classify_high_risk(container, world, record.slug)
    fria_id = make_reviewed_fria(container, world, record.slug)
    with container.uow() as uow:
        assessments.sign_assessment(uow, actor=actor_of(world, "reviewer"), assessment_id=fria_id)
        uow.commit()
    page = tracker_of(container, world, record.slug)
    fria = page.tracker.find("fria", "deployer")
    assert [s.evidence.reference for s in fria.suggestions] == [str(fria_id)]
    set_status(
        container,
        world,
        record.slug,
        "fria",
        StatusInput(status="met", evidence_kind="assessment", evidence_reference=str(fria_id)),
    )
    assert record.id is not None
    with container.uow() as uow:
        public = obligations.public_tracker(uow, record.id)
    assert public is not None
    assert public.summary.met == 1
    assert public.find("fria", "deployer").evidence.url == f"/assessments/{fria_id}"
