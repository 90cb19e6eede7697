"""The AI Act facts v2 data migration (6c3d4e5f7081) on SQLite and PostgreSQL: stored facts and
saved answers are converted, stored results keep their version, downgrade writes version 1 back."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from balise.adapters.db.engine import make_engine
from balise.adapters.db.migrate import downgrade, upgrade
from balise.domain.aiact.facts_schema import parse_facts

POSTGRES_SERVER = os.environ.get("BALISE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
BEFORE = "4a1b2c3d5e6f"
REVISION = "6c3d4e5f7081"
V1_FACTS = {
    "actor": {"roles": ["deployer"], "employer_workplace_use": True},
    "system": {"kind": "ai_system", "placed_on_market": None},
    "annex_iii": {"point": "5(b)", "exclusion": "financial_fraud_detection"},
}
V1_RESULT = {"schema_version": 1, "law": "2026", "categories": ["minimal"], "legal_basis": []}


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
        yield engine
        engine.dispose()
        return
    name = f"balise_facts_{uuid.uuid4().hex[:12]}"
    admin = make_engine(f"{POSTGRES_SERVER}/postgres")
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        admin.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI: {error}")
        pytest.skip("PostgreSQL not reachable")
    engine = make_engine(f"{POSTGRES_SERVER}/{name}")
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _seed(engine: Engine) -> None:
    now = datetime.now(UTC)
    statements = [
        "INSERT INTO users (id, email, display_name, role, active, created_at) "
        "VALUES (1, 'a@b.be', 'A', 'admin', true, :now)",
        "INSERT INTO organisations (id, slug, name, kind, size_class, sector, created_at, "
        "updated_at) VALUES (1, 'o', '{\"fr\": \"O\"}', 'public', 'large', 'other', :now, :now)",
        "INSERT INTO systems (id, uuid, slug, organisation_id, default_language, "
        "standard_version, fields, visibility, checked_languages, state, created_at, updated_at) "
        "VALUES (1, :uuid, 's', 1, 'fr', '1.0', '{}', '{}', '[]', 'draft', :now, :now)",
        "INSERT INTO aiact_classifications (id, system_id, facts, law, ruleset_version, "
        "evaluation_date, result, created_by_label, created_at) VALUES (1, 1, :facts, '2026', "
        "'sha256:x', :day, :result, 'A', :now)",
        "INSERT INTO aiact_questionnaires (id, owner_id, answers, section, created_at, "
        "updated_at) VALUES (1, 1, :answers, 'annex_iii', :now, :now)",
    ]
    values = {
        "now": now,
        "uuid": str(uuid.uuid4()),
        "facts": json.dumps(V1_FACTS),
        "result": json.dumps(V1_RESULT),
        "day": date(2026, 11, 22),
        "answers": json.dumps({"annex_iii.point": "4(a)", "actor.roles": ["deployer"]}),
    }
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(sa.text(statement), values)


def _row(engine: Engine, sql: str) -> Any:
    with engine.connect() as connection:
        return _json(connection.execute(sa.text(sql)).scalar_one())


def test_stored_facts_and_answers_move_to_version_2(fresh_engine: Engine) -> None:
    upgrade(fresh_engine, BEFORE)
    _seed(fresh_engine)

    upgrade(fresh_engine, REVISION)

    facts = _row(fresh_engine, "SELECT facts FROM aiact_classifications")
    assert facts == {
        "schema_version": 2,
        "actor": {"roles": ["deployer"], "employer_use_on_workers": True},
        "system": {"kind": "ai_system", "market_status": "not_yet"},
        "annex_iii": {"points": ["5(b)"], "exclusions": ["financial_fraud_detection"]},
    }
    parse_facts(facts)
    assert _row(fresh_engine, "SELECT result FROM aiact_classifications") == V1_RESULT
    answers = _row(fresh_engine, "SELECT answers FROM aiact_questionnaires")
    assert answers == {"annex_iii.points": ["4(a)"], "actor.roles": ["deployer"]}

    downgrade(fresh_engine, BEFORE)
    old = _row(fresh_engine, "SELECT facts FROM aiact_classifications")
    assert old["annex_iii"] == {"point": "5(b)", "exclusion": "financial_fraud_detection"}
    assert old["actor"]["employer_workplace_use"] is True
    upgrade(fresh_engine, REVISION)
    assert _row(fresh_engine, "SELECT facts FROM aiact_classifications")["annex_iii"] == {
        "points": ["5(b)"],
        "exclusions": ["financial_fraud_detection"],
    }
