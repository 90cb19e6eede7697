"""Registration, erasure and the members' sign-in through the services, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from balise.bootstrap import Container
from balise.domain.accounts.model import PUBLIC
from balise.domain.panels.registrations import Channel
from balise.domain.shared.clock import FixedClock
from balise.domain.shared.errors import PermissionDenied, ValidationError
from balise.services import panels_members
from panel_members_support import make_registered_panel, open_registration, registration_form


def test_erasure_keeps_only_what_the_published_draw_needs(
    container: Container, world: dict[str, Any]
) -> None:
    drawn = make_registered_panel(container, world)
    member = drawn.members[0]
    with container.uow() as uow:
        kept = panels_members.erase_volunteer(
            uow, actor=drawn.organiser, slug=drawn.slug, person_id=member
        )
        uow.commit()
    assert kept.erased_at is not None
    assert kept.answers  # the published pool holds them, under the pseudonymous number only
    with container.uow(read_only=True) as uow:
        panel = uow.panels.find_by_slug(drawn.slug)
        assert panel is not None
        assert panel.id is not None
        assert uow.panel_members.contact(panel.id, member) is None
        # The erased member can no longer sign in with the code.
        with pytest.raises(ValidationError):
            panels_members.sign_in_with_code(uow, slug=drawn.slug, code=drawn.codes[member])
        counts = panels_members.registration_counts(uow, actor=drawn.organiser, slug=drawn.slug)
    assert counts == {
        "codes": 7,
        "registrations": 6,
        "eligible": 5,
        "excluded": 1,
        "erased": 1,
        "channel_web": 6,
        "channel_phone": 0,
        "channel_letter": 0,
    }


def test_sign_in_links_expire_and_serve_once(container: Container, world: dict[str, Any]) -> None:
    drawn = make_registered_panel(container, world)
    clock = FixedClock(datetime(2026, 12, 5, 10, tzinfo=UTC))
    container.clock = clock
    number = list(drawn.codes).index(drawn.members[0])
    with container.uow() as uow:
        mail = panels_members.request_sign_in_link(
            uow, slug=drawn.slug, email=f"v{number}@example.test"
        )
        late = panels_members.request_sign_in_link(
            uow, slug=drawn.slug, email=f"V{number}@EXAMPLE.test"
        )
        assert (
            panels_members.request_sign_in_link(uow, slug=drawn.slug, email="stranger@example.test")
            is None
        )
        uow.commit()
    assert mail is not None
    assert late is not None
    clock.at += timedelta(minutes=31)
    with container.uow() as uow, pytest.raises(ValidationError):
        panels_members.sign_in_with_link(uow, slug=drawn.slug, token=late.token)
    clock.at -= timedelta(minutes=2)
    with container.uow() as uow:
        secret = panels_members.sign_in_with_link(uow, slug=drawn.slug, token=mail.token)
        uow.commit()
    with container.uow() as uow, pytest.raises(ValidationError):
        panels_members.sign_in_with_link(uow, slug=drawn.slug, token=mail.token)
    with container.uow(read_only=True) as uow:
        member = panels_members.member_for_session(uow, slug=drawn.slug, secret=secret)
        assert member is not None
        assert member.person_id == drawn.members[0]
        assert panels_members.member_for_session(uow, slug="other", secret=secret) is None
    clock.at += timedelta(days=31)
    with container.uow(read_only=True) as uow:
        assert panels_members.member_for_session(uow, slug=drawn.slug, secret=secret) is None


def test_staff_channels_need_an_organiser_and_writes_are_atomic(
    container: Container, world: dict[str, Any]
) -> None:
    _, codes = open_registration(container, world, slug="phone-panel")
    by_phone = registration_form(codes[0], "a", channel=Channel.PHONE, phone="+32 2 123 45 67")
    with container.uow() as uow, pytest.raises(PermissionDenied):
        panels_members.register_volunteer(uow, actor=PUBLIC, slug="phone-panel", form=by_phone)
    with container.uow() as uow:
        events = uow.audit_log.count()
        with pytest.raises(ValidationError):
            panels_members.register_volunteer(
                uow,
                actor=PUBLIC,
                slug="phone-panel",
                form=registration_form(codes[0], "c"),
            )
    with container.uow(read_only=True) as uow:
        assert uow.audit_log.count() == events
        panel = uow.panels.find_by_slug("phone-panel")
        assert panel is not None
        assert panel.id is not None
        assert uow.panel_members.registrations(panel.id) == []
