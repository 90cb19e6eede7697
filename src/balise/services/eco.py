"""Use cases of the eco area: a record's footprint per life-cycle phase, its statement and label."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from balise.data.demo import read_demo_data
from balise.domain.accounts.model import Actor
from balise.domain.eco.emissions import Run, measured_part, read_runs
from balise.domain.eco.estimate import estimate, estimate_input
from balise.domain.eco.footprint import (
    Footprint,
    GridUsed,
    Method,
    Part,
    Phase,
    Statement,
)
from balise.domain.eco.label import load_label_rule
from balise.domain.jobs.model import Job
from balise.domain.register.model import SystemRecord
from balise.domain.shared.clock import Clock
from balise.domain.shared.errors import NotFound, ValidationError
from balise.domain.shared.i18n import N_, Language, Message
from balise.services import jobs, permissions
from balise.services.audit_log import record_event
from balise.services.ports import Storage, UnitOfWork

DEMO_FILE = "eco"


@dataclass(frozen=True)
class FootprintPage:
    """A record's footprint as its organisation sees it, and what the actor may do."""

    record: SystemRecord
    footprint: Footprint
    can_edit: bool


def _phase(value: str | Phase) -> Phase:
    try:
        return Phase(value)
    except ValueError:
        raise ValidationError.single(
            "phase", N_("Choose training, fine-tuning or inference.")
        ) from None


def _decisions(phase: Phase, raw: object) -> int | None:
    """The decisions an inference part covers: a whole number greater than zero."""
    text = "" if raw is None else str(raw).strip().replace(" ", "").replace("_", "")
    if phase is not Phase.INFERENCE:
        return None
    try:
        number = int(text)
        if number <= 0:
            raise ValueError
    except ValueError:
        raise ValidationError.single(
            "decisions", N_("Give the number of decisions these inference figures cover.")
        ) from None
    return number


def estimated_part(values: Mapping[str, Any], *, phase: Phase, recorded_on: date) -> Part:
    """An estimated part from plain values: hardware, hours, PUE, country; every error at once."""
    errors: dict[str, Message] = {}
    decisions: int | None = None
    try:
        decisions = _decisions(phase, values.get("decisions"))
    except ValidationError as error:
        errors.update(error.errors)
    try:
        given = estimate_input(values)
    except ValidationError as error:
        raise ValidationError({**errors, **error.errors}) from None
    if errors:
        raise ValidationError(errors)
    found = estimate(given)
    return Part(
        phase=phase,
        method=Method.ESTIMATED,
        energy_kwh=found.energy_kwh,
        carbon_kg=found.carbon_kg,
        grid=GridUsed(found.grid.code, found.grid.g_per_kwh, found.grid.year or None),
        recorded_on=recorded_on,
        water_l=found.water_l,
        decisions=decisions,
        details={"source": "estimate", "power_w": found.power_w, **given.to_json()},
    )


def estimate_spec(spec: Mapping[str, Any], *, today: date) -> dict[str, Any]:
    """A footprint estimated from a specification (the CLI's SPEC.yaml), as a stable document.

    The spec holds `parts` (phase -> the estimate's fields, `decisions` for inference) and
    optionally `expected_decisions`; a spec without `parts` is one part of phase `phase`
    (inference by default).
    """
    if not isinstance(spec, Mapping):
        raise ValidationError.single("spec", N_("The specification must be a mapping of fields."))
    raw_parts = spec.get("parts")
    if raw_parts is None:
        raw_parts = {str(spec.get("phase") or Phase.INFERENCE.value): spec}
    if not isinstance(raw_parts, Mapping) or not raw_parts:
        raise ValidationError.single("parts", N_("The specification must be a mapping of fields."))
    errors: dict[str, Message] = {}
    parts: dict[Phase, Part] = {}
    for name, values in raw_parts.items():
        try:
            phase = _phase(str(name))
            if not isinstance(values, Mapping):
                raise ValidationError.single(
                    "spec", N_("The specification must be a mapping of fields.")
                )
            parts[phase] = estimated_part(values, phase=phase, recorded_on=today)
        except ValidationError as error:
            errors.update({f"{name}.{field}": m for field, m in error.errors.items()})
    expected: int | None = None
    if spec.get("expected_decisions") not in (None, ""):
        try:
            expected = int(spec["expected_decisions"])
            if expected <= 0:
                raise ValueError
        except (TypeError, ValueError):
            errors["expected_decisions"] = Message(N_("Enter a whole number greater than zero."))
    if errors:
        raise ValidationError(errors)
    footprint = Footprint(parts=parts, expected_decisions=expected).graded(today)
    document = footprint.to_json()
    document.pop("statement")
    rule = load_label_rule()
    document["label_rule"] = {"version": rule.version, "date": rule.date.isoformat()}
    return document


