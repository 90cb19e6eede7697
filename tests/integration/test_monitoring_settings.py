"""An organisation's basis for its requests' deadlines; the provider's notice in its language."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.monitoring.deadlines import RequestBasis
from balise.domain.monitoring.incidents import ReporterRole
from balise.domain.organisations.model import Contact
from balise.domain.shared.errors import PermissionDenied
from balise.domain.shared.i18n import LANGUAGES, Language, LocalizedText, Message
from balise.i18n import translate
from balise.services import monitoring
from monitoring_helpers import death_report, fix_clock, german_request
from register_support import actor_of, create_published

PROVIDER_NUMBER = "0123456749"  # check digits: 97 - (1234567 mod 97) = 49
SUBJECT = Message("Serious incident %(reference)s reported by a deployer", {"reference": "X"})


def test_gdpr_is_the_basis_until_the_organisation_chooses_another(
    container: Container, world: dict[str, Any]
) -> None:
    fix_clock(container)  # Wednesday 2 December 2026
    create_published(container, world, "triage")
    alpha = world["organisations"]["alpha"].id
    editor = actor_of(world, "editor")
    with container.uow() as uow:
        assert monitoring.organisation_request_basis(uow, alpha) is RequestBasis.GDPR
        chosen = monitoring.choose_request_basis(
            uow, actor=editor, organisation_id=alpha, basis=RequestBasis.PUBLICITY_1994
        )
        assert "11 April 1994" in chosen.article
        # choosing it again changes nothing and records nothing more
        monitoring.choose_request_basis(
            uow, actor=editor, organisation_id=alpha, basis=RequestBasis.PUBLICITY_1994
        )
        uow.commit()
    with container.uow() as uow:
        assert monitoring.organisation_request_basis(uow, alpha) is RequestBasis.PUBLICITY_1994
        events = [
            e
            for e in uow.audit_log.history("organisation", str(alpha))
            if e.event_type == "organisation.request_basis_chosen"
        ]
        assert len(events) == 1
        assert events[0].before == {"request_basis": "gdpr"}
        filed = monitoring.file_request(
            uow, actor=Actor(), given=german_request(), system_slug="triage"
        )
        uow.commit()
    # 2 December + 30 days = 1 January 2027, a public holiday: the period ends on Monday 4
    # January (2 and 3 January are a weekend).
    assert filed.request.basis is RequestBasis.PUBLICITY_1994
    assert filed.request.due_on == date(2027, 1, 4)
    assert "1994" in filed.request.article


def test_only_those_who_may_edit_the_organisation_choose(
    container: Container, world: dict[str, Any]
) -> None:
    fix_clock(container)
    alpha = world["organisations"]["alpha"].id
    with container.uow() as uow:
        for name in ("reviewer", "other-editor", "regulator"):
            with pytest.raises(PermissionDenied):
                monitoring.choose_request_basis(
                    uow,
                    actor=actor_of(world, name),
                    organisation_id=alpha,
                    basis=RequestBasis.PUBLICITY_1994,
                )
        monitoring.choose_request_basis(
            uow,
            actor=actor_of(world, "admin"),
            organisation_id=alpha,
            basis=RequestBasis.PUBLICITY_1994,
        )
        assert monitoring.organisation_request_basis(uow, alpha) is RequestBasis.PUBLICITY_1994


def provider_beta(container: Container, world: dict[str, Any], **changes: Any) -> None:
    """Beta, in Balise with its enterprise number and an e-mail address, provides the system."""
    beta = world["organisations"]["beta"]
    with container.uow() as uow:
        uow.organisations.update(
            replace(
                beta,
                enterprise_number=PROVIDER_NUMBER,
                contact=Contact(email="provider@beta.example"),
                **changes,
            ),
            at=container.clock.now(),
        )
        uow.commit()


def deployer_reports(container: Container, world: dict[str, Any]) -> monitoring.Reported:
    record = create_published(
        container,
        world,
        "triage",
        provider_name="Beta",
        provider_in_house=None,
        provider_enterprise_number="BE 0123.456.749",
    )
    with container.uow() as uow:
        reported = monitoring.report_incident(
            uow,
            actor=actor_of(world, "editor"),
            organisation_id=world["organisations"]["alpha"].id,
            reporter_role=ReporterRole.DEPLOYER,
            report=death_report(),
            system_id=record.id,
        )
        uow.commit()
    assert reported.incident.provider_organisation_id == world["organisations"]["beta"].id
    return reported


def test_the_provider_notice_is_in_all_four_languages_when_its_language_is_unknown(
    container: Container, world: dict[str, Any]
) -> None:
    fix_clock(container)
    provider_beta(container, world)  # named in French and Dutch; its editor chose no language
    reported = deployer_reports(container, world)
    [mail] = reported.mails
    assert mail.to == "provider@beta.example"
    reference = reported.incident.reference
    for language in LANGUAGES:
        subject = translate(replace(SUBJECT, params={"reference": reference}), language)
        assert subject in mail.subject
        assert f"[{language.value.upper()}]" in mail.body
    assert "Art 26(5)" in mail.body


def test_the_provider_notice_is_in_the_language_its_people_chose(
    container: Container, world: dict[str, Any]
) -> None:
    fix_clock(container)
    provider_beta(container, world)
    with container.uow() as uow:
        uow.users.update(replace(world["users"]["other-editor"], language=Language.NL))
        uow.commit()
    reported = deployer_reports(container, world)
    [mail] = reported.mails
    params = {"reference": reported.incident.reference}
    assert mail.subject == translate(replace(SUBJECT, params=params), Language.NL)
    assert mail.subject != translate(replace(SUBJECT, params=params), Language.EN)
    assert "[NL]" not in mail.body


def test_the_provider_notice_is_in_the_one_language_of_its_name(
    container: Container, world: dict[str, Any]
) -> None:
    fix_clock(container)
    provider_beta(container, world, name=LocalizedText(de="Beta GmbH"))
    reported = deployer_reports(container, world)
    [mail] = reported.mails
    params = {"reference": reported.incident.reference}
    assert mail.subject == translate(replace(SUBJECT, params=params), Language.DE)
