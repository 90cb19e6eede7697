"""Use cases of the register: keep a record, have it reviewed, publish and withdraw versions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, replace
from typing import Any

from balise.domain.accounts.model import Actor, Scope
from balise.domain.organisations.model import Organisation
from balise.domain.register.model import (
    Change,
    RecordVersion,
    State,
    SystemRecord,
    Values,
    check_slug,
    differences,
    parse_values,
    parse_visibility,
    readable,
    slugify,
)
from balise.domain.register.portal import portal_entry
from balise.domain.register.search import Cursor, Order, PortalHit, SearchFilters, SearchPage
from balise.domain.register.standard import STANDARD_VERSION, Visibility
from balise.domain.shared.errors import NotFound, ValidationError
from balise.domain.shared.i18n import N_, Language, Message
from balise.services import permissions
from balise.services.assessments import check_publication_gate
from balise.services.audit_log import record_event
from balise.services.permissions import require, require_scope
from balise.services.ports import UnitOfWork

NO_SUCH = permissions.NO_SUCH_RECORD
RISK_PRECEDENCE = (
    "prohibited",
    "high_risk",
    "gpai_systemic_risk",
    "gpai",
    "transparency_only",
    "minimal",
    "out_of_scope",
)


def _by_slug(uow: UnitOfWork, slug: str) -> SystemRecord:
    record = uow.systems.find_by_slug(slug)
    if record is None:
        raise NotFound(NO_SUCH)
    return record


def system_for_reading(uow: UnitOfWork, actor: Actor, slug: str) -> SystemRecord:
    """The working copy, for its organisation, the regulator and administrators only."""
    return permissions.access_record(uow, actor, slug, for_="read")


def system_for_update(uow: UnitOfWork, actor: Actor, slug: str) -> SystemRecord:
    return permissions.access_record(uow, actor, slug, for_="edit")


def _for_review(uow: UnitOfWork, actor: Actor, slug: str) -> SystemRecord:
    return permissions.access_record(uow, actor, slug, for_="review")


def snapshot(record: SystemRecord) -> dict[str, Any]:
    return {
        "slug": record.slug,
        "state": record.state.value,
        "version": record.version,
        "default_language": record.default_language.value,
        "fields": dict(record.values),
        "visibility": {name: v.value for name, v in record.chosen_visibility.items()},
    }


def _save(
    uow: UnitOfWork, actor: Actor, before: SystemRecord, after: SystemRecord, event: str
) -> SystemRecord:
    saved = uow.systems.update(after, at=uow.clock.now())
    record_event(
        uow,
        actor=actor,
        event_type=f"system.{event}",
        entity_type="system",
        entity_id=saved.id,
        before=snapshot(before),
        after=snapshot(saved),
    )
    return saved


def _user_id(actor: Actor) -> int | None:
    return actor.user.id if actor.user is not None else None


@dataclass(frozen=True)
class Draft:
    """What an editor submits: the values as typed, per field, and the record's settings."""

    values: Mapping[str, Any]
    visibility: Mapping[str, Any]
    default_language: str
    checked_languages: Sequence[str] = ()
    slug: str = ""


def _parsed(draft: Draft) -> tuple[Values, dict[str, Visibility], Language, tuple[Language, ...]]:
    errors: dict[str, Message] = {}
    values: Values = {}
    visibility: dict[str, Visibility] = {}
    try:
        values = parse_values(draft.values)
    except ValidationError as error:
        errors.update(error.errors)
    try:
        visibility = parse_visibility(draft.visibility)
    except ValidationError as error:
        errors.update({f"visibility_{name}": message for name, message in error.errors.items()})
    languages = {language.value: language for language in Language}
    default = languages.get(draft.default_language)
    if default is None:
        errors["default_language"] = Message(N_("Choose the language the record is written in."))
    if any(code not in languages for code in draft.checked_languages):
        errors["checked_languages"] = Message(N_("Languages are fr, nl, de and en."))
    if errors:
        raise ValidationError(errors)
    assert default is not None
    checked = tuple(languages[code] for code in dict.fromkeys(draft.checked_languages))
    return values, visibility, default, checked


def _free_slug(uow: UnitOfWork, wanted: str, reserved: Set[str] = frozenset()) -> str:
    taken = uow.systems.slugs_like(wanted)

    def free(slug: str) -> bool:
        return slug not in taken and slug not in reserved

    if free(wanted):
        return wanted
    number = 2
    while not free(f"{wanted}-{number}"):
        number += 1
    return f"{wanted[:75]}-{number}"


def _check_source_id(uow: UnitOfWork, record: SystemRecord) -> None:
    if record.source_id is None:
        return
    same = uow.systems.find_by_source_id(record.organisation_id, record.source_id)
    if same is not None and same.id != record.id:
        raise ValidationError.single(
            "source_id", N_("Another record of your organisation already has this identifier.")
        )


