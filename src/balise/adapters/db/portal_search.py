"""The portal's search: full text in four languages, filters, relevance or name order, cursors.

SQLite searches the FTS5 table `portal_search_fts`, whose columns hold each language's Snowball
stems: the query's words are stemmed the same way per language and matched column by column,
and the candidates are scored from those stems (`stem_score`). PostgreSQL keeps each language's
tsvector (built with that language's configuration) in its own `portal_search_fts` table,
GIN-indexed per column, and matches it against `to_tsquery('<config>', …)` of the same words,
the candidates scored by ts_rank. At most `RANKED` candidates are scored (see `_ranked_rows`).
In both, the user's text is reduced to words (letters and digits), so nothing typed can change
the query's syntax.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
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
# Relevance scores at most this many matches of a search (the most recently registered); the
# others follow them, newest first, under the key UNRANKED - id (above UNRANKED_FLOOR).
RANKED = 300
UNRANKED = 2.0**53
UNRANKED_FLOOR = 1.0
WORDS_COUNT_CAP = 1_000


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


def fts_terms(words: list[str], *, prefix: bool) -> dict[str, list[tuple[str, bool]]]:
    """Each language's stems of the words, and whether each is read as a prefix (only the last
    word's, when asked for, and when it has three letters or more)."""
    terms: dict[str, list[tuple[str, bool]]] = {}
    for language in LANGUAGES:
        found = [stem for word in meaningful(words, language) for stem in stems(word, language)]
        if found:
            last = prefix and len(found[-1]) >= 3
            terms[language.value] = [(stem, False) for stem in found[:-1]] + [(found[-1], last)]
    return terms


def fts_match(words: list[str], *, prefix: bool = False) -> str | None:
    """An FTS5 query: every word, stemmed per language, in that language's column; with
    `prefix`, the last word also as a prefix, for people who have not finished typing.
    Languages whose stems agree share one column filter: each alternative costs a pass over
    the index."""
    columns: dict[str, list[str]] = {}
    for code, terms in fts_terms(words, prefix=prefix).items():
        phrases = [f'"{stem}"' + ("*" if starts else "") for stem, starts in terms]
        columns.setdefault(" AND ".join(phrases), []).append(code)
    alternatives = [f"({{{' '.join(codes)}}} : ({query}))" for query, codes in columns.items()]
    return " OR ".join(alternatives) or None


def ts_query(words: list[str], *, prefix: bool = False) -> str:
    """A to_tsquery text of plain words (quoted, so no operator slips in); with `prefix`, the
    last one as a prefix too. Each language's configuration stems the words itself."""
    terms = [f"'{word}'" for word in words]
    if prefix and terms and len(words[-1]) >= 3:
        terms[-1] += ":*"
    return " & ".join(terms)


def stem_score(shape: tuple[tuple[str, int], ...]) -> Any:
    """SQLite: how well a record's stemmed texts match the query's terms, negated (lower
    first). In each language, every term's occurrences, saturating as in BM25 and weighed down
    in long texts; the best language counts. Computed for a bounded set of candidates only, and
    not with FTS5's bm25, which first reads every record holding each term to weigh them.

    `shape` is each language's number of terms; the stems themselves are the parameters
    `stem_0`, `stem_1`… (`stem_values`), so the statement is built once per shape of query."""
    by_language: list[str] = []
    first = 0
    for code, count in shape:
        norm = f"(0.3 + length({code}) / 280.0)"
        names = [f"stem_{first + index}" for index in range(count)]
        first += count
        parts = [
            f"(1 - {norm} / ((length({code}) - length(replace({code}, :{name}, '')))"
            f" / (length(:{name}) + 0.0) + {norm}))"
            for name in names
        ]
        # A language whose text lacks the first term is not the one that matched: skip it.
        by_language.append(
            f"CASE WHEN instr({code}, :{names[0]}) THEN {' + '.join(parts)} ELSE 0 END"
        )
    best = by_language[0] if len(by_language) == 1 else f"max({', '.join(by_language)})"
    text = sa.text(f"-({best})").bindparams(*(sa.bindparam(f"stem_{i}") for i in range(first)))
    return sa.type_coerce(text, sa.Float).label(SCORE)


def stem_values(terms: dict[str, list[tuple[str, bool]]]) -> dict[str, str]:
    """The parameters of `stem_score`: every language's stems, in order."""
    found = [stem for wanted in terms.values() for stem, _ in wanted]
    return {f"stem_{index}": stem for index, stem in enumerate(found)}


