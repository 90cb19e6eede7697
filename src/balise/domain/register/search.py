"""What the public portal's search asks and answers: filters, hits, pages and opaque cursors."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Language

# Counting every match of a common word among 100,000 records costs more than finding the first
# page; past this many the portal says "more than".
COUNT_CAP = 10_000
MAX_LIMIT = 100


class Order(StrEnum):
    """How a page of results is sorted; relevance needs words, and falls back to the name."""

    RELEVANCE = "relevance"
    NAME = "name"
    RECENT = "recent"  # most recently published first


@dataclass(frozen=True)
class SearchFilters:
    organisation_id: int | None = None
    level: str | None = None
    sector: str | None = None
    risk_category: str | None = None
    lifecycle_status: str | None = None
    language: Language | None = None
    include_withdrawn: bool = False


@dataclass(frozen=True)
class PortalHit:
    """One published system as the portal lists it, with its public document."""

    system_id: int
    slug: str
    organisation_id: int
    version: int
    published_at: datetime
    withdrawn: bool
    withdrawal_reason: str
    revision_date: date | None
    risk_category: str
    lifecycle_status: str
    level: str
    sector: str
    languages: tuple[Language, ...]
    document: dict[str, Any] = field(default_factory=dict)

    def is_stale(self, today: date) -> bool:
        return self.revision_date is not None and self.revision_date < today


@dataclass(frozen=True)
class SearchPage:
    hits: list[PortalHit]
    total: int  # exact unless `total_capped`
    total_capped: bool
    next_cursor: str | None


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: after the row with this sort key and system id."""

    key: str | float
    system_id: int
    ranked: bool  # the key is a relevance score, not a name

    def encode(self) -> str:
        raw = json.dumps([self.key, self.system_id, int(self.ranked)], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor:
        try:
            padded = text + "=" * (-len(text) % 4)
            key, system_id, ranked = json.loads(base64.urlsafe_b64decode(padded.encode()))
            if not isinstance(system_id, int) or not isinstance(key, str | float | int):
                raise TypeError(text)
            if ranked and isinstance(key, str):
                raise TypeError(text)
            return cls(float(key) if ranked else str(key), system_id, bool(ranked))
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
            raise ValidationError.single(
                "cursor", N_("This page link is not valid; start from the first page.")
            ) from None
