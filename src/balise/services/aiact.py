"""Use cases of the AI Act classifier: classify facts, run the questionnaire, store results.

Classification itself is a pure computation on the facts. What is stored: a signed-in user's
questionnaire in progress (only its owner sees it), and classifications attached to register
records (immutable; editors and reviewers of the record's organisation and administrators store
them, whoever may read the record's working copy reads them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any
from zoneinfo import ZoneInfo

from balise.domain.accounts.model import Actor, Scope
from balise.domain.aiact.engine import classify
from balise.domain.aiact.facts import facts_schema, parse_facts
from balise.domain.aiact.questionnaire import check_law, facts_document, load_questionnaire
from balise.domain.aiact.questionnaire_records import (
    ResultChanges,
    SavedQuestionnaire,
    StoredClassification,
    compare_results,
)
from balise.domain.aiact.result import Classification
from balise.domain.aiact.ruleset import LAW_IDS, RULES_DIR, load_rules
from balise.domain.register.model import SystemRecord
from balise.domain.shared.errors import NotFound, ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.services import register
from balise.services.audit_log import record_event
from balise.services.permissions import require_scope
from balise.services.ports import UnitOfWork

NO_SUCH_QUESTIONNAIRE = Message(N_("There is no such questionnaire."))


def today_in_belgium() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Brussels")).date()


def classify_facts(
    document: Any, *, on: dt.date | None = None, law: str | None = None
) -> Classification:
    """Validate the facts and classify them on `on`, else the document's date, else today."""
    if law is not None and law not in LAW_IDS:
        raise ValidationError(
            {"law": Message(N_("Choose one of: %(allowed)s."), {"allowed": ", ".join(LAW_IDS)})}
        )
    facts = parse_facts(document)
    day = on or facts.evaluation_date or today_in_belgium()
    return classify(facts, on=day, law=law)


def classify_answers(
    answers: Mapping[str, Any], *, on: dt.date | None = None, law: str | None = None
) -> tuple[dict[str, Any], Classification]:
    """The facts document the questionnaire's relevant answers make, and its classification."""
    document = facts_document(answers)
    return document, classify_facts(document, on=on, law=law)


def schema() -> dict[str, Any]:
    return facts_schema()


