"""Shared helpers for the AI Act classifier tests: facts documents in a few words, and readers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from balise.domain.aiact.engine import classify
from balise.domain.aiact.facts_schema import parse_facts
from balise.domain.aiact.result import Classification

TODAY = "2026-11-22"


def run(document: dict[str, Any], on: str = TODAY, law: str | None = None) -> Classification:
    return classify(parse_facts(document), on=dt.date.fromisoformat(on), law=law)


def provider(**groups: Any) -> dict[str, Any]:
    return {"actor": {"roles": ["provider"]}, **groups}


def deployer(actor: dict[str, Any] | None = None, **groups: Any) -> dict[str, Any]:
    return {"actor": {"roles": ["deployer"], **(actor or {})}, **groups}


def categories(result: Classification) -> list[str]:
    return [category.value for category in result.categories]


def outcome(result: Classification, rule: str) -> str:
    return next(entry.outcome.value for entry in result.trace if entry.rule == rule)


def starts(result: Classification, code: str) -> str | None:
    obligation = result.obligation(code)
    assert obligation is not None, f"{code} missing from {sorted(result.codes())}"
    return obligation.applies_from.isoformat() if obligation.applies_from else None
