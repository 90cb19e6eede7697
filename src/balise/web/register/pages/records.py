"""Pages where organisations keep their AI system records and take them through review."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from balise.domain.accounts.model import Actor, Role
from balise.domain.assessments.model import GateStatus
from balise.domain.organisations.model import Organisation
from balise.domain.register.model import (
    LanguageStatus,
    RecordVersion,
    State,
    SystemRecord,
    translation_status,
)
from balise.domain.register.sections import (
    FORM_ORDER,
    Progress,
    next_section,
    parse_section,
    section_states,
)
from balise.domain.register.standard import (
    SECTION_TITLES,
    Section,
    Visibility,
    field_named,
    in_section,
)
from balise.domain.shared.errors import Conflict, NotFound, ValidationError
from balise.domain.shared.i18n import LANGUAGES, N_, Message
from balise.i18n import gettext, translate
from balise.services import assessments, permissions, register
from balise.services.organisations import get_organisation
from balise.services.ports import UnitOfWork
from balise.web.access import Allow
from balise.web.common import in_uow, see_other
from balise.web.obligations.views import record_compliance_view
from balise.web.register.forms import (
    Problem,
    choice_options,
    form_values,
    in_form_order,
    named_errors,
    new_record_draft,
    new_record_problems,
    problem_links,
    section_address,
    section_draft,
    sections_with_values,
    task_rows,
    visibility_options,
)
from balise.web.register.page_views import missing_fields, state_label, translated_name
from balise.web.rendering import (
    LANGUAGE_NAMES,
    field_errors,
    language_name,
    language_of,
    render,
)

router = APIRouter(include_in_schema=False)

WRITERS = (Role.ADMIN, Role.EDITOR, Role.REVIEWER)
REVIEWERS = (Role.ADMIN, Role.REVIEWER)


@dataclass(frozen=True)
class Row:
    record: SystemRecord
    organisation: Organisation
    stale: bool
    languages: list[LanguageStatus]


@router.get("/register", response_class=HTMLResponse)
async def records(
    request: Request, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    def load(uow: UnitOfWork) -> list[Row]:
        today = uow.clock.now().date()
        rows = []
        for organisation in register.organisations_with_records(uow, actor=actor):
            assert organisation.id is not None
            for record in register.systems_of(uow, actor=actor, organisation_id=organisation.id):
                rows.append(
                    Row(
                        record,
                        organisation,
                        record.is_stale(today),
                        translation_status(record.values, record.checked_languages),
                    )
                )
        return rows

    rows = await in_uow(request, load, commit=False)
    return render(
        request,
        "register/list.html",
        {
            "rows": rows,
            "stale": [row for row in rows if row.stale],
            "state_label": state_label,
            "can_create": permissions.can_create_records(actor),
        },
    )


def _new_page(
    request: Request,
    organisations: list[Organisation],
    *,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "register/form.html",
        {
            "organisations": organisations,
            "values": values,
            "errors": errors,
            "problems": [Problem(f"#field-{key}", text) for key, text in errors.items()],
            "name_field": field_named("name"),
            "language_label": _language_label(request),
            "language_options": [(lang.value, LANGUAGE_NAMES[lang]) for lang in LANGUAGES],
            "organisation_options": [
                (o.slug, translated_name(o.name, language_of(request))) for o in organisations
            ],
        },
        status_code=status_code,
    )


def _language_label(request: Request) -> Callable[[str], str]:
    """A language named in the page's language, as inputs are labelled: "In Dutch"."""
    return lambda code: language_name(code, language_of(request))


def _writable_organisations(uow: UnitOfWork, actor: Actor) -> list[Organisation]:
    return register.writable_organisations(uow, actor=actor)


@router.get("/register/new", response_class=HTMLResponse)
async def new_record(
    request: Request, actor: Annotated[Actor, Depends(Allow.only(*WRITERS))]
) -> HTMLResponse:
    organisations = await in_uow(
        request, lambda uow: _writable_organisations(uow, actor), commit=False
    )
    values = {"default_language": language_of(request).value}
    return _new_page(request, organisations, values=values, errors={})


