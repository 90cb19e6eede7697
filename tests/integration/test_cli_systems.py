"""`balise systems import` and `balise systems export`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from balise.bootstrap import Container
from balise.cli.testing import CommandLine
from import_support import THREE, csv_text, json_text, row_of, xlsx_bytes
from register_support import create_published


def count_systems(container: Container) -> int:
    with container.engine.connect() as connection:
        return int(connection.execute(sa.text("SELECT count(*) FROM systems")).scalar_one())


def write(tmp_path: Path, name: str, data: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return str(path)


def test_import_a_dry_run_then_for_real_then_again(
    container: Container, world: dict[str, Any], balise: CommandLine, tmp_path: Path
) -> None:
    path = write(tmp_path, "inventaris.csv", csv_text(THREE))
    base = ("systems", "import", path, "--organisation", "alpha", "--as", "editor@balise.test")

    dry = balise(*base, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert (
        dry.stdout == "Dry run, nothing saved: would have created 3, updated 0, left 0 unchanged.\n"
    )
    assert count_systems(container) == 0

    real = balise(*base, "--format", "json")
    assert real.exit_code == 0, real.output
    document = json.loads(real.stdout)
    assert (document["created"], document["dry_run"]) == (3, False)
    assert [row["source_id"] for row in document["rows"]] == ["INV-001", "INV-002", "INV-003"]

    again = balise(*base)
    assert again.stdout == "created 0, updated 0, left 3 unchanged.\n"
    assert count_systems(container) == 3


def test_xlsx_and_json_files_import_too(
    container: Container, world: dict[str, Any], balise: CommandLine, tmp_path: Path
) -> None:
    xlsx = write(tmp_path, "inventory.xlsx", xlsx_bytes(THREE[:2]))
    as_json = write(tmp_path, "inventory.json", json_text([row_of("J-1")]))
    for path in (xlsx, as_json):
        result = balise(
            "systems", "import", path, "--organisation", "alpha", "--as", "admin@balise.test"
        )
        assert result.exit_code == 0, result.output
    assert count_systems(container) == 3


def test_a_wrong_file_is_rejected_with_every_error_and_nothing_saved(
    container: Container, world: dict[str, Any], balise: CommandLine, tmp_path: Path
) -> None:
    rows = [THREE[0], {**THREE[1], "decision_type": "magic"}, {**THREE[2], "source_id": ""}]
    path = write(tmp_path, "bad.csv", csv_text(rows))

    result = balise(
        "systems", "import", path, "--organisation", "alpha", "--as", "editor@balise.test"
    )

    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "The file has errors; nothing was imported."
    assert "line 3: decision_type: Choose from the list." in result.stderr
    assert "line 4: source_id: Give every row your own identifier" in result.stderr
    assert count_systems(container) == 0
    as_json = balise(
        "systems",
        "import",
        path,
        "--organisation",
        "alpha",
        "--as",
        "editor@balise.test",
        "--format",
        "json",
    )
    assert set(json.loads(as_json.stdout)["rejected"]["lines"]) == {"3", "4"}


def test_usage_errors(
    container: Container, world: dict[str, Any], balise: CommandLine, tmp_path: Path
) -> None:
    text = write(tmp_path, "inventory.txt", "source_id\nA\n")
    assert balise("systems", "import", text, "--as", "editor@balise.test").exit_code == 2
    wrong = balise(
        "systems", "import", text, "--organisation", "alpha", "--as", "editor@balise.test"
    )
    assert wrong.exit_code == 2
    csv_path = write(tmp_path, "inventory.csv", csv_text(THREE))
    other = balise(
        "systems", "import", csv_path, "--organisation", "alpha", "--as", "other-editor@balise.test"
    )
    assert other.exit_code == 2
    assert count_systems(container) == 0


def test_export_json_csv_and_dcat(
    container: Container, world: dict[str, Any], balise: CommandLine, tmp_path: Path
) -> None:
    record = create_published(container, world)

    as_json = balise("systems", "export", "--format", "json")
    assert as_json.exit_code == 0, as_json.output
    systems = json.loads(as_json.stdout)["systems"]
    assert [item["slug"] for item in systems] == [record.slug]
    assert "contact_name" not in systems[0]["fields"]

    target = tmp_path / "systems.csv"
    as_csv = balise("systems", "export", "--format", "csv", "--output", str(target))
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[0]["name_fr"] == "Attribution des allocations d'études"

    dcat = json.loads(balise("systems", "export", "--format", "dcat").stdout)
    assert dcat["@type"] == "dcat:Catalog"

    assert balise("systems", "export", "--format", "xml").exit_code == 2
