"""AI Act pages: the questionnaire, its result, the timeline, and results stored on records.

The questionnaire works without JavaScript: one section per page, answered with "Next" and
"Back". A signed-in user's answers are kept in the database (a saved questionnaire, listed on
/aiact/saved); an anonymous user's answers travel in a signed token in the address and the forms
(no session, nothing stored, nothing personal asked). When an answer makes more questions of the
same section relevant, the section is shown again with them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from itsdangerous import BadSignature, URLSafeSerializer

from balise.domain.accounts.model import Actor, Role
from balise.domain.aiact.questionnaire import (
    Question,
    Section,
    answer_section,
    check_law,
    current_value,
    load_questionnaire,
    next_section,
    previous_section,
    relevant_sections,
    visible_options,
    visible_questions,
)
from balise.domain.aiact.questionnaire_records import SavedQuestionnaire, StoredClassification
from balise.domain.aiact.result import Classification, Obligation
from balise.domain.aiact.ruleset import load_rules
from balise.domain.shared.errors import NotFound, ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.i18n import gettext
from balise.services import aiact, register
from balise.services.ports import UnitOfWork
from balise.web.access import Allow, container_of
from balise.web.common import in_uow, see_other
from balise.web.rendering import field_errors, language_of, render

router = APIRouter(include_in_schema=False)

STORERS = (Role.ADMIN, Role.EDITOR, Role.REVIEWER)
TOKEN_SALT = "balise.aiact.questionnaire"  # noqa: S105 - a namespace, not a secret
RESULT = "result"

CATEGORY_LABELS = {
    "out_of_scope": N_("Outside the AI Act"),
    "prohibited": N_("Prohibited practice"),
    "high_risk": N_("High risk"),
    "transparency_only": N_("Transparency duties only"),
    "minimal": N_("Minimal risk"),
    "gpai": N_("General-purpose AI model"),
    "gpai_systemic_risk": N_("General-purpose AI model with systemic risk"),
}
ROLE_LABELS = {
    "provider": N_("Provider"),
    "deployer": N_("Deployer"),
    "importer": N_("Importer"),
    "distributor": N_("Distributor"),
    "authorised_representative": N_("Authorised representative"),
    "product_manufacturer": N_("Product manufacturer"),
    "initial_provider": N_("Initial provider"),
    "everyone": N_("Everyone"),
}
OUTCOME_LABELS = {
    "fired": N_("applies"),
    "excepted": N_("excepted"),
    "not_met": N_("not met"),
    "superseded": N_("superseded"),
    "not_in_law": N_("not in this version"),
}
DATE_LABELS = {
    "entry_into_force": N_("Entry into force"),
    "chapters_i_ii": N_("General provisions, AI literacy and prohibitions (Chapters I and II)"),
    "new_prohibitions": N_("Prohibitions added in 2026 (Art. 5(1)(ba) and (bb))"),
    "gpai": N_("General-purpose AI models (Chapter V)"),
    "gpai_legacy": N_("General-purpose AI models already on the market before 2 August 2025"),
    "penalties": N_("Penalties (Chapter XII)"),
    "gpai_fines": N_("Fines for providers of general-purpose AI models (Art. 101)"),
    "transparency": N_("Transparency duties (Art. 50)"),
    "transparency_marking_legacy": N_(
        "Marking of synthetic content by systems already on the market"
    ),
    "high_risk_annex_iii": N_("High-risk systems of Annex III"),
    "high_risk_annex_i": N_("High-risk systems in products of Annex I"),
    "registration": N_("Registration in the EU database (Art. 49)"),
    "post_market": N_("Post-market monitoring and incident reporting (Chapter IX)"),
    "public_authority_legacy": N_(
        "High-risk systems used by public authorities, already on the market"
    ),
}
LAW_CHOICES = (
    ("", N_("The text in force on the evaluation date")),
    ("2024", N_("The 2024 text as first adopted")),
    ("2026", N_("The text as amended in 2026")),
)


def _(text: str) -> str:
    return gettext(text)


# --- Where the answers live: a signed token, or a saved questionnaire -------------------------


@dataclass(frozen=True)
class Flow:
    answers: dict[str, Any]
    law: str | None
    token: str | None = None
    saved: SavedQuestionnaire | None = None

    @property
    def base(self) -> str:
        if self.saved is not None:
            return f"/aiact/saved/{self.saved.id}"
        return "/aiact/questionnaire"

    def query(self, **extra: str) -> str:
        params = {key: value for key, value in extra.items() if value}
        if self.token is not None:
            params = {"state": self.token, **params}
        return f"?{urlencode(params)}" if params else ""

    def url(self, step: str, **extra: str) -> str:
        if step == RESULT:
            base = "/aiact/result" if self.saved is None else f"{self.base}/result"
            return base + self.query(**extra)
        return f"{self.base}/{step}" + self.query(**extra)

    def json_url(self, **extra: str) -> str:
        base = "/aiact/result.json" if self.saved is None else f"{self.base}/result.json"
        return base + self.query(**extra)


def serializer(request: Request) -> URLSafeSerializer:
    return URLSafeSerializer(container_of(request).secret_key, salt=TOKEN_SALT)


def encode(request: Request, answers: Mapping[str, Any], law: str | None) -> str:
    return str(serializer(request).dumps({"a": dict(answers), "l": law}))


def token_flow(request: Request, token: str | None) -> Flow:
    if not token:
        return Flow({}, None, token=encode(request, {}, None))
    try:
        data = serializer(request).loads(token)
        answers, law = dict(data["a"]), check_law(data["l"])
    except (BadSignature, KeyError, TypeError, ValueError, ValidationError):
        raise ValidationError.single(
            "state", N_("This questionnaire link is damaged. Start the questionnaire again.")
        ) from None
    return Flow(answers, law, token=token)


async def saved_flow(request: Request, actor: Actor, questionnaire_id: int) -> Flow:
    found = await in_uow(
        request, lambda uow: aiact.questionnaire_of(uow, actor, questionnaire_id), commit=False
    )
    return Flow(dict(found.answers), found.law, saved=found)


def section_or_404(section_id: str) -> Section:
    section = load_questionnaire().section(section_id)
    if section is None:
        raise NotFound(Message(N_("This page does not exist.")))
    return section


# --- View-models ------------------------------------------------------------------------------


def question_view(question: Question, answers: Mapping[str, Any], lang: str) -> dict[str, Any]:
    value = current_value(question, answers)
    return {
        "name": question.name,
        "field": question.field,
        "kind": question.kind.value,
        "label": question.label[lang],
        "help": question.help[lang],
        "value": value,
        "default": question.default,
        "options": [
            (option.value, option.label[lang]) for option in visible_options(question, answers)
        ],
    }


def section_context(
    flow: Flow, section: Section, lang: str, *, errors: Mapping[str, str], more: bool
) -> dict[str, Any]:
    sections = relevant_sections(flow.answers)
    ids = [s.id for s in sections]
    position = ids.index(section.id) + 1 if section.id in ids else 1
    back = previous_section(flow.answers, section.id)
    return {
        "flow": flow,
        "section": section,
        "title": section.title[lang],
        "intro": section.intro[lang],
        "questions": [
            question_view(q, flow.answers, lang) for q in visible_questions(section, flow.answers)
        ],
        "position": position,
        "count": len(sections),
        "back_url": flow.url(back.id) if back else "/aiact",
        "action": flow.url(section.id) if flow.saved is not None else f"{flow.base}/{section.id}",
        "errors": errors,
        "more": more,
        "law_choices": [(value, _(label)) for value, label in LAW_CHOICES],
        "law": flow.law or "",
        "steps": [(s.id, s.title[lang], flow.url(s.id)) for s in sections],
    }


def obligation_view(obligation: Obligation, lang: str, day: dt.date) -> dict[str, Any]:
    return {
        "code": obligation.code,
        "article": obligation.article,
        "role": obligation.role,
        "role_label": _(ROLE_LABELS[obligation.role])
        if obligation.role in ROLE_LABELS
        else obligation.role,
        "applies_from": obligation.applies_from,
        "applies": obligation.applies,
        "explanation": obligation.explanation.get(lang) or obligation.explanation.get("en", ""),
        "basis": obligation.basis,
        "condition": obligation.condition,
        "days_left": (obligation.applies_from - day).days
        if obligation.applies_from and obligation.applies_from > day
        else None,
    }


def result_view(result: Classification, lang: str) -> dict[str, Any]:
    day = result.evaluation_date
    ceiling = result.penalty_ceiling
    return {
        "law": result.law,
        "law_title": result.law_title,
        "evaluation_date": day,
        "roles": [_(ROLE_LABELS.get(role, role)) for role in result.roles],
        "categories": [
            (category.value, _(CATEGORY_LABELS[category.value])) for category in result.categories
        ],
        "legal_basis": list(result.legal_basis),
        "fria_required": result.fria_required,
        "obligations": [obligation_view(o, lang, day) for o in result.obligations],
        "other_party_obligations": [
            obligation_view(o, lang, day) for o in result.other_party_obligations
        ],
        "penalty": ceiling,
        "trace": [
            {**entry.as_dict(), "outcome_label": _(OUTCOME_LABELS[entry.outcome.value])}
            for entry in result.trace
        ],
    }


def axis(obligations: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Obligations grouped by the date they apply from, in order; undated ones last."""
    dated: dict[dt.date, list[Mapping[str, Any]]] = {}
    undated: list[Mapping[str, Any]] = []
    for obligation in obligations:
        when = obligation["applies_from"]
        if when is None:
            undated.append(obligation)
        else:
            dated.setdefault(when, []).append(obligation)
    groups: list[dict[str, Any]] = [
        {"date": day, "obligations": dated[day]} for day in sorted(dated)
    ]
    if undated:
        groups.append({"date": None, "obligations": undated})
    return groups


