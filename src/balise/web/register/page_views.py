"""What the register's HTML pages show: values laid out for reading, texts in the reader's
language (or marked as another), translated labels. The documents themselves are in views.py."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from balise.domain.organisations.model import Level, Sector
from balise.domain.register.model import (
    Change,
    State,
    SystemRecord,
    is_sensitive,
    translation_status,
)
from balise.domain.register.search import PortalHit
from balise.domain.register.sections import section_of
from balise.domain.register.standard import (
    CHOICES,
    FIELDS,
    FIELDS_BY_NAME,
    SECTION_TITLES,
    Field,
    Kind,
    Section,
)
from balise.domain.shared.collation import sort_key
from balise.domain.shared.i18n import LANGUAGES, N_, Language, LocalizedText
from balise.i18n import gettext, translate, using
from balise.services.register import History
from balise.web.labels import options
from balise.web.rendering import LANGUAGE_NAMES, Fields, language_name

# What a citizen looks for first, in this order; the rest follows by section of the standard.
SUMMARY: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("what", N_("What it does"), ("description_short", "intended_purpose", "goal")),
    (
        "decides",
        N_("What it decides, and about whom"),
        ("decision_type", "decision_making_process", "affected_groups", "impact"),
    ),
    ("oversight", N_("How a person oversees it"), ("oversight_mode", "human_intervention")),
    (
        "rights",
        N_("Ask for an explanation or a human review, or contest an outcome"),
        ("explanation_channel", "explanation_days", "objection_procedure", "decision_notice"),
    ),
    (
        "responsible",
        N_("Who is responsible"),
        (
            "department",
            "senior_responsible_owner",
            "contact_email",
            "contact_phone",
            "website",
            "provider_name",
        ),
    ),
)
SHOWN_FIRST = {"name", "revision_date", *(name for _, _, names in SUMMARY for name in names)}
SECTION_ORDER = (
    Section.PURPOSE,
    Section.LIFECYCLE,
    Section.AI_ACT,
    Section.DATA,
    Section.TECHNICAL,
    Section.OVERSIGHT,
    Section.ACCOUNTABILITY,
    Section.RISKS,
    Section.RECORD,
)
_LINK = re.compile(r"^https?://\S+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# --- The search page -------------------------------------------------------------------------


def _name(names: dict[str, str], reader: Language, slug: str) -> str:
    for code in (reader.value, *(language.value for language in LANGUAGES)):
        if names.get(code):
            return names[code]
    return slug


FILTER_TITLES = (
    ("organisation", N_("Organisation")),
    ("level", N_("Level of government")),
    ("sector", N_("Sector")),
    ("risk_category", N_("Risk category")),
    ("lifecycle_status", N_("Life-cycle stage")),
    ("language", N_("Available in")),
)


def filter_fields(
    organisations: list[tuple[str, dict[str, str]]], reader: Language, chosen: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Each filter's name, title and options as HTML, translated here: a page shows a hundred
    options, and building them in the template costs more than the search."""
    names = tuple((slug, tuple(texts.items())) for slug, texts in organisations)
    return [
        Fields(name=name, title=title, options_html=options_html(name, choices, chosen.get(name)))
        for name, title, choices in filter_choices(names, reader)
    ]


@lru_cache(maxsize=64)
def filter_choices(
    organisations: tuple[tuple[str, tuple[tuple[str, str], ...]], ...], reader: Language
) -> tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]:
    """Each filter's name, translated title and (value, label) options, sorted once for as long
    as the organisations on the portal stay the same."""
    with using(reader):
        return _filter_choices(organisations, reader)