# --- Statements, built once per shape -----------------------------------------------------------
# Building a statement costs more than SQLite takes to run it, so each is built once for each
# shape of query (which filters are set, how many terms in each language, which order), its
# values passed as parameters: `Shape` says which filters are set, `Matches.key` how the words
# are matched.

FILTERED = ("organisation_id", "level", "sector", "risk_category", "lifecycle_status")


@dataclass(frozen=True)
class Shape:
    """Which filters a search sets, not their values (`filter_values`)."""

    include_withdrawn: bool = False
    columns: tuple[str, ...] = ()
    language: bool = False

    @classmethod
    def of(cls, filters: SearchFilters) -> Shape:
        chosen = tuple(
            name
            for name in FILTERED
            if getattr(filters, name) is not None and getattr(filters, name) != ""
        )
        return cls(filters.include_withdrawn, chosen, filters.language is not None)

    @property
    def narrowed(self) -> bool:
        """Whether a filter other than withdrawal needs the portal's columns."""
        return bool(self.columns) or self.language


EVERYTHING = Shape(include_withdrawn=True)


def filter_values(filters: SearchFilters) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(filters, name) for name in Shape.of(filters).columns}
    if filters.language is not None:
        values["language"] = f",{filters.language.value},"
    return values


def _filtered(query: Any, shape: Shape) -> Any:
    if not shape.include_withdrawn:
        query = query.where(P.c.withdrawn == sa.false())
    for name in shape.columns:
        query = query.where(P.c[name] == sa.bindparam(name))
    if shape.language:  # a code between commas: no wildcard of LIKE can be in it
        languages = sa.literal(",") + P.c.languages + sa.literal(",")
        query = query.where(languages.contains(sa.bindparam("language", type_=sa.Text)))
    return query


@dataclass(frozen=True)
class MatchParts:
    """Which systems match, and how to score a few of them (lower scores first)."""

    ident: sa.ColumnElement[int]
    source: Any  # the FROM clause
    condition: Any  # a boolean expression or FTS5's MATCH
    score: sa.ColumnElement[Any] | None = None  # PostgreSQL's ts_rank, negated
    stems: tuple[tuple[str, int], ...] = ()  # SQLite: each language's number of terms

    def select(self, *columns: Any, shape: Shape) -> Any:
        query = sa.select(*columns).select_from(self.source).where(self.condition)
        if shape.narrowed:
            # SQLite: "+ 0" keeps the planner from walking the filter's index and running the
            # full-text query once per row it finds (seconds); the matches lead, the filter
            # columns are read by primary key.
            key = self.ident + 0 if self.score is None else self.ident
            return _filtered(query.join_from(self.source, P, P.c.system_id == key), shape)
        if not shape.include_withdrawn:  # the few withdrawn ones, from an index
            hidden = sa.select(P.c.system_id).where(P.c.withdrawn == sa.true())
            query = query.where(self.ident.not_in(hidden))
        return query


@lru_cache(maxsize=64)
def _match_parts(key: tuple[Any, ...]) -> MatchParts:
    if key[0] == "sqlite":
        return MatchParts(
            FTS.c.rowid,
            FTS,
            sa.text("portal_search_fts MATCH :match"),
            stems=key[1],
        )
    conditions, ranks = [], []
    for language in LANGUAGES:
        config: sa.ColumnElement[str] = sa.literal_column(f"'{TEXT_SEARCH[language]}'")
        tsquery = sa.func.to_tsquery(config, sa.bindparam(f"q_{language.value}", type_=sa.Text))
        vector = VECTORS.c[language.value]
        conditions.append(vector.op("@@")(tsquery))
        ranks.append(sa.func.ts_rank(vector, tsquery))
    # ts_rank grows with relevance: negate it so that both databases sort ascending.
    # As double precision: a real travels as rounded text, unequal to itself in a cursor.
    score: sa.ColumnElement[float] = sa.cast(-sa.func.greatest(*ranks), sa.Double())
    return MatchParts(VECTORS.c.system_id, VECTORS, sa.or_(*conditions), score=score)


@dataclass(frozen=True)
class Matches:
    """The words of a search as one database matches them: the shape of the statement (`key`)
    and the values it is run with."""

    key: tuple[Any, ...]
    values: dict[str, Any]


