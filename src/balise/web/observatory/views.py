"""View models of the observatory: one document for the page, its JSON twin and the API,
and the geometry of its charts, which the templates draw as SVG beside a data table.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from balise.domain.monitoring.incidents import IncidentCategory
from balise.domain.monitoring.requests import RequestKind
from balise.domain.observatory.catalogue import Indicator, Unit
from balise.domain.observatory.functions import Result
from balise.domain.observatory.snapshots import Snapshot
from balise.domain.organisations.model import Level, Sector
from balise.domain.register.standard import CHOICES
from balise.domain.shared.cells import csv_writer
from balise.domain.shared.i18n import N_
from balise.i18n import gettext
from balise.services.observatory import AnnualReport, Entry, Observatory
from balise.web.labels import LABELS

CHART_WIDTH = 560
TREND_HEIGHT = 160
TREND_PAD = 28

# The legal basis or source of each indicator (indicators.yaml), so that the indicator's page can
# show it in the reader's language; the open data keep it as the file writes it.
BASES = (
    N_("Federal AI plan, citizen participation"),
    N_("Federal AI plan, sustainable AI"),
    N_("Federal AI plan, transparency of public algorithms"),
    N_("Register standard: each record names the date of its next revision"),
    N_("Regulation (EU) 2016/679, Art 12(3)"),
    N_("Regulation (EU) 2016/679, Art 22(3)"),
    N_("Regulation (EU) 2024/1689, Art 10(2)(f) and Art 26(5)"),
    N_("Regulation (EU) 2024/1689, Art 27"),
    N_("Regulation (EU) 2024/1689, Art 3(49) and Art 73"),
    N_(
        "Regulation (EU) 2024/1689, Art 49 and Art 71; federal AI plan, transparency of public algorithms"  # noqa: E501
    ),
    N_("Regulation (EU) 2024/1689, Art 73(2) to (4)"),
    N_("Regulation (EU) 2024/1689, Art 86; Regulation (EU) 2016/679, Art 15 and Art 22"),
    N_("Think tank proposal #32, compliance rate at first control"),
    N_("Think tank proposal #32, one-stop shop for AI: hotline"),
    N_("Think tank proposal #32, one-stop shop for AI: median response time"),
    N_("Think tank proposal #32, one-stop shop for AI: number and quality of guides"),
)
RISK_LABELS = dict(CHOICES["risk_category"])
ENUMS: tuple[type[StrEnum], ...] = (Level, Sector, IncidentCategory, RequestKind)
# The enumeration a breakdown's keys come from, where two enumerations share a value ("health").
BREAKDOWN_ENUMS: dict[str, tuple[type[StrEnum], ...]] = {
    "systems_by_sector": (Sector,),
    "systems_by_level": (Level,),
    "incidents_by_category": (IncidentCategory,),
    "requests_by_kind": (RequestKind,),
}


def key_label(key: str, enums: tuple[type[StrEnum], ...] = ENUMS) -> str:
    """A breakdown key in the reader's language (a risk category, level, sector...)."""
    if key in RISK_LABELS:
        return gettext(RISK_LABELS[key])
    for enum in enums:
        try:
            member = enum(key)
        except ValueError:
            continue
        if member in LABELS:
            return gettext(LABELS[member])
    return key


def formatted(unit: Unit, value: float | None) -> str:
    """A value in the reader's language; an en dash when there is none."""
    from babel.numbers import format_decimal, format_percent

    from balise.i18n import current_language

    locale = current_language.get().value
    if value is None:
        return "–"
    if unit is Unit.SHARE:
        return format_percent(value, format="#,##0.#%", locale=locale)
    if unit is Unit.DAYS:
        return format_decimal(value, format="#,##0.#", locale=locale)
    return format_decimal(value, format="#,##0.##", locale=locale)


@dataclass(frozen=True)
class Bar:
    """A row of a bar table: the bar's length is a percentage of the longest bar."""

    label: str
    value: float
    text: str
    share: float


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None
    text: str
    x: float
    y: float | None


def day_label(day: date) -> str:
    """A snapshot's day in words, in the reader's language (3 déc. 2026, 03.12.2026...)."""
    from babel.dates import format_date

    from balise.i18n import current_language

    return format_date(day, "medium", locale=current_language.get().value)


def bars(unit: Unit, result: Result, enums: tuple[type[StrEnum], ...] = ENUMS) -> list[Bar]:
    items = sorted(result.breakdown.items(), key=lambda kv: (-kv[1], kv[0]))
    top = max((v for _, v in items), default=0.0) or 1.0
    return [
        Bar(
            key_label(key, enums),
            value,
            formatted(unit, value),
            round(max(1.0, value / top * 100), 1) if value else 0.0,
        )
        for key, value in items
    ]


def trend(unit: Unit, history: Sequence[Snapshot]) -> list[Point]:
    """The history as points of a line, oldest on the left; days without value leave a gap."""
    values = [s.result.value for s in history if s.result.value is not None]
    if len(values) < 2:
        return []
    low = 0.0
    high = max(*values, 1.0 if unit is Unit.SHARE else 0.0) or 1.0
    span = max(1, len(history) - 1)
    inner = TREND_HEIGHT - 2 * TREND_PAD
    points = []
    for index, snapshot in enumerate(history):
        value = snapshot.result.value
        y = None if value is None else round(TREND_PAD + inner * (1 - (value - low) / high), 1)
        x = round(TREND_PAD + (CHART_WIDTH - 2 * TREND_PAD) * index / span, 1)
        points.append(Point(day_label(snapshot.as_of), value, formatted(unit, value), x, y))
    return points


def polyline(points: Sequence[Point]) -> str:
    return " ".join(f"{p.x},{p.y}" for p in points if p.y is not None)


