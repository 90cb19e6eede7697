"""Snapshots: an indicator's value on one day, append-only.

A day's value is never overwritten: computing a day again stores nothing when the value is the
same, and a new numbered version beside the old one when it differs; readers take the latest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from balise.domain.observatory.catalogue import Indicator
from balise.domain.observatory.facts import Facts
from balise.domain.observatory.functions import FUNCTIONS, Result

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Snapshot:
    code: str
    as_of: date
    version: int
    result: Result
    indicator_version: str
    computed_at: datetime

    def __post_init__(self) -> None:
        if self.version < 1:
            raise ValueError("snapshot versions start at 1")
        if self.computed_at.tzinfo is None:
            raise ValueError("computed_at must be aware")

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "as_of": self.as_of.isoformat(),
            "version": self.version,
            **self.result.to_json(),
            "indicator_version": self.indicator_version,
            "computed_at": self.computed_at.isoformat(),
        }


def compute(indicators: Sequence[Indicator], facts: Facts) -> dict[str, Result]:
    """Every indicator's result over the same facts."""
    return {indicator.code: FUNCTIONS[indicator.function](facts) for indicator in indicators}


def next_version(latest: Snapshot | None, result: Result) -> int | None:
    """The version to store for a day, or None when its latest stored value is the same."""
    if latest is None:
        return 1
    if latest.result == result:
        return None
    return latest.version + 1


def latest_per_day(snapshots: Sequence[Snapshot]) -> list[Snapshot]:
    """The latest version of each (indicator, day), ordered by day."""
    latest: dict[tuple[str, date], Snapshot] = {}
    for snapshot in snapshots:
        key = (snapshot.code, snapshot.as_of)
        if key not in latest or latest[key].version < snapshot.version:
            latest[key] = snapshot
    return sorted(latest.values(), key=lambda s: (s.as_of, s.code))


def history_by_code(snapshots: Sequence[Snapshot]) -> Mapping[str, list[Snapshot]]:
    grouped: dict[str, list[Snapshot]] = {}
    for snapshot in latest_per_day(snapshots):
        grouped.setdefault(snapshot.code, []).append(snapshot)
    return grouped
