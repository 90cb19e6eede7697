"""Answers to a template's questions, checked per question."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from balise.domain.assessments.catalogue import SCALE, AnswerType, Template
from balise.domain.assessments.fields import MAX_TEXT
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Message


@dataclass(frozen=True)
class Answer:
    """One question's answer; `source` says where it came from (typed, prefill:..., reused:...)."""

    question_id: str
    value: str
    source: str = "typed"

    def to_json(self) -> dict[str, Any]:
        return {"question_id": self.question_id, "value": self.value, "source": self.source}


def parse_answers(template: Template, raw: Mapping[str, str]) -> dict[str, Answer]:
    """Check the answers given for a template's questions; errors per question, all at once."""
    answers: dict[str, Answer] = {}
    errors: dict[str, Message] = {}
    for question_id, given in raw.items():
        question = template.question(question_id)
        if question is None:
            errors[question_id] = Message(
                N_("There is no question called %(name)s."), {"name": question_id}
            )
            continue
        value = str(given or "").strip()
        if not value:
            continue
        if len(value) > MAX_TEXT:
            errors[question_id] = Message(N_("At most %(limit)s characters."), {"limit": MAX_TEXT})
        elif question.type is AnswerType.CHOICE and value not in {
            o.value for o in question.choices
        }:
            errors[question_id] = Message(N_("Choose from the list."))
        elif question.type is AnswerType.SCALE and value not in {str(n) for n in SCALE}:
            errors[question_id] = Message(N_("Choose a level from 1 to 4."))
        elif question.type is AnswerType.EVIDENCE and not value.startswith(
            ("https://", "http://", "/")
        ):
            errors[question_id] = Message(N_("A web address starts with https:// or http://."))
        else:
            answers[question_id] = Answer(question_id, value)
    if errors:
        raise ValidationError(errors)
    return answers
