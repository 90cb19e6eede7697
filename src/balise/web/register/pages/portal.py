"""The public portal: search the register, read a system's page, its versions and changes."""

from __future__ import annotations

import math
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import Markup

from balise.domain.accounts.model import Actor
from balise.domain.organisations.model import Level, Sector
from balise.domain.register.model import (
    Change,
    is_sensitive,
    translation_status,
)
from balise.domain.register.search import (
    COUNT_CAP,
    PortalHit,
    SearchFilters,
    SearchPage,
)
from balise.domain.register.standard import (
    CHOICES,
    FIELDS,
    FIELDS_BY_NAME,
    SECTION_TITLES,
    Field,
    Kind,
    Section,
)
from balise.domain.shared.errors import NotFound, ValidationError
from balise.domain.shared.i18n import LANGUAGES, N_, Language, Message
from balise.i18n import gettext
from balise.services import audits, register
from balise.services.ports import UnitOfWork
from balise.web.access import CSRF_COOKIE, Allow
from balise.web.common import in_uow
from balise.web.labels import options
from balise.web.page_cache import TOKEN_PLACEHOLDER, PageCache, with_token
from balise.web.rendering import LANGUAGE_NAMES, language_of, render

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 20
MAX_PAGE = 500
NO_SUCH = Message(N_("There is no such AI system."))
NOT_VALID = Message(N_("This value is not valid."))

