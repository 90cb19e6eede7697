"""The printable documents of an assessment: its report and the Art 27(3) notification pack.

Each is an HTML page rendered from one context, and the same HTML made into a PDF with
WeasyPrint (`web/pdf.py`, which fetches nothing from outside). Pages, the API and
`balise assess export` all use these functions (the API never imports a page module).
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from balise.domain.accounts.model import Actor
from balise.domain.assessments.catalogue import risk_scale, template
from balise.domain.shared.i18n import Language
from balise.i18n import using
from balise.services import assessments
from balise.services.ports import UnitOfWork
from balise.web.assessments.views import assessment_view
from balise.web.rendering import ENVIRONMENT

REPORT = "assessments/report.html"
NOTIFICATION = "assessments/notification.html"


def render_pdf(html: str) -> bytes:
    from balise.web.pdf import pdf_from_html  # fetches no external URL

    return pdf_from_html(html)


def document_html(name: str, context: dict[str, Any], language: Language) -> str:
    """A standalone printable page (no site layout, no form) in one language."""
    with using(language):
        return ENVIRONMENT.get_template(name).render(**context, language=language)


def report_context(uow: UnitOfWork, actor: Actor, assessment_id: int) -> dict[str, Any]:
    """The report: the system, the organisation, the template and its version, the answers,
    risks, opinion and signatories."""
    assessment = assessments.get_assessment(uow, actor=actor, assessment_id=assessment_id)
    record = assessments.system_of(uow, assessment)
    today = uow.clock.now().date()
    return {
        "assessment": assessment,
        "document": assessment_view(assessment, today=today),
        "template": template(assessment.template),
        "record": record,
        "organisation": assessments.organisation_of(uow, assessment),
        "today": today,
        "scale": risk_scale(),
    }


def notification_context(uow: UnitOfWork, actor: Actor, assessment_id: int) -> dict[str, Any]:
    """The Art 27(3) pack: its JSON document and what its printable page names besides."""
    pack = assessments.notification_pack(uow, actor=actor, assessment_id=assessment_id)
    context = report_context(uow, actor, assessment_id)
    context["pack"] = pack
    context["duty"] = assessments.fria_duty(uow, context["assessment"].system_id)
    return context


async def pdf_of(html: str, name: str) -> Response:
    """The PDF of a printable page, made off the event loop, as a download."""
    pdf = await run_in_threadpool(render_pdf, html)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
