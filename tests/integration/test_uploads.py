"""Uploaded files: streamed to disk in chunks, bounded in size, and checked for what they claim."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi import UploadFile
from fastapi.testclient import TestClient

from balise.adapters.storage.files import CHUNK, FileStorage
from balise.bootstrap import Container
from balise.config import Settings
from balise.domain.jobs.model import JobStatus
from balise.domain.shared.errors import ValidationError
from balise.web.app import create_app
from balise.web.uploads import SNIFF_BYTES, save_upload

PASSWORD = "a long enough test password"  # the one tests/conftest.py gives every user
HEADER = "slug,name_fr,kind,size_class,sector"


def csrf_of(client: TestClient) -> str:
    if "balise_csrf" not in client.cookies:
        client.get("/login")
    return str(client.cookies["balise_csrf"])


def sign_in(client: TestClient, email: str) -> None:
    response = client.post(
        "/login",
        data={"email": email, "password": PASSWORD, "csrf_token": csrf_of(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


class RecordingStream(io.BytesIO):
    """A real in-memory stream that remembers how much each read asked for."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.requested: list[int | None] = []

    def read(self, size: int | None = -1, /) -> bytes:
        self.requested.append(size)
        return super().read(size)


class BrokenStream(io.BytesIO):
    """A stream whose sender goes away after the first chunk."""

    def read(self, size: int | None = -1, /) -> bytes:
        if self.tell() > 0:
            raise ConnectionResetError("the client went away")
        return super().read(size)


def files_in(root: Path) -> list[Path]:
    return sorted(root.iterdir())


# FileStorage


