"""Server-side sessions: the signed cookie carries only a random session id; whether it is
still good is decided here, in the application database, on every request.

So sign-out, a password change, disabling the account and a change of role or clearance end
a session at once (a copied cookie stops working), and the idle (30 minutes) and absolute
(12 hours) limits of CJIS 5.5.5 are enforced by the server, not by the cookie's own clock.
"""

from __future__ import annotations

import secrets
import time

from access.appdb import AppDB

IDLE_SECONDS = 30 * 60
LIFETIME_SECONDS = 12 * 3600
TOUCH_EVERY = 15.0  # seconds: seen_at is written at most this often per session


def start(db: AppDB, username: str, client: str | None, now: float | None = None) -> str:
    sid = secrets.token_urlsafe(32)
    at = time.time() if now is None else now
    with db.connect() as con:
        con.execute(
            "INSERT INTO sessions (id, username, created_at, seen_at, client) "
            "VALUES (?, ?, ?, ?, ?)",
            (sid, username, at, at, client),
        )
    return sid


def check(db: AppDB, sid: str | None, username: str, now: float | None = None) -> str | None:
    """None while the session is good (and marks it seen), else why it is not."""
    if not sid:
        return "no-session"
    at = time.time() if now is None else now
    with db.connect() as con:
        row = con.execute(
            "SELECT username, created_at, seen_at, ended_at FROM sessions WHERE id = ?", (sid,)
        ).fetchone()
        if row is None or row["username"] != username:
            return "no-session"
        if row["ended_at"] is not None:
            return "ended"
        why = None
        if at - row["created_at"] > LIFETIME_SECONDS:
            why = "session-lifetime"
        elif at - row["seen_at"] > IDLE_SECONDS:
            why = "idle"
        if why:
            con.execute(
                "UPDATE sessions SET ended_at = ?, ended_why = ? WHERE id = ?", (at, why, sid)
            )
            return why
        if at - row["seen_at"] > TOUCH_EVERY:
            con.execute("UPDATE sessions SET seen_at = ? WHERE id = ?", (at, sid))
    return None


def end(db: AppDB, sid: str | None, why: str = "sign-out") -> None:
    if not sid:
        return
    with db.connect() as con:
        con.execute(
            "UPDATE sessions SET ended_at = ?, ended_why = ? WHERE id = ? AND ended_at IS NULL",
            (time.time(), why, sid),
        )


def end_all(db: AppDB, username: str, why: str) -> int:
    """End every open session of a user (password, disable, role or clearance change)."""
    with db.connect() as con:
        return con.execute(
            "UPDATE sessions SET ended_at = ?, ended_why = ? "
            "WHERE username = ? AND ended_at IS NULL",
            (time.time(), why, username),
        ).rowcount
