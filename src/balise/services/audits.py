"""Fairness and representativeness audits kept in Balise: starting one on an upload, the
background run that fills its report, who reads it, and what the public portal shows of it.

The area's other service modules: `services/audits_uploads.py` (the uploaded files) and
`services/audits_files.py` (auditing a file through the `AuditSource` port, as `balise audit`
does). The numbers come from the domain (`domain/audits/`); who may run or read audits is
decided in `services/permissions.py`.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from balise.domain.accounts.model import Actor
from balise.domain.audits.connections import AuditConnection
from balise.domain.audits.fairness import AuditParameters
from balise.domain.audits.findings import Finding, findings
from balise.domain.audits.reports import (
    AuditDocument,
    AuditKind,
    AuditReport,
    PortalVisibility,
)
from balise.domain.audits.representativeness import ReferencePopulation
from balise.domain.audits.requests import fairness_parameters, representativeness_parameters
from balise.domain.audits.uploads import AuditUpload, FileFormat
from balise.domain.jobs.model import Job, JobStatus
from balise.domain.organisations.model import Organisation
from balise.domain.register.model import SystemRecord
from balise.domain.shared.errors import NotFound, PermissionDenied, ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.services import register
from balise.services.audit_log import record_event
from balise.services.audits_files import (
    load_reference,
    run_fairness_audit,
    run_representativeness,
)
from balise.services.audits_uploads import (
    NO_UPLOAD,
    AuditTarget,
    complete_upload,
    require_run,
)
from balise.services.organisations import get_organisation
from balise.services.permissions import DENIED, can_read_audit
from balise.services.ports import AuditSource, Storage, UnitOfWork

AUDIT_JOB = "audits.run"
REFERENCE_MAX_BYTES = 5 * 1_048_576
NO_REPORT = Message(N_("There is no such audit."))


@dataclass(frozen=True)
class AuditOwner:
    """Where audits hang: an organisation, or one of its register records."""

    target: AuditTarget
    organisation: Organisation
    record: SystemRecord | None = None


def organisation_owner(uow: UnitOfWork, *, actor: Actor, slug: str) -> AuditOwner:
    """An organisation's audits (who may read or run them is checked where they are used)."""
    organisation = get_organisation(uow, actor=actor, slug=slug)
    assert organisation.id is not None
    return AuditOwner(AuditTarget(organisation.id), organisation)


def system_owner(uow: UnitOfWork, *, actor: Actor, slug: str, write: bool = False) -> AuditOwner:
    """A register record's audits: its organisation's people, administrators and regulators
    read them; those who may update the record run them."""
    record = (
        register.system_for_update(uow, actor, slug)
        if write
        else register.system_for_reading(uow, actor, slug)
    )
    organisation = register.organisation_of(uow, record)
    return AuditOwner(AuditTarget(record.organisation_id, record.id), organisation, record)


def reference_of(
    uow: UnitOfWork, *, actor: Actor, storage: Storage, upload_id: str
) -> tuple[AuditUpload, ReferencePopulation]:
    """A reference population uploaded as a CSV file (one row per cell and a population or
    count column), read and checked."""
    try:
        upload = complete_upload(uow, actor=actor, upload_id=upload_id)
    except (NotFound, ValidationError):
        raise ValidationError.single(
            "reference", N_("Choose the reference population's CSV file.")
        ) from None
    if upload.file_format is not FileFormat.CSV or upload.size > REFERENCE_MAX_BYTES:
        raise ValidationError.single(
            "reference",
            N_("A reference population is a CSV file of at most %(size)s MB."),
            size=REFERENCE_MAX_BYTES // 1_048_576,
        )
    population, _ = load_reference(storage.path(upload.storage_key))
    return upload, population


def checked_parameters(
    uow: UnitOfWork,
    *,
    actor: Actor,
    upload: AuditUpload,
    kind: AuditKind,
    parameters: Mapping[str, Any],
    storage: Storage | None,
) -> dict[str, Any]:
    """The parameters of an audit of `upload`, checked against its columns (every wrong field
    at once); for representativeness, `reference_upload` names an upload holding another
    reference population than the Belgian one."""
    assert upload.columns is not None
    if kind is AuditKind.FAIRNESS:
        return fairness_parameters(upload.columns, **parameters)
    given = dict(parameters)
    reference_upload = given.pop("reference_upload", None)
    if not reference_upload:
        given.pop("pairs", None)
        return representativeness_parameters(upload.columns, **given)
    assert storage is not None
    stored, population = reference_of(uow, actor=actor, storage=storage, upload_id=reference_upload)
    given.pop("mapping", None)
    checked = representativeness_parameters(upload.columns, reference=population, **given)
    return checked | {"reference_upload": stored.id, "reference_name": stored.file_name}


