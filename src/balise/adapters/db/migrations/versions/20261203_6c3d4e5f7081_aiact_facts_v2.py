"""AI Act facts schema version 2: stored facts and saved answers converted (data only).

Facts schema version 2 (ADR 0016) lists several Annex III points and exclusions, several
Art 5(1)(h) objectives, a market status beside the dates, an open-weights release apart from a
free and open-source one, and splits the employer's use on its workers (Art 26(7)) from
employment decisions (Annex III point 4). This migration rewrites the facts stored with each
classification on a register record, and the answers of saved questionnaires, with the domain's
converter (`upgrade_facts`, which only ever reads version 1). Stored results are left as they
were made: they keep their own `schema_version`. No table changes.

Downgrade writes stored facts back in version 1 where version 1 can say it (one point, one
exclusion, one objective, open or not, one date); what only version 2 can say stays as it is.
Saved answers stay in version 2: the questionnaire reads both.

Revision ID: 6c3d4e5f7081
Revises: 4a1b2c3d5e6f
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

from balise.domain.aiact.facts_versions import upgrade_answers, upgrade_facts

revision = "6c3d4e5f7081"
down_revision = "4a1b2c3d5e6f"
branch_labels = None
depends_on = None

classifications = sa.table(
    "aiact_classifications", sa.column("id", sa.Integer), sa.column("facts", sa.JSON)
)
questionnaires = sa.table(
    "aiact_questionnaires", sa.column("id", sa.Integer), sa.column("answers", sa.JSON)
)


def upgraded_facts(facts: Any) -> dict[str, Any] | None:
    """Stored facts in version 2, or None when they need no change."""
    upgrade = upgrade_facts(facts)
    return upgrade.document if upgrade.converted and isinstance(facts, dict) else None


def upgraded_answers(answers: Any) -> dict[str, Any] | None:
    if not isinstance(answers, dict):
        return None
    new = upgrade_answers(answers)
    return new if new != answers else None


def downgraded_facts(facts: Any) -> dict[str, Any] | None:
    """Version 2 facts back in version 1 where version 1 can say the same thing."""
    if not isinstance(facts, dict) or facts.get("schema_version") != 2:  # noqa: PLR2004
        return None
    old = {k: dict(v) if isinstance(v, dict) else v for k, v in facts.items()}
    del old["schema_version"]
    groups = {name: old.get(name) for name in ("actor", "annex_iii", "biometrics", "gpai")}
    single = {"points": "point", "exclusions": "exclusion", "rbi_objectives": "rbi_exception"}
    for group in ("annex_iii", "biometrics"):
        section = groups[group]
        for new, former in single.items():
            listed = section.get(new) if isinstance(section, dict) else None
            if isinstance(section, dict) and isinstance(listed, list) and len(listed) <= 1:
                section.pop(new)
                empty = "none" if former == "rbi_exception" else None
                section[former] = listed[0] if listed else empty
    actor = groups["actor"]
    if isinstance(actor, dict) and "employer_use_on_workers" in actor:
        actor["employer_workplace_use"] = actor.pop("employer_use_on_workers")
    system = old.get("system")
    if isinstance(system, dict):
        # Version 1 had one date, "placed on the market or put into service"; null: not yet.
        dates = [system.pop(name, None) for name in ("placed_on_market", "put_into_service")]
        known = sorted(str(day) for day in dates if day)
        status = system.pop("market_status", None)
        if known:
            system["placed_on_market"] = known[0]
        elif status == "not_yet":
            system["placed_on_market"] = None
    gpai = groups["gpai"]
    if isinstance(gpai, dict) and gpai.get("release") in ("closed", "open_source"):
        gpai["open_release"] = gpai.pop("release") == "open_source"
    return old


def _rewrite(table: Any, column: str, change: Callable[[Any], Any]) -> None:
    connection = op.get_bind()
    for row in connection.execute(sa.select(table.c.id, table.c[column])):
        new = change(row[1])
        if new is not None:
            connection.execute(table.update().where(table.c.id == row.id).values({column: new}))


def upgrade() -> None:
    _rewrite(classifications, "facts", upgraded_facts)
    _rewrite(questionnaires, "answers", upgraded_answers)


def downgrade() -> None:
    _rewrite(classifications, "facts", downgraded_facts)