def parameters(matches: Matches | None, filters: SearchFilters, **more: Any) -> dict[str, Any]:
    """The values a search statement runs with: its words', its filters' and `more`."""
    return {**(matches.values if matches else {}), **filter_values(filters), **more}


COUNT = sa.bindparam("count", type_=sa.Integer)
OFFSET = sa.bindparam("offset", type_=sa.Integer)


@lru_cache(maxsize=256)
def _first_statement(key: tuple[Any, ...], shape: Shape) -> Any:
    parts = _match_parts(key)
    return parts.select(parts.ident, shape=shape).limit(1)


@lru_cache(maxsize=256)
def _count_statement(key: tuple[Any, ...] | None, shape: Shape, cap: int) -> Any:
    if key is not None:
        parts = _match_parts(key)
        counted = parts.select(parts.ident, shape=shape).limit(cap + 1)
    else:
        counted = _filtered(sa.select(P.c.system_id), shape).limit(cap + 1)
    return sa.select(sa.func.count()).select_from(counted.subquery())


@lru_cache(maxsize=256)
def _sorted_statement(key: tuple[Any, ...] | None, shape: Shape, order: Order, after: bool) -> Any:
    """(id, sort key) of a page in order of name or of publication, from `offset` (or after
    the cursor `cursor_key`, `cursor_id`)."""
    sort_key = P.c.published_at if order is Order.RECENT else P.c.sort_name
    candidates = _filtered(sa.select(P.c.system_id, sort_key.label(SCORE)), shape)
    if key is not None:
        parts = _match_parts(key)
        everything = parts.select(parts.ident, shape=EVERYTHING)
        candidates = candidates.where(P.c.system_id.in_(everything))
    scored = candidates.subquery("candidates")
    sort, ident = scored.c[SCORE], scored.c.system_id
    if order is Order.RECENT:
        page = sa.select(ident, sort).order_by(sort.desc(), ident.desc())
    else:
        page = sa.select(ident, sort).order_by(sort, ident)
    if after:
        cursor = sa.tuple_(sa.bindparam("cursor_key"), sa.bindparam("cursor_id", type_=sa.Integer))
        page = page.where(sa.tuple_(sort, ident) > cursor)
    return page.offset(OFFSET).limit(COUNT)


@lru_cache(maxsize=256)
def _newest_statement(key: tuple[Any, ...], shape: Shape) -> Any:
    """See `PortalSearch._newest`."""
    parts = _match_parts(key)
    newest = parts.select(parts.ident, shape=shape)
    if shape.narrowed:
        order = parts.ident if parts.score is None else parts.ident + 0
        return newest.order_by(order.desc()).limit(WORDS_COUNT_CAP + 1)
    if parts.score is None:
        query = newest.add_columns(stem_score(parts.stems)).order_by(parts.ident.desc())
        return query.limit(RANKED + 1)
    few = newest.order_by(parts.ident.desc()).limit(RANKED + 1).scalar_subquery()
    return (
        sa.select(parts.ident, parts.score).where(parts.ident.in_(few)).order_by(parts.ident.desc())
    )


@lru_cache(maxsize=256)
def _scored_statement(key: tuple[Any, ...]) -> Any:
    """The scores of the matches whose ids are the parameter `ids`."""
    parts = _match_parts(key)
    if parts.score is None:  # SQLite: the score reads the stems of each id's row
        every = sa.func.json_each(sa.bindparam("ids", type_=sa.Text))
        listed = sa.select(sa.literal_column("value")).select_from(every).scalar_subquery()
        query = sa.select(FTS.c.rowid, stem_score(parts.stems)).select_from(FTS)
        return query.where(FTS.c.rowid.in_(listed))
    wanted = sa.bindparam("ids", type_=postgresql.ARRAY(sa.Integer))
    return sa.select(parts.ident, parts.score).where(parts.ident == sa.any_(wanted))


@lru_cache(maxsize=256)
def _rest_statement(key: tuple[Any, ...], shape: Shape, after: bool) -> Any:
    """The matches past the scored ones (from `boundary` down), newest first."""
    parts = _match_parts(key)
    rest = parts.select(parts.ident, shape=shape).where(
        parts.ident <= sa.bindparam("boundary", type_=sa.Integer)
    )
    if after:
        rest = rest.where(parts.ident < sa.bindparam("cursor_id", type_=sa.Integer))
    return rest.order_by(parts.ident.desc()).offset(OFFSET).limit(COUNT)


RANDOM_PAGE_COST = sa.text("SET LOCAL random_page_cost = 1.1")


