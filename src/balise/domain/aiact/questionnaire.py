"""The AI Act questionnaire: sections of questions about the facts document, asked when relevant.

The questions are data (questionnaire.yaml, with their texts in four languages, like the
obligation catalogue). Each question is about one field of the facts document; its kind (yes/no,
one choice, several choices, date, number, text) and its choices come from the facts JSON Schema,
so that the questionnaire cannot drift from the facts: `load_questionnaire()` refuses a file that
misses a field, names an unknown one, lacks a label for a choice or a language, or makes a
question depend on an answer given after it.

Answers are a flat mapping from a facts path (`annex_iii.point`) to a JSON value. Only the answers
to questions that are relevant, given the answers before them, make up the facts document: an
answer left behind after the user went back and changed an earlier one does not count.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from balise.domain.aiact.facts import Facts
from balise.domain.aiact.facts_schema import facts_schema
from balise.domain.aiact.facts_versions import FACTS_SCHEMA_VERSION, upgrade_answers
from balise.domain.aiact.ruleset import LANGUAGES, LAW_IDS, load_yaml
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Message

QUESTIONNAIRE_FILE = Path(__file__).parent / "questionnaire.yaml"
MAX_TEXT = 200


class Kind(StrEnum):
    BOOLEAN = "boolean"
    CHOICE = "choice"
    MULTIPLE = "multiple"
    DATE = "date"
    NUMBER = "number"
    TEXT = "text"


@dataclass(frozen=True)
class Option:
    value: str
    label: Mapping[str, str]
    when: Any = None


@dataclass(frozen=True)
class Question:
    field: str  # the facts path
    kind: Kind
    label: Mapping[str, str]
    help: Mapping[str, str]
    when: Any = None
    options: tuple[Option, ...] = ()
    default: Any = None

    @property
    def name(self) -> str:
        """The form field's name and the element id's suffix (no dots, for CSS and fragments)."""
        return self.field.replace(".", "-")


@dataclass(frozen=True)
class Section:
    id: str
    title: Mapping[str, str]
    intro: Mapping[str, str]
    questions: tuple[Question, ...]
    when: Any = None


@dataclass(frozen=True)
class Questionnaire:
    sections: tuple[Section, ...]

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def questions(self) -> Iterable[Question]:
        for section in self.sections:
            yield from section.questions

    def question(self, path: str) -> Question | None:
        return next((q for q in self.questions() if q.field == path), None)


# --- Conditions on the answers ---------------------------------------------------------------


def _value(values: Mapping[str, Any], path: str) -> Any:
    if path in values:
        return values[path]
    found: Any = Facts()
    for part in path.split("."):
        found = getattr(found, part)
    if isinstance(found, StrEnum):
        return found.value
    if isinstance(found, tuple):
        return list(found)
    return found


def holds(values: Mapping[str, Any], condition: Any) -> bool:  # noqa: PLR0911
    """A `when` condition on the answers so far (absent answers take the facts' defaults)."""
    if condition is None:
        return True
    if isinstance(condition, str):
        for operator in ("!=", "~", "="):
            if operator in condition:
                path, _, expected = condition.partition(operator)
                actual = _value(values, path)
                if operator == "~":
                    return expected in (actual or [])
                equal = str(actual) == expected
                return equal if operator == "=" else not equal
        return bool(_value(values, condition))
    ((operator, operand),) = condition.items()
    if operator == "not":
        return not holds(values, operand)
    if operator == "all":
        return all(holds(values, item) for item in operand)
    if operator == "any":
        return any(holds(values, item) for item in operand)
    raise ValueError(f"unknown condition {condition!r}")


def condition_paths(condition: Any) -> list[str]:
    if condition is None:
        return []
    if isinstance(condition, str):
        for operator in ("!=", "~", "="):
            if operator in condition:
                return [condition.partition(operator)[0]]
        return [condition]
    ((_, operand),) = condition.items()
    items = operand if isinstance(operand, list) else [operand]
    return [path for item in items for path in condition_paths(item)]


# --- Loading and checking against the facts --------------------------------------------------


def facts_fields(cls: type[Any] = Facts, prefix: str = "") -> list[str]:
    """Every leaf field of the facts document, as a dotted path, in declaration order."""
    hints = typing.get_type_hints(cls)
    paths: list[str] = []
    for item in dataclasses.fields(cls):
        hint = hints[item.name]
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            paths.extend(facts_fields(hint, f"{prefix}{item.name}."))
        else:
            paths.append(f"{prefix}{item.name}")
    return paths


def field_schema(path: str) -> dict[str, Any]:
    """The JSON Schema of one facts field, references resolved."""
    schema = facts_schema()
    node: dict[str, Any] = schema
    for part in path.split("."):
        node = node["properties"][part]
        if "allOf" in node:
            node = schema["$defs"][node["allOf"][0]["$ref"].rsplit("/", 1)[1]]
    return node


def kind_of(schema: Mapping[str, Any]) -> Kind:
    types = schema.get("type")
    types = types if isinstance(types, list) else [types]
    if "boolean" in types:
        return Kind.BOOLEAN
    if "array" in types:
        return Kind.MULTIPLE
    if schema.get("format") == "date":
        return Kind.DATE
    if "number" in types:
        return Kind.NUMBER
    if "enum" in schema:
        return Kind.CHOICE
    return Kind.TEXT


def _texts(raw: Any, where: str) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        raise TypeError(f"{where}: expected texts per language")
    missing = [lang for lang in LANGUAGES if not str(raw.get(lang, "")).strip()]
    if missing:
        raise ValueError(f"{where}: no text in {missing}")
    return {lang: " ".join(str(raw[lang]).split()) for lang in LANGUAGES}


def _question(raw: Mapping[str, Any]) -> Question:
    path = raw["field"]
    schema = field_schema(path)
    kind = kind_of(schema)
    values = schema.get("items", schema).get("enum") if kind is not Kind.DATE else None
    values = [value for value in values or [] if value is not None]
    raw_options = raw.get("options") or {}
    if sorted(raw_options) != sorted(values):
        raise ValueError(f"{path}: options {sorted(raw_options)} are not the schema's {values}")
    options = tuple(
        Option(
            value=value,
            label=_texts(raw_options[value], f"{path} option {value}"),
            when=raw_options[value].get("when"),
        )
        for value in values
    )
    return Question(
        field=path,
        kind=kind,
        label=_texts(raw.get("label"), f"{path} label"),
        help=_texts(raw.get("help"), f"{path} help"),
        when=raw.get("when"),
        options=options,
        default=schema.get("default"),
    )


def check(questionnaire: Questionnaire) -> None:
    """Every facts field has exactly one question; conditions look only backwards."""
    asked = [question.field for question in questionnaire.questions()]
    fields = facts_fields()
    missing = [path for path in fields if path not in asked]
    unknown = [path for path in asked if path not in fields]
    twice = sorted({path for path in asked if asked.count(path) > 1})
    if missing or unknown or twice:
        raise ValueError(f"questions missing for {missing}, unknown {unknown}, twice {twice}")
    seen: set[str] = set()
    for section in questionnaire.sections:
        for path in condition_paths(section.when):
            if path not in seen:
                raise ValueError(f"section {section.id} depends on {path}, not asked before")
        for question in section.questions:
            conditions = [question.when, *(option.when for option in question.options)]
            for path in (p for condition in conditions for p in condition_paths(condition)):
                if path not in seen:
                    raise ValueError(f"{question.field} depends on {path}, not asked before")
            seen.add(question.field)


@cache
def load_questionnaire() -> Questionnaire:
    raw = load_yaml(QUESTIONNAIRE_FILE.read_text(encoding="utf-8"))
    sections = tuple(
        Section(
            id=entry["id"],
            title=_texts(entry.get("title"), f"section {entry['id']} title"),
            intro=_texts(entry.get("intro"), f"section {entry['id']} intro"),
            questions=tuple(_question(question) for question in entry["questions"]),
            when=entry.get("when"),
        )
        for entry in raw["sections"]
    )
    questionnaire = Questionnaire(sections)
    check(questionnaire)
    return questionnaire


# --- Relevance, answers and the facts document -----------------------------------------------


def relevant_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers to questions that are relevant given the answers before them, in order.

    Answers given to the version 1 questions (a link or a saved questionnaire from before facts
    schema 2) are read as their version 2 questions."""
    answers = upgrade_answers(answers)
    kept: dict[str, Any] = {}
    for section in load_questionnaire().sections:
        if not holds(kept, section.when):
            continue
        for question in section.questions:
            if question.field in answers and holds(kept, question.when):
                value = _still_offered(question, answers[question.field], kept)
                if value is not None:
                    kept[question.field] = value
    return kept


def _still_offered(question: Question, value: Any, kept: Mapping[str, Any]) -> Any:
    """The answer, less any choice that an earlier answer no longer offers."""
    if not any(option.when is not None for option in question.options):
        return value
    offered = {option.value for option in question.options if holds(kept, option.when)}
    if isinstance(value, list):
        return [item for item in value if item in offered]
    return value if value in offered else None


def relevant_sections(answers: Mapping[str, Any]) -> list[Section]:
    kept = relevant_answers(answers)
    return [s for s in load_questionnaire().sections if holds(_before(kept, s), s.when)]


def _before(kept: Mapping[str, Any], section: Section) -> dict[str, Any]:
    """The relevant answers given before `section` (its own and later ones left out)."""
    order = [q.field for s in load_questionnaire().sections for q in s.questions]
    first = order.index(section.questions[0].field)
    return {path: value for path, value in kept.items() if order.index(path) < first}


def visible_questions(section: Section, answers: Mapping[str, Any]) -> list[Question]:
    """The questions of a section that the answers so far make relevant."""
    kept = relevant_answers(answers)
    values = _before(kept, section)
    shown = []
    for question in section.questions:
        if holds(values, question.when):
            shown.append(question)
            if question.field in kept:
                values[question.field] = kept[question.field]
    return shown


def visible_options(question: Question, answers: Mapping[str, Any]) -> list[Option]:
    kept = relevant_answers(answers)
    return [option for option in question.options if holds(kept, option.when)]


def current_value(question: Question, answers: Mapping[str, Any]) -> Any:
    """The answer given, else the facts' default (what the engine assumes when not answered)."""
    return upgrade_answers(answers).get(question.field, question.default)


def next_section(answers: Mapping[str, Any], after: str | None) -> Section | None:
    sections = relevant_sections(answers)
    if after is None:
        return sections[0] if sections else None
    order = [s.id for s in load_questionnaire().sections]
    return next((s for s in sections if order.index(s.id) > order.index(after)), None)


def previous_section(answers: Mapping[str, Any], before: str) -> Section | None:
    order = [s.id for s in load_questionnaire().sections]
    earlier = [s for s in relevant_sections(answers) if order.index(s.id) < order.index(before)]
    return earlier[-1] if earlier else None


def _parse(question: Question, raw: Sequence[str], allowed: set[str]) -> Any:  # noqa: PLR0911, PLR0912
    text = raw[0].strip() if raw else ""
    if question.kind is Kind.BOOLEAN:
        if text not in {"yes", "no"}:
            return question.default
        return text == "yes"
    if question.kind is Kind.MULTIPLE:
        chosen = [value for value in dict.fromkeys(raw) if value]
        if any(value not in allowed for value in chosen):
            raise ValueError(N_("Choose among the options shown."))
        return chosen
    if not text:
        return None
    if question.kind is Kind.CHOICE:
        if text not in allowed:
            raise ValueError(N_("Choose among the options shown."))
        return text
    if question.kind is Kind.DATE:
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError(N_("Give a date as YYYY-MM-DD.")) from None
    if question.kind is Kind.NUMBER:
        try:
            number = float(text.replace(" ", "").replace("\u202f", "").replace(",", "."))
        except ValueError:
            raise ValueError(N_("Give a number, e.g. 2500000 or 3e24.")) from None
        if number < 0 or not math.isfinite(number):
            raise ValueError(N_("Give a number, e.g. 2500000 or 3e24."))
        return number
    if len(text) > MAX_TEXT:
        raise ValueError(N_("Give at most 200 characters."))
    return text


def answer_section(
    answers: Mapping[str, Any], section_id: str, form: Mapping[str, Sequence[str]]
) -> dict[str, Any]:
    """The answers with a section's posted form applied to the questions it showed.

    Raises ValidationError (per form field name) when a value is not valid; nothing is applied
    then.
    """
    section = load_questionnaire().section(section_id)
    if section is None:
        raise ValidationError.single("section", N_("There is no such section."))
    updated = upgrade_answers(answers)
    errors: dict[str, Message] = {}
    for question in visible_questions(section, answers):
        allowed = {option.value for option in visible_options(question, answers)}
        try:
            value = _parse(question, form.get(question.name, ()), allowed)
        except ValueError as error:
            errors[question.name] = Message(str(error))
            continue
        if value is None or value == []:
            updated.pop(question.field, None)
        else:
            updated[question.field] = value
    if errors:
        raise ValidationError(errors)
    return updated


def facts_document(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The facts document the relevant answers describe (JSON, as `balise aiact classify` reads)."""
    document: dict[str, Any] = {"schema_version": FACTS_SCHEMA_VERSION}
    for path, value in relevant_answers(answers).items():
        *groups, name = path.split(".")
        node = document
        for group in groups:
            node = node.setdefault(group, {})
        node[name] = value
    return document


def answers_from_document(document: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """The flat answers of a facts document (to resume a questionnaire from stored facts)."""
    flat: dict[str, Any] = {}
    for key, value in document.items():
        if not prefix and key == "schema_version":
            continue
        if isinstance(value, Mapping):
            flat.update(answers_from_document(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def check_law(law: str | None) -> str | None:
    if law in (None, ""):
        return None
    if law not in LAW_IDS:
        raise ValidationError(
            {"law": Message(N_("Choose one of: %(allowed)s."), {"allowed": ", ".join(LAW_IDS)})}
        )
    return law
