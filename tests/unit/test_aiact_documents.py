"""Classification results as typed documents, and who may store and see the classifier's work."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from aiact_support import deployer, run

from balise.domain.accounts.model import Actor, Role, User
from balise.domain.aiact.questionnaire_records import SavedQuestionnaire, compare_results
from balise.domain.aiact.result import SCHEMA_VERSION, Classification
from balise.services import permissions

HIGH_RISK = deployer({"public_body": True}, annex_iii={"point": "5(a)"})
NOW = dt.datetime(2026, 11, 22, 10, tzinfo=dt.UTC)


def test_a_result_survives_json_both_published_and_stored() -> None:
    result = run(HIGH_RISK)
    published = json.loads(json.dumps(result.to_json()))
    assert "schema_version" not in published
    assert Classification.from_json(published) == result
    stored = json.loads(json.dumps(result.to_stored_json()))
    assert stored["schema_version"] == SCHEMA_VERSION
    assert Classification.from_json(stored) == result
    assert Classification.from_json(stored).to_json() == result.to_json()


def test_a_stored_result_of_an_unknown_version_is_refused() -> None:
    stored = {**run(HIGH_RISK).to_stored_json(), "schema_version": SCHEMA_VERSION + 1}
    with pytest.raises(ValueError, match="schema_version"):
        Classification.from_json(stored)


def test_a_version_1_result_keeps_its_version_and_shape() -> None:
    current = run(HIGH_RISK).to_stored_json()
    old = {
        k: v
        for k, v in current.items()
        if k not in {"fria_required_of_deployer", "regimes_applicable_on", "annex_iii_points"}
    }
    old["schema_version"] = 1
    read = Classification.from_json(old)
    assert read.schema_version == 1
    assert read.to_stored_json() == old
    assert "regimes_applicable_on" not in read.to_json()
    unversioned = {k: v for k, v in old.items() if k != "schema_version"}
    assert Classification.from_json(unversioned).schema_version == 1
    assert Classification.from_json(current).schema_version == SCHEMA_VERSION == 3
    # The Annex III points of an older result come from its legal basis, which named them.
    assert read.annex_iii_points == Classification.from_json(current).annex_iii_points != ()


def test_comparing_typed_results_names_what_changed() -> None:
    now, then = run(HIGH_RISK), run(HIGH_RISK, law="2024")
    changes = compare_results(then, now, ruleset_before="a", ruleset_after="b")
    assert changes.law == ("2024", "2026")
    fria = next(change for change in changes.obligations if change.code == "fria")
    assert fria.kind == "changed"
    assert fria.to_json()["before"]["applies_from"] == "2026-08-02"
    assert compare_results(now, now, ruleset_before="a", ruleset_after="a").any is False


def actor(role: Role, organisation_id: int | None = 1, user_id: int = 7) -> Actor:
    user = User(
        email=f"{role.value}@balise.test",
        display_name=role.value,
        role=role,
        organisation_id=organisation_id,
        id=user_id,
    )
    return Actor(user=user)


@pytest.mark.parametrize(
    ("who", "stores", "reads"),
    [
        (actor(Role.ADMIN, None), True, True),
        (actor(Role.EDITOR), True, True),
        (actor(Role.REVIEWER), True, True),
        (actor(Role.EDITOR, organisation_id=2), False, False),
        (actor(Role.REGULATOR, None), False, True),
        (Actor(), False, False),
    ],
    ids=["admin", "editor", "reviewer", "other-editor", "regulator", "public"],
)
def test_who_stores_and_reads_an_organisations_classifications(
    who: Actor, stores: bool, reads: bool
) -> None:
    assert permissions.can_store_classification(who, 1) is stores
    assert permissions.can_read_classifications(who, 1) is reads


def test_a_saved_questionnaire_is_seen_by_its_owner_only() -> None:
    saved = SavedQuestionnaire(
        owner_id=7, answers={}, section="system", created_at=NOW, updated_at=NOW
    )
    assert permissions.can_see_questionnaire(actor(Role.EDITOR, user_id=7), saved)
    assert not permissions.can_see_questionnaire(actor(Role.ADMIN, None, user_id=8), saved)
    assert not permissions.can_see_questionnaire(Actor(), saved)