def result_json(result: Result) -> dict[str, Any]:
    return {"value": result.value, "breakdown": dict(result.breakdown), "reason": result.reason}


def history_json(history: Sequence[Snapshot]) -> list[dict[str, Any]]:
    return [
        {
            "as_of": s.as_of.isoformat(),
            "value": s.result.value,
            "breakdown": dict(s.result.breakdown),
            "reason": s.result.reason,
            "version": s.version,
        }
        for s in history
    ]


def indicator_json(indicator: Indicator) -> dict[str, Any]:
    return {
        "code": indicator.code,
        "name": indicator.name.as_dict(),
        "definition": indicator.definition.as_dict(),
        "unit": indicator.unit.value,
        "direction": indicator.direction.value,
        "target": indicator.target,
        "source": indicator.source,
        "basis": indicator.basis,
        "function": indicator.function,
        "version": indicator.version,
        "url": f"/observatory/indicators/{indicator.code}",
    }


def entry_json(entry: Entry) -> dict[str, Any]:
    return {
        **indicator_json(entry.indicator),
        **result_json(entry.result),
        "history": history_json(entry.history),
    }


def observatory_json(observatory: Observatory) -> dict[str, Any]:
    """`GET /observatory.json`: every indicator, its current value and its history."""
    filters = observatory.filters
    return {
        "as_of": observatory.as_of.isoformat(),
        "filters": {
            "level": filters.level,
            "sector": filters.sector,
            "organisation": filters.organisation,
        },
        "indicators": [entry_json(entry) for entry in observatory.entries],
    }


def entry_view(entry: Entry) -> dict[str, Any]:
    unit = entry.indicator.unit
    points = trend(unit, entry.history)
    return {
        "indicator": entry.indicator,
        "result": entry.result,
        "value": formatted(unit, entry.result.value),
        "target": formatted(unit, entry.indicator.target)
        if entry.indicator.target is not None
        else None,
        "bars": bars(unit, entry.result, BREAKDOWN_ENUMS.get(entry.indicator.function, ENUMS)),
        "points": points,
        "polyline": polyline(points),
    }


def observatory_view(observatory: Observatory) -> dict[str, Any]:
    return {
        "observatory": observatory,
        "entries": [entry_view(entry) for entry in observatory.entries],
        "level_options": [(v, key_label(v, (Level,))) for v in observatory.levels],
        "sector_options": [(v, key_label(v, (Sector,))) for v in observatory.sectors],
        "organisation_options": [
            (slug, observatory.organisation_names.get(slug)) for slug in observatory.organisations
        ],
        "chart_width": CHART_WIDTH,
        "trend_height": TREND_HEIGHT,
    }


def annual_view(report: AnnualReport) -> dict[str, Any]:
    rows = []
    for entry in report.entries:
        unit = entry.indicator.unit
        points = trend(unit, entry.history)
        rows.append(
            {
                "indicator": entry.indicator,
                "start": formatted(unit, entry.start.result.value) if entry.start else "–",
                "end": formatted(unit, entry.end.result.value) if entry.end else "–",
                "reason": entry.end.result.reason if entry.end else None,
                "points": points,
                "polyline": polyline(points),
            }
        )
    return {
        "report": report,
        "rows": rows,
        "chart_width": CHART_WIDTH,
        "trend_height": TREND_HEIGHT,
    }


def annual_json(report: AnnualReport) -> dict[str, Any]:
    return {
        "year": report.year,
        "indicators": [
            {
                **indicator_json(e.indicator),
                "start": history_json([e.start])[0] if e.start else None,
                "end": history_json([e.end])[0] if e.end else None,
                "history": history_json(e.history),
            }
            for e in report.entries
        ],
    }


CSV_INDICATOR_COLUMNS = (
    "code",
    "unit",
    "direction",
    "target",
    "source",
    "basis",
    "value",
    "reason",
    "breakdown",
    "name_fr",
    "name_nl",
    "name_de",
    "name_en",
    "definition_fr",
    "definition_nl",
    "definition_de",
    "definition_en",
)
CSV_HISTORY_COLUMNS = (
    "code",
    "as_of",
    "version",
    "value",
    "reason",
    "breakdown",
    "indicator_version",
    "computed_at",
)


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\n")  # texts never run as formulas
    writer.writerow(header)
    writer.writerows([["" if cell is None else cell for cell in row] for row in rows])
    return buffer.getvalue()


def indicators_csv(observatory: Observatory) -> str:
    rows = []
    for e in observatory.entries:
        i = e.indicator
        rows.append(
            [
                i.code,
                i.unit.value,
                i.direction.value,
                i.target,
                i.source,
                i.basis,
                e.result.value,
                e.result.reason,
                json.dumps(dict(e.result.breakdown), sort_keys=True),
                i.name.fr,
                i.name.nl,
                i.name.de,
                i.name.en,
                i.definition.fr,
                i.definition.nl,
                i.definition.de,
                i.definition.en,
            ]
        )
    return _csv(CSV_INDICATOR_COLUMNS, rows)


def history_csv(snapshots: Sequence[Snapshot]) -> str:
    return _csv(
        CSV_HISTORY_COLUMNS,
        [
            [
                s.code,
                s.as_of.isoformat(),
                s.version,
                s.result.value,
                s.result.reason,
                json.dumps(dict(s.result.breakdown), sort_keys=True),
                s.indicator_version,
                s.computed_at.isoformat(),
            ]
            for s in snapshots
        ],
    )


def snapshots_json(snapshots: Sequence[Snapshot]) -> dict[str, Any]:
    return {"snapshots": [{"code": s.code, **s.to_json()} for s in snapshots]}
