"""Settings from the environment or a `.env` file (prefix ``CIVICFUSION_``)."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


class Settings(BaseSettings):
    """Every setting CivicFusion reads; the README's configuration table mirrors this class."""

    model_config = SettingsConfigDict(
        env_prefix="CIVICFUSION_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    home: Path = Field(Path("./var"), description="Where CivicFusion keeps its data and logs.")
    neo4j_uri: str = Field(
        "bolt://127.0.0.1:7687",
        description="Bolt URI: bolt:// for one server, neo4j:// for a cluster or Aura.",
    )
    neo4j_user: str = Field("neo4j", description="Neo4j user.")
    neo4j_password: SecretStr | None = Field(
        None,
        description="Neo4j password. Unset: the local runtime generates one at first start "
        "and keeps it in $CIVICFUSION_HOME/neo4j/auth (mode 600).",
    )
    neo4j_database: str = Field("neo4j", description="Database name (Community has one: neo4j).")
    neo4j_query_timeout: float = Field(
        30.0, description="Client-side transaction timeout for one query, in seconds."
    )
    # Local runtime (civicfusion db start) only.
    neo4j_version: str = Field("5.26.31", description="Neo4j Community version to fetch and run.")
    neo4j_cache: Path = Field(
        Path("~/.cache/civicfusion/neo4j"),
        description="Where the Neo4j jars from Maven Central are cached (shared by checkouts).",
    )
    neo4j_heap: str = Field("2g", description="JVM heap of the local server (-Xms = -Xmx).")
    neo4j_pagecache: str = Field("4g", description="Page cache of the local server.")
    neo4j_tx_timeout: str = Field("60s", description="Server-side db.transaction.timeout.")
    neo4j_start_timeout: float = Field(180.0, description="Seconds to wait for Bolt at start.")

    # The workbench (civicfusion serve).
    host: str = Field("127.0.0.1", description="Address the workbench binds (loopback by default).")
    port: int = Field(8050, description="Port of the workbench.")
    app_db: Path | None = Field(
        None,
        description="SQLite file with users, charts and the audit log "
        "(default $CIVICFUSION_HOME/app.db). Never in Neo4j, so no Cypher can read it.",
    )
    secret_key: SecretStr | None = Field(
        None,
        description="Signs session cookies. Unset: generated once into "
        "$CIVICFUSION_HOME/secret_key (mode 600).",
    )
    expand_cap: int = Field(50, description="Most neighbours one expand adds to the chart.")
    search_limit: int = Field(50, description="Most results one search returns.")
    history_steps: int = Field(50, description="Chart steps kept for undo / redo / back.")
    password_min_length: int = Field(
        8, description="Shortest password accepted (8 at least; raise it, never lower)."
    )
    require_purpose: bool = Field(
        False, description="Searches, expansions and queries need a stated case number/purpose."
    )
    require_totp: bool = Field(
        False, description="Refuse sign-in to accounts without a TOTP second factor."
    )
    login_attempts_per_minute: int = Field(
        30, description="Sign-in attempts accepted per client address per minute."
    )
    queries_per_user: int = Field(
        2, description="Graph searches and queries one user may have running at once."
    )
    trusted_proxy: str = Field(
        "",
        description="Address of the TLS reverse proxy in front of the workbench: only its "
        "X-Forwarded-For/-Proto are believed (client address, Secure cookies, HSTS).",
    )
    lockout_failures: int = Field(5, description="Failed logins in a row that lock an account.")
    lockout_minutes: int = Field(15, description="How long a locked account stays locked.")
    map_tiles_url: str = Field(
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        description="Map tile URL template (agencies run their own tile servers).",
    )
    map_attribution: str = Field(
        "© OpenStreetMap contributors", description="Attribution shown on the map tiles."
    )
    handling_banner: str = Field(
        "LAW ENFORCEMENT SENSITIVE - CRIMINAL JUSTICE INFORMATION - DO NOT DISSEMINATE",
        description="Handling/classification banner on every exported chart and report page.",
    )
    backup_key_file: Path | None = Field(
        None, description="File (mode 600) with the key that encrypts backup archives."
    )
    backup_key: SecretStr | None = Field(
        None, description="The backup key itself (64 hex digits), instead of a key file."
    )

    smtp_host: str = Field("", description="SMTP server for alert e-mail ('' = no e-mail).")
    smtp_port: int = Field(25, description="Port of the SMTP server.")
    smtp_from: str = Field("civicfusion@localhost", description="Sender of alert e-mail.")
    smtp_starttls: bool = Field(False, description="Upgrade the SMTP connection with STARTTLS.")
    identifier_key: SecretStr | None = Field(
        None,
        description="Key of the keyed hash that is all the graph keeps of a social security "
        "number (at least 32 characters); default: generated once in "
        "$CIVICFUSION_HOME/identifier_key (mode 600). Every loader and workbench of one graph "
        "needs the same key; backups carry it.",
    )

    @property
    def app_db_path(self) -> Path:
        return (self.app_db or self.home / "app.db").expanduser().resolve()

    def resolved_secret_key(self) -> str:
        """The configured key, else one generated once and kept beside the app database."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        path = self.app_db_path.parent / "secret_key"
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        return path.read_text(encoding="utf-8").strip()

    @property
    def identifier_key_path(self) -> Path:
        return self.app_db_path.parent / "identifier_key"

    def resolved_identifier_key(self) -> bytes:
        """The key that hashes protected numbers (graph/protected.py): the configured one,
        else one generated once and kept beside the app database."""
        if self.identifier_key is not None:
            value = self.identifier_key.get_secret_value()
            if len(value) < 32:
                raise ValueError("CIVICFUSION_IDENTIFIER_KEY must be at least 32 characters")
            return value.encode("utf-8")
        path = self.identifier_key_path
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_hex(32), encoding="utf-8")
        return path.read_text(encoding="utf-8").strip().encode("utf-8")

    @property
    def neo4j_dir(self) -> Path:
        return self.home.expanduser().resolve() / "neo4j"

    @property
    def quarantine_dir(self) -> Path:
        """Where each load's quarantine report (<load_id>.csv) is written."""
        return self.home.expanduser().resolve() / "quarantine"

    @property
    def password_file(self) -> Path:
        return self.neo4j_dir / "auth"

    def resolved_password(self) -> str | None:
        """The configured password, else the one the local runtime generated."""
        if self.neo4j_password is not None:
            return self.neo4j_password.get_secret_value()
        if self.password_file.is_file():
            return self.password_file.read_text(encoding="utf-8").strip()
        return None

    @property
    def bolt_host(self) -> str:
        return urlsplit(self.neo4j_uri).hostname or "127.0.0.1"

    @property
    def bolt_port(self) -> int:
        return urlsplit(self.neo4j_uri).port or 7687

    @property
    def uri_is_local(self) -> bool:
        return self.bolt_host in LOOPBACK_HOSTS


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
