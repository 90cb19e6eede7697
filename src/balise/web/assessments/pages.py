"""Assessment pages: the deployer's forms, the committee's inbox and vote, the regulator's inbox."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from balise.domain.accounts.model import Actor, Role
from balise.domain.assessments.catalogue import TemplateCode, risk_scale, template
from balise.domain.assessments.model import Assessment, Gender, MemberRole, OpinionKind
from balise.domain.shared.errors import NotFound, ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.domain.shared.votes import Choice
from balise.services import assessments, permissions
from balise.services.ports import UnitOfWork
from balise.web.access import Allow
from balise.web.assessments import forms
from balise.web.assessments.views import assessment_view, committee_view, gate_view, inbox_view
from balise.web.common import form_of, in_uow, see_other
from balise.web.labels import options
from balise.web.rendering import field_errors, language_of, render

router = APIRouter(include_in_schema=False)

WRITERS = Allow.only(Role.ADMIN, Role.EDITOR, Role.REVIEWER)
SIGNERS = Allow.only(Role.ADMIN, Role.REVIEWER)
OVERSIGHT = Allow.only(Role.ADMIN, Role.REGULATOR)
SIGNED_IN = Allow.signed_in()


def overview(uow: UnitOfWork, actor: Actor, assessment_id: int) -> dict[str, Any]:
    """Everything the assessment page shows, and what the actor may do there."""
    assessment = assessments.get_assessment(uow, actor=actor, assessment_id=assessment_id)
    committee = assessments.committee_of(uow, assessment)
    record = uow.systems.get(assessment.system_id)
    assert record is not None
    today = uow.clock.now().date()
    user_key = str(actor.user.id) if actor.user else ""
    ballot = assessment.ballot
    return {
        "assessment": assessment,
        "document": assessment_view(assessment, today=today),
        "template": template(assessment.template),
        "record": record,
        "committee": committee,
        "committees": assessments.available_committees(uow, assessment.organisation_id),
        "audits": uow.audit_reports.published_for_system(assessment.system_id),
        "duty": assessments.fria_duty(uow, assessment.system_id),
        "outdated": assessments.is_outdated(uow, assessment),
        "today": today,
        "scale": risk_scale(),
        "can_edit": permissions.can_edit_assessment(actor, assessment.organisation_id),
        "can_sign": permissions.can_sign_assessment(actor, assessment.organisation_id),
        "can_lead": permissions.can_lead_review(actor, committee),
        "can_vote": ballot is not None and not ballot.closed and user_key in ballot.electorate,
        "excluded": ballot.excluded.get(user_key) if ballot else None,
        "my_vote": ballot.vote_of(user_key) if ballot else None,
        "opinion_kinds": options(OpinionKind),
        "choices": options(Choice),
    }


async def show(
    request: Request,
    actor: Actor,
    assessment_id: int,
    *,
    errors: dict[str, Message] | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context = await in_uow(request, lambda uow: overview(uow, actor, assessment_id), commit=False)
    context["errors"] = field_errors(errors or {}, language_of(request))
    context["form"] = form or {}
    return render(request, "assessments/detail.html", context, status_code=status_code)


async def act(
    request: Request,
    actor: Actor,
    assessment_id: int,
    work: Callable[[UnitOfWork, dict[str, str]], Assessment],
) -> Response:
    """Run one step; back to the assessment, or the page again with the errors per field."""
    form = await form_of(request)
    try:
        done = await in_uow(request, lambda uow: work(uow, form))
    except ValidationError as error:
        return await show(
            request, actor, assessment_id, errors=error.errors, form=form, status_code=422
        )
    return see_other(f"/assessments/{done.id}")


@router.get("/assessments", response_class=HTMLResponse)
async def list_page(request: Request, actor: Annotated[Actor, Depends(SIGNED_IN)]) -> HTMLResponse:
    def read(uow: UnitOfWork) -> dict[str, Any]:
        return {
            "assessments": assessments.list_assessments(uow, actor=actor),
            "inbox": assessments.committee_inbox(uow, actor=actor),
            "can_see_notifications": permissions.can_see_notifications(actor),
        }

    return render(request, "assessments/list.html", await in_uow(request, read, commit=False))


@router.get("/assessments.json")
async def list_json(request: Request, actor: Annotated[Actor, Depends(SIGNED_IN)]) -> JSONResponse:
    def read(uow: UnitOfWork) -> dict[str, Any]:
        today = uow.clock.now().date()
        return {
            "assessments": [
                assessment_view(a, today=today)
                for a in assessments.list_assessments(uow, actor=actor)
            ],
            "inbox": [inbox_view(i) for i in assessments.committee_inbox(uow, actor=actor)],
        }

    return JSONResponse(await in_uow(request, read, commit=False))


@router.get("/register/{slug}/assessments", response_class=HTMLResponse)
async def system_page(
    request: Request, slug: str, actor: Annotated[Actor, Depends(SIGNED_IN)]
) -> HTMLResponse:
    def read(uow: UnitOfWork) -> dict[str, Any]:
        record, found, gate = assessments.system_assessments(uow, actor=actor, slug=slug)
        return {
            "record": record,
            "assessments": found,
            "gate": gate,
            "gate_document": gate_view(gate),
            "templates": options(TemplateCode),
            "can_edit": permissions.can_edit_assessment(actor, record.organisation_id),
            "can_sign": permissions.can_sign_assessment(actor, record.organisation_id),
        }

    return render(request, "assessments/system.html", await in_uow(request, read, commit=False))


@router.post("/register/{slug}/assessments", response_model=None)
async def start(request: Request, slug: str, actor: Annotated[Actor, Depends(WRITERS)]) -> Response:
    form = await form_of(request)
    created = await in_uow(
        request,
        lambda uow: assessments.start_assessment(
            uow, actor=actor, slug=slug, code=form.get("template", "")
        ),
    )
    return see_other(f"/assessments/{created.id}")


@router.post("/register/{slug}/fria-exemption", response_model=None)
async def exemption(
    request: Request, slug: str, actor: Annotated[Actor, Depends(SIGNERS)]
) -> Response:
    form = await form_of(request)
    await in_uow(
        request,
        lambda uow: assessments.record_exemption(
            uow, actor=actor, slug=slug, reason=form.get("reason", "")
        ),
    )
    return see_other(f"/register/{slug}/assessments")


@router.get("/assessments/{assessment_id}.json")
async def detail_json(
    request: Request, assessment_id: int, actor: Annotated[Actor, Depends(SIGNED_IN)]
) -> JSONResponse:
    def read(uow: UnitOfWork) -> dict[str, Any]:
        found = assessments.get_assessment(uow, actor=actor, assessment_id=assessment_id)
        return assessment_view(found, today=uow.clock.now().date())

    return JSONResponse(await in_uow(request, read, commit=False))


@router.get("/assessments/{assessment_id}", response_class=HTMLResponse)
async def detail(
    request: Request, assessment_id: int, actor: Annotated[Actor, Depends(SIGNED_IN)]
) -> HTMLResponse:
    return await show(request, actor, assessment_id)


@router.get("/assessments/{assessment_id}/sections/{section_id}", response_class=HTMLResponse)
async def section_page(
    request: Request,
    assessment_id: int,
    section_id: str,
    actor: Annotated[Actor, Depends(WRITERS)],
) -> HTMLResponse:
    context = await in_uow(request, lambda uow: overview(uow, actor, assessment_id), commit=False)
    section = context["template"].section(section_id)
    if section is None:
        raise NotFound(Message(N_("There is no such section.")))
    context.update(section=section, errors={}, form={})
    return render(request, "assessments/section.html", context)


@router.post("/assessments/{assessment_id}/sections/{section_id}", response_model=None)
async def save_section(
    request: Request,
    assessment_id: int,
    section_id: str,
    actor: Annotated[Actor, Depends(WRITERS)],
) -> Response:
    form = await form_of(request)

    def work(uow: UnitOfWork) -> Assessment:
        current = assessments.get_assessment(uow, actor=actor, assessment_id=assessment_id)
        section = template(current.template).section(section_id)
        if section is None:
            raise NotFound(Message(N_("There is no such section.")))
        ids = [q.id for q in section.questions]
        return assessments.save_answers(
            uow, actor=actor, assessment_id=assessment_id, raw=forms.answers_of(form, ids)
        )

    try:
        await in_uow(request, work)
    except ValidationError as error:
        context = await in_uow(
            request, lambda uow: overview(uow, actor, assessment_id), commit=False
        )
        context.update(
            section=context["template"].section(section_id),
            errors=field_errors(error.errors, language_of(request)),
            form=form,
        )
        return render(request, "assessments/section.html", context, status_code=422)
    return see_other(f"/assessments/{assessment_id}")


@router.post("/assessments/{assessment_id}/summary", response_model=None)
async def summary(
    request: Request, assessment_id: int, actor: Annotated[Actor, Depends(WRITERS)]
) -> Response:
    return await act(
        request,
        actor,
        assessment_id,
        lambda uow, form: assessments.save_summary(
            uow, actor=actor, assessment_id=assessment_id, texts=forms.texts_of(form, "summary")
        ),
    )


@router.post("/assessments/{assessment_id}/risks", response_model=None)
async def add_risk(
    request: Request, assessment_id: int, actor: Annotated[Actor, Depends(WRITERS)]
) -> Response:
    return await act(
        request,
        actor,
        assessment_id,
        lambda uow, form: assessments.add_risk(
            uow, actor=actor, assessment_id=assessment_id, raw=form
        ),
    )


@router.post("/assessments/{assessment_id}/submit", response_model=None)
async def submit(
    request: Request, assessment_id: int, actor: Annotated[Actor, Depends(WRITERS)]
) -> Response:
    return await act(
        request,
        actor,
        assessment_id,
        lambda uow, form: assessments.submit_assessment(
            uow, actor=actor, assessment_id=assessment_id, committee=form.get("committee", "")
        ),
    )


@router.post("/assessments/{assessment_id}/review", response_model=None)
async def review(
    request: Request, assessment_id: int, actor: Annotated[Actor, Depends(SIGNED_IN)]
) -> Response:
    return await act(
        request,
        actor,
        assessment_id,
        lambda uow, form: assessments.start_review(uow, actor=actor, assessment_id=assessment_id),
    )


@router.post("/assessments/{assessment_id}/vote", response_model=None)
async def vote(
    request: Request, assessment_id: int, actor: Annotated[Actor, Depends(SIGNED_IN)]
) -> Response:
    return await act(
        request,
        actor,
        assessment_id,
        lambda uow, form: assessments.cast_vote(
            uow,
            actor=actor,
            assessment_id=assessment_id,
            choice=form.get("choice", ""),
            reason=form.get("reason", ""),
        ),
    )


@router.post("/assessments/{assessment_id}/return", response_model=None)
async def send_back(
    request: Request, assessment_id: int, actor: Annotated[Actor, Depends(SIGNED_IN)]
) -> Response:
    return await act(
        request,
        actor,
        assessment_id,
        lambda uow, form: assessments.return_assessment(
            uow, actor=actor, assessment_id=assessment_id, comments=forms.comments_of(form)
        ),
    )


@router.post("/assessments/{assessment_id}/opinion", response_model=None)
async def opinion(
    request: Request, assessment_id: int, actor: Annotated[Actor, Depends(SIGNED_IN)]
) -> Response:
    return await act(
        request,
        actor,
        assessment_id,
        lambda uow, form: assessments.issue_opinion(
            uow, actor=actor, assessment_id=assessment_id, draft=forms.opinion_of(form)
        ),
    )


@router.post("/assessments/{assessment_id}/conditions/{key}/close", response_model=None)
async def close_condition(
    request: Request, assessment_id: int, key: str, actor: Annotated[Actor, Depends(WRITERS)]
) -> Response:
    return await act(
        request,
        actor,
        assessment_id,
        lambda uow, form: assessments.close_condition(
            uow,
            actor=actor,
            assessment_id=assessment_id,
            key=key,
            evidence=form.get("evidence", ""),
        ),
    )


@router.post("/assessments/{assessment_id}/sign", response_model=None)
async def sign(
    request: Request, assessment_id: int, actor: Annotated[Actor, Depends(SIGNERS)]
) -> Response:
    return await act(
        request,
        actor,
        assessment_id,
        lambda uow, form: assessments.sign_assessment(
            uow, actor=actor, assessment_id=assessment_id
        ),
    )


@router.post("/assessments/{assessment_id}/notify", response_model=None)
async def notify(
    request: Request, assessment_id: int, actor: Annotated[Actor, Depends(WRITERS)]
) -> Response:
    return await act(
        request,
        actor,
        assessment_id,
        lambda uow, form: assessments.notify_assessment(
            uow, actor=actor, assessment_id=assessment_id
        ),
    )


@router.post("/assessments/{assessment_id}/new-version", response_model=None)
async def version(
    request: Request, assessment_id: int, actor: Annotated[Actor, Depends(WRITERS)]
) -> Response:
    return await act(
        request,
        actor,
        assessment_id,
        lambda uow, form: assessments.new_version(uow, actor=actor, assessment_id=assessment_id),
    )


@router.get("/assessments/{assessment_id}/notification.json")
async def notification_json(
    request: Request, assessment_id: int, actor: Annotated[Actor, Depends(SIGNED_IN)]
) -> JSONResponse:
    document = await in_uow(
        request,
        lambda uow: assessments.notification_pack(uow, actor=actor, assessment_id=assessment_id),
        commit=False,
    )
    return JSONResponse(document)


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


@router.get("/assessments/{assessment_id}/report", response_class=HTMLResponse)
async def report(
    request: Request, assessment_id: int, actor: Annotated[Actor, Depends(SIGNED_IN)]
) -> HTMLResponse:
    context = await in_uow(
        request, lambda uow: report_context(uow, actor, assessment_id), commit=False
    )
    return render(request, "assessments/report.html", context)


def report_context(uow: UnitOfWork, actor: Actor, assessment_id: int) -> dict[str, Any]:
    context = overview(uow, actor, assessment_id)
    context["organisation"] = uow.organisations.get(context["assessment"].organisation_id)
    return context


@router.get("/assessments/{assessment_id}/report.pdf", response_model=None)
async def report_pdf(
    request: Request, assessment_id: int, actor: Annotated[Actor, Depends(SIGNED_IN)]
) -> Response:
    context = await in_uow(
        request, lambda uow: report_context(uow, actor, assessment_id), commit=False
    )
    html = bytes(render(request, "assessments/report.html", context).body).decode()
    pdf = await run_in_threadpool(render_pdf, html)
    name = f"assessment-{assessment_id}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/assessments/{assessment_id}/compare", response_class=HTMLResponse)
async def compare(
    request: Request,
    assessment_id: int,
    actor: Annotated[Actor, Depends(SIGNED_IN)],
    other: Annotated[int | None, Query(alias="with", ge=1)] = None,
) -> HTMLResponse:
    """The answers that differ from another version (by default the previous one)."""

    def read(uow: UnitOfWork) -> dict[str, Any]:
        current = assessments.get_assessment(uow, actor=actor, assessment_id=assessment_id)
        earlier = other or current.previous_id
        context: dict[str, Any] = {
            "assessment": current,
            "template": template(current.template),
            "before": None,
            "changes": [],
        }
        if earlier is not None:
            before, _after, changes = assessments.compare_versions(
                uow, actor=actor, assessment_id=assessment_id, other_id=earlier
            )
            context.update(before=before, changes=changes)
        return context

    return render(request, "assessments/compare.html", await in_uow(request, read, commit=False))


@router.get("/regulator/notifications", response_class=HTMLResponse)
async def notifications(
    request: Request, actor: Annotated[Actor, Depends(OVERSIGHT)]
) -> HTMLResponse:
    found = await in_uow(
        request, lambda uow: assessments.regulator_inbox(uow, actor=actor), commit=False
    )
    return render(request, "assessments/notifications.html", {"assessments": found})


@router.get("/committees", response_class=HTMLResponse)
async def committees(request: Request, actor: Annotated[Actor, Depends(SIGNED_IN)]) -> HTMLResponse:
    def read(uow: UnitOfWork) -> dict[str, Any]:
        found = assessments.committees_of(uow, actor=actor)
        return {
            "committees": found,
            "documents": {c.slug: committee_view(c) for c in found},
            "can_manage": permissions.can_manage_committees(actor),
            "roles": options(MemberRole),
            "genders": options(Gender),
            "errors": {},
        }

    return render(request, "assessments/committees.html", await in_uow(request, read, commit=False))


@router.post("/committees", response_model=None)
async def create_committee(
    request: Request, actor: Annotated[Actor, Depends(Allow.only(Role.ADMIN))]
) -> Response:
    form = await form_of(request)
    quorum = form.get("quorum", "3")
    await in_uow(
        request,
        lambda uow: assessments.create_committee(
            uow,
            actor=actor,
            slug=form.get("slug", ""),
            name=forms.texts_of(form, "name"),
            organisation=form.get("organisation", ""),
            quorum=int(quorum) if quorum.isdigit() else 0,
            max_gender_share=form.get("max_gender_share", "2/3") or "2/3",
        ),
    )
    return see_other("/committees")


@router.post("/committees/{slug}/members", response_model=None)
async def add_member(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(Role.ADMIN))]
) -> Response:
    form = await form_of(request)
    await in_uow(
        request,
        lambda uow: assessments.add_member(
            uow,
            actor=actor,
            committee=slug,
            email=form.get("email", ""),
            role=form.get("role", ""),
            gender=form.get("gender", "undisclosed"),
            conflicts=[s for s in form.get("conflicts", "").split(",") if s.strip()],
        ),
    )
    return see_other("/committees")
