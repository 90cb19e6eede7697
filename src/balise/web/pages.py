"""Every room's HTML pages on one router, in matching order."""

from fastapi import APIRouter

from balise.web.accounts.pages import account, admin, auth
from balise.web.aiact import pages as aiact
from balise.web.apidocs import pages as apidocs
from balise.web.assessments import pages as assessments
from balise.web.audit_log import pages as audit_log
from balise.web.audits import connections as audit_connections
from balise.web.audits import pages as audits
from balise.web.consultations import pages as consultations
from balise.web.eco import pages as eco
from balise.web.guichet import pages as guichet
from balise.web.home import pages as home
from balise.web.jobs import pages as jobs
from balise.web.monitoring import pages as monitoring
from balise.web.obligations import pages as obligations
from balise.web.observatory import pages as observatory
from balise.web.organisations import pages as organisations
from balise.web.oversight import pages as oversight
from balise.web.panels import membership as panel_members
from balise.web.panels import messages as panel_messages
from balise.web.panels import pages as panels
from balise.web.panels import registration as panel_registration
from balise.web.panels import survey as panel_survey
from balise.web.register.pages import imports as register_import
from balise.web.register.pages import open_data, portal
from balise.web.register.pages import records as register

router = APIRouter()
for module in (
    home,
    portal,  # early: the portal's search is the busiest page, and routes match in order
    auth,
    account,
    organisations,
    admin,
    audit_log,
    jobs,
    panel_members,  # the members' space and registration: /panels/{slug}/space, /register
    panel_registration,
    panels,
    panel_messages,
    panel_survey,
    audit_connections,  # before audits: /audits/connections/... is not /audits/{id}
    audits,
    register_import,  # before register: /register/import is not a record's /register/{slug}
    register,
    aiact,
    open_data,
    monitoring,
    assessments,
    observatory,
    guichet,
    consultations,
    eco,
    obligations,
    apidocs,
    oversight,
):
    router.include_router(module.router)
