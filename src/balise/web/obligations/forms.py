"""The status form and the API's body turned into a `StatusInput`; errors named per field."""

from __future__ import annotations

from collections.abc import Mapping

from balise.domain.obligations.model import EvidenceKind, StatusInput
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import Message

FORM_FIELDS = (
    "status",
    "reason",
    "evidence",
    "evidence_title",
    "evidence_url",
    "evidence_reference",
)


def status_from_form(values: Mapping[str, str]) -> StatusInput:
    """The page's form: `evidence` is empty, `document`, or the key of held evidence
    (`assessment:12`); a document's title, address and reference have their own fields."""
    chosen = values.get("evidence", "").strip()
    kind, _, reference = chosen.partition(":")
    if kind == EvidenceKind.DOCUMENT.value:
        reference = values.get("evidence_reference", "")
    return StatusInput(
        status=values.get("status", ""),
        reason=values.get("reason", ""),
        evidence_kind=kind,
        evidence_reference=reference,
        evidence_title=values.get("evidence_title", ""),
        evidence_url=values.get("evidence_url", ""),
    )


def form_errors(error: ValidationError, given: StatusInput) -> dict[str, Message]:
    """The domain's errors under the form's field names (held evidence is chosen in one list)."""
    document = given.evidence_kind == EvidenceKind.DOCUMENT.value
    renamed: dict[str, Message] = {}
    for field, message in error.errors.items():
        held = field == "evidence_kind" or (field == "evidence_reference" and not document)
        renamed.setdefault("evidence" if held else field, message)
    return renamed
