"""The register's rules between fields reach every way in: CSV and XLSX imports and the command
line refuse an unknown Annex III point and an end date before the start date, per line and
column, and save nothing."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from balise.bootstrap import Container
from balise.cli.testing import CommandLine
from balise.domain.register.rows import FileFormat
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import Language
from balise.i18n import translate
from balise.services import register_import
from balise.services.organisations import ImportRejected
from import_support import THREE, csv_text, xlsx_bytes
from register_support import actor_of

WRONG = [
    THREE[0],
    {**THREE[1], "annex_iii_point": "99(z)"},
    {**THREE[2], "begin_date": "2025-06-01", "end_date": "2025-01-31"},
]


def count_systems(container: Container) -> int:
    with container.engine.connect() as connection:
        return int(connection.execute(sa.text("SELECT count(*) FROM systems")).scalar_one())


def run_import(container: Container, world: dict[str, Any], data: bytes, kind: FileFormat) -> None:
    rows = register_import.checked(register_import.read_file(io.BytesIO(data), kind))
    with container.uow() as uow:
        register_import.import_systems(
            uow, actor=actor_of(world, "editor"), organisation_slug="alpha", rows=rows
        )
        uow.commit()


@pytest.mark.parametrize(
    ("kind", "data"),
    [(FileFormat.CSV, csv_text(WRONG).encode()), (FileFormat.XLSX, xlsx_bytes(WRONG))],
    ids=["csv", "xlsx"],
)
def test_an_import_refuses_a_wrong_point_and_dates_in_the_wrong_order(
    container: Container, world: dict[str, Any], kind: FileFormat, data: bytes
) -> None:
    with pytest.raises((ImportRejected, ValidationError)) as raised:
        run_import(container, world, data, kind)
    problems = getattr(raised.value, "problems", None)
    assert problems is not None, raised.value
    assert {line: set(fields) for line, fields in problems.items()} == {
        3: {"annex_iii_point"},
        4: {"end_date"},
    }
    assert translate(problems[3]["annex_iii_point"], Language.FR).startswith(
        "Indiquez un point de l'annexe III"
    )
    assert "2025-06-01" in translate(problems[4]["end_date"], Language.NL)
    assert count_systems(container) == 0


def test_an_update_by_import_is_checked_against_the_saved_start_date(
    container: Container, world: dict[str, Any]
) -> None:
    """A file that only changes the end date still meets the start date already saved."""
    first = [{**THREE[0], "begin_date": "2025-06-01"}]
    run_import(container, world, csv_text(first).encode(), FileFormat.CSV)
    only_end = [
        {"source_id": THREE[0]["source_id"], "default_language": "nl", "end_date": "2025-01-31"}
    ]
    with pytest.raises(ImportRejected) as raised:
        run_import(container, world, csv_text(only_end).encode(), FileFormat.CSV)
    assert set(raised.value.problems[2]) == {"end_date"}


def test_the_command_line_names_the_lines_and_fields(
    container: Container, world: dict[str, Any], balise: CommandLine, tmp_path: Path
) -> None:
    path = tmp_path / "inventaris.csv"
    path.write_text(csv_text(WRONG), encoding="utf-8")
    result = balise(
        "systems", "import", str(path), "--organisation", "alpha", "--as", "editor@balise.test"
    )
    assert result.exit_code == 2
    assert "line 3: annex_iii_point: Give a point of Annex III: 1(a)–(c), 2," in result.stderr
    assert "line 4: end_date: This is before the date it is in use since (2025-06-01)." in (
        result.stderr
    )
    assert count_systems(container) == 0