@router.post("/register/new", response_model=None)
async def create_record(
    request: Request, actor: Annotated[Actor, Depends(Allow.only(*WRITERS))]
) -> Response:
    draft, shown = new_record_draft(await request.form())

    def create(uow: UnitOfWork) -> SystemRecord:
        errors = new_record_problems(draft)
        organisation_id = None
        try:
            organisation_id = get_organisation(uow, actor=actor, slug=shown["organisation"]).id
        except NotFound:
            errors["organisation"] = Message(N_("Choose the organisation."))
        if errors or organisation_id is None:
            raise ValidationError(in_form_order(errors, draft.default_language))
        return register.create_system(
            uow, actor=actor, organisation_id=organisation_id, draft=draft
        )

    try:
        created = await in_uow(request, create)
    except ValidationError as error:
        organisations = await in_uow(
            request, lambda uow: _writable_organisations(uow, actor), commit=False
        )
        return _new_page(
            request,
            organisations,
            values=shown,
            errors=named_errors(error.errors, language_of(request)),
            status_code=422,
        )
    return see_other(f"/register/{created.slug}/edit?created=1")


# --- The record form, one section at a time --------------------------------------------------


@router.get("/register/{slug}/edit", response_class=HTMLResponse)
async def edit_record(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*WRITERS))]
) -> HTMLResponse:
    record = await in_uow(
        request, lambda uow: register.system_for_update(uow, actor, slug), commit=False
    )
    rows = task_rows(
        slug, section_states(record.values, record.default_language, record.checked_languages)
    )
    saved = parse_section(request.query_params.get("saved", ""))
    return render(
        request,
        "register/overview.html",
        {
            "record": record,
            "rows": rows,
            "complete": sum(1 for row in rows if row.progress is Progress.COMPLETE),
            "saved": gettext(SECTION_TITLES[saved]) if saved else "",
            "created": request.query_params.get("created") == "1",
        },
    )


def _section_or_404(raw: str) -> Section:
    section = parse_section(raw)
    if section is None:
        raise NotFound(Message(N_("This page does not exist.")))
    return section


def _section_page(
    request: Request,
    record: SystemRecord,
    section: Section,
    *,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    problem: str = "",
    status: int = 200,
) -> HTMLResponse:
    errors = errors or {}
    following = next_section(section)
    return render(
        request,
        "register/section.html",
        {
            "record": record,
            "section": section,
            "title": gettext(SECTION_TITLES[section]),
            "number": FORM_ORDER.index(section) + 1,
            "total": len(FORM_ORDER),
            "fields": in_section(section),
            "following": gettext(SECTION_TITLES[following]) if following else "",
            "values": values,
            "errors": errors,
            "problems": problem_links(record.slug, errors, here=section),
            "problem": problem,
            "visibility_options": visibility_options(),
            "choice_options": choice_options,
            "language_options": [(lang.value, LANGUAGE_NAMES[lang]) for lang in LANGUAGES],
            "language_label": _language_label(request),
        },
        status_code=status,
    )


@router.get("/register/{slug}/edit/{section}", response_class=HTMLResponse)
async def edit_section(
    request: Request,
    slug: str,
    section: str,
    actor: Annotated[Actor, Depends(Allow.only(*WRITERS))],
) -> HTMLResponse:
    chosen = _section_or_404(section)
    record = await in_uow(
        request, lambda uow: register.system_for_update(uow, actor, slug), commit=False
    )
    return _section_page(request, record, chosen, values=form_values(record))


@router.post("/register/{slug}/edit/{section}", response_model=None)
async def save_section(
    request: Request,
    slug: str,
    section: str,
    actor: Annotated[Actor, Depends(Allow.only(*WRITERS))],
) -> Response:
    chosen = _section_or_404(section)
    form = await request.form()
    tried: dict[str, Any] = {}

    def save(uow: UnitOfWork) -> SystemRecord:
        """Read the record and write this section over it in one transaction."""
        record = register.system_for_update(uow, actor, slug)
        draft, tried["shown"] = section_draft(record, chosen, form)
        tried["record"] = record
        return register.update_system(uow, actor=actor, slug=slug, draft=draft)

    try:
        await in_uow(request, save)
    except (ValidationError, Conflict) as error:
        language = language_of(request)
        if isinstance(error, ValidationError):
            main = tried["shown"]["default_language"]
            errors = named_errors(in_form_order(error.errors, main), language)
            return _section_page(
                request, tried["record"], chosen, values=tried["shown"], errors=errors, status=422
            )
        problem = translate(error.message, language)
        return _section_page(
            request, tried["record"], chosen, values=tried["shown"], problem=problem, status=409
        )
    following = next_section(chosen)
    if form.get("then") == "next" and following is not None:
        return see_other(f"{section_address(slug, following)}")
    return see_other(f"/register/{slug}/edit?saved={chosen.value}")


