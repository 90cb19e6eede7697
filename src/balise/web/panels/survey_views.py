"""The documents of the panels' before/after questionnaire: the results (page, `.json` twin, API,
`balise panel survey`), their chart, and the organisers' and members' pages.

The chart is a forest plot drawn in SVG by `panels/survey/_chart.html`: per item, a dot at the mean
change (after − before) and a bar over its 95 % confidence interval, around a line at zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from balise.domain.panels.survey import (
    CONFIDENCE,
    FIELD_PREFIX,
    SCALE,
    ItemBank,
    ItemResult,
    Phase,
    SurveyAction,
    SurveyStage,
)
from balise.domain.shared.i18n import N_
from balise.i18n import current_language
from balise.services.panels_survey import MemberQuestionnaire, PublishedSurvey, SurveyOverview
from balise.web.audits.charts import decimal

STAGE_LABELS = {
    SurveyStage.BEFORE_OPEN: N_('The "before" questionnaire is open'),
    SurveyStage.BETWEEN: N_("Between the two questionnaires (deliberation)"),
    SurveyStage.AFTER_OPEN: N_('The "after" questionnaire is open'),
    SurveyStage.CLOSED: N_("Closed: results published"),
}
PHASE_LABELS = {
    Phase.BEFORE: N_("Before the deliberation"),
    Phase.AFTER: N_("After the deliberation"),
}
ACTION_LABELS = {
    SurveyAction.OPEN_BEFORE: N_('Open the "before" questionnaire'),
    SurveyAction.CLOSE_BEFORE: N_('Close the "before" questionnaire'),
    SurveyAction.OPEN_AFTER: N_('Open the "after" questionnaire'),
    SurveyAction.CLOSE_AFTER: N_('Close the "after" questionnaire and publish the results'),
}
NEXT_ACTION = {
    None: SurveyAction.OPEN_BEFORE,
    SurveyStage.BEFORE_OPEN: SurveyAction.CLOSE_BEFORE,
    SurveyStage.BETWEEN: SurveyAction.OPEN_AFTER,
    SurveyStage.AFTER_OPEN: SurveyAction.CLOSE_AFTER,
}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def item_document(result: ItemResult, bank: ItemBank) -> dict[str, Any]:
    item = bank.item(result.code)
    paired = result.paired
    return {
        "code": result.code,
        "theme": item.theme if item else None,
        "text": item.text.as_dict() if item else {},
        "n": result.n,
        "withheld": result.withheld,
        "before_mean": _round(paired.before_mean) if paired else None,
        "after_mean": _round(paired.after_mean) if paired else None,
        "difference": _round(paired.difference) if paired else None,
        "ci_low": _round(paired.ci_low) if paired else None,
        "ci_high": _round(paired.ci_high) if paired else None,
        "before_distribution": result.before.to_json() if result.before else None,
        "after_distribution": result.after.to_json() if result.after else None,
    }


def survey_document(found: PublishedSurvey) -> dict[str, Any]:
    """`GET /api/v1/panels/{slug}/survey`, `/panels/{slug}/survey.json`, `balise panel survey`."""
    results = found.results
    survey = found.survey
    return {
        "slug": found.panel.slug,
        "title": found.panel.title.as_dict(),
        "bank_version": survey.bank_version,
        "scale": {str(point): found.bank.scale[point].as_dict() for point in SCALE},
        "confidence": CONFIDENCE,
        "min_paired": results.min_paired,
        "respondents": {
            "before": results.respondents_before,
            "after": results.respondents_after,
            "both": results.respondents_both,
        },
        "closed_at": survey.after_closed_at.isoformat() if survey.after_closed_at else None,
        "items": [item_document(result, found.bank) for result in results.items],
        "url": f"/panels/{found.panel.slug}/survey",
    }


# --- The chart ----------------------------------------------------------------------------------

CHART_WIDTH = 640
PLOT_LEFT = 20
PLOT_RIGHT = 600
ROW_HEIGHT = 46
LABEL_HEIGHT = 18


@dataclass(frozen=True)
class ChartRow:
    label: str
    label_y: float
    y: float
    withheld: bool
    x: float = 0.0
    x_low: float = 0.0
    x_high: float = 0.0
    text: str = ""
    text_x: float = 0.0
    text_anchor: str = "start"


@dataclass(frozen=True)
class ChartTick:
    x: float
    text: str


@dataclass(frozen=True)
class DifferenceChart:
    width: int
    height: int
    rows: tuple[ChartRow, ...]
    ticks: tuple[ChartTick, ...]
    zero_x: float
    axis_y: int


def difference_chart(found: PublishedSurvey) -> DifferenceChart:
    """Geometry of the forest plot, its scale wide enough for every interval (at least ±1)."""
    published = [r.paired for r in found.results.items if r.paired is not None]
    reach = max([1.0, *(abs(p.ci_low) for p in published), *(abs(p.ci_high) for p in published)])
    reach = float(min(4, math.ceil(reach * 2) / 2))
    if reach > 1.5:
        reach = float(math.ceil(reach))

    def x_of(value: float) -> float:
        share = (max(-reach, min(reach, value)) + reach) / (2 * reach)
        return round(PLOT_LEFT + share * (PLOT_RIGHT - PLOT_LEFT), 1)

    language = current_language.get().value
    rows = []
    for index, result in enumerate(found.results.items):
        top = 8 + index * ROW_HEIGHT
        item = found.bank.item(result.code)
        label = item.text.in_language(language) if item else None
        text = label.text if label else result.code
        label_y, y = top + LABEL_HEIGHT - 4, top + LABEL_HEIGHT + 10
        paired = result.paired
        if paired is None:
            rows.append(ChartRow(text, label_y, y, withheld=True))
            continue
        rows.append(
            ChartRow(
                text,
                label_y,
                y,
                withheld=False,
                x=x_of(paired.difference),
                x_low=x_of(paired.ci_low),
                x_high=x_of(paired.ci_high),
                # the figures beside the interval: on its right, or on its left near the edge
                text_x=x_of(paired.ci_high) + 8
                if x_of(paired.ci_high) < 430
                else x_of(paired.ci_low) - 8,
                text_anchor="start" if x_of(paired.ci_high) < 430 else "end",
                text=f"{decimal(paired.difference, 2)} [{decimal(paired.ci_low, 2)}; "
                f"{decimal(paired.ci_high, 2)}]",
            )
        )
    height = 8 + len(rows) * ROW_HEIGHT + 24
    step = 0.5 if reach <= 1.5 else 1.0
    count = int(2 * reach / step)
    ticks = tuple(
        ChartTick(x_of(-reach + i * step), decimal(-reach + i * step, 1)) for i in range(count + 1)
    )
    return DifferenceChart(CHART_WIDTH, height, tuple(rows), ticks, x_of(0.0), height - 20)


# --- The pages' contexts --------------------------------------------------------------------------


def labels_context() -> dict[str, Any]:
    return {
        "stage_labels": STAGE_LABELS,
        "phase_labels": PHASE_LABELS,
        "action_labels": ACTION_LABELS,
        "field_prefix": FIELD_PREFIX,
        "scale_points": SCALE,
    }


def results_context(found: PublishedSurvey) -> dict[str, Any]:
    return {
        **labels_context(),
        "panel": found.panel,
        "survey": found.survey,
        "bank": found.bank,
        "results": found.results,
        "document": survey_document(found),
        "chart": difference_chart(found),
        "confidence": CONFIDENCE,
    }


def overview_context(overview: SurveyOverview) -> dict[str, Any]:
    stage = overview.survey.stage if overview.survey else None
    return {
        **labels_context(),
        "panel": overview.panel,
        "survey": overview.survey,
        "bank": overview.bank,
        "members": overview.members,
        "answered": overview.answered,
        "next_action": NEXT_ACTION.get(stage),
        "asked": set(overview.survey.items) if overview.survey else set(overview.bank.codes),
    }


def questionnaire_context(found: MemberQuestionnaire) -> dict[str, Any]:
    items = [found.bank.item(code) for code in found.survey.items] if found.survey else []
    return {
        **labels_context(),
        "panel": found.panel,
        "survey": found.survey,
        "bank": found.bank,
        "phase": found.phase,
        "items": [item for item in items if item is not None],
        "answers": found.answers or {},
        "answered": found.answered,
    }