def ruleset_version() -> str:
    """A fingerprint of the rule files shipped: it changes whenever a rule, date or text does."""
    digest = hashlib.sha256()
    for path in sorted(RULES_DIR.glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"sha256:{digest.hexdigest()[:16]}"


def timeline() -> dict[str, Any]:
    """The dates of application of every law version, as data."""
    rules = load_rules()
    return {
        "laws": [
            {
                "law": version.id,
                "title": version.title,
                "in_force_from": version.in_force_from.isoformat(),
                "dates": [
                    {
                        "key": key,
                        "date": date.isoformat() if date else None,
                        "article": article,
                    }
                    for key, (date, article) in version.dates.items()
                ],
            }
            for version in rules.versions.values()
        ]
    }


# --- Questionnaires in progress ------------------------------------------------------------------


def _owner_id(actor: Actor) -> int:
    if actor.user is None or actor.user.id is None:
        raise NotFound(NO_SUCH_QUESTIONNAIRE)
    return actor.user.id


def _questionnaire_view(questionnaire: SavedQuestionnaire) -> dict[str, Any]:
    return {
        "answers": dict(questionnaire.answers),
        "law": questionnaire.law,
        "section": questionnaire.section,
    }


def start_questionnaire(
    uow: UnitOfWork, *, actor: Actor, answers: Mapping[str, Any], law: str | None
) -> SavedQuestionnaire:
    now = uow.clock.now()
    created = uow.aiact_questionnaires.add(
        SavedQuestionnaire(
            owner_id=_owner_id(actor),
            answers=dict(answers),
            law=check_law(law),
            section=load_questionnaire().sections[0].id,
            created_at=now,
            updated_at=now,
        )
    )
    record_event(
        uow,
        actor=actor,
        event_type="aiact_questionnaire.created",
        entity_type="aiact_questionnaire",
        entity_id=created.id,
        after=_questionnaire_view(created),
    )
    return created


def questionnaire_of(uow: UnitOfWork, actor: Actor, questionnaire_id: int) -> SavedQuestionnaire:
    """A saved questionnaire, for its owner only (others are told it does not exist)."""
    found = uow.aiact_questionnaires.get(questionnaire_id)
    if found is None or found.owner_id != _owner_id(actor):
        raise NotFound(NO_SUCH_QUESTIONNAIRE)
    return found


def list_questionnaires(uow: UnitOfWork, *, actor: Actor) -> list[SavedQuestionnaire]:
    return uow.aiact_questionnaires.list_for_owner(_owner_id(actor))


def save_questionnaire(
    uow: UnitOfWork,
    *,
    actor: Actor,
    questionnaire_id: int,
    answers: Mapping[str, Any],
    section: str,
    law: str | None,
) -> SavedQuestionnaire:
    current = questionnaire_of(uow, actor, questionnaire_id)
    changed = replace(current, answers=dict(answers), section=section, law=check_law(law))
    if (changed.answers, changed.section, changed.law) == (
        current.answers,
        current.section,
        current.law,
    ):
        return current
    saved = uow.aiact_questionnaires.update(replace(changed, updated_at=uow.clock.now()))
    record_event(
        uow,
        actor=actor,
        event_type="aiact_questionnaire.saved",
        entity_type="aiact_questionnaire",
        entity_id=questionnaire_id,
        before=_questionnaire_view(current),
        after=_questionnaire_view(saved),
    )
    return saved


def delete_questionnaire(uow: UnitOfWork, *, actor: Actor, questionnaire_id: int) -> None:
    current = questionnaire_of(uow, actor, questionnaire_id)
    uow.aiact_questionnaires.remove(questionnaire_id)
    record_event(
        uow,
        actor=actor,
        event_type="aiact_questionnaire.deleted",
        entity_type="aiact_questionnaire",
        entity_id=questionnaire_id,
        before=_questionnaire_view(current),
    )


# --- Classifications stored on register records ----------------------------------------------


def store_classification(
    uow: UnitOfWork,
    *,
    actor: Actor,
    slug: str,
    facts: Mapping[str, Any],
    on: dt.date | None = None,
    law: str | None = None,
) -> StoredClassification:
    """Classify the facts and keep the result on the record; copy its categories onto it."""
    record = register.system_for_update(uow, actor, slug)
    require_scope(actor, Scope.SYSTEMS_WRITE)
    assert record.id is not None
    facts = json.loads(json.dumps(dict(facts), default=str))  # YAML dates as ISO strings
    result = classify_facts(dict(facts), on=on, law=check_law(law))
    stored = uow.aiact_classifications.add(
        StoredClassification(
            system_id=record.id,
            facts=dict(facts),
            law=result.law,
            law_requested=law or None,
            ruleset_version=ruleset_version(),
            evaluation_date=result.evaluation_date,
            result=result.as_dict(),
            created_by=actor.user.id if actor.user is not None else None,
            created_by_label=actor.display(),
            created_at=uow.clock.now(),
        )
    )
    record_event(
        uow,
        actor=actor,
        event_type="aiact_classification.stored",
        entity_type="aiact_classification",
        entity_id=stored.id,
        after={
            "system": record.slug,
            "law": stored.law,
            "ruleset_version": stored.ruleset_version,
            "evaluation_date": stored.evaluation_date.isoformat(),
            "categories": stored.categories,
        },
    )
    register.note_classification(
        uow, actor=actor, system_id=record.id, categories=stored.categories
    )
    return stored


def classifications_of(
    uow: UnitOfWork, *, actor: Actor, slug: str
) -> tuple[SystemRecord, list[StoredClassification]]:
    """A record and its stored classifications, newest first, for readers of its working copy."""
    record = register.system_for_reading(uow, actor, slug)
    assert record.id is not None
    return record, uow.aiact_classifications.list_for_system(record.id)


@dataclass(frozen=True)
class Rerun:
    stored: StoredClassification
    result: Classification
    ruleset_version: str
    changes: ResultChanges


def rerun_classification(stored: StoredClassification, *, on: dt.date | None = None) -> Rerun:
    """The stored facts classified again with the current rules (same date and law asked)."""
    result = classify_facts(
        dict(stored.facts), on=on or stored.evaluation_date, law=stored.law_requested
    )
    version = ruleset_version()
    changes = compare_results(
        stored.result,
        result.as_dict(),
        ruleset_before=stored.ruleset_version,
        ruleset_after=version,
    )
    return Rerun(stored, result, version, changes)
