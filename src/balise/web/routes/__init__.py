"""HTML pages."""

from fastapi import APIRouter

from balise.web.routes import (
    account,
    admin,
    aiact,
    audit,
    audits,
    auth,
    home,
    jobs,
    open_data,
    organisations,
    panels,
    portal,
    register,
    register_import,
)

router = APIRouter()
for module in (
    home,
    portal,  # early: the portal's search is the busiest page, and routes match in order
    auth,
    account,
    organisations,
    admin,
    audit,
    jobs,
    panels,
    audits,
    register_import,  # before register: /register/import is not a record's /register/{slug}
    register,
    aiact,
    open_data,
):
    router.include_router(module.router)
