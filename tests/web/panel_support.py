"""Helpers the panel tests share: example files, a tiny instance, panels driven to a given step.

Imported by name (tests/web is on sys.path, it has no package).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.panels.record import Panel, PanelState
from balise.domain.shared.i18n import LocalizedText
from balise.services import panels

DATA = Path(__file__).resolve().parents[1] / "data" / "sortition"
# The Sortition Foundation format, with names and contact details in the people file.
SF_PEOPLE = (DATA / "sf_fixture_candidates.csv").read_text(encoding="utf-8")
SF_QUOTAS = (DATA / "sf_fixture_features.csv").read_text(encoding="utf-8")
SF_SIZE = 22
# The Nature 2021 replication format: no ids, no contact details.
NATURE_PEOPLE = (DATA / "example_small_20_respondents.csv").read_text(encoding="utf-8")
NATURE_QUOTAS = (DATA / "example_small_20_categories.csv").read_text(encoding="utf-8")
NATURE_SIZE = 20

TINY_PEOPLE = (
    "id,group,name,email\n"
    "p1,a,Ann Peeters,ann@example.test\n"
    "p2,a,Bart Claes,bart@example.test\n"
    "p3,a,Chloé Dubois,chloe@example.test\n"
    "p4,b,Dirk Maes,dirk@example.test\n"
    "p5,b,Eva Jacobs,eva@example.test\n"
)
TINY_QUOTAS = "feature,value,min,max\ngroup,a,1,1\ngroup,b,1,1\n"
TINY_SIZE = 2
TOO_STRICT = "feature,value,min,max\ngroup,a,2,2\ngroup,b,2,2\n"

SECRETS = ["first party's secret", "second party's secret"]
PUBLIC_VALUE = "Lotto, 5 December 2026: 3 14 15 26 35 42"
PUBLIC_SOURCE = "The Lotto numbers of 5 December 2026"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


COMMITMENTS = [sha256(secret) for secret in SECRETS]


def run_selection(container: Container, actor: Actor, slug: str) -> None:
    """What the job does, through the same services, without the queue."""
    with container.uow() as uow:
        job = panels.start_selection(uow, actor=actor, slug=slug)
        uow.commit()
    finished = container.run_job(job.id)
    assert finished.status.value == "succeeded", finished.error


def make_panel(
    container: Container,
    actor: Actor,
    *,
    slug: str,
    organisation_id: int,
    until: PanelState,
    people: str = TINY_PEOPLE,
    quotas: str = TINY_QUOTAS,
    size: int = TINY_SIZE,
    lottery_size: int = 100,
) -> Panel:
    """A panel driven through the services up to `until`."""
    with container.uow() as uow:
        panels.create_panel(
            uow,
            actor=actor,
            panel=Panel(
                organisation_id=organisation_id,
                slug=slug,
                title=LocalizedText(en=f"Panel {slug}"),
                size=size,
                lottery_size=lottery_size,
            ),
        )
        if until is not PanelState.DRAFT:
            panels.load_pool(
                uow,
                actor=actor,
                slug=slug,
                respondents=people,
                categories=quotas,
                solver=container.solver(),
            )
        uow.commit()
    if until in {PanelState.SELECTED, PanelState.COMMITTED, PanelState.DRAWN}:
        run_selection(container, actor, slug)
    with container.uow() as uow:
        if until in {PanelState.COMMITTED, PanelState.DRAWN}:
            panels.commit_panel(
                uow,
                actor=actor,
                slug=slug,
                party_commitments=COMMITMENTS,
                public_source=PUBLIC_SOURCE,
            )
        if until is PanelState.DRAWN:
            panels.draw_panel(
                uow, actor=actor, slug=slug, secrets=SECRETS, public_value=PUBLIC_VALUE
            )
        uow.commit()
        found = uow.panels.find_by_slug(slug)
    assert found is not None
    assert found.state is until
    return found


def make_matrix_panels(container: Container, world: dict[str, Any]) -> None:
    """Alpha's panels for the access matrix: one selected (with invitations), one committed,
    one drawn, one whose quotas cannot be met. Panel addresses are apart from organisations'."""
    actor = Actor(user=world["users"]["admin"])
    organisation_id = world["organisations"]["alpha"].id
    for slug, until in (
        ("alpha", PanelState.SELECTED),
        ("alpha-committed", PanelState.COMMITTED),
        ("alpha-drawn", PanelState.DRAWN),
    ):
        make_panel(container, actor, slug=slug, organisation_id=organisation_id, until=until)
    make_panel(
        container,
        actor,
        slug="alpha-strict",
        organisation_id=organisation_id,
        until=PanelState.POOL_LOADED,
        quotas=TOO_STRICT,
    )
    with container.uow() as uow:
        panels.draw_panel_invitations(
            uow,
            actor=actor,
            slug="alpha",
            addresses="id,stratum\na1,North\na2,South\n",
            strata="stratum,population\nNorth,1\nSouth,1\n",
            letters=1,
            seed=0,
        )
        uow.commit()