# What a citizen looks for first, in this order; the rest follows by section of the standard.
SUMMARY: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("what", N_("What it does"), ("description_short", "intended_purpose", "goal")),
    (
        "decides",
        N_("What it decides, and about whom"),
        ("decision_type", "decision_making_process", "affected_groups", "impact"),
    ),
    ("oversight", N_("How a person oversees it"), ("oversight_mode", "human_intervention")),
    (
        "rights",
        N_("Ask for an explanation or a human review, or contest an outcome"),
        ("explanation_channel", "explanation_days", "objection_procedure", "decision_notice"),
    ),
    (
        "responsible",
        N_("Who is responsible"),
        (
            "department",
            "senior_responsible_owner",
            "contact_email",
            "contact_phone",
            "website",
            "provider_name",
        ),
    ),
)
SHOWN_FIRST = {"name", "revision_date", *(name for _, _, names in SUMMARY for name in names)}
SECTION_ORDER = (
    Section.PURPOSE,
    Section.LIFECYCLE,
    Section.AI_ACT,
    Section.DATA,
    Section.TECHNICAL,
    Section.OVERSIGHT,
    Section.ACCOUNTABILITY,
    Section.RISKS,
    Section.RECORD,
)
_LINK = re.compile(r"^https?://\S+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# --- Filters ---------------------------------------------------------------------------------


def _name(names: dict[str, str], reader: Language, slug: str) -> str:
    for code in (reader.value, *(language.value for language in LANGUAGES)):
        if names.get(code):
            return names[code]
    return slug


FILTER_TITLES = (
    ("organisation", N_("Organisation")),
    ("level", N_("Level of government")),
    ("sector", N_("Sector")),
    ("risk_category", N_("Risk category")),
    ("lifecycle_status", N_("Life-cycle stage")),
    ("language", N_("Available in")),
)


def filter_fields(
    organisations: list[tuple[str, dict[str, str]]], reader: Language, chosen: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Each filter's title and options (value, label, chosen), translated here: a page shows a
    hundred options, and building them in the template costs more than the search."""
    choices: dict[str, list[tuple[str, str]]] = {
        "organisation": sorted(
            ((slug, _name(names, reader, slug)) for slug, names in organisations),
            key=lambda option: option[1].casefold(),
        ),
        "level": options(Level),
        "sector": options(Sector),
        "risk_category": [(v, gettext(label)) for v, label in CHOICES["risk_category"]],
        "lifecycle_status": [(v, gettext(label)) for v, label in CHOICES["lifecycle_status"]],
        "language": [(lang.value, LANGUAGE_NAMES[lang]) for lang in LANGUAGES],
    }
    return [
        {
            "name": name,
            "title": gettext(title),
            "options": [
                (value, label, chosen.get(name) == value) for value, label in choices[name]
            ],
            "options_html": options_html(name, choices[name], chosen.get(name)),
        }
        for name, title in FILTER_TITLES
    ]


def options_html(name: str, choices: list[tuple[str, str]], chosen: str | None) -> Markup:
    """A filter's <option> elements, escaped here: a template loop over a hundred options costs
    more than the search itself."""
    lines = []
    for value, label in choices:  # adding a str to Markup escapes it
        line = Markup('<option value="') + value + Markup('"')
        if value == chosen:
            line += Markup(" selected")
        if name == "language":
            line += Markup(' lang="') + value + Markup('"')
        lines.append(line + Markup(">") + label + Markup("</option>"))
    return Markup("\n").join(lines)


FILTER_NAMES = ("organisation", "level", "sector", "risk_category", "lifecycle_status", "language")
VALID = {
    "level": {level.value for level in Level},
    "sector": {sector.value for sector in Sector},
    "risk_category": {value for value, _ in CHOICES["risk_category"]},
    "lifecycle_status": {value for value, _ in CHOICES["lifecycle_status"]},
    "language": {language.value for language in LANGUAGES},
}


def read_filters(
    uow: UnitOfWork, raw: Mapping[str, str], *, strict: bool
) -> tuple[SearchFilters, dict[str, str]]:
    """Filters from query parameters, and the ones in effect. A page drops values it does not
    know (an old bookmark still works); the API names them in a validation error."""
    chosen = {name: (raw.get(name) or "").strip() for name in FILTER_NAMES}
    errors: dict[str, Message] = {}
    for name, allowed in VALID.items():
        if chosen[name] and chosen[name] not in allowed:
            errors[name] = NOT_VALID
    organisation_id = None
    if chosen["organisation"]:
        found = uow.organisations.find_by_slug(chosen["organisation"])
        if found is None:
            errors["organisation"] = Message(N_("There is no such organisation."))
        else:
            organisation_id = found.id
    if errors and strict:
        raise ValidationError(errors)
    for name in errors:
        chosen[name] = ""
    withdrawn = (raw.get("include_withdrawn") or "").lower() in {"1", "true", "on", "yes"}
    filters = SearchFilters(
        organisation_id=organisation_id,
        level=chosen["level"] or None,
        sector=chosen["sector"] or None,
        risk_category=chosen["risk_category"] or None,
        lifecycle_status=chosen["lifecycle_status"] or None,
        language=Language(chosen["language"]) if chosen["language"] else None,
        include_withdrawn=withdrawn,
    )
    in_effect = {name: value for name, value in chosen.items() if value}
    if withdrawn:
        in_effect["include_withdrawn"] = "1"
    return filters, in_effect


# --- What a hit and a page look like -----------------------------------------------------------


def hit_view(hit: PortalHit, today: date) -> dict[str, Any]:
    """A system as lists show it, in the JSON twin and the API alike."""
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


def listed(hit: PortalHit, today: date, reader: Language) -> dict[str, Any]:
    """A result as the search page shows it, its texts already in the reader's language."""
    view = hit_view(hit, today)
    default = str(hit.document.get("default_language") or "")
    return {
        **view,
        "name_text": text_for(view["name"], reader, default) or {"paragraphs": [hit.slug]},
        "summary_text": text_for(view["summary"], reader, default),
        "organisation_text": text_for(view["organisation"]["name"], reader, default),
    }


def public_view(hit: PortalHit, today: date) -> dict[str, Any]:
    """The public document of the latest version, with its status on the portal."""
    return {
        **hit.document,
        "url": f"/systems/{hit.slug}",
        "revision_date": hit.revision_date.isoformat() if hit.revision_date else None,
        "stale": hit.is_stale(today),
        "withdrawn": hit.withdrawn,
        "withdrawal_reason": hit.withdrawal_reason or None,
    }


@dataclass(frozen=True)
class Results:
    query: str
    filters: dict[str, str]
    page: int
    found: SearchPage
    today: date
    organisations: list[tuple[str, dict[str, str]]]

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.found.total / PAGE_SIZE))

    def link(self, page: int, suffix: str = "") -> str:
        params = {"q": self.query, **self.filters} if self.query else dict(self.filters)
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
            "systems": [hit_view(hit, self.today) for hit in self.found.hits],
        }


def _page_number(raw: str | None) -> int:
    try:
        return min(max(1, int(raw or "1")), MAX_PAGE)
    except ValueError:
        return 1


async def run_search(request: Request) -> Results:
    raw = dict(request.query_params)
    query = (raw.get("q") or "").strip()[:200]
    page = _page_number(raw.get("page"))
    language = language_of(request)

    def load(uow: UnitOfWork) -> Results:
        filters, in_effect = read_filters(uow, raw, strict=False)
        found = uow.portal_search.search(
            query, filters, language, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE
        )
        return Results(
            query,
            in_effect,
            page,
            found,
            uow.clock.now().date(),
            uow.portal_search.organisations(),
        )

    return await in_uow(request, load, commit=False)


# --- A field's value, ready for the page -------------------------------------------------------


