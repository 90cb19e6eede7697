"""Registering for a panel on the API: the public form and registration, and the organisers' list.

The same service functions as the registration pages (`services.panels_members`), with the same
checks; every wrong field is reported at once in the problem document, named as in the body
(`code`, `answers.<category>`, `exclusions.<id>`, `consent`, `email`, `phone`, `channel`). Writes
are rate-limited per client address by the middleware, like the web form.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from balise.domain.accounts.model import Actor
from balise.domain.panels.registrations import (
    CONSENT_VERSION,
    Channel,
    Registration,
    RegistrationForm,
    answer_field,
    check_registration,
    exclusion_field,
)
from balise.domain.shared.errors import Conflict, ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.i18n import current_language, using
from balise.services import panels_members
from balise.services.permissions import PANEL_ORGANISERS
from balise.services.ports import UnitOfWork
from balise.web.access import Allow
from balise.web.common import in_uow
from balise.web.panels.registration_forms import criteria_of, questions_of
from balise.web.panels.schemas import (
    RegistrationCounts,
    RegistrationCreate,
    RegistrationCreated,
    RegistrationEntry,
    RegistrationFormRead,
    RegistrationsRead,
)
from balise.web.rendering import language_of

router = APIRouter(tags=["panels"])

NOT_A_QUESTION = N_("This is not a question of this panel.")
NOT_A_CRITERION = N_("This is not an exclusion criterion in force for this panel.")
UNKNOWN_CHANNEL = N_("Say how the registration came in: web, phone or letter.")


def form_document(info: panels_members.RegistrationInfo) -> RegistrationFormRead:
    return RegistrationFormRead.model_validate(
        {
            "panel": info.panel.slug,
            "title": info.panel.title_in(current_language.get()),
            "open": info.open,
            "consent_version": CONSENT_VERSION,
            "questions": [
                {
                    "category": question["category"],
                    "label": question["label"],
                    "options": [
                        {"value": value, "label": label} for value, label in question["options"]
                    ],
                }
                for question in questions_of(info.quotas)
            ],
            "exclusions": [
                {"id": c["id"], "label": c["label"], "question": c["question"]}
                for c in criteria_of(info.exclusions)
            ],
        }
    )


def status_of(registration: Registration) -> str:
    if registration.erased_at is not None:
        return "erased"
    return "excluded" if registration.excluded else "eligible"


def registrations_document(overview: panels_members.RegistrationOverview) -> RegistrationsRead:
    counts = overview.counts
    return RegistrationsRead(
        panel=overview.panel.slug,
        open=overview.settings.open,
        counts=RegistrationCounts(
            codes=counts["codes"],
            registrations=counts["registrations"],
            eligible=counts["eligible"],
            excluded=counts["excluded"],
            erased=counts["erased"],
            by_channel={c.value: counts[f"channel_{c.value}"] for c in Channel},
        ),
        registrations=[
            RegistrationEntry(
                registration=r.person_id,
                channel=r.channel,
                status=status_of(r),
                excluded_by=r.excluded_by,
                answers=dict(r.answers),
                has_contact=r.person_id in overview.has_contact,
                consent_version=r.consent_version,
                registered_at=r.registered_at,
            )
            for r in overview.registrations
        ],
    )


def body_fields(error: ValidationError) -> ValidationError:
    """The domain's field names (`answer:<category>`) as the body's (`answers.<category>`)."""
    renamed: dict[str, Message] = {}
    for field, message in error.errors.items():
        name = field
        if field.startswith("answer:"):
            name = "answers." + field.removeprefix("answer:")
        elif field.startswith("exclusion:"):
            name = "exclusions." + field.removeprefix("exclusion:")
        renamed[name] = message
    return ValidationError(renamed)


def register_from_body(
    uow: UnitOfWork, actor: Actor, slug: str, body: RegistrationCreate
) -> Registration:
    """Check the body against the panel's questions, then register through the service."""
    info = panels_members.registration_info(uow, slug=slug)
    if not info.open:
        raise Conflict(Message(panels_members.REGISTRATION_CLOSED))
    errors: dict[str, Message] = {}
    try:
        channel = Channel(body.channel)
    except ValueError:
        channel = Channel.WEB
        errors["channel"] = Message(UNKNOWN_CHANNEL)
    questions = set(info.quotas.categories)
    criteria = {c.id for c in info.exclusions}
    errors.update(
        {answer_field(k): Message(NOT_A_QUESTION) for k in body.answers if k not in questions}
    )
    errors.update(
        {exclusion_field(k): Message(NOT_A_CRITERION) for k in body.exclusions if k not in criteria}
    )
    form = RegistrationForm(
        code=body.code,
        answers=body.answers,
        exclusions=body.exclusions,
        consent=body.consent,
        email=body.email,
        phone=body.phone,
        channel=channel,
    )
    if errors:
        try:
            check_registration(form, quotas=info.quotas, exclusions=info.exclusions)
        except ValidationError as error:
            errors.update(error.errors)
        raise ValidationError(errors)
    return panels_members.register_volunteer(uow, actor=actor, slug=slug, form=form)


@router.get("/panels/{slug}/registration", response_model=RegistrationFormRead)
async def get_registration_form(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> RegistrationFormRead:
    """What registering for the panel asks: whether it is open, the questions with their answers,
    the exclusion criteria in force and the consent text's version (labels in the reader's
    language). Not found for a panel that takes no registrations."""
    info = await in_uow(
        request, lambda uow: panels_members.registration_info(uow, slug=slug), commit=False
    )
    with using(language_of(request)):
        return form_document(info)


@router.post(
    "/panels/{slug}/registrations",
    response_model=RegistrationCreated,
    status_code=201,
    responses={409: {"description": "Registration for this panel is closed."}},
)
async def register(
    request: Request,
    slug: str,
    body: RegistrationCreate,
    actor: Annotated[Actor, Depends(Allow.everyone())],
) -> RegistrationCreated:
    """Register a volunteer with the code of their invitation: an answer to every question and
    exclusion criterion, and consent. Every wrong field is reported at once (422). Staff entering
    a phone call or a letter give `channel` and must organise the panel (403 otherwise). A
    registration closed answers 409."""
    try:
        registration = await in_uow(request, lambda uow: register_from_body(uow, actor, slug, body))
    except ValidationError as error:
        raise body_fields(error) from error
    return RegistrationCreated(
        registration=registration.person_id,
        eligible=not registration.excluded,
        excluded_by=registration.excluded_by,
        consent_version=registration.consent_version,
        registered_at=registration.registered_at,
    )


@router.get("/panels/{slug}/registrations", response_model=RegistrationsRead)
async def list_registrations(
    request: Request,
    slug: str,
    actor: Annotated[Actor, Depends(Allow.only(*PANEL_ORGANISERS))],
) -> RegistrationsRead:
    """The panel's registrations for its organisers: counts per channel and status, and each
    registration's answers (never a contact detail nor a code). A token needs the
    `panels:write` scope too, as for every organiser's action on a panel."""
    overview = await in_uow(
        request,
        lambda uow: panels_members.registration_overview(uow, actor=actor, slug=slug),
        commit=False,
    )
    return registrations_document(overview)
