"""The data an organisation's page and its JSON twin share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from balise.domain.audit_log.chain import AuditEvent
from balise.domain.organisations.model import Organisation, format_enterprise_number
from balise.web.audit_log.views import event_view


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
