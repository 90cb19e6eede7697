"""The publication gate of the register (AI Act Art 27) and the reasoned exemption.

A record whose stored classification says its deployer must assess the impact on fundamental
rights cannot be published, once that obligation applies, without a submitted FRIA or a reasoned
exemption. The rule itself is `balise.domain.assessments.gate`.
"""

from __future__ import annotations

import datetime as dt

from balise.domain.accounts.model import Actor, Scope
from balise.domain.assessments.gate import NO_DUTY, FriaDuty, GateStatus, gate_status
from balise.domain.assessments.model import Exemption
from balise.domain.register.model import SystemRecord
from balise.domain.shared.errors import Conflict, NotFound
from balise.domain.shared.i18n import N_, Message
from balise.services.assessments.common import NO_SYSTEM, _label, _system, _today
from balise.services.audit_log import record_event
from balise.services.permissions import (
    can_sign_assessment,
    has_oversight,
    is_member,
    require,
    require_scope,
)
from balise.services.ports import UnitOfWork


def fria_duty(uow: UnitOfWork, system_id: int) -> FriaDuty:
    """The FRIA obligation of the newest stored classification of the record."""
    stored = uow.aiact_classifications.list_for_system(system_id)
    if not stored:
        return NO_DUTY
    result = stored[0].result
    if not result.fria_required:
        return NO_DUTY
    obligation = next(
        (o for o in result.obligations if o.code == "fria" and o.role == "deployer"),
        result.obligation("fria"),
    )
    points = stored[0].annex_iii_points
    return FriaDuty(
        required=True,
        applies_from=obligation.applies_from if obligation else None,
        annex_iii_point=", ".join(points) or None,
        roles=tuple(result.roles),
        law=result.law,
    )


def publication_gate(uow: UnitOfWork, record: SystemRecord, *, on: dt.date) -> GateStatus:
    """The gate of a record on a day (the rule: `domain.assessments.gate.gate_status`)."""
    assert record.id is not None
    duty = fria_duty(uow, record.id)
    exemption = uow.assessment_exemptions.latest_for_system(record.id) if duty.required else None
    return gate_status(duty, uow.assessments.list_for_system(record.id), exemption, on=on)


def check_publication_gate(uow: UnitOfWork, record: SystemRecord) -> None:
    """Called by the register before publishing: refuse a high-risk record without its FRIA."""
    gate = publication_gate(uow, record, on=_today(uow))
    if not gate.open:
        raise Conflict(
            Message(
                N_(
                    "This record needs a fundamental rights impact assessment (AI Act Art 27) "
                    "before publication: submit one, or record a reasoned exemption."
                )
            )
        )


def record_exemption(uow: UnitOfWork, *, actor: Actor, slug: str, reason: str) -> Exemption:
    record = _system(uow, slug)
    assert record.id is not None
    if not (has_oversight(actor) or is_member(actor, record.organisation_id)):
        raise NotFound(NO_SYSTEM)
    require_scope(actor, Scope.ASSESSMENTS_WRITE)
    require(can_sign_assessment(actor, record.organisation_id))
    exemption = uow.assessment_exemptions.add(
        Exemption(record.id, reason.strip()[:2000], _label(actor), uow.clock.now())
    )
    record_event(
        uow,
        actor=actor,
        event_type="assessment_exemption.recorded",
        entity_type="system",
        entity_id=record.id,
        after={"reason": exemption.reason},
    )
    return exemption
