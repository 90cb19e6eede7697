"""AI Act facts schema version 2.

The classifier no longer concludes from missing facts: `actor.roles` and `system.kind` are
required (docs/aiact.md). Facts stored on records before that rule left `system.kind` out when it
was an AI system, which the engine then assumed; this data migration writes that assumption into
the stored facts, so that they stay complete. Stored results keep the `schema_version` they were
made with (1), and nothing else in them changes. No table changes.

Revision ID: f5bc7a912e4a
Revises: e4ab6f801d39
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "f5bc7a912e4a"
down_revision = "e4ab6f801d39"
branch_labels = None
depends_on = None

classifications = sa.table(
    "aiact_classifications",
    sa.column("id", sa.Integer),
    sa.column("facts", sa.JSON),
)


def completed(facts: Any) -> dict[str, Any] | None:
    """The facts with the kind the engine assumed (ai_system), or None when already stated."""
    if not isinstance(facts, dict):
        return None
    system = facts.get("system")
    if isinstance(system, dict) and system.get("kind"):
        return None
    system = dict(system) if isinstance(system, dict) else {}
    return {**facts, "system": {**system, "kind": "ai_system"}}


def upgrade() -> None:
    connection = op.get_bind()
    for row in connection.execute(sa.select(classifications.c.id, classifications.c.facts)):
        facts = completed(row.facts)
        if facts is not None:
            connection.execute(
                classifications.update().where(classifications.c.id == row.id).values(facts=facts)
            )


def downgrade() -> None:
    # The stated kind is what version 1 assumed when it was absent: keeping it changes nothing.
    pass
