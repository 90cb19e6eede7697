"""The AI Act facts data migration (f5bc7a912e4a): stored facts get the kind the engine assumed."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from balise.domain.aiact.facts_schema import missing_facts, parse_facts

VERSIONS = Path(__file__).resolve().parents[2] / "src/balise/adapters/db/migrations/versions"


def migration() -> ModuleType:
    path = next(VERSIONS.glob("*_f5bc7a912e4a_aiact_facts.py"))
    spec = importlib.util.spec_from_file_location("aiact_facts_migration", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_stored_facts_without_a_kind_get_the_one_the_engine_assumed() -> None:
    completed = migration().completed
    old = {"actor": {"roles": ["deployer"]}, "annex_iii": {"point": "5(a)"}}
    new = completed(old)
    assert new == {**old, "system": {"kind": "ai_system"}}
    assert missing_facts(new) == []
    parse_facts(new)
    named = {"actor": {"roles": ["provider"]}, "system": {"name": "X"}}
    assert completed(named)["system"] == {"name": "X", "kind": "ai_system"}
    assert completed({"system": {"kind": "gpai_model"}}) is None
    assert completed("not a document") is None
