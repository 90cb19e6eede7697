"""Fixtures shared by every test: a migrated database on SQLite and PostgreSQL, the app, users."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from balise.adapters.db.engine import make_engine
from balise.adapters.db.tables import metadata
from balise.bootstrap import Container
from balise.config import Settings
from balise.domain.accounts.model import Actor, Role, User
from balise.domain.organisations.model import Organisation, OrganisationKind, Sector, SizeClass
from balise.domain.shared.i18n import LocalizedText
from balise.services import accounts, organisations
from balise.web.app import create_app

POSTGRES_SERVER = os.environ.get("BALISE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
PASSWORD = "a long enough test password"
BACKENDS = ["sqlite", "postgresql"]


def postgres_unavailable(reason: str) -> None:
    """In CI a PostgreSQL run that cannot happen is a failure, never a silent skip."""
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is required in CI: {reason}")
    pytest.skip(f"PostgreSQL not reachable: {reason}")


def spark_unavailable(reason: str) -> None:
    """In CI a Spark run that cannot happen (no Java) is a failure, never a silent skip."""
    if os.environ.get("CI"):
        pytest.fail(f"Spark (Java) is required in CI: {reason}")
    pytest.skip(f"Spark cannot start: {reason}")


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    """One small local Spark session for the whole run (audits where the data lives)."""
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        spark_unavailable("no java on PATH and no JAVA_HOME")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("balise-tests")
        .config("spark.driver.memory", "512m")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture(scope="session")
def warehouse_url() -> Iterator[str]:
    """A PostgreSQL database standing for an organisation's own data platform."""
    name = f"balise_warehouse_{uuid.uuid4().hex[:12]}"
    try:
        admin = make_engine(f"{POSTGRES_SERVER}/postgres")
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        postgres_unavailable(str(error).splitlines()[0])
    yield f"{POSTGRES_SERVER}/{name}"
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test instead of migrating again."""
    path = tmp_path_factory.mktemp("template") / "balise.sqlite3"
    container = Container(Settings(data_dir=path.parent, database_url=f"sqlite:///{path}"))
    container.migrate()
    container.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    name = f"balise_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = make_engine(f"{POSTGRES_SERVER}/postgres")
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        postgres_unavailable(str(error).splitlines()[0])
    url = f"{POSTGRES_SERVER}/{name}"
    container = Container(Settings(database_url=url))
    container.migrate()
    container.dispose()
    yield url
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def empty_postgres(url: str) -> None:
    engine = make_engine(url)
    names = ", ".join(table.name for table in metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    backend: str = request.param
    return backend


@pytest.fixture
def container(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Container]:
    """A container on an empty, migrated database of the test's backend."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        database = tmp_path / "balise.sqlite3"
        shutil.copy(template, database)
        url = f"sqlite:///{database}"
    else:
        url = request.getfixturevalue("postgres_url")
        empty_postgres(url)
    built = Container(
        Settings(data_dir=tmp_path / "data", database_url=url, secret_key="test-secret-key")
    )
    yield built
    built.dispose()


@pytest.fixture
def world(container: Container) -> dict[str, object]:
    """Two organisations and one user of each role, created through the services."""
    root = Actor(user=User(email="root@balise.test", display_name="Root", role=Role.ADMIN, id=0))
    with container.uow() as uow:
        admin = accounts.create_user(
            uow,
            actor=root,
            password=PASSWORD,
            user=User(email="admin@balise.test", display_name="Admin", role=Role.ADMIN),
        )
        actor = Actor(user=admin)
        made = {
            slug: organisations.create_organisation(
                uow,
                actor=actor,
                organisation=Organisation(
                    slug=slug,
                    name=LocalizedText(fr=f"{slug} FR", nl=f"{slug} NL"),
                    kind=OrganisationKind.PUBLIC_BODY,
                    size_class=SizeClass.LARGE,
                    sector=Sector.PUBLIC_ADMINISTRATION,
                ),
            )
            for slug in ("alpha", "beta")
        }
        users = {"admin": admin}
        for role, email, org in (
            (Role.REGULATOR, "regulator@balise.test", None),
            (Role.EDITOR, "editor@balise.test", made["alpha"].id),
            (Role.REVIEWER, "reviewer@balise.test", made["alpha"].id),
            (Role.EDITOR, "other-editor@balise.test", made["beta"].id),
        ):
            users[email.split("@")[0]] = accounts.create_user(
                uow,
                actor=actor,
                password=PASSWORD,
                user=User(email=email, display_name=email, role=role, organisation_id=org),
            )
        uow.commit()
    return {"organisations": made, "users": users}


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container), base_url="http://testserver") as test_client:
        test_client.headers["Accept-Language"] = "en"
        yield test_client


def csrf_of(client: TestClient) -> str:
    if "balise_csrf" not in client.cookies:
        client.get("/login")
    return str(client.cookies["balise_csrf"])


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> None:
    response = client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": csrf_of(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
