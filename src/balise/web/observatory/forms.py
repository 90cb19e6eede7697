"""Parsing the observatory's query parameters: filters and the report's year, errors per field."""

from __future__ import annotations

from collections.abc import Mapping

from balise.domain.organisations.model import Level, Sector
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.services.observatory import Filters


def filters_of(query: Mapping[str, str]) -> Filters:
    errors: dict[str, Message] = {}
    level = query.get("level") or None
    sector = query.get("sector") or None
    organisation = (query.get("organisation") or "").strip() or None
    if level is not None and level not in {m.value for m in Level}:
        errors["level"] = Message(N_("Choose a level of government from the list."))
    if sector is not None and sector not in {m.value for m in Sector}:
        errors["sector"] = Message(N_("Choose a sector from the list."))
    if organisation is not None and len(organisation) > 80:
        errors["organisation"] = Message(N_("Choose an organisation from the list."))
    if errors:
        raise ValidationError(errors)
    return Filters(level=level, sector=sector, organisation=organisation)


def year_of(query: Mapping[str, str], default: int) -> int:
    raw = (query.get("year") or "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise ValidationError.single("year", N_("Choose a year."))
    return int(raw)
