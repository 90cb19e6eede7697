"""`balise footprint estimate` and `balise footprint import`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from balise.bootstrap import Container
from balise.cli.testing import CommandLine
from eco_support import EMISSIONS_CSV
from register_support import create_published

SPEC = """\
expected_decisions: 1000000
parts:
  training:
    hours: 48
    gpu_model: NVIDIA A100 SXM4
    gpu_count: 4
    memory_gb: 256
    pue: 1.2
  inference:
    hours: 730
    decisions: 100000
    cpu_model: Intel Xeon Gold 6248
    cpu_cores: 2
    cpu_usage: 0.5
    memory_gb: 8
"""


def test_estimate_prints_a_stable_json_document(balise: CommandLine, tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    result = balise("footprint", "estimate", str(spec), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    training, inference = document["parts"]
    # training: 48 h x (4 x 400 + 256 x 0.3725) W x 1.2 = 97.652736 kWh
    assert training["energy_kwh"]["value"] == pytest.approx(97.652736)
    # inference: 730 h x (2 x 7.5 x 0.5 + 8 x 0.3725) W x 1.67 = 12.776168 kWh
    assert inference["energy_kwh"]["value"] == pytest.approx(12.776168)
    assert inference["grid"] == {"country": "BEL", "g_per_kwh": 138.107, "year": 2023}
    carbon = (97.652736 / 1e6 + 12.776168 / 1e5) * 138.107 * 1000
    assert document["per_thousand"]["carbon_g"]["value"] == pytest.approx(carbon)
    assert document["label"]["letter"] == "C"
    assert document["label_rule"] == {"version": "2026-12-03", "date": "2026-12-03"}
    text = balise("footprint", "estimate", str(spec))
    assert "eco-label C (rule 2026-12-03 of 2026-12-03)" in text.stdout


def test_estimate_names_every_wrong_field_and_exits_2(balise: CommandLine, tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("parts:\n  inference:\n    hours: -1\n    cpu_cores: 2\n", encoding="utf-8")
    result = balise("footprint", "estimate", str(spec))
    assert result.exit_code == 2
    assert "inference.hours: Enter a number greater than zero." in result.stderr
    assert "inference.decisions: Give the number of decisions" in result.stderr
    assert "inference.cpu_watts_per_core: This processor is not in the list" in result.stderr


def test_import_stores_the_runs_on_the_record(
    container: Container, world: dict[str, Any], balise: CommandLine, tmp_path: Path
) -> None:
    create_published(container, world, "triage")
    path = tmp_path / "emissions.csv"
    path.write_text(EMISSIONS_CSV, encoding="utf-8")
    base = ("footprint", "import", str(path), "--system", "triage")
    result = balise(*base, "--as", "editor@balise.test", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["system"] == "triage"
    assert document["parts"][0]["carbon_kg"]["value"] == pytest.approx(2.071605)
    assert document["label"] is None  # no inference yet
    with container.engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT label FROM eco_footprints")).all()
    assert len(stored) == 1
    other = balise(*base, "--as", "other-editor@balise.test")
    assert other.exit_code == 2  # the record is another organisation's: not found for them


def test_a_wrong_file_is_refused_whole(
    container: Container, world: dict[str, Any], balise: CommandLine, tmp_path: Path
) -> None:
    create_published(container, world, "triage")
    path = tmp_path / "emissions.csv"
    path.write_text(EMISSIONS_CSV.replace(",36000.0,", ",long,"), encoding="utf-8")
    result = balise(
        "footprint", "import", str(path), "--system", "triage", "--as", "editor@balise.test"
    )
    assert result.exit_code == 2
    assert "Line 2, column duration: long is not a number" in result.stderr
    with container.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM eco_footprints")).scalar() == 0
