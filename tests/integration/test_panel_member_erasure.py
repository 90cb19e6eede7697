"""Erasing a member's participation: votes and questionnaire answers cut from the member, the
published results unchanged; a member's request seen by the organisers. On both databases."""

from __future__ import annotations

from typing import Any

import pytest

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.panels.members import PanelMember
from balise.domain.panels.survey import Phase, pseudonym
from balise.domain.shared.errors import Conflict, PermissionDenied, ValidationError
from balise.services import panels_members
from panel_erasure_support import SLUG, public_results, voted_panel


def test_erasure_cuts_the_member_and_keeps_the_published_results(
    container: Container, world: dict[str, Any]
) -> None:
    admin, people, closed_id, open_id = voted_panel(container, world)
    member = people[0]  # voted against with a reason (closed), abstained (open), answered twice
    message_before, survey_before = public_results(container)

    with container.uow() as uow:
        erasure = panels_members.erase_member_participation(
            uow, actor=admin, slug=SLUG, person_id=member
        )
        uow.commit()

    assert erasure.to_json() == {
        "votes_deleted": 1,
        "votes_anonymised": 1,
        "answers_deleted": 0,
        "answers_anonymised": 2,
    }
    message_after, survey_after = public_results(container)
    # The published counts and paired results do not move; the member's reason leaves the annex.
    assert message_after["votes"] == message_before["votes"]
    assert message_after["adopted"] == message_before["adopted"]
    assert f"reason of {member}" in [r["reason"] for r in message_before["annex"]]
    assert f"reason of {member}" not in [r["reason"] for r in message_after["annex"]]
    assert len(message_after["annex"]) == 2
    assert survey_after == survey_before
    assert survey_after.respondents_both == 6
    with container.uow(read_only=True) as uow:
        closed = uow.panel_messages.votes(closed_id)
        still_open = uow.panel_messages.votes(open_id)
        panel = uow.panels.find_by_slug(SLUG)
        assert panel is not None
        assert panel.id is not None
        name = pseudonym(uow.panel_surveys.pseudonym_key(panel.id), member)
        answers = [uow.panel_surveys.response(panel.id, name, phase) for phase in Phase]
        history = uow.audit_log.history("panel", str(panel.id))
    assert member not in {v.voter for v in closed}
    assert len(closed) == 6
    assert [v.voter for v in still_open] == [people[1]]
    assert answers == [None] * len(answers)
    erased = [e for e in history if e.event_type == "panel_member.participation_erased"]
    assert [e.after for e in erased] == [{"member": member, **erasure.to_json()}]
    assert "reason of" not in str(erased[0].after)


def test_a_member_asks_and_the_organisers_see_it(
    container: Container, world: dict[str, Any]
) -> None:
    admin, people, _, _ = voted_panel(container, world)
    with container.uow(read_only=True) as uow:
        panel = uow.panels.find_by_slug(SLUG)
        assert panel is not None
        assert panel.id is not None
    member = PanelMember(panel_id=panel.id, panel_slug=SLUG, person_id=people[2])
    with container.uow() as uow:
        assert not panels_members.member_asked_erasure(uow, member=member)
        assert panels_members.request_participation_erasure(uow, member=member)
        assert not panels_members.request_participation_erasure(uow, member=member)
        uow.commit()
    with container.uow(read_only=True) as uow:
        assert panels_members.member_asked_erasure(uow, member=member)
        asked = panels_members.erasure_requests(uow, actor=admin, slug=SLUG)
        overview = panels_members.registration_overview(uow, actor=admin, slug=SLUG)
    assert [(r.person_id, r.erased_at) for r in asked] == [(people[2], None)]
    assert overview.erasure_requests == tuple(asked)
    with container.uow() as uow:
        panels_members.erase_member_participation(uow, actor=admin, slug=SLUG, person_id=people[2])
        uow.commit()
    with container.uow(read_only=True) as uow:
        assert not panels_members.member_asked_erasure(uow, member=member)
        done = panels_members.erasure_requests(uow, actor=admin, slug=SLUG)
    assert done[0].erased_at is not None


def test_only_organisers_erase_and_only_known_people(
    container: Container, world: dict[str, Any]
) -> None:
    admin, _, _, _ = voted_panel(container, world)
    with container.uow() as uow, pytest.raises(ValidationError) as refused:
        panels_members.erase_member_participation(uow, actor=admin, slug=SLUG, person_id="nobody")
    assert list(refused.value.errors) == ["person_id"]
    other = Actor(user=world["users"]["other-editor"])
    with container.uow() as uow, pytest.raises(PermissionDenied):
        panels_members.erase_member_participation(uow, actor=other, slug=SLUG, person_id="s1")


def test_erasing_again_is_refused_until_the_member_asks_again(
    container: Container, world: dict[str, Any]
) -> None:
    admin, people, _, _ = voted_panel(container, world)
    with container.uow(read_only=True) as uow:
        panel = panels_members.drawn_panel(uow, slug=SLUG)
    assert panel.id is not None
    member = PanelMember(panel_id=panel.id, panel_slug=SLUG, person_id=people[3])
    with container.uow() as uow:
        panels_members.erase_member_participation(uow, actor=admin, slug=SLUG, person_id=people[3])
        uow.commit()
    with container.uow() as uow, pytest.raises(Conflict) as refused:
        panels_members.erase_member_participation(uow, actor=admin, slug=SLUG, person_id=people[3])
    assert refused.value.message.key == panels_members.ALREADY_ERASED
    # Someone never erased may be erased even with nothing to cut (a request by letter).
    outsider = next(f"s{n}" for n in range(1, 13) if f"s{n}" not in people)
    with container.uow() as uow:
        nothing = panels_members.erase_member_participation(
            uow, actor=admin, slug=SLUG, person_id=outsider
        )
        uow.commit()
    assert not any(nothing.to_json().values())
    # A new request is carried out even with nothing left, so that it is closed.
    with container.uow() as uow:
        assert panels_members.request_participation_erasure(uow, member=member)
        again = panels_members.erase_member_participation(
            uow, actor=admin, slug=SLUG, person_id=people[3]
        )
        uow.commit()
    assert not any(again.to_json().values())
    with container.uow(read_only=True) as uow:
        assert [r.status for r in panels_members.erasure_requests(uow, actor=admin, slug=SLUG)] == [
            "erased"
        ]
