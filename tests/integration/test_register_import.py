"""Bulk import of AI system records on both databases: CSV, XLSX and JSON, all or none."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
import sqlalchemy as sa

from balise.bootstrap import Container
from balise.domain.jobs.model import JobStatus
from balise.domain.register.model import State
from balise.domain.register.rows import MAX_ROWS, FileFormat, check_xlsx_archive
from balise.domain.shared.errors import PermissionDenied, ValidationError
from balise.domain.shared.i18n import Language
from balise.i18n import translate
from balise.services import jobs, register, register_import
from balise.services.organisations import ImportRejected
from balise.services.register_import import ImportReport
from import_support import THREE, csv_text, json_text, named, row_of, xlsx_bytes
from register_support import actor_of


def run_import(
    container: Container,
    world: dict[str, Any],
    data: bytes,
    file_format: FileFormat,
    *,
    dry_run: bool = False,
    who: str = "editor",
    organisation: str = "alpha",
) -> ImportReport:
    rows = register_import.checked(register_import.read_file(io.BytesIO(data), file_format))
    with container.uow() as uow:
        report = register_import.import_systems(
            uow,
            actor=actor_of(world, who),
            organisation_slug=organisation,
            rows=rows,
            dry_run=dry_run,
        )
        if not dry_run:
            uow.commit()
    return report


def count_systems(container: Container) -> int:
    with container.engine.connect() as connection:
        return int(connection.execute(sa.text("SELECT count(*) FROM systems")).scalar_one())


def test_a_csv_inventory_creates_drafts_and_a_second_import_changes_nothing(
    container: Container, world: dict[str, Any]
) -> None:
    data = csv_text(THREE).encode()

    first = run_import(container, world, data, FileFormat.CSV)

    assert first.counts == {"created": 3, "updated": 0, "unchanged": 0}
    assert [row.line for row in first.rows] == [2, 3, 4]
    with container.uow(read_only=True) as uow:
        record = uow.systems.find_by_source_id(world["organisations"]["alpha"].id, "INV-002")
        assert record is not None
        assert record.state is State.DRAFT
        assert record.values["name"] == {"nl": "Sorteren van post", "fr": "Tri du courrier"}
        assert record.values["tags"] == ["beurs", "onderwijs"]
        events = [event.event_type for event in uow.audit_log.latest(10)]
    assert events.count("system.created") == 3

    again = run_import(container, world, data, FileFormat.CSV)

    assert again.counts == {"created": 0, "updated": 0, "unchanged": 3}
    assert count_systems(container) == 3


def test_a_changed_row_updates_the_working_copy_and_keeps_columns_left_out(
    container: Container, world: dict[str, Any]
) -> None:
    run_import(container, world, csv_text(THREE).encode(), FileFormat.CSV)
    changed = {
        "source_id": "INV-003",
        "default_language": "nl",
        "goal_nl": "Fraude sneller vinden.",
        "visibility_goal": "internal",
    }

    report = run_import(container, world, csv_text([changed]).encode(), FileFormat.CSV)

    assert report.counts == {"created": 0, "updated": 1, "unchanged": 0}
    with container.uow(read_only=True) as uow:
        record = uow.systems.find_by_source_id(world["organisations"]["alpha"].id, "INV-003")
    assert record is not None
    assert record.values["goal"] == {"nl": "Fraude sneller vinden."}
    assert record.values["name"]["nl"] == "Opsporen van fraude"  # not in the file: kept
    assert record.chosen_visibility["goal"].value == "internal"


def test_xlsx_with_a_row_of_hints_and_json_import_the_same_records(
    container: Container, world: dict[str, Any]
) -> None:
    xlsx = run_import(container, world, xlsx_bytes(THREE, hints=True), FileFormat.XLSX)
    assert xlsx.counts["created"] == 3
    as_json = [
        {
            **{k: v for k, v in row.items() if not k.startswith(("name_", "tags"))},
            "name": {"nl": row["name_nl"], "fr": row["name_fr"]},
            "tags": ["beurs", "onderwijs"],
        }
        for row in THREE
    ]

    report = run_import(container, world, json_text(as_json).encode(), FileFormat.JSON)

    assert report.counts == {"created": 0, "updated": 0, "unchanged": 3}


def test_a_dry_run_reports_and_writes_nothing(container: Container, world: dict[str, Any]) -> None:
    with container.uow(read_only=True) as uow:
        events_before = uow.audit_log.count()

    report = run_import(container, world, csv_text(THREE).encode(), FileFormat.CSV, dry_run=True)

    assert report.dry_run
    assert report.counts["created"] == 3
    assert count_systems(container) == 0
    with container.uow(read_only=True) as uow:
        assert uow.audit_log.count() == events_before


def test_errors_are_reported_per_row_and_column_and_nothing_is_imported(
    container: Container, world: dict[str, Any]
) -> None:
    rows = [
        THREE[0],
        {**THREE[1], "contact_email": "not an address", "lifecycle_status": "forever"},
        {**THREE[2], "source_id": ""},
        {**row_of("INV-001"), "name_nl": "Dubbel"},
        {**row_of("INV-009"), "visibility_goal": "secret", "default_language": "xx"},
    ]
    with pytest.raises(ImportRejected) as raised:
        run_import(container, world, csv_text(rows).encode(), FileFormat.CSV)

    problems = raised.value.problems
    assert set(problems) == {3, 4, 5, 6}
    assert set(problems[3]) == {"contact_email", "lifecycle_status"}
    assert set(problems[4]) == {"source_id"}
    assert set(problems[5]) == {"source_id"}  # the same identifier as line 2
    assert set(problems[6]) == {"visibility_goal", "default_language"}
    assert translate(problems[3]["contact_email"], Language.FR) == (
        "Ce n'est pas une adresse e-mail."
    )
    assert translate(problems[3]["contact_email"], Language.NL) == "Dit is geen e-mailadres."
    assert count_systems(container) == 0


def test_a_row_the_register_refuses_rolls_back_every_other_row(
    container: Container, world: dict[str, Any]
) -> None:
    """The rows parse, but one record is being reviewed and cannot change: nothing is written."""
    run_import(container, world, csv_text(THREE).encode(), FileFormat.CSV)
    with container.uow() as uow:
        record = uow.systems.find_by_source_id(world["organisations"]["alpha"].id, "INV-001")
        assert record is not None
        register.submit_system(uow, actor=actor_of(world, "editor"), slug=record.slug)
        uow.commit()
    rows = [named("INV-004", "Nieuw", "Nouveau"), {**THREE[0], "goal_nl": "Anders."}]

    with pytest.raises(ImportRejected) as raised:
        run_import(container, world, csv_text(rows).encode(), FileFormat.CSV)

    assert set(raised.value.problems) == {3}
    assert translate(raised.value.problems[3]["source_id"], Language.EN).startswith(
        "This record is being reviewed"
    )
    assert count_systems(container) == 3


def test_only_the_organisations_own_people_may_import(
    container: Container, world: dict[str, Any]
) -> None:
    with pytest.raises(PermissionDenied):
        run_import(container, world, csv_text(THREE).encode(), FileFormat.CSV, who="other-editor")
    with pytest.raises(PermissionDenied):
        run_import(container, world, csv_text(THREE).encode(), FileFormat.CSV, who="regulator")
    report = run_import(
        container, world, csv_text(THREE).encode(), FileFormat.CSV, who="admin", organisation="beta"
    )
    assert report.organisation == "beta"


def test_files_that_are_not_what_they_claim_are_refused(container: Container) -> None:
    with pytest.raises(ValidationError) as raised:
        register_import.checked(
            register_import.read_file(io.BytesIO(b"PK\x03\x04nonsense"), FileFormat.XLSX)
        )
    assert raised.value.errors["file"].key == "This file is not an XLSX workbook."
    with pytest.raises(ValidationError):
        register_import.checked(register_import.read_file(io.BytesIO(b"{oops"), FileFormat.JSON))
    with pytest.raises(ValidationError) as no_id:
        register_import.checked(
            register_import.read_file(io.BytesIO(b"name_nl,goal_nl\nA,B\n"), FileFormat.CSV)
        )
    assert "source_id" in str(no_id.value.errors["file"].params)


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * 20_000_000)
    buffer.seek(0)
    with pytest.raises(ValidationError) as raised:
        check_xlsx_archive(buffer)
    assert raised.value.errors["file"].key.startswith("This workbook unpacks to too much")


def test_too_many_rows_are_refused() -> None:
    header = "source_id,default_language,name_nl\n"
    text = header + "".join(f"S{n},nl,Naam {n}\n" for n in range(MAX_ROWS + 1))
    with pytest.raises(ValidationError) as raised:
        register_import.checked(
            register_import.read_file(io.BytesIO(text.encode()), FileFormat.CSV)
        )
    assert raised.value.errors["file"].params == {"limit": MAX_ROWS}


def test_the_import_job_reports_progress_and_its_report(
    container: Container, world: dict[str, Any]
) -> None:
    rows = [named(f"INV-{n:03d}", f"Systeem {n}", f"Système {n}") for n in range(250)]
    key = container.storage.save(
        io.BytesIO(csv_text(rows).encode()), suffix=".csv", max_bytes=10_000_000
    )
    with container.uow() as uow:
        job = jobs.start_job(
            uow,
            actor=actor_of(world, "reviewer"),
            kind=register_import.IMPORT_JOB,
            params={"file": key, "format": "csv", "organisation": "alpha", "dry_run": False},
        )
        uow.commit()

    finished = container.run_job(job.id)

    assert finished.status is JobStatus.SUCCEEDED, finished.error
    assert finished.result is not None
    assert finished.result["created"] == 250
    assert finished.done == finished.total == 251
    assert count_systems(container) == 250
    assert not container.storage.path(key).exists()


def test_a_failed_import_job_keeps_the_errors_per_line(
    container: Container, world: dict[str, Any]
) -> None:
    rows = [THREE[0], {**THREE[1], "decision_type": "magic"}]
    key = container.storage.save(
        io.BytesIO(csv_text(rows).encode()), suffix=".csv", max_bytes=10_000_000
    )
    with container.uow() as uow:
        job = jobs.start_job(
            uow,
            actor=actor_of(world, "editor"),
            kind=register_import.IMPORT_JOB,
            params={"file": key, "format": "csv", "organisation": "alpha", "dry_run": False},
        )
        uow.commit()

    finished = container.run_job(job.id)

    assert finished.status is JobStatus.FAILED
    assert finished.error is not None
    assert finished.error["lines"] == {
        "3": {"decision_type": {"key": "Choose from the list.", "params": {"items": 0, "limit": 0}}}
    }
    assert count_systems(container) == 0


def test_unknown_columns_are_named_once_for_the_whole_file() -> None:
    text = "source_id,default_language,name_nl,colour\nA,nl,Naam,blue\nB,nl,Naam,red\n"
    with pytest.raises(ValidationError) as raised:
        register_import.checked(
            register_import.read_file(io.BytesIO(text.encode()), FileFormat.CSV)
        )
    assert raised.value.errors["file"].params == {"columns": "colour"}


def test_semicolons_and_a_byte_order_mark_as_excel_writes_them() -> None:
    text = "\ufeff" + csv_text([row_of("S-1")], delimiter=";")
    rows = register_import.checked(
        register_import.read_file(io.BytesIO(text.encode()), FileFormat.CSV)
    )
    assert [row.source_id for row in rows] == ["S-1"]
    assert rows[0].values["name"]["nl"] == "Toekenning van studietoelagen"
