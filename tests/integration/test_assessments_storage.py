"""Assessments on both databases: the demo's committee, FRIA, DPIA, ethics and opinions."""

from __future__ import annotations

from balise.bootstrap import Container
from balise.domain.assessments.catalogue import TemplateCode
from balise.domain.assessments.model import AssessmentState, OpinionKind
from balise.services.assessments_demo import seed_demo
from balise.services.demo import load_demo


def test_the_demo_seeds_a_committee_and_assessments_once(container: Container) -> None:
    with container.uow() as uow:
        load_demo(uow, seeders=(seed_demo,))
        uow.commit()
    with container.uow() as uow:
        committee = uow.committees.find_by_slug("federal-ethics")
        assert committee is not None
        assert len(committee.members) == 4
        assert committee.composition_problems() == []
        found = uow.assessments.list_for_organisation(None)
        by_kind = {(a.template, a.state) for a in found}
        assert (TemplateCode.FRIA, AssessmentState.SIGNED) in by_kind
        assert (TemplateCode.DPIA, AssessmentState.SUBMITTED) in by_kind
        assert (TemplateCode.ETHICS, AssessmentState.DRAFT) in by_kind
        opinions = {a.opinion.kind for a in found if a.opinion is not None}
        assert opinions == {OpinionKind.FAVOURABLE_WITH_CONDITIONS, OpinionKind.UNFAVOURABLE}
        signed = next(a for a in found if a.state is AssessmentState.SIGNED)
        assert signed.opinion is not None
        assert signed.opinion.conditions
        assert signed.notified_at is not None
        assert [r.level for r in signed.risks] == ["high"]
        assert uow.assessments.list_notified() == [signed]
        assert seed_demo(uow, clock=uow.clock) is False  # safe to repeat