def _filter_choices(
    organisations: tuple[tuple[str, tuple[tuple[str, str], ...]], ...], reader: Language
) -> tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]:
    choices: dict[str, list[tuple[str, str]]] = {
        "organisation": sorted(
            ((slug, _name(dict(names), reader, slug)) for slug, names in organisations),
            key=lambda option: sort_key(option[1]),
        ),
        "level": options(Level),
        "sector": options(Sector),
        "risk_category": [(v, gettext(label)) for v, label in CHOICES["risk_category"]],
        "lifecycle_status": [(v, gettext(label)) for v, label in CHOICES["lifecycle_status"]],
        "language": [(lang.value, LANGUAGE_NAMES[lang]) for lang in LANGUAGES],
    }
    return tuple((name, gettext(title), tuple(choices[name])) for name, title in FILTER_TITLES)


@lru_cache(maxsize=512)
def options_html(name: str, choices: tuple[tuple[str, str], ...], chosen: str | None) -> Markup:
    """A filter's <option> elements, escaped here: a template loop over a hundred options costs
    more than the search itself. The same few come back on every page (per language, choice and
    list of organisations): they are kept."""
    lines = []
    for value, label in choices:  # each text escaped once; Markup + str is far slower
        quoted = escape(value)
        selected = " selected" if value == chosen else ""
        lang = f' lang="{quoted}"' if name == "language" else ""
        lines.append(f'<option value="{quoted}"{selected}{lang}>{escape(label)}</option>')
    return Markup("\n".join(lines))  # noqa: S704 - every value and label escaped above


def listed(hit: PortalHit, today: date, reader: Language) -> Fields:
    """A result as lists of systems show it, its texts already in the reader's language and,
    for the search page, as HTML (twenty results through template macros cost more than
    finding them)."""
    fields = hit.document.get("fields", {})
    default = str(hit.document.get("default_language") or "")
    name = text_for(fields.get("name"), reader, default) or {"paragraphs": [hit.slug]}
    summary = text_for(fields.get("description_short"), reader, default)
    owner = (hit.document.get("organisation") or {}).get("name")
    organisation = text_for(owner, reader, default)
    # One note per record at most, naming the language in the reader's own; never on the
    # organisation's name, which is a proper name (marked with its language all the same).
    shown = next((text["lang"] for text in (name, summary) if text and text.get("fallback")), None)
    return Fields(
        url=f"/systems/{hit.slug}",
        risk_category=hit.risk_category,
        lifecycle_status=hit.lifecycle_status,
        name_text=name,
        summary_text=summary,
        organisation_text=organisation,
        fallback_language=language_name(shown, reader) if shown else None,
        name_html=marked(name),
        summary_html=marked(summary) if summary else None,
        organisation_html=marked(organisation) if organisation else None,
        badges_html=status_badges(withdrawn=hit.withdrawn, stale=hit.is_stale(today)),
    )


FALLBACK_NOTE = N_("Not available in your language; shown in %(language)s.")


def result_items(systems: list[Fields]) -> Markup:
    """The search page's results as list items, in the current language: written here, a
    template loop over twenty results costs as much as the search."""
    risks = {value: gettext(label) for value, label in CHOICES["risk_category"]}
    stages = {value: gettext(label) for value, label in CHOICES["lifecycle_status"]}
    items = []
    for system in systems:
        risk = system.risk_category
        lines = [
            f'<h3><a href="{escape(system.url)}">{system.name_html}</a> {system.badges_html}</h3>'
        ]
        if system.summary_text:
            lines.append(f"<p>{system.summary_html}</p>")
        owner = f"{system.organisation_html} · " if system.organisation_text else ""
        lines.append(
            f'<p class="result-meta">{owner}<span class="tag tag-{escape(risk)}">'
            f"{escape(risks.get(risk, risk))}</span> · "
            f"{escape(stages.get(system.lifecycle_status, system.lifecycle_status))}</p>"
        )
        if system.fallback_language:
            note = Markup(gettext(FALLBACK_NOTE)) % {"language": system.fallback_language}  # noqa: S704 - a catalogue text
            lines.append(f'<p class="fallback-note">{note}</p>')
        items.append("<li>\n" + "\n".join(lines) + "\n</li>")
    return Markup("\n".join(items))  # noqa: S704 - every value escaped or built as Markup above


