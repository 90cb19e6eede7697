"""Parsing the assessment forms into service inputs."""

from __future__ import annotations

from collections.abc import Mapping

from balise.domain.shared.i18n import LANGUAGES
from balise.services.assessments import OpinionDraft

MAX_CONDITIONS = 5


def answers_of(form: Mapping[str, str], question_ids: list[str]) -> dict[str, str]:
    """The answers of a section's questions, as typed (empty ones clear the answer)."""
    return {qid: form.get(f"q-{qid}", "") for qid in question_ids}


def texts_of(form: Mapping[str, str], prefix: str) -> dict[str, str]:
    return {lang.value: form.get(f"{prefix}_{lang.value}", "") for lang in LANGUAGES}


def comments_of(form: Mapping[str, str]) -> dict[str, str]:
    return {
        key[len("comment-") :]: value for key, value in form.items() if key.startswith("comment-")
    }


def opinion_of(form: Mapping[str, str]) -> OpinionDraft:
    conditions = [
        (texts_of(form, f"condition_{n}"), form.get(f"condition_{n}_due", ""))
        for n in range(1, MAX_CONDITIONS + 1)
    ]
    return OpinionDraft(
        kind=form.get("kind", ""),
        texts=texts_of(form, "text"),
        original_language=form.get("original_language", ""),
        machine_translated=[
            lang.value for lang in LANGUAGES if form.get(f"machine_{lang.value}") == "1"
        ],
        conditions=[(texts, due) for texts, due in conditions if any(texts.values())],
    )
