"""AI Act pages: the questionnaire, its result, the timeline, and results stored on records.

The questionnaire works without JavaScript: one section per page, answered with "Next" and
"Back". Where the answers live (a signed token, or a saved questionnaire) and how a form is read
is in `forms.py`; what each page shows (and its `.json` twin) is built in `views.py`. The routes
here parse, authorise, call one service and render.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from balise.domain.accounts.model import Actor
from balise.domain.shared.errors import ValidationError
from balise.services import aiact, permissions
from balise.services.permissions import CLASSIFICATION_STORERS
from balise.web.access import Allow
from balise.web.aiact import views
from balise.web.aiact.forms import (
    RESULT,
    Flow,
    answer_step,
    encode,
    first,
    first_section_id,
    multi_form,
    parse_options,
    parse_store_form,
    saved_flow,
    section_or_404,
    token_flow,
)
from balise.web.common import in_uow, see_other
from balise.web.paths import PathId
from balise.web.rendering import field_errors, language_of, render

router = APIRouter(include_in_schema=False)


async def load_saved(request: Request, actor: Actor, questionnaire_id: int) -> Flow:
    found = await in_uow(
        request,
        lambda uow: aiact.get_questionnaire(uow, actor=actor, questionnaire_id=questionnaire_id),
        commit=False,
    )
    return saved_flow(found)


def asked_result(request: Request, flow: Flow) -> views.ResultDocument:
    """The flow classified on the date and under the law the address asks for."""
    day, law = parse_options(request.query_params.get("date"), request.query_params.get("law"))
    return views.result_document(flow, on=day, law=law)


# --- The questionnaire --------------------------------------------------------------------------


@router.get("/aiact", response_class=HTMLResponse)
async def start_page(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    return render(request, "aiact/start.html", {"signed_in": actor.user is not None})


@router.post("/aiact/start", response_model=None)
async def start(request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]) -> Response:
    if actor.user is None:
        return see_other(Flow({}, None, token=encode(request, {}, None)).url(first_section_id()))
    created = await in_uow(
        request, lambda uow: aiact.start_questionnaire(uow, actor=actor, answers={}, law=None)
    )
    return see_other(f"/aiact/saved/{created.id}/{first_section_id()}")


@router.get("/aiact/questionnaire/{section_id}", response_class=HTMLResponse)
async def token_section_page(
    request: Request, section_id: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    flow = token_flow(request, request.query_params.get("state"))
    return show_section(request, flow, section_id)


@router.post("/aiact/questionnaire/{section_id}", response_model=None)
async def token_section_answer(
    request: Request, section_id: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> Response:
    form = await multi_form(request)
    flow = token_flow(request, first(form, "state"))
    return await answer(request, actor, flow, section_id, form)


@router.get("/aiact/saved", response_class=HTMLResponse)
async def saved_list(
    request: Request, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    found = await in_uow(
        request, lambda uow: aiact.list_questionnaires(uow, actor=actor), commit=False
    )
    return render(
        request,
        "aiact/saved.html",
        {
            "items": views.saved_document(found, language_of(request).value),
            "deleted": request.query_params.get("deleted") == "1",
            "kept": request.query_params.get("kept") == "1",
        },
    )


@router.post("/aiact/saved", response_model=None)
async def save_token(
    request: Request, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> Response:
    """Keep an anonymous questionnaire (its token) as a saved one, e.g. after signing in."""
    form = await multi_form(request)
    flow = token_flow(request, first(form, "state"))
    created = await in_uow(
        request,
        lambda uow: aiact.start_questionnaire(uow, actor=actor, answers=flow.answers, law=flow.law),
    )
    return see_other(f"/aiact/saved/{created.id}/{first_section_id()}")


@router.get("/aiact/saved/{questionnaire_id}/result", response_class=HTMLResponse)
async def saved_result_page(
    request: Request, questionnaire_id: PathId, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    flow = await load_saved(request, actor, questionnaire_id)
    return await show_result(request, actor, flow)


@router.get("/aiact/saved/{questionnaire_id}/result.json")
async def saved_result_json(
    request: Request, questionnaire_id: PathId, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> JSONResponse:
    flow = await load_saved(request, actor, questionnaire_id)
    return result_json(request, flow)


@router.post("/aiact/saved/{questionnaire_id}/delete", response_model=None)
async def saved_delete(
    request: Request, questionnaire_id: PathId, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> Response:
    await in_uow(
        request,
        lambda uow: aiact.delete_questionnaire(uow, actor=actor, questionnaire_id=questionnaire_id),
    )
    return see_other("/aiact/saved?deleted=1")


@router.get("/aiact/saved/{questionnaire_id}/{section_id}", response_class=HTMLResponse)
async def saved_section_page(
    request: Request,
    questionnaire_id: PathId,
    section_id: str,
    actor: Annotated[Actor, Depends(Allow.signed_in())],
) -> HTMLResponse:
    flow = await load_saved(request, actor, questionnaire_id)
    return show_section(request, flow, section_id)


@router.post("/aiact/saved/{questionnaire_id}/{section_id}", response_model=None)
async def saved_section_answer(
    request: Request,
    questionnaire_id: PathId,
    section_id: str,
    actor: Annotated[Actor, Depends(Allow.signed_in())],
) -> Response:
    form = await multi_form(request)
    flow = await load_saved(request, actor, questionnaire_id)
    return await answer(request, actor, flow, section_id, form)


def show_section(
    request: Request,
    flow: Flow,
    section_id: str,
    *,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context = views.section_document(
        flow,
        section_or_404(section_id),
        language_of(request).value,
        errors=errors or {},
        more=request.query_params.get("more") == "1",
    )
    return render(request, "aiact/section.html", context, status_code=status_code)


async def answer(
    request: Request, actor: Actor, flow: Flow, section_id: str, form: dict[str, list[str]]
) -> Response:
    section = section_or_404(section_id)
    try:
        step = answer_step(flow, section, form)
    except ValidationError as error:
        return show_section(
            request,
            flow,
            section_id,
            errors=field_errors(error.errors, language_of(request)),
            status_code=422,
        )
    if step.discarded:
        return see_other(flow.url(step.target) if step.target else "/aiact")
    more = {"more": "1"} if step.more else {}
    if flow.saved is not None:
        saved_id = flow.saved.id or 0
        keep = step.target if step.target not in (None, RESULT) else section.id
        await in_uow(
            request,
            lambda uow: aiact.save_questionnaire(
                uow,
                actor=actor,
                questionnaire_id=saved_id,
                answers=step.answers,
                section=keep or section.id,
                law=step.law,
            ),
        )
        moved = Flow(step.answers, step.law, saved=flow.saved)
        if first(form, "action") == "save":
            return see_other("/aiact/saved?kept=1")
    else:
        moved = Flow(step.answers, step.law, token=encode(request, step.answers, step.law))
    if step.target is None:
        return see_other("/aiact" + moved.query())
    return see_other(moved.url(step.target, **more))


# --- The result and the timeline ----------------------------------------------------------------


def show_missing(request: Request, missing: views.MissingDocument) -> HTMLResponse:
    """The step before a result when facts needed to classify are missing: never a category."""
    return render(request, "aiact/missing.html", {"missing": missing.missing})


async def show_result(request: Request, actor: Actor, flow: Flow) -> HTMLResponse:
    lang = language_of(request)
    missing = views.missing_document(flow, lang.value)
    if missing is not None:
        return show_missing(request, missing)
    document = asked_result(request, flow)
    found = await in_uow(
        request, lambda uow: aiact.records_for_classification(uow, actor=actor), commit=False
    )
    context = views.result_page(
        document,
        flow,
        lang.value,
        date=request.query_params.get("date", ""),
        law=request.query_params.get("law", ""),
        can_store=permissions.can_store_classifications(actor),
        records=[(record.slug, record.name_in(lang) or record.slug) for record in found],
    )
    if flow.saved is not None and flow.saved.id is not None:  # the records it was stored on
        saved_id = flow.saved.id
        stored_on = await in_uow(
            request,
            lambda uow: aiact.records_of_questionnaire(uow, actor=actor, questionnaire_id=saved_id),
            commit=False,
        )
        context["stored_on"] = [(r.slug, r.name_in(lang) or r.slug) for r in stored_on]
    return render(request, "aiact/result.html", context)


@router.get("/aiact/result", response_class=HTMLResponse)
async def token_result_page(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    flow = token_flow(request, request.query_params.get("state"))
    return await show_result(request, actor, flow)


@router.get("/aiact/result.json")
async def token_result_json(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> JSONResponse:
    flow = token_flow(request, request.query_params.get("state"))
    return result_json(request, flow)


def result_json(request: Request, flow: Flow) -> JSONResponse:
    """The result's JSON twin; with facts missing, the facts that are missing and no category."""
    missing = views.missing_document(flow, language_of(request).value)
    if missing is not None:
        return JSONResponse(missing.to_json())
    return JSONResponse(asked_result(request, flow).to_json())


