"""The staff inbox: the organisation's requests and incidents, overdue first."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from balise.domain.accounts.model import Actor
from balise.services import monitoring, permissions
from balise.services.ports import UnitOfWork
from balise.web.common import in_uow
from balise.web.monitoring.pages.shared import STAFF, organisation_of, page
from balise.web.monitoring.views import incident_view, request_staff_view

router = APIRouter(include_in_schema=False)


@router.get("/monitoring", response_class=HTMLResponse)
async def staff_inbox(request: Request, actor: Annotated[Actor, Depends(STAFF)]) -> HTMLResponse:
    organisation_id = organisation_of(actor)

    def load(uow: UnitOfWork) -> dict[str, Any]:
        today = uow.clock.now().date()
        requests = monitoring.list_requests(uow, actor=actor, organisation_id=organisation_id)
        incidents = monitoring.list_incidents(uow, actor=actor, organisation_id=organisation_id)
        organisation = monitoring.choices.organisation(uow, organisation_id)
        basis = monitoring.organisation_request_basis(uow, organisation_id)
        may_choose = organisation is not None and permissions.can_edit_organisation(
            actor, organisation_id
        )
        return {
            "requests": [request_staff_view(r, today=today) for r in requests],
            "incidents": [incident_view(i, today=today) for i in incidents],
            "can_report": permissions.can_report_incident(actor, organisation_id),
            "basis_article": monitoring.basis_article(basis, today),
            "basis_url": (
                f"/monitoring/organisations/{organisation.slug}/request-basis"
                if may_choose and organisation is not None
                else ""
            ),
        }

    return page(request, "monitoring/inbox.html", await in_uow(request, load, commit=False))
