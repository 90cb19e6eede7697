"""What Balise keeps of the classifier's work: questionnaires in progress and stored results.

A stored classification is immutable: it keeps the facts, the law version, the rule-set version,
the evaluation date and the result as they were. Re-running it with the current rules gives a new
result; `compare_results` says what changed. The facts stay the document the user gave (sparse:
an absent field keeps its default), as the published schema describes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from balise.domain.aiact.result import Classification, Obligation


@dataclass(frozen=True)
class SavedQuestionnaire:
    """A signed-in user's questionnaire in progress, kept so that they can come back to it."""

    owner_id: int
    answers: Mapping[str, Any]
    section: str
    created_at: dt.datetime
    updated_at: dt.datetime
    law: str | None = None
    id: int | None = None

    @property
    def name(self) -> str:
        return str(self.answers.get("system.name") or "")


@dataclass(frozen=True)
class StoredClassification:
    """A classification attached to a register record, as it was computed."""

    system_id: int
    facts: Mapping[str, Any]
    law: str
    law_requested: str | None
    ruleset_version: str
    evaluation_date: dt.date
    result: Classification
    created_by: int | None
    created_by_label: str
    created_at: dt.datetime
    id: int | None = None
    questionnaire_id: int | None = None  # the saved questionnaire it came from, if any

    @property
    def categories(self) -> list[str]:
        return [category.value for category in self.result.categories]

    @property
    def annex_iii_points(self) -> tuple[str, ...]:
        """The Annex III points of this classification (e.g. ("1(a)", "4(b)")), whatever the
        version it was stored with; empty when the system falls under none."""
        return self.result.annex_iii_points

    def to_json(self) -> dict[str, Any]:
        """The document the record's classification page (`.json`) and the API publish."""
        return {
            "id": self.id,
            "law": self.law,
            "law_requested": self.law_requested,
            "ruleset_version": self.ruleset_version,
            "evaluation_date": self.evaluation_date.isoformat(),
            "created_by": self.created_by_label,
            "created_at": self.created_at.isoformat(),
            "annex_iii_points": list(self.annex_iii_points),
            "facts": dict(self.facts),
            "result": self.result.to_json(),
        }


@dataclass(frozen=True)
class ObligationChange:
    code: str
    role: str
    article: str
    before: Obligation | None
    after: Obligation | None

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed"

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "role": self.role,
            "article": self.article,
            "change": self.kind,
            "before": _brief(self.before),
            "after": _brief(self.after),
        }


def _brief(obligation: Obligation | None) -> dict[str, Any] | None:
    if obligation is None:
        return None
    document = obligation.to_json()
    return {key: document[key] for key in ("article", "applies_from", "applies", "condition")}


@dataclass(frozen=True)
class ResultChanges:
    """What differs between a stored result and the same facts classified again."""

    law: tuple[str, str]
    ruleset_version: tuple[str, str]
    categories_added: tuple[str, ...]
    categories_removed: tuple[str, ...]
    fria: tuple[bool, bool]
    obligations: tuple[ObligationChange, ...]

    @property
    def any(self) -> bool:
        return bool(
            self.categories_added
            or self.categories_removed
            or self.obligations
            or self.fria[0] != self.fria[1]
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "changed": self.any,
            "law": {"before": self.law[0], "after": self.law[1]},
            "ruleset_version": {
                "before": self.ruleset_version[0],
                "after": self.ruleset_version[1],
            },
            "categories_added": list(self.categories_added),
            "categories_removed": list(self.categories_removed),
            "fria_required": {"before": self.fria[0], "after": self.fria[1]},
            "obligations": [change.to_json() for change in self.obligations],
        }


def _keyed(result: Classification) -> dict[tuple[str, str], Obligation]:
    return {(o.code, o.role): o for o in result.obligations}


def compare_results(
    before: Classification,
    after: Classification,
    *,
    ruleset_before: str,
    ruleset_after: str,
) -> ResultChanges:
    """Categories and the actor's obligations added, removed or changed (dates, articles)."""
    old, new = _keyed(before), _keyed(after)
    changes = []
    for key in [*old, *(k for k in new if k not in old)]:
        was, now = old.get(key), new.get(key)
        if was is not None and now is not None and _brief(was) == _brief(now):
            continue
        either = now if now is not None else was
        assert either is not None
        changes.append(ObligationChange(key[0], key[1], either.article, was, now))
    old_categories = [c.value for c in before.categories]
    new_categories = [c.value for c in after.categories]
    return ResultChanges(
        law=(before.law, after.law),
        ruleset_version=(ruleset_before, ruleset_after),
        categories_added=tuple(c for c in new_categories if c not in old_categories),
        categories_removed=tuple(c for c in old_categories if c not in new_categories),
        fria=(before.fria_required, after.fria_required),
        obligations=tuple(changes),
    )
