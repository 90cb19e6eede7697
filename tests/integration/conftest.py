"""Fixtures for the command-line tests: the command, and a database with audited changes."""

from __future__ import annotations

import pytest

from balise.bootstrap import Container
from balise.cli.testing import CommandLine
from balise.domain.accounts.model import Actor, Role, User
from balise.services.accounts import create_first_admin
from balise.services.demo import DEMO_ORGANISATIONS
from balise.services.organisations import create_organisation


@pytest.fixture
def balise(container: Container) -> CommandLine:
    return CommandLine(container.settings)


@pytest.fixture
def audited_organisations(container: Container) -> int:
    """An administrator and the demo organisations, created and audited; returns the event count."""
    with container.uow() as uow:
        admin = create_first_admin(
            uow,
            user=User(email="root@example.be", display_name="Root", role=Role.ADMIN),
            password=None,
            via="cli",
        )
        for organisation in DEMO_ORGANISATIONS:
            create_organisation(uow, actor=Actor(user=admin), organisation=organisation)
        count = uow.audit_log.count()
        uow.commit()
    return count
