"""Hardening (issue 16, item 9): the web import reads files as the command line does, through the
one CSV reader, and a file it cannot read gets a clear, translated message naming the problem."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_support import count, csrf_of

from balise.bootstrap import Container
from import_support import THREE, csv_text


def upload(client: TestClient, name: str, data: bytes, *, dry_run: bool = True) -> Any:
    form = {"organisation": "alpha", "csrf_token": csrf_of(client)}
    if dry_run:
        form["dry_run"] = "1"
    return client.post(
        "/register/import", data=form, files={"file": (name, data)}, follow_redirects=False
    )


def run(client: TestClient, container: Container, response: Any) -> str:
    assert response.status_code == 303, response.text
    job = str(response.headers["location"].rsplit("/", 1)[1])
    container.run_job(job)
    return client.get(f"/register/import/jobs/{job}").text


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_the_web_import_reads_semicolon_and_tab_separated_files(
    browsers: dict[str, TestClient], container: Container, delimiter: str
) -> None:
    editor = browsers["editor"]
    data = csv_text(THREE, delimiter=delimiter).encode()
    assert b"beurs, onderwijs" in data  # commas inside cells, as Excel writes them
    page = run(editor, container, upload(editor, "inventaris.csv", data, dry_run=False))
    assert "The import is saved." in page, page[-2000:]
    assert count(container, "systems") == 3


def test_excel_csv_utf8_with_a_byte_order_mark_and_crlf_is_read(
    browsers: dict[str, TestClient], container: Container
) -> None:
    editor = browsers["editor"]
    text = csv_text(THREE, delimiter=";").replace("\r\n", "\n").replace("\n", "\r\n")
    page = run(editor, container, upload(editor, "inventaris.csv", ("\ufeff" + text).encode()))
    assert "Dry run: nothing was saved." in page, page[-2000:]


LATIN_1 = "source_id;name_fr\nA-1;Système d'aide\n".encode("latin-1")


@pytest.mark.parametrize(
    ("name", "data", "language", "words"),
    [
        ("inventaire.csv", LATIN_1, "en", ["not UTF-8", "line 2", "0xE8", "Latin-1"]),
        ("inventaire.csv", LATIN_1, "fr", ["UTF-8", "ligne 2", "0xE8", "Latin-1"]),
        ("inventaire.json", '[{"name": "é"}]'.encode("latin-1"), "en", ["not UTF-8", "0xE9"]),
        ("inventory.csv", b"", "en", ["The file is empty."]),
        ("inventory.csv", b"\r\n \n", "nl", ["Het bestand is leeg."]),
        ("inventory.json", b"", "de", ["Die Datei ist leer."]),
        ("inventory.xlsx", b"", "en", ["The file is empty."]),
    ],
)
def test_unreadable_files_are_refused_with_a_message_naming_the_problem(
    browsers: dict[str, TestClient],
    container: Container,
    name: str,
    data: bytes,
    language: str,
    words: list[str],
) -> None:
    editor = browsers["editor"]
    editor.headers["Accept-Language"] = language
    response = upload(editor, name, data)
    assert response.status_code == 422
    error = response.text.split('id="error-file"', 1)[1].split("</", 1)[0]
    assert "not what its name says" not in error
    for word in words:
        assert word in error, (word, error)
    assert count(container, "jobs") == 0


@pytest.mark.parametrize(
    "document",
    [
        "[" * 100_000 + "]" * 100_000,  # beyond what Python's decoder can follow
        json.dumps([{"source_id": "A", "name": {"nl": json.loads("[" * 200 + "]" * 200)}}]),
    ],
    ids=["undecodable", "deep-in-a-field"],
)
def test_deeply_nested_json_gets_a_clear_error(
    browsers: dict[str, TestClient], container: Container, document: str
) -> None:
    editor = browsers["editor"]
    page = run(editor, container, upload(editor, "inventory.json", document.encode()))
    assert "nested too deeply" in page
    assert "failed unexpectedly" not in page
