"""`balise panel erasure-requests SLUG --as EMAIL` and `balise panel erase SLUG PERSON_ID --as
EMAIL`: the members' requests, and carrying one out without moving the published results."""

from __future__ import annotations

import json
from typing import Any

from balise.bootstrap import Container
from balise.cli.testing import CommandLine
from balise.domain.panels.members import PanelMember
from balise.services import panels_members
from panel_erasure_support import SLUG, public_results, voted_panel

EDITOR = ("--as", "editor@balise.test")


def test_requests_then_an_erasure_that_keeps_the_published_results(
    container: Container, world: dict[str, Any], balise: CommandLine
) -> None:
    _, people, _, _ = voted_panel(container, world)
    member = people[0]
    assert balise("panel", "erasure-requests", SLUG, *EDITOR).stdout.startswith(
        "No member has asked"
    )
    with container.uow() as uow:
        panel = panels_members.drawn_panel(uow, slug=SLUG)
        assert panel.id is not None
        asked = PanelMember(panel_id=panel.id, panel_slug=SLUG, person_id=member)
        panels_members.request_participation_erasure(uow, member=asked)
        uow.commit()

    listed = balise("panel", "erasure-requests", SLUG, *EDITOR, "--format", "json")
    assert listed.exit_code == 0, listed.output
    document = json.loads(listed.stdout)
    assert document["panel"] == SLUG
    assert [(r["member"], r["erased_at"], r["status"]) for r in document["requests"]] == [
        (member, None, "pending")
    ]
    table = balise("panel", "erasure-requests", SLUG, *EDITOR)
    assert member in table.stdout
    assert "pending" in table.stdout

    message_before, survey_before = public_results(container)
    erased = balise("panel", "erase", SLUG, member, *EDITOR, "--format", "json")
    assert erased.exit_code == 0, erased.output
    assert json.loads(erased.stdout) == {
        "panel": SLUG,
        "member": member,
        "votes_deleted": 1,
        "votes_anonymised": 1,
        "answers_deleted": 0,
        "answers_anonymised": 2,
    }
    message_after, survey_after = public_results(container)
    assert message_after["votes"] == message_before["votes"]
    assert message_after["adopted"] == message_before["adopted"]
    assert survey_after == survey_before
    done = json.loads(balise("panel", "erasure-requests", SLUG, *EDITOR, "--format", "json").stdout)
    assert done["requests"][0]["status"] == "erased"

    # The same messages as the API and the site, in English, and exit code 2.
    again = balise("panel", "erase", SLUG, member, *EDITOR)
    assert again.exit_code == 2
    assert "already erased" in again.stderr
    nobody = balise("panel", "erase", SLUG, "nobody", *EDITOR)
    assert nobody.exit_code == 2
    assert "There is no member or volunteer with this id on this panel." in nobody.stderr
    elsewhere = balise("panel", "erase", "nowhere", member, *EDITOR)
    assert elsewhere.exit_code == 2
    outsider = balise("panel", "erasure-requests", SLUG, "--as", "other-editor@balise.test")
    assert outsider.exit_code == 2
    text = balise("panel", "erase", SLUG, people[1], *EDITOR)
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith(f"The participation of {people[1]} is erased: 1 vote(s) deleted")
