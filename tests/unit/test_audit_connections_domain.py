"""Registered audit connections on plain inputs: checking what people type (every wrong field at
once), the sealed address and its round trip through Fernet, the key from the settings or
generated into the data directory, and error messages that never carry the password."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from balise.adapters.analytics.connection_secrets import FernetBox, SealError
from balise.bootstrap import Container
from balise.config import Settings
from balise.domain.audits.connections import (
    AuditConnection,
    ConnectionEngine,
    connection_details,
    scrub,
)
from balise.domain.audits.sources import SourceAddress, SourceKind
from balise.domain.shared.errors import OperationFailed, ValidationError

PASSWORD = "p@ss:w/rd"


def fields(**changes: str) -> dict[str, object]:
    return {
        "name": "Decision log",
        "engine": "postgresql",
        "host": "db.example.be",
        "port": "5433",
        "database": "decisions",
        "user": "auditor",
        "password": PASSWORD,
        "table": "log.y2026",
        **changes,
    }


def test_fields_make_one_address_with_the_password_only_in_the_secret() -> None:
    details = connection_details(fields())
    assert details.engine is ConnectionEngine.POSTGRESQL
    assert details.has_password
    assert details.address == "postgresql://auditor@db.example.be:5433/decisions?table=log.y2026"
    assert PASSWORD not in details.address
    assert PASSWORD not in repr(details)
    source = details.source
    assert source.kind is SourceKind.POSTGRESQL
    assert source.target == "log.y2026"
    assert "p%40ss%3Aw%2Frd" in source.url  # quoted in the URL, read back by libpq


def test_a_url_may_name_the_table_or_take_it_from_the_field() -> None:
    url = "postgresql://auditor:secret@db:5432/decisions?sslmode=require&table=public.log"
    details = connection_details({"name": "A", "engine": "postgresql", "url": url})
    assert details.target == "public.log"
    assert (
        details.address == "postgresql://auditor@db:5432/decisions?sslmode=require&table=public.log"
    )
    assert SourceAddress.parse(details.secret_address).url.startswith(
        "postgresql://auditor:secret@"
    )
    other = connection_details(
        {"name": "A", "engine": "postgresql", "url": url.split("?", maxsplit=1)[0], "table": "x"}
    )
    assert other.target == "x"


def test_every_wrong_field_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        connection_details({"name": "", "engine": "postgresql", "port": "0"})
    assert set(caught.value.errors) == {"name", "host", "database", "table", "port"}
    with pytest.raises(ValidationError) as caught:
        connection_details({"name": "x", "engine": "oracle"})
    assert set(caught.value.errors) == {"engine"}
    with pytest.raises(ValidationError) as caught:
        connection_details({"name": "x", "engine": "postgresql", "url": "mysql://h/db"})
    assert set(caught.value.errors) == {"url"}
    with pytest.raises(ValidationError) as caught:
        connection_details({"name": "x", "engine": "spark", "spark": "  "})
    assert set(caught.value.errors) == {"spark"}


def test_spark_takes_what_the_command_line_takes() -> None:
    for text in ("spark:warehouse.decisions", "warehouse.decisions"):
        details = connection_details({"name": "S", "engine": "spark", "spark": text})
        assert details.secret_address == "spark:warehouse.decisions"
        assert details.address == "spark:warehouse.decisions"
        assert not details.has_password


def test_a_blank_password_keeps_the_stored_one() -> None:
    details = connection_details(fields(password=""), kept_password="kept")
    assert details.has_password
    assert ":kept@" in details.secret_address


def test_the_facts_shown_never_hold_the_password() -> None:
    details = connection_details(fields())
    now = datetime(2026, 12, 3, tzinfo=UTC)
    found = AuditConnection(
        organisation_id=1,
        name=details.name,
        engine=details.engine,
        address=details.address,
        target=details.target,
        sealed="sealed",
        has_password=True,
        created_at=now,
        updated_at=now,
    )
    assert found.facts() == {
        "host": "db.example.be",
        "port": "5433",
        "database": "decisions",
        "user": "auditor",
        "table": "log.y2026",
    }
    assert PASSWORD not in repr(found.event_json())


def test_scrub_removes_the_password_and_the_full_address() -> None:
    secret = connection_details(fields()).secret_address
    url = SourceAddress.parse(secret).url
    message = f'missing "=" after "{url}" in connection info; password {PASSWORD}'
    cleaned = scrub(message, secret)
    assert PASSWORD not in cleaned
    assert "p%40ss" not in cleaned
    assert "postgresql://auditor@db.example.be:5433/decisions" in cleaned


def test_sealing_round_trip_and_keys() -> None:
    key = Fernet.generate_key().decode()
    box = FernetBox([key])
    token = box.seal("postgresql://u:secret@h/db?table=t")
    assert "secret" not in token
    assert box.unseal(token) == "postgresql://u:secret@h/db?table=t"
    # A passphrase of 32 characters or more is a key too; a rotated key still opens.
    rotated = FernetBox(["a passphrase of at least thirty-two characters", key])
    assert rotated.unseal(token) == "postgresql://u:secret@h/db?table=t"
    with pytest.raises(OperationFailed):
        FernetBox([Fernet.generate_key().decode()]).unseal(token)
    with pytest.raises(SealError):
        FernetBox(["too short"])


def test_the_key_is_generated_once_into_the_data_directory(tmp_path: Path) -> None:
    container = Container(Settings(data_dir=tmp_path / "data"))
    token = container.connection_box.seal("spark:t")
    path = tmp_path / "data" / "connections_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = Container(Settings(data_dir=tmp_path / "data"))
    assert again.connection_box.unseal(token) == "spark:t"


def test_the_key_from_the_settings_or_a_file(tmp_path: Path) -> None:
    key = Fernet.generate_key().decode()
    from_setting = Container(Settings(data_dir=tmp_path, connections_key=key)).connection_box
    key_file = tmp_path / "key"
    key_file.write_text(f"{Fernet.generate_key().decode()}\n{key}\n")
    from_file = Container(
        Settings(data_dir=tmp_path, connections_key_file=str(key_file))
    ).connection_box
    assert from_file.unseal(from_setting.seal("spark:t")) == "spark:t"
    assert not (tmp_path / "connections_key").exists()
