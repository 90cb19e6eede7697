"""A drawn panel with members signed in to its members' space, for any test (tests/ is on sys.path).

    from panel_members_support import make_member_panel, sign_in_member

    drawn = make_member_panel(container, world)            # slug "members-panel", 2 members
    member = sign_in_member(client, container, drawn.slug)  # a TestClient now signed in
    client.get(f"/panels/{drawn.slug}/space")              # 200

For a browser (Playwright), `member_cookie(container, slug, base_url)` gives the cookie to add to
the context with `context.add_cookies([...])`. Everything goes through the services, as for real.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from balise.bootstrap import Container
from balise.domain.accounts.model import PUBLIC, Actor
from balise.domain.panels.members import PanelMember
from balise.domain.panels.record import Panel
from balise.domain.panels.registrations import RegistrationForm
from balise.domain.shared.i18n import LocalizedText
from balise.services import panels, panels_members
from balise.web.panels.membership import MEMBER_COOKIE

# Five volunteers in two groups, one of each drawn: a panel of two.
MEMBER_PEOPLE = (
    "id,group,email\n"
    "p1,a,p1@example.test\n"
    "p2,a,p2@example.test\n"
    "p3,a,p3@example.test\n"
    "p4,b,p4@example.test\n"
    "p5,b,p5@example.test\n"
)
MEMBER_QUOTAS = "feature,value,min,max\ngroup,a,1,1\ngroup,b,1,1\n"
SECRETS = ["members' first secret", "members' second secret"]
PUBLIC_SOURCE = "The Lotto numbers of 5 December 2026"
PUBLIC_VALUE = "Lotto, 5 December 2026: 3 14 15 26 35 42"


@dataclass(frozen=True)
class MemberPanel:
    """A drawn panel: its address, id, the ids of its members and of a volunteer not drawn."""

    slug: str
    panel_id: int
    members: tuple[str, ...]
    not_drawn: str
    organiser: Actor

    def email_of(self, person_id: str) -> str:
        return f"{person_id}@example.test"


def make_member_panel(
    container: Container,
    world: dict[str, Any],
    *,
    slug: str = "members-panel",
    organiser: str = "admin",
    organisation: str = "alpha",
) -> MemberPanel:
    """A panel of alpha driven through the services to `drawn` (two members out of five)."""
    actor = Actor(user=world["users"][organiser])
    with container.uow() as uow:
        panels.create_panel(
            uow,
            actor=actor,
            panel=Panel(
                organisation_id=world["organisations"][organisation].id,
                slug=slug,
                title=LocalizedText(en=f"Citizens' panel {slug}"),
                size=2,
                lottery_size=100,
            ),
        )
        panels.load_pool(
            uow,
            actor=actor,
            slug=slug,
            respondents=MEMBER_PEOPLE,
            categories=MEMBER_QUOTAS,
            solver=container.solver(),
        )
        job = panels.start_selection(uow, actor=actor, slug=slug)
        uow.commit()
    finished = container.run_job(job.id)
    assert finished.status.value == "succeeded", finished.error
    with container.uow() as uow:
        panels.commit_panel(
            uow,
            actor=actor,
            slug=slug,
            party_commitments=[hashlib.sha256(s.encode()).hexdigest() for s in SECRETS],
            public_source=PUBLIC_SOURCE,
        )
        panel = panels.draw_panel(
            uow, actor=actor, slug=slug, secrets=SECRETS, public_value=PUBLIC_VALUE
        )
        members = tuple(panels_members.members_of(uow, panel))
        uow.commit()
    assert panel.id is not None
    not_drawn = next(p for p in ("p1", "p2", "p3", "p4", "p5") if p not in members)
    return MemberPanel(slug, panel.id, members, not_drawn, actor)


def member_secret(container: Container, slug: str, person_id: str) -> str:
    """Open a member session through the service; the secret is the member cookie's value."""
    with container.uow() as uow:
        secret = panels_members.open_member_session(uow, slug=slug, person_id=person_id)
        uow.commit()
    return secret


def sign_in_member(
    client: TestClient, container: Container, slug: str, person_id: str | None = None
) -> PanelMember:
    """Sign `client` in as a member of the drawn panel `slug` (its first member by default)."""
    with container.uow(read_only=True) as uow:
        panel = panels_members.drawn_panel(uow, slug=slug)
        members = panels_members.members_of(uow, panel)
    chosen = person_id or members[0]
    client.cookies.set(MEMBER_COOKIE, member_secret(container, slug, chosen))
    assert panel.id is not None
    return PanelMember(panel_id=panel.id, panel_slug=slug, person_id=chosen)


def member_cookie(
    container: Container, slug: str, base_url: str, person_id: str | None = None
) -> dict[str, str]:
    """The member cookie for a Playwright context: `context.add_cookies([member_cookie(...)])`."""
    with container.uow(read_only=True) as uow:
        panel = panels_members.drawn_panel(uow, slug=slug)
        chosen = person_id or panels_members.members_of(uow, panel)[0]
    return {
        "name": MEMBER_COOKIE,
        "value": member_secret(container, slug, chosen),
        "url": base_url,
    }


