"""The demo of impact assessments (data in balise/data/demo/assessments.yaml).

Run by the lead's wiring of `area_seeders` in `services/demo.py` after the demo's organisations,
accounts and records exist. Safe to repeat: nothing is added once the committee exists.
"""

from __future__ import annotations

from typing import Any

from balise.data.demo import read_demo_data
from balise.domain.accounts.model import Actor, Role
from balise.domain.assessments.catalogue import template
from balise.domain.shared.clock import Clock
from balise.services import assessments
from balise.services.ports import UnitOfWork


def _actor(uow: UnitOfWork, email: str) -> Actor:
    user = uow.users.find_by_email(email)
    assert user is not None, email
    return Actor(user=user)


def seed_demo(uow: UnitOfWork, *, clock: Clock) -> bool:
    """A committee, a signed FRIA with a condition, a DPIA, an ethics self-assessment and an
    unfavourable opinion. Returns whether anything was added."""
    data = read_demo_data("assessments")
    domain = read_demo_data("users")["domain"]

    def email(login: str) -> str:
        return f"{login}@{domain}"

    committee = data["committee"]
    if uow.committees.find_by_slug(committee["slug"]) is not None:
        return False
    admin = _actor(uow, email("admin"))
    assessments.create_committee(
        uow,
        actor=admin,
        slug=committee["slug"],
        name=committee["name"],
        quorum=int(committee["quorum"]),
        max_gender_share=str(committee["max_gender_share"]),
    )
    voters = []
    for member in committee["members"]:
        assessments.add_member(
            uow,
            actor=admin,
            committee=committee["slug"],
            email=email(member["login"]),
            role=member["role"],
            gender=member["gender"],
        )
        voters.append(email(member["login"]))
    chair = _actor(uow, voters[0])
    for item in data["assessments"]:
        default = data["default_answer"][item["language"]]
        _assessment(uow, item, default, committee["slug"], chair, voters, email)
    del clock  # the unit of work's clock dates every step
    return True


def _assessment(
    uow: UnitOfWork,
    item: dict[str, Any],
    default: str,
    committee: str,
    chair: Actor,
    voters: list[str],
    email: Any,
) -> None:
    organisation = uow.organisations.find_by_slug(item["organisation"])
    assert organisation is not None
    assert organisation.id is not None
    record = uow.systems.find_by_source_id(organisation.id, item["system"])
    assert record is not None, item["system"]
    author = _actor(uow, email(item["author"]))
    started = assessments.start_assessment(
        uow, actor=author, slug=record.slug, code=item["template"]
    )
    assert started.id is not None
    assessment_id = started.id
    chosen = template(item["template"])
    answers = {
        q.id: default
        for q in chosen.questions
        if q.mandatory and q.id not in started.answers and q.type.value == "text"
    }
    answers.update({key: str(value) for key, value in (item.get("answers") or {}).items()})
    assessments.save_answers(uow, actor=author, assessment_id=assessment_id, raw=answers)
    for risk in item.get("risks") or []:
        assessments.add_risk(
            uow, actor=author, assessment_id=assessment_id, raw={k: str(v) for k, v in risk.items()}
        )
    if item.get("summary"):
        assessments.save_summary(
            uow, actor=author, assessment_id=assessment_id, texts=item["summary"]
        )
    if item["template"] == "ethics":
        return  # left as a draft
    votes = item.get("votes")
    assessments.submit_assessment(
        uow, actor=author, assessment_id=assessment_id, committee=committee if votes else ""
    )
    if item.get("notify"):
        assessments.notify_assessment(uow, actor=author, assessment_id=assessment_id)
    if not votes:
        return
    assessments.start_review(uow, actor=chair, assessment_id=assessment_id)
    current = uow.assessments.get(assessment_id)
    assert current is not None
    assert current.ballot is not None
    for voter, choice in zip(voters, votes, strict=True):
        actor = _actor(uow, voter)
        if actor.user is not None and str(actor.user.id) in current.ballot.electorate:
            assessments.cast_vote(
                uow,
                actor=actor,
                assessment_id=assessment_id,
                choice=choice,
                reason=f"Demo vote: {choice}.",
            )
    opinion = item["opinion"]
    assessments.issue_opinion(
        uow,
        actor=chair,
        assessment_id=assessment_id,
        draft=assessments.OpinionDraft(
            kind=opinion["kind"],
            texts=opinion["text"],
            original_language=opinion["language"],
            machine_translated=opinion.get("machine", []),
            conditions=[(c["text"], str(c["due"])) for c in opinion.get("conditions", [])],
        ),
    )
    if item.get("sign"):
        signer = _actor(uow, email(item["sign"]))
        assert signer.role in {Role.ADMIN, Role.REVIEWER}
        assessments.sign_assessment(uow, actor=signer, assessment_id=assessment_id)
