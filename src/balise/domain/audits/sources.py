"""Where the data of an audit lives: a file, a PostgreSQL table or view, or a Spark table.

`balise audit ... --source` and the registered connections of an organisation name it with an
address: a file path, `postgresql://user:password@host:5432/database?table=schema.table`, or
`spark:TABLE` / `spark:PATH`. The address is parsed here, without touching the engine; the
redacted form (no password) is what reports and pages show.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qsl, urlencode, urlsplit

from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_

POSTGRES_SCHEMES = ("postgresql", "postgres")
SPARK_PREFIX = "spark:"


class SourceKind(StrEnum):
    FILE = "file"
    POSTGRESQL = "postgresql"
    SPARK = "spark"


@dataclass(frozen=True)
class SourceAddress:
    """`target` is the file path, the table (PostgreSQL, Spark) or the files Spark reads;
    `url` the PostgreSQL connection, without the table."""

    kind: SourceKind
    target: str
    url: str = ""

    @classmethod
    def parse(cls, text: str, *, field: str = "source") -> SourceAddress:
        text = text.strip()
        if not text:
            raise ValidationError.single(field, N_("Name the data: a file, a table or a view."))
        scheme = text.partition(":")[0].lower()
        if scheme in POSTGRES_SCHEMES and text[len(scheme) :].startswith("://"):
            return cls.postgresql(text, field=field)
        if text.lower().startswith(SPARK_PREFIX):
            target = text[len(SPARK_PREFIX) :].strip()
            if not target:
                raise ValidationError.single(
                    field, N_("Name the Spark table or files after spark:.")
                )
            return cls(SourceKind.SPARK, target)
        return cls(SourceKind.FILE, text)

    @classmethod
    def postgresql(
        cls, url: str, *, table: str | None = None, field: str = "source"
    ) -> SourceAddress:
        """A PostgreSQL URL; the table comes from its `table` parameter unless given."""
        parts = urlsplit(url.strip())
        query = parse_qsl(parts.query, keep_blank_values=True)
        named = [value for key, value in query if key == "table"]
        chosen = (table or (named[-1] if named else "")).strip()
        if not parts.hostname and not parts.path.strip("/"):
            raise ValidationError.single(
                field, N_("The PostgreSQL address needs a host or a database.")
            )
        if not chosen:
            raise ValidationError.single(
                field, N_("Name the table or view: add ?table=schema.name to the address.")
            )
        rest = urlencode([(key, value) for key, value in query if key != "table"])
        return cls(SourceKind.POSTGRESQL, chosen, join_url(parts.netloc, parts.path, rest))

    @property
    def redacted(self) -> str:
        """The address without its password, to show and to record."""
        if self.kind is SourceKind.POSTGRESQL:
            url = redact_url(self.url)
            return f"{url}{'&' if '?' in url else '?'}{urlencode({'table': self.target})}"
        if self.kind is SourceKind.SPARK:
            return SPARK_PREFIX + self.target
        return self.target


def redact_url(url: str) -> str:
    """`url` with its password (and any password parameter) left out."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.partition(':')[0]}@{host}" if user else host
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if "password" not in k]
    )
    return join_url(netloc, parts.path, query)


def join_url(netloc: str, path: str, query: str) -> str:
    return f"postgresql://{netloc}{path}" + (f"?{query}" if query else "")
