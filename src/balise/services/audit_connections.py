"""Registered data connections of the audits area: an organisation's staff register where a
decision log lives (a PostgreSQL table or view, a Spark table or files), test it, and start
fairness or representativeness audits from it; the count query runs in that engine.

The full address (password included) is sealed with the `SecretBox` the composition root holds
(its key outside the database) before it is stored, and never shown again: pages, the API and
the audit log see the address without its password. Who may do this is who runs the
organisation's audits (`services.permissions.can_run_audit`); anyone else gets a 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from balise.domain.accounts.model import Actor, Role
from balise.domain.audits.connections import (
    AuditConnection,
    ConnectionEngine,
    connection_details,
    password_of,
)
from balise.domain.audits.reports import AuditKind, AuditReport
from balise.domain.audits.requests import fairness_parameters, representativeness_parameters
from balise.domain.audits.sources import SourceAddress
from balise.domain.jobs.model import Job
from balise.domain.organisations.model import Organisation
from balise.domain.shared.errors import NotFound, PermissionDenied, ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.services.audit_log import record_event
from balise.services.audits import queue_audit
from balise.services.audits_uploads import require_run
from balise.services.organisations import get_organisation
from balise.services.permissions import DENIED, can_run_audit
from balise.services.ports import SecretBox, UnitOfWork

NO_CONNECTION = Message(N_("There is no such connection."))
CONNECTION_PARAMETER = "connection_id"


def list_connections(
    uow: UnitOfWork, *, actor: Actor, organisation_id: int
) -> list[AuditConnection]:
    """The organisation's connections, for those who run its audits."""
    if not can_run_audit(actor, organisation_id):
        raise PermissionDenied(DENIED)
    return uow.audit_connections.list_for(organisation_id)


def list_own_connections(uow: UnitOfWork, *, actor: Actor) -> list[AuditConnection]:
    """Every connection the actor may use: all of them for an administrator, else those of
    their organisation (when they run its audits)."""
    if actor.role is Role.ADMIN:
        return uow.audit_connections.list_all()
    organisation_id = actor.user.organisation_id if actor.user else None
    if organisation_id is None or not can_run_audit(actor, organisation_id):
        return []
    return uow.audit_connections.list_for(organisation_id)


def get_connection(uow: UnitOfWork, *, actor: Actor, connection_id: int) -> AuditConnection:
    """A connection, for those who run its organisation's audits; a 404 for anyone else."""
    found = uow.audit_connections.get(connection_id)
    if found is None or not can_run_audit(actor, found.organisation_id):
        raise NotFound(NO_CONNECTION)
    return found


def find_connection(
    uow: UnitOfWork, *, actor: Actor, organisation_id: int, name: str
) -> AuditConnection:
    """A connection by its name within an organisation (the command line's `--connection`)."""
    found = uow.audit_connections.find(organisation_id, name)
    if found is None or not can_run_audit(actor, found.organisation_id):
        raise NotFound(NO_CONNECTION)
    return found


def _name_is_free(
    uow: UnitOfWork, organisation_id: int, name: str, connection_id: int | None = None
) -> None:
    other = uow.audit_connections.find(organisation_id, name)
    if other is not None and other.id != connection_id:
        raise ValidationError.single(
            "name", N_("The organisation already has a connection called %(name)s."), name=name
        )


def create_connection(
    uow: UnitOfWork,
    *,
    actor: Actor,
    box: SecretBox,
    organisation_id: int,
    values: Mapping[str, object],
) -> AuditConnection:
    """Register a connection: its address sealed, every wrong field named at once."""
    require_run(actor, organisation_id)
    details = connection_details(dict(values))
    _name_is_free(uow, organisation_id, details.name)
    now = uow.clock.now()
    added = uow.audit_connections.add(
        AuditConnection(
            organisation_id=organisation_id,
            name=details.name,
            engine=details.engine,
            address=details.address,
            target=details.target,
            sealed=box.seal(details.secret_address),
            has_password=details.has_password,
            created_by=actor.user.id if actor.user else None,
            created_at=now,
            updated_at=now,
        )
    )
    record_event(
        uow,
        actor=actor,
        event_type="audit_connection.created",
        entity_type="audit_connection",
        entity_id=added.id,
        after=added.event_json(),
    )
    return added


def replace_connection(
    uow: UnitOfWork,
    *,
    actor: Actor,
    box: SecretBox,
    connection_id: int,
    values: Mapping[str, object],
) -> AuditConnection:
    """New details for a connection. A blank password keeps the stored one when the server is
    given field by field; a new address needs its own password."""
    found = get_connection(uow, actor=actor, connection_id=connection_id)
    require_run(actor, found.organisation_id)
    kept = ""
    if found.engine is ConnectionEngine.POSTGRESQL and found.has_password:
        kept = password_of(SourceAddress.parse(box.unseal(found.sealed)))
    details = connection_details(dict(values), kept_password=kept)
    _name_is_free(uow, found.organisation_id, details.name, found.id)
    changed = replace(
        found,
        name=details.name,
        engine=details.engine,
        address=details.address,
        target=details.target,
        sealed=box.seal(details.secret_address),
        has_password=details.has_password,
        columns=None,
        tested_at=None,
        updated_at=uow.clock.now(),
    )
    uow.audit_connections.replace(changed)
    record_event(
        uow,
        actor=actor,
        event_type="audit_connection.updated",
        entity_type="audit_connection",
        entity_id=found.id,
        before=found.event_json(),
        after=changed.event_json(),
    )
    return changed


