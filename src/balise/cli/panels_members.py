"""`balise panel registrations`: how many registered for a panel, and how (counts only);
`balise panel erasure-requests` and `balise panel erase`: the members' requests to erase their
participation, and carrying one out (issue 14)."""

from __future__ import annotations

from typing import Annotated

import typer

from balise.cli.common import (
    EXIT_BAD_INPUT,
    ActingOrganiser,
    Format,
    FormatOption,
    PanelSlug,
    describe,
    fail,
    print_json,
    print_table,
)
from balise.domain.shared.errors import DomainError


def registrations(
    slug: PanelSlug,
    acting_as: ActingOrganiser,
    output_format: FormatOption = Format.TEXT,
) -> None:
    """Counts of a panel's invitation codes and registrations (no personal data).

    Keys: codes, registrations, eligible, excluded, erased, channel_web, channel_phone,
    channel_letter.
    """
    from balise.cli.common import actor_for, open_container
    from balise.services.panels_members import registration_counts

    try:
        with open_container() as container, container.uow(read_only=True) as uow:
            counts = registration_counts(uow, actor=actor_for(uow, acting_as), slug=slug)
    except DomainError as error:
        fail(describe(error), EXIT_BAD_INPUT)
    if output_format is Format.JSON:
        print_json({"slug": slug, **counts})
        return
    print_table(["count", "value"], [[name, str(value)] for name, value in counts.items()])


def erasure_requests(
    slug: PanelSlug,
    acting_as: ActingOrganiser,
    output_format: FormatOption = Format.TEXT,
) -> None:
    """The members' requests to erase their participation, oldest first.

    Each: the member's pseudonymous id, when they asked, when it was carried out (status
    pending or erased). The JSON document is the API's
    `GET /api/v1/panels/{slug}/erasure-requests`.
    """
    from balise.cli.common import actor_for, open_container
    from balise.services.panels_members import erasure_requests as requests_of
    from balise.web.panels.erasure_api import requests_document

    try:
        with open_container() as container, container.uow(read_only=True) as uow:
            found = requests_of(uow, actor=actor_for(uow, acting_as), slug=slug)
    except DomainError as error:
        fail(describe(error), EXIT_BAD_INPUT)
    if output_format is Format.JSON:
        print_json(requests_document(slug, found).model_dump(mode="json"))
        return
    document = [asked.to_json() for asked in found]
    if not document:
        typer.echo("No member has asked for the erasure of their participation.")
        return
    print_table(
        ["member", "asked at", "erased at", "status"],
        [
            [
                str(item["member"]),
                str(item["requested_at"]),
                item["erased_at"] or "",
                str(item["status"]),
            ]
            for item in document
        ],
    )


def erase(
    slug: PanelSlug,
    person_id: Annotated[str, typer.Argument(help="The member's pseudonymous id.")],
    acting_as: ActingOrganiser,
    output_format: FormatOption = Format.TEXT,
) -> None:
    """Erase a member's participation: their votes and questionnaire answers cut from them.

    Votes on a closed vote and answers to a closed questionnaire stay, under a random name and
    without the vote's reason, so that published results do not move; the others are deleted.
    The member's registration is not touched. The JSON document is the API's
    `POST /api/v1/panels/{slug}/members/{person_id}/erasure`. Exit code 2 for an unknown panel
    or member, or when the participation is already erased and nothing is left to erase.
    """
    from balise.cli.common import actor_for, open_container
    from balise.services.panels_members import erase_member_participation

    try:
        with open_container() as container, container.uow() as uow:
            done = erase_member_participation(
                uow, actor=actor_for(uow, acting_as), slug=slug, person_id=person_id
            )
            uow.commit()
    except DomainError as error:
        fail(describe(error), EXIT_BAD_INPUT)
    counts = done.to_json()
    if output_format is Format.JSON:
        print_json({"panel": slug, "member": person_id.strip(), **counts})
        return
    typer.echo(
        f"The participation of {person_id.strip()} is erased: "
        f"{counts['votes_deleted']} vote(s) deleted, "
        f"{counts['votes_anonymised']} vote(s) kept anonymously without their reason, "
        f"{counts['answers_deleted']} answer(s) deleted, "
        f"{counts['answers_anonymised']} answer(s) kept anonymously."
    )