# --- a record's footprint ----------------------------------------------------------------------


def get_footprint(uow: UnitOfWork, *, actor: Actor, slug: str) -> FootprintPage:
    record = permissions.access_footprint(uow, actor, slug, for_="read")
    assert record.id is not None
    found = uow.footprints.get(record.id)
    if found is None:
        found = Footprint(statement=Statement(language=Language(record.default_language)))
    return FootprintPage(
        record, found, permissions.can_edit_footprint(actor, record.organisation_id)
    )


def _store(
    uow: UnitOfWork,
    actor: Actor,
    record: SystemRecord,
    before: Footprint | None,
    after: Footprint,
    event: str,
) -> Footprint:
    assert record.id is not None
    graded = after.graded(uow.clock.now().date())
    uow.footprints.put(record.id, graded, at=uow.clock.now())
    record_event(
        uow,
        actor=actor,
        event_type=event,
        entity_type="system",
        entity_id=record.id,
        before=_summary(before) if before is not None else None,
        after=_summary(graded),
    )
    return graded


def _summary(footprint: Footprint) -> dict[str, Any]:
    """What the audit log keeps: the figures, the label and the statement, not the run details."""
    document = footprint.to_json()
    for part in document["parts"]:
        part.pop("details", None)
    return document


def _for_edit(uow: UnitOfWork, actor: Actor, slug: str) -> tuple[SystemRecord, Footprint | None]:
    record = permissions.access_footprint(uow, actor, slug, for_="edit")
    assert record.id is not None
    return record, uow.footprints.get(record.id)


def save_statement(
    uow: UnitOfWork,
    *,
    actor: Actor,
    slug: str,
    statement: Statement,
    expected_decisions: int | None,
) -> Footprint:
    """Why AI is needed, the simpler alternative considered, the decisions expected in its life."""
    record, before = _for_edit(uow, actor, slug)
    current = before or Footprint()
    after = Footprint(
        parts=current.parts, expected_decisions=expected_decisions, statement=statement
    )
    return _store(uow, actor, record, before, after, "footprint.statement_saved")


def estimate_part(
    uow: UnitOfWork, *, actor: Actor, slug: str, phase: str | Phase, values: Mapping[str, Any]
) -> Footprint:
    """Replace a phase's figures with an estimate from the hardware and the hours."""
    record, before = _for_edit(uow, actor, slug)
    chosen = _phase(phase)
    part = estimated_part(values, phase=chosen, recorded_on=uow.clock.now().date())
    after = (before or _empty(record)).with_part(part)
    return _store(uow, actor, record, before, after, "footprint.estimated")


def import_emissions(
    uow: UnitOfWork,
    *,
    actor: Actor,
    slug: str,
    phase: str | Phase,
    data: bytes | str,
    decisions: object = None,
) -> Footprint:
    """Replace a phase's figures with the runs of a CodeCarbon emissions.csv, all or nothing."""
    record, before = _for_edit(uow, actor, slug)
    chosen = _phase(phase)
    errors: dict[str, Message] = {}
    count: int | None = None
    try:
        count = _decisions(chosen, decisions)
    except ValidationError as error:
        errors.update(error.errors)
    try:
        runs = read_runs(data)
    except ValidationError as error:
        raise ValidationError({**errors, **error.errors}) from None
    if errors:
        raise ValidationError(errors)
    return _store_runs(uow, actor, record, before, chosen, runs, count)


def _store_runs(
    uow: UnitOfWork,
    actor: Actor,
    record: SystemRecord,
    before: Footprint | None,
    phase: Phase,
    runs: list[Run],
    decisions: int | None,
) -> Footprint:
    part = measured_part(runs, phase=phase, recorded_on=uow.clock.now().date(), decisions=decisions)
    after = (before or _empty(record)).with_part(part)
    return _store(uow, actor, record, before, after, "footprint.imported")


# --- the import as a job, with its progress --------------------------------------------------

IMPORT_JOB = "footprint.import"


def _import_request(phase: str | Phase, decisions: object) -> tuple[Phase, int | None]:
    """The phase and the decisions of an import, checked before its file is read; both errors
    at once."""
    errors: dict[str, Message] = {}
    chosen: Phase | None = None
    try:
        chosen = _phase(phase)
    except ValidationError as error:
        errors.update(error.errors)
    count: int | None = None
    if chosen is not None:
        try:
            count = _decisions(chosen, decisions)
        except ValidationError as error:
            errors.update(error.errors)
    if errors:
        raise ValidationError(errors)
    assert chosen is not None
    return chosen, count


def check_import_request(
    uow: UnitOfWork, *, actor: Actor, slug: str, phase: str, decisions: object
) -> None:
    """Whether the actor may import runs into this record's footprint, for this phase and
    count of decisions; raises ValidationError naming each wrong field."""
    _for_edit(uow, actor, slug)
    _import_request(phase, decisions)


