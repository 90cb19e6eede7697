"""HTML pages of impact assessments, one module per page group, on one router (in matching
order: an assessment's `.json` twin before the page itself)."""

from fastapi import APIRouter

from balise.web.assessments.pages import committee, deployer, lists, printable

router = APIRouter(include_in_schema=False)
for module in (lists, printable, deployer, committee):
    router.include_router(module.router)
