"""The portal's search: full text in four languages, filters, relevance or name order, cursors.

SQLite searches the FTS5 table `portal_search_fts`, whose columns hold each language's Snowball
stems: the query's words are stemmed the same way per language and matched column by column,
ranked by bm25. PostgreSQL keeps each language's tsvector (built with that language's
configuration) in its own `portal_search_fts` table, GIN-indexed per column, and matches it
against `to_tsquery('<config>', …)` of the same words, ranked by ts_rank. In both, the user's
text is reduced to words (letters and digits), so nothing typed can change the query's syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from balise.adapters.db import tables as t
from balise.adapters.db.stemming import stems
from balise.domain.register.search import (
    COUNT_CAP,
    MAX_LIMIT,
    Cursor,
    Order,
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
ORGANISATIONS = t.organisations
FTS = sa.table("portal_search_fts", sa.column("rowid", sa.Integer))
VECTORS = sa.table(  # PostgreSQL's table of the same name: each language's tsvector
    "portal_search_fts",
    sa.column("system_id", sa.Integer),
    *(sa.column(lang.value) for lang in Language),
)
SCORE = "score"


def words_of(text: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(text or "")][:MAX_WORDS]


# Words too common to narrow a search; PostgreSQL's configurations drop the same kind. They are
# left out of a query (unless it has nothing else), never out of the index.
STOPWORDS = {
    Language.FR: frozenset(
        {
            "a",
            "au",
            "aux",
            "avec",
            "ce",
            "ces",
            "d",
            "dans",
            "de",
            "des",
            "du",
            "en",
            "et",
            "l",
            "la",
            "le",
            "les",
            "leur",
            "mon",
            "ne",
            "ou",
            "par",
            "pas",
            "pour",
            "qu",
            "que",
            "qui",
            "sa",
            "se",
            "ses",
            "son",
            "sur",
            "ta",
            "un",
            "une",
            "vos",
            "votre",
        }
    ),
    Language.NL: frozenset(
        {
            "aan",
            "al",
            "bij",
            "dat",
            "de",
            "der",
            "die",
            "dit",
            "een",
            "en",
            "het",
            "hun",
            "in",
            "is",
            "je",
            "met",
            "na",
            "naar",
            "of",
            "om",
            "op",
            "te",
            "tot",
            "uit",
            "van",
            "voor",
            "wat",
            "wie",
            "zijn",
        }
    ),
    Language.DE: frozenset(
        {
            "am",
            "an",
            "auf",
            "aus",
            "bei",
            "das",
            "dem",
            "den",
            "der",
            "des",
            "die",
            "ein",
            "eine",
            "einem",
            "einen",
            "einer",
            "fur",
            "für",
            "im",
            "in",
            "ist",
            "mit",
            "nach",
            "oder",
            "und",
            "vom",
            "von",
            "zu",
            "zum",
            "zur",
        }
    ),
    Language.EN: frozenset(
        {
            "a",
            "an",
            "and",
            "are",
            "as",
            "at",
            "be",
            "by",
            "for",
            "from",
            "in",
            "is",
            "it",
            "of",
            "on",
            "or",
            "the",
            "to",
            "with",
        }
    ),
}


def meaningful(words: list[str], language: Language) -> list[str]:
    kept = [word for word in words if word not in STOPWORDS[language]]
    return kept or words


def fts_match(words: list[str]) -> str | None:
    """An FTS5 query: every word, stemmed per language, in that language's column; the last
    word also as a prefix, for people who have not finished typing. Languages whose stems agree
    share one column filter: each alternative costs a pass over the index."""
    columns: dict[str, list[str]] = {}
    for language in LANGUAGES:
        found = [stem for word in meaningful(words, language) for stem in stems(word, language)]
        if not found:
            continue
        phrases = [f'"{stem}"' for stem in found]
        if len(found[-1]) >= 3:
            phrases[-1] += "*"
        columns.setdefault(" AND ".join(phrases), []).append(language.value)
    alternatives = [f"({{{' '.join(codes)}}} : ({query}))" for query, codes in columns.items()]
    return " OR ".join(alternatives) or None


def ts_query(words: list[str]) -> str:
    """A to_tsquery text of plain words (quoted, so no operator slips in); the last one as a
    prefix too. Each language's configuration stems the words itself."""
    terms = [f"'{word}'" for word in words]
    if terms and len(words[-1]) >= 3:
        terms[-1] += ":*"
    return " & ".join(terms)


