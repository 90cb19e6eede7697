"""`balise obligations show` and `balise obligations set`, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

from assessment_fixtures import classify_high_risk
from balise.bootstrap import Container
from balise.cli.testing import CommandLine
from register_support import create_published


def test_show_and_set_a_duty(
    container: Container, world: dict[str, Any], balise: CommandLine
) -> None:
    create_published(container, world, "triage")
    classify_high_risk(container, world, "triage")
    shown = balise("obligations", "show", "triage", "--format", "json")
    assert shown.exit_code == 0, shown.output
    document = json.loads(shown.stdout)
    assert document["summary"] == {
        "met": 0,
        "applicable": 1,
        "by_status": {
            "not_yet_applicable": 9,
            "to_do": 1,
            "in_progress": 0,
            "met": 0,
            "not_applicable": 0,
        },
    }
    fria = next(d for d in document["duties"] if d["code"] == "fria")
    assert (fria["article"], fria["role"], fria["applies_from"]) == (
        "Art. 27",
        "deployer",
        "2027-12-02",
    )
    result = balise(
        "obligations",
        "set",
        "triage",
        "ai_literacy",
        "deployer",
        "--status",
        "met",
        "--evidence-kind",
        "document",
        "--evidence-title",
        "AI literacy plan",
        "--evidence-reference",
        "HR/2026/17",
        "--as",
        "editor@balise.test",
    )
    assert result.exit_code == 0, result.output
    assert "triage: 1 of 1 duties met" in result.stdout
    assert "AI literacy plan" in result.stdout


def test_set_names_every_wrong_field_and_exits_2(
    container: Container, world: dict[str, Any], balise: CommandLine
) -> None:
    create_published(container, world, "triage")
    classify_high_risk(container, world, "triage")
    result = balise(
        "obligations",
        "set",
        "triage",
        "fria",
        "deployer",
        "--status",
        "not_applicable",
        "--evidence-kind",
        "document",
        "--evidence-url",
        "nowhere",
        "--as",
        "editor@balise.test",
    )
    assert result.exit_code == 2
    assert "reason: Say why this duty does not apply." in result.stderr
    assert "evidence_title: Give the document's title." in result.stderr
    assert "evidence_url: Give a web address starting with https://." in result.stderr
    other = balise(
        "obligations", "set", "triage", "fria", "deployer", "--status", "to_do",
        "--as", "other-editor@balise.test",
    )  # fmt: skip
    assert other.exit_code == 2  # another organisation's record: not found for them
