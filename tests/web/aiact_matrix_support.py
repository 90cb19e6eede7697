"""What the authorization matrix needs for the AI Act rows: a questionnaire the admin saved."""

from __future__ import annotations

from typing import Any

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor, User
from balise.services import aiact

# Other areas' routes also have a `{section_id}`: the AI Act rows name theirs per route.
AIACT_SECTION = {"section_id": "system"}
AIACT_FACTS = {
    "actor": {"roles": ["deployer"], "public_body": True},
    "system": {"kind": "ai_system"},
    "annex_iii": {"point": "5(a)"},
}


def make_matrix_aiact(container: Container, world: dict[str, Any]) -> dict[str, str]:
    admin: User = world["users"]["admin"]
    with container.uow() as uow:
        saved = aiact.start_questionnaire(
            uow, actor=Actor(user=admin), answers={"system.name": "Matrix"}, law=None
        )
        uow.commit()
    return {"questionnaire_id": str(saved.id)}
