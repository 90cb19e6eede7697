"""`balise assess templates` and `balise assess export`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assessment_fixtures import fria_answers
from balise.bootstrap import Container
from balise.cli.testing import CommandLine
from balise.domain.accounts.model import Actor
from balise.services import assessments
from register_support import create_published


def test_templates_as_json(balise: CommandLine) -> None:
    result = balise("assess", "templates", "--format", "json")
    assert result.exit_code == 0, result.output
    codes = [t["code"] for t in json.loads(result.stdout)["templates"]]
    assert codes == ["fria", "dpia", "ethics"]


def test_export_json_and_pdf(
    container: Container, world: dict[str, Any], balise: CommandLine, tmp_path: Path
) -> None:
    record = create_published(container, world)
    editor = Actor(user=world["users"]["editor"])
    with container.uow() as uow:
        fria = assessments.start_assessment(uow, actor=editor, slug=record.slug, code="fria")
        assert fria.id is not None
        assessments.save_answers(uow, actor=editor, assessment_id=fria.id, raw=fria_answers())
        uow.commit()
    result = balise("assess", "export", str(fria.id), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["template"] == {"code": "fria", "version": "2026.12"}
    assert document["system"] == record.slug
    assert document["assessment"]["missing"] == []
    target = tmp_path / "fria.pdf"
    result = balise("assess", "export", str(fria.id), "--format", "pdf", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF")
    missing = balise("assess", "export", "999", "--format", "json")
    assert missing.exit_code == 2
