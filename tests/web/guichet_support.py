"""Guichet rows of the access matrix: the shipped guides as drafts, one published, a question."""

from __future__ import annotations

from typing import Any

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.guichet.questions import AskerKind, QuestionInput
from balise.domain.shared.i18n import Language
from balise.services import guichet

QUESTION_ANSWER_FORM = {"answer": "Ja, art. 50(1).", "obligations": "disclose_ai_interaction"}
ESCALATE_FORM = {"note": "GPAI; sent through the Service Desk's web form."}
FAQ_FORM = {"faq_question": "Q?", "faq_answer": "A."}
ASK_FORM = {
    "asker_kind": "citizen",
    "subject": "Chatbot",
    "text": "Moet een chatbot het zeggen?",
    "email": "iemand@example.be",
}
ASK_JSON = {**ASK_FORM, "language": "nl"}


def make_matrix_guichet(container: Container, world: dict[str, Any]) -> dict[str, str]:
    """Every shipped guide as a draft, "fria" published, and one question asked online."""
    admin = Actor(user=world["users"]["admin"])
    regulator = Actor(user=world["users"]["regulator"])
    with container.uow() as uow:
        guichet.load_shipped_guides(uow, actor=admin)
        guichet.publish_guide(uow, actor=regulator, code="fria", version=1)
        asked = guichet.ask_question(
            uow,
            actor=Actor(),
            given=QuestionInput(
                asker_kind=AskerKind.COMPANY,
                subject="FRIA",
                text="Moeten wij een FRIA maken?",
                language=Language.NL,
                email="vraag@example.be",
                publish_consent=True,
            ),
        )
        uow.commit()
    return {
        "guide_code": "fria",
        "version": "1",
        "question_reference": asked.question.reference,
    }
