"""The composition report of a drawn panel: its JSON document and its bar chart.

The chart reuses the audits' horizontal bar chart (web/audits/charts.py, drawn by the `bar_chart`
macro of audits/_macros.html): each bar is a value's share of the drawn panel, the whisker the
quota's range and the red mark its target share.
"""

from __future__ import annotations

from typing import Any

from balise.services.panels_composition import PanelComposition
from balise.web.audits.charts import BarChart, BarRow, bar_chart
from balise.web.labels import stratum_label


def composition_document(found: PanelComposition) -> dict[str, Any]:
    """`GET /api/v1/panels/{slug}/composition`: one entry per criterion and value."""
    return found.to_json()


def composition_chart(found: PanelComposition) -> BarChart:
    return bar_chart(
        [
            BarRow(
                label=f"{stratum_label(row.category)} = {stratum_label(row.value)}",
                value=row.achieved_share,
                low=row.target_low,
                high=row.target_high,
                reference=row.target_share,
            )
            for row in found.rows
        ]
    )