@dataclass(frozen=True)
class RegisteredPanel:
    """A panel drawn from registrations: the code each volunteer used, by registration number."""

    slug: str
    codes: dict[str, str]
    members: tuple[str, ...]
    excluded_code: str
    organiser: Actor


REGISTRATION_ADDRESSES = "id,stratum,name\n" + "".join(
    f"a{n},{'North' if n % 2 else 'South'},Resident {n}\n" for n in range(1, 8)
)
REGISTRATION_STRATA = "stratum,population\nNorth,1\nSouth,1\n"


def open_registration(
    container: Container,
    world: dict[str, Any],
    *,
    slug: str = "registered-panel",
    organiser: str = "admin",
    letters: int = 7,
) -> tuple[Actor, list[str]]:
    """A draft panel taking registrations, with `letters` invitation codes (returned)."""
    actor = Actor(user=world["users"][organiser])
    with container.uow() as uow:
        panels.create_panel(
            uow,
            actor=actor,
            panel=Panel(
                organisation_id=world["organisations"]["alpha"].id,
                slug=slug,
                title=LocalizedText(en=f"Citizens' panel {slug}"),
                size=2,
                lottery_size=100,
            ),
        )
        panels_members.save_registration_settings(
            uow,
            actor=actor,
            slug=slug,
            open=True,
            categories=MEMBER_QUOTAS,
            exclusions=("elected_office", "party_staff", "organiser_staff"),
        )
        panels.draw_panel_invitations(
            uow,
            actor=actor,
            slug=slug,
            addresses=REGISTRATION_ADDRESSES,
            strata=REGISTRATION_STRATA,
            letters=letters,
            seed=1,
        )
        panels_members.issue_invitation_codes(uow, actor=actor, slug=slug, key=container.secret_key)
        codes = panels_members.invitation_codes(
            uow, actor=actor, slug=slug, key=container.secret_key
        )
        uow.commit()
    return actor, sorted(codes.values())


def registration_form(code: str, group: str, **changes: Any) -> RegistrationForm:
    values: dict[str, Any] = {
        "code": code,
        "answers": {"group": group},
        "exclusions": {"elected_office": "no", "party_staff": "no", "organiser_staff": "no"},
        "consent": True,
        "email": "",
        "phone": "",
    }
    values.update(changes)
    return RegistrationForm(**values)


def make_registered_panel(
    container: Container, world: dict[str, Any], *, slug: str = "registered-panel"
) -> RegisteredPanel:
    """Seven letters; five volunteers register online (three in group a, two in b, each with an
    e-mail address v<n>@example.test), one is excluded; the pool is built from the registrations,
    and the panel selected, committed and drawn."""
    actor, codes = open_registration(container, world, slug=slug)
    by_person: dict[str, str] = {}
    with container.uow() as uow:
        for n, (code, group) in enumerate(zip(codes[:5], "aaabb", strict=True)):
            registration = panels_members.register_volunteer(
                uow,
                actor=PUBLIC,
                slug=slug,
                form=registration_form(code, group, email=f"v{n}@example.test"),
            )
            by_person[registration.person_id] = code
        panels_members.register_volunteer(
            uow,
            actor=PUBLIC,
            slug=slug,
            form=registration_form(
                codes[5],
                "a",
                exclusions={"elected_office": "yes", "party_staff": "no", "organiser_staff": "no"},
            ),
        )
        panels_members.build_pool_from_registrations(
            uow, actor=actor, slug=slug, solver=container.solver()
        )
        job = panels.start_selection(uow, actor=actor, slug=slug)
        uow.commit()
    finished = container.run_job(job.id)
    assert finished.status.value == "succeeded", finished.error
    with container.uow() as uow:
        panels.commit_panel(
            uow,
            actor=actor,
            slug=slug,
            party_commitments=[hashlib.sha256(s.encode()).hexdigest() for s in SECRETS],
            public_source=PUBLIC_SOURCE,
        )
        panel = panels.draw_panel(
            uow, actor=actor, slug=slug, secrets=SECRETS, public_value=PUBLIC_VALUE
        )
        members = tuple(panels_members.members_of(uow, panel))
        uow.commit()
    return RegisteredPanel(slug, by_person, members, codes[5], actor)


def make_matrix_registrations(container: Container, world: dict[str, Any]) -> None:
    """For the access matrix: the panel "alpha" (selected, quotas loaded) takes registrations."""
    with container.uow() as uow:
        panels_members.save_registration_settings(
            uow,
            actor=Actor(user=world["users"]["admin"]),
            slug="alpha",
            open=True,
            categories="",
            exclusions=("elected_office",),
        )
        uow.commit()


def make_sweep_registrations(container: Container, world: dict[str, Any]) -> None:
    """For the accessibility sweep: "sweep-selected" (quotas loaded) takes registrations."""
    with container.uow() as uow:
        panels_members.save_registration_settings(
            uow,
            actor=Actor(user=world["users"]["editor"]),
            slug="sweep-selected",
            open=True,
            categories="",
            exclusions=("elected_office", "party_staff", "organiser_staff"),
        )
        uow.commit()
