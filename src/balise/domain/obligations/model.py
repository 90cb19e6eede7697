"""A duty of the AI Act that applies to an organisation, what it says of it, and its evidence.

A duty comes from a stored classification (an obligation with its article, the operator's role
and the date it applies). The organisation says where it stands (`Tracking`): to do, in progress,
met (with the evidence that meets it) or not applicable (with its reason). "Not yet applicable"
is never stored: it is read from the duty's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlparse

from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Message

TITLE_LIMIT = 200
REFERENCE_LIMIT = 200
REASON_LIMIT = 2000


class Status(StrEnum):
    NOT_YET_APPLICABLE = "not_yet_applicable"  # computed from the date, never stored
    TO_DO = "to_do"
    IN_PROGRESS = "in_progress"
    MET = "met"
    NOT_APPLICABLE = "not_applicable"


SETTABLE = (Status.TO_DO, Status.IN_PROGRESS, Status.MET, Status.NOT_APPLICABLE)


class EvidenceKind(StrEnum):
    ASSESSMENT = "assessment"  # a signed impact assessment held by Balise
    AUDIT = "audit"  # a finished audit published on the portal
    DOCUMENT = "document"  # anything else, named by a title and a link or a reference
    INCIDENT_PROCEDURE = "incident_procedure"  # serious-incident reporting run in Balise


@dataclass(frozen=True)
class Evidence:
    """What meets a duty: Balise's own work (by its reference) or a document the organisation
    names. `subtype` tells the suggestion rules what it is (an assessment's template, an audit's
    kind)."""

    kind: EvidenceKind
    title: str
    reference: str = ""
    url: str = ""
    subtype: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.reference}"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "title": self.title,
            "reference": self.reference or None,
            "url": self.url or None,
        }


@dataclass(frozen=True)
class Duty:
    """One obligation of a stored classification, for one role of the organisation."""

    code: str
    article: str
    role: str
    applies_from: dt.date | None
    explanation: Mapping[str, str]
    condition: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.code, self.role)


@dataclass(frozen=True)
class Tracking:
    """Where the organisation says it stands on one duty of one record."""

    system_id: int
    code: str
    role: str
    status: Status
    reason: str = ""
    evidence: Evidence | None = None
    updated_by: str = ""
    updated_at: dt.datetime | None = None
    id: int | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.code, self.role)

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "reason": self.reason or None,
            "evidence": self.evidence.to_json() if self.evidence else None,
            "updated_by": self.updated_by or None,
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
        }


def _is_link(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and " " not in url


@dataclass(frozen=True)
class StatusInput:
    """What a person sends to set a duty's status; `check` names every problem at once."""

    status: str
    reason: str = ""
    evidence_kind: str = ""
    evidence_reference: str = ""
    evidence_title: str = ""
    evidence_url: str = ""

    def check(self, held: Mapping[str, Evidence]) -> tuple[Status, str, Evidence | None]:
        """The status, reason and evidence, checked; `held` is Balise's own evidence by key."""
        errors: dict[str, Message] = {}
        status = next((s for s in SETTABLE if s.value == self.status.strip()), None)
        if status is None:
            errors["status"] = Message(N_("Choose to do, in progress, met or not applicable."))
        reason = self.reason.strip()
        if status is Status.NOT_APPLICABLE and not reason:
            errors["reason"] = Message(N_("Say why this duty does not apply."))
        elif len(reason) > REASON_LIMIT:
            errors["reason"] = Message(N_("At most %(limit)s characters."), {"limit": REASON_LIMIT})
        evidence = self._evidence(held, errors)
        if status is Status.MET and evidence is None and not set(errors) - {"status", "reason"}:
            errors["evidence_kind"] = Message(N_("Name the evidence that meets this duty."))
        if errors:
            raise ValidationError(errors)
        assert status is not None
        return status, reason if status is Status.NOT_APPLICABLE else "", evidence

    def _evidence(
        self, held: Mapping[str, Evidence], errors: dict[str, Message]
    ) -> Evidence | None:
        kind_text = self.evidence_kind.strip()
        if not kind_text:
            return None
        try:
            kind = EvidenceKind(kind_text)
        except ValueError:
            errors["evidence_kind"] = Message(N_("Choose a kind of evidence from the list."))
            return None
        if kind is not EvidenceKind.DOCUMENT:
            found = held.get(f"{kind.value}:{self.evidence_reference.strip()}")
            if found is None:
                errors["evidence_reference"] = Message(
                    N_("Choose evidence this record holds in Balise.")
                )
            return found
        title, url = self.evidence_title.strip(), self.evidence_url.strip()
        reference = self.evidence_reference.strip()
        if not title:
            errors["evidence_title"] = Message(N_("Give the document's title."))
        elif len(title) > TITLE_LIMIT:
            errors["evidence_title"] = Message(
                N_("At most %(limit)s characters."), {"limit": TITLE_LIMIT}
            )
        if url and not _is_link(url):
            errors["evidence_url"] = Message(N_("Give a web address starting with https://."))
        if not url and not reference:
            errors["evidence_reference"] = Message(
                N_("Give the document's web address or its reference.")
            )
        elif len(reference) > REFERENCE_LIMIT:
            errors["evidence_reference"] = Message(
                N_("At most %(limit)s characters."), {"limit": REFERENCE_LIMIT}
            )
        return Evidence(kind, title, reference, url)
