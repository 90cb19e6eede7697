"""Audit reports: the typed report document and the report kept in Balise.

A report is one fairness or representativeness audit of a file. Its document
(`FairnessReport` or `RepresentativenessReport`) is built once from the computed result and
crosses every layer as itself; JSON appears only where it is stored or sent (`to_json()` /
`report_from_json()`, carrying `schema_version`), and it is the document of `balise audit ...
--format json` (docs/audits.md). `without_withheld()` is what the public portal may show of it,
by the organisation's choice, and never a withheld small group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

from balise.domain.audits.fairness import (
    RATE_NAMES,
    FairnessResult,
    GroupResult,
    Value,
)
from balise.domain.audits.representativeness import Representativeness
from balise.domain.audits.stats import Interval


class AuditKind(StrEnum):
    FAIRNESS = "fairness"
    REPRESENTATIVENESS = "representativeness"


class PortalVisibility(StrEnum):
    """What the public portal shows of a report; the organisation chooses."""

    NOTHING = "nothing"
    SUMMARY = "summary"
    FULL = "full"


@dataclass(frozen=True)
class AuditReport:
    kind: AuditKind
    organisation_id: int
    file_name: str
    parameters: dict[str, Any]
    created_at: datetime
    created_by: int | None = None
    system_id: int | None = None
    upload_id: str | None = None
    job_id: str | None = None
    result: AuditDocument | None = None
    data_sha256: str | None = None
    portal_visibility: PortalVisibility = PortalVisibility.NOTHING
    finished_at: datetime | None = None
    id: int | None = None

    @property
    def ready(self) -> bool:
        return self.result is not None


# --- The report document: typed, with its JSON shape (docs/audits.md describes every key) -------

SCHEMA_VERSION = 1
MIN_PUBLISHED_CELL = 10
Json = dict[str, Any]
GroupValues = dict[str, Value]


def _interval_json(interval: Interval | None) -> dict[str, float] | None:
    return interval.as_dict() if interval else None


def _interval(value: Any) -> Interval | None:
    return Interval(float(value["low"]), float(value["high"])) if value else None


@dataclass(frozen=True)
class AuditData:
    """What was audited and how: the file or table, its fingerprint, the parameters, the
    software; and where the count query ran: the engine, the source's address (no password),
    the SHA-256 of the query's SQL and how many rows of counts came back from the engine (the
    only data that left it)."""

    file: str = ""
    sha256: str = ""
    rows: int | None = None
    parameters: Json = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    engine: str = ""
    source: str = ""
    query_sha256: str = ""
    count_rows: int | None = None

    def to_json(self) -> Json:
        return {
            "file": self.file,
            "sha256": self.sha256,
            "rows": self.rows,
            "parameters": dict(self.parameters),
            "versions": dict(self.versions),
            "engine": self.engine,
            "source": self.source,
            "query_sha256": self.query_sha256,
            "count_rows": self.count_rows,
        }

    @classmethod
    def from_json(cls, data: Json) -> AuditData:
        return cls(
            file=data.get("file", ""),
            sha256=data.get("sha256", ""),
            rows=data.get("rows"),
            parameters=dict(data.get("parameters") or {}),
            versions=dict(data.get("versions") or {}),
            engine=data.get("engine", ""),
            source=data.get("source", ""),
            query_sha256=data.get("query_sha256", ""),
            count_rows=data.get("count_rows"),
        )


@dataclass(frozen=True)
class GroupFigures:
    """One group's rates with their intervals; `group` is None for all rows together."""

    too_small: bool
    count: int | None
    share: float | None = None
    rates: dict[str, float | None] = field(default_factory=dict)
    ci: dict[str, Interval | None] = field(default_factory=dict)
    ece: float | None = None
    undefined: tuple[str, ...] = ()
    group: GroupValues | None = None

    @classmethod
    def of(cls, columns: Sequence[str], result: GroupResult) -> GroupFigures:
        published = result.published
        return cls(
            group=dict(zip(columns, result.key, strict=True)) if columns else None,
            too_small=not published,
            count=result.count if published else None,
            share=result.share if published else None,
            rates={
                name: estimate.value if (estimate := result.rates.get(name)) else None
                for name in RATE_NAMES
            },
            ci={
                name: estimate.interval if (estimate := result.rates.get(name)) else None
                for name in RATE_NAMES
            },
            ece=result.ece,
            undefined=tuple(
                name for name in RATE_NAMES if published and result.rates[name].value is None
            ),
        )

    def withheld_totals(self) -> GroupFigures:
        """All rows' figures blanked, so that withheld groups cannot be worked out from them."""
        return replace(
            self,
            count=None,
            share=None,
            rates=dict.fromkeys(self.rates),
            ci=dict.fromkeys(self.ci),
            ece=None,
        )

    def to_json(self) -> Json:
        entry: Json = {} if self.group is None else {"group": dict(self.group)}
        entry |= {"too_small": self.too_small, "count": self.count, "share": self.share}
        entry |= self.rates
        entry |= {
            "ece": self.ece,
            "undefined": list(self.undefined),
            "ci": {name: _interval_json(value) for name, value in self.ci.items()},
        }
        return entry

    @classmethod
    def from_json(cls, entry: Json) -> GroupFigures:
        return cls(
            group=dict(entry["group"]) if "group" in entry else None,
            too_small=bool(entry.get("too_small")),
            count=entry.get("count"),
            share=entry.get("share"),
            rates={name: entry[name] for name in RATE_NAMES if name in entry},
            ci={name: _interval(value) for name, value in (entry.get("ci") or {}).items()},
            ece=entry.get("ece"),
            undefined=tuple(entry.get("undefined") or ()),
        )


