"""Assessments for the browser tests: a reviewed FRIA with an opinion, and a draft DPIA."""

from __future__ import annotations

from e2e_support import LiveServer

from assessment_fixtures import make_reviewed_fria
from balise.domain.accounts.model import Actor
from balise.services import assessments


def make_assessments(server: LiveServer, slug: str) -> dict[str, str]:
    """A FRIA of the published record `slug` with an opinion and notified; a DPIA in draft."""
    fria = make_reviewed_fria(server.container, server.world, slug)
    editor = Actor(user=server.world["users"]["editor"])
    with server.container.uow() as uow:
        draft = assessments.start_assessment(uow, actor=editor, slug=slug, code="dpia")
        uow.commit()
    return {"assessment": str(fria), "draft_assessment": str(draft.id)}
