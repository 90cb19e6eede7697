"""The publication gate of the register (AI Act Art 27).

A deployer that must assess the impact of a high-risk system on fundamental rights (Art 27(1))
does so before first use. Balise applies it at publication: once the obligation applies on the
publication date, a record whose stored classification requires a FRIA is published only when a
FRIA has been submitted or a reasoned exemption was recorded. Before that date the record says
from when the FRIA is required.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from balise.domain.assessments.assessment import SUBMITTED_STATES, Assessment
from balise.domain.assessments.catalogue import TemplateCode
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_


@dataclass(frozen=True)
class Exemption:
    """A reasoned exemption from the FRIA before publication (kept in the audit log too)."""

    system_id: int
    reason: str
    by: str
    at: datetime
    id: int | None = None

    def __post_init__(self) -> None:
        if len(self.reason.strip()) < 20:
            raise ValidationError.single(
                "reason", N_("Give the reason for the exemption (at least 20 characters).")
            )


@dataclass(frozen=True)
class FriaDuty:
    """What the stored classification says of the deployer's FRIA (Art 27)."""

    required: bool
    applies_from: date | None
    annex_iii_point: str | None
    roles: tuple[str, ...]
    law: str | None

    def applies_on(self, day: date) -> bool:
        return self.required and (self.applies_from is None or self.applies_from <= day)


NO_DUTY = FriaDuty(False, None, None, (), None)


@dataclass(frozen=True)
class GateStatus:
    duty: FriaDuty
    applies: bool
    fria: Assessment | None
    exemption: Exemption | None

    @property
    def open(self) -> bool:
        return not self.applies or self.fria is not None or self.exemption is not None

    @property
    def required_later(self) -> date | None:
        """The date from which the FRIA will be required, while that date is still to come."""
        if self.duty.required and not self.applies and self.duty.applies_from is not None:
            return self.duty.applies_from
        return None


def gate_status(
    duty: FriaDuty,
    assessments: Iterable[Assessment],
    exemption: Exemption | None,
    *,
    on: date,
) -> GateStatus:
    """The gate of a record on a day: the duty, whether it applies, what satisfies it."""
    fria = next(
        (a for a in assessments if a.template is TemplateCode.FRIA and a.state in SUBMITTED_STATES),
        None,
    )
    return GateStatus(duty, duty.applies_on(on), fria, exemption if duty.required else None)