def parse_day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError.single("date", N_("Give a date as YYYY-MM-DD.")) from None


def parse_law(value: str | None) -> str | None:
    return check_law(value or None)


async def multi_form(request: Request) -> dict[str, list[str]]:
    form = await request.form()
    values: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            values.setdefault(key, []).append(value)
    return values


def first(form: Mapping[str, Sequence[str]], key: str) -> str:
    values = form.get(key) or [""]
    return values[0]


# --- Pages --------------------------------------------------------------------------------------


@router.get("/aiact", response_class=HTMLResponse)
async def start_page(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    return render(request, "aiact/start.html", {"signed_in": actor.user is not None})


@router.post("/aiact/start", response_model=None)
async def start(request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]) -> Response:
    first_section = load_questionnaire().sections[0].id
    if actor.user is None:
        return see_other(Flow({}, None, token=encode(request, {}, None)).url(first_section))
    created = await in_uow(
        request, lambda uow: aiact.start_questionnaire(uow, actor=actor, answers={}, law=None)
    )
    return see_other(f"/aiact/saved/{created.id}/{first_section}")


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
    order = [s.id for s in load_questionnaire().sections]
    lang = language_of(request).value
    items = [
        {
            "id": q.id,
            "name": q.name,
            "updated_at": q.updated_at,
            "section": section_or_404(q.section).title[lang] if q.section in order else "",
            "url": f"/aiact/saved/{q.id}/{q.section}" if q.section in order else "",
            "result_url": f"/aiact/saved/{q.id}/result",
        }
        for q in found
    ]
    return render(
        request,
        "aiact/saved.html",
        {
            "items": items,
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
    return see_other(f"/aiact/saved/{created.id}/{load_questionnaire().sections[0].id}")


@router.get("/aiact/saved/{questionnaire_id}/result", response_class=HTMLResponse)
async def saved_result_page(
    request: Request, questionnaire_id: int, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    flow = await saved_flow(request, actor, questionnaire_id)
    return await show_result(request, actor, flow)


@router.get("/aiact/saved/{questionnaire_id}/result.json")
async def saved_result_json(
    request: Request, questionnaire_id: int, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> JSONResponse:
    flow = await saved_flow(request, actor, questionnaire_id)
    return result_json(request, flow)


@router.post("/aiact/saved/{questionnaire_id}/delete", response_model=None)
async def saved_delete(
    request: Request, questionnaire_id: int, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> Response:
    await in_uow(
        request,
        lambda uow: aiact.delete_questionnaire(uow, actor=actor, questionnaire_id=questionnaire_id),
    )
    return see_other("/aiact/saved?deleted=1")


@router.get("/aiact/saved/{questionnaire_id}/{section_id}", response_class=HTMLResponse)
async def saved_section_page(
    request: Request,
    questionnaire_id: int,
    section_id: str,
    actor: Annotated[Actor, Depends(Allow.signed_in())],
) -> HTMLResponse:
    flow = await saved_flow(request, actor, questionnaire_id)
    return show_section(request, flow, section_id)


@router.post("/aiact/saved/{questionnaire_id}/{section_id}", response_model=None)
async def saved_section_answer(
    request: Request,
    questionnaire_id: int,
    section_id: str,
    actor: Annotated[Actor, Depends(Allow.signed_in())],
) -> Response:
    form = await multi_form(request)
    flow = await saved_flow(request, actor, questionnaire_id)
    return await answer(request, actor, flow, section_id, form)


def show_section(
    request: Request,
    flow: Flow,
    section_id: str,
    *,
    errors: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    section = section_or_404(section_id)
    lang = language_of(request).value
    context = section_context(
        flow,
        section,
        lang,
        errors=errors or {},
        more=request.query_params.get("more") == "1",
    )
    return render(request, "aiact/section.html", context, status_code=status_code)


async def answer(
    request: Request, actor: Actor, flow: Flow, section_id: str, form: Mapping[str, Sequence[str]]
) -> Response:
    section = section_or_404(section_id)
    action = first(form, "action") or "next"
    law = flow.law
    try:
        answers = answer_section(flow.answers, section.id, form)
        if section.id == load_questionnaire().sections[0].id:
            law = parse_law(first(form, "law"))
    except ValidationError as error:
        if action == "back":
            back = previous_section(flow.answers, section.id)
            return see_other(flow.url(back.id) if back else "/aiact")
        return show_section(
            request,
            flow,
            section_id,
            errors=field_errors(error.errors, language_of(request)),
            status_code=422,
        )
    shown_before = {q.field for q in visible_questions(section, flow.answers)}
    shown_now = {q.field for q in visible_questions(section, answers)}
    if action == "back":
        back = previous_section(answers, section.id)
        target = back.id if back else None
    elif shown_now - shown_before:
        target = section.id
    else:
        after = next_section(answers, section.id)
        target = after.id if after else RESULT
    more = {"more": "1"} if action == "next" and target == section.id else {}
    if flow.saved is not None:
        saved = flow.saved
        assert saved.id is not None
        keep = target if target not in (None, RESULT) else section.id
        await in_uow(
            request,
            lambda uow: aiact.save_questionnaire(
                uow,
                actor=actor,
                questionnaire_id=saved.id or 0,
                answers=answers,
                section=keep,
                law=law,
            ),
        )
        moved = Flow(answers, law, saved=saved)
        if action == "save":
            return see_other("/aiact/saved?kept=1")
    else:
        moved = Flow(answers, law, token=encode(request, answers, law))
    if target is None:
        return see_other("/aiact" + moved.query())
    return see_other(moved.url(target, **more))


def _classify(flow: Flow, request: Request) -> tuple[dict[str, Any], Classification]:
    day = parse_day(request.query_params.get("date"))
    law = parse_law(request.query_params.get("law")) or flow.law
    return aiact.classify_answers(flow.answers, on=day, law=law)


def result_json(request: Request, flow: Flow) -> JSONResponse:
    document, result = _classify(flow, request)
    return JSONResponse({"facts": document, **result.as_dict()})


async def record_choices(request: Request, actor: Actor) -> list[tuple[str, str]]:
    """The records the actor may attach a result to, when they belong to an organisation."""
    if actor.role not in STORERS or actor.user is None or actor.user.organisation_id is None:
        return []
    organisation_id = actor.user.organisation_id
    lang = language_of(request)
    found = await in_uow(
        request,
        lambda uow: register.systems_of(uow, actor=actor, organisation_id=organisation_id),
        commit=False,
    )
    return [(record.slug, record.name_in(lang) or record.slug) for record in found]


def timeline_url(flow: Flow, date: str, law: str) -> str:
    if flow.saved is not None:
        params = {"saved": str(flow.saved.id), "date": date, "law": law}
        return "/aiact/timeline?" + urlencode({k: v for k, v in params.items() if v})
    return "/aiact/timeline" + flow.query(date=date, law=law)


async def show_result(request: Request, actor: Actor, flow: Flow) -> HTMLResponse:
    lang = language_of(request).value
    document, result = _classify(flow, request)
    date_param = request.query_params.get("date", "")
    law_param = request.query_params.get("law", "")
    return render(
        request,
        "aiact/result.html",
        {
            "flow": flow,
            "facts": document,
            "view": result_view(result, lang),
            "json_url": flow.json_url(date=date_param, law=law_param),
            "timeline_url": timeline_url(flow, date_param, law_param),
            "edit_url": flow.url(load_questionnaire().sections[0].id),
            "date": date_param,
            "law": law_param,
            "law_choices": [(value, _(label)) for value, label in LAW_CHOICES],
            "can_store": actor.role in STORERS,
            "records": await record_choices(request, actor),
        },
    )


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


@router.get("/aiact/timeline", response_class=HTMLResponse)
async def timeline_page(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    lang = language_of(request).value
    versions = list(load_rules().versions.values())
    keys = list(versions[0].dates)
    rows = [
        {
            "key": key,
            "label": _(DATE_LABELS[key]) if key in DATE_LABELS else key,
            "dates": [
                {"date": v.dates[key][0], "article": v.dates[key][1], "law": v.id} for v in versions
            ],
            "changed": len({v.dates[key][0] for v in versions}) > 1,
        }
        for key in keys
    ]
    classified = None
    params = request.query_params
    flow: Flow | None = None
    if params.get("saved", "").isdigit() and actor.user is not None:
        flow = await saved_flow(request, actor, int(params["saved"]))
    elif params.get("state"):
        flow = token_flow(request, params["state"])
    if flow is not None:
        _document, result = _classify(flow, request)
        view = result_view(result, lang)
        classified = {
            "view": view,
            "groups": axis(view["obligations"]),
            "result_url": flow.url(RESULT, date=params.get("date", ""), law=params.get("law", "")),
        }
    return render(
        request,
        "aiact/timeline.html",
        {"versions": versions, "rows": rows, "classified": classified},
    )


# --- Results stored on register records ------------------------------------------------------


@router.post("/aiact/store", response_model=None)
async def store_from_result(
    request: Request, actor: Annotated[Actor, Depends(Allow.only(*STORERS))]
) -> Response:
    form = await multi_form(request)
    if first(form, "saved").isdigit():
        flow = await saved_flow(request, actor, int(first(form, "saved")))
    else:
        flow = token_flow(request, first(form, "state"))
    slug = first(form, "slug").strip()
    day = parse_day(first(form, "date"))
    law = parse_law(first(form, "law")) or flow.law
    document, _result = aiact.classify_answers(flow.answers, on=day, law=law)
    if not slug:
        raise ValidationError.single("slug", N_("Choose the record to attach the result to."))
    await in_uow(
        request,
        lambda uow: aiact.store_classification(
            uow, actor=actor, slug=slug, facts=document, on=day, law=law
        ),
    )
    return see_other(f"/register/{slug}/classification?stored=1")


def stored_view(stored: StoredClassification, lang: str) -> dict[str, Any]:
    return {
        "id": stored.id,
        "law": stored.law,
        "law_requested": stored.law_requested,
        "ruleset_version": stored.ruleset_version,
        "evaluation_date": stored.evaluation_date,
        "categories": [
            (c, _(CATEGORY_LABELS[c]) if c in CATEGORY_LABELS else c) for c in stored.categories
        ],
        "created_by": stored.created_by_label,
        "created_at": stored.created_at,
    }


def stored_json(stored: StoredClassification) -> dict[str, Any]:
    return {
        "id": stored.id,
        "law": stored.law,
        "law_requested": stored.law_requested,
        "ruleset_version": stored.ruleset_version,
        "evaluation_date": stored.evaluation_date.isoformat(),
        "created_by": stored.created_by_label,
        "created_at": stored.created_at.isoformat(),
        "facts": dict(stored.facts),
        "result": dict(stored.result),
    }


def load_classifications(
    uow: UnitOfWork, actor: Actor, slug: str
) -> tuple[Any, list[StoredClassification]]:
    return aiact.classifications_of(uow, actor=actor, slug=slug)


@router.get("/register/{slug}/classification.json")
async def record_classifications_json(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> JSONResponse:
    record, found = await in_uow(
        request, lambda uow: load_classifications(uow, actor, slug), commit=False
    )
    return JSONResponse({"system": record.slug, "classifications": [stored_json(s) for s in found]})


@router.get("/register/{slug}/classification", response_class=HTMLResponse)
async def record_classifications_page(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    lang = language_of(request)
    record, found = await in_uow(
        request, lambda uow: load_classifications(uow, actor, slug), commit=False
    )
    latest = found[0] if found else None
    rerun = None
    if latest is not None and request.query_params.get("rerun") == "1":
        done = aiact.rerun_classification(latest)
        rerun = {
            "changes": done.changes,
            "ruleset_version": done.ruleset_version,
            "view": result_view(done.result, lang.value),
        }
    latest_view = None
    if latest is not None:
        latest_view = {
            **stored_view(latest, lang.value),
            "result": stored_result_view(latest.result, lang.value),
        }
    return render(
        request,
        "aiact/record.html",
        {
            "record": record,
            "name": record.name_in(lang) or record.slug,
            "items": [stored_view(s, lang.value) for s in found],
            "latest": latest_view,
            "rerun": rerun,
            "can_store": actor.role in STORERS
            and register.can_manage(actor, record.organisation_id),
            "stored": request.query_params.get("stored") == "1",
            "category_labels": {key: _(label) for key, label in CATEGORY_LABELS.items()},
            "role_labels": {key: _(label) for key, label in ROLE_LABELS.items()},
        },
    )


def stored_result_view(result: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """A stored result document shown as the result page shows a fresh one."""

    def obligation(entry: Mapping[str, Any]) -> dict[str, Any]:
        applies_from = entry.get("applies_from")
        role = str(entry.get("role", ""))
        return {
            **entry,
            "applies_from": dt.date.fromisoformat(applies_from) if applies_from else None,
            "role_label": _(ROLE_LABELS[role]) if role in ROLE_LABELS else role,
            "explanation": (entry.get("explanation") or {}).get(lang, ""),
        }

    return {
        "law_title": result.get("law_title", ""),
        "categories": [
            (c, _(CATEGORY_LABELS[c]) if c in CATEGORY_LABELS else c)
            for c in result.get("categories", [])
        ],
        "legal_basis": list(result.get("legal_basis", [])),
        "fria_required": bool(result.get("fria_required")),
        "obligations": [obligation(o) for o in result.get("obligations", [])],
        "other_party_obligations": [
            obligation(o) for o in result.get("other_party_obligations", [])
        ],
    }


@router.post("/register/{slug}/classification", response_model=None)
async def record_rerun_store(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*STORERS))]
) -> Response:
    """Store the latest stored facts again, classified with the current rules."""

    def store(uow: UnitOfWork) -> StoredClassification:
        _record, found = aiact.classifications_of(uow, actor=actor, slug=slug)
        if not found:
            raise NotFound(Message(N_("This record has no stored classification yet.")))
        latest = found[0]
        return aiact.store_classification(
            uow,
            actor=actor,
            slug=slug,
            facts=latest.facts,
            on=latest.evaluation_date,
            law=latest.law_requested,
        )

    await in_uow(request, store)
    return see_other(f"/register/{slug}/classification?stored=1")
