"""Every room's JSON API under /api/v1."""

from fastapi import APIRouter

from balise.web.accounts import api as account
from balise.web.aiact import api as aiact
from balise.web.assessments import api as assessments
from balise.web.audits import api as audits
from balise.web.audits import connections_api as audit_connections
from balise.web.consultations import api as consultations
from balise.web.eco import api as eco
from balise.web.guichet import api as guichet
from balise.web.jobs import api as jobs
from balise.web.monitoring import api as monitoring
from balise.web.obligations import api as obligations
from balise.web.observatory import api as observatory
from balise.web.organisations import api as organisations
from balise.web.panels import api as panels
from balise.web.panels import messages_api as panel_messages
from balise.web.panels import survey_api as panel_survey
from balise.web.register import api as systems

# Security and error answers are described from each route's declarations (web/openapi.py).
router = APIRouter(prefix="/api/v1")
for module in (
    systems,
    organisations,
    account,
    jobs,
    aiact,
    panels,
    panel_messages,
    panel_survey,
    audits,
    audit_connections,
    monitoring,
    assessments,
    observatory,
    guichet,
    consultations,
    eco,
    obligations,
):
    router.include_router(module.router)
