"""What every monitoring page uses: who may come, the labels, rendering, e-mails after commit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from babel.dates import format_date
from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from balise.domain.accounts.model import Actor, Role
from balise.domain.monitoring.incidents import (
    IncidentCategory,
    RegulatorState,
    ReporterRole,
    ReportStage,
)
from balise.domain.monitoring.requests import Outcome, RequestChannel, RequestKind, RequestState
from balise.domain.shared.errors import PermissionDenied, ValidationError
from balise.i18n import using
from balise.services.permissions import DENIED
from balise.services.ports import OutgoingMail, UnitOfWork
from balise.web.access import Allow, container_of
from balise.web.common import in_uow
from balise.web.forms_flow import Refuse, errors_of
from balise.web.labels import options
from balise.web.rendering import language_of, render

STAFF = Allow.only(Role.EDITOR, Role.REVIEWER)
EDITORS = Allow.only(Role.EDITOR)
REGULATOR = Allow.only(Role.REGULATOR)


async def send_after_commit(request: Request, mails: list[OutgoingMail]) -> None:
    mailer = container_of(request).mailer
    for mail in mails:
        await run_in_threadpool(mailer.send, mail)


def monitoring_labels() -> dict[str, dict[str, str]]:
    """Translated labels of the enumerations the documents carry as plain values."""
    return {
        "kind": dict(options(RequestKind)),
        "channel": dict(options(RequestChannel)),
        "request_state": dict(options(RequestState)),
        "outcome": dict(options(Outcome)),
        "category": dict(options(IncidentCategory)),
        "reporter_role": dict(options(ReporterRole)),
        "stage": dict(options(ReportStage)),
        "incident_state": dict(options(RegulatorState)),
    }


def page(
    request: Request, template: str, context: dict[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    """Render with the monitoring labels, translated in the reader's language."""
    language = language_of(request)
    with using(language):
        labels = monitoring_labels()

    def isodate(value: str | None) -> str:
        return (
            format_date(date.fromisoformat(value), "long", locale=language.value) if value else ""
        )

    return render(
        request,
        template,
        {**context, "labels": labels, "isodate": isodate},
        status_code=status_code,
    )


def organisation_of(actor: Actor) -> int:
    if actor.user is None or actor.user.organisation_id is None:
        raise PermissionDenied(DENIED)
    return actor.user.organisation_id


def mails_of(result: object) -> list[OutgoingMail]:
    """The e-mails a service's result carries, if any (`Filed`, `Changed`, `Reported`)."""
    mails = getattr(result, "mails", None)
    return list(mails) if isinstance(mails, list) else []


ContextOf = Callable[[UnitOfWork, dict[str, str]], dict[str, Any]]
"""A form page's context, given the translated errors of the refused fields."""


def form_again(request: Request, template: str, context_of: ContextOf) -> Refuse:
    """Show the form `template` again (422), read afresh, with the errors beside the fields."""

    async def refuse(error: ValidationError) -> Response:
        errors = errors_of(request, error)
        context = await in_uow(request, lambda uow: context_of(uow, errors), commit=False)
        return page(request, template, context, status_code=422)

    return refuse
