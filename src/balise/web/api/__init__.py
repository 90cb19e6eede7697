"""The JSON API under /api/v1."""

from fastapi import APIRouter

from balise.web.api import account, aiact, audits, jobs, organisations, panels, systems
from balise.web.api.schemas import Problem

PROBLEMS: dict[int | str, dict[str, object]] = {
    status: {"model": Problem, "content": {"application/problem+json": {}}}
    for status in (401, 403, 404, 422)
}

router = APIRouter(prefix="/api/v1", responses=PROBLEMS)
for module in (systems, organisations, account, jobs, aiact, panels, audits):
    router.include_router(module.router)
