"""`balise panel registrations SLUG --as EMAIL`: counts only, never personal data."""

from __future__ import annotations

import json
from typing import Any

from balise.bootstrap import Container
from balise.cli.testing import CommandLine
from balise.domain.accounts.model import PUBLIC, Actor
from balise.services import panels_members
from panel_members_support import open_registration, registration_form


def test_counts_without_personal_data(
    container: Container, world: dict[str, Any], balise: CommandLine
) -> None:
    open_registration(container, world, slug="counted", organiser="editor")
    with container.uow() as uow:
        codes = panels_members.invitation_codes(
            uow,
            actor=Actor(user=world["users"]["editor"]),
            slug="counted",
            key=container.secret_key,
        )
        first, second = sorted(codes.values())[:2]
        panels_members.register_volunteer(
            uow, actor=PUBLIC, slug="counted", form=registration_form(first, "a", email="x@y.be")
        )
        panels_members.register_volunteer(
            uow,
            actor=PUBLIC,
            slug="counted",
            form=registration_form(
                second,
                "b",
                exclusions={"elected_office": "no", "party_staff": "yes", "organiser_staff": "no"},
            ),
        )
        uow.commit()
    result = balise(
        "panel", "registrations", "counted", "--as", "editor@balise.test", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "slug": "counted",
        "codes": 7,
        "registrations": 2,
        "eligible": 1,
        "excluded": 1,
        "erased": 0,
        "channel_web": 2,
        "channel_phone": 0,
        "channel_letter": 0,
    }
    assert "x@y.be" not in result.stdout
    refused = balise("panel", "registrations", "counted", "--as", "other-editor@balise.test")
    assert refused.exit_code == 2