def text_for(
    texts: Mapping[str, str] | None, reader: Language, default: str
) -> dict[str, Any] | None:
    """A text in the reader's language, else the record's own, else any; says which it is."""
    texts = texts or {}
    for code in (reader.value, default, *(lang.value for lang in LANGUAGES)):
        if texts.get(code):
            return {
                "paragraphs": [line for line in texts[code].splitlines() if line.strip()],
                "lang": code,
                "fallback": code != reader.value,
                "language_name": LANGUAGE_NAMES[Language(code)],
            }
    return None


def _line_view(spec: Field, value: Any) -> dict[str, Any]:
    text = str(value)
    if spec.kind is Kind.URL or _LINK.match(text):
        return {"kind": "link", "href": text, "text": text}
    if spec.kind is Kind.EMAIL or _EMAIL.match(text):
        return {"kind": "link", "href": f"mailto:{text}", "text": text}
    return {"kind": "plain", "text": text}


_VIEWS: dict[Kind, Callable[[Field, Any], dict[str, Any]]] = {
    Kind.CHOICE: lambda spec, value: {
        "kind": "label",
        "label": dict(spec.choices).get(value, value),
    },
    Kind.CHOICES: lambda spec, value: {
        "kind": "labels",
        "labels": [dict(spec.choices).get(item, item) for item in value],
    },
    Kind.DATE: lambda spec, value: {"kind": "date", "date": date.fromisoformat(value)},
    Kind.BOOLEAN: lambda spec, value: {"kind": "yes" if value else "no"},
    Kind.INTEGER: lambda spec, value: {"kind": "number", "number": value},
    Kind.WORDS: lambda spec, value: {"kind": "plain", "text": ", ".join(value)},
}


def value_view(spec: Field, value: Any, reader: Language, default: str) -> dict[str, Any] | None:
    """What the template needs to show one value: its kind decides how."""
    if value in (None, "", [], {}):
        return None
    if spec.kind is Kind.I18N:
        text = text_for(value, reader, default)
        return {"kind": "text", **text} if text else None
    return _VIEWS.get(spec.kind, _line_view)(spec, value)


def items_of(
    names: tuple[str, ...] | list[str], fields: Mapping[str, Any], reader: Language, default: str
) -> list[dict[str, Any]]:
    shown = []
    for name in names:
        spec = FIELDS_BY_NAME[name]
        view = value_view(spec, fields.get(name), reader, default)
        if view is not None:
            shown.append({"name": name, "label": spec.label, "value": view})
    return shown


def system_page_context(hit: PortalHit, reader: Language, today: date) -> dict[str, Any]:
    document = hit.document
    fields: dict[str, Any] = document.get("fields", {})
    default = str(document.get("default_language", "nl"))
    checked = [Language(code) for code in document.get("checked_languages", [])]
    summary = [
        {"key": key, "title": title, "items": items_of(names, fields, reader, default)}
        for key, title, names in SUMMARY
    ]
    sections = []
    for section in SECTION_ORDER:
        names = [
            spec.name for spec in FIELDS if spec.section is section and spec.name not in SHOWN_FIRST
        ]
        items = items_of(names, fields, reader, default)
        if items:
            sections.append(
                {"key": section.value, "title": SECTION_TITLES[section], "items": items}
            )
    return {
        "hit": hit,
        "document": document,
        "name": text_for(fields.get("name"), reader, default) or {"paragraphs": [hit.slug]},
        "summary": summary,
        "sections": sections,
        "organisation": document.get("organisation", {}),
        "stale": hit.is_stale(today),
        "sensitive": is_sensitive(fields),
        "translation": translation_status(fields, checked),
        "default_language": Language(default),
    }


# --- Pages -------------------------------------------------------------------------------------


async def cached(
    request: Request, actor: Actor, build: Callable[[str | None], Awaitable[Response]]
) -> Response:
    """An anonymous reader's page from the cache while the portal has not changed."""
    if actor.user is not None:
        return await build(None)
    generation, today = await in_uow(
        request, lambda uow: (uow.portal.generation(), uow.clock.now().date()), commit=False
    )
    key = (generation, today, language_of(request), request.url.path, request.url.query)
    cache: PageCache[bytes] = request.app.state.page_cache
    page = cache.get(key)
    media_type = "application/json" if request.url.path.endswith(".json") else "text/html"
    if page is None:
        response = await build(TOKEN_PLACEHOLDER)
        page = bytes(response.body)
        if response.status_code != 200:
            token = request.cookies.get(CSRF_COOKIE, "")
            return Response(with_token(page, token), response.status_code, media_type=media_type)
        cache.put(key, page)
    token = request.cookies.get(CSRF_COOKIE, "")
    return Response(with_token(page, token), media_type=f"{media_type}; charset=utf-8")


@router.get("/systems", response_class=HTMLResponse)
async def systems(request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]) -> Response:
    return await cached(request, actor, lambda token: search_page(request, token))


