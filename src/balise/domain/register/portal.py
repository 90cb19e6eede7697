"""What the public portal shows of a published version: only public fields, never personal data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from balise.domain.organisations.model import Organisation
from balise.domain.register.model import RecordVersion, SystemRecord, text_in
from balise.domain.register.standard import FIELDS_BY_NAME, I18N_FIELDS, Kind, Visibility
from balise.domain.shared.i18n import LANGUAGES, Language

SEARCHED_TEXTS = ("name", "description_short", "intended_purpose", "affected_groups", "goal")


@dataclass(frozen=True)
class PortalEntry:
    system_id: int
    slug: str
    organisation_id: int
    version: int
    published_at: datetime
    first_published_at: datetime
    withdrawn: bool
    withdrawal_reason: str
    revision_date: date | None
    risk_category: str
    lifecycle_status: str
    level: str
    sector: str
    languages: tuple[Language, ...]
    sort_name: str
    document: dict[str, Any]
    search_texts: dict[Language, str] = field(default_factory=dict)


def written_languages(values: dict[str, Any]) -> tuple[Language, ...]:
    """The languages the record's name and summary are written in."""
    return tuple(
        language
        for language in LANGUAGES
        if (values.get("name") or {}).get(language.value)
        and (values.get("description_short") or {}).get(language.value)
    )


def public_document(
    record: SystemRecord, version: RecordVersion, organisation: Organisation
) -> dict[str, Any]:
    """The JSON the portal and open data publish for one system."""
    return {
        "uuid": record.uuid,
        "slug": record.slug,
        "version": version.number,
        "published_at": version.published_at.isoformat(),
        "standard_version": version.standard_version,
        "default_language": version.default_language.value,
        "checked_languages": [language.value for language in version.checked_languages],
        "organisation": {
            "slug": organisation.slug,
            "name": organisation.name.as_dict(),
            "enterprise_number": organisation.enterprise_number,
            "kind": organisation.kind.value,
            "level": organisation.government_level.value,
            "sector": organisation.sector.value,
        },
        "fields": version.readable(Visibility.PUBLIC),
    }


def _search_text(values: dict[str, Any], language: Language, extra: list[str]) -> str:
    parts = [
        values[name][language.value]
        for name in SEARCHED_TEXTS
        if name in I18N_FIELDS and (values.get(name) or {}).get(language.value)
    ]
    if not parts:
        return ""
    for name in ("tags", "trade_name", "provider_name"):
        value = values.get(name)
        if value and FIELDS_BY_NAME[name].kind is Kind.WORDS:
            parts.extend(value)
        elif value:
            parts.append(str(value))
    return " ".join(parts + extra)


def portal_entry(
    record: SystemRecord,
    version: RecordVersion,
    organisation: Organisation,
    *,
    first_published_at: datetime,
) -> PortalEntry:
    assert record.id is not None
    assert organisation.id is not None
    public = version.readable(Visibility.PUBLIC)
    organisation_names = list(organisation.name.as_dict().values())
    name = text_in(public, "name", version.default_language)
    revision = public.get("revision_date")
    return PortalEntry(
        system_id=record.id,
        slug=record.slug,
        organisation_id=organisation.id,
        version=version.number,
        published_at=version.published_at,
        first_published_at=first_published_at,
        withdrawn=record.withdrawal_reason != "" and record.state.value == "withdrawn",
        withdrawal_reason=record.withdrawal_reason,
        revision_date=date.fromisoformat(revision) if revision else None,
        risk_category=str(public.get("risk_category") or "not_assessed"),
        lifecycle_status=str(public.get("lifecycle_status") or "planned"),
        level=organisation.government_level.value,
        sector=organisation.sector.value,
        languages=written_languages(public),
        sort_name=(name[0] if name else record.slug).casefold(),
        document=public_document(record, version, organisation),
        search_texts={
            language: _search_text(public, language, organisation_names) for language in LANGUAGES
        },
    )
