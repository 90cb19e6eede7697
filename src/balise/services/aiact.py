"""Use cases of the AI Act classifier: run the questionnaire, store results on records.

Classification itself is a pure computation on the facts (`domain/aiact/classifier.py`, re-exported
here for the web). What is stored: a signed-in user's questionnaire in progress (only its owner
sees it), and classifications attached to register records (immutable; editors and reviewers of
the record's organisation and administrators store them, whoever may read the record's working
copy reads them). Who may do what is decided in `services/permissions.py` (`# --- aiact ---`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from balise.domain.accounts.model import Actor, Scope
from balise.domain.aiact.classifier import (
    classify_answers,
    classify_facts,
    ruleset_version,
    timeline,
    today_in_belgium,
)
from balise.domain.aiact.facts_schema import facts_schema
from balise.domain.aiact.facts_versions import FACTS_SCHEMA_VERSION, FactsUpgrade, upgrade_facts
from balise.domain.aiact.questionnaire import check_law, load_questionnaire
from balise.domain.aiact.questionnaire_records import (
    ResultChanges,
    SavedQuestionnaire,
    StoredClassification,
    compare_results,
)
from balise.domain.aiact.result import Classification
from balise.domain.register.model import SystemRecord
from balise.domain.shared.errors import NotFound
from balise.domain.shared.i18n import N_, Message
from balise.services import permissions, register
from balise.services.audit_log import record_event
from balise.services.permissions import NO_SUCH_QUESTIONNAIRE, require, require_scope
from balise.services.ports import UnitOfWork

__all__ = [
    "FACTS_SCHEMA_VERSION",
    "FactsUpgrade",
    "Rerun",
    "annex_iii_points",
    "classify_answers",
    "classify_facts",
    "delete_questionnaire",
    "get_questionnaire",
    "list_classifications",
    "list_questionnaires",
    "records_for_classification",
    "records_of_questionnaire",
    "rerun_classification",
    "ruleset_version",
    "save_questionnaire",
    "schema",
    "start_questionnaire",
    "store_classification",
    "store_latest_again",
    "timeline",
    "today_in_belgium",
    "upgrade_facts",
]

NO_CLASSIFICATION_YET = Message(N_("This record has no stored classification yet."))


def schema() -> dict[str, Any]:
    """The published JSON Schema of facts documents."""
    return facts_schema()


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


def get_questionnaire(
    uow: UnitOfWork, *, actor: Actor, questionnaire_id: int
) -> SavedQuestionnaire:
    """A saved questionnaire, for its owner only (others are told it does not exist)."""
    return permissions.access_questionnaire(uow, actor, questionnaire_id)


def list_questionnaires(uow: UnitOfWork, *, actor: Actor) -> list[SavedQuestionnaire]:
    """The actor's own saved questionnaires, the most recently changed first."""
    found = uow.aiact_questionnaires.list_for_owner(_owner_id(actor))
    return [q for q in found if permissions.can_see_questionnaire(actor, q)]


def save_questionnaire(
    uow: UnitOfWork,
    *,
    actor: Actor,
    questionnaire_id: int,
    answers: Mapping[str, Any],
    section: str,
    law: str | None,
) -> SavedQuestionnaire:
    current = get_questionnaire(uow, actor=actor, questionnaire_id=questionnaire_id)
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
    current = get_questionnaire(uow, actor=actor, questionnaire_id=questionnaire_id)
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


def records_for_classification(uow: UnitOfWork, *, actor: Actor) -> list[SystemRecord]:
    """The records the actor may attach a result to: their organisation's, if they may store."""
    if actor.user is None or actor.user.organisation_id is None:
        return []
    organisation_id = actor.user.organisation_id
    if not permissions.can_store_classification(actor, organisation_id):
        return []
    return register.systems_of(uow, actor=actor, organisation_id=organisation_id)