def start_audit(
    uow: UnitOfWork,
    *,
    actor: Actor,
    upload_id: str,
    kind: AuditKind,
    parameters: Mapping[str, Any],
    job_params: Mapping[str, Any] | None = None,
    storage: Storage | None = None,
) -> tuple[AuditReport, Job]:
    """Record an audit of a finished upload and its queued job; the caller enqueues the job
    once this transaction commits. `parameters` are the keyword arguments of
    domain.audits.requests.fairness_parameters() or representativeness_parameters() (and
    `reference_upload`, read through `storage`)."""
    upload = complete_upload(uow, actor=actor, upload_id=upload_id)
    checked = checked_parameters(
        uow, actor=actor, upload=upload, kind=kind, parameters=parameters, storage=storage
    )
    return queue_audit(
        uow,
        actor=actor,
        report=AuditReport(
            kind=kind,
            organisation_id=upload.organisation_id,
            system_id=upload.system_id,
            upload_id=upload.id,
            file_name=upload.file_name,
            parameters=checked,
            created_at=uow.clock.now(),
        ),
        job_params=job_params,
        source={"file_name": upload.file_name},
    )


def queue_audit(
    uow: UnitOfWork,
    *,
    actor: Actor,
    report: AuditReport,
    job_params: Mapping[str, Any] | None,
    source: Mapping[str, Any],
) -> tuple[AuditReport, Job]:
    """Record the audit's report and its queued job (`source` says where the data is, for the
    log); the caller enqueues the job once this transaction commits."""
    job = Job(
        id=secrets.token_hex(16),
        kind=AUDIT_JOB,
        status=JobStatus.QUEUED,
        created_at=uow.clock.now(),
        created_by=actor.user.id if actor.user else None,
    )
    uow.jobs.add(job, dict(job_params or {}))
    report = uow.audit_reports.add(
        replace(report, job_id=job.id, created_by=job.created_by, created_at=job.created_at)
    )
    record_event(
        uow,
        actor=actor,
        event_type="audit.started",
        entity_type="audit",
        entity_id=report.id,
        after={"kind": report.kind.value, **source, "parameters": report.parameters},
    )
    return report, job


@dataclass(frozen=True)
class AuditWork:
    """What a background run needs: the report to fill and the file to read."""

    report_id: int
    kind: AuditKind
    storage_key: str
    file_name: str
    parameters: dict[str, Any]
    reference_key: str | None = None
    connection: AuditConnection | None = None  # the data lives behind a registered connection
    address: str = ""  # where the data lives, without password, for the report


def audit_work(uow: UnitOfWork, *, job_id: str) -> AuditWork:
    report = uow.audit_reports.find_by_job(job_id)
    if report is None or report.id is None:
        raise NotFound(NO_REPORT)
    if report.upload_id is None and (connection_id := report.parameters.get("connection_id")):
        connection = uow.audit_connections.get(int(connection_id))
        if connection is None:
            raise NotFound(Message(N_("There is no such connection.")))
        return AuditWork(
            report.id,
            report.kind,
            "",
            report.file_name,
            report.parameters,
            connection=connection,
            address=connection.address,
        )
    if report.upload_id is None:
        raise NotFound(NO_REPORT)
    upload = uow.audit_uploads.get(report.upload_id)
    if upload is None:
        raise NotFound(NO_UPLOAD)
    reference_key = None
    if reference_id := report.parameters.get("reference_upload"):
        reference = uow.audit_uploads.get(reference_id)
        if reference is None:
            raise NotFound(NO_UPLOAD)
        reference_key = reference.storage_key
    return AuditWork(
        report.id,
        report.kind,
        upload.storage_key,
        report.file_name,
        report.parameters,
        reference_key,
    )


def compute_audit(
    work: AuditWork, source: AuditSource, storage: Storage | None = None
) -> AuditDocument:
    """Run the audit a report asks for on its file."""
    parameters = work.parameters
    if work.kind is AuditKind.FAIRNESS:
        return run_fairness_audit(
            source,
            file_name=work.file_name,
            label=parameters["label"],
            prediction=parameters["prediction"],
            sensitive=parameters["sensitive"],
            score=parameters.get("score"),
            positive=parameters.get("positive"),
            parameters=AuditParameters(
                min_group_size=parameters["min_group_size"],
                four_fifths_threshold=parameters["four_fifths_threshold"],
            ),
            address=work.address,
        )
    reference = None
    if work.reference_key is not None:
        assert storage is not None
        reference = storage.path(work.reference_key)
    return run_representativeness(
        source,
        file_name=work.file_name,
        columns=parameters["columns"],
        reference=reference,
        threshold=parameters["threshold"],
        # the name people gave the file, not its storage key
        reference_name=parameters.get("reference_name", "") if reference is not None else None,
        address=work.address,
    )


