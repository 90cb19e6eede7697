"""Parsing the assessment forms into service inputs."""

from __future__ import annotations

from collections.abc import Mapping

from balise.domain.assessments.model import MAX_CONDITIONS
from balise.domain.shared.i18n import LANGUAGES
from balise.services.assessments import OpinionDraft

CONDITION_ROWS = 3  # rows the opinion form shows at first; "more rows" adds ROWS_MORE
ROWS_MORE = 2


def answers_of(form: Mapping[str, str], question_ids: list[str]) -> dict[str, str]:
    """The answers of a section's questions, as typed (empty ones clear the answer)."""
    return {qid: form.get(f"q-{qid}", "") for qid in question_ids}


def texts_of(form: Mapping[str, str], prefix: str) -> dict[str, str]:
    return {lang.value: form.get(f"{prefix}_{lang.value}", "") for lang in LANGUAGES}


def comments_of(form: Mapping[str, str]) -> dict[str, str]:
    return {
        key[len("comment-") :]: value for key, value in form.items() if key.startswith("comment-")
    }


def _condition_row(form: Mapping[str, str], number: int) -> tuple[dict[str, str], str]:
    return texts_of(form, f"condition_{number}"), form.get(f"condition_{number}_due", "")


def _last_filled_row(form: Mapping[str, str]) -> int:
    last = 0
    for number in range(1, MAX_CONDITIONS + 1):
        texts, due = _condition_row(form, number)
        if any(v.strip() for v in texts.values()) or due.strip():
            last = number
    return last


def condition_rows(form: Mapping[str, str]) -> int:
    """How many condition rows the opinion form shows: the filled ones, at least CONDITION_ROWS,
    and ROWS_MORE more when the lead asked for more rows."""
    rows = max(CONDITION_ROWS, _last_filled_row(form))
    if form.get("more_conditions"):
        rows += ROWS_MORE
    return min(rows, MAX_CONDITIONS)


def opinion_of(form: Mapping[str, str]) -> OpinionDraft:
    """The opinion and every condition row up to the last one filled, numbered as on the form
    (so that an error names the row it is about; blank rows are skipped by the domain)."""
    return OpinionDraft(
        kind=form.get("kind", ""),
        texts=texts_of(form, "text"),
        original_language=form.get("original_language", ""),
        machine_translated=[
            lang.value for lang in LANGUAGES if form.get(f"machine_{lang.value}") == "1"
        ],
        conditions=[_condition_row(form, n) for n in range(1, _last_filled_row(form) + 1)],
    )
