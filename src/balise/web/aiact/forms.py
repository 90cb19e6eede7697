"""AI Act classifier: what the questionnaire's forms, the store form and the API's query carry,
read into domain inputs, with errors per field, all at once.

Where the answers live: a signed-in user's questionnaire is kept in the database (a saved
questionnaire); an anonymous user's answers travel in a signed token in the address and the forms
(no session, nothing stored, nothing personal asked). `Flow` is either, with the addresses of its
steps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from itsdangerous import BadSignature, URLSafeSerializer

from balise.domain.aiact.questionnaire import (
    Section,
    answer_section,
    check_law,
    load_questionnaire,
    next_section,
    previous_section,
    visible_questions,
)
from balise.domain.aiact.questionnaire_records import SavedQuestionnaire
from balise.domain.shared.errors import NotFound, ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.web.access import container_of

TOKEN_SALT = "balise.aiact.questionnaire"  # noqa: S105 - a namespace, not a secret
RESULT = "result"
DATE_FORMAT = N_("Give a date as YYYY-MM-DD.")


# --- Where the answers live: a signed token, or a saved questionnaire -------------------------


@dataclass(frozen=True)
class Flow:
    answers: dict[str, Any]
    law: str | None
    token: str | None = None
    saved: SavedQuestionnaire | None = None

    @property
    def base(self) -> str:
        if self.saved is not None:
            return f"/aiact/saved/{self.saved.id}"
        return "/aiact/questionnaire"

    def query(self, **extra: str) -> str:
        params = {key: value for key, value in extra.items() if value}
        if self.token is not None:
            params = {"state": self.token, **params}
        return f"?{urlencode(params)}" if params else ""

    def url(self, step: str, **extra: str) -> str:
        if step == RESULT:
            base = "/aiact/result" if self.saved is None else f"{self.base}/result"
            return base + self.query(**extra)
        return f"{self.base}/{step}" + self.query(**extra)

    def json_url(self, **extra: str) -> str:
        base = "/aiact/result.json" if self.saved is None else f"{self.base}/result.json"
        return base + self.query(**extra)


def saved_flow(found: SavedQuestionnaire) -> Flow:
    return Flow(dict(found.answers), found.law, saved=found)


def serializer(request: Request) -> URLSafeSerializer:
    return URLSafeSerializer(container_of(request).secret_key, salt=TOKEN_SALT)


def encode(request: Request, answers: Mapping[str, Any], law: str | None) -> str:
    return str(serializer(request).dumps({"a": dict(answers), "l": law}))


def token_flow(request: Request, token: str | None) -> Flow:
    """The anonymous questionnaire a token carries (a new, empty one without a token)."""
    if not token:
        return Flow({}, None, token=encode(request, {}, None))
    try:
        data = serializer(request).loads(token)
        answers, law = dict(data["a"]), check_law(data["l"])
    except (BadSignature, KeyError, TypeError, ValueError, ValidationError):
        raise ValidationError.single(
            "state", N_("This questionnaire link is damaged. Start the questionnaire again.")
        ) from None
    return Flow(answers, law, token=token)


def section_or_404(section_id: str) -> Section:
    section = load_questionnaire().section(section_id)
    if section is None:
        raise NotFound(Message(N_("This page does not exist.")))
    return section


def first_section_id() -> str:
    return load_questionnaire().sections[0].id


# --- Form fields --------------------------------------------------------------------------------


async def multi_form(request: Request) -> dict[str, list[str]]:
    """Every value of every field (checkboxes send several), as the questionnaire reads them."""
    form = await request.form()
    values: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            values.setdefault(key, []).append(value)
    return values


def first(form: Mapping[str, Sequence[str]], key: str) -> str:
    values = form.get(key) or [""]
    return values[0]


def parse_day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError.single("date", DATE_FORMAT) from None


def parse_law(value: str | None) -> str | None:
    return check_law(value or None)


def parse_options(date: str | None, law: str | None) -> tuple[dt.date | None, str | None]:
    """The evaluation date and the law version asked for (query or form), both checked at once."""
    errors: dict[str, Message] = {}
    day: dt.date | None = None
    chosen: str | None = None
    try:
        day = parse_day(date)
    except ValidationError as error:
        errors.update(error.errors)
    try:
        chosen = parse_law(law)
    except ValidationError as error:
        errors.update(error.errors)
    if errors:
        raise ValidationError(errors)
    return day, chosen


# --- The questionnaire's answers ----------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """What answering a section leads to: the new answers and law, and where to go next
    (a section id, `RESULT`, or None for the start page). `discarded`: invalid answers were
    left behind by going back; nothing is to be kept."""

    answers: dict[str, Any]
    law: str | None
    target: str | None
    more: bool
    discarded: bool = False


def answer_step(flow: Flow, section: Section, form: Mapping[str, Sequence[str]]) -> Step:
    """Read a section's answers; raise `ValidationError` (every field at once) unless going back.

    When an answer makes more questions of the same section relevant, the section is shown
    again with them (`more`).
    """
    action = first(form, "action") or "next"
    law = flow.law
    target: str | None
    try:
        answers = answer_section(flow.answers, section.id, form)
        if section.id == first_section_id():
            law = parse_law(first(form, "law"))
    except ValidationError:
        if action != "back":
            raise
        back = previous_section(flow.answers, section.id)
        target = back.id if back else None
        return Step(flow.answers, flow.law, target, more=False, discarded=True)
    shown_before = {q.field for q in visible_questions(section, flow.answers)}
    shown_now = {q.field for q in visible_questions(section, answers)}
    if action == "back":
        back = previous_section(answers, section.id)
        target = back.id if back else None
    elif shown_now - shown_before:
        target = section.id
    else:
        after = next_section(answers, section.id)
        target = after.id if after else RESULT
    return Step(answers, law, target, more=action == "next" and target == section.id)


# --- Storing a result on a record ---------------------------------------------------------------


@dataclass(frozen=True)
class StoreRequest:
    saved_id: int | None
    state: str
    slug: str
    day: dt.date | None
    law: str | None


def parse_store_form(form: Mapping[str, Sequence[str]]) -> StoreRequest:
    """The result page's store form: the record, and the date and law of the result shown."""
    errors: dict[str, Message] = {}
    slug = first(form, "slug").strip()
    if not slug:
        errors["slug"] = Message(N_("Choose the record to attach the result to."))
    day: dt.date | None = None
    law: str | None = None
    try:
        day, law = parse_options(first(form, "date"), first(form, "law"))
    except ValidationError as error:
        errors.update(error.errors)
    if errors:
        raise ValidationError(errors)
    saved = first(form, "saved")
    return StoreRequest(
        saved_id=int(saved) if saved.isdigit() else None,
        state=first(form, "state"),
        slug=slug,
        day=day,
        law=law,
    )
