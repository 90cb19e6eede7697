"""`balise panel replace SLUG ID --as EMAIL`, and `balise panel verify --replacements`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from test_cli_panel_composition import panel_support

from balise.bootstrap import Container
from balise.cli.testing import CommandLine
from balise.domain.accounts.model import Actor
from balise.domain.panels.record import PanelState
from balise.services import panels

GROUP = {"p1": "a", "p2": "a", "p3": "a", "p4": "b", "p5": "b"}


def test_a_member_leaves_and_the_whole_draw_still_verifies(
    container: Container, world: dict[str, Any], balise: CommandLine, tmp_path: Path
) -> None:
    support = panel_support()
    editor = Actor(user=world["users"]["editor"])
    alpha = world["organisations"]["alpha"].id
    support.make_panel(
        container, editor, slug="tiny", organisation_id=alpha, until=PanelState.DRAWN
    )
    with container.uow() as uow:
        drawn = list(panels.get_public_panel(uow, actor=Actor(), slug="tiny").reveal.panel)  # type: ignore[union-attr]
    leaving = next(pid for pid in drawn if GROUP[pid] == "b")

    result = balise(
        "panel", "replace", "tiny", leaving, "--as", "editor@balise.test", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    replaced = json.loads(result.stdout)
    assert replaced["dropped"] == leaving
    assert GROUP[replaced["chosen"]] == "b"
    assert replaced["quotas_kept"] is True

    again = balise("panel", "replace", "tiny", leaving, "--as", "editor@balise.test")
    assert again.exit_code == 2
    assert "is not a member of the panel" in again.output
    outsider = balise("panel", "replace", "tiny", drawn[0], "--as", "other-editor@balise.test")
    assert outsider.exit_code != 0

    with container.uow() as uow:
        files = {
            name: panels.published_file(uow, slug="tiny", name=name)
            for name in ("published", "reveal", "replacements")
        }
    for name, document in files.items():
        (tmp_path / f"{name}.json").write_text(json.dumps(document), encoding="utf-8")
    args = ["panel", "verify", "--published", str(tmp_path / "published.json"),
            "--reveal", str(tmp_path / "reveal.json")]  # fmt: skip
    verified = balise(*args, "--replacements", str(tmp_path / "replacements.json"))
    assert verified.exit_code == 0, verified.output
    assert "ok   each replacement follows the rule" in verified.stdout

    forged = [{**files["replacements"][0], "chosen": "p1"}]
    (tmp_path / "forged.json").write_text(json.dumps(forged), encoding="utf-8")
    caught = balise(*args, "--replacements", str(tmp_path / "forged.json"))
    assert caught.exit_code == 1
    assert "FAIL each replacement follows the rule" in caught.stdout
