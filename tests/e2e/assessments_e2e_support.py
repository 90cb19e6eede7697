"""Assessments for the browser tests: the committee, and a FRIA with an opinion and a notice."""

from __future__ import annotations

from e2e_support import LiveServer

from assessment_fixtures import fria_answers, make_committee
from balise.domain.accounts.model import Actor
from balise.services import assessments


def make_assessments(server: LiveServer, slug: str) -> dict[str, str]:
    """A FRIA of the published record `slug`, reviewed, with an opinion, and notified."""
    container, world = server.container, server.world
    members = make_committee(container, world)
    editor = Actor(user=world["users"]["editor"])
    chair = Actor(user=members["chair"])
    with container.uow() as uow:
        fria = assessments.start_assessment(uow, actor=editor, slug=slug, code="fria")
        assert fria.id is not None
        assessments.save_answers(uow, actor=editor, assessment_id=fria.id, raw=fria_answers())
        assessments.save_summary(
            uow, actor=editor, assessment_id=fria.id, texts={"nl": "Samenvatting", "fr": "Résumé"}
        )
        assessments.submit_assessment(uow, actor=editor, assessment_id=fria.id, committee="federal")
        assessments.notify_assessment(uow, actor=editor, assessment_id=fria.id)
        assessments.start_review(uow, actor=chair, assessment_id=fria.id)
        for role in ("chair", "rapporteur", "member"):
            assessments.cast_vote(
                uow,
                actor=Actor(user=members[role]),
                assessment_id=fria.id,
                choice="for",
                reason="Sound.",
            )
        assessments.issue_opinion(
            uow,
            actor=chair,
            assessment_id=fria.id,
            draft=assessments.OpinionDraft(
                kind="favourable_with_conditions",
                texts={"en": "Favourable.", "nl": "Gunstig.", "fr": "Favorable.", "de": "Positiv."},
                original_language="en",
                conditions=[({"en": "Audit yearly.", "nl": "Jaarlijks auditen."}, "2027-06-30")],
            ),
        )
        draft = assessments.start_assessment(uow, actor=editor, slug=slug, code="dpia")
        uow.commit()
    return {"assessment": str(fria.id), "draft_assessment": str(draft.id)}
