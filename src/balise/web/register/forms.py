"""Reading what people send to the register: the record form and the API's JSON bodies (into a
Draft), the portal's search filters (into SearchFilters), and naming fields as the body does."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData

from balise.domain.accounts.model import Actor
from balise.domain.organisations.model import Level, Sector
from balise.domain.register.model import SystemRecord, check_slug, parse_values
from balise.domain.register.search import SearchFilters
from balise.domain.register.sections import (
    FORM_ORDER,
    Progress,
    SectionState,
    field_name,
    section_of,
)
from balise.domain.register.standard import (
    CHOICES,
    FIELDS,
    FIELDS_BY_NAME,
    I18N_FIELDS,
    SECTION_TITLES,
    Field,
    Kind,
    Section,
    Visibility,
    in_section,
)
from balise.domain.shared.errors import NotFound, ValidationError
from balise.domain.shared.i18n import LANGUAGES, N_, Language, Message
from balise.i18n import gettext, translate
from balise.services import organisations
from balise.services.ports import UnitOfWork
from balise.services.register import Draft
from balise.web.register.schemas import SystemWrite
from balise.web.rendering import language_name

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
    return [FormSection(s, gettext(SECTION_TITLES[s]), in_section(s)) for s in FORM_ORDER]


def form_values(record: SystemRecord) -> dict[str, Any]:
    """What the inputs show for a saved record."""
    values: dict[str, Any] = {
        "default_language": record.default_language.value,
        "checked_languages": [language.value for language in record.checked_languages],
        "slug": record.slug,
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


def _typed(form: FormData, spec: Field) -> tuple[Any, dict[str, Any]]:
    """One field as the form sends it, and the inputs to show again."""
    if spec.kind is Kind.I18N:
        texts = {lang.value: str(form.get(f"{spec.name}_{lang.value}") or "") for lang in LANGUAGES}
        return texts, {f"{spec.name}_{code}": text for code, text in texts.items()}
    if spec.kind is Kind.CHOICES:
        chosen = [str(v) for v in form.getlist(spec.name)]
        return chosen, {spec.name: chosen}
    text = str(form.get(spec.name) or "")
    return text, {spec.name: text}


def section_draft(
    record: SystemRecord, section: Section, form: FormData
) -> tuple[Draft, dict[str, Any]]:
    """The record with one section as the form sends it, the others as saved; and the values to
    show again if it is refused."""
    raw: dict[str, Any] = dict(record.values)
    visibility = {name: chosen.value for name, chosen in record.chosen_visibility.items()}
    shown = form_values(record)
    for spec in in_section(section):
        raw[spec.name], typed = _typed(form, spec)
        shown.update(typed)
        chosen = form.get(f"visibility_{spec.name}")
        if isinstance(chosen, str) and chosen:
            visibility[spec.name] = shown[f"visibility_{spec.name}"] = chosen
    if section is Section.RECORD:
        shown["default_language"] = str(form.get("default_language") or "")
        shown["checked_languages"] = [str(v) for v in form.getlist("checked_languages")]
    draft = Draft(
        values=raw,
        visibility=visibility,
        default_language=shown["default_language"],
        checked_languages=shown["checked_languages"],
    )
    return draft, shown


NEW_RECORD_KEYS = ("organisation", "default_language", "slug")


def new_record_draft(form: FormData) -> tuple[Draft, dict[str, Any]]:
    """The first section of a new record: its organisation, language, name and address."""
    texts, shown = _typed(form, FIELDS_BY_NAME["name"])
    shown.update({key: str(form.get(key) or "").strip() for key in NEW_RECORD_KEYS})
    draft = Draft(
        values={"name": texts},
        visibility={},
        default_language=shown["default_language"],
        slug=shown["slug"],
    )
    return draft, shown


def new_record_problems(draft: Draft) -> dict[str, Message]:
    """Everything wrong with the first section, at once (the service checks it again)."""
    errors: dict[str, Message] = {}
    try:
        parse_values(draft.values)
    except ValidationError as error:
        errors.update(error.errors)
    languages = {lang.value for lang in LANGUAGES}
    if draft.default_language not in languages:
        errors["default_language"] = Message(N_("Choose the language the record is written in."))
    elif not (draft.values.get("name") or {}).get(draft.default_language, "").strip():
        errors.setdefault(
            f"name_{draft.default_language}",
            Message(N_("Give the system a name in its main language.")),
        )
    if draft.slug:
        try:
            check_slug(draft.slug)
        except ValidationError as error:
            errors.update(error.errors)
    return errors


def _form_keys() -> list[str]:
    keys = ["organisation", "slug"]
    for section in FORM_ORDER:
        if section is Section.RECORD:
            keys += ["default_language", "checked_languages"]
        for spec in in_section(section):
            keys.append(spec.name)
            if spec.kind is Kind.I18N:
                keys += [f"{spec.name}_{lang.value}" for lang in LANGUAGES]
            keys.append(f"visibility_{spec.name}")
    return keys


FORM_KEYS = {key: index for index, key in enumerate(_form_keys())}


def in_form_order(errors: Mapping[str, Message], main: str = "") -> dict[str, Message]:
    """The problems in the order their fields come in the form, where a text in the record's
    main language comes first, before its translations."""

    def position(key: str) -> int:
        name = field_name(key) or key
        return FORM_KEYS.get(name if key == f"{name}_{main}" else key, len(FORM_KEYS))

    return dict(sorted(errors.items(), key=lambda item: position(item[0])))


def field_label(key: str, language: Language) -> str:
    """What a form key is called on the page: "Name (French)", "Who can read “Name”"."""
    name = field_name(key)
    if name is None:
        return gettext(OTHER_LABELS.get(key, key))
    label = gettext(FIELDS_BY_NAME[name].label)
    if key.startswith("visibility_"):
        return gettext("Who can read “%(field)s”") % {"field": label}
    if key != name:
        language_code = key.rsplit("_", 1)[1]
        return f"{label} ({language_name(language_code, language)})"
    return label


OTHER_LABELS = {
    "organisation": N_("Organisation"),
    "slug": N_("Address on the portal"),
    "default_language": N_("Main language of the record"),
    "checked_languages": N_("Languages checked by a person"),
}


def named_errors(errors: Mapping[str, Message], language: Language) -> dict[str, str]:
    """Each problem once, naming its field: "Name (French): At most 100 characters."."""
    return {
        key: gettext("%(field)s: %(problem)s")
        % {"field": field_label(key, language), "problem": translate(message, language)}
        for key, message in errors.items()
    }


@dataclass(frozen=True)
class Problem:
    href: str
    text: str


def section_address(slug: str, section: Section) -> str:
    return f"/register/{slug}/edit/{section.value}"


def problem_links(
    slug: str, errors: Mapping[str, str], here: Section | None = None
) -> list[Problem]:
    """Links to the fields, on this page (`#field-…`) or on the page of their section."""
    return [
        Problem(
            ("" if section_of(key) is here else section_address(slug, section_of(key)))
            + f"#field-{key}",
            text,
        )
        for key, text in errors.items()
    ]


PROGRESS_LABELS = {
    Progress.NOT_STARTED: N_("Not started"),
    Progress.IN_PROGRESS: N_("In progress"),
    Progress.COMPLETE: N_("Complete"),
    Progress.HAS_ERRORS: N_("Has errors"),
}


@dataclass(frozen=True)
class TaskRow:
    section: Section
    title: str
    address: str
    progress: Progress
    label: str
    optional: bool


def task_rows(slug: str, states: list[SectionState]) -> list[TaskRow]:
    return [
        TaskRow(
            state.section,
            gettext(SECTION_TITLES[state.section]),
            section_address(slug, state.section),
            state.progress,
            gettext(PROGRESS_LABELS[state.progress]),
            state.optional,
        )
        for state in states
    ]


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


# --- The API's bodies ---------------------------------------------------------------------------

TOP_LEVEL = {
    "organisation",
    "slug",
    "default_language",
    "checked_languages",
    "note",
    "reason",
    "cursor",
}
_I18N_ERROR = re.compile(r"^(?P<field>[a-z_]+)_(?P<language>fr|nl|de|en)$")


def draft_from_body(body: SystemWrite, slug: str = "") -> Draft:
    return Draft(
        values=body.fields,
        visibility=body.visibility,
        default_language=body.default_language,
        checked_languages=tuple(body.checked_languages),
        slug=slug,
    )


def body_path(name: str) -> str:
    """Where a field named in a domain error sits in the request body."""
    if name.startswith("visibility_"):
        return "visibility." + name.removeprefix("visibility_")
    if name in FIELDS_BY_NAME:
        return f"fields.{name}"
    found = _I18N_ERROR.match(name)
    if found and found["field"] in I18N_FIELDS:
        return f"fields.{found['field']}.{found['language']}"
    return name if name in TOP_LEVEL else f"fields.{name}"


def body_errors(error: ValidationError) -> ValidationError:
    """The same errors, naming fields as the request body does."""
    return ValidationError({body_path(name): message for name, message in error.errors.items()})


# --- The portal's filters -----------------------------------------------------------------------

MAX_PAGE = 500
NOT_VALID = Message(N_("This value is not valid."))
FILTER_NAMES = ("organisation", "level", "sector", "risk_category", "lifecycle_status", "language")
VALID = {
    "level": {level.value for level in Level},
    "sector": {sector.value for sector in Sector},
    "risk_category": {value for value, _ in CHOICES["risk_category"]},
    "lifecycle_status": {value for value, _ in CHOICES["lifecycle_status"]},
    "language": {language.value for language in LANGUAGES},
}


def read_filters(
    uow: UnitOfWork, actor: Actor, raw: Mapping[str, str], *, strict: bool
) -> tuple[SearchFilters, dict[str, str]]:
    """Filters from query parameters, and the ones in effect. A page drops values it does not
    know (an old bookmark still works); the API names them in a validation error."""
    chosen = {name: (raw.get(name) or "").strip() for name in FILTER_NAMES}
    errors: dict[str, Message] = {}
    for name, allowed in VALID.items():
        if chosen[name] and chosen[name] not in allowed:
            errors[name] = NOT_VALID
    organisation_id = None
    if chosen["organisation"]:
        try:
            found = organisations.get_organisation(uow, actor=actor, slug=chosen["organisation"])
        except NotFound as error:
            errors["organisation"] = error.message
        else:
            organisation_id = found.id
    if errors and strict:
        raise ValidationError(errors)
    for name in errors:
        chosen[name] = ""
    withdrawn = (raw.get("include_withdrawn") or "").lower() in {"1", "true", "on", "yes"}
    filters = SearchFilters(
        organisation_id=organisation_id,
        level=chosen["level"] or None,
        sector=chosen["sector"] or None,
        risk_category=chosen["risk_category"] or None,
        lifecycle_status=chosen["lifecycle_status"] or None,
        language=Language(chosen["language"]) if chosen["language"] else None,
        include_withdrawn=withdrawn,
    )
    in_effect = {name: value for name, value in chosen.items() if value}
    if withdrawn:
        in_effect["include_withdrawn"] = "1"
    return filters, in_effect


def page_number(raw: str | None) -> int:
    """A page of results asked for in the address; a wrong number shows the first page."""
    try:
        return min(max(1, int(raw or "1")), MAX_PAGE)
    except ValueError:
        return 1
