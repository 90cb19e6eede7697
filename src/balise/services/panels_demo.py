"""The panels demo: a Belgian-shaped citizens' panel of 60, drawn through the real use cases.

The pool is the seeded synthetic one of `domain.panels.synthetic` (nobody in it exists). The
panel is created for FOD BOSA by its demo editor, the pool and quotas are loaded, the LEXIMIN
selection is computed and stored, the lottery is committed with a published demo secret, and the
panel is drawn with a published public value, so that anyone can check the draw from the
published files. The areas that work with the drawn members (messages, survey) find the panel by
`DEMO_PANEL_SLUG` and its members in `uow.panels.draw(panel.id).reveal.panel`.

`services.demo.area_seeders` runs `seed_demo` before those areas' seeders, with the solver the
entrypoint gives; it adds nothing once the panel exists.
"""

from __future__ import annotations

from balise.data.demo import read_demo_data
from balise.domain.accounts.model import Actor
from balise.domain.panels.record import Panel, PanelAlgorithm
from balise.domain.panels.solver import Solver
from balise.domain.panels.synthetic import belgium_files
from balise.domain.shared.clock import Clock
from balise.domain.shared.i18n import LocalizedText
from balise.services import panels
from balise.services.ports import UnitOfWork

DEMO_PANEL_SLUG = "citizens-panel-ai-2026"
DEMO_ORGANISATION = "fod-bosa"
DEMO_ORGANISER = "editor.bosa"
DEMO_TITLE = LocalizedText(
    fr="Panel citoyen sur l'IA 2026",
    nl="Burgerpanel over AI 2026",
    de="Bürgerpanel zur KI 2026",
    en="Citizens' panel on AI 2026",
)
DEMO_POOL_SEED = 2026
DEMO_POOL_SIZE = 300  # volunteers; 1,170 takes about 20 s of CPU, too slow for every `make run`
DEMO_PANEL_SIZE = 60
# Published on purpose: a demo draw anyone can repeat with `balise panel verify`.
DEMO_SECRET = "balise-demo-panel-secret-2026"  # noqa: S105 - published with the demo
# Shown as the organiser wrote it, on pages in every language: French, Dutch and German.
DEMO_PUBLIC_SOURCE = (
    "Démo : tirage fictif du 1/12/2026 · Demo: fictieve trekking van 1/12/2026 · "
    "Demo: fiktive Ziehung vom 1.12.2026"
)
DEMO_PUBLIC_VALUE = "demo-2026-12-01-07-19-23-31-42"


def _organiser(uow: UnitOfWork) -> tuple[Actor, int]:
    domain = read_demo_data("users")["domain"]
    user = uow.users.find_by_email(f"{DEMO_ORGANISER}@{domain}")
    organisation = uow.organisations.find_by_slug(DEMO_ORGANISATION)
    if user is None or organisation is None or organisation.id is None:
        raise LookupError("the demo organiser or organisation of the panels demo is missing")
    return Actor(user=user), organisation.id


def seed_demo(uow: UnitOfWork, *, clock: Clock, solver: Solver) -> bool:
    """Create and draw the demo panel once; True when it was added."""
    del clock  # the use cases read the unit of work's clock
    if uow.panels.find_by_slug(DEMO_PANEL_SLUG) is not None:
        return False
    actor, organisation_id = _organiser(uow)
    panel = panels.create_panel(
        uow,
        actor=actor,
        panel=Panel(
            organisation_id=organisation_id,
            slug=DEMO_PANEL_SLUG,
            title=DEMO_TITLE,
            size=DEMO_PANEL_SIZE,
            algorithm=PanelAlgorithm.LEXIMIN,
        ),
    )
    respondents, categories = belgium_files(DEMO_POOL_SEED, DEMO_POOL_SIZE, DEMO_PANEL_SIZE)
    panels.load_pool(
        uow,
        actor=actor,
        slug=DEMO_PANEL_SLUG,
        respondents=respondents,
        categories=categories,
        solver=solver,
    )
    assert panel.id is not None
    work = panels.selection_work(uow, actor=actor, panel_id=panel.id)
    selection = panels.run_selection(work, solver=solver)
    panels.store_selection(
        uow, actor=actor, panel_id=panel.id, selection=selection, pool_sha256=work.pool_sha256
    )
    panels.commit_panel(
        uow,
        actor=actor,
        slug=DEMO_PANEL_SLUG,
        party_commitments=(),
        public_source=DEMO_PUBLIC_SOURCE,
        seeds=(DEMO_SECRET,),
    )
    panels.draw_panel(
        uow,
        actor=actor,
        slug=DEMO_PANEL_SLUG,
        secrets=(DEMO_SECRET,),
        public_value=DEMO_PUBLIC_VALUE,
    )
    return True