def start_emissions_import(
    uow: UnitOfWork, *, actor: Actor, slug: str, phase: str, decisions: object, file_key: str
) -> Job:
    """Record the job that imports an uploaded emissions.csv into a record's footprint; the
    caller hands it to the queue once this transaction commits."""
    record, _ = _for_edit(uow, actor, slug)
    chosen, count = _import_request(phase, decisions)
    return jobs.start_job(
        uow,
        actor=actor,
        kind=IMPORT_JOB,
        params={
            "file": file_key,
            "system": record.slug,
            "phase": chosen.value,
            "decisions": count,
        },
    )


def emissions_job(uow: UnitOfWork, *, actor: Actor, job_id: str, slug: str) -> tuple[Job, str]:
    """An emissions import job of this record, as its author (or an administrator) sees it, and
    the record's current address."""
    record = permissions.access_footprint(uow, actor, slug, for_="read")
    job = jobs.get_job(uow, actor=actor, job_id=job_id)
    if job.kind != IMPORT_JOB:
        raise NotFound(Message(N_("There is no such job.")))
    return job, record.slug


def runs_of_upload(
    storage: Storage, key: str, *, report: Callable[[int, int | None], None]
) -> list[Run]:
    """The runs of an uploaded emissions.csv, every faulty line named at once (reporting
    progress as rows are read); the upload is deleted. No transaction is open meanwhile."""
    try:
        data = storage.path(key).read_bytes()
    finally:
        storage.delete(key)
    total = [1]

    def progress(done: int, rows: int) -> None:
        total[0] = rows + 1
        report(done, rows + 1)

    runs = read_runs(data, progress)
    report(total[0] - 1, total[0])
    return runs


def store_imported_runs(
    uow: UnitOfWork,
    *,
    actor: Actor,
    slug: str,
    phase: str,
    decisions: object,
    runs: list[Run],
) -> Footprint:
    """Replace a phase's figures with runs read from an upload, in one short write."""
    record, before = _for_edit(uow, actor, slug)
    chosen, count = _import_request(phase, decisions)
    return _store_runs(uow, actor, record, before, chosen, runs, count)


def remove_part(uow: UnitOfWork, *, actor: Actor, slug: str, phase: str | Phase) -> Footprint:
    record, before = _for_edit(uow, actor, slug)
    chosen = _phase(phase)
    if before is None or chosen not in before.parts:
        raise ValidationError.single("phase", N_("This phase has no figures to remove."))
    return _store(uow, actor, record, before, before.without_part(chosen), "footprint.removed")


def _empty(record: SystemRecord) -> Footprint:
    return Footprint(statement=Statement(language=Language(record.default_language)))


# --- public reads ------------------------------------------------------------------------------


def public_footprint_for_system(uow: UnitOfWork, system_id: int) -> Footprint | None:
    """The footprint the portal shows beside a published record (the page checked publication)."""
    found = uow.footprints.get(system_id)
    if found is None or (not found.parts and not found.statement.why_ai):
        return None
    return found


def label_distribution(uow: UnitOfWork) -> dict[str, int]:
    """How many published records carry each label, A to E (zeros included)."""
    counts = uow.footprints.published_labels()
    return {letter.label: counts.get(letter.label, 0) for letter in load_label_rule().classes}


# --- the demo ----------------------------------------------------------------------------------


def seed_demo(uow: UnitOfWork, *, clock: Clock) -> bool:
    """Footprints of a few demo records, from `data/demo/eco.yaml`; nothing once any exists."""
    data = read_demo_data(DEMO_FILE)
    domain = read_demo_data("users")["domain"]
    added = False
    for item in data["footprints"]:
        organisation = uow.organisations.find_by_slug(item["organisation"])
        if organisation is None or organisation.id is None:
            continue
        record = uow.systems.find_by_source_id(organisation.id, item["system"])
        if record is None or record.id is None or uow.footprints.get(record.id) is not None:
            continue
        user = uow.users.find_by_email(f"{item['login']}@{domain}")
        if user is None:
            raise LookupError(f"the demo account {item['login']} is missing")
        actor = Actor(user=user)
        statement = item["statement"]
        save_statement(
            uow,
            actor=actor,
            slug=record.slug,
            statement=Statement(
                statement["why_ai"], statement["alternative"], Language(statement["language"])
            ),
            expected_decisions=item.get("expected_decisions"),
        )
        for phase, values in item.get("estimates", {}).items():
            estimate_part(uow, actor=actor, slug=record.slug, phase=phase, values=values)
        for phase, measured in item.get("measured", {}).items():
            import_emissions(
                uow,
                actor=actor,
                slug=record.slug,
                phase=phase,
                data=measured["csv"],
                decisions=measured.get("decisions"),
            )
        added = True
    return added
