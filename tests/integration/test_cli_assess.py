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


def answered_fria(container: Container, world: dict[str, Any], slug: str) -> int:
    """A FRIA of the record with every mandatory answer, started by the editor."""
    editor = Actor(user=world["users"]["editor"])
    with container.uow() as uow:
        fria = assessments.start_assessment(uow, actor=editor, slug=slug, code="fria")
        assert fria.id is not None
        assessments.save_answers(uow, actor=editor, assessment_id=fria.id, raw=fria_answers())
        uow.commit()
    return fria.id


def test_export_json_and_pdf(
    container: Container, world: dict[str, Any], balise: CommandLine, tmp_path: Path
) -> None:
    record = create_published(container, world)
    fria_id = answered_fria(container, world, record.slug)
    result = balise("assess", "export", str(fria_id), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["template"] == {"code": "fria", "version": "2026.12"}
    assert document["system"] == record.slug
    assert document["assessment"]["missing"] == []
    target = tmp_path / "fria.pdf"
    result = balise("assess", "export", str(fria_id), "--format", "pdf", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF")
    missing = balise("assess", "export", "999", "--format", "json")
    assert missing.exit_code == 2


def test_export_the_notification_pack(
    container: Container, world: dict[str, Any], balise: CommandLine, tmp_path: Path
) -> None:
    record = create_published(container, world)
    fria_id = answered_fria(container, world, record.slug)
    editor = Actor(user=world["users"]["editor"])
    with container.uow() as uow:
        dpia = assessments.start_assessment(uow, actor=editor, slug=record.slug, code="dpia")
        assessments.submit_assessment(uow, actor=editor, assessment_id=fria_id)
        assessments.notify_assessment(uow, actor=editor, assessment_id=fria_id)
        uow.commit()
    result = balise("assess", "export", str(fria_id), "--notification", "--format", "json")
    assert result.exit_code == 0, result.output
    pack = json.loads(result.stdout)
    assert pack["kind"] == "ai_act_art27_3_notification"
    assert pack["assessment"]["notified_at"] is not None
    target = tmp_path / "notification.pdf"
    result = balise(
        "assess", "export", str(fria_id), "--notification", "--format", "pdf",
        "--output", str(target), "--language", "nl",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF")
    only_fria = balise("assess", "export", str(dpia.id), "--notification", "--format", "json")
    assert only_fria.exit_code == 2