async def search_page(request: Request, token: str | None) -> Response:
    results = await run_search(request)
    reader = language_of(request)
    return render(
        request,
        "portal/search.html",
        {
            "results": results,
            "filters": filter_fields(results.organisations, language_of(request), results.filters),
            "count_cap": COUNT_CAP,
            "max_page": MAX_PAGE,
            "systems": [listed(hit, results.today, reader) for hit in results.found.hits],
            "risk_labels": {v: gettext(label) for v, label in CHOICES["risk_category"]},
            "lifecycle_labels": {v: gettext(label) for v, label in CHOICES["lifecycle_status"]},
        },
        csrf_token=token,
    )


@router.get("/systems.json")
async def systems_json(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> Response:
    async def build(token: str | None) -> Response:
        return JSONResponse((await run_search(request)).as_json())

    return await cached(request, actor, build)


def entry_of(uow: UnitOfWork, slug: str) -> PortalHit:
    hit = uow.portal_search.entry(slug)
    if hit is None:
        raise NotFound(NO_SUCH)
    return hit


@router.get("/systems/{slug}.json")
async def system_json(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> JSONResponse:
    def load(uow: UnitOfWork) -> dict[str, Any]:
        return public_view(entry_of(uow, slug), uow.clock.now().date())

    return JSONResponse(await in_uow(request, load, commit=False))


@router.get("/systems/{slug}", response_class=HTMLResponse)
async def system_page(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    reader = language_of(request)

    def load(uow: UnitOfWork) -> dict[str, Any]:
        hit = entry_of(uow, slug)
        return {
            **system_page_context(hit, reader, uow.clock.now().date()),
            "audit_reports": audits.public_reports_for_system(uow, hit.system_id),
        }

    return render(request, "portal/system.html", await in_uow(request, load, commit=False))


@router.get("/systems/{slug}/versions", response_class=HTMLResponse)
async def versions_page(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    reader = language_of(request)

    def load(uow: UnitOfWork) -> dict[str, Any]:
        found = register.history(uow, actor=actor, slug=slug)
        latest = found.versions[0] if found.versions else None
        values = latest.readable(found.clearance) if latest else found.record.values
        default = latest.default_language.value if latest else found.record.default_language
        return {
            "slug": slug,
            "versions": found.versions,
            "name": text_for(values.get("name"), reader, str(default)) or {"paragraphs": [slug]},
            "withdrawn": found.record.state.value == "withdrawn",
        }

    return render(request, "portal/versions.html", await in_uow(request, load, commit=False))


@dataclass(frozen=True)
class ChangeRow:
    label: str
    language: str | None
    language_name: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def change_rows(changes: list[Change], reader: Language, default: str) -> list[ChangeRow]:
    """One row per changed field, and per changed language of a text."""
    rows = []
    for change in changes:
        spec = FIELDS_BY_NAME[change.field]
        if spec.kind is Kind.I18N:
            before, after = change.before or {}, change.after or {}
            for language in LANGUAGES:
                code = language.value
                if before.get(code) != after.get(code):
                    rows.append(
                        ChangeRow(
                            spec.label,
                            code,
                            LANGUAGE_NAMES[language],
                            text_for({code: before[code]}, language, code)
                            if before.get(code)
                            else None,
                            text_for({code: after[code]}, language, code)
                            if after.get(code)
                            else None,
                        )
                    )
            continue
        rows.append(
            ChangeRow(
                spec.label,
                None,
                None,
                value_view(spec, change.before, reader, default),
                value_view(spec, change.after, reader, default),
            )
        )
    return rows


@router.get("/systems/{slug}/compare", response_class=HTMLResponse)
async def compare_page(
    request: Request,
    slug: str,
    actor: Annotated[Actor, Depends(Allow.everyone())],
    before: Annotated[int | None, Query(alias="from", ge=1)] = None,
    after: Annotated[int | None, Query(alias="to", ge=1)] = None,
) -> HTMLResponse:
    reader = language_of(request)

    def load(uow: UnitOfWork) -> dict[str, Any]:
        found = register.history(uow, actor=actor, slug=slug)
        if not found.versions:
            raise NotFound(Message(N_("There is no such version.")))
        newest = found.versions[0].number
        to = after or newest
        since = before or max(1, to - 1)
        changes = register.compare_versions(uow, actor=actor, slug=slug, before=since, after=to)
        latest = found.versions[0]
        values = latest.readable(found.clearance)
        default = latest.default_language.value
        return {
            "slug": slug,
            "before": since,
            "after": to,
            "numbers": [version.number for version in found.versions],
            "rows": change_rows(changes, reader, default),
            "name": text_for(values.get("name"), reader, default) or {"paragraphs": [slug]},
        }

    return render(request, "portal/compare.html", await in_uow(request, load, commit=False))
