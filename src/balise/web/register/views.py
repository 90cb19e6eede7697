"""The register's documents: one function builds what a page's JSON twin and the API show.

A published system is summarised by `system_summary` in every list (`/systems.json`, the API's
`/api/v1/systems`) and shown whole by `system_document` (`/systems/<slug>`
`.json`, `/api/v1/systems/<slug>` and, at its absolute address, each system of the open-data
export: `services.register_exports.public_document`); a working copy by `working_copy_view`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from balise.domain.organisations.model import Organisation
from balise.domain.register.model import RecordVersion, SystemRecord, Values
from balise.domain.register.search import Order, PortalHit, SearchPage
from balise.domain.register.standard import Visibility
from balise.services.ports import UnitOfWork
from balise.services.register_exports import public_document
from balise.web.register.forms import body_path

PAGE_SIZE = 20
API_PAGE_SIZE = 20


def system_summary(hit: PortalHit, today: date) -> dict[str, Any]:
    """A published system as lists show it: the page's JSON twin and the API alike."""
    fields = hit.document.get("fields", {})
    organisation = hit.document.get("organisation", {})
    return {
        "slug": hit.slug,
        "url": f"/systems/{hit.slug}",
        "name": fields.get("name") or {},
        "summary": fields.get("description_short") or {},
        "organisation": {
            "slug": organisation.get("slug"),
            "name": organisation.get("name") or {},
            "url": f"/organisations/{organisation.get('slug')}",
        },
        "version": hit.version,
        "published_at": hit.published_at.isoformat(),
        "risk_category": hit.risk_category,
        "lifecycle_status": hit.lifecycle_status,
        "level": hit.level,
        "sector": hit.sector,
        "languages": [language.value for language in hit.languages],
        "revision_date": hit.revision_date.isoformat() if hit.revision_date else None,
        "stale": hit.is_stale(today),
        "withdrawn": hit.withdrawn,
        "withdrawal_reason": hit.withdrawal_reason or None,
    }


def system_document(hit: PortalHit, today: date) -> dict[str, Any]:
    """The public document of the latest version, with its status on the portal (the same
    shape as each system of the open-data export)."""
    return public_document(
        hit.document,
        url=f"/systems/{hit.slug}",
        revision_date=hit.revision_date,
        today=today,
        withdrawn=hit.withdrawn,
        withdrawal_reason=hit.withdrawal_reason,
    )


def public_system_document(uow: UnitOfWork, hit: PortalHit) -> dict[str, Any]:
    """A published system as the API and the page's JSON twin give it: its document and the
    published summaries and opinions of its impact assessments (web/assessments/views.py)."""
    from balise.services import assessments, eco, obligations
    from balise.web.assessments.views import public_assessments_view
    from balise.web.eco.views import public_footprint_view
    from balise.web.obligations.views import public_document

    published = assessments.public_assessments_for_system(uow, hit.system_id)
    return {
        **system_document(hit, uow.clock.now().date()),
        "assessments": public_assessments_view(published),
        "obligations": public_document(obligations.public_tracker(uow, hit.system_id)),
        "footprint": public_footprint_view(eco.public_footprint_for_system(uow, hit.system_id)),
    }


@dataclass(frozen=True)
class Results:
    """A page of the portal's search: the HTML page shows it, `/systems.json` is `as_json()`."""

    query: str
    filters: dict[str, str]
    page: int
    found: SearchPage
    today: date
    organisations: list[tuple[str, dict[str, str]]]
    order: Order = Order.RELEVANCE

    @property
    def pages(self) -> int:
        """Pages of results; past a capped count, one more whenever this page is full."""
        pages = max(1, math.ceil(self.found.total / PAGE_SIZE))
        if self.found.total_capped and len(self.found.hits) == PAGE_SIZE:
            return max(pages, self.page + 1)
        return pages

    @property
    def shown_order(self) -> Order:
        """The order the results are in: relevance needs words."""
        return Order.NAME if self.order is Order.RELEVANCE and not self.query else self.order

    def link(self, page: int, suffix: str = "") -> str:
        params = {"q": self.query, **self.filters} if self.query else dict(self.filters)
        if self.order is not Order.RELEVANCE:
            params["sort"] = self.order.value
        if page > 1:
            params["page"] = str(page)
        return f"/systems{suffix}" + (f"?{urlencode(params)}" if params else "")

    def as_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "filters": self.filters,
            "total": self.found.total,
            "total_is_exact": not self.found.total_capped,
            "page": self.page,
            "pages": self.pages,
            "next": self.link(self.page + 1, ".json") if self.page < self.pages else None,
            "systems": [system_summary(hit, self.today) for hit in self.found.hits],
        }


def system_list(
    found: SearchPage, today: date, *, query: str, filters: dict[str, str], limit: int
) -> dict[str, Any]:
    """A page of the API's list, whose `next` link carries the cursor."""
    following = None
    if found.next_cursor:
        params = {**({"q": query} if query else {}), **filters, "cursor": found.next_cursor}
        if limit != API_PAGE_SIZE:
            params["limit"] = str(limit)
        following = f"/api/v1/systems?{urlencode(params)}"
    return {
        "systems": [system_summary(hit, today) for hit in found.hits],
        "total": found.total,
        "total_is_exact": not found.total_capped,
        "next_cursor": found.next_cursor,
        "next": following,
    }


def working_copy_view(
    record: SystemRecord, organisation: Organisation | None, fields: Values
) -> dict[str, Any]:
    """The working copy with the fields its reader may see (`fields`)."""
    return {
        "slug": record.slug,
        "uuid": record.uuid,
        "organisation": organisation.slug if organisation else None,
        "state": record.state.value,
        "version": record.version,
        "default_language": record.default_language.value,
        "checked_languages": [language.value for language in record.checked_languages],
        "fields": fields,
        "visibility": {name: v.value for name, v in record.chosen_visibility.items()},
        "missing_for_review": sorted(body_path(name) for name in record.missing()),
        "review_note": record.review_note or None,
        "withdrawal_reason": record.withdrawal_reason or None,
        "updated_at": record.updated_at.isoformat() if record.updated_at else None,
        "url": f"/api/v1/systems/{record.slug}?draft=true",
    }


def version_summary(slug: str, version: RecordVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "published_at": version.published_at.isoformat(),
        "note": version.note,
        "standard_version": version.standard_version,
        "url": f"/api/v1/systems/{slug}/versions/{version.number}",
    }


def version_list(slug: str, versions: Sequence[RecordVersion]) -> dict[str, Any]:
    return {"slug": slug, "versions": [version_summary(slug, v) for v in versions]}


def version_view(slug: str, version: RecordVersion, clearance: Visibility) -> dict[str, Any]:
    """One published version, with the fields a reader of this clearance may see."""
    return {
        **version_summary(slug, version),
        "default_language": version.default_language.value,
        "checked_languages": [lang.value for lang in version.checked_languages],
        "fields": version.readable(clearance),
    }