class PortalSearch:
    """Read-only queries over the portal index (`portal_systems` and its search text)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect.name

    def _matches(self, words: list[str], *, prefix: bool) -> Matches | None:
        if self.dialect == "sqlite":
            match = fts_match(words, prefix=prefix)
            if match is None:
                return None
            terms = fts_terms(words, prefix=prefix)
            shape = tuple((code, len(wanted)) for code, wanted in terms.items())
            return Matches(("sqlite", shape), {"match": match, **stem_values(terms)})
        values = {
            f"q_{language.value}": ts_query(meaningful(words, language), prefix=prefix)
            for language in LANGUAGES
        }
        return Matches(("postgresql",), values)

    def _found(self, words: list[str], filters: SearchFilters) -> Matches | None:
        """The matches of the words as typed or, when they find nothing, with the last word
        read as a prefix too (someone who has not finished typing it). Only then: a prefix
        costs a merge of many words' lists in FTS5, and on PostgreSQL a re-reading of every
        match's text."""
        exact = self._matches(words, prefix=False)
        if exact is None:
            return None
        first = _first_statement(exact.key, Shape.of(filters))
        if self.connection.execute(first, parameters(exact, filters)).first():
            return exact
        return self._matches(words, prefix=True)

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
        asked for, else by name or by date of publication (the most recent first).

        Scoring a match costs far more than finding it, so relevance scores at most `RANKED`
        matches: all of them when there are no more, else the most recently registered
        `RANKED`; the others follow them, newest first (see `_ranked_rows`)."""
        limit = max(1, min(limit, MAX_LIMIT))
        words = words_of(text)
        ranked = bool(words) and order is Order.RELEVANCE
        if cursor is not None and (cursor.ranked != ranked or order is Order.RECENT):
            raise ValidationError.single(
                "cursor", N_("This page link is not valid; start from the first page.")
            )
        if words and self.dialect == "postgresql":
            # Tables of the portal live in memory; at the default cost of a random read (4)
            # the planner reads the whole table instead of the text-search indexes.
            self.connection.execute(RANDOM_PAGE_COST)
        offset = max(0, offset)
        known: int | None = None  # the number of matches, when finding the page told it
        if ranked:
            matches, rows, known = self._ranked_rows(words, filters, cursor, offset, limit + 1)
        else:
            matches = self._found(words, filters) if words else None
            if words and matches is None:
                return SearchPage([], 0, False, None)
            rows = self._sorted_rows(matches, filters, order, cursor, offset, limit + 1)
            if len(rows) <= limit and offset <= 0 and cursor is None:
                known = len(rows)  # the first page holds them all
        # Counting reads every match (on PostgreSQL, a row of the table each): a search for
        # words counts up to WORDS_COUNT_CAP, a listing up to COUNT_CAP; past it, "more than".
        cap = WORDS_COUNT_CAP if words else COUNT_CAP
        if known is None:
            counted = _count_statement(matches.key if matches else None, Shape.of(filters), cap)
            known = self.connection.execute(counted, parameters(matches, filters)).scalar_one()
        total = known
        more = len(rows) > limit
        rows = rows[:limit]
        hits = self._hits([row[0] for row in rows])
        next_cursor = (
            Cursor(rows[-1][1], rows[-1][0], ranked).encode()
            if more and rows and order is not Order.RECENT
            else None
        )
        return SearchPage(hits, min(total, cap), total > cap, next_cursor)

    def _sorted_rows(
        self,
        matches: Matches | None,
        filters: SearchFilters,
        order: Order,
        cursor: Cursor | None,
        offset: int,
        count: int,
    ) -> list[tuple[int, Any]]:
        """(id, sort key) of a page in order of name or of publication."""
        page = _sorted_statement(
            matches.key if matches else None, Shape.of(filters), order, cursor is not None
        )
        values = parameters(matches, filters, offset=offset, count=count)
        if cursor is not None:
            values |= {"cursor_key": cursor.key, "cursor_id": cursor.system_id}
        return [(row[0], row[1]) for row in self._rows(page, values)]

    def _newest(
        self, matches: Matches, filters: SearchFilters
    ) -> tuple[list[tuple[int, float]], int | None]:
        """The `RANKED` + 1 most recently registered matches (highest ids) with their scores,
        newest first (and the number of matches, when known).

        - With a filter, both databases read every match and its filter columns before the
          first row comes out, and counting them would read them all again: one pass takes
          the ids of up to WORDS_COUNT_CAP + 1 newest (which counts them), and the first
          RANKED + 1 of them are scored by id.
        - SQLite without one: FTS5 reads its index backwards and stops early.
        - PostgreSQL without one: the planner walks the primary key backwards testing each row
          (common words) or reads every match from the GIN indexes (rare ones); ts_rank for
          the few. With a filter, walking backwards may test most of the table: "+ 0" rules
          it out."""
        shape = Shape.of(filters)
        query = _newest_statement(matches.key, shape)
        values = parameters(matches, filters)
        if shape.narrowed:
            ids = [row[0] for row in self._rows(query, values)]
            return self._scored(matches, ids[: RANKED + 1]), len(ids)
        return [(row[0], float(row[1])) for row in self._rows(query, values)], None

    def _scored(self, matches: Matches, ids: list[int]) -> list[tuple[int, float]]:
        """The scores of these matches, in the order of `ids` (sent as one array: a list of
        hundreds of parameters costs more to send than to score)."""
        if not ids:
            return []
        sent = json.dumps(ids) if self.dialect == "sqlite" else ids
        query = _scored_statement(matches.key)
        scores = {
            row[0]: float(row[1]) for row in self._rows(query, {**matches.values, "ids": sent})
        }
        return [(ident, scores[ident]) for ident in ids]

    def _rows(self, query: Any, values: dict[str, Any] | None = None) -> list[Any]:
        """The rows of a query, in its order. SQLite hands them over as one JSON array, read in
        one step (`_packed`): each row read apart releases and takes back the interpreter's
        lock, which under concurrent searches costs more than reading the row. Values come
        back as JSON has them."""
        if self.dialect != "sqlite":
            return list(self.connection.execute(query, values))
        found = self.connection.execute(_packed(query), values)
        return json.loads(found.scalar_one())  # type: ignore[no-any-return]

    def _ranked_rows(
        self,
        words: list[str],
        filters: SearchFilters,
        cursor: Cursor | None,
        offset: int,
        count: int,
    ) -> tuple[Matches | None, list[tuple[int, float]], int | None]:
        """The matches, (id, key) of a page by relevance (keys ascending) and the number of
        matches when finding them told it (when there are no more than `RANKED`).

        When more than `RANKED` records match, only the `RANKED` most recently registered ones
        (the highest ids, read from the index without scoring) are scored: they come first, by
        score; every other match follows, newest first, with the key `UNRANKED - id` (scores
        are never positive, so these keys sort after every score). Offsets and cursors walk
        both parts as one list. The last word is read as a prefix only when the words as
        typed find nothing (see `_found`)."""
        matches = self._matches(words, prefix=False)
        if matches is None:
            return None, [], 0
        newest, total = self._newest(matches, filters)
        if not newest:
            matches = self._matches(words, prefix=True)
            assert matches is not None
            newest, total = self._newest(matches, filters)
        if total is None and len(newest) <= RANKED:
            total = len(newest)
        boundary = newest[RANKED][0] if len(newest) > RANKED else None
        found: list[tuple[int, float]] = []
        past = boundary is not None and cursor is None and offset >= RANKED
        if not past and (cursor is None or float(cursor.key) < UNRANKED_FLOOR):
            scored = sorted((key, ident) for ident, key in newest[:RANKED])
            if cursor is not None:
                after = (float(cursor.key), cursor.system_id)
                scored = [each for each in scored if each > after]
            found = [(ident, key) for key, ident in scored[offset : offset + count]]
            if boundary is None or len(found) >= count:
                return matches, found, total
            # The scored part ends on this page: the rest follows from its beginning.
            offset, cursor = 0, None
        elif past:
            offset -= RANKED
        if boundary is None:
            return matches, found, total
        rest = _rest_statement(matches.key, Shape.of(filters), cursor is not None)
        values = parameters(
            matches, filters, boundary=boundary, offset=offset, count=count - len(found)
        )
        if cursor is not None:
            values["cursor_id"] = cursor.system_id
        later = [row[0] for row in self._rows(rest, values)]
        return matches, found + [(ident, float(UNRANKED - ident)) for ident in later], total

    def organisations(self) -> list[tuple[str, dict[str, str]]]:
        """The slug and name of every organisation with a system on the portal."""
        rows = self._rows(_ORGANISATIONS)
        return list(_decoded_names(tuple((row[0], row[1]) for row in rows)))

    def _hits(self, ids: list[int]) -> list[PortalHit]:
        if not ids:
            return []
        # A list shows the name, summary and organisation: decoding whole documents would cost
        # more than finding the page.
        if self.dialect == "sqlite":
            packed = self._rows(_HITS_SQLITE, {"ids": json.dumps(ids)})
            hits = [
                _hit(_from_sqlite(dict(zip(_LISTED_NAMES, row, strict=True)))) for row in packed
            ]
        else:
            hits = [_hit(row._mapping) for row in self.connection.execute(_HITS, {"ids": ids})]
        by_id = {hit.system_id: hit for hit in hits}
        return [by_id[system_id] for system_id in ids if system_id in by_id]

    def entry(self, slug: str) -> PortalHit | None:
        """The portal's entry for one system, withdrawn or not."""
        row = self.connection.execute(sa.select(P).where(P.c.slug == slug)).first()
        return _hit(row._mapping) if row is not None else None