@dataclass(frozen=True)
class GroupRatio:
    group: GroupValues
    ratio: float | None
    below_threshold: bool

    def to_json(self) -> Json:
        return {
            "group": dict(self.group),
            "ratio": self.ratio,
            "below_threshold": self.below_threshold,
        }


@dataclass(frozen=True)
class FourFifthsFigures:
    """Each group's selection rate over the highest one: a screening signal only."""

    threshold: float
    groups: tuple[GroupRatio, ...] = ()
    highest_selection_rate: float | None = None

    def to_json(self) -> Json:
        return {
            "threshold": self.threshold,
            "highest_selection_rate": self.highest_selection_rate,
            "groups": [group.to_json() for group in self.groups],
        }

    @classmethod
    def from_json(cls, four: Json) -> FourFifthsFigures:
        return cls(
            threshold=four.get("threshold", 0.8),
            highest_selection_rate=four.get("highest_selection_rate"),
            groups=tuple(
                GroupRatio(dict(g["group"]), g.get("ratio"), bool(g.get("below_threshold")))
                for g in four.get("groups") or []
            ),
        )


@dataclass(frozen=True)
class FairnessFigures:
    """Rates per group, disparities between them and the four-fifths screening, over the
    groups of `sensitive` (their intersections, or one column alone)."""

    sensitive: tuple[str, ...]
    overall: GroupFigures
    groups: tuple[GroupFigures, ...]
    four_fifths: FourFifthsFigures
    disparities: dict[str, float | None] = field(default_factory=dict)
    disparity_ci: dict[str, Interval | None] = field(default_factory=dict)
    disparities_by_metric: dict[str, dict[str, float | None]] = field(default_factory=dict)

    @staticmethod
    def fields_of(result: FairnessResult) -> Json:
        """The figures of a computed result, as keyword arguments of this class."""
        columns = result.columns
        four = result.four_fifths
        return {
            "sensitive": tuple(columns),
            "overall": GroupFigures.of((), result.overall),
            "groups": tuple(GroupFigures.of(columns, group) for group in result.groups),
            "disparities": {name: e.value for name, e in result.disparities.items()},
            "disparity_ci": {name: e.interval for name, e in result.disparities.items()},
            "disparities_by_metric": result.by_rate,
            "four_fifths": FourFifthsFigures(
                threshold=four.threshold,
                highest_selection_rate=four.highest_selection_rate,
                groups=tuple(
                    GroupRatio(
                        dict(zip(columns, key, strict=True)),
                        ratio,
                        ratio is not None and ratio < four.threshold,
                    )
                    for key, ratio in four.ratios.items()
                ),
            ),
        }

    @classmethod
    def of(cls, result: FairnessResult) -> FairnessFigures:
        return cls(**cls.fields_of(result))

    def figures_json(self) -> Json:
        disparities: Json = dict(self.disparities)
        disparities["ci"] = {name: _interval_json(i) for name, i in self.disparity_ci.items()}
        return {
            "sensitive": list(self.sensitive),
            "overall": self.overall.to_json(),
            "groups": [group.to_json() for group in self.groups],
            "disparities": disparities,
            "disparities_by_metric": self.disparities_by_metric,
            "four_fifths": self.four_fifths.to_json(),
        }

    @staticmethod
    def fields_from_json(document: Json) -> Json:
        disparities = dict(document.get("disparities") or {})
        ci = disparities.pop("ci", None) or {}
        return {
            "sensitive": tuple(document.get("sensitive") or ()),
            "overall": GroupFigures.from_json(document.get("overall") or {}),
            "groups": tuple(GroupFigures.from_json(g) for g in document.get("groups") or []),
            "disparities": disparities,
            "disparity_ci": {name: _interval(value) for name, value in ci.items()},
            "disparities_by_metric": dict(document.get("disparities_by_metric") or {}),
            "four_fifths": FourFifthsFigures.from_json(document.get("four_fifths") or {}),
        }


