"""Settings, read once from the environment (variables prefixed BALISE_)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from balise.domain.shared.i18n import Language


class Settings(BaseSettings):
    """Every setting Balise reads; docs/operations.md documents each one."""

    model_config = SettingsConfigDict(env_prefix="BALISE_", extra="ignore")

    data_dir: Path = Field(
        default=Path("data"),
        description="Where the SQLite database, uploads and the embedded job queue live.",
    )
    database_url: str = Field(
        default="",
        description="SQLAlchemy URL; empty means SQLite in the data directory. PostgreSQL: postgresql://user@host/db.",
    )
    base_url: str = Field(
        default="http://127.0.0.1:8000",
        description="The public address; cookies are marked Secure when it starts with https.",
    )
    secret_key: str = Field(
        default="",
        description="Signs the single-sign-on state; generated into the data directory when empty.",
    )
    audit_log_key: str = Field(
        default="",
        description="Secret (at least 32 characters) that keys the audit log's chain and signs its "
        "checkpoints; generated into the data directory when empty. Keep it outside the database.",
    )
    audit_log_key_file: str = Field(
        default="",
        description="A file holding the audit log key instead (e.g. a mounted secret); its first "
        "line is the current key, further lines the retired keys kept to verify older events.",
    )
    connections_key: str = Field(
        default="",
        description="Key that encrypts the registered audit connections' addresses and passwords "
        "(a Fernet key, or any secret of at least 32 characters); generated into the data "
        "directory when empty. Keep it outside the database.",
    )
    connections_key_file: str = Field(
        default="",
        description="A file holding the connections key instead (e.g. a mounted secret); its "
        "first line is the current key, further lines earlier keys that still decrypt.",
    )
    audit_log_retired_keys: str = Field(
        default="",
        description="Earlier audit log keys, comma-separated, kept after a rotation so that the "
        "events and checkpoints they sealed still verify.",
    )
    audit_log_checkpoint_minutes: int = Field(
        default=60,
        ge=1,
        description="Minutes between two signed checkpoints of the audit log's head.",
    )
    default_language: Language = Field(
        default=Language.FR,
        description="Language when neither the user nor the browser chooses one (fr, nl, de, en).",
    )
    job_backend: Literal["embedded", "redis"] = Field(
        default="embedded",
        description="embedded (SQLite file, consumer inside `balise serve`) or redis.",
    )
    redis_url: str = Field(
        default="redis://127.0.0.1:6379/0",
        description="Redis for the job queue when job_backend is redis.",
    )
    max_request_bytes: int = Field(
        default=1_048_576, description="Largest request body accepted, uploads excepted."
    )
    max_upload_bytes: int = Field(
        default=100 * 1_048_576, description="Largest uploaded file accepted."
    )
    audit_max_upload_bytes: int = Field(
        default=10 * 1_073_741_824,
        description="Largest decision log or data set accepted for an audit (sent in chunks).",
    )
    audit_chunk_bytes: int = Field(
        default=8 * 1_048_576,
        description="Size of the chunks the audit uploader sends (at most the request limit).",
    )
    audit_memory_limit: str = Field(
        default="1GB", description="DuckDB's memory limit in audit jobs; beyond it, it spills."
    )
    rate_limit_api: str = Field(
        default="600/minute",
        description="Most API requests one client address may make, e.g. 600/minute.",
    )
    rate_limit_writes: str = Field(
        default="120/minute",
        description="Most form submissions and other writes one client address may make.",
    )
    rate_limit_storage: str = Field(
        default="memory://",
        description="Rate-limit counters: memory:// (one process) or a redis:// URL (all workers).",
    )
    database_connections: int = Field(
        default=20,
        ge=1,
        description="Database connections each process keeps open for its requests (as many "
        "again open while it is busier); on PostgreSQL, mind max_connections across processes.",
    )
    portal_cache_entries: int = Field(
        default=2048,
        ge=0,
        description="Anonymous portal searches (pages and API results) kept in memory per web "
        "worker until the portal changes; 0 turns the cache off.",
    )
    forwarded_allow_ips: str = Field(
        default="",
        description="Reverse proxies whose X-Forwarded-For is believed (addresses or networks, "
        "comma-separated, e.g. 127.0.0.1,10.0.0.0/8); empty: none, the peer is the client.",
    )
    job_lease_seconds: int = Field(
        default=300,
        ge=10,
        description="A running job whose worker has not reported for this long is marked failed.",
    )
    job_reap_interval_seconds: int = Field(
        default=60,
        ge=1,
        description="How often the worker looks for abandoned jobs and uploads.",
    )
    upload_retention_hours: int = Field(
        default=24,
        ge=1,
        description="Hours after which unfinished chunked uploads and orphaned files are deleted.",
    )
    oidc_issuer: str = Field(
        default="", description="OpenID Connect issuer URL; sign-in with it is offered when set."
    )
    oidc_client_id: str = Field(
        default="", description="Client identifier registered with the OpenID provider."
    )
    oidc_client_secret: str = Field(
        default="", description="Client secret registered with the OpenID provider."
    )
    oidc_label: str = Field(
        default="Single sign-on",
        description="Name of the sign-in button, e.g. FAS / CSAM or itsme.",
    )
    smtp_host: str = Field(
        default="", description="SMTP server for e-mail notices; empty means no e-mail is sent."
    )
    smtp_port: int = Field(default=25, description="Port of the SMTP server.")
    smtp_from: str = Field(
        default="balise@localhost", description="Sender address of the e-mail notices."
    )
    smtp_username: str = Field(default="", description="SMTP user name, when the server needs one.")
    smtp_password: str = Field(default="", description="SMTP password, when the server needs one.")
    smtp_security: Literal["none", "starttls", "tls"] = Field(
        default="none", description="none, starttls (upgrade the connection) or tls (implicit TLS)."
    )
    monitoring_retention_days: int = Field(
        default=365,
        description="Days after a citizen's request is closed before its personal data is deleted.",
    )
    contact_email: str = Field(
        default="",
        description="Address the about, privacy and accessibility pages give for questions.",
    )
    operator_name: str = Field(
        default="",
        description="Name of the body that runs this installation, shown on the contact page.",
    )
    data_protection_email: str = Field(
        default="",
        description="Data-protection officer's address; empty means the contact address.",
    )
    accessibility_email: str = Field(
        default="",
        description="Address for accessibility problems; empty means the contact address.",
    )

    @cached_property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir.resolve() / 'balise.sqlite3'}"

    @property
    def secure_cookies(self) -> bool:
        return self.base_url.startswith("https://")

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id)