def remove_connection(uow: UnitOfWork, *, actor: Actor, connection_id: int) -> AuditConnection:
    """Forget a connection and its sealed address; the reports made from it stay."""
    found = get_connection(uow, actor=actor, connection_id=connection_id)
    require_run(actor, found.organisation_id)
    assert found.id is not None
    uow.audit_connections.remove(found.id)
    record_event(
        uow,
        actor=actor,
        event_type="audit_connection.deleted",
        entity_type="audit_connection",
        entity_id=found.id,
        before=found.event_json(),
    )
    return found


def record_test(
    uow: UnitOfWork, *, actor: Actor, connection_id: int, columns: dict[str, str]
) -> AuditConnection:
    """Keep the columns a successful test found: the audit form offers them."""
    found = get_connection(uow, actor=actor, connection_id=connection_id)
    require_run(actor, found.organisation_id)
    assert found.id is not None
    uow.audit_connections.set_columns(found.id, columns, at=uow.clock.now())
    record_event(
        uow,
        actor=actor,
        event_type="audit_connection.tested",
        entity_type="audit_connection",
        entity_id=found.id,
        after={"columns": len(columns)},
    )
    tested = uow.audit_connections.get(found.id)
    assert tested is not None
    return tested


def connection_for_use(uow: UnitOfWork, *, actor: Actor, connection_id: int) -> AuditConnection:
    """A connection its organisation's staff may use (test it, audit from it)."""
    found = get_connection(uow, actor=actor, connection_id=connection_id)
    require_run(actor, found.organisation_id)
    return found


def start_connection_audit(
    uow: UnitOfWork,
    *,
    actor: Actor,
    connection_id: int,
    kind: AuditKind,
    parameters: Mapping[str, Any],
    job_params: Mapping[str, Any] | None = None,
) -> tuple[AuditReport, Job]:
    """Record an audit of the data behind a connection and its queued job (the caller enqueues
    it once this transaction commits). The columns are those the last test found; the job
    checks them again in the engine."""
    found = connection_for_use(uow, actor=actor, connection_id=connection_id)
    if not found.columns:
        raise ValidationError.single(
            "connection", N_("Test the connection first: its columns are not known yet.")
        )
    given = dict(parameters)
    if kind is AuditKind.FAIRNESS:
        checked = fairness_parameters(found.columns, **given)
    else:
        given.pop("pairs", None)
        given.pop("reference_upload", None)
        checked = representativeness_parameters(found.columns, **given)
    checked = {**checked, CONNECTION_PARAMETER: found.id}
    report, job = queue_audit(
        uow,
        actor=actor,
        report=AuditReport(
            kind=kind,
            organisation_id=found.organisation_id,
            file_name=found.name,
            parameters=checked,
            created_at=uow.clock.now(),
        ),
        job_params=job_params,
        source={"connection": found.name},
    )
    record_event(
        uow,
        actor=actor,
        event_type="audit_connection.used",
        entity_type="audit_connection",
        entity_id=found.id,
        after={"audit": report.id, "kind": kind.value, "address": found.address},
    )
    return report, job


def organisation_id_of(uow: UnitOfWork, *, actor: Actor, slug: str) -> int:
    organisation = get_organisation(uow, actor=actor, slug=slug)
    assert organisation.id is not None
    return organisation.id


def use_connection(
    uow: UnitOfWork, *, actor: Actor, organisation_slug: str, name: str, kind: str
) -> AuditConnection:
    """A connection named on the command line, its use recorded (the audit runs there, in the
    command's process; no report is kept in Balise)."""
    organisation_id = organisation_id_of(uow, actor=actor, slug=organisation_slug)
    found = find_connection(uow, actor=actor, organisation_id=organisation_id, name=name)
    require_run(actor, found.organisation_id)
    record_event(
        uow,
        actor=actor,
        event_type="audit_connection.used",
        entity_type="audit_connection",
        entity_id=found.id,
        after={"kind": kind, "address": found.address, "from": "command line"},
    )
    return found


def organisation_of(uow: UnitOfWork, found: AuditConnection) -> Organisation:
    """The organisation a connection (already read through `get_connection`) belongs to."""
    organisation = uow.organisations.get(found.organisation_id)
    if organisation is None:
        raise NotFound(NO_CONNECTION)
    return organisation