@dataclass(frozen=True)
class FairnessReport(FairnessFigures):
    """A fairness audit's report: the figures, each sensitive column on its own, the data."""

    data: AuditData = field(default_factory=AuditData)
    by_attribute: dict[str, FairnessFigures] = field(default_factory=dict)
    withheld_groups: int | None = None  # set on the public version only

    kind: ClassVar[AuditKind] = AuditKind.FAIRNESS

    def to_json(self) -> Json:
        document: Json = {"kind": self.kind.value, "schema_version": SCHEMA_VERSION}
        document |= self.figures_json()
        document["data"] = self.data.to_json()
        document["by_attribute"] = {
            column: part.figures_json() for column, part in self.by_attribute.items()
        }
        if self.withheld_groups is not None:
            document["withheld_groups"] = self.withheld_groups
        return document

    @classmethod
    def from_json(cls, document: Json) -> FairnessReport:
        return cls(
            **cls.fields_from_json(document),
            data=AuditData.from_json(document.get("data") or {}),
            by_attribute={
                column: FairnessFigures(**FairnessFigures.fields_from_json(part))
                for column, part in (document.get("by_attribute") or {}).items()
            },
            withheld_groups=document.get("withheld_groups"),
        )

    def without_withheld(self) -> FairnessReport:
        """Every group below the minimum size left out altogether, names too; when one is,
        whatever would let a reader work its figures out by subtraction goes too: the overall
        counts and rates, the total number of rows, each group's share of it, and the
        per-attribute analyses (whose marginal groups include the withheld rows)."""
        published = tuple(g for g in self.groups if not g.too_small)
        withheld = len(self.groups) - len(published)
        if not withheld:
            return replace(self, groups=published, withheld_groups=0)
        return replace(
            self,
            groups=tuple(replace(g, share=None) for g in published),
            withheld_groups=withheld,
            overall=self.overall.withheld_totals(),
            by_attribute={},
            data=replace(self.data, rows=None),
        )


@dataclass(frozen=True)
class ChiSquare:
    statistic: float | None = None
    degrees_of_freedom: int | None = None
    p_value: float | None = None


@dataclass(frozen=True)
class ReferenceSource:
    source: str = ""
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class CellFigures:
    """One category's share in the data against its share in the reference population."""

    cell: dict[str, str | None]
    observed: int | None = None
    observed_share: float | None = None
    reference_share: float | None = None
    expected: float | None = None
    ratio: float | None = None
    ci: Interval | None = None
    under_represented: bool = False
    significantly_under: bool = False

    def to_json(self) -> Json:
        return {
            "cell": dict(self.cell),
            "observed": self.observed,
            "observed_share": self.observed_share,
            "reference_share": self.reference_share,
            "expected": self.expected,
            "ratio": self.ratio,
            "ci": _interval_json(self.ci),
            "under_represented": self.under_represented,
            "significantly_under": self.significantly_under,
        }

    @classmethod
    def from_json(cls, cell: Json) -> CellFigures:
        return cls(
            cell=dict(cell["cell"]),
            observed=cell.get("observed"),
            observed_share=cell.get("observed_share"),
            reference_share=cell.get("reference_share"),
            expected=cell.get("expected"),
            ratio=cell.get("ratio"),
            ci=_interval(cell.get("ci")),
            under_represented=bool(cell.get("under_represented")),
            significantly_under=bool(cell.get("significantly_under")),
        )


@dataclass(frozen=True)
class UnmatchedCell:
    cell: dict[str, str | None]
    count: int


