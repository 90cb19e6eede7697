"""The data an organisation's page and its JSON twin share."""

from __future__ import annotations

from typing import Any

from balise.domain.organisations.model import Organisation, format_enterprise_number


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