def _narrowed(filters: SearchFilters) -> bool:
    """Whether a filter other than withdrawal needs the portal's columns."""
    return any(
        (
            filters.organisation_id is not None,
            filters.level,
            filters.sector,
            filters.risk_category,
            filters.lifecycle_status,
            filters.language is not None,
        )
    )


def _filtered(query: Any, filters: SearchFilters) -> Any:
    if not filters.include_withdrawn:
        query = query.where(P.c.withdrawn == sa.false())
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


@dataclass(frozen=True)
class Matches:
    """Which systems match, and how to rank them (lower scores first)."""

    ident: sa.ColumnElement[int]
    score: sa.ColumnElement[Any]
    source: Any  # the FROM clause
    condition: Any  # a boolean expression or FTS5's MATCH

    def select(self, *columns: Any, filters: SearchFilters) -> Any:
        query = sa.select(*columns).select_from(self.source).where(self.condition)
        if _narrowed(filters):
            return _filtered(query.join_from(self.source, P, P.c.system_id == self.ident), filters)
        if not filters.include_withdrawn:  # the few withdrawn ones, from an index
            hidden = sa.select(P.c.system_id).where(P.c.withdrawn == sa.true())
            query = query.where(self.ident.not_in(hidden))
        return query


def _candidates(matches: Matches | None, filters: SearchFilters, order: Order) -> Any:
    """Each match's id and sort key: its relevance score, name or date of publication."""
    if matches is not None and order is Order.RELEVANCE:
        return matches.select(
            matches.ident.label("system_id"), matches.score.label(SCORE), filters=filters
        )
    sort_key = P.c.published_at if order is Order.RECENT else P.c.sort_name
    listed = _filtered(sa.select(P.c.system_id, sort_key.label(SCORE)), filters)
    if matches is None:
        return listed
    everything = SearchFilters(include_withdrawn=True)
    return listed.where(P.c.system_id.in_(matches.select(matches.ident, filters=everything)))


