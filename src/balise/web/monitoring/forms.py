"""Form fields and JSON bodies turned into monitoring inputs; every error at once, per field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from balise.domain.monitoring.incidents import IncidentCategory, IncidentReport, ReportStage
from balise.domain.monitoring.requests import (
    Answer,
    Contact,
    Outcome,
    RequestChannel,
    RequestInput,
    RequestKind,
)
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Language, Message
from balise.i18n import current_language
from balise.services import monitoring
from balise.services.ports import UnitOfWork

CHOOSE = Message(N_("Choose one of the options."))

# The fields of the request forms in the order the pages show them, so that an error summary
# lists the errors as a reader meets the fields: the citizen's form, then the staff's.
REQUEST_FIELDS = (
    "system",
    "organisation",
    "kind",
    "decision_reference",
    "text",
    "contact",
    "contact_email",
    "contact_postal_address",
    "language",
)
REGISTER_FIELDS = ("channel", "received_on", "kind", "system_id", *REQUEST_FIELDS[3:])


def in_page_order(errors: Mapping[str, str], fields: tuple[str, ...]) -> dict[str, str]:
    """The errors in the order of the fields on the page; unknown fields last, as they came."""
    rank = {name: index for index, name in enumerate(fields)}
    return dict(sorted(errors.items(), key=lambda item: rank.get(item[0], len(fields))))


def _choice(errors: dict[str, Message], name: str, value: Any, enum: Any) -> Any:
    try:
        return enum(value)
    except ValueError:
        errors[name] = CHOOSE
        return None


def _day(errors: dict[str, Message], name: str, raw: str | None, *, required: bool) -> date | None:
    if not raw:
        if required:
            errors[name] = Message(N_("Give a date."))
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[name] = Message(N_("Give a date as YYYY-MM-DD."))
        return None


def request_input(values: Mapping[str, Any], *, default_language: Language) -> RequestInput:
    errors: dict[str, Message] = {}
    kind = _choice(errors, "kind", values.get("kind") or "", RequestKind)
    channel = _choice(errors, "channel", values.get("channel") or "online", RequestChannel)
    language = _choice(
        errors, "language", values.get("language") or default_language.value, Language
    )
    contact = Contact()
    try:
        contact = Contact(
            email=str(values.get("contact_email") or ""),
            postal_address=str(values.get("contact_postal_address") or ""),
        )
    except ValidationError as error:
        errors.update(error.errors)
    try:
        given = RequestInput(
            kind=kind or RequestKind.EXPLANATION,
            decision_reference=str(values.get("decision_reference") or ""),
            text=str(values.get("text") or ""),
            contact=contact if not errors.keys() & {"contact_email"} else Contact("x@x.be"),
            language=language or default_language,
            channel=channel or RequestChannel.ONLINE,
        )
    except ValidationError as error:
        errors = {**error.errors, **errors}
    if errors:
        raise ValidationError(errors)
    return given


def addressed_request(
    uow: UnitOfWork, values: Mapping[str, Any], *, default_language: Language
) -> RequestInput:
    """A citizen's request as the form gives it, its addressee (a system or an administration)
    checked with it, so that every error is told at once."""
    errors: dict[str, Message] = {}
    given = None
    try:
        given = request_input(values, default_language=default_language)
    except ValidationError as error:
        errors.update(error.errors)
    try:
        monitoring.request_target(
            uow,
            system_slug=str(values.get("system") or ""),
            organisation_slug=str(values.get("organisation") or ""),
        )
    except ValidationError as error:
        errors.update(error.errors)
    if errors or given is None:
        raise ValidationError(errors)
    return given


def _flag(value: Any) -> bool:
    return value in (True, "on", "true", "1", "yes")


def _language_of(values: Mapping[str, Any]) -> Language:
    """The language a report's text is written in: as given, else the language of the request."""
    given = str(values.get("language") or "")
    known = {language.value: language for language in Language}
    return known.get(given, current_language.get())


def incident_report(values: Mapping[str, Any]) -> IncidentReport:
    errors: dict[str, Message] = {}
    category = _choice(errors, "category", values.get("category") or "", IncidentCategory)
    stage = _choice(errors, "stage", values.get("stage") or "initial", ReportStage)
    aware_on = _day(errors, "aware_on", values.get("aware_on"), required=True)
    occurred_on = _day(errors, "occurred_on", values.get("occurred_on"), required=False)
    persons: int | None = None
    raw_persons = str(values.get("affected_persons") or "").strip()
    if raw_persons:
        try:
            persons = int(raw_persons)
        except ValueError:
            errors["affected_persons"] = Message(N_("Give a number of 0 or more."))
    report: IncidentReport | None = None
    try:
        report = IncidentReport(
            category=category or IncidentCategory.HEALTH,
            aware_on=aware_on or date.min,
            occurred_on=occurred_on if aware_on else None,
            description=str(values.get("description") or ""),
            stage=stage or ReportStage.INITIAL,
            death=_flag(values.get("death")),
            widespread=_flag(values.get("widespread")),
            affected_persons=persons,
            affected_groups=str(values.get("affected_groups") or ""),
            immediate_measures=str(values.get("immediate_measures") or ""),
            language=_language_of(values),
        )
    except ValidationError as error:
        errors = {**error.errors, **errors}
    if errors or report is None:
        raise ValidationError(errors)
    return report


def answer_of(values: Mapping[str, Any]) -> Answer:
    errors: dict[str, Message] = {}
    outcome = _choice(errors, "outcome", values.get("outcome") or "", Outcome)
    answer: Answer | None = None
    try:
        answer = Answer(
            outcome=outcome or Outcome.UPHELD,
            ai_role=str(values.get("ai_role") or ""),
            main_elements=str(values.get("main_elements") or ""),
            data_used=str(values.get("data_used") or ""),
            how_to_contest=str(values.get("how_to_contest") or ""),
            text=str(values.get("text") or ""),
        )
    except ValidationError as error:
        errors = {**error.errors, **errors}
    if errors or answer is None:
        raise ValidationError(errors)
    return answer


def optional_int(values: Mapping[str, Any], name: str) -> int | None:
    raw = str(values.get(name) or "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValidationError.single(name, N_("Choose one of the options.")) from None
