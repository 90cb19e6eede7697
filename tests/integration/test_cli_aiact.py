"""`balise aiact classify`, `schema` and `timeline`: documented JSON, text, exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner, Result

from balise.bootstrap import Container
from balise.cli.main import app
from balise.cli.testing import CommandLine
from register_support import create

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples" / "aiact").glob("*.yaml"))
KEYS = {"categories", "legal_basis", "fria_required", "obligations", "other_party_obligations"}


def balise(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_every_example_classifies(example: Path) -> None:
    result = balise("aiact", "classify", str(example), "--date", "2026-11-22", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert KEYS | {"trace", "penalty_ceiling"} <= set(document)
    for obligation in document["obligations"]:
        assert {"code", "article", "applies_from", "applies", "explanation"} <= set(obligation)
        assert set(obligation["explanation"]) == {"fr", "nl", "de", "en"}


def test_cv_screening_by_a_public_body(tmp_path: Path) -> None:
    example = ROOT / "examples" / "aiact" / "cv-screening-deployer.yaml"
    document = json.loads(balise("aiact", "classify", str(example), "--format", "json").stdout)
    assert document["categories"] == ["high_risk"]
    assert document["fria_required"] is True
    assert document["evaluation_date"] == "2026-11-22"  # from the facts
    fria = next(o for o in document["obligations"] if o["code"] == "fria")
    assert (fria["applies_from"], fria["applies"]) == ("2027-12-02", False)
    old = balise("aiact", "classify", str(example), "--law", "2024", "--format", "json")
    fria_2024 = next(o for o in json.loads(old.stdout)["obligations"] if o["code"] == "fria")
    assert fria_2024["applies_from"] == "2026-08-02"


def test_missing_facts_exit_2_with_their_list(tmp_path: Path) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text("{}")
    result = CliRunner().invoke(app, ["aiact", "classify", str(facts)])
    assert result.exit_code == 2
    assert "actor.roles" in result.output
    assert "system.kind" in result.output
    assert "Categories" not in result.output


def test_json_facts_and_text_output(tmp_path: Path) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text(
        json.dumps({"actor": {"roles": ["provider"]}, "system": {"kind": "ai_system"}})
    )
    result = balise("aiact", "classify", str(facts), "--date", "2026-11-22")
    assert result.exit_code == 0
    assert "Categories: minimal" in result.stdout
    assert "ai_literacy (provider, Art. 4): from 2025-02-02, applies" in result.stdout


def test_invalid_facts_exit_2_naming_the_field(tmp_path: Path) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_text("annex_iii:\n  point: '9(z)'\n")
    result = balise("aiact", "classify", str(facts))
    assert result.exit_code == 2
    assert "annex_iii.point: Choose one of:" in result.stderr


@pytest.mark.parametrize("args", [("--date", "22/11/2026"), ("--law", "2019")], ids=["date", "law"])
def test_bad_options_exit_2(tmp_path: Path, args: tuple[str, str]) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_text("{}\n")
    assert balise("aiact", "classify", str(facts), *args).exit_code == 2


def test_unreadable_or_malformed_file_exits_2(tmp_path: Path) -> None:
    assert balise("aiact", "classify", str(tmp_path / "missing.yaml")).exit_code == 2
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert balise("aiact", "classify", str(broken)).exit_code == 2


def test_schema_is_published_and_validates_the_examples() -> None:
    import yaml

    schema = json.loads(balise("aiact", "schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    for example in EXAMPLES:
        document = json.loads(json.dumps(yaml.safe_load(example.read_text()), default=str))
        jsonschema.validate(document, schema)


def test_timeline_lists_both_versions() -> None:
    laws = json.loads(balise("aiact", "timeline").stdout)["laws"]
    assert [law["law"] for law in laws] == ["2024", "2026"]
    dates = {item["key"]: item["date"] for item in laws[1]["dates"]}
    assert dates["high_risk_annex_iii"] == "2027-12-02"


def test_classify_and_store_on_a_record(
    container: Container, world: dict[str, Any], tmp_path: Path
) -> None:
    record = create(container, world)
    command = CommandLine(container.settings)
    example = str(ROOT / "examples" / "aiact" / "cv-screening-deployer.yaml")
    refused = command("aiact", "classify", example, "--store", record.slug)
    assert refused.exit_code == 2
    assert "--as" in refused.stderr
    stored = command(
        "aiact", "classify", example, "--store", record.slug, "--as", "editor@balise.test",
        "--format", "json",
    )  # fmt: skip
    assert stored.exit_code == 0, stored.output
    assert json.loads(stored.stdout)["categories"] == ["high_risk"]
    with container.engine.connect() as connection:
        kept = connection.execute(sa.text("SELECT facts, law FROM aiact_classifications")).all()
    assert len(kept) == 1
    other = command(
        "aiact", "classify", example, "--store", record.slug, "--as", "other-editor@balise.test"
    )
    assert other.exit_code == 2  # not their organisation's record


def test_a_version_1_document_is_converted_with_a_note_on_stderr(tmp_path: Path) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_text(
        "actor: {roles: [deployer], employer_workplace_use: true}\n"
        "system: {kind: ai_system}\nannex_iii: {point: '4(a)'}\n"
    )
    result = balise("aiact", "classify", str(facts), "--date", "2028-01-10", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "annex_iii.point is now annex_iii.points" in result.stderr
    assert "actor.employer_workplace_use is now actor.employer_use_on_workers" in result.stderr
    document = json.loads(result.stdout)
    assert document["annex_iii_points"] == ["4(a)"]
    assert "inform_workers" in {o["code"] for o in document["obligations"]}
    v2 = tmp_path / "v2.yaml"
    v2.write_text("schema_version: 2\nactor: {roles: [provider]}\nsystem: {kind: ai_system}\n")
    assert "Note:" not in balise("aiact", "classify", str(v2)).stderr
