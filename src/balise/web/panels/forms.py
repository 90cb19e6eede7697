"""The panel pages' forms and uploaded CSV files, parsed into service inputs; every error at once.

Errors of an uploaded file name the file, then the line and the column (or the person), in the
reader's language, beside the field and in the summary at the top of the page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fastapi import Request
from starlette.datastructures import FormData, UploadFile

from balise.domain.organisations.model import Organisation
from balise.domain.panels.record import Panel, panel_from_form, whole_number_error
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Language, Message
from balise.i18n import gettext, translate, using
from balise.web.access import container_of
from balise.web.uploads import save_upload

FILE_LABELS = {
    "quotas": N_("Quotas file"),
    "people": N_("People file"),
    "addresses": N_("Address list"),
    "strata": N_("Strata file"),
}
LOCATED = re.compile(r"^line (\d+), column (.*)$")
PERSON = re.compile(r"^person (.*), column (.*)$")


def located(name: str, message: Message, language: Language) -> str:
    """An error of an uploaded file, its place (line, column) said in the reader's language."""
    problem = translate(message, language)
    with using(language):
        if match := LOCATED.match(name):
            return gettext("Line %(line)s, column %(column)s: %(problem)s") % {
                "line": match.group(1),
                "column": match.group(2),
                "problem": problem,
            }
        if match := PERSON.match(name):
            return gettext("Person %(id)s, column %(column)s: %(problem)s") % {
                "id": match.group(1),
                "column": match.group(2),
                "problem": problem,
            }
    return problem


def upload_errors(
    errors: Mapping[str, Message], language: Language, fields: tuple[str, ...]
) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Per field, the first error (beside the input); and every error for the summary."""
    first: dict[str, str] = {}
    summary: list[dict[str, str]] = []
    for name, message in errors.items():
        field, _, place = name.partition(":")
        if field not in fields:
            field, place = fields[0], name
        text = located(place, message, language) if place else translate(message, language)
        if field in FILE_LABELS:
            with using(language):
                text = f"{gettext(FILE_LABELS[field])} — {text}"
        first.setdefault(field, text)
        summary.append({"field": field, "text": text})
    return first, summary


def text_fields(form: FormData) -> dict[str, str]:
    """The form's text fields (files left out), to show again beside the errors."""
    return {key: value for key, value in form.items() if isinstance(value, str)}


async def read_upload(request: Request, upload: object, field: str) -> str:
    """An uploaded CSV file's text, through the safe upload helper (size limit, CSV only)."""
    container = container_of(request)
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise ValidationError.single(field, N_("Choose a CSV file."))
    try:
        key = await save_upload(container, upload, suffix=".csv")
    except ValidationError as error:
        raise ValidationError({field: error.message}) from None
    path = container.storage.path(key)
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError.single(field, N_("This file is not a UTF-8 CSV file.")) from None
    finally:
        container.storage.delete(key)


async def read_uploads(request: Request, form: FormData, names: Sequence[str]) -> dict[str, str]:
    """Every uploaded file's text by field; the errors of all of them at once."""
    texts: dict[str, str] = {}
    errors: dict[str, Message] = {}
    for name in names:
        try:
            texts[name] = await read_upload(request, form.get(name), name)
        except ValidationError as error:
            errors.update(error.errors)
    if errors:
        raise ValidationError(errors)
    return texts


@dataclass(frozen=True)
class PoolInput:
    respondents: str
    categories: str
    id_column: str | None


async def parse_pool_form(request: Request, form: FormData) -> PoolInput:
    texts = await read_uploads(request, form, ("people", "quotas"))
    id_column = text_fields(form).get("id_column", "").strip() or None
    return PoolInput(texts["people"], texts["quotas"], id_column)


@dataclass(frozen=True)
class InvitationsInput:
    addresses: str
    strata: str
    letters: int
    seed: int


async def parse_invitations_form(request: Request, form: FormData) -> InvitationsInput:
    """The address list, the strata, the number of letters and the seed (0 when left empty)."""
    values = text_fields(form)
    errors: dict[str, Message] = {}
    numbers: dict[str, int] = {}
    for name in ("letters", "seed"):
        raw = values.get(name, "").strip() or ("0" if name == "seed" else "")
        try:
            numbers[name] = int(raw)
        except ValueError:
            errors[name] = whole_number_error(raw)
    try:
        texts = await read_uploads(request, form, ("addresses", "strata"))
    except ValidationError as error:
        errors.update(error.errors)
    if errors:
        raise ValidationError(errors)
    return InvitationsInput(
        texts["addresses"], texts["strata"], numbers["letters"], numbers["seed"]
    )


def lines(text: str) -> list[str]:
    """A text area's lines (the parties' commitments, the revealed secrets)."""
    return text.splitlines()


def parse_new_panel(form: Mapping[str, str], choices: Sequence[Organisation]) -> Panel:
    """A new panel for one of the organisations the actor may choose (the only one by default)."""
    raw = form.get("organisation", "")
    chosen = next((o for o in choices if o.slug == raw), None)
    if chosen is None and len(choices) == 1 and not raw:
        chosen = choices[0]
    errors: dict[str, Message] = {}
    if chosen is None or chosen.id is None:
        errors["organisation"] = Message(N_("Choose an organisation."))
    try:
        panel = panel_from_form(dict(form), chosen.id if chosen and chosen.id else 0)
    except ValidationError as error:
        errors.update(error.errors)
    if errors:
        raise ValidationError(errors)
    return panel