@lru_cache(maxsize=1024)
def _packed(query: Any) -> Any:
    """SQLite: a statement whose one row is the JSON array of the query's rows, in order (made
    once for each statement: those it is given are made once per shape of query)."""
    inner = query.subquery()
    return sa.select(sa.func.json_group_array(sa.func.json_array(*inner.c)))


_ORGANISATIONS = sa.select(ORGANISATIONS.c.slug, sa.cast(ORGANISATIONS.c.name, sa.Text)).where(
    sa.select(P.c.organisation_id).where(P.c.organisation_id == ORGANISATIONS.c.id).exists()
)


@lru_cache(maxsize=8)
def _decoded_names(rows: tuple[tuple[str, str], ...]) -> tuple[tuple[str, dict[str, str]], ...]:
    """The organisations' names decoded once for as long as they stay the same (every page reads
    them for its filter)."""
    return tuple((slug, json.loads(names)) for slug, names in rows)


_LISTED = [column for column in P.c if column.name != "document"]
_HITS = sa.select(
    *_LISTED,
    P.c.document[("fields", "name")].label("name"),
    P.c.document[("fields", "description_short")].label("summary"),
    P.c.document[("organisation",)].label("organisation"),
).where(P.c.system_id.in_(sa.bindparam("ids", expanding=True)))
# SQLite parses a document once per json_extract: one call with the three paths, one parse.
# The rows come as one JSON array (see PortalSearch._rows), the ids go as one.
_LISTED_NAMES = (*(column.name for column in _LISTED), "parts")
_HITS_SQLITE = sa.select(
    *_LISTED,
    sa.func.json_extract(
        P.c.document, "$.fields.name", "$.fields.description_short", "$.organisation"
    ).label("parts"),
).where(
    P.c.system_id.in_(
        sa.select(sa.literal_column("value")).select_from(
            sa.func.json_each(sa.bindparam("ids", type_=sa.Text))
        )
    )
)


