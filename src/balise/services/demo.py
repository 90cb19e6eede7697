"""Demonstration data, and the first administrator of an empty installation.

The demo holds Belgian-style organisations, named in the languages they really use (two of them
deliberately lack some translations, to show the fallbacks), and one account per role, all with
the same published password. Everything is created through the service functions, so the audit
log tells the story like it would for real data.
"""

from __future__ import annotations

from dataclasses import dataclass

from balise.domain.accounts.model import Actor, Role, User
from balise.domain.organisations.model import (
    Contact,
    Organisation,
    OrganisationKind,
    Sector,
    SizeClass,
)
from balise.domain.shared.errors import Conflict
from balise.domain.shared.i18n import N_, Language, LocalizedText, Message
from balise.services.accounts import create_first_admin, create_user
from balise.services.organisations import create_organisation
from balise.services.ports import UnitOfWork

DEMO_PASSWORD = "balise-demo-2026"  # noqa: S105 - published on purpose, for the demo only


@dataclass(frozen=True)
class DemoCredential:
    email: str
    password: str
    role: Role
    organisation: str | None
    display_name: str
    language: Language | None


DEMO_ORGANISATIONS: tuple[Organisation, ...] = (
    Organisation(
        slug="fod-bosa",
        name=LocalizedText(
            fr="SPF Stratégie et Appui",
            nl="FOD Beleid en Ondersteuning",
            de="FÖD Politik und Unterstützung",
            en="FPS Policy and Support",
        ),
        kind=OrganisationKind.PUBLIC_BODY,
        size_class=SizeClass.LARGE,
        sector=Sector.PUBLIC_ADMINISTRATION,
        enterprise_number="0671.516.647",
        contact=Contact(
            website="https://bosa.belgium.be", address="Simon Bolivarlaan 30, 1000 Brussel"
        ),
    ),
    Organisation(
        slug="stad-leiebrugge",
        name=LocalizedText(nl="Stad Leiebrugge", en="City of Leiebrugge"),
        kind=OrganisationKind.PUBLIC_BODY,
        size_class=SizeClass.LARGE,
        sector=Sector.PUBLIC_ADMINISTRATION,
        enterprise_number="0207.451.227",
        contact=Contact(email="digitaal@leiebrugge.example", phone="+32 9 210 10 10"),
    ),
    Organisation(
        slug="chu-val-de-meuse",
        name=LocalizedText(fr="Centre hospitalier universitaire du Val-de-Meuse"),
        kind=OrganisationKind.PUBLIC_BODY,
        size_class=SizeClass.LARGE,
        sector=Sector.HEALTH,
        enterprise_number="0256.812.448",
        contact=Contact(address="Rue de l'Hôpital 1, 5000 Namur"),
    ),
    Organisation(
        slug="banque-brabantine",
        name=LocalizedText(
            fr="Banque Brabantine",
            nl="Brabantse Bank",
            de="Brabanter Bank",
            en="Brabant Bank",
        ),
        kind=OrganisationKind.COMPANY,
        size_class=SizeClass.LARGE,
        sector=Sector.FINANCE,
        enterprise_number="0403.512.773",
        contact=Contact(website="https://brabantbank.example"),
    ),
    Organisation(
        slug="talentmatch",
        name=LocalizedText(fr="TalentMatch", nl="TalentMatch", en="TalentMatch"),
        kind=OrganisationKind.COMPANY,
        size_class=SizeClass.SMALL,
        sector=Sector.EMPLOYMENT,
        enterprise_number="0786.123.434",
        contact=Contact(email="hello@talentmatch.example", address="Rue Royale 12, 1000 Bruxelles"),
    ),
)


def _credential(
    local_part: str,
    display_name: str,
    role: Role,
    organisation: str | None = None,
    language: Language | None = None,
) -> DemoCredential:
    return DemoCredential(
        email=f"{local_part}@demo.balise.be",
        password=DEMO_PASSWORD,
        role=role,
        organisation=organisation,
        display_name=display_name,
        language=language,
    )


DEMO_ADMIN = _credential("admin", "Sam Peeters", Role.ADMIN, language=Language.NL)
DEMO_CREDENTIALS: tuple[DemoCredential, ...] = (
    DEMO_ADMIN,
    _credential("regulator", "Nathalie Lambert", Role.REGULATOR, language=Language.FR),
    _credential("editor.bosa", "Pieter Janssens", Role.EDITOR, "fod-bosa", Language.NL),
    _credential("reviewer.bosa", "Fatima El Amrani", Role.REVIEWER, "fod-bosa", Language.FR),
    _credential("editor.talentmatch", "Lena Schmitz", Role.EDITOR, "talentmatch", Language.DE),
    _credential("reviewer.talentmatch", "Yusuf Demir", Role.REVIEWER, "talentmatch", Language.EN),
)


def demo_loaded(uow: UnitOfWork) -> bool:
    return uow.users.find_by_email(DEMO_ADMIN.email) is not None


def load_demo(uow: UnitOfWork) -> list[DemoCredential]:
    """Create the demo organisations and accounts; returns nothing when they exist already.

    The demo goes only into a database without accounts, since its passwords are public.
    """
    if demo_loaded(uow):
        return []
    if uow.users.list_all():
        raise Conflict(Message(N_("The demo data goes only into a database without accounts.")))
    admin = create_first_admin(
        uow, user=_user(DEMO_ADMIN, None), password=DEMO_PASSWORD, via="demo"
    )
    actor = Actor(user=admin)
    organisation_ids = {
        created.slug: created.id
        for created in (
            create_organisation(uow, actor=actor, organisation=organisation)
            for organisation in DEMO_ORGANISATIONS
        )
    }
    for credential in DEMO_CREDENTIALS[1:]:
        organisation_id = (
            organisation_ids[credential.organisation] if credential.organisation else None
        )
        create_user(
            uow, actor=actor, user=_user(credential, organisation_id), password=DEMO_PASSWORD
        )
    return list(DEMO_CREDENTIALS)


def _user(credential: DemoCredential, organisation_id: int | None) -> User:
    return User(
        email=credential.email,
        display_name=credential.display_name,
        role=credential.role,
        organisation_id=organisation_id,
        language=credential.language,
    )
