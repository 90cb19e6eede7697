"""The portal's search: full text in four languages, filters, relevance or name order, cursors.

SQLite searches the FTS5 table `portal_search_fts`, whose columns hold each language's Snowball
stems: the query's words are stemmed the same way per language and matched column by column,
ranked by bm25. PostgreSQL matches `to_tsvector('<config>', <column>)` (GIN-indexed per
language) against a tsquery built from the same words, ranked by ts_rank. In both, the user's
text is reduced to words (letters and digits), so nothing typed can change the query's syntax.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from balise.adapters.db import tables as t
from balise.adapters.db.stemming import stems
from balise.domain.register.search import (
    COUNT_CAP,
    MAX_LIMIT,
    Cursor,
    PortalHit,
    SearchFilters,
    SearchPage,
)
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import LANGUAGES, N_, Language

MAX_WORDS = 8
TEXT_SEARCH = {
    Language.FR: "french",
    Language.NL: "dutch",
    Language.DE: "german",
    Language.EN: "english",
}
_WORD = re.compile(r"\w+", re.UNICODE)
P = t.portal_systems
S = t.portal_search
FTS = sa.table("portal_search_fts", sa.column("rowid", sa.Integer), sa.column("rank", sa.Float))
SCORE = "score"


def words_of(text: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(text or "")][:MAX_WORDS]


def fts_match(words: list[str]) -> str | None:
    """An FTS5 query: every word, stemmed per language, in that language's column; the last
    word also as a prefix, for people who have not finished typing."""
    alternatives = []
    for language in LANGUAGES:
        found = [stem for word in words for stem in stems(word, language)]
        if not found:
            continue
        phrases = [f'"{stem}"' for stem in found]
        if len(found[-1]) >= 3:
            phrases[-1] += "*"
        alternatives.append(f"({{{language.value}}} : ({' AND '.join(phrases)}))")
    return " OR ".join(alternatives) or None


def ts_query(words: list[str]) -> str:
    """A to_tsquery text of plain words (quoted, so no operator slips in); the last one as a
    prefix too. Each language's configuration stems the words itself."""
    terms = [f"'{word}'" for word in words]
    if terms and len(words[-1]) >= 3:
        terms[-1] += ":*"
    return " & ".join(terms)


def _filtered(query: Any, filters: SearchFilters) -> Any:
    if not filters.include_withdrawn:
        query = query.where(P.c.withdrawn.is_(False))
    if filters.organisation_id is not None:
        query = query.where(P.c.organisation_id == filters.organisation_id)
    for column, value in (
        (P.c.level, filters.level),
        (P.c.sector, filters.sector),
        (P.c.risk_category, filters.risk_category),
        (P.c.lifecycle_status, filters.lifecycle_status),
    ):
        if value:
            query = query.where(column == value)
    if filters.language is not None:
        languages = sa.literal(",") + P.c.languages + sa.literal(",")
        query = query.where(languages.contains(f",{filters.language.value},", autoescape=True))
    return query


class PortalSearch:
    """Read-only queries over the portal index (`portal_systems` and its search text)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect.name

    # The candidates: (system_id, sort key) of every match, before paging.

    def _ranked(self, words: list[str], filters: SearchFilters) -> Any | None:
        if self.dialect == "sqlite":
            match = fts_match(words)
            if match is None:
                return None
            query = (
                sa.select(P.c.system_id, FTS.c.rank.label(SCORE))
                .select_from(FTS.join(P, P.c.system_id == FTS.c.rowid))
                .where(sa.text("portal_search_fts MATCH :match").bindparams(match=match))
            )
            return _filtered(query, filters)
        text = ts_query(words)
        conditions, ranks = [], []
        for language in LANGUAGES:
            config = TEXT_SEARCH[language]
            vector = sa.func.to_tsvector(sa.literal_column(f"'{config}'"), S.c[language.value])
            tsquery = sa.func.to_tsquery(
                sa.literal_column(f"'{config}'"), sa.bindparam(f"q_{language.value}", text)
            )
            conditions.append(vector.op("@@")(tsquery))
            ranks.append(sa.func.ts_rank(vector, tsquery))
        # ts_rank grows with relevance: negate it so that both databases sort ascending.
        # As double precision: a real travels as rounded text, unequal to itself in a cursor.
        score: sa.ColumnElement[float] = sa.cast(-sa.func.greatest(*ranks), sa.Double())
        query = (
            sa.select(P.c.system_id, score.label(SCORE))
            .select_from(S.join(P, P.c.system_id == S.c.system_id))
            .where(sa.or_(*conditions))
        )
        return _filtered(query, filters)

    def search(
        self,
        text: str,
        filters: SearchFilters,
        language: Language,
        *,
        cursor: Cursor | None = None,
        offset: int = 0,
        limit: int = 20,
    ) -> SearchPage:
        """A page of matches: by relevance when there is text to search, else by name."""
        limit = max(1, min(limit, MAX_LIMIT))
        words = words_of(text)
        ranked = self._ranked(words, filters) if words else None
        if words and ranked is None:
            return SearchPage([], 0, False, None)
        if ranked is None:
            ranked_or_named = _filtered(
                sa.select(P.c.system_id, P.c.sort_name.label(SCORE)), filters
            )
        else:
            ranked_or_named = ranked
        candidates = ranked_or_named.subquery("candidates")
        key, ident = candidates.c[SCORE], candidates.c.system_id
        total = self.connection.execute(
            sa.select(sa.func.count()).select_from(
                sa.select(ident).limit(COUNT_CAP + 1).subquery("capped")
            )
        ).scalar_one()
        page = sa.select(ident, key).order_by(key, ident)
        if cursor is not None:
            if cursor.ranked != (ranked is not None):
                raise ValidationError.single(
                    "cursor", N_("This page link is not valid; start from the first page.")
                )
            page = page.where(
                sa.or_(key > cursor.key, sa.and_(key == cursor.key, ident > cursor.system_id))
            )
        rows = self.connection.execute(page.offset(max(0, offset)).limit(limit + 1)).all()
        more = len(rows) > limit
        rows = rows[:limit]
        hits = self._hits([row[0] for row in rows])
        next_cursor = (
            Cursor(rows[-1][1], rows[-1][0], ranked is not None).encode() if more and rows else None
        )
        return SearchPage(hits, min(total, COUNT_CAP), total > COUNT_CAP, next_cursor)

    def _hits(self, ids: list[int]) -> list[PortalHit]:
        if not ids:
            return []
        rows = self.connection.execute(sa.select(P).where(P.c.system_id.in_(ids))).all()
        by_id = {row.system_id: _hit(row) for row in rows}
        return [by_id[system_id] for system_id in ids if system_id in by_id]

    def entry(self, slug: str) -> PortalHit | None:
        """The portal's entry for one system, withdrawn or not."""
        row = self.connection.execute(sa.select(P).where(P.c.slug == slug)).first()
        return _hit(row) if row is not None else None


def _hit(row: Row[Any]) -> PortalHit:
    return PortalHit(
        system_id=row.system_id,
        slug=row.slug,
        organisation_id=row.organisation_id,
        version=row.version,
        published_at=row.published_at,
        withdrawn=bool(row.withdrawn),
        withdrawal_reason=row.withdrawal_reason,
        revision_date=row.revision_date,
        risk_category=row.risk_category,
        lifecycle_status=row.lifecycle_status,
        level=row.level,
        sector=row.sector,
        languages=tuple(Language(code) for code in row.languages.split(",") if code),
        document=dict(row.document),
    )