def _from_sqlite(values: dict[str, Any]) -> dict[str, Any]:
    """A listed row as JSON brought it from SQLite: its dates as text, its flags as numbers."""
    revision = values["revision_date"]
    return {
        **values,
        "published_at": datetime.fromisoformat(values["published_at"]).replace(tzinfo=UTC),
        "revision_date": date.fromisoformat(revision) if revision else None,
        "parts": json.loads(values["parts"]),
    }


BY_CODE = {language.value: language for language in Language}


def _hit(row: Mapping[Any, Any]) -> PortalHit:
    return PortalHit(
        system_id=row["system_id"],
        slug=row["slug"],
        organisation_id=row["organisation_id"],
        version=row["version"],
        published_at=row["published_at"],
        withdrawn=bool(row["withdrawn"]),
        withdrawal_reason=row["withdrawal_reason"],
        revision_date=row["revision_date"],
        risk_category=row["risk_category"],
        lifecycle_status=row["lifecycle_status"],
        level=row["level"],
        sector=row["sector"],
        languages=tuple(BY_CODE[code] for code in row["languages"].split(",") if code),
        document=dict(row["document"]) if "document" in row else _summary(row),
    )


def _summary(row: Mapping[Any, Any]) -> dict[str, Any]:
    """The part of a public document a list shows."""
    if "parts" in row:
        name, summary, organisation = row["parts"]
    else:
        name, summary, organisation = row["name"], row["summary"], row["organisation"]
    fields = {"name": name, "description_short": summary}
    return {
        "fields": {key: value for key, value in fields.items() if value is not None},
        "organisation": organisation or {},
    }
