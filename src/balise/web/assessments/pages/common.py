"""What the assessment pages share: who may use them, the assessment page's context, and the
helpers that run one service from a form, then redirect or show the page again with the errors."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from balise.domain.accounts.model import Actor, Role
from balise.domain.assessments.catalogue import risk_scale, template
from balise.domain.assessments.model import MAX_CONDITIONS, Assessment, OpinionKind
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import Message
from balise.domain.shared.votes import Choice
from balise.services import assessments, permissions
from balise.services.ports import UnitOfWork
from balise.web.access import Allow
from balise.web.assessments import forms
from balise.web.assessments.views import assessment_view
from balise.web.common import form_of, in_uow, see_other
from balise.web.labels import options
from balise.web.rendering import field_errors, language_of, render

T = TypeVar("T")

WRITERS = Allow.only(Role.ADMIN, Role.EDITOR, Role.REVIEWER)
SIGNERS = Allow.only(Role.ADMIN, Role.REVIEWER)
OVERSIGHT = Allow.only(Role.ADMIN, Role.REGULATOR)
ADMINS = Allow.only(Role.ADMIN)
SIGNED_IN = Allow.signed_in()

Form = dict[str, str]
Errors = Mapping[str, Message]


def overview(uow: UnitOfWork, actor: Actor, assessment_id: int) -> dict[str, Any]:
    """Everything the assessment page shows, and what the actor may do there."""
    assessment = assessments.get_assessment(uow, actor=actor, assessment_id=assessment_id)
    committee = assessments.committee_of(uow, assessment)
    record = assessments.system_of(uow, assessment)
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
        "audits": assessments.published_audits(uow, assessment),
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


async def page(
    request: Request,
    name: str,
    load: Callable[[UnitOfWork], dict[str, Any]],
    *,
    errors: Errors | None = None,
    form: Form | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """A page read in one read-only unit of work, with the errors and the form typed, if any."""
    context = await in_uow(request, load, commit=False)
    context["errors"] = field_errors(dict(errors or {}), language_of(request))
    context["form"] = form or {}
    return render(request, name, context, status_code=status_code)


async def show(
    request: Request,
    actor: Actor,
    assessment_id: int,
    *,
    errors: Errors | None = None,
    form: Form | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The assessment page; the opinion form shows as many condition rows as were filled."""

    def load(uow: UnitOfWork) -> dict[str, Any]:
        context = overview(uow, actor, assessment_id)
        context["condition_rows"] = forms.condition_rows(form or {})
        context["max_conditions"] = MAX_CONDITIONS
        return context

    return await page(
        request,
        "assessments/detail.html",
        load,
        errors=errors,
        form=form,
        status_code=status_code,
    )


async def submit_form(
    request: Request,
    work: Callable[[UnitOfWork, Form], T],
    *,
    then: Callable[[T], str],
    again: Callable[[Errors, Form], Awaitable[Response]],
) -> Response:
    """Run one service with the form in one transaction: on success, redirect to `then(result)`;
    when the input is refused, show the page again (`again`) with every error, nothing written."""
    form = await form_of(request)
    try:
        done = await in_uow(request, lambda uow: work(uow, form))
    except ValidationError as error:
        return await again(error.errors, form)
    return see_other(then(done))


def no_fields(form: Form) -> dict[str, Any]:
    return {}


async def act(
    request: Request,
    actor: Actor,
    assessment_id: int,
    service: Callable[..., Assessment],
    fields: Callable[[Form], dict[str, Any]] = no_fields,
) -> Response:
    """One step of an assessment: `service(uow, actor=..., assessment_id=..., **fields(form))`,
    back to the assessment, or its page again with the errors per field."""

    async def again(errors: Errors, form: Form) -> Response:
        return await show(request, actor, assessment_id, errors=errors, form=form, status_code=422)

    return await submit_form(
        request,
        lambda uow, form: service(uow, actor=actor, assessment_id=assessment_id, **fields(form)),
        then=lambda done: f"/assessments/{done.id}",
        again=again,
    )
