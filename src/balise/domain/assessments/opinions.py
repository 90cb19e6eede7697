"""Reviewers' comments, the committee's opinion in four languages, and its conditions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import LANGUAGES, N_, Language, LocalizedText, Message
from balise.domain.shared.votes import Tally

MAX_CONDITIONS = 10


class OpinionKind(StrEnum):
    FAVOURABLE = "favourable"
    FAVOURABLE_WITH_CONDITIONS = "favourable_with_conditions"
    UNFAVOURABLE = "unfavourable"


class TranslationStatus(StrEnum):
    MISSING = "missing"
    MACHINE = "machine"
    REVIEWED = "reviewed"
    ORIGINAL = "original"


@dataclass(frozen=True)
class Comment:
    """A reviewer's request for more information on one question."""

    question_id: str
    text: str
    by: str
    at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "question_id": self.question_id,
            "text": self.text,
            "by": self.by,
            "at": self.at.isoformat(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Comment:
        return cls(
            str(data["question_id"]),
            str(data["text"]),
            str(data["by"]),
            datetime.fromisoformat(data["at"]),
        )


@dataclass(frozen=True)
class Condition:
    """A condition of a favourable opinion, tracked to closure with evidence."""

    key: str
    text: LocalizedText
    due: date
    closed_at: datetime | None = None
    evidence: str = ""

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    def overdue(self, today: date) -> bool:
        return not self.closed and self.due < today

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "text": self.text.as_dict(),
            "due": self.due.isoformat(),
            "closed_at": self.closed_at.isoformat() if self.closed_at else None,
            "evidence": self.evidence,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Condition:
        closed = data.get("closed_at")
        return cls(
            key=str(data["key"]),
            text=LocalizedText.from_mapping(data["text"]),
            due=date.fromisoformat(data["due"]),
            closed_at=datetime.fromisoformat(closed) if closed else None,
            evidence=str(data.get("evidence", "")),
        )


@dataclass(frozen=True)
class Opinion:
    kind: OpinionKind
    text: LocalizedText
    translations: Mapping[str, TranslationStatus]
    conditions: tuple[Condition, ...]
    tally: Mapping[str, Any]
    issued_at: datetime
    issued_by: str

    def __post_init__(self) -> None:
        errors: dict[str, Message] = {}
        if self.text.is_empty():
            errors["text_en"] = Message(N_("Write the opinion in at least one language."))
        if self.kind is OpinionKind.FAVOURABLE_WITH_CONDITIONS and not self.conditions:
            errors["conditions"] = Message(N_("Give at least one condition."))
        if self.kind is not OpinionKind.FAVOURABLE_WITH_CONDITIONS and self.conditions:
            errors["conditions"] = Message(
                N_("Only a favourable opinion with conditions has them.")
            )
        if errors:
            raise ValidationError(errors)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "text": self.text.as_dict(),
            "translations": {k: v.value for k, v in self.translations.items()},
            "conditions": [c.to_json() for c in self.conditions],
            "tally": dict(self.tally),
            "issued_at": self.issued_at.isoformat(),
            "issued_by": self.issued_by,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Opinion:
        return cls(
            kind=OpinionKind(data["kind"]),
            text=LocalizedText.from_mapping(data["text"]),
            translations={k: TranslationStatus(v) for k, v in data["translations"].items()},
            conditions=tuple(Condition.from_json(c) for c in data.get("conditions", [])),
            tally=dict(data.get("tally") or {}),
            issued_at=datetime.fromisoformat(data["issued_at"]),
            issued_by=str(data["issued_by"]),
        )


def translation_statuses(
    text: LocalizedText, original: Language, machine: Iterable[str] = ()
) -> dict[str, TranslationStatus]:
    """Per language: the original, a reviewed or machine translation, or missing."""
    marked = set(machine)
    result = {}
    for language in LANGUAGES:
        if not getattr(text, language.value):
            result[language.value] = TranslationStatus.MISSING
        elif language is original:
            result[language.value] = TranslationStatus.ORIGINAL
        elif language.value in marked:
            result[language.value] = TranslationStatus.MACHINE
        else:
            result[language.value] = TranslationStatus.REVIEWED
    return result


def _conditions(
    rows: Sequence[tuple[Mapping[str, str], str]], original: Language, errors: dict[str, Message]
) -> list[Condition]:
    """The conditions of the rows that are not blank; errors per row's field."""
    made: list[Condition] = []
    for number, (texts, raw_due) in enumerate(rows, start=1):
        text = LocalizedText.from_mapping({k: (v or "")[:2000] for k, v in texts.items()})
        due_text = (raw_due or "").strip()
        if text.is_empty() and not due_text:
            continue
        if not getattr(text, original.value):
            errors[f"condition_{number}_{original.value}"] = Message(
                N_("Write the condition in the opinion's original language.")
            )
        due = None
        if not due_text:
            errors[f"condition_{number}_due"] = Message(N_("Give a due date."))
        else:
            try:
                due = date.fromisoformat(due_text)
            except ValueError:
                errors[f"condition_{number}_due"] = Message(N_("Give a date as YYYY-MM-DD."))
        if due is not None and not text.is_empty():
            made.append(Condition(f"c{len(made) + 1}", text, due))
    if len(made) > MAX_CONDITIONS:
        errors["conditions"] = Message(
            N_("At most %(limit)s conditions."), {"limit": MAX_CONDITIONS}
        )
    return made


def _kind_problem(
    kind: OpinionKind, conditions: Sequence[Condition], tally: Tally | None
) -> tuple[str, Message] | None:
    """Whether the kind fits the conditions given and the committee's vote."""
    if tally is not None:
        favourable = tally.votes_for > tally.against
        if not favourable and kind is not OpinionKind.UNFAVOURABLE:
            return "kind", Message(
                N_("The committee voted against: the opinion can only be unfavourable.")
            )
        if favourable and kind is OpinionKind.UNFAVOURABLE:
            return "kind", Message(
                N_("The committee voted for: the opinion cannot be unfavourable.")
            )
    if kind is OpinionKind.FAVOURABLE_WITH_CONDITIONS and not conditions:
        return "conditions", Message(N_("Give at least one condition."))
    if kind is not OpinionKind.FAVOURABLE_WITH_CONDITIONS and conditions:
        return "conditions", Message(N_("Only a favourable opinion with conditions has them."))
    return None


def draft_opinion(
    *,
    kind: str,
    texts: Mapping[str, str],
    original_language: str,
    machine_translated: Iterable[str] = (),
    conditions: Sequence[tuple[Mapping[str, str], str]] = (),
    tally: Tally | None,
    issued_at: datetime,
    issued_by: str,
) -> Opinion:
    """The committee's opinion from what its lead typed, every error at once, per field.

    Conditions are rows numbered from 1 as the form shows them (`condition_<n>_<lang>`,
    `condition_<n>_due`); a row left blank is skipped. Each condition is written at least in the
    opinion's original language and has a due date. The kind must follow the vote: favourable
    (with or without conditions) when more voted for than against, else unfavourable.
    """
    errors: dict[str, Message] = {}
    languages = {lang.value: lang for lang in LANGUAGES}
    original = languages.get(original_language)
    if original is None:
        errors["original_language"] = Message(N_("Languages are fr, nl, de and en."))
        original = Language.EN
    text = LocalizedText.from_mapping({k: (v or "")[:5000] for k, v in texts.items()})
    if not getattr(text, original.value):
        errors[f"text_{original.value}"] = Message(
            N_("Write the opinion in its original language.")
        )
    made = _conditions(conditions, original, errors)
    chosen = next((k for k in OpinionKind if k.value == kind), None)
    if chosen is None:
        errors["kind"] = Message(N_("Choose from the list."))
    elif problem := _kind_problem(chosen, made, tally):
        errors.setdefault(*problem)
    if errors:
        raise ValidationError(errors)
    assert chosen is not None
    return Opinion(
        kind=chosen,
        text=text,
        translations=translation_statuses(text, original, machine_translated),
        conditions=tuple(made),
        tally={},
        issued_at=issued_at,
        issued_by=issued_by,
    )
