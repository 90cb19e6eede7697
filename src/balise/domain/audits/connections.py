"""Registered data connections: where an organisation's decision logs live (a PostgreSQL table or
view, a Spark table or files), kept in Balise so that its staff can audit them from the web.

What people type is checked here, every wrong field at once, and turned into one source address
(`domain/audits/sources.py`). The full address, password included, is what the services seal
(encrypt) before storing it; what Balise shows and records is the address without its password,
and the fact that a password is stored. Nothing here touches an engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from balise.domain.audits.sources import SourceAddress, SourceKind, join_url
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Message

MAX_NAME = 80
MAX_FIELD = 500
DEFAULT_PORT = 5432
REDACTED = "***"


class ConnectionEngine(StrEnum):
    POSTGRESQL = "postgresql"
    SPARK = "spark"


@dataclass(frozen=True)
class AuditConnection:
    """A registered connection. `sealed` is the encrypted full address (password included):
    only the composition root's key opens it; `address` is the same without the password."""

    organisation_id: int
    name: str
    engine: ConnectionEngine
    address: str
    target: str
    sealed: str
    has_password: bool
    created_at: datetime
    updated_at: datetime
    created_by: int | None = None
    columns: dict[str, str] | None = None
    tested_at: datetime | None = None
    id: int | None = None

    def facts(self) -> dict[str, str]:
        """What may be shown: host, port, database, user and table (or the Spark source)."""
        if self.engine is ConnectionEngine.SPARK:
            return {"source": self.target}
        parts = urlsplit(self.address)
        return {
            "host": parts.hostname or "",
            "port": str(parts.port or DEFAULT_PORT) if parts.hostname else "",
            "database": unquote(parts.path.lstrip("/")),
            "user": unquote(parts.username or ""),
            "table": self.target,
        }

    def event_json(self) -> dict[str, object]:
        """What the audit log records of the connection: never the password."""
        return {
            "name": self.name,
            "engine": self.engine.value,
            "address": self.address,
            "has_password": self.has_password,
        }


@dataclass(frozen=True)
class ConnectionDetails:
    """A connection as typed, checked: `secret_address` (with the password) is to be sealed."""

    name: str
    engine: ConnectionEngine
    secret_address: str = field(repr=False)
    address: str
    target: str
    has_password: bool

    @property
    def source(self) -> SourceAddress:
        return SourceAddress.parse(self.secret_address)


def full_text(address: SourceAddress) -> str:
    """The address as one string, password included (`SourceAddress.parse` reads it back)."""
    if address.kind is SourceKind.POSTGRESQL:
        joiner = "&" if "?" in address.url else "?"
        return f"{address.url}{joiner}{urlencode({'table': address.target})}"
    if address.kind is SourceKind.SPARK:
        return f"spark:{address.target}"
    return address.target


def password_of(address: SourceAddress) -> str:
    """The password in a PostgreSQL address (in its user part or a `password` parameter)."""
    if address.kind is not SourceKind.POSTGRESQL:
        return ""
    parts = urlsplit(address.url)
    if parts.password:
        return unquote(parts.password)
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key == "password":
            return value
    return ""


def scrub(text: str, secret_address: str) -> str:
    """`text` (an engine's error message) with the password and the full address left out."""
    try:
        address = SourceAddress.parse(secret_address)
    except ValidationError:
        return text
    redacted = address.redacted
    for secret in (secret_address, full_text(address), address.url):
        if secret and secret != redacted:
            text = text.replace(secret, redacted)
    password = password_of(address)
    if password:
        for form in {password, quote(password, safe="")}:
            text = text.replace(form, REDACTED)
    return text


def _text(values: dict[str, object], name: str) -> str:
    value = values.get(name)
    return value.strip() if isinstance(value, str) else ""


def connection_details(values: dict[str, object], *, kept_password: str = "") -> ConnectionDetails:
    """Check a connection as typed: `name`, `engine`, then for PostgreSQL either `url` or
    `host`, `port`, `database`, `user`, `password`, and `table` (unless the URL names it); for
    Spark `spark` (what `balise audit --source spark:...` accepts). A blank password keeps
    `kept_password` (replacing the details of a registered connection). Every wrong field is
    reported at once."""
    errors: dict[str, Message] = {}
    name = _text(values, "name")
    if not name:
        errors["name"] = Message(N_("Give the connection a name."))
    elif len(name) > MAX_NAME or not name.isprintable():
        errors["name"] = Message(
            N_("A name has at most %(max)s printable characters."), {"max": MAX_NAME}
        )
    for key, value in values.items():
        if isinstance(value, str) and len(value) > MAX_FIELD:
            errors[key] = Message(N_("At most %(max)s characters."), {"max": MAX_FIELD})
    try:
        engine = ConnectionEngine(_text(values, "engine"))
    except ValueError:
        errors["engine"] = Message(N_("Choose PostgreSQL or Spark."))
        raise ValidationError(errors) from None
    address: SourceAddress | None = None
    if engine is ConnectionEngine.SPARK:
        spark = _text(values, "spark")
        if spark.lower().startswith("spark:"):
            spark = spark[len("spark:") :].strip()
        if not spark:
            errors["spark"] = Message(N_("Name the Spark table or the files Spark reads."))
        else:
            address = SourceAddress(SourceKind.SPARK, spark)
    else:
        address = _postgresql(values, errors, kept_password)
    if errors or address is None:
        raise ValidationError(errors)
    return ConnectionDetails(
        name=name,
        engine=engine,
        secret_address=full_text(address),
        address=address.redacted,
        target=address.target,
        has_password=bool(password_of(address)),
    )


def _postgresql(
    values: dict[str, object], errors: dict[str, Message], kept_password: str
) -> SourceAddress | None:
    table = _text(values, "table")
    url = _text(values, "url")
    if url:
        scheme = url.partition("://")[0].lower()
        if scheme not in ("postgresql", "postgres"):
            errors["url"] = Message(N_("A PostgreSQL address starts with postgresql://."))
            return None
        try:
            return SourceAddress.postgresql(url, table=table or None, field="table")
        except ValidationError as error:
            for key, message in error.errors.items():
                errors["url" if "host" in message.key else key] = message
            return None
    host = _text(values, "host")
    database = _text(values, "database")
    user = _text(values, "user")
    password = values.get("password")
    password = password if isinstance(password, str) and password else kept_password
    port_text = _text(values, "port")
    port = DEFAULT_PORT
    if port_text:
        try:
            port = int(port_text)
            if not 0 < port < 65536:
                raise ValueError
        except ValueError:
            errors["port"] = Message(N_("A port is a whole number between 1 and 65535."))
    if not host:
        errors["host"] = Message(N_("Give the server's host name, or a postgresql:// address."))
    if not database:
        errors["database"] = Message(N_("Name the database."))
    if not table:
        errors["table"] = Message(N_("Name the table or view, e.g. public.decisions."))
    if errors:
        return None
    server = f"[{host}]" if ":" in host else host
    credentials = quote(user, safe="")
    if password:
        credentials += ":" + quote(password, safe="")
    netloc = f"{credentials}@{server}:{port}" if credentials else f"{server}:{port}"
    return SourceAddress(SourceKind.POSTGRESQL, table, join_url(netloc, "/" + quote(database), ""))
