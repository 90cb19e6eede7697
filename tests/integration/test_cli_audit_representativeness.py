"""`balise audit representativeness`: against the Statbel population or a given reference."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from balise.cli.main import app


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, ["audit", "representativeness", *args], catch_exceptions=False)


def dataset(tmp_path: Path) -> Path:
    path = tmp_path / "training.csv"
    rows = ["gender,region,age_band"]
    rows += ["F,Flemish Region,18-64"] * 40 + ["M,Flemish Region,18-64"] * 40
    rows += ["F,Walloon Region,65+"] * 15 + ["M,Brussels-Capital Region,<18"] * 4
    rows += ["F,,18-64"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_against_the_belgian_population(tmp_path: Path) -> None:
    result = invoke(str(dataset(tmp_path)), "--columns", "gender:sex,region", "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["reference"]["columns"] == ["sex", "region"]
    assert (document["rows"], document["matched_rows"]) == (100, 99)
    assert document["unmatched"] == [{"cell": {"gender": "F", "region": None}, "count": 1}]
    cells = {(c["cell"]["gender"], c["cell"]["region"]): c for c in document["cells"]}
    assert len(cells) == 6
    brussels_women = cells[("F", "Brussels-Capital Region")]
    assert brussels_women["observed"] == 0
    assert brussels_women["under_represented"] is True
    assert brussels_women["reference_share"] == (131517 + 412811 + 96122) / 11825551
    assert 0 < document["total_variation_distance"] < 1
    assert document["chi_square"]["degrees_of_freedom"] == 5
    assert 0 <= document["chi_square"]["p_value"] < 0.05
    assert len(document["data"]["sha256"]) == 64


def test_with_a_reference_file_and_other_formats(tmp_path: Path) -> None:
    reference = tmp_path / "reference.csv"
    reference.write_text("sex,count\nF,50\nM,50\n", encoding="utf-8")
    data = dataset(tmp_path)
    text = invoke(str(data), "--columns", "gender:sex", "--reference", str(reference))
    assert text.exit_code == 0, text.stderr
    assert "total variation distance" in text.stdout
    page = invoke(
        str(data), "--columns", "gender:sex", "--reference", str(reference), "--format", "html"
    )
    assert page.exit_code == 0
    assert '<html lang="en">' in page.stdout
    assert "<caption>Share in the data and in the population</caption>" in page.stdout


def test_bad_columns_exit_with_2(tmp_path: Path) -> None:
    data = dataset(tmp_path)
    unknown = invoke(str(data), "--columns", "gender")
    assert unknown.exit_code == 2
    assert "columns: The reference population has no column gender." in unknown.stderr
    absent = invoke(str(data), "--columns", "sex")
    assert absent.exit_code == 2
    assert "columns: There is no column sex in the file." in absent.stderr
    bad_reference = tmp_path / "bad.csv"
    bad_reference.write_text("sex\nF\n", encoding="utf-8")
    refused = invoke(str(data), "--columns", "gender:sex", "--reference", str(bad_reference))
    assert refused.exit_code == 2
    assert "reference: The reference file cannot be used" in refused.stderr


def test_the_json_document_is_the_typed_report(tmp_path: Path) -> None:
    """The stable JSON reads back into the typed report and gives the same JSON again."""
    from balise.domain.audits.reports import RepresentativenessReport, report_from_json

    result = invoke(str(dataset(tmp_path)), "--columns", "gender:sex,region", "--format", "json")
    document = json.loads(result.stdout)
    assert document["schema_version"] == 1
    report = report_from_json(document)
    assert isinstance(report, RepresentativenessReport)
    assert json.loads(json.dumps(report.to_json())) == document
