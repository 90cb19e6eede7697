"""Registered connections through the services and the job, on SQLite and PostgreSQL: a real
table on the PostgreSQL server at 127.0.0.1 is audited where it lives, with the same numbers as
the same rows in a file, and the stored connection never holds the password in clear."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from audit_connections_support import ROWS, SECRET_PASSWORD, decisions_table, postgres_form
from balise.bootstrap import Container
from balise.domain.accounts.model import Actor, User
from balise.domain.audits.reports import AuditKind
from balise.domain.shared.errors import NotFound, PermissionDenied, ValidationError
from balise.services import audit_connections, audits
from balise.services.audits_files import run_fairness_audit


@pytest.fixture
def table() -> Iterator[str]:
    with decisions_table() as name:
        yield name


def actor(world: dict[str, Any], name: str) -> Actor:
    user: User = world["users"][name]
    return Actor(user=user)


def test_an_audit_from_a_connection_matches_the_file(
    container: Container, world: dict[str, Any], table: str, tmp_path: Path
) -> None:
    editor = actor(world, "editor")
    alpha = world["organisations"]["alpha"].id
    with container.uow() as uow:
        created = audit_connections.create_connection(
            uow,
            actor=editor,
            box=container.connection_box,
            organisation_id=alpha,
            values=postgres_form(table),
        )
        uow.commit()
    assert created.id is not None
    assert SECRET_PASSWORD not in created.sealed
    assert SECRET_PASSWORD not in created.address
    source = container.open_connection(created)
    try:
        columns = source.column_types()
    finally:
        source.close()
    assert columns == {"sex": "text", "label": "integer", "decision": "integer"}
    with container.uow() as uow:
        audit_connections.record_test(uow, actor=editor, connection_id=created.id, columns=columns)
        report, job = audit_connections.start_connection_audit(
            uow,
            actor=editor,
            connection_id=created.id,
            kind=AuditKind.FAIRNESS,
            parameters={"label": "label", "prediction": "decision", "sensitive": ["sex"]},
        )
        uow.commit()
    finished = container.run_job(job.id)
    assert finished.error is None, finished.error
    assert report.id is not None
    with container.uow(read_only=True) as uow:
        stored = audits.get_report(uow, actor=editor, report_id=report.id)
    assert stored.result is not None
    document = stored.result.to_json()

    path = tmp_path / "decisions.csv"
    with path.open("w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["sex", "label", "decision"])
        writer.writerows(ROWS)
    file_source = container.audit_source(path)
    try:
        from_file = run_fairness_audit(
            file_source,
            file_name="decisions.csv",
            label="label",
            prediction="decision",
            sensitive=["sex"],
        ).to_json()
    finally:
        file_source.close()
    assert document["data"]["engine"] == "postgresql"
    assert len(document["data"]["query_sha256"]) == 64
    assert document["data"]["source"].endswith(f"table={table}")
    assert SECRET_PASSWORD not in io.StringIO(repr(document)).getvalue()
    for key in ("overall", "groups", "disparities", "four_fifths"):
        assert document[key] == from_file[key], key


def test_representativeness_from_a_connection(
    container: Container, world: dict[str, Any], table: str
) -> None:
    editor = actor(world, "editor")
    with container.uow() as uow:
        created = audit_connections.create_connection(
            uow,
            actor=editor,
            box=container.connection_box,
            organisation_id=world["organisations"]["alpha"].id,
            values=postgres_form(table),
        )
        assert created.id is not None
        with pytest.raises(ValidationError) as untested:
            audit_connections.start_connection_audit(
                uow,
                actor=editor,
                connection_id=created.id,
                kind=AuditKind.REPRESENTATIVENESS,
                parameters={"mapping": {"sex": "sex"}},
            )
        assert set(untested.value.errors) == {"connection"}
        audit_connections.record_test(
            uow,
            actor=editor,
            connection_id=created.id,
            columns={"sex": "text", "label": "integer", "decision": "integer"},
        )
        report, job = audit_connections.start_connection_audit(
            uow,
            actor=editor,
            connection_id=created.id,
            kind=AuditKind.REPRESENTATIVENESS,
            parameters={"mapping": {"sex": "sex"}, "threshold": 0.8},
        )
        uow.commit()
    finished = container.run_job(job.id)
    assert finished.error is None, finished.error
    assert report.id is not None
    with container.uow(read_only=True) as uow:
        stored = audits.get_report(uow, actor=editor, report_id=report.id)
    assert stored.result is not None
    assert stored.result.to_json()["data"]["engine"] == "postgresql"


def test_other_organisations_and_regulators_cannot_use_it(
    container: Container, world: dict[str, Any], table: str
) -> None:
    with container.uow() as uow:
        created = audit_connections.create_connection(
            uow,
            actor=actor(world, "editor"),
            box=container.connection_box,
            organisation_id=world["organisations"]["alpha"].id,
            values=postgres_form(table),
        )
        uow.commit()
    assert created.id is not None
    with container.uow() as uow:
        for name in ("other-editor", "regulator"):
            with pytest.raises(NotFound):
                audit_connections.get_connection(
                    uow, actor=actor(world, name), connection_id=created.id
                )
        with pytest.raises(PermissionDenied):
            audit_connections.list_connections(
                uow,
                actor=actor(world, "other-editor"),
                organisation_id=world["organisations"]["alpha"].id,
            )
        with pytest.raises(PermissionDenied):
            audit_connections.create_connection(
                uow,
                actor=actor(world, "regulator"),
                box=container.connection_box,
                organisation_id=world["organisations"]["alpha"].id,
                values=postgres_form(table, name="Other"),
            )


def test_a_failed_connection_is_reported_on_the_job_without_the_password(
    container: Container, world: dict[str, Any], table: str
) -> None:
    editor = actor(world, "editor")
    url = f"postgresql://postgres:{SECRET_PASSWORD}@127.0.0.1:1/postgres"
    with container.uow() as uow:
        created = audit_connections.create_connection(
            uow,
            actor=editor,
            box=container.connection_box,
            organisation_id=world["organisations"]["alpha"].id,
            values={"name": "Closed", "engine": "postgresql", "url": url, "table": table},
        )
        assert created.id is not None
        audit_connections.record_test(
            uow,
            actor=editor,
            connection_id=created.id,
            columns={"sex": "text", "label": "integer", "decision": "integer"},
        )
        _, job = audit_connections.start_connection_audit(
            uow,
            actor=editor,
            connection_id=created.id,
            kind=AuditKind.FAIRNESS,
            parameters={"label": "label", "prediction": "decision", "sensitive": ["sex"]},
        )
        uow.commit()
    finished = container.run_job(job.id)
    assert finished.error is not None
    assert finished.error["message"]["key"].startswith("The data cannot be read where it lives")
    assert SECRET_PASSWORD not in repr(finished.error)
