"""The register on the API: published systems for everyone, working copies for their organisation.

Lists use opaque cursors (a keyset on the sort key and the system's id), so that a page does not
shift when records are added. Single records and lists carry an ETag: send it back in
If-None-Match to get 304 Not Modified, or in If-Match with PUT to change only what you have seen
(412 Precondition Failed otherwise).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from balise.domain.accounts.model import Actor, Role, Scope
from balise.domain.organisations.model import Level, Sector
from balise.domain.register.model import SystemRecord
from balise.domain.register.search import MAX_LIMIT, Cursor
from balise.domain.shared.errors import DomainError, NotFound, ValidationError
from balise.domain.shared.i18n import N_, Language, Message
from balise.services import organisations, register
from balise.services.ports import UnitOfWork
from balise.web.access import Allow
from balise.web.common import in_uow
from balise.web.page_cache import PageCache
from balise.web.paths import PathId
from balise.web.register.forms import body_errors, draft_from_body, read_filters
from balise.web.register.schemas import (
    LIFECYCLE_STATUSES,
    RISK_CATEGORIES,
    NoteBody,
    ReasonBody,
    SystemCreate,
    SystemDocument,
    SystemList,
    SystemWrite,
    VersionList,
    VersionRead,
)
from balise.web.register.views import (
    public_system_document,
    system_list,
    version_list,
    version_view,
    working_copy_view,
)
from balise.web.rendering import language_of, problem
from balise.web.schemas import closed_set

router = APIRouter(tags=["systems"])
T = TypeVar("T")

WRITERS = (Role.ADMIN, Role.EDITOR, Role.REVIEWER)
REVIEWERS = (Role.ADMIN, Role.REVIEWER)


# --- ETags -------------------------------------------------------------------------------------


def etag_of(body: Any) -> str:
    encoded = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str).encode()
    return f'"{hashlib.sha256(encoded).hexdigest()[:40]}"'


def _tags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def conditional(request: Request, body: Any, *, status_code: int = 200, **headers: str) -> Response:
    """The body with its ETag, or 304 when the client already has this version."""
    tag = etag_of(body)
    headers = {"ETag": tag, "Cache-Control": "no-cache", **headers}
    wanted = request.headers.get("if-none-match")
    if wanted and status_code == 200 and (wanted.strip() == "*" or tag in _tags(wanted)):
        return Response(status_code=304, headers=headers)
    return JSONResponse(body, status_code=status_code, headers=headers)


class PreconditionFailed(DomainError):
    def __init__(self) -> None:
        super().__init__(
            Message(N_("The record changed since you read it. Read it again, then retry."))
        )


# --- Views -------------------------------------------------------------------------------------


def working_copy(uow: UnitOfWork, record: SystemRecord, actor: Actor) -> dict[str, Any]:
    organisation = register.organisation_of(uow, record)
    return working_copy_view(record, organisation, register.readable_values(record, actor))


async def write(request: Request, work: Callable[[UnitOfWork], T]) -> T:
    """Run a change in one unit of work, naming fields in errors as the body does."""
    try:
        return await in_uow(request, work)
    except ValidationError as error:
        raise body_errors(error) from None


def precondition_failed(request: Request) -> Response:
    return problem(request, status=412, title=PreconditionFailed().message)


# --- Reading -----------------------------------------------------------------------------------


@router.get("/systems", response_model=SystemList)
async def list_systems(
    request: Request,
    actor: Annotated[Actor, Depends(Allow.everyone())],
    q: Annotated[
        str, Query(max_length=200, description="Words to search for, in any of the four languages.")
    ] = "",
    organisation: Annotated[str | None, Query(description="An organisation's slug.")] = None,
    level: Annotated[str | None, Query(json_schema_extra=closed_set(Level))] = None,
    sector: Annotated[str | None, Query(json_schema_extra=closed_set(Sector))] = None,
    risk_category: Annotated[str | None, Query(json_schema_extra=RISK_CATEGORIES)] = None,
    lifecycle_status: Annotated[str | None, Query(json_schema_extra=LIFECYCLE_STATUSES)] = None,
    language: Annotated[
        str | None,
        Query(
            description="Only systems written in this language.",
            json_schema_extra=closed_set(Language),
        ),
    ] = None,
    include_withdrawn: bool = False,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
) -> Response:
    """Published systems, by relevance when searching and by name otherwise."""
    raw = {
        "organisation": organisation or "",
        "level": level or "",
        "sector": sector or "",
        "risk_category": risk_category or "",
        "lifecycle_status": lifecycle_status or "",
        "language": language or "",
        "include_withdrawn": "1" if include_withdrawn else "",
    }
    reader = language_of(request)

    def load(uow: UnitOfWork) -> dict[str, Any]:
        filters, in_effect = read_filters(uow, actor, raw, strict=True)
        after = Cursor.decode(cursor) if cursor else None
        found = register.search_portal(
            uow, actor=actor, query=q, filters=filters, language=reader, cursor=after, limit=limit
        )
        today = uow.clock.now().date()
        return system_list(found, today, query=q, filters=in_effect, limit=limit)

    cache: PageCache[dict[str, Any]] = request.app.state.api_cache
    if actor.user is not None or not cache.max_entries:  # BALISE_PORTAL_CACHE_ENTRIES=0
        return conditional(request, await in_uow(request, load, commit=False))

    def load_cached(uow: UnitOfWork) -> dict[str, Any]:
        """Anonymous readers share results until the portal changes (web/page_cache.py)."""
        key = (register.portal_generation(uow), uow.clock.now().date(), reader, request.url.query)
        found = cache.get(key)
        if found is None:
            found = load(uow)
            cache.put(key, found)
        return found

    return conditional(request, await in_uow(request, load_cached, commit=False))


@router.get("/systems/{slug}", response_model=SystemDocument)
async def get_system(
    request: Request,
    slug: str,
    actor: Annotated[Actor, Depends(Allow.everyone())],
    draft: Annotated[
        bool,
        Query(
            description="The working copy instead (its organisation, regulators, administrators)."
        ),
    ] = False,
) -> Response:
    """The latest published version's public document."""

    def load(uow: UnitOfWork) -> dict[str, Any]:
        if draft:
            return working_copy(uow, register.system_for_reading(uow, actor, slug), actor)
        hit = register.get_portal_entry(uow, actor=actor, slug=slug)
        return public_system_document(uow, hit)

    return conditional(request, await in_uow(request, load, commit=False))


