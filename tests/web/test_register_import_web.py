"""Bulk import in the browser: the form, safe uploads, the job's report, the templates."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from web_support import count, post_form, sign_in, variant

from balise.bootstrap import Container
from balise.web.app import create_app
from balise.web.register.pages.imports import SUFFIXES
from import_support import THREE, csv_text, row_of, xlsx_bytes


def upload(
    client: TestClient, name: str, data: bytes, *, organisation: str = "alpha", dry_run: bool
) -> Any:
    form = {"organisation": organisation, **({"dry_run": "1"} if dry_run else {})}
    return post_form(client, "/register/import", form, files={"file": (name, data)})


def job_of(response: Any) -> str:
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.startswith("/register/import/jobs/")
    return str(location.rsplit("/", 1)[1])


def test_the_form_offers_only_the_editors_own_organisation(
    browsers: dict[str, TestClient],
) -> None:
    page = browsers["editor"].get("/register/import")
    assert page.status_code == 200
    assert re.findall(r'<option value="([a-z-]+)"', page.text) == ["alpha"]
    admin = browsers["admin"].get("/register/import")
    assert re.findall(r'<option value="([a-z-]+)"', admin.text) == ["alpha", "beta"]


def test_a_dry_run_then_the_real_import_with_the_report_in_dutch(
    browsers: dict[str, TestClient], container: Container
) -> None:
    editor = browsers["editor"]
    editor.headers["Accept-Language"] = "nl"
    data = csv_text(THREE).encode()

    dry = job_of(upload(editor, "inventaris.csv", data, dry_run=True))
    container.run_job(dry)
    page = editor.get(f"/register/import/jobs/{dry}")

    assert page.status_code == 200
    assert count(container, "systems") == 0
    assert "INV-002" in page.text

    real = job_of(upload(editor, "inventaris.csv", data, dry_run=False))
    container.run_job(real)
    progress = editor.get(f"/register/import/jobs/{real}/progress")

    assert progress.status_code == 200
    assert "hx-get" not in progress.text  # finished: it stops refreshing
    assert count(container, "systems") == 3


def test_errors_per_row_and_column_are_shown_in_french(
    browsers: dict[str, TestClient], container: Container
) -> None:
    reviewer = browsers["reviewer"]
    reviewer.headers["Accept-Language"] = "fr"
    rows = [THREE[0], {**row_of("INV-002"), "contact_email": "pas une adresse"}]

    job = job_of(upload(reviewer, "inventaire.csv", csv_text(rows).encode(), dry_run=False))
    container.run_job(job)
    page = reviewer.get(f"/register/import/jobs/{job}")

    assert "Ce n&#39;est pas une adresse e-mail." in page.text
    assert "<code>contact_email</code>" in page.text
    assert count(container, "systems") == 0


def test_an_xlsx_template_filled_in_is_imported(
    browsers: dict[str, TestClient], container: Container
) -> None:
    editor = browsers["editor"]
    template = editor.get("/register/import/template.xlsx")
    assert template.status_code == 200
    sheet = load_workbook(io.BytesIO(template.content), read_only=True).worksheets[0]
    header, hints = [list(row) for row in sheet.iter_rows(values_only=True, max_row=2)]
    assert header[:2] == ["source_id", "default_language"]
    assert str(hints[0]).startswith("# ")
    filled = [{column: row_of("XL-1").get(str(column), "") for column in header}]

    job = job_of(upload(editor, "template.xlsx", xlsx_bytes(filled, hints=True), dry_run=False))
    finished = container.run_job(job)

    assert finished.result is not None, finished.error
    assert finished.result["created"] == 1


def test_the_csv_template_round_trips(
    browsers: dict[str, TestClient], container: Container
) -> None:
    editor = browsers["editor"]
    header = next(csv.reader(io.StringIO(editor.get("/register/import/template.csv").text)))
    assert "name_nl" in header
    assert "contact_name" in header  # imports may carry internal fields; exports never do
    filled = io.StringIO()
    writer = csv.DictWriter(filled, fieldnames=header)
    writer.writeheader()
    writer.writerow({column: row_of("CSV-1").get(column, "") for column in header})

    job = job_of(upload(editor, "template.csv", filled.getvalue().encode(), dry_run=False))
    finished = container.run_job(job)

    assert finished.result is not None, finished.error
    assert finished.result["created"] == 1


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("inventory.txt", b"source_id,name_nl\nA,B\n"),
        ("inventory.xlsx", b"source_id,name_nl\nA,B\n"),
        ("inventory.csv", b"\x00\x01\x02binary"),
        ("inventory.json", b"source_id: nope"),
    ],
)
def test_files_of_the_wrong_type_are_refused_at_once(
    browsers: dict[str, TestClient], container: Container, name: str, data: bytes
) -> None:
    response = upload(browsers["editor"], name, data, dry_run=True)
    assert response.status_code == 422
    assert 'id="error-file"' in response.text
    assert count(container, "jobs") == 0


def test_a_file_too_large_is_refused(container: Container, world: dict[str, Any]) -> None:
    small = variant(container, max_upload_bytes=1024)
    try:
        with TestClient(create_app(small)) as client:
            client.headers["Accept-Language"] = "en"
            sign_in(client, "editor@balise.test")
            data = csv_text([row_of(f"S{n}") for n in range(5)]).encode()
            response = upload(client, "big.csv", data, dry_run=True)
        assert response.status_code in {413, 422}
        assert count(container, "jobs") == 0
        assert list(small.storage.root.iterdir()) == []
    finally:
        small.dispose()


def test_another_organisations_editor_cannot_import_into_alpha(
    browsers: dict[str, TestClient], container: Container
) -> None:
    response = upload(browsers["other-editor"], "x.csv", csv_text(THREE).encode(), dry_run=False)
    assert response.status_code == 403
    assert count(container, "jobs") == 0


def test_every_suffix_is_documented_on_the_form(browsers: dict[str, TestClient]) -> None:
    page = browsers["editor"].get("/register/import").text
    for suffix in SUFFIXES:
        assert suffix in page


def test_an_import_job_is_seen_by_its_author_and_administrators_only(
    browsers: dict[str, TestClient], container: Container
) -> None:
    job = job_of(upload(browsers["editor"], "x.csv", csv_text(THREE).encode(), dry_run=True))
    container.run_job(job)
    assert browsers["editor"].get(f"/register/import/jobs/{job}").status_code == 200
    assert browsers["admin"].get(f"/register/import/jobs/{job}/progress").status_code == 200
    assert browsers["reviewer"].get(f"/register/import/jobs/{job}").status_code == 404
    assert browsers["other-editor"].get(f"/register/import/jobs/{job}").status_code == 404
