"""A committee, a high-risk classification and FRIA answers, shared by the web and browser tests."""

from __future__ import annotations

from typing import Any

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor, Role, User
from balise.domain.assessments.catalogue import template
from balise.services import accounts, aiact, assessments

PASSWORD = "a long enough test password"
HIGH_RISK_FACTS = {
    "actor": {"roles": ["deployer"], "public_body": True},
    "system": {"kind": "ai_system"},
    "annex_iii": {"point": "5(a)"},
}
COMMITTEE_MEMBERS = (  # e-mail, role in the committee, gender
    ("chair@balise.test", "chair", "female"),
    ("rapporteur@balise.test", "rapporteur", "male"),
    ("member@balise.test", "member", "female"),
)


def admin_of(world: dict[str, Any]) -> Actor:
    user: User = world["users"]["admin"]
    return Actor(user=user)


def make_committee(container: Container, world: dict[str, Any]) -> dict[str, User]:
    """A shared committee: three reviewers of beta, and alpha's reviewer (who cannot vote on
    alpha's assessments); quorum 3."""
    admin = admin_of(world)
    beta = world["organisations"]["beta"].id
    made: dict[str, User] = {}
    with container.uow() as uow:
        assessments.create_committee(
            uow,
            actor=admin,
            slug="federal",
            name={"en": "Federal ethics committee", "fr": "Comité d'éthique fédéral"},
            quorum=3,
        )
        for email, role, gender in COMMITTEE_MEMBERS:
            made[role] = accounts.create_user(
                uow,
                actor=admin,
                password=PASSWORD,
                user=User(
                    email=email, display_name=role.title(), role=Role.REVIEWER, organisation_id=beta
                ),
            )
            assessments.add_member(
                uow, actor=admin, committee="federal", email=email, role=role, gender=gender
            )
        assessments.add_member(
            uow,
            actor=admin,
            committee="federal",
            email="reviewer@balise.test",
            role="member",
            gender="male",
        )
        uow.commit()
    return made


def classify_high_risk(container: Container, world: dict[str, Any], slug: str) -> None:
    with container.uow() as uow:
        aiact.store_classification(uow, actor=admin_of(world), slug=slug, facts=HIGH_RISK_FACTS)
        uow.commit()


def fria_answers() -> dict[str, str]:
    """An answer to every mandatory question of the FRIA."""
    answers = {}
    for question in template("fria").questions:
        if question.mandatory:
            answers[question.id] = {"scale": "2", "choice": "some"}.get(
                question.type.value, f"Answer to {question.id}"
            )
    return answers


def make_voted_fria(container: Container, world: dict[str, Any], slug: str) -> tuple[int, User]:
    """A FRIA of the published record `slug`: submitted to the committee, notified, and voted on
    (three votes for), waiting for its opinion. Returns its id and the committee's chair."""
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
        uow.commit()
    return fria.id, members["chair"]


def make_reviewed_fria(container: Container, world: dict[str, Any], slug: str) -> int:
    """A FRIA of the published record `slug`: submitted to the committee, notified, voted on
    (three votes for) and given a favourable opinion with one condition. Returns its id."""
    fria_id, chair = make_voted_fria(container, world, slug)
    with container.uow() as uow:
        assessments.issue_opinion(
            uow,
            actor=Actor(user=chair),
            assessment_id=fria_id,
            draft=assessments.OpinionDraft(
                kind="favourable_with_conditions",
                texts={"en": "Favourable.", "nl": "Gunstig.", "fr": "Favorable.", "de": "Positiv."},
                original_language="en",
                conditions=[({"en": "Audit yearly.", "nl": "Jaarlijks auditen."}, "2027-06-30")],
            ),
        )
        uow.commit()
    return fria_id
