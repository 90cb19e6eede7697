"""Panels in each step for the browser tests, made through the services (tests/e2e is on sys.path).

The example files are the repository's own copies under tests/data/sortition.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from e2e_support import LiveServer

from balise.domain.accounts.model import Actor
from balise.domain.panels.record import Panel, PanelState
from balise.domain.shared.i18n import LocalizedText
from balise.services import panels

DATA = Path(__file__).resolve().parents[1] / "data" / "sortition"
SF_PEOPLE = DATA / "sf_fixture_candidates.csv"
SF_QUOTAS = DATA / "sf_fixture_features.csv"
SF_SIZE = 22
TINY_PEOPLE = (
    "id,group,name,email\n"
    "p1,a,Ann Peeters,ann@example.test\n"
    "p2,a,Bart Claes,bart@example.test\n"
    "p3,a,Chloé Dubois,chloe@example.test\n"
    "p4,b,Dirk Maes,dirk@example.test\n"
    "p5,b,Eva Jacobs,eva@example.test\n"
)
TINY_QUOTAS = "feature,value,min,max\ngroup,a,1,1\ngroup,b,1,1\n"
TOO_STRICT = "feature,value,min,max\ngroup,a,2,2\ngroup,b,2,2\n"
SECRETS = ["first party's secret", "second party's secret"]
COMMITMENTS = [hashlib.sha256(secret.encode()).hexdigest() for secret in SECRETS]
PUBLIC_SOURCE = "The Lotto numbers of 5 December 2026"
PUBLIC_VALUE = "Lotto, 5 December 2026: 3 14 15 26 35 42"
# The sweep's panels, one per step (and one whose quotas cannot be met), all of alpha.
SWEEP = {
    "sweep-draft": (PanelState.DRAFT, TINY_QUOTAS),
    "sweep-infeasible": (PanelState.POOL_LOADED, TOO_STRICT),
    "sweep-selected": (PanelState.SELECTED, TINY_QUOTAS),
    "sweep-committed": (PanelState.COMMITTED, TINY_QUOTAS),
    "sweep-drawn": (PanelState.DRAWN, TINY_QUOTAS),
}


def make_sweep_panels(server: LiveServer) -> None:
    container = server.container
    world: dict[str, Any] = server.world
    actor = Actor(user=world["users"]["editor"])
    for slug, (until, quotas) in SWEEP.items():
        with container.uow() as uow:
            panels.create_panel(
                uow,
                actor=actor,
                panel=Panel(
                    organisation_id=world["organisations"]["alpha"].id,
                    slug=slug,
                    title=LocalizedText(en=f"Citizens' panel {slug}"),
                    size=2,
                    lottery_size=100,
                ),
            )
            if until is not PanelState.DRAFT:
                panels.load_pool(
                    uow,
                    actor=actor,
                    slug=slug,
                    respondents=TINY_PEOPLE,
                    categories=quotas,
                    solver=container.solver(),
                )
            if until is not PanelState.DRAFT:
                panels.draw_panel_invitations(
                    uow,
                    actor=actor,
                    slug=slug,
                    addresses="id,stratum,name\na1,North,One\na2,South,Two\n",
                    strata="stratum,population\nNorth,1\nSouth,1\n",
                    letters=1,
                    seed=0,
                )
            uow.commit()
        if until in {PanelState.SELECTED, PanelState.COMMITTED, PanelState.DRAWN}:
            with container.uow(read_only=True) as uow:
                work = panels.selection_work(
                    uow, actor=actor, panel_id=_id(uow.panels.find_by_slug(slug))
                )
            selection = panels.run_selection(work, solver=container.solver())
            with container.uow() as uow:
                panels.store_selection(
                    uow,
                    actor=actor,
                    panel_id=_id(work.panel),
                    selection=selection,
                    pool_sha256=work.pool_sha256,
                )
                if until is not PanelState.SELECTED:
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


def _id(panel: Panel | None) -> int:
    assert panel is not None
    assert panel.id is not None
    return panel.id