class PortalSearch:
    """Read-only queries over the portal index (`portal_systems` and its search text)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect.name

    def _matches(self, words: list[str]) -> Matches | None:
        if self.dialect == "sqlite":
            match = fts_match(words)
            if match is None:
                return None
            return Matches(
                FTS.c.rowid,
                sa.func.bm25(sa.literal_column("portal_search_fts")),
                FTS,
                sa.text("portal_search_fts MATCH :match").bindparams(match=match),
            )
        conditions, ranks = [], []
        for language in LANGUAGES:
            config: sa.ColumnElement[str] = sa.literal_column(f"'{TEXT_SEARCH[language]}'")
            text = ts_query(meaningful(words, language))
            tsquery = sa.func.to_tsquery(config, sa.bindparam(f"q_{language.value}", text))
            vector = VECTORS.c[language.value]
            conditions.append(vector.op("@@")(tsquery))
            ranks.append(sa.func.ts_rank(vector, tsquery))
        # ts_rank grows with relevance: negate it so that both databases sort ascending.
        # As double precision: a real travels as rounded text, unequal to itself in a cursor.
        score: sa.ColumnElement[float] = sa.cast(-sa.func.greatest(*ranks), sa.Double())
        return Matches(VECTORS.c.system_id, score, VECTORS, sa.or_(*conditions))

    def search(
        self,
        text: str,
        filters: SearchFilters,
        language: Language,
        *,
        cursor: Cursor | None = None,
        offset: int = 0,
        limit: int = 20,
        order: Order = Order.RELEVANCE,
    ) -> SearchPage:
        """A page of matches: by relevance when there is text to search and no other order is
        asked for, else by name or by date of publication (the most recent first)."""
        limit = max(1, min(limit, MAX_LIMIT))
        words = words_of(text)
        matches = self._matches(words) if words else None
        if words and matches is None:
            return SearchPage([], 0, False, None)
        ranked = matches is not None and order is Order.RELEVANCE
        if cursor is not None and (cursor.ranked != ranked or order is Order.RECENT):
            raise ValidationError.single(
                "cursor", N_("This page link is not valid; start from the first page.")
            )
        if matches is not None:
            if self.dialect == "postgresql":
                # Tables of the portal live in memory; at the default cost of a random read
                # (4) the planner reads the whole table instead of the text-search indexes.
                self.connection.execute(sa.text("SET LOCAL random_page_cost = 1.1"))
            # Counting needs no score: the matches alone, up to the cap, are cheap to find.
            counted = matches.select(matches.ident, filters=filters).limit(COUNT_CAP + 1)
        else:
            counted = _filtered(sa.select(P.c.system_id), filters).limit(COUNT_CAP + 1)
        scored = _candidates(matches, filters, order).subquery("candidates")
        key, ident = scored.c[SCORE], scored.c.system_id
        if order is Order.RECENT:
            page = sa.select(ident, key).order_by(key.desc(), ident.desc())
        else:
            page = sa.select(ident, key).order_by(key, ident)
        if cursor is not None:
            page = page.where(
                sa.tuple_(key, ident)
                > sa.tuple_(sa.literal(cursor.key), sa.literal(cursor.system_id))
            )
        rows = self.connection.execute(page.offset(max(0, offset)).limit(limit + 1)).all()
        if len(rows) <= limit and offset <= 0 and cursor is None:
            total = len(rows)  # the first page holds them all
        else:
            total = self.connection.execute(
                sa.select(sa.func.count()).select_from(counted.subquery())
            ).scalar_one()
        more = len(rows) > limit
        rows = rows[:limit]
        hits = self._hits([row[0] for row in rows])
        next_cursor = (
            Cursor(rows[-1][1], rows[-1][0], ranked).encode()
            if more and rows and order is not Order.RECENT
            else None
        )
        return SearchPage(hits, min(total, COUNT_CAP), total > COUNT_CAP, next_cursor)

    def organisations(self) -> list[tuple[str, dict[str, str]]]:
        """The slug and name of every organisation with a system on the portal."""
        listed = (
            sa.select(P.c.organisation_id).where(P.c.organisation_id == ORGANISATIONS.c.id).exists()
        )
        rows = self.connection.execute(
            sa.select(ORGANISATIONS.c.slug, ORGANISATIONS.c.name).where(listed)
        )
        return [(row.slug, dict(row.name)) for row in rows]

    def _hits(self, ids: list[int]) -> list[PortalHit]:
        if not ids:
            return []
        # A list shows the name, summary and organisation: decoding whole documents would cost
        # more than finding the page.
        listed = [column for column in P.c if column.name != "document"]
        parts = (
            P.c.document[("fields", "name")].label("name"),
            P.c.document[("fields", "description_short")].label("summary"),
            P.c.document[("organisation",)].label("organisation"),
        )
        rows = self.connection.execute(
            sa.select(*listed, *parts).where(P.c.system_id.in_(ids))
        ).all()
        by_id = {row.system_id: _hit(row) for row in rows}
        return [by_id[system_id] for system_id in ids if system_id in by_id]

    def entry(self, slug: str) -> PortalHit | None:
        """The portal's entry for one system, withdrawn or not."""
        row = self.connection.execute(sa.select(P).where(P.c.slug == slug)).first()
        return _hit(row) if row is not None else None


def _hit(row: Any) -> PortalHit:
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
        document=dict(row.document) if "document" in row._fields else _summary(row),
    )


def _summary(row: Any) -> dict[str, Any]:
    """The part of a public document a list shows."""
    fields = {"name": row.name, "description_short": row.summary}
    return {
        "fields": {name: value for name, value in fields.items() if value is not None},
        "organisation": row.organisation or {},
    }
