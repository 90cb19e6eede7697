"""E-mails of monitoring written in one or several languages."""

from __future__ import annotations

from balise.domain.shared.i18n import LANGUAGES, Language, Message
from balise.i18n import translate
from balise.services.monitoring.mail import SECTION_RULE, compose_mail_in

SUBJECT = Message("Serious incident %(reference)s reported by a deployer", {"reference": "INC-1"})
BODY = Message("There is no such request.")


def test_one_language_gives_a_plain_mail() -> None:
    mail = compose_mail_in("p@example.be", (Language.DE,), SUBJECT, BODY)
    assert mail.subject == translate(SUBJECT, Language.DE)
    assert mail.body == translate(BODY, Language.DE)


def test_several_languages_follow_each_other_in_order() -> None:
    mail = compose_mail_in("p@example.be", LANGUAGES, SUBJECT, BODY)
    subjects = [translate(SUBJECT, language) for language in LANGUAGES]
    assert mail.subject == " / ".join(dict.fromkeys(subjects))
    sections = mail.body.split(SECTION_RULE)
    assert [section.splitlines()[0] for section in sections] == ["[FR]", "[NL]", "[DE]", "[EN]"]
    assert sections[0].endswith(translate(BODY, Language.FR))
    assert sections[3].endswith(translate(BODY, Language.EN))
    assert translate(BODY, Language.FR) != translate(BODY, Language.EN)
