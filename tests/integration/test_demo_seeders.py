"""The demo's extension point: each area's `seed_demo(uow, *, clock)` runs after the register."""

from __future__ import annotations

from datetime import datetime

from balise.adapters.solvers.highs import HighsSolver
from balise.bootstrap import Container
from balise.data.demo import read_demo_data
from balise.domain.shared.clock import Clock
from balise.services.demo import DEMO_CREDENTIALS, DEMO_SYSTEMS, area_seeders, load_demo
from balise.services.ports import UnitOfWork


def test_area_seeders_run_after_the_register_in_the_same_transaction(
    container: Container,
) -> None:
    seen: list[tuple[bool, datetime]] = []

    def seed_demo(uow: UnitOfWork, *, clock: Clock) -> bool:
        last = DEMO_SYSTEMS[-1]
        hulplijn = uow.organisations.find_by_slug(last.organisation)
        assert hulplijn is not None
        assert hulplijn.id is not None
        register_there = uow.systems.find_by_source_id(hulplijn.id, last.source_id) is not None
        seen.append((register_there, clock.now()))
        return False

    with container.uow() as uow:
        assert load_demo(uow, seeders=(seed_demo,)) == list(DEMO_CREDENTIALS)
        uow.commit()
    assert seen[0][0] is True

    with container.uow() as uow:
        assert load_demo(uow, seeders=(seed_demo,)) == []  # nothing new, the seeder added nothing
        assert load_demo(uow, seeders=(lambda uow, *, clock: True,)) == list(DEMO_CREDENTIALS)
    assert len(seen) == 2


def test_every_area_seeder_is_listed_once_and_the_data_files_are_consistent() -> None:
    seeders = [getattr(seeder, "func", seeder) for seeder in area_seeders(HighsSolver())]
    assert len(set(seeders)) == len(seeders)
    organisations = {item["slug"] for item in read_demo_data("organisations")["organisations"]}
    accounts = read_demo_data("users")["accounts"]
    assert accounts[0]["role"] == "admin"
    assert {item["organisation"] for item in accounts if "organisation" in item} <= organisations
    assert {system.organisation for system in DEMO_SYSTEMS} <= organisations
