"""The record form: built from the publication standard, read back into a Draft."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData

from balise.domain.register.model import SystemRecord
from balise.domain.register.standard import (
    FIELDS,
    SECTION_TITLES,
    Field,
    Kind,
    Section,
    Visibility,
    in_section,
)
from balise.domain.shared.i18n import LANGUAGES, N_
from balise.i18n import gettext
from balise.services.register import Draft

VISIBILITY_LABELS = {
    Visibility.PUBLIC: N_("Everyone"),
    Visibility.INTERNAL: N_("Signed-in users"),
    Visibility.RESTRICTED: N_("Your organisation and the regulator"),
}


@dataclass(frozen=True)
class FormSection:
    section: Section
    title: str
    fields: tuple[Field, ...]


def form_sections() -> list[FormSection]:
    order = [
        Section.PURPOSE,
        Section.OVERSIGHT,
        Section.ACCOUNTABILITY,
        Section.LIFECYCLE,
        Section.AI_ACT,
        Section.DATA,
        Section.TECHNICAL,
        Section.RISKS,
        Section.RECORD,
    ]
    return [FormSection(s, gettext(SECTION_TITLES[s]), in_section(s)) for s in order]


def form_values(record: SystemRecord) -> dict[str, Any]:
    """What the inputs show for a saved record."""
    values: dict[str, Any] = {
        "default_language": record.default_language.value,
        "checked_languages": [language.value for language in record.checked_languages],
    }
    for spec in FIELDS:
        value = record.values.get(spec.name)
        values[f"visibility_{spec.name}"] = record.chosen_visibility.get(
            spec.name, spec.visibility
        ).value
        if value is None:
            continue
        if spec.kind is Kind.I18N:
            values.update({f"{spec.name}_{code}": text for code, text in value.items()})
        elif spec.kind is Kind.WORDS:
            values[spec.name] = ", ".join(value)
        elif spec.kind is Kind.BOOLEAN:
            values[spec.name] = "true" if value else "false"
        else:
            values[spec.name] = value
    return values


def draft_from_form(form: FormData) -> tuple[Draft, dict[str, Any]]:
    """The draft the form describes, and the values to show again if it is refused."""
    raw: dict[str, Any] = {}
    shown: dict[str, Any] = {
        "default_language": str(form.get("default_language") or ""),
        "checked_languages": [str(v) for v in form.getlist("checked_languages")],
        "slug": str(form.get("slug") or ""),
    }
    visibility: dict[str, str] = {}
    for spec in FIELDS:
        if spec.kind is Kind.I18N:
            texts = {
                lang.value: str(form.get(f"{spec.name}_{lang.value}") or "") for lang in LANGUAGES
            }
            raw[spec.name] = texts
            shown.update({f"{spec.name}_{code}": text for code, text in texts.items()})
        elif spec.kind is Kind.CHOICES:
            raw[spec.name] = shown[spec.name] = [str(v) for v in form.getlist(spec.name)]
        else:
            raw[spec.name] = shown[spec.name] = str(form.get(spec.name) or "")
        chosen = form.get(f"visibility_{spec.name}")
        if isinstance(chosen, str) and chosen:
            visibility[spec.name] = shown[f"visibility_{spec.name}"] = chosen
    draft = Draft(
        values=raw,
        visibility=visibility,
        default_language=shown["default_language"],
        checked_languages=shown["checked_languages"],
        slug=shown["slug"],
    )
    return draft, shown


def display(spec: Field, value: Any) -> Any:
    """A saved value as a reader sees it (translated labels for choices)."""
    if spec.kind is Kind.CHOICE:
        return gettext(dict(spec.choices).get(value, value))
    if spec.kind is Kind.CHOICES:
        return ", ".join(gettext(dict(spec.choices).get(item, item)) for item in value)
    if spec.kind is Kind.WORDS:
        return ", ".join(value)
    if spec.kind is Kind.BOOLEAN:
        return gettext("Yes") if value else gettext("No")
    return value


def visibility_options() -> list[tuple[str, str]]:
    return [(v.value, gettext(label)) for v, label in VISIBILITY_LABELS.items()]


def sections_with_values(
    values: Mapping[str, Any], visibility: Mapping[str, Visibility] | None = None
) -> list[dict[str, Any]]:
    """The filled fields of a record, section by section, for reading."""
    shown = []
    for section in form_sections():
        rows = [
            {
                "field": spec,
                "label": gettext(spec.label),
                "value": values[spec.name]
                if spec.kind is Kind.I18N
                else display(spec, values[spec.name]),
                "i18n": spec.kind is Kind.I18N,
                "visibility": visibility.get(spec.name) if visibility else None,
            }
            for spec in section.fields
            if spec.name in values
        ]
        if rows:
            shown.append({"title": section.title, "rows": rows})
    return shown


def choice_options(spec: Field) -> list[tuple[str, str]]:
    return [(value, gettext(text)) for value, text in spec.choices]
