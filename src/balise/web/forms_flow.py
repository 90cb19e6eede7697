"""The flow of a form post, shared by the pages of every area.

A page that changes something runs one service in one transaction, then either goes on (a 303
redirect, or a page of its own) or, when the service refused the input, shows the form again with
what was wrong beside each field, and nothing written. `run_form` is that flow; the page gives
the work, where to go on success and how to show the form again:

    return await run_form(
        request,
        lambda uow: service.do_it(uow, actor=actor, ...),
        success=lambda done: f"/things/{done.slug}",
        refuse=lambda error: show_form_again(error),
    )
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from fastapi import Request
from fastapi.responses import Response

from balise.domain.shared.errors import ValidationError
from balise.services.ports import UnitOfWork
from balise.web.common import in_uow, local_path, see_other
from balise.web.rendering import field_errors, language_of

T = TypeVar("T")

Refuse = Callable[[ValidationError], Awaitable[Response]]
"""Shows the form again for a refused input (status 422 as a rule)."""


def errors_of(request: Request, error: ValidationError) -> dict[str, str]:
    """The refused fields' messages, translated in the reader's language."""
    return field_errors(error.errors, language_of(request))


async def run_form(
    request: Request,
    work: Callable[[UnitOfWork], T],
    *,
    success: Callable[[T], str | Response],
    refuse: Refuse,
    after_commit: Callable[[T], Awaitable[None]] | None = None,
) -> Response:
    """Run `work` in one committed transaction, then go on; on a `ValidationError`, refuse.

    `success` names the same-site path to redirect to (303), or gives a response of its own.
    `after_commit` runs once the transaction has committed (e-mails that must not announce
    something rolled back).
    """
    try:
        result = await in_uow(request, work)
    except ValidationError as error:
        return await refuse(error)
    if after_commit is not None:
        await after_commit(result)
    target = success(result)
    if isinstance(target, str):
        return see_other(local_path(target))
    return target