@router.get("/aiact/timeline", response_class=HTMLResponse)
async def timeline_page(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    params = request.query_params
    flow: Flow | None = None
    if params.get("saved", "").isdigit() and actor.user is not None:
        flow = await load_saved(request, actor, int(params["saved"]))
    elif params.get("state"):
        flow = token_flow(request, params["state"])
    document = None
    if flow is not None and views.missing_document(flow, language_of(request).value) is None:
        document = asked_result(request, flow)
    context = views.timeline_document(
        document,
        flow,
        language_of(request).value,
        date=params.get("date", ""),
        law=params.get("law", ""),
    )
    return render(request, "aiact/timeline.html", context)


# --- Results stored on register records ------------------------------------------------------


@router.post("/aiact/store", response_model=None)
async def store_from_result(
    request: Request, actor: Annotated[Actor, Depends(Allow.only(*CLASSIFICATION_STORERS))]
) -> Response:
    asked = parse_store_form(await multi_form(request))
    if asked.saved_id is not None:
        flow = await load_saved(request, actor, asked.saved_id)
    else:
        flow = token_flow(request, asked.state)
    document = views.result_document(flow, on=asked.day, law=asked.law)
    await in_uow(
        request,
        lambda uow: aiact.store_classification(
            uow,
            actor=actor,
            slug=asked.slug,
            facts=document.facts,
            on=asked.day,
            law=asked.law or flow.law,
            questionnaire_id=asked.saved_id,
        ),
    )
    return see_other(f"/register/{asked.slug}/classification?stored=1")


@router.get("/register/{slug}/classification.json")
async def record_classifications_json(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> JSONResponse:
    found = await in_uow(
        request, lambda uow: aiact.list_classifications(uow, actor=actor, slug=slug), commit=False
    )
    return JSONResponse(views.record_document(found, rerun=True).to_json())


@router.get("/register/{slug}/classification", response_class=HTMLResponse)
async def record_classifications_page(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    lang = language_of(request)
    found = await in_uow(
        request, lambda uow: aiact.list_classifications(uow, actor=actor, slug=slug), commit=False
    )
    document = views.record_document(found, rerun=request.query_params.get("rerun") == "1")
    record = document.record
    return render(
        request,
        "aiact/record.html",
        {
            **views.record_page(document, lang.value),
            "name": record.name_in(lang) or record.slug,
            "can_store": permissions.can_store_classification(actor, record.organisation_id),
            "stored": request.query_params.get("stored") == "1",
        },
    )


@router.post("/register/{slug}/classification", response_model=None)
async def record_rerun_store(
    request: Request,
    slug: str,
    actor: Annotated[Actor, Depends(Allow.only(*CLASSIFICATION_STORERS))],
) -> Response:
    """Store the latest stored facts again, classified with the current rules."""
    await in_uow(request, lambda uow: aiact.store_latest_again(uow, actor=actor, slug=slug))
    return see_other(f"/register/{slug}/classification?stored=1")