@router.get("/systems/{slug}/versions", response_model=VersionList)
async def list_versions(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> Response:
    """Every published version, newest first."""

    def load(uow: UnitOfWork) -> dict[str, Any]:
        found = register.history(uow, actor=actor, slug=slug)
        return version_list(slug, found.versions)

    return conditional(request, await in_uow(request, load, commit=False))


@router.get("/systems/{slug}/versions/{number}", response_model=VersionRead)
async def get_version(
    request: Request, slug: str, number: PathId, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> Response:
    """One published version, with the fields the caller may read."""

    def load(uow: UnitOfWork) -> dict[str, Any]:
        found = register.history(uow, actor=actor, slug=slug)
        for version in found.versions:
            if version.number == number:
                return version_view(slug, version, found.clearance)
        raise NotFound(Message(N_("There is no such version.")))

    return conditional(request, await in_uow(request, load, commit=False))


# --- Writing -----------------------------------------------------------------------------------


@router.post("/systems", response_model=SystemDocument, status_code=201)
async def create_system(
    request: Request,
    body: SystemCreate,
    actor: Annotated[Actor, Depends(Allow.only(*WRITERS, scope=Scope.SYSTEMS_WRITE))],
) -> Response:
    """Register a system as a draft of an organisation (its editors and reviewers)."""

    def create(uow: UnitOfWork) -> dict[str, Any]:
        try:
            organisation = organisations.get_organisation(uow, actor=actor, slug=body.organisation)
        except NotFound as error:
            raise ValidationError({"organisation": error.message}) from None
        assert organisation.id is not None
        record = register.create_system(
            uow,
            actor=actor,
            organisation_id=organisation.id,
            draft=draft_from_body(body, body.slug or ""),
        )
        return working_copy(uow, record, actor)

    created = await write(request, create)
    return conditional(request, created, status_code=201, Location=created["url"])


@router.put("/systems/{slug}", response_model=SystemDocument, responses={412: {}})
async def replace_system(
    request: Request,
    slug: str,
    body: SystemWrite,
    actor: Annotated[Actor, Depends(Allow.only(*WRITERS, scope=Scope.SYSTEMS_WRITE))],
) -> Response:
    """Replace the working copy. Send If-Match with the ETag you read to avoid lost updates."""
    expected = request.headers.get("if-match")

    def replace(uow: UnitOfWork) -> dict[str, Any]:
        current = register.system_for_update(uow, actor, slug)
        seen = working_copy(uow, current, actor)
        if expected and expected.strip() != "*" and etag_of(seen) not in _tags(expected):
            raise PreconditionFailed()
        record = register.update_system(uow, actor=actor, slug=slug, draft=draft_from_body(body))
        return working_copy(uow, record, actor)

    try:
        return conditional(request, await write(request, replace))
    except PreconditionFailed:
        return precondition_failed(request)


async def _step(
    request: Request, actor: Actor, step: Callable[[UnitOfWork], SystemRecord]
) -> Response:
    def work(uow: UnitOfWork) -> dict[str, Any]:
        return working_copy(uow, step(uow), actor)

    return conditional(request, await write(request, work))


@router.post("/systems/{slug}/submit", response_model=SystemDocument)
async def submit_system(
    request: Request,
    slug: str,
    actor: Annotated[Actor, Depends(Allow.only(*WRITERS, scope=Scope.SYSTEMS_WRITE))],
) -> Response:
    """Send the draft for review; says which required fields are missing otherwise."""
    return await _step(
        request, actor, lambda uow: register.submit_system(uow, actor=actor, slug=slug)
    )


@router.post("/systems/{slug}/approve", response_model=SystemDocument)
async def approve_system(
    request: Request,
    slug: str,
    actor: Annotated[Actor, Depends(Allow.only(*REVIEWERS, scope=Scope.SYSTEMS_WRITE))],
) -> Response:
    """Approve a record in review (a reviewer other than its author)."""
    return await _step(
        request, actor, lambda uow: register.approve_system(uow, actor=actor, slug=slug)
    )


@router.post("/systems/{slug}/send-back", response_model=SystemDocument)
async def send_back_system(
    request: Request,
    slug: str,
    body: NoteBody,
    actor: Annotated[Actor, Depends(Allow.only(*REVIEWERS, scope=Scope.SYSTEMS_WRITE))],
) -> Response:
    """Return a record in review to its editors, saying what should change."""
    return await _step(
        request,
        actor,
        lambda uow: register.send_back_system(uow, actor=actor, slug=slug, note=body.note),
    )


@router.post("/systems/{slug}/publish", response_model=SystemDocument)
async def publish_system(
    request: Request,
    slug: str,
    actor: Annotated[Actor, Depends(Allow.only(*WRITERS, scope=Scope.SYSTEMS_WRITE))],
    body: NoteBody | None = None,
) -> Response:
    """Publish the approved working copy as the next public version."""
    note = body.note if body else ""
    return await _step(
        request,
        actor,
        lambda uow: register.publish_system(uow, actor=actor, slug=slug, note=note),
    )


@router.post("/systems/{slug}/withdraw", response_model=SystemDocument)
async def withdraw_system(
    request: Request,
    slug: str,
    body: ReasonBody,
    actor: Annotated[Actor, Depends(Allow.only(*REVIEWERS, scope=Scope.SYSTEMS_WRITE))],
) -> Response:
    """Withdraw a published system; its versions stay readable, with the reason."""
    return await _step(
        request,
        actor,
        lambda uow: register.withdraw_system(uow, actor=actor, slug=slug, reason=body.reason),
    )
