"""The charts of an audit report, as geometry the templates draw in SVG (audits/_macros.html),
and its numbers in the reader's language.

`audit_number` and `audit_view` are template globals, registered once where the templates are
configured (web/rendering.py), because the portal's system page shows audits too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from babel.numbers import format_decimal

from balise.domain.audits.fairness import RATE_NAMES
from balise.domain.audits.reports import AuditDocument, FairnessReport
from balise.i18n import current_language, gettext

CHART_RATES = ("selection_rate", "tpr", "fpr")
CHART_WIDTH = 640
LABEL_HEIGHT = 18
BAR_HEIGHT = 16
ROW_HEIGHT = 46
PLOT_LEFT = 20
PLOT_RIGHT = 560


def decimal(value: float | int | None, digits: int = 3) -> str:
    """A number in the reader's language, e.g. 0,620 in French; an en dash when undefined."""
    if value is None:
        return "–"
    if isinstance(value, int) and not isinstance(value, bool):
        return format_decimal(value, locale=current_language.get().value)
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=current_language.get().value)


def x_of(value: float) -> float:
    return round(PLOT_LEFT + max(0.0, min(1.0, value)) * (PLOT_RIGHT - PLOT_LEFT), 1)


@dataclass(frozen=True)
class BarRow:
    """One bar: a value in [0, 1], its interval, maybe a reference mark."""

    label: str
    value: float | None
    low: float | None = None
    high: float | None = None
    reference: float | None = None
    withheld: bool = False


@dataclass(frozen=True)
class Interval:
    x1: float
    x2: float
    y: float


@dataclass(frozen=True)
class Bar:
    label: str
    label_y: float
    y: float
    height: float
    withheld: bool
    value: float | None
    text: str | None
    width: float = 0.0
    text_x: float = 0.0
    ci: Interval | None = None
    reference_x: float | None = None


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    axis_y: int
    plot_left: int = PLOT_LEFT
    plot_right: int = PLOT_RIGHT


def _bar(index: int, row: BarRow) -> Bar:
    top = 8 + index * ROW_HEIGHT
    value = row.value
    width = text_x = 0.0
    if value is not None:
        width = max(0.0, round(x_of(value) - PLOT_LEFT, 1))
        right = max(value, row.high or 0.0, row.reference or 0.0)
        text_x = min(x_of(right) + 8, PLOT_RIGHT + 10)
    ci = None
    if row.low is not None and row.high is not None:
        ci = Interval(x_of(row.low), x_of(row.high), top + LABEL_HEIGHT + BAR_HEIGHT / 2)
    return Bar(
        label=row.label,
        label_y=top + LABEL_HEIGHT - 4,
        y=top + LABEL_HEIGHT,
        height=BAR_HEIGHT,
        withheld=row.withheld,
        value=value,
        text=decimal(value) if value is not None else None,
        width=width,
        text_x=text_x,
        ci=ci,
        reference_x=x_of(row.reference) if row.reference is not None else None,
    )


def bar_chart(rows: list[BarRow]) -> BarChart:
    """Geometry of a horizontal bar chart of values in [0, 1], each with its interval and an
    optional reference mark."""
    height = 8 + len(rows) * ROW_HEIGHT + 24
    return BarChart(
        width=CHART_WIDTH,
        height=height,
        bars=tuple(_bar(index, row) for index, row in enumerate(rows)),
        ticks=tuple(Tick(x_of(t / 4), decimal(t / 4, 2)) for t in range(5)),
        axis_y=height - 20,
    )


def group_text(group: Mapping[str, object] | None, missing: str) -> str:
    if not group:
        return ""
    return ", ".join(
        f"{column} = {missing if value is None else value}" for column, value in group.items()
    )


@dataclass(frozen=True)
class RateChart:
    rate: str
    chart: BarChart


@dataclass(frozen=True)
class DocumentView:
    """The charts of a report: one per rate (fairness), or the shares (representativeness)."""

    group_text: Callable[[Mapping[str, object] | None], str]
    charts: tuple[RateChart, ...] = ()
    chart: BarChart | None = None
    rates: tuple[str, ...] = field(default=RATE_NAMES)


def fairness_view(document: FairnessReport, missing: str) -> DocumentView:
    charts = []
    for rate in CHART_RATES:
        rows = []
        for group in document.groups:
            interval = group.ci.get(rate)
            rows.append(
                BarRow(
                    label=group_text(group.group, missing),
                    value=None if group.too_small else group.rates.get(rate),
                    low=interval.low if interval else None,
                    high=interval.high if interval else None,
                    withheld=group.too_small,
                )
            )
        charts.append(RateChart(rate, bar_chart(rows)))
    return DocumentView(lambda group: group_text(group, missing), charts=tuple(charts))


def document_view(document: AuditDocument) -> DocumentView:
    """The charts of a report document, in the current language."""
    missing = gettext("(missing)")
    if isinstance(document, FairnessReport):
        return fairness_view(document, missing)
    rows = [
        BarRow(
            label=group_text(cell.cell, missing),
            value=cell.observed_share,
            low=cell.ci.low if cell.ci else None,
            high=cell.ci.high if cell.ci else None,
            reference=cell.reference_share,
        )
        for cell in document.cells
    ]
    return DocumentView(lambda group: group_text(group, missing), chart=bar_chart(rows))