def new_system(
    uow: UnitOfWork,
    *,
    actor: Actor,
    organisation_id: int,
    draft: Draft,
    reserved_slugs: Set[str] = frozenset(),
) -> SystemRecord:
    """The record `create_system` would add, checked by the register's rules; nothing written.

    `reserved_slugs` are addresses already promised to records not written yet (a bulk import).
    """
    organisation = uow.organisations.get(organisation_id)
    if organisation is None:
        raise NotFound(Message(N_("There is no such organisation.")))
    require_scope(actor, Scope.SYSTEMS_WRITE)
    require(permissions.can_edit_record(actor, organisation_id))
    values, visibility, default, checked = _parsed(draft)
    if draft.slug:
        check_slug(draft.slug)
        if draft.slug in reserved_slugs or uow.systems.find_by_slug(draft.slug) is not None:
            raise ValidationError.single("slug", N_("Another record already uses this address."))
        slug = draft.slug
    else:
        name = (values.get("name") or {}).get(default.value) or next(
            iter((values.get("name") or {}).values()), ""
        )
        if not name:
            raise ValidationError.single(
                f"name_{default.value}", N_("Give the system a name in its main language.")
            )
        slug = _free_slug(uow, slugify(name), reserved_slugs)
    record = SystemRecord(
        slug=slug,
        organisation_id=organisation_id,
        default_language=default,
        values=values,
        chosen_visibility=visibility,
        checked_languages=checked,
        edited_by=_user_id(actor),
    )
    _check_source_id(uow, record)
    return record


def create_system(
    uow: UnitOfWork, *, actor: Actor, organisation_id: int, draft: Draft
) -> SystemRecord:
    record = new_system(uow, actor=actor, organisation_id=organisation_id, draft=draft)
    created = uow.systems.add(record, at=uow.clock.now())
    record_event(
        uow,
        actor=actor,
        event_type="system.created",
        entity_type="system",
        entity_id=created.id,
        after=snapshot(created),
    )
    return created


def edited_system(
    uow: UnitOfWork, *, actor: Actor, slug: str, draft: Draft
) -> tuple[SystemRecord, SystemRecord | None]:
    """The record and what `update_system` would make of it (None: no change); nothing written."""
    current = system_for_update(uow, actor, slug)
    values, visibility, default, checked = _parsed(draft)
    if (values, visibility, default, checked) == (
        current.values,
        dict(current.chosen_visibility),
        current.default_language,
        current.checked_languages,
    ):
        return current, None
    changed = current.edited(values, visibility, checked, default, by=_user_id(actor))
    _check_source_id(uow, changed)
    return current, changed


def update_system(uow: UnitOfWork, *, actor: Actor, slug: str, draft: Draft) -> SystemRecord:
    current, changed = edited_system(uow, actor=actor, slug=slug, draft=draft)
    if changed is None:
        return current
    return _save(uow, actor, current, changed, "updated")


def submit_system(uow: UnitOfWork, *, actor: Actor, slug: str) -> SystemRecord:
    current = system_for_update(uow, actor, slug)
    return _save(uow, actor, current, current.submitted(by=_user_id(actor)), "submitted")


def approve_system(uow: UnitOfWork, *, actor: Actor, slug: str) -> SystemRecord:
    current = _for_review(uow, actor, slug)
    return _save(uow, actor, current, current.approved(by=_user_id(actor)), "approved")


def send_back_system(uow: UnitOfWork, *, actor: Actor, slug: str, note: str) -> SystemRecord:
    current = _for_review(uow, actor, slug)
    return _save(uow, actor, current, current.sent_back(note), "sent_back")


def organisation_of(uow: UnitOfWork, record: SystemRecord) -> Organisation:
    """The organisation a record belongs to (a record cannot exist without it)."""
    organisation = uow.organisations.get(record.organisation_id)
    assert organisation is not None
    return organisation


def _refresh_portal(uow: UnitOfWork, record: SystemRecord) -> None:
    assert record.id is not None
    versions = uow.systems.versions(record.id)
    if not versions:
        uow.portal.remove(record.id)
        return
    entry = portal_entry(
        record,
        versions[0],
        organisation_of(uow, record),
        first_published_at=versions[-1].published_at,
    )
    uow.portal.put(entry)


def publish_system(uow: UnitOfWork, *, actor: Actor, slug: str, note: str = "") -> SystemRecord:
    """Freeze the approved working copy as the next public version."""
    current = system_for_update(uow, actor, slug)
    published = current.published()
    check_publication_gate(uow, current)  # AI Act Art 27: the FRIA (services/assessments.py)
    assert current.id is not None
    uow.systems.add_version(
        RecordVersion(
            system_id=current.id,
            number=published.version,
            values=dict(published.values),
            visibility=published.visibility,
            default_language=published.default_language,
            checked_languages=published.checked_languages,
            standard_version=STANDARD_VERSION,
            published_at=uow.clock.now(),
            note=note.strip()[:500],
        )
    )
    saved = _save(uow, actor, current, published, "published")
    _refresh_portal(uow, saved)
    return saved


