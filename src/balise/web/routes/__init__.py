"""HTML pages."""

from fastapi import APIRouter

from balise.web.routes import account, admin, audit, auth, home, jobs, organisations

router = APIRouter()
for module in (home, auth, account, organisations, admin, audit, jobs):
    router.include_router(module.router)
