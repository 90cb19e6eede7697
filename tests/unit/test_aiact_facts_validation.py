"""Checking a facts document: the compiled schema first, `jsonschema` for every error at once."""

from __future__ import annotations

import pytest

from balise.domain.aiact.facts_schema import _passes_fast_check, parse_facts
from balise.domain.shared.errors import ValidationError

VALID = {
    "actor": {"roles": ["deployer"]},
    "system": {"kind": "ai_system"},
}


def test_a_valid_document_passes_the_compiled_check() -> None:
    assert _passes_fast_check(VALID)
    parse_facts(VALID)


def test_every_error_is_named_at_once_when_the_compiled_check_refuses() -> None:
    wrong = {
        "actor": {"roles": ["pilot"]},
        "system": {"kind": "ai_system", "colour": "blue"},
    }
    assert not _passes_fast_check(wrong)
    with pytest.raises(ValidationError) as caught:
        parse_facts(wrong)
    assert len(caught.value.errors) >= 2, caught.value.errors
