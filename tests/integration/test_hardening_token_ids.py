"""Hardening (issue 16, item 4): API tokens get random public ids, existing ones included.

The migration adds `api_tokens.public_id`, gives each existing token one, and makes it required
and unique, on SQLite (batch mode) and PostgreSQL; downgrading removes it again.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from balise.adapters.db.engine import make_engine
from balise.adapters.db.migrate import downgrade, upgrade
from balise.bootstrap import Container
from balise.domain.accounts.model import Actor, Role, Scope, User
from balise.services import accounts

POSTGRES_SERVER = os.environ.get("BALISE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
BEFORE = "c28f4d6e9b17"
REVISION = "d39a5e7f0c28"


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
        yield engine
        engine.dispose()
        return
    name = f"balise_tokens_{uuid.uuid4().hex[:12]}"
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


def test_existing_tokens_get_distinct_random_public_ids(fresh_engine: Engine) -> None:
    upgrade(fresh_engine, BEFORE)
    now = datetime.now(UTC)
    with fresh_engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO users (id, email, display_name, role, active, created_at) "
                "VALUES (1, 'a@b.be', 'A', 'admin', true, :now)"
            ),
            {"now": now},
        )
        for number in range(1, 4):
            connection.execute(
                sa.text(
                    "INSERT INTO api_tokens (id, user_id, name, prefix, secret_hash, scopes, "
                    "created_at, expires_at) VALUES (:id, 1, :name, :prefix, 'x', '[\"read\"]', "
                    ":created, :expires)"
                ),
                {
                    "id": number,
                    "name": f"token {number}",
                    "prefix": f"p{number}",
                    "created": now,
                    "expires": now + timedelta(days=1),
                },
            )

    upgrade(fresh_engine, REVISION)

    with fresh_engine.connect() as connection:
        ids = [row[0] for row in connection.execute(sa.text("SELECT public_id FROM api_tokens"))]
    assert len(ids) == 3
    assert len(set(ids)) == 3
    for public_id in ids:
        assert len(public_id) >= 16
        assert not public_id.isdigit()
    with pytest.raises(sa.exc.IntegrityError), fresh_engine.begin() as connection:
        connection.execute(sa.text("UPDATE api_tokens SET public_id = :p"), {"p": ids[0]})
    with pytest.raises(sa.exc.IntegrityError), fresh_engine.begin() as connection:
        connection.execute(sa.text("UPDATE api_tokens SET public_id = NULL WHERE id = 1"))

    downgrade(fresh_engine, BEFORE)
    columns = {column["name"] for column in sa.inspect(fresh_engine).get_columns("api_tokens")}
    assert "public_id" not in columns
    upgrade(fresh_engine, REVISION)


def test_issued_tokens_are_found_by_their_public_id(container: Container) -> None:
    root = Actor(user=User(email="root@balise.test", display_name="Root", role=Role.ADMIN, id=0))
    with container.uow() as uow:
        admin = accounts.create_user(
            uow,
            actor=root,
            password=None,
            user=User(email="admin@balise.test", display_name="Admin", role=Role.ADMIN),
        )
        made = [
            accounts.issue_api_token(
                uow, actor=Actor(user=admin), name=f"t{n}", scopes=frozenset({Scope.READ}), days=1
            )[0]
            for n in range(3)
        ]
        uow.commit()
    public_ids = {token.public_id for token in made}
    assert len(public_ids) == 3
    assert all(len(public_id) >= 16 for public_id in public_ids)
    with container.uow(read_only=True) as uow:
        for token in made:
            assert uow.tokens.find_by_public_id(token.public_id) == token
        assert uow.tokens.find_by_public_id(str(made[0].id)) is None