def marked(text: Mapping[str, Any]) -> Markup:
    """A short text on one line, inside an element naming its language when it falls back."""
    joined = escape(" ".join(text["paragraphs"]))
    if text.get("fallback"):  # Markup.format costs more than escaping by hand
        return Markup(f'<span lang="{escape(text["lang"])}">{joined}</span>')  # noqa: S704 - escaped
    return joined


def status_badges(*, withdrawn: bool, stale: bool) -> Markup:
    """Badges for a withdrawn or out-of-date system (translations are trusted, as in templates)."""
    badges = [
        f'<span class="badge">{gettext(label)}</span>'
        for shown, label in ((withdrawn, N_("Withdrawn")), (stale, N_("Out of date")))
        if shown
    ]
    return Markup("".join(badges))  # noqa: S704 - catalogue texts only


# --- A field's value, ready for the page -------------------------------------------------------


def text_for(
    texts: Mapping[str, str] | None, reader: Language, default: str
) -> dict[str, Any] | None:
    """A text in the reader's language, else the record's own, else any; says which it is."""
    texts = texts or {}
    for code in (reader.value, default, *(lang.value for lang in LANGUAGES)):
        if texts.get(code):
            return {
                "paragraphs": [line for line in texts[code].splitlines() if line.strip()],
                "lang": code,
                "fallback": code != reader.value,
                "language_name": language_name(code, reader),
            }
    return None


def _line_view(spec: Field, value: Any) -> dict[str, Any]:
    text = str(value)
    if spec.kind is Kind.URL or _LINK.match(text):
        return {"kind": "link", "href": text, "text": text}
    if spec.kind is Kind.EMAIL or _EMAIL.match(text):
        return {"kind": "link", "href": f"mailto:{text}", "text": text}
    return {"kind": "plain", "text": text}


_VIEWS: dict[Kind, Callable[[Field, Any], dict[str, Any]]] = {
    Kind.CHOICE: lambda spec, value: {
        "kind": "label",
        "label": dict(spec.choices).get(value, value),
    },
    Kind.CHOICES: lambda spec, value: {
        "kind": "labels",
        "labels": [dict(spec.choices).get(item, item) for item in value],
    },
    Kind.DATE: lambda spec, value: {"kind": "date", "date": date.fromisoformat(value)},
    Kind.BOOLEAN: lambda spec, value: {"kind": "yes" if value else "no"},
    Kind.INTEGER: lambda spec, value: {"kind": "number", "number": value},
    Kind.WORDS: lambda spec, value: {"kind": "plain", "text": ", ".join(value)},
}


def value_view(spec: Field, value: Any, reader: Language, default: str) -> dict[str, Any] | None:
    """What the template needs to show one value: its kind decides how."""
    if value in (None, "", [], {}):
        return None
    if spec.kind is Kind.I18N:
        text = text_for(value, reader, default)
        return {"kind": "text", **text} if text else None
    return _VIEWS.get(spec.kind, _line_view)(spec, value)


def items_of(
    names: tuple[str, ...] | list[str], fields: Mapping[str, Any], reader: Language, default: str
) -> list[dict[str, Any]]:
    shown = []
    for name in names:
        spec = FIELDS_BY_NAME[name]
        view = value_view(spec, fields.get(name), reader, default)
        if view is not None:
            shown.append({"name": name, "label": spec.label, "value": view})
    return shown


