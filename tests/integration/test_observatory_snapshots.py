"""The observatory on both databases: snapshots over the demo, append-only, the demo history."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from balise.bootstrap import Container
from balise.cli.testing import CommandLine
from balise.domain.accounts.model import PUBLIC, SYSTEM, Actor
from balise.domain.observatory.catalogue import load_indicators
from balise.domain.shared.clock import FixedClock
from balise.domain.shared.errors import PermissionDenied, ValidationError
from balise.services import observatory
from balise.services.demo import load_demo
from balise.services.guichet_demo import seed_demo as seed_guichet
from balise.services.monitoring_demo import seed_demo as seed_monitoring
from register_support import create_published

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def demo(container: Container) -> FixedClock:
    clock = FixedClock(NOW)
    container.clock = clock
    with container.uow() as uow:
        load_demo(uow, seeders=(seed_monitoring, seed_guichet, observatory.seed_demo))
        uow.commit()
    return clock


def test_a_snapshot_computes_every_indicator_over_the_demo(
    container: Container, demo: FixedClock
) -> None:
    with container.uow() as uow:
        outcome = observatory.take_snapshot(uow, actor=SYSTEM)
        uow.commit()
    assert outcome.as_of == NOW.date()
    with container.uow(read_only=True) as uow:
        found = observatory.get_observatory(uow, actor=PUBLIC)
    values = {entry.indicator.code: entry.result for entry in found.entries}
    assert set(values) == {i.code for i in load_indicators()}
    assert values["systems_published"].value
    assert values["systems_published"].value > 20
    assert values["systems_published"].breakdown
    assert values["requests_by_kind"].value
    assert values["requests_median_response_days"].value is not None
    assert values["incidents_on_time_share"].value is not None
    assert values["first_review_compliance_share"].value == 1.0
    assert values["guides_published"].value == 8  # the guichet demo publishes the shipped set
    assert values["questions_median_response_days"].value == 7.0  # answered in 5, 7, 12 days
    # the demo's history: monthly snapshots over two years, then today
    history = {entry.indicator.code: entry.history for entry in found.entries}
    days = [s.as_of for s in history["systems_published"]]
    assert days[0] <= NOW.date() - timedelta(days=730)
    assert days[-1] == NOW.date()
    first, last = history["systems_published"][0], history["systems_published"][-1]
    assert first.result.value is not None
    assert last.result.value is not None
    assert first.result.value < last.result.value
    # filters keep one organisation's items
    with container.uow(read_only=True) as uow:
        only = observatory.get_observatory(
            uow, actor=PUBLIC, filters=observatory.Filters(organisation=found.organisations[0])
        )
    assert only.entries[0].history == ()


def test_snapshots_are_append_only(container: Container, demo: FixedClock) -> None:
    day = NOW.date() - timedelta(days=3)
    with container.uow() as uow:
        first = observatory.take_snapshot(uow, actor=SYSTEM, as_of=day)
        uow.commit()
    assert len(first.stored) == len(load_indicators())
    with container.uow() as uow:
        again = observatory.take_snapshot(uow, actor=SYSTEM, as_of=day)
        uow.commit()
    assert again.stored == ()
    assert len(again.unchanged) == len(load_indicators())
    with container.uow(read_only=True) as uow:
        stored = uow.observatory.on_day(day)
    assert {s.version for s in stored} == {1}
    assert len(stored) == len(load_indicators())


def test_a_changed_value_for_a_past_day_is_a_new_version(
    container: Container, world: dict[str, Any]
) -> None:
    container.clock = FixedClock(NOW)
    create_published(container, world, "first")
    day = NOW.date()
    with container.uow() as uow:
        observatory.take_snapshot(uow, actor=SYSTEM, as_of=day)
        uow.commit()
    create_published(container, world, "second")  # recorded later the same day
    with container.uow() as uow:
        outcome = observatory.take_snapshot(uow, actor=SYSTEM, as_of=day)
        uow.commit()
    assert "systems_published" in outcome.stored
    with container.uow(read_only=True) as uow:
        versions = [s for s in uow.observatory.on_day(day) if s.code == "systems_published"]
        latest = observatory.get_indicator(uow, actor=PUBLIC, code="systems_published")
    assert [s.version for s in versions] == [1, 2]
    assert [s.result.value for s in versions] == [1.0, 2.0]
    assert [s.result.value for s in latest.history] == [2.0]


def test_who_may_take_a_snapshot(container: Container, world: dict[str, object]) -> None:
    users = world["users"]
    assert isinstance(users, dict)
    with container.uow() as uow:
        with pytest.raises(PermissionDenied):
            observatory.take_snapshot(uow, actor=Actor(user=users["editor"]))
        with pytest.raises(ValidationError):
            observatory.take_snapshot(
                uow, actor=Actor(user=users["regulator"]), as_of=date(2999, 1, 1)
            )
        assert observatory.take_snapshot(uow, actor=Actor(user=users["regulator"])).stored


def test_the_snapshot_job_and_the_cli(container: Container, world: dict[str, object]) -> None:
    from balise.services.jobs import start_job

    users = world["users"]
    assert isinstance(users, dict)
    with container.uow() as uow:
        job = start_job(
            uow,
            actor=Actor(user=users["admin"]),
            kind=observatory.SNAPSHOT_JOB,
            params={"as_of": "2026-01-31"},
        )
        uow.commit()
    finished = container.run_job(job.id)
    assert finished.status.value == "succeeded", finished.error
    assert finished.result
    assert finished.result["as_of"] == "2026-01-31"
    balise = CommandLine(container.settings)
    result = balise("observatory", "snapshot", "--as-of", "2026-01-31", "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"stored": []' in result.output
    bad = balise("observatory", "snapshot", "--as-of", "yesterday")
    assert bad.exit_code == 2
    listed = balise("observatory", "indicators", "--format", "json")
    assert listed.exit_code == 0
    assert "questions_median_response_days" in listed.output


def test_a_drawn_panel_is_held_and_measured_against_its_quotas(
    container: Container, world: dict[str, Any]
) -> None:
    import importlib.util
    from pathlib import Path

    from balise.domain.panels.record import PanelState

    # the panels' web test helpers build a drawn panel through the services
    path = Path(__file__).parents[1] / "web" / "panel_support.py"
    spec = importlib.util.spec_from_file_location("observatory_panel_support", path)
    assert spec is not None
    assert spec.loader is not None
    support = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(support)
    make_panel = support.make_panel

    admin = Actor(user=world["users"]["admin"])  # type: ignore[index]
    alpha = world["organisations"]["alpha"].id  # type: ignore[index]
    make_panel(container, admin, slug="held", organisation_id=alpha, until=PanelState.DRAWN)
    make_panel(container, admin, slug="waiting", organisation_id=alpha, until=PanelState.SELECTED)
    with container.uow(read_only=True) as uow:
        found = observatory.get_observatory(uow, actor=PUBLIC)
    values = {entry.indicator.code: entry.result for entry in found.entries}
    assert values["panels_held"].value == 1.0
    gap = values["panels_quota_gap"]
    assert gap.value == 0.0  # a selection meets its quotas
    assert set(gap.breakdown) == {"held"}


def test_the_platform_takes_the_snapshot_of_the_day_once(
    container: Container, world: dict[str, Any]
) -> None:
    clock = FixedClock(NOW)
    container.clock = clock
    create_published(container, world)
    assert container.housekeeping().snapshot_taken
    assert not container.housekeeping().snapshot_taken  # once a day
    with container.uow(read_only=True) as uow:
        days = {s.as_of for s in uow.observatory.on_day(NOW.date())}
        events = uow.audit_log.history("observatory", NOW.date().isoformat())
    assert days == {NOW.date()}
    assert [event.actor for event in events] == ["system"]
    clock.at = NOW + timedelta(days=1)
    assert container.housekeeping().snapshot_taken  # the next day, a new one
