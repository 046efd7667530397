"""Audit trail: append-only, keyed hash chain (who, what, when UTC, where, outcome).

Each entry stores an HMAC-SHA256 over itself and the previous entry's hash, with a key kept
outside the database (``AppDB.audit_key``), so an edited or deleted entry breaks the chain
and nobody who can only write ``app.db`` can compute a new one. After every entry a signed
head (its number and hash, with an HMAC) is appended to a separate file (``audit.head``
beside the database), so dropping the tail of the log, or the whole log, is detected too.
``verify`` walks the chain and checks it against every head line. SQLite triggers refuse
UPDATE and DELETE as well. Entries written before the key existed (plain SHA-256) stay
valid: the first keyed entry chains to them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
from typing import Any

from access.appdb import AppDB, AppDBError

GENESIS = "0" * 64


def utcnow() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def _body(*fields: str | None) -> bytes:
    return json.dumps(list(fields), separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def entry_hash(
    prev_hash: str,
    at: str,
    username: str | None,
    action: str,
    detail: str,
    client: str | None,
    outcome: str,
    key: bytes | None = None,
) -> str:
    """HMAC-SHA256 of an entry with the audit key (plain SHA-256 without one: entries from
    before the key existed)."""
    body = _body(prev_hash, at, username, action, detail, client, outcome)
    if key is None:
        return hashlib.sha256(body).hexdigest()
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def head_mac(key: bytes, seq: int, h: str) -> str:
    return hmac.new(key, f"head:{seq}:{h}".encode(), hashlib.sha256).hexdigest()


def _append_head(db: AppDB, key: bytes, seq: int, h: str) -> None:
    line = json.dumps({"seq": seq, "hash": h, "mac": head_mac(key, seq, h)}) + "\n"
    fd = os.open(db.audit_head_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        # one write of one line: appends stay whole. No fsync on every entry (every search
        # writes one): a head lost in a crash leaves it behind the log, which verify accepts
        os.write(fd, line.encode("ascii"))
    finally:
        os.close(fd)


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
    key = db.audit_key()
    with db.connect() as con:
        row = con.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        prev = row["hash"] if row else GENESIS
        h = entry_hash(prev, at, username, action, text, client, outcome, key)
        seq = con.execute(
            "INSERT INTO audit (at, username, action, detail, client, outcome, prev_hash, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (at, username, action, text, client, outcome, prev, h),
        ).lastrowid
    # after the commit: a head never names an entry the log failed to keep (a full disk)
    try:
        _append_head(db, key, int(seq or 0), h)
    except OSError as exc:
        raise AppDBError(
            f"The audit head {db.audit_head_path} cannot be written: {exc}. Free disk space "
            "or make CIVICFUSION_HOME writable."
        ) from exc


def entries(db: AppDB, action: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
    with db.connect() as con:
        rows = con.execute(
            "SELECT * FROM audit WHERE (? IS NULL OR action = ?) ORDER BY seq DESC LIMIT ?",
            (action, action, limit),
        ).fetchall()
    return [{**dict(r), "detail": json.loads(r["detail"])} for r in rows]


def _heads(db: AppDB, key: bytes) -> tuple[dict[int, str], str | None]:
    """seq -> hash of every head line, or a problem with the head file."""
    heads: dict[int, str] = {}
    try:
        lines = db.audit_head_path.read_text(encoding="ascii").splitlines()
    except FileNotFoundError:
        return heads, None
    for n, line in enumerate(lines, 1):
        try:
            head = json.loads(line)
            seq, h, mac = int(head["seq"]), str(head["hash"]), str(head["mac"])
        except (ValueError, KeyError, TypeError):
            return heads, f"line {n} of {db.audit_head_path.name} is damaged"
        if not hmac.compare_digest(mac, head_mac(key, seq, h)):
            return heads, f"line {n} of {db.audit_head_path.name} is not signed with the audit key"
        heads[seq] = h
    return heads, None


def verify(db: AppDB) -> tuple[bool, str]:
    """(ok, message): walks the chain from the first entry and checks it against the signed
    heads (an entry edited, deleted, re-chained, or the tail dropped)."""
    key = db.audit_key()
    heads, problem = _heads(db, key)
    if problem:
        return False, problem
    first_keyed = min(heads) if heads else None
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
            fields = (r["at"], r["username"], r["action"], r["detail"], r["client"], r["outcome"])
            keyed = hmac.compare_digest(r["hash"], entry_hash(prev, *fields, key=key))
            legacy = first_keyed is not None and r["seq"] < first_keyed
            if not keyed and not (legacy and r["hash"] == entry_hash(prev, *fields)):
                return False, f"entry {r['seq']} was changed after it was written"
            if r["seq"] in heads and heads[r["seq"]] != r["hash"]:
                return False, f"entry {r['seq']} differs from its signed head"
            prev = r["hash"]
    top = max(heads) if heads else 0
    if top > last_seq:
        return False, (
            f"entries {last_seq + 1} to {top} are missing: the signed head records {top} "
            f"entries, the log holds {last_seq}"
        )
    if n and not heads:
        return False, f"{db.audit_head_path.name} is missing: the log cannot be checked"
    return True, f"{n} entries, chain intact, signed head at entry {top}"
