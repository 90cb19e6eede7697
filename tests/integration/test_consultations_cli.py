"""`balise consultations` on both databases, and the demo's consultation loaded twice."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from balise.bootstrap import Container
from balise.cli.testing import CommandLine
from balise.domain.consultations.model import ContributionState
from balise.services import consultations, consultations_demo
from consultations_support import make_open_consultation


def test_the_commands_list_and_export_without_any_e_mail(
    container: Container, world: dict[str, Any], balise: CommandLine
) -> None:
    ids = make_open_consultation(container, world)
    listed = balise("consultations", "list", "--format", "json")
    assert listed.exit_code == 0, listed.stderr
    [row] = json.loads(listed.stdout)["consultations"]
    assert (row["slug"], row["state"], row["published"], row["pending"]) == (
        "ai-chapter",
        "open",
        1,
        1,
    )
    text = balise("consultations", "list")
    assert text.stdout.startswith("ai-chapter\topen\t")
    exported = balise("consultations", "export", "ai-chapter")
    document = json.loads(exported.stdout)
    assert [c["contribution_id"] for c in document["contributions"]] == [int(ids["published_id"])]
    assert "example.be" not in exported.stdout
    as_csv = balise("consultations", "export", "ai-chapter", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["text"] for r in rows] == ["Add a deadline."]
    missing = balise("consultations", "export", "nothing")
    assert missing.exit_code == 2
    assert "There is no such consultation." in missing.stderr


def test_the_demo_consultation_is_added_once(container: Container, world: dict[str, Any]) -> None:
    from balise.domain.accounts.model import Actor, Role, User
    from balise.domain.shared.clock import SystemClock

    with container.uow() as uow:
        uow.users.add(
            User(email="regulator@demo.balise.be", display_name="R", role=Role.REGULATOR),
            password_hash=None,
            at=uow.clock.now(),
        )
        assert consultations_demo.seed_demo(uow, clock=SystemClock())
        assert not consultations_demo.seed_demo(uow, clock=SystemClock())
        found = consultations.get_consultation(uow, actor=Actor(), slug="ai-in-public-services")
        assert found.title.de
        assert len(found.sections) == 3
        assert found.id is not None
        states = [c.state for c in uow.consultations.contributions(found.id)]
        assert states.count(ContributionState.PUBLISHED) == 4
        assert states.count(ContributionState.PENDING) == 1
        assert states.count(ContributionState.REFUSED) == 1
        figures = consultations.consultation_figures(uow, found)
        assert (figures.answered, figures.unanswered) == (3, 1)
        uow.commit()
