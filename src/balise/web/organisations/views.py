"""The data an organisation's page and its JSON twin share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from markupsafe import Markup, escape

from balise.domain.audit_log.chain import AuditEvent
from balise.domain.organisations.model import (
    Level,
    Organisation,
    OrganisationKind,
    Sector,
    SizeClass,
    format_enterprise_number,
)
from balise.domain.shared.i18n import N_
from balise.i18n import gettext
from balise.web.audit_log.views import event_view
from balise.web.labels import label

# What the history page shows for an organisation's coded values: the enumeration of each coded
# field, and the events of its audit log.
CODED_FIELDS: dict[str, type[StrEnum]] = {
    "kind": OrganisationKind,
    "level": Level,
    "size_class": SizeClass,
    "sector": Sector,
}
EVENTS = {
    "organisation.created": N_("Organisation created"),
    "organisation.updated": N_("Organisation changed"),
}


def organisation_view(organisation: Organisation) -> dict[str, Any]:
    return {
        "slug": organisation.slug,
        "name": organisation.name.as_dict(),
        "kind": organisation.kind.value,
        "level": organisation.government_level.value,
        "size_class": organisation.size_class.value,
        "is_sme": organisation.size_class.is_sme,
        "sector": organisation.sector.value,
        "enterprise_number": format_enterprise_number(organisation.enterprise_number)
        if organisation.enterprise_number
        else None,
        "contact": {
            "email": organisation.contact.email,
            "phone": organisation.contact.phone,
            "website": organisation.contact.website,
            "address": organisation.contact.address,
        },
        "url": f"/organisations/{organisation.slug}",
    }


def organisation_list_view(organisations: Sequence[Organisation]) -> dict[str, Any]:
    """The list of organisations, as `/organisations.json` and the API show it."""
    return {"organisations": [organisation_view(o) for o in organisations]}


def history_view(events: Sequence[AuditEvent]) -> dict[str, Any]:
    """An organisation's audit events, newest first, as its history page and the API show them."""
    return {"events": [event_view(event) for event in reversed(events)]}


def event_name(event_type: str) -> str:
    """An organisation's audit event in the reader's language (the code for an unknown one)."""
    return gettext(EVENTS[event_type]) if event_type in EVENTS else event_type


def change_value(field: str, value: Any) -> Markup:
    """A value before or after a change, as the history page shows it: labels, not codes; a
    name in each of its languages, each marked with its language."""
    if value is None or value == "":
        return Markup("—")
    enum = CODED_FIELDS.get(field)
    if enum is not None and value in {member.value for member in enum}:
        return escape(label(enum(value)))
    if field == "name" and isinstance(value, Mapping):
        return Markup("; ").join(
            Markup('<span lang="{}">{}</span>').format(lang, text)
            for lang, text in value.items()
            if text
        )
    if isinstance(value, Mapping):
        return Markup("; ").join(escape(str(text)) for text in value.values() if text) or Markup(
            "—"
        )
    return escape(str(value))
