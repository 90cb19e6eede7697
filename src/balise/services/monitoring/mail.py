"""E-mails of monitoring, in the reader's language; the entrypoint sends them after commit."""

from __future__ import annotations

from balise.domain.monitoring.requests import CitizenRequest
from balise.domain.organisations.model import Organisation
from balise.domain.shared.i18n import LANGUAGES, N_, Language, Message
from balise.i18n import translate
from balise.services.ports import OutgoingMail, UnitOfWork


def compose_mail(to: str, language: Language, subject: Message, body: Message) -> OutgoingMail:
    return OutgoingMail(to=to, subject=translate(subject, language), body=translate(body, language))


SECTION_RULE = "\n\n" + "-" * 40 + "\n\n"


def compose_mail_in(
    to: str, languages: tuple[Language, ...], subject: Message, body: Message
) -> OutgoingMail:
    """One e-mail in each of `languages`, one after the other, the subjects joined by " / "."""
    if len(languages) == 1:
        return compose_mail(to, languages[0], subject, body)
    subjects = list(dict.fromkeys(translate(subject, language) for language in languages))
    bodies = [f"[{language.value.upper()}]\n{translate(body, language)}" for language in languages]
    return OutgoingMail(to=to, subject=" / ".join(subjects), body=SECTION_RULE.join(bodies))


def organisation_languages(uow: UnitOfWork, organisation: Organisation) -> tuple[Language, ...]:
    """The languages to write to an organisation in, in the order fr, nl, de, en.

    An organisation has no language setting of its own, so its language is known from: the
    languages its active people chose for their accounts; else, when its name is given in one
    language only, that language. When neither tells, all four languages.
    """
    chosen = {
        user.language
        for user in uow.users.list_all()
        if user.organisation_id == organisation.id and user.active and user.language is not None
    }
    if chosen:
        return tuple(language for language in LANGUAGES if language in chosen)
    named = organisation.name.languages()
    if len(named) == 1:
        return named
    return LANGUAGES


def citizen_mail(
    request: CitizenRequest, subject: Message, body: Message, *, base_url: str = ""
) -> list[OutgoingMail]:
    if not request.contact.email:
        return []
    footer = Message(
        N_(
            "Reference: %(reference)s. Keep the secret link you received when you filed the "
            "request to follow it."
        ),
        {"reference": request.reference},
    )
    mail = compose_mail(request.contact.email, request.language, subject, body)
    return [
        OutgoingMail(
            to=mail.to,
            subject=mail.subject,
            body=mail.body + "\n\n" + translate(footer, request.language),
        )
    ]
