"""Demonstration data, and the first administrator of an empty installation.

The demo holds Belgian-style organisations at every level of government and in the private
sector, named in the languages they really use (some deliberately lack translations, to show the
fallbacks), one account per role, all with the same published password, and about thirty AI
system records in several languages and workflow states. Everything is created through the
service functions (a record is written by an editor, approved and published by someone else), so
the audit log tells the story like it would for real data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from balise.domain.accounts.model import Actor, Role, User
from balise.domain.organisations.model import (
    Contact,
    Level,
    Organisation,
    OrganisationKind,
    Sector,
    SizeClass,
)
from balise.domain.register.model import State
from balise.domain.shared.errors import Conflict
from balise.domain.shared.i18n import N_, Language, LocalizedText, Message
from balise.services.accounts import create_first_admin, create_user
from balise.services.organisations import create_organisation
from balise.services.ports import UnitOfWork
from balise.services.register import (
    Draft,
    approve_system,
    create_system,
    publish_system,
    submit_system,
    update_system,
    withdraw_system,
)

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
        level=Level.FEDERAL,
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
        level=Level.LOCAL,
        size_class=SizeClass.LARGE,
        sector=Sector.PUBLIC_ADMINISTRATION,
        enterprise_number="0207.451.227",
        contact=Contact(email="digitaal@leiebrugge.example", phone="+32 9 210 10 10"),
    ),
    Organisation(
        slug="chu-val-de-meuse",
        name=LocalizedText(fr="Centre hospitalier universitaire du Val-de-Meuse"),
        kind=OrganisationKind.PUBLIC_BODY,
        level=Level.OTHER_PUBLIC,
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
    Organisation(
        slug="werkpunt-vlaanderen",
        name=LocalizedText(nl="Werkpunt Vlaanderen", en="Werkpunt Flanders employment agency"),
        kind=OrganisationKind.PUBLIC_BODY,
        level=Level.REGIONAL,
        size_class=SizeClass.LARGE,
        sector=Sector.EMPLOYMENT,
        enterprise_number="0212.345.668",
        contact=Contact(
            email="algoritmes@werkpunt.example", address="Keizerslaan 11, 1000 Brussel"
        ),
    ),
    Organisation(
        slug="cf-enseignement",
        name=LocalizedText(
            fr="Communauté française — Direction de l'enseignement obligatoire",
            nl="Franse Gemeenschap — Directie leerplichtonderwijs",
        ),
        kind=OrganisationKind.PUBLIC_BODY,
        level=Level.COMMUNITY,
        size_class=SizeClass.LARGE,
        sector=Sector.EDUCATION,
        enterprise_number="0345.678.997",
        contact=Contact(email="numerique@enseignement.example"),
    ),
    Organisation(
        slug="dg-ministerium",
        name=LocalizedText(
            de="Ministerium der Deutschsprachigen Gemeinschaft — Fachbereich Familie und Soziales",
            fr="Ministère de la Communauté germanophone — Département Famille et Affaires sociales",
        ),
        kind=OrganisationKind.PUBLIC_BODY,
        level=Level.COMMUNITY,
        size_class=SizeClass.MEDIUM,
        sector=Sector.SOCIAL_SECURITY,
        enterprise_number="0234.567.873",
        contact=Contact(
            email="digital@dg-ministerium.example", address="Gospertstraße 1, 4700 Eupen"
        ),
    ),
    Organisation(
        slug="provincie-kempenland",
        name=LocalizedText(nl="Provincie Kempenland"),
        kind=OrganisationKind.PUBLIC_BODY,
        level=Level.PROVINCIAL,
        size_class=SizeClass.LARGE,
        sector=Sector.PUBLIC_ADMINISTRATION,
        enterprise_number="0456.789.133",
        contact=Contact(email="data@kempenland.example"),
    ),
    Organisation(
        slug="commune-ronchamps",
        name=LocalizedText(fr="Commune de Ronchamps"),
        kind=OrganisationKind.PUBLIC_BODY,
        level=Level.LOCAL,
        size_class=SizeClass.MEDIUM,
        sector=Sector.PUBLIC_ADMINISTRATION,
        enterprise_number="0222.233.334",
        contact=Contact(
            email="info@ronchamps.example", address="Place communale 1, 5590 Ronchamps"
        ),
    ),
    Organisation(
        slug="cpas-ocmw-ixelbeek",
        name=LocalizedText(fr="CPAS d'Ixelbeek", nl="OCMW Ixelbeek"),
        kind=OrganisationKind.PUBLIC_BODY,
        level=Level.LOCAL,
        size_class=SizeClass.MEDIUM,
        sector=Sector.SOCIAL_SECURITY,
        enterprise_number="0876.543.270",
        contact=Contact(email="contact@cpas-ixelbeek.example"),
    ),
    Organisation(
        slug="zone-police-meuse-condroz",
        name=LocalizedText(fr="Zone de police Meuse-Condroz"),
        kind=OrganisationKind.PUBLIC_BODY,
        level=Level.LOCAL,
        size_class=SizeClass.MEDIUM,
        sector=Sector.POLICE,
        enterprise_number="0444.555.651",
        contact=Contact(email="zp.meuse-condroz@police.example"),
    ),
    Organisation(
        slug="ardense-verzekeringen",
        name=LocalizedText(
            fr="Assurances ardennaises",
            nl="Ardense Verzekeringen",
            de="Ardenner Versicherungen",
        ),
        kind=OrganisationKind.COMPANY,
        size_class=SizeClass.LARGE,
        sector=Sector.INSURANCE,
        enterprise_number="0123.432.104",
        contact=Contact(website="https://ardense.example"),
    ),
    Organisation(
        slug="hulplijn-vzw",
        name=LocalizedText(nl="Hulplijn Eén vzw", fr="Ligne d'écoute Un asbl"),
        kind=OrganisationKind.NON_PROFIT,
        size_class=SizeClass.SMALL,
        sector=Sector.HEALTH,
        enterprise_number="0246.802.444",
        contact=Contact(email="info@hulplijn.example"),
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
    _credential("editor.leiebrugge", "Jonas De Smet", Role.EDITOR, "stad-leiebrugge", Language.NL),
    _credential("editor.chu", "Camille Dubois", Role.EDITOR, "chu-val-de-meuse", Language.FR),
    _credential("editor.brabantine", "Sophie Claes", Role.EDITOR, "banque-brabantine", Language.FR),
    _credential("editor.werkpunt", "Lotte Maes", Role.EDITOR, "werkpunt-vlaanderen", Language.NL),
    _credential(
        "editor.enseignement", "Julien Lefèvre", Role.EDITOR, "cf-enseignement", Language.FR
    ),
    _credential("editor.dg", "Anna Kessler", Role.EDITOR, "dg-ministerium", Language.DE),
    _credential(
        "editor.kempenland", "Wim Peeters", Role.EDITOR, "provincie-kempenland", Language.NL
    ),
    _credential(
        "editor.ronchamps", "Marie Lambotte", Role.EDITOR, "commune-ronchamps", Language.FR
    ),
    _credential("editor.ixelbeek", "Karim Benali", Role.EDITOR, "cpas-ocmw-ixelbeek", Language.FR),
    _credential(
        "editor.police", "Thomas Henrard", Role.EDITOR, "zone-police-meuse-condroz", Language.FR
    ),
    _credential("editor.ardense", "Els Wouters", Role.EDITOR, "ardense-verzekeringen", Language.NL),
    _credential("editor.hulplijn", "Noor Jacobs", Role.EDITOR, "hulplijn-vzw", Language.NL),
)


def demo_loaded(uow: UnitOfWork) -> bool:
    return uow.users.find_by_email(DEMO_ADMIN.email) is not None


def load_demo(uow: UnitOfWork) -> list[DemoCredential]:
    """Create the demo organisations, accounts and AI systems; returns nothing when all exist.

    The demo goes only into a database without accounts, since its passwords are public. Once
    it is there, loading it again only adds what a newer demo has and the database lacks (found
    by organisation address, e-mail address and the systems' own identifiers), never twice.
    """
    admin = uow.users.find_by_email(DEMO_ADMIN.email)
    added = admin is None
    if admin is None:
        if uow.users.list_all():
            raise Conflict(Message(N_("The demo data goes only into a database without accounts.")))
        admin = create_first_admin(
            uow, user=_user(DEMO_ADMIN, None), password=DEMO_PASSWORD, via="demo"
        )
    actor = Actor(user=admin)
    organisation_ids: dict[str, int] = {}
    for organisation in DEMO_ORGANISATIONS:
        found = uow.organisations.find_by_slug(organisation.slug)
        if found is None:
            found = create_organisation(uow, actor=actor, organisation=organisation)
            added = True
        assert found.id is not None
        organisation_ids[found.slug] = found.id
    for credential in DEMO_CREDENTIALS[1:]:
        if uow.users.find_by_email(credential.email) is not None:
            continue
        organisation_id = (
            organisation_ids[credential.organisation] if credential.organisation else None
        )
        create_user(
            uow, actor=actor, user=_user(credential, organisation_id), password=DEMO_PASSWORD
        )
        added = True
    for system in DEMO_SYSTEMS:
        added = _load_system(uow, system, organisation_ids[system.organisation], actor) or added
    return list(DEMO_CREDENTIALS) if added else []


def _member(uow: UnitOfWork, organisation: str, role: Role) -> Actor | None:
    for credential in DEMO_CREDENTIALS:
        if credential.organisation == organisation and credential.role is role:
            user = uow.users.find_by_email(credential.email)
            return Actor(user=user) if user is not None else None
    return None


def _load_system(uow: UnitOfWork, system: DemoSystem, organisation_id: int, admin: Actor) -> bool:
    """One record through the real workflow: written, submitted, approved by another, published."""
    if uow.systems.find_by_source_id(organisation_id, system.source_id) is not None:
        return False
    author = _member(uow, system.organisation, Role.EDITOR) or admin
    reviewer = _member(uow, system.organisation, Role.REVIEWER) or admin
    languages = [language.value for language in system.texts]

    def draft(values: dict[str, Any]) -> Draft:
        return Draft(
            values=values,
            visibility={},
            default_language=system.language.value,
            checked_languages=languages,
        )

    record = create_system(
        uow, actor=author, organisation_id=organisation_id, draft=draft(system.values())
    )
    if system.state is State.DRAFT:
        return True
    submit_system(uow, actor=author, slug=record.slug)
    if system.state is State.IN_REVIEW:
        return True
    approve_system(uow, actor=reviewer, slug=record.slug)
    publish_system(uow, actor=reviewer, slug=record.slug)
    if system.later:
        update_system(
            uow, actor=author, slug=record.slug, draft=draft({**system.values(), **system.later})
        )
        submit_system(uow, actor=author, slug=record.slug)
        approve_system(uow, actor=reviewer, slug=record.slug)
        publish_system(uow, actor=reviewer, slug=record.slug)
    if system.state is State.WITHDRAWN:
        withdraw_system(uow, actor=reviewer, slug=record.slug, reason=system.reason)
    return True


def _user(credential: DemoCredential, organisation_id: int | None) -> User:
    return User(
        email=credential.email,
        display_name=credential.display_name,
        role=credential.role,
        organisation_id=organisation_id,
        language=credential.language,
    )


# The register's demo: about thirty AI systems of the organisations above, in the languages each
# organisation really writes in. The texts are fictional but plausible.

STALE = "2025-09-30"  # a revision date long past: the record shows as out of date
FRESH = "2027-12-31"


@dataclass(frozen=True)
class Texts:
    """The texts every record needs before review, in one language."""

    name: str
    summary: str
    purpose: str
    affected: str
    oversight: str
    objection: str


@dataclass(frozen=True)
class DemoSystem:
    organisation: str
    source_id: str
    language: Language
    texts: dict[Language, Texts]
    fields: dict[str, Any]
    state: State = State.PUBLISHED
    later: dict[str, Any] = field(default_factory=dict)  # changes published as version 2
    reason: str = ""  # why it was withdrawn

    def values(self) -> dict[str, Any]:
        per_field = {
            "name": "name",
            "description_short": "summary",
            "intended_purpose": "purpose",
            "affected_groups": "affected",
            "human_intervention": "oversight",
            "objection_procedure": "objection",
        }
        values: dict[str, Any] = {
            name: {
                language.value: getattr(text, attribute) for language, text in self.texts.items()
            }
            for name, attribute in per_field.items()
        }
        return {**values, "source_id": self.source_id, **self.fields}


NL, FR, DE, EN = Language.NL, Language.FR, Language.DE, Language.EN

DEMO_SYSTEMS: tuple[DemoSystem, ...] = (
    # FPS Policy and Support (federal)
    DemoSystem(
        "fod-bosa",
        "BOSA-AI-001",
        NL,
        {
            NL: Texts(
                "Vragen van burgers over federale diensten beantwoorden",
                "Een chatbot op belgium.be beantwoordt algemene vragen over federale diensten en "
                "verwijst naar de juiste dienst. Hij neemt geen beslissingen.",
                "Burgers snel de weg wijzen naar de juiste federale dienst, formulier of pagina, "
                "dag en nacht.",
                "Iedereen die belgium.be bezoekt, ook mensen die de weg in de administratie "
                "minder goed kennen.",
                "Medewerkers lezen elke week een steekproef van gesprekken na en verbeteren de "
                "antwoorden. De chatbot zegt altijd dat hij een machine is.",
                "Niet tevreden over een antwoord? Gebruik het contactformulier: een medewerker "
                "antwoordt binnen vijf werkdagen.",
            ),
            FR: Texts(
                "Répondre aux questions des citoyens sur les services fédéraux",
                "Un agent conversationnel sur belgium.be répond aux questions générales sur les "
                "services fédéraux et oriente vers le bon service. Il ne prend aucune décision.",
                "Orienter rapidement les citoyens vers le bon service fédéral, le bon formulaire "
                "ou la bonne page, jour et nuit.",
                "Toute personne qui consulte belgium.be, y compris celles qui connaissent mal "
                "l'administration.",
                "Des agents relisent chaque semaine un échantillon de conversations et corrigent "
                "les réponses. L'agent conversationnel dit toujours qu'il est une machine.",
                "Une réponse ne vous satisfait pas ? Utilisez le formulaire de contact : un agent "
                "vous répond dans les cinq jours ouvrables.",
            ),
            DE: Texts(
                "Fragen der Bürger zu föderalen Diensten beantworten",
                "Ein Chatbot auf belgium.be beantwortet allgemeine Fragen zu föderalen Diensten "
                "und verweist an die zuständige Stelle. Er trifft keine Entscheidungen.",
                "Bürgerinnen und Bürger rund um die Uhr schnell zum richtigen föderalen Dienst, "
                "Formular oder zur richtigen Seite führen.",
                "Alle Besucher von belgium.be, auch Menschen, die sich in der Verwaltung wenig "
                "auskennen.",
                "Mitarbeitende lesen jede Woche eine Stichprobe der Gespräche und verbessern die "
                "Antworten. Der Chatbot sagt immer, dass er eine Maschine ist.",
                "Mit einer Antwort nicht zufrieden? Nutzen Sie das Kontaktformular: Ein "
                "Mitarbeiter antwortet innerhalb von fünf Werktagen.",
            ),
            EN: Texts(
                "Answering citizens' questions about federal services",
                "A chatbot on belgium.be answers general questions about federal services and "
                "points to the right department. It makes no decisions.",
                "Guiding citizens quickly to the right federal service, form or page, day and "
                "night.",
                "Everyone who visits belgium.be, including people who find their way around "
                "the administration less easily.",
                "Staff review a sample of conversations every week and correct the answers. The "
                "chatbot always says that it is a machine.",
                "Not satisfied with an answer? Use the contact form: a member of staff replies "
                "within five working days.",
            ),
        },
        {
            "decision_type": "information_only",
            "lifecycle_status": "in_use",
            "risk_category": "transparency_only",
            "system_type": "gpai_system",
            "operator_roles": ["deployer"],
            "oversight_mode": "on_the_loop",
            "contact_email": "ai@bosa.example",
            "explanation_channel": "https://bosa.example/contact",
            "explanation_days": 5,
            "provider_name": "Lumen Language Systems NV",
            "themes": ["public_services"],
            "tags": ["chatbot", "belgium.be", "assistant"],
            "member_states": ["BE"],
            "begin_date": "2025-03-01",
            "revision_date": FRESH,
            "algorithm_type": "self_learning",
            "personal_data": False,
        },
        later={"lifecycle_status": "in_use", "log_retention_months": 6},
    ),
    DemoSystem(
        "fod-bosa",
        "BOSA-AI-002",
        FR,
        {
            FR: Texts(
                "Traduire automatiquement les pages des sites fédéraux",
                "Un outil de traduction automatique propose une première version des pages web "
                "dans les autres langues nationales ; des traducteurs la relisent avant "
                "publication.",
                "Accélérer la publication des pages web fédérales en français, en néerlandais, en "
                "allemand et en anglais.",
                "Les lecteurs des sites fédéraux ; les traducteurs qui relisent les textes.",
                "Aucune page n'est publiée sans la relecture d'un traducteur, qui peut tout "
                "modifier.",
                "Signalez une erreur de traduction via le lien en bas de chaque page.",
            ),
            NL: Texts(
                "Pagina's van federale websites automatisch vertalen",
                "Een vertaalprogramma maakt een eerste versie van webpagina's in de andere "
                "landstalen; vertalers lezen die na voor publicatie.",
                "Federale webpagina's sneller publiceren in het Nederlands, Frans, Duits en "
                "Engels.",
                "Lezers van federale websites; de vertalers die de teksten nalezen.",
                "Geen enkele pagina verschijnt zonder nalezing door een vertaler, die alles kan "
                "aanpassen.",
                "Meld een vertaalfout via de link onderaan elke pagina.",
            ),
        },
        {
            "decision_type": "information_only",
            "lifecycle_status": "in_use",
            "risk_category": "minimal",
            "oversight_mode": "in_the_loop",
            "contact_email": "traduction@bosa.example",
            "explanation_channel": "traduction@bosa.example",
            "provider_in_house": True,
            "provider_name": "SPF Stratégie et Appui",
            "themes": ["public_services"],
            "tags": ["traduction", "vertaling", "langues"],
            "revision_date": FRESH,
        },
    ),
    DemoSystem(
        "fod-bosa",
        "BOSA-AI-003",
        NL,
        {
            NL: Texts(
                "Dubbele facturen opsporen",
                "Het systeem vergelijkt inkomende facturen en signaleert mogelijke dubbele "
                "betalingen aan de boekhouding.",
                "Vermijden dat de FOD dezelfde factuur twee keer betaalt.",
                "Leveranciers van de FOD.",
                "Een boekhouder controleert elke melding voor er iets wordt tegengehouden.",
                "Leveranciers kunnen een tegengehouden betaling aanvechten bij de dienst "
                "boekhouding.",
            ),
        },
        {
            "decision_type": "decision_support",
            "lifecycle_status": "development",
            "oversight_mode": "in_the_loop",
            "contact_email": "boekhouding@bosa.example",
            "explanation_channel": "boekhouding@bosa.example",
            "contact_name": "Ine Vermeulen",
            "themes": ["finance"],
        },
        state=State.IN_REVIEW,
    ),
    # City of Leiebrugge (local)
    DemoSystem(
        "stad-leiebrugge",
        "LB-2024-07",
        NL,
        {
            NL: Texts(
                "Parkeerdruk in de binnenstad voorspellen",
                "Het model voorspelt per straat hoe vol de parkeerplaatsen zullen staan, zodat "
                "de stad het parkeerbeleid en de bewegwijzering kan bijsturen.",
                "Parkeerplanning en dynamische bewegwijzering naar vrije parkings.",
                "Bestuurders en bewoners van de binnenstad; er worden geen personen gevolgd.",
                "De mobiliteitsdienst beslist zelf over elke maatregel; het model geeft alleen "
                "voorspellingen.",
                "Vragen of opmerkingen? Mail de mobiliteitsdienst.",
            ),
        },
        {
            "decision_type": "information_only",
            "lifecycle_status": "in_use",
            "risk_category": "minimal",
            "oversight_mode": "in_command",
            "contact_email": "mobiliteit@leiebrugge.example",
            "explanation_channel": "mobiliteit@leiebrugge.example",
            "themes": ["mobility"],
            "tags": ["parkeren", "verkeer", "mobiliteit"],
            "personal_data": False,
            "algorithm_type": "self_learning",
            "data_summary": {
                "nl": "Bezettingsgraad van parkings en parkeerautomaten, kalender en weerbericht."
            },
            "revision_date": FRESH,
            "geographic_area": "Leiebrugge",
        },
    ),
    DemoSystem(
        "stad-leiebrugge",
        "LB-2023-02",
        NL,
        {
            NL: Texts(
                "Plaatsen in de kinderopvang toewijzen",
                "Een rekenregel rangschikt aanvragen voor een plaats in de stedelijke "
                "kinderopvang volgens voorrangsregels. Een medewerker bevestigt elke toewijzing.",
                "Plaatsen eerlijk en volgens de voorrangsregels van het reglement toewijzen.",
                "Ouders die een plaats aanvragen, in het bijzonder alleenstaande en werkzoekende "
                "ouders, die voorrang krijgen.",
                "Een medewerker van het loket kinderopvang controleert de rangschikking en "
                "bevestigt elke toewijzing.",
                "Binnen dertig dagen bezwaar indienen bij het college van burgemeester en "
                "schepenen, met het formulier op de website.",
            ),
            EN: Texts(
                "Allocating places in childcare",
                "A rule ranks applications for a place in the city's childcare according to "
                "priority rules. A member of staff confirms each allocation.",
                "Allocating places fairly and according to the priority rules of the regulation.",
                "Parents applying for a place, in particular single parents and job seekers, "
                "who have priority.",
                "A member of the childcare desk checks the ranking and confirms each allocation.",
                "Object within thirty days to the mayor and aldermen, using the form on the "
                "website.",
            ),
        },
        {
            "decision_type": "decision_support",
            "lifecycle_status": "in_use",
            "risk_category": "high_risk",
            "annex_iii_point": "5(a)",
            "operator_roles": ["provider", "deployer"],
            "provider_in_house": True,
            "provider_name": "Stad Leiebrugge",
            "oversight_mode": "in_the_loop",
            "contact_email": "kinderopvang@leiebrugge.example",
            "explanation_channel": "https://leiebrugge.example/kinderopvang/uitleg",
            "explanation_days": 15,
            "themes": ["social_security", "education"],
            "tags": ["kinderopvang", "voorrang", "crèche"],
            "personal_data": True,
            "algorithm_type": "rule_based",
            "lawful_basis": {"nl": "Huishoudelijk reglement kinderopvang, artikel 12."},
            "revision_date": FRESH,
        },
        later={
            "lawful_basis": {"nl": "Huishoudelijk reglement kinderopvang (2025), artikel 12."},
            "assessments_summary": {
                "nl": "Grondrechteneffectbeoordeling in 2025: geen onevenredige benadeling "
                "gevonden; de weging van werkloosheid werd verlaagd."
            },
        },
    ),
    DemoSystem(
        "stad-leiebrugge",
        "LB-2022-11",
        NL,
        {
            NL: Texts(
                "Meldingen over de openbare ruimte doorsturen",
                "Het systeem leest meldingen van burgers (zwerfvuil, kapotte verlichting, "
                "putten) en stuurt ze naar de bevoegde dienst.",
                "Meldingen sneller bij de juiste ploeg krijgen.",
                "Burgers die een melding doen.",
                "Een medewerker van het meldpunt kijkt elke melding na die het systeem niet "
                "zeker kan toewijzen.",
                "Verkeerd doorgestuurd? Antwoord op de ontvangstbevestiging.",
            ),
        },
        {
            "decision_type": "decision_support",
            "lifecycle_status": "in_use",
            "risk_category": "minimal",
            "oversight_mode": "on_the_loop",
            "contact_email": "meldpunt@leiebrugge.example",
            "explanation_channel": "meldpunt@leiebrugge.example",
            "themes": ["public_services"],
            "tags": ["meldingen", "zwerfvuil", "openbare ruimte"],
            "revision_date": STALE,
            "revision_note": {"nl": "Nagaan of de indeling in categorieën nog klopt."},
        },
    ),
    DemoSystem(
        "stad-leiebrugge",
        "LB-2026-01",
        NL,
        {
            NL: Texts(
                "Ophaalrondes voor afval plannen",
                "Een planningsprogramma stelt de volgorde van de ophaalrondes voor op basis van "
                "de vulgraad van ondergrondse containers.",
                "Minder kilometers rijden en overvolle containers vermijden.",
                "Bewoners van de wijken met ondergrondse containers.",
                "De ploegbaas past de voorgestelde rondes aan waar nodig.",
                "Een overvolle container? Meld het via het meldpunt.",
            ),
        },
        {
            "decision_type": "information_only",
            "lifecycle_status": "planned",
            "oversight_mode": "in_command",
            "contact_email": "afval@leiebrugge.example",
            "explanation_channel": "meldpunt@leiebrugge.example",
        },
        state=State.DRAFT,
    ),
    # CHU du Val-de-Meuse (public hospital)
    DemoSystem(
        "chu-val-de-meuse",
        "CHU-IA-01",
        FR,
        {
            FR: Texts(
                "Aide à la lecture des radiographies du thorax",
                "Un logiciel signale au radiologue les zones suspectes sur les radiographies du "
                "thorax. Le radiologue pose seul le diagnostic.",
                "Réduire le risque de ne pas voir un nodule ou un pneumothorax, surtout la nuit.",
                "Les patients passant une radiographie du thorax aux urgences ou en "
                "hospitalisation.",
                "Le radiologue lit toujours l'image complète ; les signalements du logiciel sont "
                "une seconde lecture.",
                "Adressez-vous au service de médiation de l'hôpital, qui répond dans les quinze "
                "jours.",
            ),
        },
        {
            "decision_type": "decision_support",
            "lifecycle_status": "in_use",
            "risk_category": "high_risk",
            "operator_roles": ["deployer"],
            "provider_name": "Radiant Vision SAS",
            "trade_name": "ThoraxAlert",
            "system_reference": "ThoraxAlert 4.2",
            "conformity": "Dispositif médical de classe IIa, marquage CE.",
            "oversight_mode": "in_the_loop",
            "contact_email": "dpo@chu-valdemeuse.example",
            "explanation_channel": "mediation@chu-valdemeuse.example",
            "themes": ["health"],
            "tags": ["radiologie", "imagerie", "thorax"],
            "personal_data": True,
            "member_states": ["BE", "FR"],
            "revision_date": FRESH,
        },
    ),
    DemoSystem(
        "chu-val-de-meuse",
        "CHU-IA-02",
        FR,
        {
            FR: Texts(
                "Prévoir l'occupation des lits",
                "Un modèle prévoit pour les sept jours à venir le nombre de lits occupés par "
                "service, pour mieux planifier les admissions et le personnel.",
                "Planifier les admissions programmées et les équipes soignantes.",
                "Les patients hospitalisés et le personnel soignant, indirectement.",
                "La cellule de gestion des lits décide ; le modèle n'est qu'une prévision.",
                "Questions : écrivez à la direction des soins.",
            ),
        },
        {
            "decision_type": "information_only",
            "lifecycle_status": "pilot",
            "risk_category": "minimal",
            "oversight_mode": "in_command",
            "contact_email": "direction.soins@chu-valdemeuse.example",
            "explanation_channel": "direction.soins@chu-valdemeuse.example",
            "themes": ["health"],
            "tags": ["lits", "planification"],
            "personal_data": False,
            "revision_date": FRESH,
        },
    ),
    DemoSystem(
        "chu-val-de-meuse",
        "CHU-IA-03",
        FR,
        {
            FR: Texts(
                "Transcrire les consultations",
                "Un outil transcrit la consultation et propose un résumé au médecin.",
                "Réduire le temps passé à rédiger les rapports de consultation.",
                "Les patients en consultation, s'ils y consentent.",
                "Le médecin relit et corrige chaque résumé avant de le valider.",
                "Le patient peut refuser l'enregistrement à tout moment.",
            ),
        },
        {
            "decision_type": "information_only",
            "lifecycle_status": "planned",
            "oversight_mode": "in_the_loop",
            "contact_email": "dpo@chu-valdemeuse.example",
            "explanation_channel": "dpo@chu-valdemeuse.example",
        },
        state=State.DRAFT,
    ),
    # Banque Brabantine (bank)
    DemoSystem(
        "banque-brabantine",
        "BB-MDL-017",
        FR,
        {
            FR: Texts(
                "Évaluer la solvabilité pour les crédits à la consommation",
                "Un modèle estime le risque qu'un emprunteur ne rembourse pas un crédit à la "
                "consommation. Un conseiller prend la décision finale.",
                "Évaluer la capacité de remboursement des demandeurs de crédit, comme la loi "
                "l'exige.",
                "Les personnes qui demandent un crédit à la consommation.",
                "Un conseiller crédit examine chaque dossier refusé ou à la limite et peut "
                "s'écarter du score en motivant sa décision.",
                "Demandez le réexamen de votre dossier par un autre conseiller, puis adressez-"
                "vous au service des plaintes et à l'Ombudsfin.",
            ),
            NL: Texts(
                "Kredietwaardigheid beoordelen voor consumentenkredieten",
                "Een model schat het risico dat een kredietnemer een consumentenkrediet niet "
                "terugbetaalt. Een adviseur neemt de eindbeslissing.",
                "De terugbetalingscapaciteit van kredietaanvragers beoordelen, zoals de wet "
                "vereist.",
                "Wie een consumentenkrediet aanvraagt.",
                "Een kredietadviseur bekijkt elk geweigerd of twijfelachtig dossier en kan "
                "gemotiveerd van de score afwijken.",
                "Vraag een herbeoordeling door een andere adviseur, en wend je daarna tot de "
                "klachtendienst en Ombudsfin.",
            ),
            EN: Texts(
                "Assessing creditworthiness for consumer loans",
                "A model estimates the risk that a borrower will not repay a consumer loan. An "
                "adviser takes the final decision.",
                "Assessing applicants' ability to repay, as the law requires.",
                "People applying for a consumer loan.",
                "A credit adviser reviews every refused or borderline application and may "
                "depart from the score, giving reasons.",
                "Ask for a review by another adviser, then turn to the complaints service and "
                "Ombudsfin.",
            ),
        },
        {
            "decision_type": "decision_support",
            "lifecycle_status": "in_use",
            "risk_category": "high_risk",
            "annex_iii_point": "5(b)",
            "operator_roles": ["provider", "deployer"],
            "provider_in_house": True,
            "provider_name": "Banque Brabantine",
            "trade_name": "Brabant Credit Score",
            "system_reference": "BCS 3.1",
            "market_status": "on_market",
            "member_states": ["BE", "LU"],
            "oversight_mode": "in_the_loop",
            "contact_email": "ai-governance@brabantbank.example",
            "explanation_channel": "https://brabantbank.example/explication-credit",
            "explanation_days": 30,
            "themes": ["finance"],
            "tags": ["crédit", "krediet", "scoring"],
            "personal_data": True,
            "algorithm_type": "self_learning",
            "known_biases": {
                "fr": "Les jeunes sans historique de crédit sont moins bien notés.",
                "nl": "Jongeren zonder kredietverleden krijgen een lagere score.",
                "en": "Young people without a credit history score lower.",
            },
            "revision_date": FRESH,
        },
        later={
            "system_reference": "BCS 3.2",
            "bias_mitigation": {
                "fr": "Depuis la version 3.2, les revenus stables remplacent l'historique de "
                "crédit pour les moins de 25 ans.",
                "nl": "Sinds versie 3.2 vervangt een stabiel inkomen het kredietverleden voor "
                "wie jonger is dan 25.",
                "en": "Since version 3.2, a stable income replaces the credit history for people "
                "under 25.",
            },
        },
    ),
    DemoSystem(
        "banque-brabantine",
        "BB-MDL-022",
        NL,
        {
            NL: Texts(
                "Fraude met betaalkaarten opsporen",
                "Een model beoordeelt elke kaartbetaling en blokkeert verdachte betalingen "
                "tijdelijk tot de klant ze bevestigt.",
                "Klanten beschermen tegen misbruik van hun kaart.",
                "Houders van een betaalkaart van de bank.",
                "Het fraudeteam bekijkt geblokkeerde betalingen; de klant kan een betaling "
                "meteen bevestigen in de app.",
                "Bel de kaartendienst om een blokkering op te heffen of aan te vechten.",
            ),
            FR: Texts(
                "Détecter la fraude aux cartes de paiement",
                "Un modèle évalue chaque paiement par carte et bloque temporairement les "
                "paiements suspects jusqu'à ce que le client les confirme.",
                "Protéger les clients contre l'usage frauduleux de leur carte.",
                "Les titulaires d'une carte de paiement de la banque.",
                "L'équipe antifraude examine les paiements bloqués ; le client peut confirmer un "
                "paiement immédiatement dans l'application.",
                "Appelez le service cartes pour lever ou contester un blocage.",
            ),
        },
        {
            "decision_type": "fully_automated",
            "lifecycle_status": "in_use",
            "risk_category": "minimal",
            "operator_roles": ["provider", "deployer"],
            "non_high_risk_justification": {
                "nl": "Fraudeopsporing valt uitdrukkelijk buiten bijlage III, punt 5(b).",
                "fr": "La détection de la fraude est expressément exclue de l'annexe III, "
                "point 5, b).",
            },
            "oversight_mode": "on_the_loop",
            "contact_email": "ai-governance@brabantbank.example",
            "explanation_channel": "https://brabantbank.example/kaarten",
            "themes": ["finance"],
            "tags": ["fraude", "kaart", "betaling"],
            "personal_data": True,
            "revision_date": FRESH,
            "rollback": {
                "nl": "Ja: een bevestigde betaling wordt meteen uitgevoerd.",
                "fr": "Oui : un paiement confirmé est exécuté aussitôt.",
            },
        },
    ),
    DemoSystem(
        "banque-brabantine",
        "BB-MDL-031",
        EN,
        {
            EN: Texts(
                "Answering customers in the banking app",
                "A virtual assistant in the app answers everyday questions about accounts and "
                "cards, and hands over to a person on request.",
                "Answering simple questions at any hour and shortening queues at the call centre.",
                "The bank's customers using the app.",
                "A person takes over whenever the customer asks or the assistant is unsure.",
                "Type 'human' at any time, or contact the complaints service.",
            ),
            FR: Texts(
                "Répondre aux clients dans l'application bancaire",
                "Un assistant virtuel répond dans l'application aux questions courantes sur les "
                "comptes et les cartes, et passe la main à une personne sur demande.",
                "Répondre aux questions simples à toute heure et désengorger le centre d'appels.",
                "Les clients de la banque qui utilisent l'application.",
                "Une personne prend le relais dès que le client le demande ou que l'assistant "
                "n'est pas sûr.",
                "Tapez « humain » à tout moment, ou contactez le service des plaintes.",
            ),
            NL: Texts(
                "Klanten antwoorden in de bankapp",
                "Een virtuele assistent in de app beantwoordt dagelijkse vragen over rekeningen "
                "en kaarten en geeft op vraag door aan een medewerker.",
                "Eenvoudige vragen op elk uur beantwoorden en de wachtrijen in het callcenter "
                "inkorten.",
                "Klanten van de bank die de app gebruiken.",
                "Een medewerker neemt over zodra de klant erom vraagt of de assistent twijfelt.",
                "Typ op elk moment 'medewerker', of neem contact op met de klachtendienst.",
            ),
        },
        {
            "decision_type": "information_only",
            "lifecycle_status": "in_use",
            "risk_category": "transparency_only",
            "system_type": "gpai_system",
            "operator_roles": ["deployer"],
            "oversight_mode": "on_the_loop",
            "contact_email": "ai-governance@brabantbank.example",
            "explanation_channel": "https://brabantbank.example/help",
            "themes": ["finance"],
            "tags": ["chatbot", "assistant", "app"],
            "revision_date": FRESH,
        },
    ),
    # TalentMatch, a small company
    DemoSystem(
        "talentmatch",
        "TM-RANK",
        EN,
        {
            EN: Texts(
                "Ranking job applications",
                "TalentMatch compares CVs with a vacancy and suggests an order in which "
                "recruiters read them. Recruiters decide whom to invite.",
                "Helping recruiters of client companies to handle large numbers of applications.",
                "Job seekers applying through client companies; people with atypical careers "
                "may be ranked lower.",
                "Recruiters see the reasons for each suggestion and must open every application "
                "before rejecting it.",
                "Ask the employer for a review by a person; we answer requests sent to us within "
                "fifteen days.",
            ),
            FR: Texts(
                "Classer les candidatures",
                "TalentMatch compare les CV à une offre d'emploi et suggère un ordre de lecture "
                "aux recruteurs. Les recruteurs décident qui inviter.",
                "Aider les recruteurs des entreprises clientes à traiter de nombreuses "
                "candidatures.",
                "Les candidats qui postulent auprès d'entreprises clientes ; les parcours "
                "atypiques peuvent être moins bien classés.",
                "Les recruteurs voient les raisons de chaque suggestion et doivent ouvrir chaque "
                "candidature avant de la rejeter.",
                "Demandez à l'employeur un réexamen par une personne ; nous répondons aux "
                "demandes qui nous sont adressées dans les quinze jours.",
            ),
        },
        {
            "decision_type": "decision_support",
            "lifecycle_status": "in_use",
            "risk_category": "high_risk",
            "annex_iii_point": "4(a)",
            "operator_roles": ["provider"],
            "provider_in_house": True,
            "provider_name": "TalentMatch SRL",
            "provider_address": "Rue Royale 12, 1000 Bruxelles",
            "trade_name": "TalentMatch Rank",
            "system_reference": "Rank 2.0",
            "market_status": "on_market",
            "member_states": ["BE", "NL", "LU"],
            "conformity": "Internal control (Annex VI); EU declaration of conformity of "
            "12 March 2026.",
            "instructions_for_use_url": "https://talentmatch.example/docs/rank",
            "data_summary": {
                "en": "CV text, the vacancy and past hiring outcomes of the client; no photos, "
                "age or nationality.",
            },
            "oversight_mode": "in_the_loop",
            "contact_email": "compliance@talentmatch.example",
            "explanation_channel": "compliance@talentmatch.example",
            "explanation_days": 15,
            "themes": ["employment"],
            "tags": ["recruitment", "CV", "ranking"],
            "personal_data": True,
            "algorithm_type": "self_learning",
            "website": "https://talentmatch.example/transparency",
            "revision_date": FRESH,
        },
        later={
            "system_reference": "Rank 2.1",
            "risks_summary": {
                "en": "Gaps in a CV no longer lower the ranking since version 2.1.",
                "fr": "Depuis la version 2.1, les interruptions de carrière ne pénalisent plus "
                "le classement.",
            },
        },
    ),
    DemoSystem(
        "talentmatch",
        "TM-WRITE",
        EN,
        {
            EN: Texts(
                "Drafting job advertisements",
                "A writing assistant based on a general-purpose language model drafts job "
                "advertisements from a few keywords.",
                "Saving recruiters time and avoiding wording that excludes some candidates.",
                "Recruiters; indirectly, readers of the advertisements.",
                "The recruiter edits and approves every advertisement before it is published.",
                "Contact us to report a biased or misleading advertisement.",
            ),
        },
        {
            "decision_type": "information_only",
            "lifecycle_status": "pilot",
            "risk_category": "gpai",
            "system_type": "gpai_system",
            "operator_roles": ["provider"],
            "oversight_mode": "in_the_loop",
            "contact_email": "compliance@talentmatch.example",
            "explanation_channel": "compliance@talentmatch.example",
            "themes": ["employment"],
            "tags": ["writing", "job ads"],
            "revision_date": FRESH,
        },
    ),
    # Werkpunt Vlaanderen (regional employment agency)
    DemoSystem(
        "werkpunt-vlaanderen",
        "WP-MATCH",
        NL,
        {
            NL: Texts(
                "Werkzoekenden en vacatures op elkaar afstemmen",
                "Het systeem stelt werkzoekenden vacatures voor die passen bij hun competenties, "
                "en bemiddelaars kandidaten voor een vacature.",
                "Werkzoekenden sneller aan passend werk helpen.",
                "Ingeschreven werkzoekenden en werkgevers die een vacature plaatsen.",
                "Bemiddelaars bespreken de voorstellen met de werkzoekende; een voorstel is "
                "nooit een verplichting.",
                "Niet eens met een voorstel? Bespreek het met je bemiddelaar of dien een klacht "
                "in bij de klachtendienst.",
            ),
            EN: Texts(
                "Matching job seekers and vacancies",
                "The system suggests vacancies that fit job seekers' skills, and candidates for "
                "a vacancy to employment counsellors.",
                "Helping job seekers find suitable work sooner.",
                "Registered job seekers and employers who post a vacancy.",
                "Counsellors discuss the suggestions with the job seeker; a suggestion is never "
                "an obligation.",
                "Disagree with a suggestion? Talk to your counsellor or file a complaint with "
                "the complaints service.",
            ),
        },
        {
            "decision_type": "decision_support",
            "lifecycle_status": "in_use",
            "risk_category": "high_risk",
            "annex_iii_point": "4(a)",
            "operator_roles": ["provider", "deployer"],
            "provider_in_house": True,
            "provider_name": "Werkpunt Vlaanderen",
            "oversight_mode": "in_the_loop",
            "contact_email": "algoritmes@werkpunt.example",
            "explanation_channel": "https://werkpunt.example/uitleg",
            "explanation_days": 30,
            "themes": ["employment"],
            "tags": ["vacatures", "matching", "competenties"],
            "personal_data": True,
            "connected_registries": "Kruispuntbank van de Sociale Zekerheid",
            "revision_date": FRESH,
        },
    ),
    DemoSystem(
        "werkpunt-vlaanderen",
        "WP-PROFIEL",
        NL,
        {
            NL: Texts(
                "Kans op langdurige werkloosheid inschatten",
                "Een model schatte bij inschrijving de kans in dat iemand langer dan een jaar "
                "werkloos blijft, om de begeleiding te plannen.",
                "Intensieve begeleiding eerst aanbieden aan wie ze het meest nodig heeft.",
                "Nieuw ingeschreven werkzoekenden, onder wie oudere werkzoekenden en mensen met "
                "een migratieachtergrond.",
                "De bemiddelaar besliste over de begeleiding en kon de inschatting negeren.",
                "Vragen over een vroegere inschatting? Neem contact op met de klachtendienst.",
            ),
        },
        {
            "decision_type": "decision_support",
            "lifecycle_status": "retired",
            "risk_category": "high_risk",
            "annex_iii_point": "5(a)",
            "operator_roles": ["provider", "deployer"],
            "oversight_mode": "in_the_loop",
            "contact_email": "algoritmes@werkpunt.example",
            "explanation_channel": "klachten@werkpunt.example",
            "themes": ["employment", "social_security"],
            "tags": ["profilering", "werkloosheid"],
            "begin_date": "2021-01-04",
            "end_date": "2025-06-30",
            "end_reason": {
                "nl": "Een audit toonde dat het model oudere werkzoekenden systematisch een "
                "lagere kans gaf, zonder dat de begeleiding daardoor verbeterde."
            },
            "revision_date": FRESH,
        },
        state=State.WITHDRAWN,
        reason="Stopgezet na een audit: het model benadeelde oudere werkzoekenden.",
    ),
    # Communauté française (community, education)
    DemoSystem(
        "cf-enseignement",
        "CF-INSCR-1S",
        FR,
        {
            FR: Texts(
                "Attribuer les places en première année du secondaire",
                "Quand une école reçoit plus de demandes que de places, un algorithme classe les "
                "élèves selon les critères du décret inscriptions.",
                "Appliquer les critères légaux de priorité de façon identique pour tous.",
                "Les élèves qui entrent en première secondaire et leurs parents.",
                "Le classement est automatique ; la commission inter-réseaux traite les "
                "situations particulières.",
                "Introduisez un recours auprès de la commission inter-réseaux des inscriptions "
                "dans les quinze jours.",
            ),
            NL: Texts(
                "Plaatsen toewijzen in het eerste jaar secundair onderwijs",
                "Als een school meer aanvragen dan plaatsen krijgt, rangschikt een algoritme de "
                "leerlingen volgens de criteria van het inschrijvingsdecreet.",
                "De wettelijke voorrangscriteria voor iedereen op dezelfde manier toepassen.",
                "Leerlingen die naar het eerste jaar secundair gaan en hun ouders.",
                "De rangschikking is automatisch; de commissie inter-réseaux behandelt "
                "bijzondere situaties.",
                "Dien binnen vijftien dagen beroep in bij de commission inter-réseaux des "
                "inscriptions.",
            ),
        },
        {
            "decision_type": "fully_automated",
            "lifecycle_status": "in_use",
            "risk_category": "out_of_scope",
            "system_type": "non_ai_algorithm",
            "algorithm_type": "rule_based",
            "oversight_mode": "in_command",
            "contact_email": "inscriptions@enseignement.example",
            "explanation_channel": "https://enseignement.example/inscriptions",
            "themes": ["education"],
            "tags": ["inscription", "école", "secondaire"],
            "lawful_basis": {"fr": "Décret du 18 mars 2010 relatif aux inscriptions."},
            "lawful_basis_url": "https://www.gallilex.cfwb.be/",
            "decision_notice": {
                "fr": "Votre place a été attribuée par un traitement automatisé selon les "
                "critères du décret ; vous pouvez en demander les règles et leur application "
                "à votre cas."
            },
            "revision_date": FRESH,
        },
    ),
    DemoSystem(
        "cf-enseignement",
        "CF-DECROCHAGE",
        FR,
        {
            FR: Texts(
                "Repérer les risques de décrochage scolaire",
                "Un modèle signale aux centres PMS les élèves dont l'absentéisme et les "
                "résultats laissent craindre un décrochage.",
                "Proposer plus tôt un accompagnement aux élèves en difficulté.",
                "Les élèves du secondaire des écoles pilotes, souvent mineurs.",
                "Un agent PMS examine chaque signalement et décide s'il contacte l'élève ; aucun "
                "signalement ne figure au dossier scolaire.",
                "Les parents peuvent s'opposer au traitement auprès de la direction de l'école.",
            ),
        },
        {
            "decision_type": "decision_support",
            "lifecycle_status": "pilot",
            "risk_category": "high_risk",
            "annex_iii_point": "3(b)",
            "operator_roles": ["deployer"],
            "provider_name": "EduSignal ASBL",
            "oversight_mode": "in_the_loop",
            "contact_email": "numerique@enseignement.example",
            "explanation_channel": "numerique@enseignement.example",
            "themes": ["education"],
            "tags": ["décrochage", "absentéisme", "élèves"],
            "personal_data": True,
            "revision_date": STALE,
            "revision_note": {"fr": "Évaluer le projet pilote avant toute généralisation."},
        },
    ),
    # Deutschsprachige Gemeinschaft (community)
    DemoSystem(
        "dg-ministerium",
        "DG-FAM-01",
        DE,
        {
            DE: Texts(
                "Anträge auf Familienleistungen vorprüfen",
                "Ein System prüft eingehende Anträge auf Familienzulagen auf Vollständigkeit und "
                "schlägt die zutreffende Zulage vor. Eine Sachbearbeiterin entscheidet.",
                "Anträge schneller und einheitlich bearbeiten.",
                "Familien in der Deutschsprachigen Gemeinschaft, die Familienleistungen "
                "beantragen.",
                "Jeder Vorschlag wird von einer Sachbearbeiterin oder einem Sachbearbeiter "
                "geprüft, bevor ein Bescheid ergeht.",
                "Widerspruch innerhalb von drei Monaten beim Fachbereich Familie; danach Klage "
                "beim Arbeitsgericht Eupen.",
            ),
            FR: Texts(
                "Examiner au préalable les demandes de prestations familiales",
                "Un système vérifie que les demandes d'allocations familiales sont complètes et "
                "propose l'allocation applicable. Un gestionnaire décide.",
                "Traiter les demandes plus vite et de manière uniforme.",
                "Les familles de la Communauté germanophone qui demandent des prestations "
                "familiales.",
                "Chaque proposition est vérifiée par un gestionnaire avant toute décision.",
                "Réclamation dans les trois mois auprès du département Famille ; ensuite recours "
                "devant le tribunal du travail d'Eupen.",
            ),
        },
        {
            "decision_type": "decision_support",
            "lifecycle_status": "in_use",
            "risk_category": "high_risk",
            "annex_iii_point": "5(a)",
            "operator_roles": ["deployer"],
            "provider_name": "Ostbelgien Digital VoG",
            "oversight_mode": "in_the_loop",
            "contact_email": "digital@dg-ministerium.example",
            "explanation_channel": "familie@dg-ministerium.example",
            "explanation_days": 30,
            "eu_database_url": "https://ec.europa.eu/ai-act-database/",
            "assessments_summary": {
                "de": "Grundrechte-Folgenabschätzung 2025: Risiko einer Benachteiligung "
                "getrennt lebender Eltern erkannt; jeder Vorschlag wird deshalb geprüft.",
                "fr": "Analyse d'impact sur les droits fondamentaux (2025) : risque de "
                "désavantager les parents séparés ; chaque proposition est donc vérifiée.",
            },
            "themes": ["social_security"],
            "tags": ["Familienzulagen", "Kindergeld", "allocations familiales"],
            "personal_data": True,
            "connected_registries": "Nationalregister",
            "revision_date": FRESH,
        },
        later={"explanation_days": 20},
    ),
    DemoSystem(
        "dg-ministerium",
        "DG-UEBERS",
        DE,
        {
            DE: Texts(
                "Bürgeranfragen übersetzen",
                "Ein Übersetzungsprogramm hilft den Mitarbeitenden, Anfragen in Französisch oder "
                "Niederländisch zu verstehen und auf Deutsch zu beantworten.",
                "Anfragen in allen Landessprachen zügig beantworten.",
                "Bürgerinnen und Bürger, die sich an das Ministerium wenden.",
                "Die Mitarbeitenden prüfen jede Übersetzung; Bescheide werden nie automatisch "
                "übersetzt.",
                "Bei Missverständnissen wenden Sie sich an den Bürgerdienst.",
            ),
        },
        {
            "decision_type": "information_only",
            "lifecycle_status": "in_use",
            "risk_category": "minimal",
            "oversight_mode": "in_the_loop",
            "contact_email": "digital@dg-ministerium.example",
            "explanation_channel": "buergerdienst@dg-ministerium.example",
            "themes": ["public_services"],
            "tags": ["Übersetzung", "Sprachen"],
            "revision_date": FRESH,
        },
    ),
    # Provincie Kempenland (province)
    DemoSystem(
        "provincie-kempenland",
        "PK-WATER",
        NL,
        {
            NL: Texts(
                "Waterlopen inspecteren met dronebeelden",
                "Beeldherkenning zoekt op dronebeelden naar verstoppingen, oeverschade en "
                "sluikstorten langs onbevaarbare waterlopen.",
                "Overstromingen voorkomen door sneller te ruimen en te herstellen.",
                "Omwonenden; personen op de beelden worden automatisch onherkenbaar gemaakt.",
                "Een waterloopbeheerder bekijkt elke vaststelling ter plaatse voor er gewerkt "
                "wordt.",
                "Vragen over de vluchten of de beelden? Mail de dienst waterlopen.",
            ),
        },
        {
            "decision_type": "information_only",
            "lifecycle_status": "in_use",
            "risk_category": "minimal",
            "oversight_mode": "in_the_loop",
            "contact_email": "waterlopen@kempenland.example",
            "explanation_channel": "waterlopen@kempenland.example",
            "themes": ["environment"],
            "tags": ["drone", "waterlopen", "overstroming"],
            "geographic_area": "Provincie Kempenland",
            "revision_date": FRESH,
        },
    ),
    DemoSystem(
        "provincie-kempenland",
        "PK-SUBSIDIE",
        NL,
        {
            NL: Texts(
                "Subsidieaanvragen voorsorteren",
                "Een taalmodel vat subsidieaanvragen samen en stelt voor welk reglement van "
                "toepassing is.",
                "Dossierbeheerders sneller laten starten met de inhoudelijke beoordeling.",
                "Verenigingen en gemeenten die een provinciale subsidie aanvragen.",
                "De dossierbeheerder leest altijd de volledige aanvraag.",
                "Bezwaar tegen een subsidiebeslissing bij de deputatie, binnen dertig dagen.",
            ),
        },
        {
            "decision_type": "decision_support",
            "lifecycle_status": "development",
            "oversight_mode": "in_the_loop",
            "contact_email": "subsidies@kempenland.example",
            "explanation_channel": "subsidies@kempenland.example",
        },
        state=State.IN_REVIEW,
    ),
    # Commune de Ronchamps (municipality)
    DemoSystem(
        "commune-ronchamps",
        "RON-DEPOTS",
        FR,
        {
            FR: Texts(
                "Repérer les dépôts clandestins sur les images des caméras",
                "Un logiciel repère sur les images de caméras fixes les sacs et encombrants "
                "abandonnés, sans identifier les personnes.",
                "Enlever plus vite les dépôts clandestins aux points sensibles.",
                "Les passants ; les visages et les plaques sont floutés automatiquement.",
                "Un agent constatateur vérifie chaque alerte avant toute intervention ou sanction.",
                "Contestez une sanction administrative auprès du fonctionnaire sanctionnateur "
                "dans les trente jours.",
            ),
        },
        {
            "decision_type": "decision_support",
            "lifecycle_status": "pilot",
            "risk_category": "minimal",
            "oversight_mode": "in_the_loop",
            "contact_email": "environnement@ronchamps.example",
            "explanation_channel": "environnement@ronchamps.example",
            "themes": ["environment", "safety"],
            "tags": ["dépôts clandestins", "caméras", "propreté"],
            "personal_data": True,
            "revision_date": STALE,
            "revision_note": {"fr": "Bilan du projet pilote après un an."},
        },
    ),
    DemoSystem(
        "commune-ronchamps",
        "RON-COURRIER",
        FR,
        {
            FR: Texts(
                "Aider à rédiger les courriers aux habitants",
                "Un assistant de rédaction propose des brouillons de réponses aux courriers des "
                "habitants.",
                "Répondre plus vite et plus clairement aux habitants.",
                "Les habitants qui écrivent à la commune.",
                "Un agent relit, corrige et signe chaque réponse.",
                "Adressez une réclamation au service Population.",
            ),
        },
        {
            "decision_type": "information_only",
            "lifecycle_status": "planned",
            "risk_category": "gpai",
            "system_type": "gpai_system",
            "oversight_mode": "in_the_loop",
            "contact_email": "info@ronchamps.example",
            "explanation_channel": "info@ronchamps.example",
            "themes": ["public_services"],
            "tags": ["courrier", "rédaction"],
            "revision_date": FRESH,
        },
    ),
    # CPAS d'Ixelbeek / OCMW Ixelbeek
    DemoSystem(
        "cpas-ocmw-ixelbeek",
        "IXL-RIS",
        FR,
        {
            FR: Texts(
                "Aider à instruire les demandes de revenu d'intégration",
                "Un outil rassemble les données des sources authentiques et signale les "
                "éléments à vérifier dans une demande de revenu d'intégration.",
                "Instruire les demandes plus vite, sans oublier de droits.",
                "Les personnes qui demandent le revenu d'intégration, souvent en situation de "
                "grande précarité.",
                "L'assistant social mène l'enquête sociale ; le conseil de l'action sociale "
                "décide.",
                "Recours devant le tribunal du travail dans les trois mois de la notification.",
            ),
            NL: Texts(
                "Leefloonaanvragen helpen onderzoeken",
                "Een hulpmiddel verzamelt gegevens uit authentieke bronnen en signaleert wat in "
                "een leefloonaanvraag moet worden nagekeken.",
                "Aanvragen sneller onderzoeken, zonder rechten over het hoofd te zien.",
                "Mensen die een leefloon aanvragen, vaak in grote bestaansonzekerheid.",
                "De maatschappelijk werker voert het sociaal onderzoek; de raad voor "
                "maatschappelijk welzijn beslist.",
                "Beroep bij de arbeidsrechtbank binnen drie maanden na de kennisgeving.",
            ),
        },
        {
            "decision_type": "decision_support",
            "lifecycle_status": "in_use",
            "risk_category": "high_risk",
            "annex_iii_point": "5(a)",
            "operator_roles": ["deployer"],
            "provider_name": "SocialSoft SC",
            "oversight_mode": "in_the_loop",
            "contact_email": "contact@cpas-ixelbeek.example",
            "explanation_channel": "contact@cpas-ixelbeek.example",
            "themes": ["social_security"],
            "tags": ["revenu d'intégration", "leefloon", "CPAS", "OCMW"],
            "personal_data": True,
            "connected_registries": "Banque-Carrefour de la Sécurité sociale / Kruispuntbank",
            "revision_date": STALE,
        },
        later={
            "assessments_summary": {
                "fr": "Analyse d'impact relative à la protection des données réalisée en 2024.",
                "nl": "Gegevensbeschermingseffectbeoordeling uitgevoerd in 2024.",
            },
        },
    ),
    # Zone de police Meuse-Condroz (law enforcement: Annex III point 6)
    DemoSystem(
        "zone-police-meuse-condroz",
        "ZP-VIF",
        FR,
        {
            FR: Texts(
                "Évaluer le risque de nouvelles violences conjugales",
                "Un questionnaire pondéré aide les policiers à estimer le risque qu'une victime "
                "de violences conjugales subisse de nouvelles violences.",
                "Proposer plus vite une protection adaptée aux victimes les plus exposées.",
                "Les victimes de violences conjugales et les auteurs présumés.",
                "Le policier de référence complète l'évaluation avec la victime et décide des "
                "mesures avec le parquet.",
                "Adressez-vous au service de contrôle interne de la zone ou au Comité P.",
            ),
        },
        {
            "decision_type": "decision_support",
            "lifecycle_status": "in_use",
            "risk_category": "high_risk",
            "annex_iii_point": "6(a)",
            "operator_roles": ["deployer"],
            "provider_name": "Police fédérale",
            "oversight_mode": "in_the_loop",
            "contact_email": "zp.meuse-condroz@police.example",
            "explanation_channel": "controle.interne@police.example",
            "themes": ["safety", "justice"],
            "data_summary": {"fr": "Réponses au questionnaire et antécédents d'intervention."},
            "personal_data": True,
            "revision_date": FRESH,
        },
    ),
    # Assurances ardennaises (insurer)
    DemoSystem(
        "ardense-verzekeringen",
        "ARD-HOSP",
        FR,
        {
            FR: Texts(
                "Tarifer l'assurance hospitalisation",
                "Un modèle propose la prime d'une assurance hospitalisation individuelle à "
                "partir de l'âge, de l'historique et de la formule choisie.",
                "Calculer une prime adaptée au risque, dans les limites de la loi.",
                "Les personnes qui souscrivent une assurance hospitalisation individuelle.",
                "Un souscripteur valide toute prime supérieure au tarif de base et tout refus.",
                "Contestez auprès du service des plaintes, puis de l'Ombudsman des assurances.",
            ),
            NL: Texts(
                "De premie van de hospitalisatieverzekering berekenen",
                "Een model stelt de premie van een individuele hospitalisatieverzekering voor "
                "op basis van leeftijd, voorgeschiedenis en gekozen formule.",
                "Een premie berekenen die bij het risico past, binnen de grenzen van de wet.",
                "Wie een individuele hospitalisatieverzekering afsluit.",
                "Een acceptant keurt elke premie boven het basistarief en elke weigering goed.",
                "Betwist bij de klachtendienst en daarna bij de Ombudsman van de Verzekeringen.",
            ),
            DE: Texts(
                "Prämien der Krankenhausversicherung berechnen",
                "Ein Modell schlägt die Prämie einer individuellen Krankenhausversicherung nach "
                "Alter, Vorgeschichte und gewähltem Tarif vor.",
                "Eine risikogerechte Prämie im gesetzlichen Rahmen berechnen.",
                "Personen, die eine individuelle Krankenhausversicherung abschließen.",
                "Ein Underwriter genehmigt jede Prämie über dem Grundtarif und jede Ablehnung.",
                "Beschwerde beim Beschwerdedienst, danach beim Ombudsmann der Versicherungen.",
            ),
        },
        {
            "decision_type": "decision_support",
            "lifecycle_status": "in_use",
            "risk_category": "high_risk",
            "annex_iii_point": "5(c)",
            "operator_roles": ["provider", "deployer"],
            "provider_in_house": True,
            "provider_name": "Assurances ardennaises SA",
            "trade_name": "HospiTarif",
            "system_reference": "HT-2026.1",
            "market_status": "on_market",
            "member_states": ["BE"],
            "oversight_mode": "in_the_loop",
            "contact_email": "ia@ardense.example",
            "explanation_channel": "https://ardense.example/explication",
            "themes": ["finance", "health"],
            "tags": ["assurance", "verzekering", "Versicherung", "prime"],
            "personal_data": True,
            "revision_date": FRESH,
        },
    ),
    DemoSystem(
        "ardense-verzekeringen",
        "ARD-CLAIMS",
        NL,
        {
            NL: Texts(
                "Kleine autoschadeclaims automatisch afhandelen",
                "Voor schade onder 1.500 euro met een volledig ingevuld aanrijdingsformulier "
                "berekent het systeem de vergoeding en betaalt ze uit.",
                "Eenvoudige schadegevallen binnen enkele dagen vergoeden.",
                "Klanten met een autoverzekering die een kleine schade melden.",
                "Elke claim met een twijfelgeval gaat naar een schadebeheerder; steekproeven "
                "worden maandelijks nagekeken.",
                "Vraag binnen dertig dagen een herziening door een schadebeheerder.",
            ),
            FR: Texts(
                "Régler automatiquement les petits sinistres automobiles",
                "Pour les dégâts de moins de 1 500 euros avec un constat complet, le système "
                "calcule l'indemnité et la verse.",
                "Indemniser les sinistres simples en quelques jours.",
                "Les clients assurés en auto qui déclarent un petit sinistre.",
                "Tout dossier douteux passe à un gestionnaire ; des échantillons sont contrôlés "
                "chaque mois.",
                "Demandez dans les trente jours un réexamen par un gestionnaire.",
            ),
        },
        {
            "decision_type": "fully_automated",
            "lifecycle_status": "in_use",
            "risk_category": "minimal",
            "oversight_mode": "on_the_loop",
            "contact_email": "ia@ardense.example",
            "explanation_channel": "schade@ardense.example",
            "explanation_days": 10,
            "themes": ["finance", "mobility"],
            "tags": ["schade", "sinistre", "auto"],
            "revision_date": FRESH,
        },
    ),
    # Hulplijn Eén vzw (non-profit)
    DemoSystem(
        "hulplijn-vzw",
        "HL-TRIAGE",
        NL,
        {
            NL: Texts(
                "Oproepen naar de hulplijn prioriteren",
                "Een model herkent in chatberichten signalen van acuut gevaar en zet die "
                "gesprekken bovenaan de wachtrij.",
                "Mensen in acute nood sneller een hulpverlener laten spreken.",
                "Mensen die de hulplijn contacteren, onder wie jongeren en mensen met "
                "zelfmoordgedachten.",
                "Een coördinator volgt de wachtrij en kan de volgorde altijd aanpassen; niemand "
                "wordt geweigerd.",
                "Opmerkingen of klachten kun je mailen naar de coördinator.",
            ),
            FR: Texts(
                "Prioriser les appels vers la ligne d'écoute",
                "Un modèle repère dans les messages de chat les signes de danger immédiat et "
                "place ces conversations en tête de file.",
                "Permettre aux personnes en détresse aiguë de parler plus vite à un écoutant.",
                "Les personnes qui contactent la ligne d'écoute, dont des jeunes et des "
                "personnes ayant des idées suicidaires.",
                "Un coordinateur suit la file d'attente et peut toujours en modifier l'ordre ; "
                "personne n'est refusé.",
                "Vos remarques ou plaintes peuvent être adressées au coordinateur.",
            ),
            EN: Texts(
                "Prioritising contacts to the helpline",
                "A model recognises signs of immediate danger in chat messages and moves those "
                "conversations to the front of the queue.",
                "Letting people in acute distress reach a listener sooner.",
                "People who contact the helpline, including young people and people with "
                "suicidal thoughts.",
                "A coordinator watches the queue and can always change the order; nobody is "
                "turned away.",
                "Send remarks or complaints to the coordinator.",
            ),
        },
        {
            "decision_type": "decision_support",
            "lifecycle_status": "in_use",
            "risk_category": "high_risk",
            "annex_iii_point": "5(d)",
            "operator_roles": ["provider", "deployer"],
            "provider_in_house": True,
            "provider_name": "Hulplijn Eén vzw",
            "oversight_mode": "on_the_loop",
            "contact_email": "info@hulplijn.example",
            "explanation_channel": "info@hulplijn.example",
            "themes": ["health"],
            "tags": ["hulplijn", "chat", "crisis"],
            "personal_data": True,
            "revision_date": FRESH,
        },
        later={"performance": {"nl": "Herkent 92 % van de acute situaties in de testset."}},
    ),
    DemoSystem(
        "hulplijn-vzw",
        "HL-ANON",
        NL,
        {
            NL: Texts(
                "Chatgesprekken anonimiseren voor onderzoek",
                "Namen, adressen en andere herkenbare gegevens worden automatisch uit "
                "chatgesprekken verwijderd voor ze voor wetenschappelijk onderzoek worden "
                "gebruikt.",
                "Onderzoek naar hulpvragen mogelijk maken zonder de privacy te schenden.",
                "Mensen die met de hulplijn chatten.",
                "Een medewerker controleert een steekproef van elke geanonimiseerde reeks.",
                "Je kunt vragen dat je gesprekken niet voor onderzoek worden gebruikt.",
            ),
        },
        {
            "decision_type": "information_only",
            "lifecycle_status": "in_use",
            "risk_category": "minimal",
            "oversight_mode": "on_the_loop",
            "contact_email": "info@hulplijn.example",
            "explanation_channel": "info@hulplijn.example",
            "themes": ["health"],
            "tags": ["anonimisering", "privacy", "onderzoek"],
            "revision_date": FRESH,
        },
    ),
)
