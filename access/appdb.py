"""The application database (SQLite, WAL): users, working and case charts, personal queries
and the audit log.

It is deliberately not Neo4j: no Cypher, saved or ad hoc, can read users or the audit log.
One short-lived connection per operation, so it is safe from any thread of the server.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    username       TEXT PRIMARY KEY,
    display_name   TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL,
    agencies       TEXT NOT NULL,          -- JSON list of agency codes, or ["*"] for all
    disabled       INTEGER NOT NULL DEFAULT 0,
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    locked_until   TEXT,
    created_at     TEXT NOT NULL,
    last_login_at  TEXT,
    totp_secret    TEXT,                   -- base32, set by enrolment (second factor)
    totp_last_step INTEGER                 -- last accepted time step: no code twice
);
CREATE TABLE IF NOT EXISTS charts (
    chart_id    TEXT PRIMARY KEY,
    owner       TEXT NOT NULL REFERENCES users(username),
    state       TEXT NOT NULL,             -- JSON of workbench.chart.ChartState
    updated_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS case_charts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    owner       TEXT NOT NULL REFERENCES users(username),
    case_number TEXT NOT NULL,
    title       TEXT NOT NULL,
    notes       TEXT NOT NULL DEFAULT '',
    agencies    TEXT NOT NULL,             -- JSON: agencies whose records are on the chart
    shared      INTEGER NOT NULL DEFAULT 0,-- 1: users cleared for all those agencies may open it
    state       TEXT NOT NULL,             -- JSON of workbench.chart.ChartState (whole history)
    positions   TEXT NOT NULL,             -- JSON: node id -> [x, y] as drawn when saved
    known_links TEXT NOT NULL,             -- JSON: links at the charted entities when saved
    saved_at    TEXT NOT NULL,
    UNIQUE (owner, case_number, title)
);
CREATE TABLE IF NOT EXISTS user_queries (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    owner       TEXT NOT NULL REFERENCES users(username),
    name        TEXT NOT NULL,
    shared      INTEGER NOT NULL DEFAULT 0,   -- 1: users cleared for all the owner's agencies
    created_at  TEXT NOT NULL,
    UNIQUE (owner, name)
);
CREATE TABLE IF NOT EXISTS user_query_versions (
    query_id    INTEGER NOT NULL REFERENCES user_queries(id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    text        TEXT NOT NULL,              -- the whole .cypher file, header included
    saved_by    TEXT NOT NULL,
    saved_at    TEXT NOT NULL,
    PRIMARY KEY (query_id, version)
);
CREATE TABLE IF NOT EXISTS sessions (
    id          TEXT PRIMARY KEY,           -- random, only in the signed cookie and here
    username    TEXT NOT NULL,
    created_at  REAL NOT NULL,              -- epoch seconds (absolute lifetime)
    seen_at     REAL NOT NULL,              -- epoch seconds (idle timeout)
    client      TEXT,
    ended_at    REAL,
    ended_why   TEXT                        -- sign-out, password, disabled, clearance, idle...
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (username);
CREATE TABLE IF NOT EXISTS agencies (
    code          TEXT PRIMARY KEY,         -- the code its records carry (agency property)
    name          TEXT NOT NULL,
    level         TEXT NOT NULL CHECK (level IN ('federal', 'state', 'local', 'tribal')),
    jurisdiction  TEXT NOT NULL DEFAULT '',
    contact_unit  TEXT NOT NULL DEFAULT '', -- whom a partner calls about its records
    contact_phone TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS sharing_agreements (
    owner         TEXT NOT NULL,            -- the agency whose records these are
    partner       TEXT NOT NULL,            -- an agency code, 'level:<level>' or '*'
    record_class  TEXT NOT NULL,            -- access.sharing.CLASSES
    tier          TEXT NOT NULL CHECK (tier IN ('full', 'pointer', 'none')),
    starts        TEXT NOT NULL DEFAULT '', -- ISO date, '' = from when set
    ends          TEXT NOT NULL DEFAULT '', -- ISO date (last day), '' = open-ended
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    PRIMARY KEY (owner, partner, record_class)
);
CREATE TABLE IF NOT EXISTS notices (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    agency        TEXT NOT NULL,            -- whose inbox: every user cleared for it
    username      TEXT,                     -- or only this user's (a standing alert)
    kind          TEXT NOT NULL,            -- pointer-hit, deconfliction, alert...
    hit_key       TEXT NOT NULL,            -- one notice per hit (see access.notices)
    at            TEXT NOT NULL,
    body          TEXT NOT NULL,            -- JSON: what the notice says, never record content
    dismissed_by  TEXT,
    dismissed_at  TEXT,
    UNIQUE (agency, kind, hit_key)
);
CREATE TABLE IF NOT EXISTS case_subjects (
    case_id       INTEGER NOT NULL,         -- case_charts.id
    agency        TEXT NOT NULL,            -- the case owner's agency (access.deconfliction)
    owner         TEXT NOT NULL,
    reference     TEXT NOT NULL,            -- the case number
    key           TEXT NOT NULL,            -- subject:<cluster> or ident:<shared node uid>
    PRIMARY KEY (case_id, key)
);
CREATE INDEX IF NOT EXISTS case_subjects_key ON case_subjects (key);
CREATE TABLE IF NOT EXISTS operations (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    agency        TEXT NOT NULL,
    owner         TEXT NOT NULL,
    kind          TEXT NOT NULL,            -- search warrant, buy, surveillance...
    reference     TEXT NOT NULL,            -- the agency's operation or case number
    lat           REAL NOT NULL,
    lon           REAL NOT NULL,
    radius_m      REAL NOT NULL,
    starts        TEXT NOT NULL,            -- ISO date-time, UTC
    ends          TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS alerts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    owner         TEXT NOT NULL,            -- who is told (their reach at delivery)
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL,            -- subject, identifier, place, query
    target        TEXT NOT NULL,            -- JSON: what is watched (watch/alerts.py)
    email         TEXT NOT NULL DEFAULT '', -- also by e-mail (no content) when SMTP is set
    created_at    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS alert_seen (
    alert_id      INTEGER NOT NULL,         -- a match already reported (or there at creation)
    key           TEXT NOT NULL,
    PRIMARY KEY (alert_id, key)
);
CREATE TABLE IF NOT EXISTS audit (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TEXT NOT NULL,              -- UTC, ISO 8601
    username   TEXT,
    action     TEXT NOT NULL,
    detail     TEXT NOT NULL,              -- JSON
    client     TEXT,
    outcome    TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


# SQLite's words for a storage problem (as opposed to a mistake in a statement)
STORAGE_PROBLEMS = ("full", "readonly", "read-only", "disk I/O", "unable to open")


class AppDBError(OSError):
    """The application database cannot be read or written (disk full, read-only, missing
    directory): a message that says which file and what to do, never a stack trace."""


def _problem(path: Path, exc: Exception) -> AppDBError:
    return AppDBError(
        f"The application database {path} cannot be written: {exc}. Free disk space or "
        "make CIVICFUSION_HOME writable; nothing was changed."
    )


class AppDB:
    def __init__(self, path: Path, audit_key: bytes | None = None) -> None:
        """``audit_key``: the chain's key when known (a backup's copy); else see audit_key."""
        self.path = Path(path)
        self._audit_key: bytes | None = audit_key
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._create()
        except (sqlite3.OperationalError, sqlite3.DatabaseError, OSError) as exc:
            raise _problem(self.path, exc) from exc

    def _create(self) -> None:
        if not self.path.exists():
            self.path.touch(mode=0o600)  # password hashes, TOTP secrets: owner-only
        elif self.path.stat().st_mode & 0o077:
            self.path.chmod(0o600)  # an install from before this check
        con = sqlite3.connect(self.path, timeout=10)
        try:
            con.execute("PRAGMA journal_mode=WAL")
            con.executescript(SCHEMA)  # idempotent (IF NOT EXISTS); commits itself
            have = {r[1] for r in con.execute("PRAGMA table_info(users)")}
            for column in ("totp_secret TEXT", "totp_last_step INTEGER"):
                if column.split()[0] not in have:  # databases from before the column
                    con.execute(f"ALTER TABLE users ADD COLUMN {column}")
            con.commit()
        finally:
            con.close()

    @property
    def audit_head_path(self) -> Path:
        """The signed heads of the audit chain: a file beside the database, not in it."""
        return self.path.parent / "audit.head"

    @property
    def audit_key_path(self) -> Path:
        """The generated audit key file, beside the database (when no $CIVICFUSION_AUDIT_KEY)."""
        return self.path.parent / "audit_key"

    def audit_key(self) -> bytes:
        """The audit chain's HMAC key: $CIVICFUSION_AUDIT_KEY, else a key generated once into
        ``audit_key`` beside the database (mode 600). Never stored in the database."""
        if self._audit_key is None:
            env = os.environ.get("CIVICFUSION_AUDIT_KEY", "")
            if env:
                self._audit_key = env.encode("utf-8")
            else:
                path = self.audit_key_path
                if not path.is_file():
                    try:
                        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                    except FileExistsError:  # another process made it first: use theirs
                        time.sleep(0.1)
                    else:
                        with os.fdopen(fd, "w", encoding="ascii") as fh:
                            fh.write(secrets.token_hex(32))
                self._audit_key = path.read_text(encoding="ascii").strip().encode("ascii")
        return self._audit_key

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection in one transaction: committed on success, rolled back on error (a
        full disk or a read-only file becomes an AppDBError naming the file)."""
        try:
            con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        except sqlite3.OperationalError as exc:
            raise _problem(self.path, exc) from exc
        con.row_factory = sqlite3.Row
        try:
            con.execute("PRAGMA synchronous=NORMAL")
            con.execute("PRAGMA foreign_keys=ON")
            con.execute("BEGIN IMMEDIATE")
            yield con
            con.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if con.in_transaction:
                con.execute("ROLLBACK")
            if any(m in str(exc) for m in STORAGE_PROBLEMS):
                raise _problem(self.path, exc) from exc
            raise
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        finally:
            con.close()

    # -- charts ------------------------------------------------------------------------
    def load_chart(self, chart_id: str, owner: str) -> dict[str, Any] | None:
        with self.connect() as con:
            row = con.execute(
                "SELECT state FROM charts WHERE chart_id = ? AND owner = ?", (chart_id, owner)
            ).fetchone()
        return json.loads(row["state"]) if row else None

    def save_chart(self, chart_id: str, owner: str, state: dict[str, Any], at: str) -> None:
        with self.connect() as con:
            con.execute(
                "INSERT INTO charts (chart_id, owner, state, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(chart_id) DO UPDATE SET state = excluded.state, "
                "updated_at = excluded.updated_at WHERE charts.owner = excluded.owner",
                (chart_id, owner, json.dumps(state, separators=(",", ":")), at),
            )
