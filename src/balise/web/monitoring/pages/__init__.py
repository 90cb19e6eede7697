"""Monitoring pages: the citizen's request and follow-up, staff and regulator inboxes, incidents.

One module per page group, like `web/register/pages/`; their routers are joined here in the order
they match.
"""

from fastapi import APIRouter

from balise.web.monitoring.pages import citizens, inbox, incidents, requests, settings

router = APIRouter(include_in_schema=False)
for module in (citizens, inbox, requests, incidents, settings):
    router.include_router(module.router)