def withdraw_system(uow: UnitOfWork, *, actor: Actor, slug: str, reason: str) -> SystemRecord:
    current = _for_review(uow, actor, slug)
    saved = _save(uow, actor, current, current.withdrawn(reason), "withdrawn")
    _refresh_portal(uow, saved)
    return saved


def note_classification(
    uow: UnitOfWork, *, actor: Actor, system_id: int, categories: Sequence[str]
) -> SystemRecord:
    """Copy a stored classification's risk category onto the record; it shows once published."""
    current = uow.systems.get(system_id)
    if current is None:
        raise NotFound(NO_SUCH)
    category = next((c for c in RISK_PRECEDENCE if c in categories), "not_assessed")
    category = "gpai" if category == "gpai_systemic_risk" else category
    if current.values.get("risk_category") == category:
        return current
    values = {**current.values, "risk_category": category}
    if current.state is State.IN_REVIEW:
        current = replace(current, state=State.DRAFT)
    changed = current.edited(
        values,
        current.chosen_visibility,
        current.checked_languages,
        current.default_language,
        by=_user_id(actor),
    )
    return _save(uow, actor, current, changed, "classified")


def systems_of(uow: UnitOfWork, *, actor: Actor, organisation_id: int) -> list[SystemRecord]:
    require(permissions.can_read_working_copy(actor, organisation_id))
    return uow.systems.list_for_organisation(organisation_id)


@dataclass(frozen=True)
class History:
    record: SystemRecord
    versions: list[RecordVersion]
    clearance: Visibility


def history(uow: UnitOfWork, *, actor: Actor, slug: str) -> History:
    """Every published version of a record; anyone may read them, each at their clearance."""
    record = _by_slug(uow, slug)
    assert record.id is not None
    versions = uow.systems.versions(record.id)
    if not permissions.can_see_record_history(
        actor, record.organisation_id, published=bool(versions)
    ):
        raise NotFound(NO_SUCH)
    return History(record, versions, permissions.record_clearance(actor, record.organisation_id))


def compare_versions(
    uow: UnitOfWork, *, actor: Actor, slug: str, before: int, after: int
) -> list[Change]:
    found = history(uow, actor=actor, slug=slug)
    by_number = {version.number: version for version in found.versions}
    if before not in by_number or after not in by_number:
        raise NotFound(Message(N_("There is no such version.")))
    return differences(
        by_number[before].readable(found.clearance), by_number[after].readable(found.clearance)
    )


def readable_values(record: SystemRecord, actor: Actor) -> Values:
    clearance = permissions.record_clearance(actor, record.organisation_id)
    return readable(record.values, record.visibility, clearance)


# --- Reads -------------------------------------------------------------------------------------


def get_portal_entry(uow: UnitOfWork, *, actor: Actor, slug: str) -> PortalHit:
    """A published system as the portal shows it: public, the same for every reader."""
    hit = uow.portal_search.entry(slug)
    if hit is None:
        raise NotFound(NO_SUCH)
    return hit


def search_portal(
    uow: UnitOfWork,
    *,
    actor: Actor,
    query: str,
    filters: SearchFilters,
    language: Language,
    cursor: Cursor | None = None,
    offset: int = 0,
    limit: int = 20,
    order: Order = Order.RELEVANCE,
) -> SearchPage:
    """Published systems matching the words and filters; the portal is public."""
    return uow.portal_search.search(
        query, filters, language, cursor=cursor, offset=offset, limit=limit, order=order
    )


def portal_organisations(uow: UnitOfWork) -> list[tuple[str, dict[str, str]]]:
    """(slug, names) of the organisations with a published system, for the portal's filter."""
    return uow.portal_search.organisations()


def portal_generation(uow: UnitOfWork) -> int:
    """A number that changes whenever the portal does: the key of cached pages."""
    return uow.portal.generation()


def organisations_with_records(uow: UnitOfWork, *, actor: Actor) -> list[Organisation]:
    """The organisations whose working copies the actor may read."""
    if permissions.has_oversight(actor):
        return uow.organisations.list_all()
    if actor.user is not None and actor.user.organisation_id is not None:
        found = uow.organisations.get(actor.user.organisation_id)
        return [found] if found is not None else []
    return []


def writable_organisations(uow: UnitOfWork, *, actor: Actor) -> list[Organisation]:
    """The organisations for which the actor may register and edit systems."""
    return [
        organisation
        for organisation in organisations_with_records(uow, actor=actor)
        if organisation.id is not None and permissions.can_edit_record(actor, organisation.id)
    ]


@dataclass(frozen=True)
class WorkingCopy:
    record: SystemRecord
    organisation: Organisation
    versions: list[RecordVersion]


def get_working_copy(uow: UnitOfWork, *, actor: Actor, slug: str) -> WorkingCopy:
    """A record with its organisation and published versions, for those who may read it."""
    record = system_for_reading(uow, actor, slug)
    assert record.id is not None
    return WorkingCopy(record, organisation_of(uow, record), uow.systems.versions(record.id))
