"""Administration of user accounts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from balise.domain.accounts.model import Actor, Role, User
from balise.domain.organisations.model import Organisation
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Language, Message
from balise.services import accounts
from balise.services import organisations as organisation_service
from balise.services.ports import UnitOfWork
from balise.web.access import Allow
from balise.web.common import form_of, in_uow, see_other
from balise.web.labels import options
from balise.web.paths import PathId
from balise.web.rendering import field_errors, language_of, render

router = APIRouter(include_in_schema=False)
ADMIN = Allow.only(Role.ADMIN)


async def users_page(
    request: Request, actor: Actor, *, status_code: int = 200, **extra: Any
) -> HTMLResponse:
    def load(uow: UnitOfWork) -> tuple[list[User], list[Organisation]]:
        return (
            accounts.list_users(uow, actor=actor),
            organisation_service.list_organisations(uow, actor=actor),
        )

    users, organisations = await in_uow(request, load, commit=False)
    context: dict[str, Any] = {
        "users": users,
        "organisations": {organisation.id: organisation for organisation in organisations},
        "organisation_options": [(str(o.id), o.slug) for o in organisations],
        "roles": options(Role),
        "errors": {},
        "values": {},
        "created": request.query_params.get("created") == "1",
    }
    context.update(extra)
    return render(request, "admin/users.html", context, status_code=status_code)


@router.get("/admin/users", response_class=HTMLResponse)
async def list_users(request: Request, actor: Annotated[Actor, Depends(ADMIN)]) -> HTMLResponse:
    return await users_page(request, actor)


def user_from_form(form: dict[str, str]) -> User:
    """The account described by the form, with every wrong field reported at once."""
    errors: dict[str, Message] = {}
    try:
        role = Role(form.get("role", ""))
    except ValueError:
        errors["role"] = Message(N_("Choose a role."))
        role = Role.ADMIN
    organisation = form.get("organisation_id", "")
    organisation_id = int(organisation) if organisation.isdigit() else None
    try:
        user = User(
            email=form.get("email", ""),
            display_name=form.get("display_name", ""),
            role=role,
            organisation_id=organisation_id if "role" not in errors else None,
            language=Language(form["language"])
            if form.get("language") in {"fr", "nl", "de", "en"}
            else None,
        )
    except ValidationError as error:
        errors = {**error.errors, **errors}
    if errors:
        raise ValidationError(errors)
    return user


@router.post("/admin/users", response_model=None)
async def create_user(request: Request, actor: Annotated[Actor, Depends(ADMIN)]) -> Response:
    form = await form_of(request)
    try:
        await in_uow(
            request,
            lambda uow: accounts.create_user(
                uow, actor=actor, user=user_from_form(form), password=form.get("password") or None
            ),
        )
    except ValidationError as error:
        return await users_page(
            request,
            actor,
            status_code=422,
            values=form,
            errors=field_errors(error.errors, language_of(request)),
        )
    return see_other("/admin/users?created=1")


@router.post("/admin/users/{user_id}/active")
async def set_active(
    request: Request, user_id: PathId, actor: Annotated[Actor, Depends(ADMIN)]
) -> Response:
    form = await form_of(request)
    await in_uow(
        request,
        lambda uow: accounts.set_user_active(
            uow, actor=actor, user_id=user_id, active=form.get("active") == "1"
        ),
    )
    return see_other("/admin/users")
