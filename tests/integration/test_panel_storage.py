"""Citizens' panels in the database, on SQLite and PostgreSQL: what is stored, kept apart, frozen.

The selection runs through the services with HiGHS, on the repository's example files.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.panels.draw import canonical, pool_document, sha256_hex
from balise.domain.panels.record import Panel, PanelAlgorithm, PanelState
from balise.domain.panels.selection import load_instance, verify_draw
from balise.domain.shared.errors import Conflict, PermissionDenied, ValidationError
from balise.domain.shared.i18n import LocalizedText
from balise.services import panels

DATA = Path(__file__).resolve().parents[1] / "data" / "sortition"
SF_PEOPLE = (DATA / "sf_fixture_candidates.csv").read_text(encoding="utf-8")
SF_QUOTAS = (DATA / "sf_fixture_features.csv").read_text(encoding="utf-8")
NATURE_PEOPLE = (DATA / "example_small_20_respondents.csv").read_text(encoding="utf-8")
NATURE_QUOTAS = (DATA / "example_small_20_categories.csv").read_text(encoding="utf-8")
SECRETS = ["alpha's secret", "beta's secret", "gamma's secret"]
COMMITMENTS = [hashlib.sha256(secret.encode()).hexdigest() for secret in SECRETS]
PUBLIC_VALUE = "EuroMillions 2026-12-04: 7 19 23 31 44 + 2 9"


def editor(world: dict[str, Any]) -> Actor:
    return Actor(user=world["users"]["editor"])


def create(container: Container, world: dict[str, Any], slug: str, size: int) -> Panel:
    with container.uow() as uow:
        panel = panels.create_panel(
            uow,
            actor=editor(world),
            panel=Panel(
                organisation_id=world["organisations"]["alpha"].id,
                slug=slug,
                title=LocalizedText(en="Panel"),
                size=size,
                algorithm=PanelAlgorithm.MAXIMIN if size == 20 else PanelAlgorithm.LEXIMIN,
                lottery_size=500,
            ),
        )
        uow.commit()
    return panel


def load(container: Container, world: dict[str, Any], slug: str, people: str, quotas: str) -> None:
    with container.uow() as uow:
        panels.load_pool(
            uow,
            actor=editor(world),
            slug=slug,
            respondents=people,
            categories=quotas,
            solver=container.solver(),
        )
        uow.commit()


def select(container: Container, world: dict[str, Any], slug: str) -> None:
    with container.uow() as uow:
        job = panels.start_selection(uow, actor=editor(world), slug=slug)
        uow.commit()
    finished = container.run_job(job.id)
    assert finished.status.value == "succeeded", finished.error


def test_the_pool_is_stored_pseudonymous_with_contacts_apart(
    container: Container, world: dict[str, Any]
) -> None:
    panel = create(container, world, "scotland", 22)
    load(container, world, "scotland", SF_PEOPLE, SF_QUOTAS)
    with container.uow(read_only=True) as uow:
        assert panel.id is not None
        people = uow.panels.people(panel.id)
        quotas = uow.panels.quotas(panel.id)
        contacts = uow.panels.contacts(panel.id)
        facts = uow.panels.facts(panel.id).to_json()
        stored = uow.panels.get(panel.id)
    assert [person.id for person in people[:3]] == ["p0", "p1", "p2"]  # file order kept
    assert set(people[0].features) == {"Gender", "age_bracket", "geo_bucket", "edu_level"}
    assert quotas is not None
    assert quotas.quotas[0].max_flex == 12
    assert len(contacts) == 150
    assert contacts["p0"]["email"] == "email0"
    assert "email" not in str([dict(person.features) for person in people])
    assert facts["feasibility"]["feasible"] is True
    assert facts["pool_sha256"] == sha256_hex(
        canonical(
            pool_document(load_instance(respondents=SF_PEOPLE, categories=SF_QUOTAS, size=22).pool)
        )
    )
    assert stored is not None
    assert stored.state is PanelState.POOL_LOADED


def test_the_replication_format_loads_too_and_a_new_pool_replaces_the_old(
    container: Container, world: dict[str, Any]
) -> None:
    panel = create(container, world, "example", 20)
    assert panel.id is not None
    load(container, world, "example", SF_PEOPLE.replace("p0,", "p0,", 1), SF_QUOTAS)
    load(container, world, "example", NATURE_PEOPLE, NATURE_QUOTAS)
    with container.uow(read_only=True) as uow:
        people = uow.panels.people(panel.id)
        contacts = uow.panels.contacts(panel.id)
    assert [person.id for person in people[:2]] == ["0", "1"]  # row numbers are the ids
    assert len(people) == 200
    assert contacts == {}
    select(container, world, "example")
    with container.uow(read_only=True) as uow:
        stored = uow.panels.selection(panel.id)
    result = stored.to_json() if stored else None
    assert result is not None
    assert result["result"]["algorithm"] == "maximin"
    assert result["result"]["fairness"]["min_probability"] == pytest.approx(0.1, abs=1e-6)


def test_deleting_contacts_changes_nothing_the_selection_or_the_draw_rest_on(
    container: Container, world: dict[str, Any]
) -> None:
    panel = create(container, world, "private", 22)
    assert panel.id is not None
    load(container, world, "private", SF_PEOPLE, SF_QUOTAS)
    select(container, world, "private")
    with container.uow() as uow:
        before = uow.panels.selection(panel.id)
        assert panels.delete_contact(uow, actor=editor(world), slug="private", person_id="p7")
        assert not panels.delete_contact(uow, actor=editor(world), slug="private", person_id="p7")
        with pytest.raises(ValidationError) as unknown:
            panels.delete_contact(uow, actor=editor(world), slug="private", person_id="p999")
        assert set(unknown.value.errors) == {"person_id"}
        panels.commit_panel(
            uow,
            actor=editor(world),
            slug="private",
            party_commitments=COMMITMENTS,
            public_source="EuroMillions draw of 4 December 2026",
        )
        uow.commit()
    with container.uow() as uow:
        panels.delete_contact(uow, actor=editor(world), slug="private", person_id="p8")
        panels.draw_panel(
            uow, actor=editor(world), slug="private", secrets=SECRETS, public_value=PUBLIC_VALUE
        )
        uow.commit()
    with container.uow(read_only=True) as uow:
        assert uow.panels.selection(panel.id) == before
        contacts = uow.panels.contacts(panel.id)
        published = panels.published_file(uow, slug="private", name="published")
        reveal = panels.published_file(uow, slug="private", name="reveal")
        people = uow.panels.people(panel.id)
        events = [event.event_type for event in uow.audit_log.history("panel", str(panel.id))]
    assert "p7" not in contacts
    assert "p8" not in contacts
    assert len(people) == 150
    ok, checks, _ = verify_draw(
        published,
        secrets=reveal["secrets"],
        public_value=reveal["public_value"],
        claimed_panel=reveal["panel"],
    )
    assert ok, checks
    assert events.count("panel.contact_deleted") == 3
    assert events[-1] == "panel.drawn"


def test_each_step_follows_the_one_before_and_the_commitment_freezes_the_pool(
    container: Container, world: dict[str, Any]
) -> None:
    create(container, world, "steps", 22)
    actor = editor(world)
    with container.uow() as uow:
        with pytest.raises(Conflict):
            panels.start_selection(uow, actor=actor, slug="steps")
        with pytest.raises(Conflict):
            panels.commit_panel(
                uow, actor=actor, slug="steps", party_commitments=COMMITMENTS, public_source="x"
            )
        with pytest.raises(Conflict):
            panels.draw_panel(
                uow, actor=actor, slug="steps", secrets=SECRETS, public_value=PUBLIC_VALUE
            )
    load(container, world, "steps", SF_PEOPLE, SF_QUOTAS)
    with container.uow(read_only=True) as uow:
        panel = uow.panels.find_by_slug("steps")
        assert panel is not None
        work = panels.selection_work(uow, actor=actor, panel_id=panel.id or 0)
    load(container, world, "steps", SF_PEOPLE.replace("p0,", "q0,", 1), SF_QUOTAS)
    selection = panels.run_selection(work, solver=container.solver())
    with container.uow() as uow, pytest.raises(Conflict):  # the pool changed meanwhile
        panels.store_selection(
            uow,
            actor=actor,
            panel_id=panel.id or 0,
            selection=selection,
            pool_sha256=work.pool_sha256,
        )
    select(container, world, "steps")
    with container.uow() as uow:
        with pytest.raises(ValidationError) as wrong:
            panels.commit_panel(
                uow,
                actor=actor,
                slug="steps",
                party_commitments=["not a hash"],
                public_source="",
            )
        assert set(wrong.value.errors) == {"public_source"}
        panels.commit_panel(
            uow, actor=actor, slug="steps", party_commitments=COMMITMENTS, public_source="Lotto"
        )
        uow.commit()
    with container.uow() as uow:
        with pytest.raises(Conflict):
            panels.load_pool(
                uow,
                actor=actor,
                slug="steps",
                respondents=SF_PEOPLE,
                categories=SF_QUOTAS,
                solver=container.solver(),
            )
        with pytest.raises(Conflict):
            panels.start_selection(uow, actor=actor, slug="steps")
        with pytest.raises(ValidationError) as mismatch:
            panels.draw_panel(
                uow,
                actor=actor,
                slug="steps",
                secrets=[SECRETS[1], SECRETS[0], SECRETS[2]],
                public_value=PUBLIC_VALUE,
            )
        assert set(mismatch.value.errors) == {"secrets"}


def test_other_organisations_cannot_touch_the_panel(
    container: Container, world: dict[str, Any]
) -> None:
    create(container, world, "alpha-only", 22)
    outsider = Actor(user=world["users"]["other-editor"])
    regulator = Actor(user=world["users"]["regulator"])
    with container.uow() as uow:
        for actor in (outsider, regulator):
            with pytest.raises(PermissionDenied):
                panels.organiser_overview(uow, actor=actor, slug="alpha-only")
            with pytest.raises(PermissionDenied):
                panels.load_pool(
                    uow,
                    actor=actor,
                    slug="alpha-only",
                    respondents=SF_PEOPLE,
                    categories=SF_QUOTAS,
                    solver=container.solver(),
                )
        assert panels.organiser_panels(uow, actor=outsider) == []
        assert [p.slug for p in panels.organiser_panels(uow, actor=editor(world))] == ["alpha-only"]
