"""The guichet's domain on plain inputs: shipped guides, the desk's target, questions' states."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from balise.domain.guichet.guides import (
    Guide,
    GuideKind,
    GuideState,
    GuideText,
    assemble,
    obligation_codes,
    parse_guide_file,
    shipped_guides,
)
from balise.domain.guichet.questions import (
    AskerKind,
    Question,
    QuestionInput,
    QuestionState,
    add_working_days,
    hash_secret,
    median_response_days,
    response_target,
    working_days_between,
)
from balise.domain.observatory.facts import Facts, GuideFact, QuestionFact
from balise.domain.observatory.functions import (
    NOTHING_TO_COUNT,
    Result,
    guides_published,
    questions_answered,
    questions_median_response_days,
)
from balise.domain.shared.errors import Conflict, ValidationError
from balise.domain.shared.i18n import LANGUAGES, Language

AT = datetime(2026, 12, 18, 10, 0, tzinfo=UTC)  # a Friday
FILE = """---
code: sample
version: 2
kind: guide
obligations: [fria]
articles: ["Art. 27"]
language: nl
title: "Een titel: met dubbelpunt"
summary: Kort.
---
## Kop

Tekst.
"""


def test_the_shipped_set_covers_the_required_guides_in_four_languages() -> None:
    guides = {g.code: g for g in shipped_guides()}
    assert set(guides) == {
        "ai-literacy",
        "deployer-high-risk",
        "fria",
        "transparency",
        "registration",
        "serious-incidents",
        "annex-iv-technical-documentation",
        "art-6-4-assessment",
    }
    for guide in guides.values():
        assert guide.languages == LANGUAGES, guide.code
        assert set(guide.obligations) <= obligation_codes()
        assert guide.articles
        for text in guide.texts.values():
            assert text.title
            assert text.summary
            assert "## " in text.body or guide.kind is GuideKind.TEMPLATE
    assert guides["ai-literacy"].obligations == ("ai_literacy",)
    assert "fria" in guides["fria"].obligations
    assert "incident_reporting" in guides["serious-incidents"].obligations
    assert "disclose_deepfake" in guides["transparency"].obligations
    assert "registration" in guides["registration"].obligations
    assert "use_per_instructions" in guides["deployer-high-risk"].obligations
    assert guides["annex-iv-technical-documentation"].kind is GuideKind.TEMPLATE
    assert "document_non_high_risk_assessment" in guides["art-6-4-assessment"].obligations


def test_a_guide_file_splits_its_front_matter_from_its_markdown() -> None:
    parsed = parse_guide_file(FILE)
    assert (parsed.code, parsed.version, parsed.language) == ("sample", 2, Language.NL)
    assert parsed.obligations == ("fria",)
    assert parsed.text.title == "Een titel: met dubbelpunt"
    assert parsed.text.body == "## Kop\n\nTekst.\n"
    with pytest.raises(ValueError, match="front matter"):
        parse_guide_file("## No front matter\n")


def test_language_files_must_agree_and_codes_must_exist() -> None:
    dutch = parse_guide_file(FILE)
    french = parse_guide_file(
        FILE.replace("language: nl", "language: fr").replace("[fria]", "[ai_literacy]")
    )
    with pytest.raises(ValueError, match="disagree"):
        assemble([dutch, french])
    with pytest.raises(ValidationError) as caught:
        Guide(
            code="Bad Code",
            version=0,
            kind=GuideKind.GUIDE,
            obligations=("no_such_duty",),
            articles=(),
            texts={Language.EN: GuideText("T", "S", "B")},
        )
    assert set(caught.value.errors) == {"code", "version", "obligations"}


def test_a_guide_falls_back_to_a_language_it_has_and_is_published_once() -> None:
    guide = assemble([parse_guide_file(FILE)])
    text, shown = guide.text_in(Language.DE)
    assert shown is Language.NL
    assert text.title.startswith("Een titel")
    published = guide.publish(by=7, at=AT)
    assert published.state is GuideState.PUBLISHED
    assert published.published_by == 7
    with pytest.raises(Conflict):
        published.publish(by=7, at=AT)
    assert published.supersede().state is GuideState.SUPERSEDED


def test_working_days_skip_weekends_and_belgian_holidays() -> None:
    # From Friday 18 December 2026: 21-24 Dec (4), 25 Dec is Christmas, 28-31 Dec (8),
    # 1 Jan is New Year's Day, 4 and 5 Jan (10).
    assert add_working_days(date(2026, 12, 18), 10) == date(2027, 1, 5)
    assert add_working_days(date(2026, 12, 18), 0) == date(2026, 12, 18)
    assert working_days_between(date(2026, 12, 18), date(2027, 1, 5)) == 10
    assert response_target().working_days == 10
    assert "project" in response_target().basis.lower()


def ask(**changes: object) -> Question:
    values: dict[str, object] = {
        "asker_kind": AskerKind.COMPANY,
        "subject": "Chatbot",
        "text": "Moet onze chatbot melden dat hij een AI is?",
        "language": Language.NL,
        "email": "Info@Example.be",
        "publish_consent": True,
    }
    values.update(changes)
    given = QuestionInput(**values)  # type: ignore[arg-type]
    return Question.ask(
        reference="QST-2026-000001", given=given, user_id=None, secret_hash=hash_secret("s"), at=AT
    )


def test_a_question_needs_a_title_a_text_and_a_way_to_answer() -> None:
    with pytest.raises(ValidationError) as caught:
        QuestionInput(asker_kind=AskerKind.CITIZEN, subject=" ", text="", language=Language.FR)
    assert set(caught.value.errors) == {"subject", "text", "email"}
    signed_in = QuestionInput(
        asker_kind=AskerKind.CITIZEN, subject="S", text="T", language=Language.FR, signed_in=True
    )
    assert signed_in.email == ""
    with pytest.raises(ValidationError) as caught:
        QuestionInput(
            asker_kind=AskerKind.CITIZEN,
            subject="S",
            text="T",
            language=Language.FR,
            email="x@y.be",
            obligations=("nope",),
        )
    assert set(caught.value.errors) == {"obligations"}


def test_a_question_is_due_in_ten_working_days_and_moves_through_its_states() -> None:
    question = ask()
    assert question.email == "info@example.be"
    assert question.due_on == date(2027, 1, 5)
    assert not question.overdue(date(2027, 1, 5))
    assert question.overdue(date(2027, 1, 6))
    escalated = question.escalate("GPAI question; sent through the Service Desk's form.", at=AT)
    assert escalated.state is QuestionState.ESCALATED
    with pytest.raises(Conflict):
        escalated.escalate("again", at=AT)
    with pytest.raises(ValidationError):
        question.escalate(" ", at=AT)
    answered = escalated.respond(
        "Ja, art. 50(1).",
        by=3,
        at=datetime(2026, 12, 23, 9, tzinfo=UTC),
        obligations=("disclose_ai_interaction",),
    )
    assert answered.state is QuestionState.ANSWERED
    assert answered.days_to_answer() == 5
    assert answered.answered_on_time is True
    assert answered.obligations == ("disclose_ai_interaction",)
    with pytest.raises(Conflict):
        answered.respond("again", by=3, at=AT)
    with pytest.raises(ValidationError):
        question.respond("too early", by=3, at=datetime(2026, 12, 1, tzinfo=UTC))


def test_only_a_consented_answered_question_becomes_a_faq_entry() -> None:
    question = ask()
    with pytest.raises(Conflict):
        question.publish_faq("Q", "A", at=AT)
    answered = question.respond("Ja.", by=3, at=AT)
    with pytest.raises(ValidationError) as caught:
        answered.publish_faq("", " ", at=AT)
    assert set(caught.value.errors) == {"faq_question", "faq_answer"}
    entry = answered.publish_faq("Moet een chatbot het melden?", "Ja.", at=AT).faq()
    assert entry is not None
    assert entry.language is Language.NL
    refused = ask(publish_consent=False).respond("Ja.", by=3, at=AT)
    with pytest.raises(Conflict):
        refused.publish_faq("Q", "A", at=AT)
    erased = answered.erase_contact(at=AT)
    assert (erased.email, erased.text) == ("", "")
    assert "info@example.be" not in str(answered.snapshot())


def test_the_median_of_days_to_answer_is_computed_by_hand() -> None:
    days = [2, 9, 4, 7]  # sorted: 2, 4, 7, 9 -> (4 + 7) / 2 = 5.5
    questions = [
        ask().respond("x", by=1, at=datetime(2026, 12, 18 + d, 12, tzinfo=UTC)) for d in days[:1]
    ]
    assert median_response_days(questions) == 2.0
    facts = Facts(
        questions=(
            *(
                QuestionFact(date(2026, 1, 1), date(2026, 1, 15), date(2026, 1, 1 + d))
                for d in days
            ),
            QuestionFact(date(2026, 2, 1), date(2026, 2, 13)),  # not answered: left out
        )
    )
    assert questions_median_response_days(facts) == Result(5.5)
    assert questions_answered(facts) == Result(4.0)
    assert questions_median_response_days(Facts()).reason == NOTHING_TO_COUNT
    assert median_response_days([ask()]) is None


def test_the_observatory_counts_guides_and_cuts_questions_at_a_date() -> None:
    facts = Facts(
        guides=(
            GuideFact("fria", "guide", date(2026, 1, 10)),
            GuideFact("ai-literacy", "guide", date(2026, 3, 1)),
            GuideFact("art-6-4-assessment", "template", date(2026, 3, 1)),
        ),
        questions=(
            QuestionFact(date(2026, 2, 1), date(2026, 2, 13), date(2026, 2, 4)),  # 3 days
            QuestionFact(date(2026, 2, 20), date(2026, 3, 6), date(2026, 3, 10)),  # 18 days
        ),
    )
    assert guides_published(facts) == Result(3.0, {"guide": 2.0, "template": 1.0})
    assert guides_published(Facts()) == Result(0.0, {})
    before = facts.as_of(date(2026, 2, 28))
    assert guides_published(before).value == 1.0
    assert questions_answered(before).value == 1.0  # the second is not answered yet on 28 Feb
    assert questions_median_response_days(before).value == 3.0
    assert questions_median_response_days(facts).value == 10.5  # (3 + 18) / 2
    assert facts.filtered(organisation="someone").questions == facts.questions  # national desk
