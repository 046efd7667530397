"""Audit trail: append-only, hash-chained entries (who, what, when UTC, where, outcome).

Each entry stores the hash of the one before it, so an edited or deleted entry breaks the
chain; ``verify`` finds the first break. SQLite triggers refuse UPDATE and DELETE as well.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from workbench.appdb import AppDB

GENESIS = "0" * 64


def utcnow() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def entry_hash(
    prev_hash: str,
    at: str,
    username: str | None,
    action: str,
    detail: str,
    client: str | None,
    outcome: str,
) -> str:
    body = json.dumps(
        [prev_hash, at, username, action, detail, client, outcome],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def record(
    db: AppDB,
    action: str,
    username: str | None,
    detail: dict[str, Any] | None = None,
    client: str | None = None,
    outcome: str = "ok",
) -> None:
    """Append one entry (in the same transaction that reads the previous hash)."""
    at = utcnow()
    text = json.dumps(detail or {}, sort_keys=True, separators=(",", ":"), default=str)
    with db.connect() as con:
        row = con.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        prev = row["hash"] if row else GENESIS
        h = entry_hash(prev, at, username, action, text, client, outcome)
        con.execute(
            "INSERT INTO audit (at, username, action, detail, client, outcome, prev_hash, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (at, username, action, text, client, outcome, prev, h),
        )


def entries(db: AppDB, action: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
    with db.connect() as con:
        rows = con.execute(
            "SELECT * FROM audit WHERE (? IS NULL OR action = ?) ORDER BY seq DESC LIMIT ?",
            (action, action, limit),
        ).fetchall()
    return [{**dict(r), "detail": json.loads(r["detail"])} for r in rows]


def verify(db: AppDB) -> tuple[bool, str]:
    """(ok, message): walks the chain from the first entry."""
    prev = GENESIS
    n = 0
    last_seq = 0
    with db.connect() as con:
        for r in con.execute("SELECT * FROM audit ORDER BY seq"):
            n += 1
            if r["seq"] != last_seq + 1:
                return False, f"entry {last_seq + 1} is missing (next is {r['seq']})"
            last_seq = r["seq"]
            if r["prev_hash"] != prev:
                return False, f"entry {r['seq']} does not follow entry {r['seq'] - 1}"
            h = entry_hash(
                prev, r["at"], r["username"], r["action"], r["detail"], r["client"], r["outcome"]
            )
            if h != r["hash"]:
                return False, f"entry {r['seq']} was changed after it was written"
            prev = h
    return True, f"{n} entries, chain intact"