@dataclass(frozen=True)
class RepresentativenessReport:
    """A representativeness audit's report: shares per category against the reference."""

    columns: tuple[str, ...]
    reference: ReferenceSource
    cells: tuple[CellFigures, ...]
    rows: int = 0
    matched_rows: int = 0
    unmatched: tuple[UnmatchedCell, ...] = ()
    total_variation_distance: float | None = None
    chi_square: ChiSquare = field(default_factory=ChiSquare)
    threshold: float | None = None
    data: AuditData = field(default_factory=AuditData)

    kind: ClassVar[AuditKind] = AuditKind.REPRESENTATIVENESS

    @classmethod
    def of(
        cls,
        result: Representativeness,
        *,
        reference: str,
        data_columns: Sequence[str],
        data: AuditData,
    ) -> RepresentativenessReport:
        def cell(key: Sequence[str | None]) -> dict[str, str | None]:
            return dict(zip(data_columns, key, strict=True))

        return cls(
            columns=tuple(data_columns),
            reference=ReferenceSource(reference, tuple(result.columns)),
            rows=result.rows,
            matched_rows=result.matched_rows,
            unmatched=tuple(UnmatchedCell(cell(k), n) for k, n in result.unmatched.items()),
            cells=tuple(
                CellFigures(
                    cell=cell(c.key),
                    observed=c.observed,
                    observed_share=c.observed_share,
                    reference_share=c.reference_share,
                    expected=c.expected,
                    ratio=c.ratio,
                    ci=c.interval,
                    under_represented=c.under_represented,
                    significantly_under=c.significantly_under,
                )
                for c in result.cells
            ),
            total_variation_distance=result.total_variation_distance,
            chi_square=ChiSquare(result.chi_square, result.degrees_of_freedom, result.p_value),
            threshold=result.threshold,
            data=data,
        )

    def to_json(self) -> Json:
        chi = self.chi_square
        return {
            "kind": self.kind.value,
            "schema_version": SCHEMA_VERSION,
            "columns": list(self.columns),
            "reference": {"source": self.reference.source, "columns": list(self.reference.columns)},
            "rows": self.rows,
            "matched_rows": self.matched_rows,
            "unmatched": [{"cell": dict(u.cell), "count": u.count} for u in self.unmatched],
            "cells": [cell.to_json() for cell in self.cells],
            "total_variation_distance": self.total_variation_distance,
            "chi_square": {
                "statistic": chi.statistic,
                "degrees_of_freedom": chi.degrees_of_freedom,
                "p_value": chi.p_value,
            },
            "threshold": self.threshold,
            "data": self.data.to_json(),
        }

    @classmethod
    def from_json(cls, document: Json) -> RepresentativenessReport:
        reference = document.get("reference") or {}
        chi = document.get("chi_square") or {}
        return cls(
            columns=tuple(document.get("columns") or ()),
            reference=ReferenceSource(
                reference.get("source", ""), tuple(reference.get("columns") or ())
            ),
            rows=document.get("rows", 0),
            matched_rows=document.get("matched_rows", 0),
            unmatched=tuple(
                UnmatchedCell(dict(u["cell"]), u["count"]) for u in document.get("unmatched") or []
            ),
            cells=tuple(CellFigures.from_json(c) for c in document.get("cells") or []),
            total_variation_distance=document.get("total_variation_distance"),
            chi_square=ChiSquare(
                chi.get("statistic"), chi.get("degrees_of_freedom"), chi.get("p_value")
            ),
            threshold=document.get("threshold"),
            data=AuditData.from_json(document.get("data") or {}),
        )

    def without_withheld(self) -> RepresentativenessReport:
        """The row counts of cells with fewer than 10 rows left out (their shares stay), and
        the list of unmatched values."""
        return replace(
            self,
            cells=tuple(
                cell
                if (cell.observed or 0) >= MIN_PUBLISHED_CELL
                else replace(cell, observed=None, expected=None)
                for cell in self.cells
            ),
            unmatched=(),
        )


AuditDocument = FairnessReport | RepresentativenessReport


def report_from_json(document: Json) -> AuditDocument:
    """A stored or exchanged report document, read back (any schema version up to ours)."""
    version = document.get("schema_version", SCHEMA_VERSION)
    if version > SCHEMA_VERSION:
        raise ValueError(f"report schema version {version} is newer than {SCHEMA_VERSION}")
    if document.get("kind") == AuditKind.REPRESENTATIVENESS:
        return RepresentativenessReport.from_json(document)
    if document.get("kind") == AuditKind.FAIRNESS:
        return FairnessReport.from_json(document)
    raise ValueError(f"unknown kind of report: {document.get('kind')!r}")


def without_withheld(document: AuditDocument) -> AuditDocument:
    """The report as the public may see it: never a group below the minimum size."""
    return document.without_withheld()
