"""`balise panel composition SLUG` on a drawn panel, and `balise panel commit --secret`."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

from typer.testing import CliRunner

from balise.bootstrap import Container
from balise.cli.main import app
from balise.cli.testing import CommandLine
from balise.domain.accounts.model import Actor
from balise.domain.panels.record import PanelState

DATA = Path(__file__).resolve().parents[1] / "data" / "sortition"


def panel_support() -> ModuleType:
    """The panels' web test helpers, which drive a panel through the services."""
    path = Path(__file__).parents[1] / "web" / "panel_support.py"
    spec = importlib.util.spec_from_file_location("composition_panel_support", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_composition_of_a_drawn_panel_as_json_and_text(
    container: Container, world: dict[str, Any], balise: CommandLine
) -> None:
    support = panel_support()
    editor = Actor(user=world["users"]["editor"])
    alpha = world["organisations"]["alpha"].id
    support.make_panel(
        container, editor, slug="tiny", organisation_id=alpha, until=PanelState.DRAWN
    )
    support.make_panel(
        container, editor, slug="early", organisation_id=alpha, until=PanelState.COMMITTED
    )
    result = balise("panel", "composition", "tiny", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["size"] == 2
    # Quotas group a 1..1 and b 1..1 on a panel of 2: each 50 % targeted, 50 % achieved.
    assert [
        (r["value"], r["count"], r["target_share"], r["achieved_share"])
        for r in document["composition"]
    ] == [("a", 1, 0.5, 0.5), ("b", 1, 0.5, 0.5)]
    text = balise("panel", "composition", "tiny")
    assert text.exit_code == 0, text.output
    assert "50.0%" in text.stdout
    assert "criterion" in text.stdout
    for slug in ("early", "nowhere"):
        refused = balise("panel", "composition", slug, "--format", "json")
        assert refused.exit_code == 2


def test_commit_computes_the_fingerprint_of_a_secret(tmp_path: Path) -> None:
    out = tmp_path / "published.json"
    args = [
        "panel", "commit",
        "--respondents", str(DATA / "example_small_20_respondents.csv"),
        "--categories", str(DATA / "example_small_20_categories.csv"),
        "--size", "20", "--lottery", "10", "--out", str(out),
        "--public-source", "Lotto", "--secret", "my secret", "--generate-secret",
        "--format", "json",
    ]  # fmt: skip
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    generated = summary["generated_secret"]
    committed = json.loads(out.read_text())["commitment"]["party_commitments"]
    assert committed == [
        hashlib.sha256(b"my secret").hexdigest(),
        hashlib.sha256(generated.encode()).hexdigest(),
    ]
    reveal = tmp_path / "reveal.json"
    drawn = CliRunner().invoke(
        app,
        ["panel", "draw", "--published", str(out), "--secret", "my secret",
         "--secret", generated, "--public-value", "1 2 3", "--out", str(reveal)],
    )  # fmt: skip
    assert drawn.exit_code == 0, drawn.output
    verified = CliRunner().invoke(
        app, ["panel", "verify", "--published", str(out), "--reveal", str(reveal)]
    )
    assert verified.exit_code == 0, verified.output
