"""The observatory: taking snapshots of the indicators, and reading them (public aggregates)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from balise.domain.accounts.model import SYSTEM, Actor
from balise.domain.observatory.catalogue import Indicator, find_indicator, load_indicators
from balise.domain.observatory.facts import Facts
from balise.domain.observatory.functions import Result
from balise.domain.observatory.snapshots import (
    Snapshot,
    compute,
    history_by_code,
    latest_per_day,
    next_version,
)
from balise.domain.shared.clock import Clock
from balise.domain.shared.errors import NotFound, ValidationError
from balise.domain.shared.i18n import N_, LocalizedText, Message
from balise.services.audit_log import record_event
from balise.services.permissions import can_take_observatory_snapshot, require
from balise.services.ports import UnitOfWork

SNAPSHOT_JOB = "observatory.snapshot"
DEMO_MONTHS = 24
NO_SUCH_INDICATOR = Message(N_("There is no such indicator."))


@dataclass(frozen=True)
class SnapshotOutcome:
    as_of: date
    stored: tuple[str, ...]
    unchanged: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "stored": list(self.stored),
            "unchanged": list(self.unchanged),
        }


@dataclass(frozen=True)
class Filters:
    level: str | None = None
    sector: str | None = None
    organisation: str | None = None

    @property
    def any(self) -> bool:
        return any((self.level, self.sector, self.organisation))


@dataclass(frozen=True)
class Entry:
    indicator: Indicator
    result: Result
    history: tuple[Snapshot, ...]


@dataclass(frozen=True)
class Observatory:
    as_of: date
    filters: Filters
    entries: tuple[Entry, ...]
    levels: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    organisation_names: Mapping[str, LocalizedText] = field(default_factory=dict)


@dataclass(frozen=True)
class AnnualEntry:
    indicator: Indicator
    start: Snapshot | None
    end: Snapshot | None
    history: tuple[Snapshot, ...]


@dataclass(frozen=True)
class AnnualReport:
    year: int
    entries: tuple[AnnualEntry, ...]
    years: tuple[int, ...] = field(default_factory=tuple)


def _store(uow: UnitOfWork, day: date, results: Mapping[str, Result]) -> SnapshotOutcome:
    existing = {s.code: s for s in latest_per_day(uow.observatory.on_day(day))}
    stored: list[str] = []
    unchanged: list[str] = []
    for indicator in load_indicators():
        result = results[indicator.code]
        version = next_version(existing.get(indicator.code), result)
        if version is None:
            unchanged.append(indicator.code)
            continue
        uow.observatory.add(
            Snapshot(
                code=indicator.code,
                as_of=day,
                version=version,
                result=result,
                indicator_version=indicator.version,
                computed_at=uow.clock.now(),
            )
        )
        stored.append(indicator.code)
    return SnapshotOutcome(day, tuple(stored), tuple(unchanged))


def take_snapshot(uow: UnitOfWork, *, actor: Actor, as_of: date | None = None) -> SnapshotOutcome:
    """Compute every indicator for a day (today by default) and append what changed.

    A day already computed keeps its values: an identical result stores nothing, a different
    one (data corrected since) is stored as a new version beside the old one.
    """
    require(can_take_observatory_snapshot(actor))
    today = uow.clock.now().date()
    day = as_of or today
    if day > today:
        raise ValidationError.single("as_of", N_("A snapshot cannot be taken of a future day."))
    outcome = _store(uow, day, compute(load_indicators(), uow.observatory.facts().as_of(day)))
    record_event(
        uow,
        actor=actor,
        event_type="observatory.snapshot_taken",
        entity_type="observatory",
        entity_id=day.isoformat(),
        after=outcome.as_dict(),
    )
    return outcome


def take_daily_snapshot(uow: UnitOfWork) -> SnapshotOutcome | None:
    """Today's snapshot, taken by the platform itself (the housekeeping of `balise serve` and
    `balise worker`) unless one exists already; None when there was nothing to do."""
    today = uow.clock.now().date()
    if uow.observatory.on_day(today):
        return None
    outcome = _store(uow, today, compute(load_indicators(), uow.observatory.facts().as_of(today)))
    record_event(
        uow,
        actor=SYSTEM,
        event_type="observatory.snapshot_taken",
        entity_type="observatory",
        entity_id=today.isoformat(),
        after=outcome.as_dict(),
    )
    return outcome


def get_observatory(
    uow: UnitOfWork, *, actor: Actor, filters: Filters | None = None
) -> Observatory:
    """Every indicator's value now (over the organisations the filters keep) and its history.

    Histories are snapshots of the whole register: they are shown only without filters.
    """
    chosen = filters or Filters()
    today = uow.clock.now().date()
    everything = uow.observatory.facts()
    facts = everything.filtered(
        level=chosen.level, sector=chosen.sector, organisation=chosen.organisation
    ).as_of(today)
    results = compute(load_indicators(), facts)
    histories = {} if chosen.any else history_by_code(uow.observatory.history())
    owners = (
        {s.owner for s in everything.systems}
        | {i.owner for i in everything.incidents}
        | {r.owner for r in everything.requests}
        | {p.owner for p in everything.panels}
    )
    return Observatory(
        as_of=today,
        filters=chosen,
        entries=tuple(
            Entry(indicator, results[indicator.code], tuple(histories.get(indicator.code, ())))
            for indicator in load_indicators()
        ),
        levels=tuple(sorted({o.level for o in owners})),
        sectors=tuple(sorted({o.sector for o in owners})),
        organisations=tuple(sorted({o.organisation for o in owners})),
        organisation_names={
            o.slug: o.name
            for o in uow.organisations.list_all()
            if o.slug in {owner.organisation for owner in owners}
        },
    )


def get_indicator(uow: UnitOfWork, *, actor: Actor, code: str) -> Entry:
    indicator = find_indicator(code)
    if indicator is None:
        raise NotFound(NO_SUCH_INDICATOR)
    facts = uow.observatory.facts().as_of(uow.clock.now().date())
    result = compute((indicator,), facts)[code]
    history = history_by_code(uow.observatory.history()).get(code, [])
    return Entry(indicator, result, tuple(history))


def list_snapshots(uow: UnitOfWork, *, actor: Actor) -> list[Snapshot]:
    """Every stored version of every day, superseded ones included (the open data's full log)."""
    return uow.observatory.history()


def get_annual_report(uow: UnitOfWork, *, actor: Actor, year: int) -> AnnualReport:
    """Each indicator at the start and the end of a year, and its snapshots during that year."""
    if not 1900 < year < 10000:
        raise ValidationError.single("year", N_("Choose a year."))
    first, last = date(year, 1, 1), date(year, 12, 31)
    histories = history_by_code(uow.observatory.history(until=last))
    entries = []
    for indicator in load_indicators():
        history = histories.get(indicator.code, [])
        before = [s for s in history if s.as_of < first]
        during = tuple(s for s in history if s.as_of >= first)
        start = before[-1] if before else (during[0] if during else None)
        entries.append(AnnualEntry(indicator, start, during[-1] if during else None, during))
    years = tuple(sorted({day.year for day in uow.observatory.days()}))
    return AnnualReport(year, tuple(entries), years)


def demo_days(today: date, months: int = DEMO_MONTHS) -> Sequence[date]:
    """One day a month for `months` months back to today, oldest first."""
    return [today - timedelta(days=round(30.44 * back)) for back in range(months, -1, -1)]


def seed_demo(uow: UnitOfWork, *, clock: Clock) -> bool:
    """Back-dated monthly snapshots over two years, so that the demo's trends are visible.

    The demo's records are all created on the day it is loaded; its history replays them in
    their order of publication (a growing share of each collection month after month), which
    is what these snapshots say: a demonstration, not a measure. Runs once.
    """
    if uow.observatory.days():
        return False
    facts: Facts = uow.observatory.facts()
    today = clock.now().date()
    days = demo_days(today)
    for position, day in enumerate(days):
        fraction = 0.25 + 0.75 * position / (len(days) - 1)
        replayed = replace(facts.replayed(fraction), today=day)
        _store(uow, day, compute(load_indicators(), replayed))
    record_event(
        uow,
        actor=Actor(label="demo"),
        event_type="observatory.demo_seeded",
        entity_type="observatory",
        entity_id=today.isoformat(),
        after={"days": [day.isoformat() for day in days]},
    )
    return True
