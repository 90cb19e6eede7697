"""The plain-language findings of an audit report, as data: a `kind` and its figures. The edge
words them in the reader's language; withheld groups are only ever counted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from balise.domain.audits.reports import (
    AuditDocument,
    GroupFigures,
    GroupValues,
    RepresentativenessReport,
)

Json = dict[str, Any]


# The figures each kind of finding carries, in their order in the JSON document.
FINDING_FIGURES: dict[str, tuple[str, ...]] = {
    "under_represented": ("cell", "ratio", "threshold", "significant"),
    "none_under_represented": ("threshold",),
    "total_variation": ("value",),
    "unmatched": ("count",),
    "too_few_groups": (),
    "below_threshold": ("group", "ratio", "threshold"),
    "none_below_threshold": ("threshold",),
    "selection_gap": ("value", "low", "high"),
    "error_gap": ("value", "low", "high"),
    "withheld": ("count", "min_group_size"),
}


@dataclass(frozen=True)
class Finding:
    """One plain-language finding as data: a `kind` and its figures; the edge words it in the
    reader's language. Withheld groups are only ever counted."""

    kind: str
    group: GroupValues | None = None
    cell: dict[str, str | None] | None = None
    ratio: float | None = None
    threshold: float | None = None
    significant: bool = False
    value: float | None = None
    low: float | None = None
    high: float | None = None
    count: int | None = None
    min_group_size: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in FINDING_FIGURES:
            raise ValueError(f"unknown kind of finding: {self.kind}")

    def to_json(self) -> Json:
        return {"kind": self.kind} | {
            name: getattr(self, name) for name in FINDING_FIGURES[self.kind]
        }


def _representativeness_findings(document: RepresentativenessReport) -> list[Finding]:
    threshold = document.threshold
    under = [cell for cell in document.cells if cell.under_represented]
    found = [
        Finding(
            "under_represented",
            cell=cell.cell,
            ratio=cell.ratio,
            threshold=threshold,
            significant=cell.significantly_under,
        )
        for cell in under
    ]
    if not under:
        found.append(Finding("none_under_represented", threshold=threshold))
    found.append(Finding("total_variation", value=document.total_variation_distance))
    if unmatched_rows := document.rows - document.matched_rows:
        found.append(Finding("unmatched", count=unmatched_rows))
    return found


def findings(document: AuditDocument) -> list[Finding]:
    """The plain-language findings of a report (maybe a public one)."""
    if isinstance(document, RepresentativenessReport):
        return _representativeness_findings(document)
    published = [g for g in document.groups if not g.too_small]
    withheld = document.withheld_groups
    if withheld is None:
        withheld = len(document.groups) - len(published)
    four = document.four_fifths
    found: list[Finding] = []
    if len(published) < 2:
        found.append(Finding("too_few_groups"))
    else:
        below = [g for g in four.groups if g.below_threshold]
        found += [
            Finding("below_threshold", group=g.group, ratio=g.ratio, threshold=four.threshold)
            for g in below
        ]
        if not below:
            found.append(Finding("none_below_threshold", threshold=four.threshold))
        for kind, name in (
            ("selection_gap", "demographic_parity_difference"),
            ("error_gap", "equalized_odds_difference"),
        ):
            value = document.disparities.get(name)
            if value is not None:
                interval = document.disparity_ci.get(name)
                low, high = (interval.low, interval.high) if interval else (None, None)
                found.append(Finding(kind, value=value, low=low, high=high))
    if withheld:
        size = document.data.parameters.get("min_group_size")
        found.append(Finding("withheld", count=withheld, min_group_size=size))
    return found


@dataclass(frozen=True)
class Headline:
    """The one comparison a reader should see first.

    Fairness: the published groups selected least and most often (`low`, `high`) and the ratio of
    their selection rates. Representativeness: the category furthest below its share of the
    reference population (`low` is its share in the data, `high` its share in the population).
    """

    kind: str
    low_group: GroupValues | dict[str, str | None]
    low: float
    high: float
    ratio: float | None
    high_group: GroupValues | None = None


def headline(document: AuditDocument) -> Headline | None:
    """The report's headline comparison, or None when nothing can be compared."""
    if isinstance(document, RepresentativenessReport):
        compared = [
            c
            for c in document.cells
            if c.ratio is not None and c.observed_share is not None and c.reference_share
        ]
        if not compared:
            return None
        worst = min(compared, key=lambda c: (c.ratio, sorted(map(str, c.cell.values()))))
        assert worst.observed_share is not None
        assert worst.reference_share is not None
        return Headline(
            "representation",
            low_group=worst.cell,
            low=worst.observed_share,
            high=worst.reference_share,
            ratio=worst.ratio,
        )
    rated = [
        g
        for g in document.groups
        if not g.too_small and g.group is not None and g.rates.get("selection_rate") is not None
    ]
    if len(rated) < 2:
        return None

    def rate(group: GroupFigures) -> float:
        value = group.rates["selection_rate"]
        assert value is not None
        return value

    lowest, highest = min(rated, key=rate), max(rated, key=rate)
    if rate(highest) == rate(lowest):
        return None
    assert lowest.group is not None
    assert highest.group is not None
    return Headline(
        "selection",
        low_group=lowest.group,
        low=rate(lowest),
        high=rate(highest),
        ratio=rate(lowest) / rate(highest) if rate(highest) else None,
        high_group=highest.group,
    )


COLUMN_HINTS: dict[str, tuple[str, ...]] = {
    "label": ("label", "outcome", "actual", "truth", "ground_truth", "y_true", "target"),
    "prediction": ("prediction", "predicted", "decision", "y_pred", "pred"),
    "score": ("score", "probability", "proba", "risk_score"),
}
SENSITIVE_HINTS = (
    "sex", "gender", "age", "age_band", "age_group", "region", "province", "nationality",
    "origin", "language", "disability",
)  # fmt: skip


def suggested_columns(columns: Iterable[str]) -> dict[str, Any]:
    """Columns an auditor most likely means, guessed from their names (never the row id)."""
    by_name = {column.strip().lower(): column for column in columns}
    suggested: dict[str, Any] = {}
    for field_name, names in COLUMN_HINTS.items():
        found = next((by_name[name] for name in names if name in by_name), None)
        if found is not None:
            suggested[field_name] = found
    suggested["sensitive"] = [by_name[name] for name in SENSITIVE_HINTS if name in by_name]
    return suggested
