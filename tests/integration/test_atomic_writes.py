"""All or nothing: a write of several records that fails part-way leaves no trace of itself."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor, User
from balise.domain.jobs.model import JobStatus
from balise.domain.organisations.model import Organisation, OrganisationKind, Sector, SizeClass
from balise.domain.organisations.rows import read_csv_rows
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import LocalizedText
from balise.services import organisations
from balise.services.organisations import ImportRejected

PASSWORD = "a long enough test password"  # the one tests/conftest.py gives every user


def csrf_of(client: TestClient) -> str:
    if "balise_csrf" not in client.cookies:
        client.get("/login")
    return str(client.cookies["balise_csrf"])


def sign_in(client: TestClient, email: str) -> None:
    response = client.post(
        "/login",
        data={"email": email, "password": PASSWORD, "csrf_token": csrf_of(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def enterprise_number(first_eight: str) -> str:
    return f"{first_eight}{97 - int(first_eight) % 97:02d}"


def admin_of(world: dict[str, object]) -> Actor:
    users = world["users"]
    assert isinstance(users, dict)
    admin = users["admin"]
    assert isinstance(admin, User)
    return Actor(user=admin)


def snapshot(container: Container) -> tuple[list[str], list[tuple[int, str]]]:
    """Every organisation's slug and name, and every audit event: what a batch could touch."""
    with container.engine.connect() as connection:
        slugs = (
            connection.execute(sa.text("SELECT slug FROM organisations ORDER BY slug"))
            .scalars()
            .all()
        )
        events = connection.execute(
            sa.text("SELECT seq, hash FROM audit_events ORDER BY seq")
        ).all()
    return list(slugs), [(seq, digest) for seq, digest in events]


def rows(*lines: str) -> list[tuple[int, Mapping[str, str] | ValidationError]]:
    header = "slug,name_fr,kind,size_class,sector,enterprise_number"
    return list(read_csv_rows("\n".join([header, *lines, ""])))


def import_and_commit(
    container: Container,
    actor: Actor,
    parsed: list[tuple[int, Mapping[str, str] | ValidationError]],
) -> None:
    """What the import job does: one unit of work, committed only if the service returns."""
    with container.uow() as uow:
        organisations.import_organisations(uow, actor=actor, rows=parsed)
        uow.commit()


def test_an_import_with_a_wrong_third_row_writes_nothing(
    container: Container, world: dict[str, object]
) -> None:
    before = snapshot(container)
    parsed = rows(
        "one,Un,company,small,research,",
        "alpha,Alpha changée,public_body,large,public_administration,",
        "three,Trois,company,gigantic,research,",
        "four,Quatre,company,small,research,",
    )

    with pytest.raises(ImportRejected) as rejected:
        import_and_commit(container, admin_of(world), parsed)

    assert set(rejected.value.problems) == {4}
    assert set(rejected.value.problems[4]) == {"size_class"}
    assert snapshot(container) == before
    with container.uow(read_only=True) as uow:
        alpha = uow.organisations.find_by_slug("alpha")
    assert alpha is not None
    assert alpha.name.fr == "alpha FR"


def test_a_clash_found_part_way_rolls_back_the_rows_before_it(
    container: Container, world: dict[str, object]
) -> None:
    """The second use of an enterprise number is seen only once the first row has been written."""
    number = enterprise_number("04123456")
    before = snapshot(container)
    parsed = rows(
        f"one,Un,company,small,research,{number}",
        "two,Deux,company,small,research,",
        f"three,Trois,company,small,research,{number}",
    )

    with pytest.raises(ImportRejected) as rejected:
        import_and_commit(container, admin_of(world), parsed)

    assert set(rejected.value.problems) == {4}
    assert set(rejected.value.problems[4]) == {"enterprise_number"}
    assert snapshot(container) == before


def test_a_database_error_in_the_middle_of_a_batch_leaves_nothing(
    container: Container, world: dict[str, object]
) -> None:
    """The services pass, then the database itself refuses a duplicate: all of it is undone."""
    actor = admin_of(world)
    before = snapshot(container)

    def organisation(slug: str) -> Organisation:
        return Organisation(
            slug=slug,
            name=LocalizedText(en=slug.title()),
            kind=OrganisationKind.COMPANY,
            size_class=SizeClass.MEDIUM,
            sector=Sector.FINANCE,
        )

    def batch() -> None:
        with container.uow() as uow:
            organisations.create_organisation(uow, actor=actor, organisation=organisation("first"))
            organisations.create_organisation(uow, actor=actor, organisation=organisation("second"))
            uow.organisations.add(organisation("first"), at=uow.clock.now())  # no service check
            uow.commit()

    with pytest.raises(sa.exc.IntegrityError):
        batch()

    assert snapshot(container) == before
    with container.uow() as uow:  # the database is usable afterwards, and the names are free
        organisations.create_organisation(uow, actor=actor, organisation=organisation("first"))
        uow.commit()
    with container.uow(read_only=True) as uow:
        assert uow.organisations.find_by_slug("first") is not None
        assert uow.organisations.find_by_slug("second") is None
        assert [event.seq for event in uow.audit_log.latest(1)] == [len(before[1]) + 1]


def test_a_unit_of_work_left_without_commit_writes_nothing(
    container: Container, world: dict[str, object]
) -> None:
    before = snapshot(container)
    with container.uow() as uow:
        organisations.import_organisations(
            uow,
            actor=admin_of(world),
            rows=rows("one,Un,company,small,research,", "two,Deux,company,small,research,"),
        )
    assert snapshot(container) == before


def test_a_wrong_line_in_an_uploaded_file_is_shown_and_nothing_is_imported(
    container: Container, world: dict[str, object], client: TestClient
) -> None:
    sign_in(client, "admin@balise.test")
    before = snapshot(container)
    csv = "\n".join(
        [
            "slug,name_fr,kind,size_class,sector",
            "one,Un,company,small,research",
            "two,Deux,conglomerate,small,research",
            "three,Trois,company,small,research",
            "",
        ]
    )

    response = client.post(
        "/organisations/import",
        data={"csrf_token": csrf_of(client)},
        files={"file": ("organisations.csv", csv.encode(), "text/csv")},
        follow_redirects=False,
    )

    assert response.status_code == 303, response.text
    match = re.fullmatch(r"/jobs/([0-9a-f]{32})", response.headers["location"])
    assert match is not None
    job_id = match.group(1)
    finished = container.run_job(job_id)
    assert finished.status is JobStatus.FAILED

    page = client.get(f"/jobs/{job_id}")
    assert page.status_code == 200
    assert "The file has errors; nothing was imported." in page.text
    assert "Line 3, column kind" in page.text
    assert "public_body, company, non_profit" in page.text
    assert "Line 2" not in page.text
    assert "Line 4" not in page.text
    assert snapshot(container) == before
    listing = client.get("/organisations.json").json()["organisations"]
    assert len(listing) == len(before[0])