@router.get("/register/{slug}/check", response_class=HTMLResponse)
async def check_record(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*WRITERS))]
) -> HTMLResponse:
    record = await in_uow(
        request, lambda uow: register.system_for_update(uow, actor, slug), commit=False
    )
    problems = in_form_order(record.problems(), record.default_language.value)
    errors = named_errors(problems, language_of(request))
    return render(
        request,
        "register/check.html",
        {
            "record": record,
            "problems": problem_links(slug, errors),
        },
    )


@dataclass(frozen=True)
class RecordPage:
    record: SystemRecord
    organisation: Organisation
    versions: list[RecordVersion]
    today: date
    fria_gate: GateStatus | None = None  # AI Act Art 27 (services/assessments/gate.py)


def _load_record(uow: UnitOfWork, actor: Actor, slug: str) -> RecordPage:
    found = register.get_working_copy(uow, actor=actor, slug=slug)
    today = uow.clock.now().date()
    gate = assessments.publication_gate(uow, found.record, on=today)
    return RecordPage(found.record, found.organisation, found.versions, today, gate)


async def _record_page(
    request: Request,
    actor: Actor,
    slug: str,
    *,
    problem: str = "",
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    page = await in_uow(request, lambda uow: _load_record(uow, actor, slug), commit=False)
    record = page.record
    organisation_id = record.organisation_id
    reader = language_of(request).value
    compliance = await in_uow(
        request, lambda uow: record_compliance_view(uow, actor, slug, reader), commit=False
    )
    return render(
        request,
        "register/detail.html",
        {
            "page": page,
            "record": record,
            "state_label": state_label,
            "sections": sections_with_values(record.values, record.visibility),
            "visibility_labels": dict(visibility_options()),
            "languages_status": translation_status(record.values, record.checked_languages),
            "missing": missing_fields(record) if record.state is State.DRAFT else [],
            "stale": record.is_stale(page.today),
            "can_manage": permissions.can_edit_record(actor, organisation_id),
            "can_review": permissions.can_review_record(actor, organisation_id),
            "own_work": actor.user is not None
            and actor.user.id in {record.edited_by, record.submitted_by},
            "problem": problem,
            "errors": errors or {},
            "saved": request.query_params.get("saved") == "1",
            "done": request.query_params.get("done", ""),
            "restricted": Visibility.RESTRICTED,
            **compliance,
        },
        status_code=status_code,
    )


@router.get("/register/{slug}", response_class=HTMLResponse)
async def record_page(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    return await _record_page(request, actor, slug)


Step = Callable[[UnitOfWork, Actor, str, dict[str, str]], SystemRecord]

STEPS: dict[str, Step] = {
    "submit": lambda uow, actor, slug, form: register.submit_system(uow, actor=actor, slug=slug),
    "approve": lambda uow, actor, slug, form: register.approve_system(uow, actor=actor, slug=slug),
    "send-back": lambda uow, actor, slug, form: register.send_back_system(
        uow, actor=actor, slug=slug, note=form.get("note", "")
    ),
    "publish": lambda uow, actor, slug, form: register.publish_system(
        uow, actor=actor, slug=slug, note=form.get("note", "")
    ),
    "withdraw": lambda uow, actor, slug, form: register.withdraw_system(
        uow, actor=actor, slug=slug, reason=form.get("reason", "")
    ),
}


async def _step(request: Request, actor: Actor, slug: str, step: str) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    try:
        await in_uow(request, lambda uow: STEPS[step](uow, actor, slug, form))
    except (ValidationError, Conflict) as error:
        language = language_of(request)
        errors = field_errors(error.errors, language) if isinstance(error, ValidationError) else {}
        return await _record_page(
            request,
            actor,
            slug,
            problem=translate(error.message, language),
            errors=errors,
            status_code=422 if isinstance(error, ValidationError) else 409,
        )
    return see_other(f"/register/{slug}?done={step}")


@router.post("/register/{slug}/submit", response_model=None)
async def submit_record(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*WRITERS))]
) -> Response:
    return await _step(request, actor, slug, "submit")


@router.post("/register/{slug}/approve", response_model=None)
async def approve_record(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*REVIEWERS))]
) -> Response:
    return await _step(request, actor, slug, "approve")


@router.post("/register/{slug}/send-back", response_model=None)
async def send_back_record(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*REVIEWERS))]
) -> Response:
    return await _step(request, actor, slug, "send-back")


@router.post("/register/{slug}/publish", response_model=None)
async def publish_record(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*WRITERS))]
) -> Response:
    return await _step(request, actor, slug, "publish")


@router.post("/register/{slug}/withdraw", response_model=None)
async def withdraw_record(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*REVIEWERS))]
) -> Response:
    return await _step(request, actor, slug, "withdraw")
