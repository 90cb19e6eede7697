"""The guichet demo: the shipped guides published, and questions from `data/demo/guichet.yaml`.

Everything goes through the guichet services, so the audit log tells the story. It runs after
the accounts exist (the demo regulator reviews the guides and answers) and adds nothing once any
guide or question is there.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from balise.data.demo import read_demo_data
from balise.domain.accounts.model import Actor
from balise.domain.guichet.questions import AskerKind, QuestionInput
from balise.domain.shared.clock import Clock
from balise.domain.shared.i18n import Language
from balise.services import guichet
from balise.services.ports import UnitOfWork


def _question(uow: UnitOfWork, item: dict[str, Any], now: datetime, regulator: Actor) -> None:
    asked = guichet.ask_question(
        uow,
        actor=regulator,
        given=QuestionInput(
            asker_kind=AskerKind(item["asker_kind"]),
            subject=item["subject"],
            text=item["text"],
            language=Language(item["language"]),
            email=item["email"],
            publish_consent=bool(item.get("publish_consent")),
            obligations=tuple(item.get("obligations", ())),
        ),
        received_at=now - timedelta(days=int(item["asked_days_ago"])),
    )
    reference = asked.question.reference
    if item.get("escalate"):
        guichet.escalate_question(uow, actor=regulator, reference=reference, note=item["escalate"])
    if item.get("answer"):
        guichet.answer_question(
            uow,
            actor=regulator,
            reference=reference,
            answer=item["answer"],
            answered_at=now - timedelta(days=int(item["answered_days_ago"])),
        )
    if item.get("faq"):
        guichet.publish_faq(
            uow,
            actor=regulator,
            reference=reference,
            question=item["faq"]["question"],
            answer=item["faq"]["answer"],
        )


def seed_demo(uow: UnitOfWork, *, clock: Clock) -> bool:
    """Add the guichet demo once; True when something was added."""
    if uow.guides.list_all() or uow.questions.list_all():
        return False
    domain = read_demo_data("users")["domain"]
    user = uow.users.find_by_email(f"regulator@{domain}")
    if user is None:
        raise LookupError("the demo account regulator is missing")
    regulator = Actor(user=user)
    for draft in guichet.load_shipped_guides(uow, actor=regulator):
        guichet.publish_guide(uow, actor=regulator, code=draft.code, version=draft.version)
    now = clock.now()
    for item in read_demo_data("guichet")["questions"]:
        _question(uow, item, now, regulator)
    return True
