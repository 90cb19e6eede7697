"""Helpers every HTML route uses: reading forms, running a unit of work, safe redirects."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from balise.services.ports import UnitOfWork
from balise.web.access import container_of
from balise.web.storable import check_form

T = TypeVar("T")


async def form_of(request: Request) -> dict[str, str]:
    """The form's text fields; a text no database can store (a NUL character) is a 400."""
    form = await request.form()
    values = {key: value for key, value in form.items() if isinstance(value, str)}
    check_form(values)
    return values


async def in_uow(request: Request, work: Callable[[UnitOfWork], T], *, commit: bool = True) -> T:
    """Run `work` in one transaction off the event loop; commit unless it raised or is read-only."""
    container = container_of(request)

    def run() -> T:
        with container.uow(read_only=not commit) as uow:
            result = work(uow)
            if commit:
                uow.commit()
            return result

    return await run_in_threadpool(run)


def local_path(target: str | None, default: str = "/") -> str:
    """Only same-site paths are followed after a form, never another host."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def see_other(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)
