"""Demonstration data, and the first administrator of an empty installation.

The demo holds Belgian-style organisations at every level of government and in the private
sector, named in the languages they really use (some deliberately lack translations, to show the
fallbacks), one account per role, all with the same published password, and about thirty AI
system records in several languages and workflow states. The data are YAML files in
`balise/data/demo/`; this module only reads them and creates everything through the service
functions (a record is written by an editor, approved and published by someone else), so the
audit log tells the story like it would for real data.

Other areas add their demo by adding their `seed_demo(uow, *, clock)` to `area_seeders`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, partial
from typing import TYPE_CHECKING, Any, Protocol

from balise.data.demo import read_demo_data
from balise.domain.accounts.model import Actor, Role, User
from balise.domain.organisations.model import (
    Contact,
    Level,
    Organisation,
    OrganisationKind,
    Sector,
    SizeClass,
)
from balise.domain.panels.solver import Solver
from balise.domain.register.model import State
from balise.domain.shared.clock import Clock
from balise.domain.shared.errors import Conflict
from balise.domain.shared.i18n import N_, Language, LocalizedText, Message
from balise.services import (
    assessments_demo,
    consultations_demo,
    eco,
    guichet_demo,
    monitoring_demo,
    obligations,
    observatory,
    panels_demo,
    panels_messages_demo,
    panels_survey_demo,
)
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


@dataclass(frozen=True)
class DemoCredential:
    email: str
    password: str
    role: Role
    organisation: str | None
    display_name: str
    language: Language | None


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


class AreaSeeder(Protocol):
    """An area's demo: adds what the database lacks; returns True when it added something."""

    def __call__(self, uow: UnitOfWork, *, clock: Clock) -> bool | None: ...


# Each area that has a demo adds its `seed_demo` here (data in balise/data/demo/<area>.yaml,
# read with `read_demo_data("<area>")`). They run in this order, after the organisations,
# accounts and register records exist, in the same transaction; each must be safe to repeat.
# The panel's messages and survey need the drawn demo panel; the observatory reads the other
# areas' demo, so it comes last.
def area_seeders(solver: Solver) -> tuple[AreaSeeder, ...]:
    """Every area's demo, in order; the panels demo draws its panel with `solver`."""
    return (
        monitoring_demo.seed_demo,
        assessments_demo.seed_demo,
        partial(panels_demo.seed_demo, solver=solver),
        panels_messages_demo.seed_demo,
        panels_survey_demo.seed_demo,
        consultations_demo.seed_demo,
        guichet_demo.seed_demo,  # before the observatory, whose snapshots count its guides
        eco.seed_demo,  # before the observatory too: it counts the eco-labels
        obligations.seed_demo,
        observatory.seed_demo,
    )


# Reading the data files.


def _organisation(item: Mapping[str, Any]) -> Organisation:
    return Organisation(
        slug=item["slug"],
        name=LocalizedText.from_mapping(item["name"]),
        kind=OrganisationKind(item["kind"]),
        level=Level(item["level"]) if "level" in item else None,
        size_class=SizeClass(item["size_class"]),
        sector=Sector(item["sector"]),
        enterprise_number=item.get("enterprise_number"),
        contact=Contact(**item.get("contact", {})),
    )


def _credentials(document: Mapping[str, Any]) -> tuple[DemoCredential, ...]:
    return tuple(
        DemoCredential(
            email=f"{item['login']}@{document['domain']}",
            password=document["password"],
            role=Role(item["role"]),
            organisation=item.get("organisation"),
            display_name=item["name"],
            language=Language(item["language"]) if "language" in item else None,
        )
        for item in document["accounts"]
    )


def _systems(document: Mapping[str, Any]) -> tuple[DemoSystem, ...]:
    return tuple(
        DemoSystem(
            organisation=organisation,
            source_id=item["source_id"],
            language=Language(item["language"]),
            texts={Language(code): Texts(**texts) for code, texts in item["texts"].items()},
            fields=item["fields"],
            state=State(item.get("state", State.PUBLISHED)),
            later=item.get("later", {}),
            reason=item.get("reason", ""),
        )
        for organisation, items in document["systems"].items()
        for item in items
    )