def system_page_context(hit: PortalHit, reader: Language, today: date) -> dict[str, Any]:
    document = hit.document
    fields: dict[str, Any] = document.get("fields", {})
    default = str(document.get("default_language", "nl"))
    checked = [Language(code) for code in document.get("checked_languages", [])]
    summary = [
        {"key": key, "title": title, "items": items_of(names, fields, reader, default)}
        for key, title, names in SUMMARY
    ]
    sections = []
    for section in SECTION_ORDER:
        names = [
            spec.name for spec in FIELDS if spec.section is section and spec.name not in SHOWN_FIRST
        ]
        items = items_of(names, fields, reader, default)
        if items:
            sections.append(
                {"key": section.value, "title": SECTION_TITLES[section], "items": items}
            )
    name = text_for(fields.get("name"), reader, default) or {"paragraphs": [hit.slug]}
    groups: list[dict[str, Any]] = [*summary, *sections]
    shown = [
        item["value"]
        for group in groups
        for item in group["items"]
        if item["value"].get("fallback")
    ]
    if name.get("fallback"):
        shown.insert(0, name)
    return {
        "hit": hit,
        "document": document,
        "name": name,
        # one note for the record: which texts are in another language, and in which
        "fallback_languages": sorted({value["language_name"] for value in shown}),
        "summary": summary,
        "sections": sections,
        "organisation": document.get("organisation", {}),
        "stale": hit.is_stale(today),
        "sensitive": is_sensitive(fields),
        "translation": translation_status(fields, checked),
        "default_language": Language(default),
    }


# --- Versions and changes ----------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeRow:
    label: str
    language: str | None
    language_name: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def change_rows(changes: list[Change], reader: Language, default: str) -> list[ChangeRow]:
    """One row per changed field, and per changed language of a text."""
    rows = []
    for change in changes:
        spec = FIELDS_BY_NAME[change.field]
        if spec.kind is Kind.I18N:
            before, after = change.before or {}, change.after or {}
            for language in LANGUAGES:
                code = language.value
                if before.get(code) != after.get(code):
                    rows.append(
                        ChangeRow(
                            spec.label,
                            code,
                            LANGUAGE_NAMES[language],
                            text_for({code: before[code]}, language, code)
                            if before.get(code)
                            else None,
                            text_for({code: after[code]}, language, code)
                            if after.get(code)
                            else None,
                        )
                    )
            continue
        rows.append(
            ChangeRow(
                spec.label,
                None,
                None,
                value_view(spec, change.before, reader, default),
                value_view(spec, change.after, reader, default),
            )
        )
    return rows


def versions_context(found: History, slug: str, reader: Language) -> dict[str, Any]:
    """The list of a record's published versions."""
    latest = found.versions[0] if found.versions else None
    values = latest.readable(found.clearance) if latest else found.record.values
    default = latest.default_language.value if latest else found.record.default_language
    return {
        "slug": slug,
        "versions": found.versions,
        "name": text_for(values.get("name"), reader, str(default)) or {"paragraphs": [slug]},
        "withdrawn": found.record.state.value == "withdrawn",
    }


def compare_context(
    found: History, slug: str, before: int, after: int, changes: list[Change], reader: Language
) -> dict[str, Any]:
    """What changed between two versions, named in the latest version's words."""
    latest = found.versions[0]
    values = latest.readable(found.clearance)
    default = latest.default_language.value
    return {
        "slug": slug,
        "before": before,
        "after": after,
        "numbers": [version.number for version in found.versions],
        "rows": change_rows(changes, reader, default),
        "name": text_for(values.get("name"), reader, default) or {"paragraphs": [slug]},
    }


# --- The organisation's own pages ---------------------------------------------------------------

STATE_LABELS = {
    State.DRAFT: N_("Draft"),
    State.IN_REVIEW: N_("Waiting for review"),
    State.APPROVED: N_("Approved, not yet published"),
    State.PUBLISHED: N_("Published"),
    State.WITHDRAWN: N_("Withdrawn"),
}


def state_label(state: State) -> str:
    return gettext(STATE_LABELS[state])


def translated_name(name: LocalizedText, language: Language) -> str:
    found = name.in_language(language)
    return found.text if found else ""


def missing_fields(record: SystemRecord) -> list[tuple[str, str, str]]:
    """(the field on its section's page, field label, what is wrong) for each field a review
    needs."""
    found = []
    for key, message in record.missing().items():
        name = key if key in FIELDS_BY_NAME else key.rsplit("_", 1)[0]
        address = f"/register/{record.slug}/edit/{section_of(key).value}#field-{key}"
        found.append((address, gettext(FIELDS_BY_NAME[name].label), translate(message)))
    return found