def store_classification(
    uow: UnitOfWork,
    *,
    actor: Actor,
    slug: str,
    facts: Mapping[str, Any],
    on: dt.date | None = None,
    law: str | None = None,
    complete: bool = True,
    questionnaire_id: int | None = None,
) -> StoredClassification:
    """Classify the facts and keep the result on the record; copy its categories onto it.

    New facts must state what is needed to classify (`complete`); facts stored before that rule
    are classified again as they are."""
    record = register.system_for_reading(uow, actor, slug)
    require_scope(actor, Scope.SYSTEMS_WRITE)
    require(permissions.can_store_classification(actor, record.organisation_id))
    assert record.id is not None
    if questionnaire_id is not None:  # only the actor's own questionnaire
        get_questionnaire(uow, actor=actor, questionnaire_id=questionnaire_id)
    facts = json.loads(json.dumps(dict(facts), default=str))  # YAML dates as ISO strings
    result = classify_facts(dict(facts), on=on, law=check_law(law), complete=complete)
    facts = upgrade_facts(facts).document  # stored in the current facts schema version
    stored = uow.aiact_classifications.add(
        StoredClassification(
            system_id=record.id,
            facts=dict(facts),
            law=result.law,
            law_requested=law or None,
            ruleset_version=ruleset_version(),
            evaluation_date=result.evaluation_date,
            result=result,
            created_by=actor.user.id if actor.user is not None else None,
            created_by_label=actor.display(),
            created_at=uow.clock.now(),
            questionnaire_id=questionnaire_id,
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
            "annex_iii_points": list(stored.annex_iii_points),
        },
    )
    register.note_classification(
        uow, actor=actor, system_id=record.id, categories=stored.categories
    )
    return stored


def annex_iii_points(stored: StoredClassification) -> tuple[str, ...]:
    """The Annex III points of a stored classification (e.g. ("1(a)", "4(b)")), whatever the
    version of its result; empty when the system falls under none."""
    return stored.annex_iii_points


def records_of_questionnaire(
    uow: UnitOfWork, *, actor: Actor, questionnaire_id: int
) -> list[SystemRecord]:
    """The records a saved questionnaire's results were stored on, that the actor may read."""
    get_questionnaire(uow, actor=actor, questionnaire_id=questionnaire_id)
    found: dict[int, SystemRecord] = {}
    for stored in uow.aiact_classifications.list_for_questionnaire(questionnaire_id):
        record = uow.systems.get(stored.system_id)
        if record is not None and permissions.can_read_classifications(
            actor, record.organisation_id
        ):
            found.setdefault(stored.system_id, record)
    return list(found.values())


def list_classifications(
    uow: UnitOfWork, *, actor: Actor, slug: str
) -> tuple[SystemRecord, list[StoredClassification]]:
    """A record and its stored classifications, newest first, for readers of its working copy."""
    record = register.system_for_reading(uow, actor, slug)
    require(permissions.can_read_classifications(actor, record.organisation_id))
    assert record.id is not None
    return record, uow.aiact_classifications.list_for_system(record.id)


def store_latest_again(uow: UnitOfWork, *, actor: Actor, slug: str) -> StoredClassification:
    """Store the latest stored facts again, classified with the current rules."""
    _record, found = list_classifications(uow, actor=actor, slug=slug)
    if not found:
        raise NotFound(NO_CLASSIFICATION_YET)
    latest = found[0]
    return store_classification(
        uow,
        actor=actor,
        slug=slug,
        facts=latest.facts,
        on=latest.evaluation_date,
        law=latest.law_requested,
        complete=False,
    )


@dataclass(frozen=True)
class Rerun:
    stored: StoredClassification
    result: Classification
    ruleset_version: str
    changes: ResultChanges


def rerun_classification(stored: StoredClassification, *, on: dt.date | None = None) -> Rerun:
    """The stored facts classified again with the current rules (same date and law asked)."""
    result = classify_facts(
        dict(stored.facts),
        on=on or stored.evaluation_date,
        law=stored.law_requested,
        complete=False,
    )
    version = ruleset_version()
    changes = compare_results(
        stored.result, result, ruleset_before=stored.ruleset_version, ruleset_after=version
    )
    return Rerun(stored, result, version, changes)