@dataclass(frozen=True)
class DemoData:
    password: str
    credentials: tuple[DemoCredential, ...]
    organisations: tuple[Organisation, ...]
    systems: tuple[DemoSystem, ...]

    @property
    def admin(self) -> DemoCredential:
        return self.credentials[0]


@cache
def demo_data() -> DemoData:
    """The demo, read from its YAML files on first use (not at import: the CLI starts at once)."""
    users = read_demo_data("users")
    return DemoData(
        password=users["password"],
        credentials=_credentials(users),
        organisations=tuple(
            _organisation(item) for item in read_demo_data("organisations")["organisations"]
        ),
        systems=_systems(read_demo_data("systems")),
    )


_NAMES = {
    "DEMO_PASSWORD": "password",
    "DEMO_CREDENTIALS": "credentials",
    "DEMO_ADMIN": "admin",
    "DEMO_ORGANISATIONS": "organisations",
    "DEMO_SYSTEMS": "systems",
}

if TYPE_CHECKING:
    DEMO_PASSWORD: str
    DEMO_CREDENTIALS: tuple[DemoCredential, ...]
    DEMO_ADMIN: DemoCredential
    DEMO_ORGANISATIONS: tuple[Organisation, ...]
    DEMO_SYSTEMS: tuple[DemoSystem, ...]
else:

    def __getattr__(name: str) -> object:
        """The demo's parts under their module-level names, read on first use (PEP 562)."""
        if name in _NAMES:
            return getattr(demo_data(), _NAMES[name])
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Creating the demo.


def demo_loaded(uow: UnitOfWork) -> bool:
    return uow.users.find_by_email(demo_data().admin.email) is not None


def load_demo(
    uow: UnitOfWork,
    *,
    solver: Solver | None = None,
    seeders: tuple[AreaSeeder, ...] | None = None,
    progress: Callable[[str], None] = lambda step: None,
) -> list[DemoCredential]:
    """Create the demo organisations, accounts, AI systems and each area's demo.

    Returns the credentials when something was added, nothing when all exist. The demo goes only
    into a database without accounts, since its passwords are public. Once it is there, loading
    it again only adds what a newer demo has and the database lacks (found by organisation
    address, e-mail address and the systems' own identifiers), never twice. Without `seeders`,
    every area's demo runs, which needs a `solver` for the panel's draw.
    """
    if seeders is None:
        if solver is None:
            raise ValueError("the demo of every area needs a solver for the panel's draw")
        seeders = area_seeders(solver)
    demo = demo_data()
    progress("organisations and accounts")
    admin = uow.users.find_by_email(demo.admin.email)
    added = admin is None
    if admin is None:
        if uow.users.list_all():
            raise Conflict(Message(N_("The demo data goes only into a database without accounts.")))
        admin = create_first_admin(
            uow, user=_user(demo.admin, None), password=demo.password, via="demo"
        )
    actor = Actor(user=admin)
    organisation_ids: dict[str, int] = {}
    for organisation in demo.organisations:
        found = uow.organisations.find_by_slug(organisation.slug)
        if found is None:
            found = create_organisation(uow, actor=actor, organisation=organisation)
            added = True
        assert found.id is not None
        organisation_ids[found.slug] = found.id
    for credential in demo.credentials[1:]:
        if uow.users.find_by_email(credential.email) is not None:
            continue
        organisation_id = (
            organisation_ids[credential.organisation] if credential.organisation else None
        )
        create_user(
            uow, actor=actor, user=_user(credential, organisation_id), password=demo.password
        )
        added = True
    progress(f"{len(demo.systems)} AI systems, each reviewed and published")
    for system in demo.systems:
        added = _load_system(uow, system, organisation_ids[system.organisation], actor) or added
    for seeder in seeders:
        module = getattr(getattr(seeder, "func", seeder), "__module__", "")
        progress(module.rsplit(".", 1)[-1].removesuffix("_demo"))
        added = bool(seeder(uow, clock=uow.clock)) or added
    return list(demo.credentials) if added else []


def _member(uow: UnitOfWork, organisation: str, role: Role) -> Actor | None:
    for credential in demo_data().credentials:
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
