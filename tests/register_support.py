"""A complete record and the steps to publish it, shared by the register's tests."""

from __future__ import annotations

from typing import Any

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor, User
from balise.domain.register.model import SystemRecord
from balise.services import register
from balise.services.register import Draft


def complete_values(**changes: Any) -> dict[str, Any]:
    """Every field a record needs before review, in Dutch and French."""
    values: dict[str, Any] = {
        "name": {
            "nl": "Toekenning van studietoelagen",
            "fr": "Attribution des allocations d'études",
        },
        "description_short": {
            "nl": "Het systeem rangschikt aanvragen voor studietoelagen volgens urgentie.",
            "fr": "Le système classe les demandes d'allocations d'études par urgence.",
        },
        "intended_purpose": {
            "nl": "Dossierbeheerders helpen de dringendste aanvragen eerst te behandelen.",
            "fr": "Aider les gestionnaires à traiter d'abord les demandes les plus urgentes.",
        },
        "affected_groups": {
            "nl": "Studenten en hun ouders.",
            "fr": "Les étudiants et leurs parents.",
        },
        "decision_type": "decision_support",
        "lifecycle_status": "in_use",
        "contact_email": "ai@alpha.example",
        "contact_name": "Jan Peeters",
        "human_intervention": {
            "nl": "Een dossierbeheerder beslist altijd zelf.",
            "fr": "Un gestionnaire décide toujours lui-même.",
        },
        "oversight_mode": "in_the_loop",
        "objection_procedure": {
            "nl": "Bezwaar binnen dertig dagen via het formulier.",
            "fr": "Recours dans les trente jours via le formulaire.",
        },
        "explanation_channel": "https://alpha.example/uitleg",
        "tags": ["beurs", "onderwijs"],
    }
    values.update(changes)
    return {name: value for name, value in values.items() if value is not None}


def draft(slug: str = "", **changes: Any) -> Draft:
    return Draft(values=complete_values(**changes), visibility={}, default_language="nl", slug=slug)


def actor_of(world: dict[str, Any], name: str) -> Actor:
    user: User = world["users"][name]
    return Actor(user=user)


def create(
    container: Container, world: dict[str, Any], slug: str = "", **changes: Any
) -> SystemRecord:
    with container.uow() as uow:
        record = register.create_system(
            uow,
            actor=actor_of(world, "editor"),
            organisation_id=world["organisations"]["alpha"].id,
            draft=draft(slug, **changes),
        )
        uow.commit()
    return record


def publish(container: Container, world: dict[str, Any], slug: str) -> SystemRecord:
    """Submit as the editor, approve and publish as the reviewer."""
    with container.uow() as uow:
        register.submit_system(uow, actor=actor_of(world, "editor"), slug=slug)
        register.approve_system(uow, actor=actor_of(world, "reviewer"), slug=slug)
        record = register.publish_system(uow, actor=actor_of(world, "reviewer"), slug=slug)
        uow.commit()
    return record


def create_published(
    container: Container, world: dict[str, Any], slug: str = "", **changes: Any
) -> SystemRecord:
    return publish(container, world, create(container, world, slug, **changes).slug)
