"""A bulk change's prepared events are sealed exactly as the events themselves would be."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from balise.domain.audit_log.chain import (
    GENESIS,
    NewEvent,
    canonical_json,
    prepare,
    seal,
    seal_prepared,
)
from balise.domain.audit_log.keys import ChainKey

AT = datetime(2026, 12, 3, 12, 30, 5, 120, tzinfo=UTC)
KEY = ChainKey.from_text("a test key of at least thirty-two characters, surely")

STATES: list[dict[str, Any] | None] = [
    None,
    {},
    {"slug": "détection-fraude", "fields": {"name": {"nl": "Opsporing", "fr": "Détection"}}},
    {"tags": ["a", "b"], "version": 3, "ratio": 0.25, "ok": True, "nothing": None},
    {"quote": 'say "hi"\n\tand \\ leave', "emoji": "🌍", "z": 1, "a": {"y": [1, {"b": 2}]}},
]


@pytest.mark.parametrize("key", [KEY, None], ids=["keyed", "legacy"])
@pytest.mark.parametrize("before", STATES)
@pytest.mark.parametrize("after", STATES[1:])
def test_a_prepared_event_has_the_seal_of_the_event(
    key: ChainKey | None, before: dict[str, Any] | None, after: dict[str, Any]
) -> None:
    event = NewEvent("system.updated", "system", "", before, after)
    prepared = prepare(event).with_entity("4127")
    expected = seal(
        seq=98765,
        occurred_at=AT,
        actor="Émilie <emilie@example.be>",
        event_type="system.updated",
        entity_type="system",
        entity_id="4127",
        before=before,
        after=after,
        prev_hash=GENESIS,
        key=key,
    )
    assert expected == seal_prepared(
        prepared,
        seq=98765,
        occurred_at=canonical_json(AT.isoformat(timespec="microseconds")),
        actor=canonical_json("Émilie <emilie@example.be>"),
        prev_hash=GENESIS,
        key=key,
    )


@pytest.mark.parametrize(
    "entity_id", ["1", "org-ä", 'a"b', "back\\slash", "tab\there", "del\x7f", "nul\x00", "é"]
)
def test_any_entity_id_is_sealed_alike(entity_id: str) -> None:
    event = NewEvent("x.changed", "thing", entity_id, None, {"a": 1})
    expected = seal(
        seq=1,
        occurred_at=AT,
        actor="a",
        event_type="x.changed",
        entity_type="thing",
        entity_id=entity_id,
        before=None,
        after={"a": 1},
        prev_hash=GENESIS,
        key=KEY,
    )
    prepared = seal_prepared(
        prepare(event),
        seq=1,
        occurred_at=canonical_json(AT.isoformat(timespec="microseconds")),
        actor=canonical_json("a"),
        prev_hash=GENESIS,
        key=KEY,
    )
    assert prepared == expected