def test_a_file_is_copied_in_chunks(tmp_path: Path) -> None:
    storage = FileStorage(tmp_path / "uploads")
    data = bytes(range(256)) * (CHUNK // 256) * 3 + b"tail"
    stream = RecordingStream(data)

    key = storage.save(stream, suffix=".csv", max_bytes=len(data))

    assert key.endswith(".csv")
    assert storage.path(key).read_bytes() == data
    assert stream.requested == [CHUNK] * 5
    assert files_in(storage.root) == [storage.path(key)]


def test_a_file_of_exactly_the_limit_is_kept(tmp_path: Path) -> None:
    storage = FileStorage(tmp_path / "uploads")
    key = storage.save(io.BytesIO(b"x" * (2 * CHUNK)), suffix=".csv", max_bytes=2 * CHUNK)
    assert storage.path(key).stat().st_size == 2 * CHUNK


def test_a_file_past_the_limit_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    storage = FileStorage(tmp_path / "uploads")
    stream = RecordingStream(b"x" * (5 * CHUNK))

    with pytest.raises(ValidationError) as refused:
        storage.save(stream, suffix=".csv", max_bytes=CHUNK + 1)

    assert set(refused.value.errors) == {"file"}
    assert len(stream.requested) == 2, "it stops reading as soon as the limit is passed"
    assert files_in(storage.root) == []


def test_a_stream_that_breaks_off_leaves_no_partial_file(tmp_path: Path) -> None:
    storage = FileStorage(tmp_path / "uploads")
    with pytest.raises(ConnectionResetError):
        storage.save(BrokenStream(b"y" * (3 * CHUNK)), suffix=".csv", max_bytes=10 * CHUNK)
    assert files_in(storage.root) == []


@pytest.mark.parametrize("key", ["", "../secret_key", "a/b.csv", ".hidden.csv"])
def test_storage_keys_cannot_leave_the_folder(tmp_path: Path, key: str) -> None:
    with pytest.raises(ValueError, match="bad storage key"):
        FileStorage(tmp_path / "uploads").path(key)


# save_upload


@pytest.fixture
def bare_container(tmp_path: Path) -> Iterator[Container]:
    """A container whose storage is used; its database is never opened."""
    built = Container(
        Settings(
            data_dir=tmp_path / "data", secret_key="test-secret-key", max_upload_bytes=1_048_576
        )
    )
    yield built
    assert "engine" not in built.__dict__


def upload(container: Container, name: str, data: bytes) -> str:
    return asyncio.run(
        save_upload(container, UploadFile(io.BytesIO(data), filename=name), suffix=".csv")
    )


def refused_by_upload(container: Container, name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        upload(container, name, data)
    assert set(refused.value.errors) == {"file"}
    assert files_in(container.storage.root) == []
    return refused.value.errors["file"].key


def csv_cut_at_the_sample_end(character: str, cut_after: int, *, lines_after: int = 3) -> bytes:
    """A valid CSV whose first SNIFF_BYTES end `cut_after` bytes into a multi-byte character."""
    assert 0 < cut_after < len(character.encode())
    data = (HEADER + "\n").encode()
    number = 0
    row_for = "org-{:05d},{},company,small,research\n".format
    while SNIFF_BYTES - len(data) - len(row_for(number, "a" * 150).encode()) >= 100:
        data += row_for(number, "a" * 150).encode()
        number += 1
    filler = SNIFF_BYTES - len(data) - 100 - len(row_for(number, "").encode())
    if filler > 0:  # a shorter line, so that the cut lands in the next line's name
        data += row_for(number, "a" * filler).encode()
        number += 1
    prefix = len(data) + len(f"org-{number:05d},".encode())
    padding = SNIFF_BYTES - cut_after - prefix
    assert 0 <= padding <= 190
    data += row_for(number, "a" * padding + character + "b").encode()
    for extra in range(number + 1, number + 1 + lines_after):
        data += row_for(extra, f"Nom {character}").encode()
    with pytest.raises(UnicodeDecodeError):
        data[:SNIFF_BYTES].decode()
    return data


@pytest.mark.parametrize(
    ("character", "cut_after"), [("é", 1), ("€", 1), ("€", 2), ("😀", 1), ("😀", 3)]
)
def test_a_csv_whose_sample_cuts_a_character_is_accepted(
    bare_container: Container, character: str, cut_after: int
) -> None:
    data = csv_cut_at_the_sample_end(character, cut_after)
    key = upload(bare_container, "Organisations.CSV", data)
    assert bare_container.storage.path(key).read_bytes() == data


def test_a_csv_with_a_byte_order_mark_is_accepted(bare_container: Container) -> None:
    data = "\ufeffslug,name_fr\nun,Société\n".encode()
    key = upload(bare_container, "export.csv", data)
    assert bare_container.storage.path(key).read_bytes() == data


def test_a_name_not_ending_in_csv_is_refused(bare_container: Container) -> None:
    key = refused_by_upload(bare_container, "organisations.xlsx", b"slug,kind\nun,company\n")
    assert key == "Choose a file ending in %(suffix)s."
    refused_by_upload(bare_container, "", b"slug,kind\nun,company\n")


def test_a_binary_file_is_refused(bare_container: Container) -> None:
    key = refused_by_upload(bare_container, "organisations.csv", b"slug,kind\nun,\x00\x01\x02\n")
    assert key == "This file is not a UTF-8 CSV file."


def test_a_file_in_another_encoding_is_refused(bare_container: Container) -> None:
    latin1 = "slug,name_fr\nun,Société Générale\ndeux,Crédit\n".encode("latin-1")
    key = refused_by_upload(bare_container, "organisations.csv", latin1)
    assert key == "This file is not a UTF-8 CSV file."


def test_a_file_of_one_column_is_refused(bare_container: Container) -> None:
    refused_by_upload(bare_container, "organisations.csv", b"just some text\nand more\n")


# The import page


@pytest.fixture
def small_upload_client(container: Container) -> Iterator[tuple[Container, TestClient]]:
    """The application on the same database, accepting uploads of at most 4 KiB."""
    small = Container(container.settings.model_copy(update={"max_upload_bytes": 4096}))
    with TestClient(create_app(small), base_url="http://testserver") as test_client:
        test_client.headers["Accept-Language"] = "en"
        yield small, test_client
    small.dispose()


def job_count(container: Container) -> int:
    with container.engine.connect() as connection:
        return int(connection.execute(sa.text("SELECT COUNT(*) FROM jobs")).scalar_one())


def large_csv() -> bytes:
    rows = [f"org-{n:04d},Organisation {n},company,small,research" for n in range(200)]
    return "\n".join([HEADER, *rows, ""]).encode()


def test_the_import_page_refuses_a_too_large_upload(
    world: dict[str, object], small_upload_client: tuple[Container, TestClient]
) -> None:
    small, client = small_upload_client
    sign_in(client, "admin@balise.test")
    data = large_csv()
    assert len(data) > 4096

    response = client.post(
        "/organisations/import",
        data={"csrf_token": csrf_of(client)},
        files={"file": ("organisations.csv", data, "text/csv")},
        follow_redirects=False,
    )

    assert response.status_code == 413
    assert job_count(small) == 0
    assert not small.storage.root.exists() or files_in(small.storage.root) == []


def test_the_import_page_refuses_a_too_large_upload_without_a_length(
    world: dict[str, object], small_upload_client: tuple[Container, TestClient]
) -> None:
    """A chunked body declares no length; it is counted as it arrives."""
    small, client = small_upload_client
    sign_in(client, "admin@balise.test")
    boundary = "balise-test-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
            f'{csrf_of(client)}\r\n--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="organisations.csv"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        + large_csv()
        + f"\r\n--{boundary}--\r\n".encode()
    )

    def chunks() -> Iterator[bytes]:
        yield body

    response = client.post(
        "/organisations/import",
        content=chunks(),
        follow_redirects=False,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )

    assert response.status_code == 413
    assert job_count(small) == 0


def test_the_import_page_refuses_a_file_that_is_not_csv(
    container: Container, world: dict[str, object], client: TestClient
) -> None:
    sign_in(client, "admin@balise.test")
    response = client.post(
        "/organisations/import",
        data={"csrf_token": csrf_of(client)},
        files={"file": ("organisations.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "text/csv")},
    )
    assert response.status_code == 422
    assert "This file is not a UTF-8 CSV file." in response.text
    assert job_count(container) == 0
    assert files_in(container.storage.root) == []


def test_a_file_whose_sample_cuts_a_character_imports_whole(
    container: Container, world: dict[str, object], client: TestClient
) -> None:
    sign_in(client, "admin@balise.test")
    data = csv_cut_at_the_sample_end("é", 1)
    lines = data.decode().count("\n") - 1

    response = client.post(
        "/organisations/import",
        data={"csrf_token": csrf_of(client)},
        files={"file": ("organisations.csv", data, "text/csv")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    job_id = response.headers["location"].removeprefix("/jobs/")
    finished = container.run_job(job_id)

    assert finished.status is JobStatus.SUCCEEDED, finished.error
    assert finished.result == {"imported": lines}
    page = client.get(f"/jobs/{job_id}")
    assert f"{lines} organisations were imported." in page.text
    with container.uow(read_only=True) as uow:
        cut = uow.organisations.find_by_slug(f"org-{lines - 4:05d}")
    assert cut is not None
    assert cut.name.fr.endswith("éb")


def test_a_file_that_turns_out_not_utf8_after_the_sample_fails_its_job(
    container: Container, world: dict[str, object], client: TestClient
) -> None:
    sign_in(client, "admin@balise.test")
    data = csv_cut_at_the_sample_end("é", 1) + "zz,Société,company,small,research\n".encode(
        "latin-1"
    )
    response = client.post(
        "/organisations/import",
        data={"csrf_token": csrf_of(client)},
        files={"file": ("organisations.csv", data, "text/csv")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    job_id = response.headers["location"].removeprefix("/jobs/")

    finished = container.run_job(job_id)

    assert finished.status is JobStatus.FAILED
    assert "This file is not a UTF-8 CSV file." in client.get(f"/jobs/{job_id}").text
    with container.uow(read_only=True) as uow:
        assert uow.organisations.find_by_slug("org-00000") is None