def store_audit_result(
    uow: UnitOfWork, *, actor: Actor, report_id: int, document: AuditDocument
) -> AuditReport:
    report = uow.audit_reports.get(report_id)
    if report is None:
        raise NotFound(NO_REPORT)
    sha256 = document.data.sha256
    uow.audit_reports.set_result(report_id, result=document, data_sha256=sha256, at=uow.clock.now())
    record_event(
        uow,
        actor=actor,
        event_type="audit.completed",
        entity_type="audit",
        entity_id=report_id,
        after={"kind": report.kind.value, "sha256": sha256, "rows": document.data.rows},
    )
    stored = uow.audit_reports.get(report_id)
    assert stored is not None
    return stored


def get_report(uow: UnitOfWork, *, actor: Actor, report_id: int) -> AuditReport:
    """A report, for those who may read its organisation's audits; a 404 for anyone else."""
    report = uow.audit_reports.get(report_id)
    if report is None or not can_read_audit(actor, report.organisation_id):
        raise NotFound(NO_REPORT)
    return report


@dataclass(frozen=True)
class ReportDetails:
    """A report with its job and what it is attached to: a register record, or else its
    organisation."""

    report: AuditReport
    job: Job | None
    record: SystemRecord | None
    organisation: Organisation | None


def get_report_details(uow: UnitOfWork, *, actor: Actor, report_id: int) -> ReportDetails:
    report = get_report(uow, actor=actor, report_id=report_id)
    job = uow.jobs.get(report.job_id) if report.job_id else None
    record = uow.systems.get(report.system_id) if report.system_id else None
    return ReportDetails(report, job, record, uow.organisations.get(report.organisation_id))


def list_reports(uow: UnitOfWork, *, actor: Actor, target: AuditTarget) -> list[AuditReport]:
    if not can_read_audit(actor, target.organisation_id):
        raise PermissionDenied(DENIED)
    return uow.audit_reports.list_for(
        organisation_id=target.organisation_id, system_id=target.system_id
    )


def list_reports_with_jobs(
    uow: UnitOfWork, *, actor: Actor, target: AuditTarget
) -> list[tuple[AuditReport, Job | None]]:
    """The reports of an organisation or a record, newest first, each with its job."""
    return [
        (report, uow.jobs.get(report.job_id) if report.job_id else None)
        for report in list_reports(uow, actor=actor, target=target)
    ]


def set_portal_visibility(
    uow: UnitOfWork, *, actor: Actor, report_id: int, visibility: PortalVisibility | str
) -> AuditReport:
    """What the public portal shows of a report: nothing, a summary of findings, or all of it
    (withheld small groups are never published, whatever the choice)."""
    report = get_report(uow, actor=actor, report_id=report_id)
    require_run(actor, report.organisation_id)
    try:
        chosen = PortalVisibility(visibility)
    except ValueError:
        raise ValidationError.single("visibility", N_("Choose one of the options.")) from None
    if chosen is report.portal_visibility:
        return report
    uow.audit_reports.set_visibility(report_id, chosen)
    record_event(
        uow,
        actor=actor,
        event_type="audit.visibility_changed",
        entity_type="audit",
        entity_id=report_id,
        before={"portal_visibility": report.portal_visibility.value},
        after={"portal_visibility": chosen.value},
    )
    changed = uow.audit_reports.get(report_id)
    assert changed is not None
    return changed


@dataclass(frozen=True)
class PublicReport:
    """What the portal shows of one report: always the findings; the report if chosen."""

    id: int
    kind: AuditKind
    visibility: PortalVisibility
    finished_at: datetime | None
    file_sha256: str | None
    findings: list[Finding]
    report: AuditDocument | None

    @property
    def document(self) -> dict[str, Any] | None:
        """The published report as JSON (for the open data)."""
        return self.report.to_json() if self.report is not None else None


def public_reports_for_system(uow: UnitOfWork, system_id: int) -> list[PublicReport]:
    """The finished reports of a register record its organisation chose to publish, newest
    first, without any withheld small group (for the public system page)."""
    found = []
    for report in uow.audit_reports.published_for_system(system_id):
        assert report.id is not None
        assert report.result is not None
        shown = report.result.without_withheld()
        full = report.portal_visibility is PortalVisibility.FULL
        found.append(
            PublicReport(
                id=report.id,
                kind=report.kind,
                visibility=report.portal_visibility,
                finished_at=report.finished_at,
                file_sha256=report.data_sha256,
                findings=findings(shown),
                report=shown if full else None,
            )
        )
    return found
