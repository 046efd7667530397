"""Accounts: argon2id password hashes, roles, agency clearances, lockout after failures."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import secrets
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from access import sessions
from access.appdb import AppDB
from settings import get_settings

ROLES = ("analyst", "supervisor", "admin", "auditor")
ALL_AGENCIES = "*"
MIN_PASSWORD = 8
# zxcvbn's score: 3 = about 10^8 guesses or more ("Passw0rd!" scores 1, "aaaaaaaa" 0)
MIN_STRENGTH = 3
_hasher = PasswordHasher()  # argon2id, the library's (OWASP-level) defaults
# One hash to verify against when the user does not exist: same time, same message.
_DUMMY_HASH = _hasher.hash("civicfusion-no-such-user")


class UserError(ValueError):
    """A user-management request that cannot be done (message says why)."""


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str
    agencies: tuple[str, ...]  # ("*",) = cleared for every agency
    disabled: bool = False

    @property
    def all_agencies(self) -> bool:
        return ALL_AGENCIES in self.agencies

    # Flask-Login protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return not self.disabled

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return self.username


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def generate_password() -> str:
    return secrets.token_urlsafe(12)


@cache
def banned_passwords() -> frozenset[str]:
    text = (resources.files("access") / "banned_passwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def check_password_rules(password: str, username: str = "", min_length: int | None = None) -> None:
    """Length, a banned list and a strength estimate against breached-password and word
    frequency lists (zxcvbn: NIST SP 800-63B / CJIS 5.6.2.1.1), no composition rules."""
    if min_length is None:
        min_length = max(MIN_PASSWORD, get_settings().password_min_length)
    if len(password) < min_length:
        raise UserError(f"a password needs at least {min_length} characters")
    low = password.lower()
    if low in banned_passwords() or (len(username) >= 4 and username.lower() in low):
        raise UserError(
            "that password is too easy to guess (a common password or your "
            "username): choose another"
        )
    strength = zxcvbn(password[:100], user_inputs=[username, "civicfusion"])
    if strength["score"] < MIN_STRENGTH:
        hint = strength["feedback"].get("warning") or "it is like passwords already leaked"
        raise UserError(
            f"that password is too easy to guess ({hint.rstrip('.').lower()}): a few "
            "unrelated words are easier to remember and far harder to guess"
        )


def _clearances(role: str, agencies: list[str] | tuple[str, ...]) -> list[str]:
    """The role checked and the agency codes normalised (upper case, sorted, "*" kept)."""
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    clear = sorted({a.strip().upper() if a != ALL_AGENCIES else a for a in agencies if a.strip()})
    if role in ("analyst", "supervisor") and not clear:
        raise UserError("an analyst or supervisor needs at least one agency clearance")
    return clear


def add_user(
    db: AppDB,
    username: str,
    password: str,
    role: str = "analyst",
    agencies: list[str] | tuple[str, ...] = (),
    display_name: str | None = None,
) -> User:
    if not username or not username.replace(".", "").replace("-", "").replace("_", "").isalnum():
        raise UserError("a username is letters, digits, '.', '-' or '_'")
    clear = _clearances(role, agencies)
    check_password_rules(password, username)
    with db.connect() as con:
        if con.execute("SELECT 1 FROM users WHERE username = ?", (username,)).fetchone():
            raise UserError(f"user {username!r} already exists")
        con.execute(
            "INSERT INTO users (username, display_name, password_hash, role, agencies,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (
                username,
                display_name or username,
                _hasher.hash(password),
                role,
                json.dumps(clear),
                _now().isoformat(),
            ),
        )
    return User(username, display_name or username, role, tuple(clear))


def get_user(db: AppDB, username: str) -> User | None:
    with db.connect() as con:
        r = con.execute("SELECT * FROM users WHERE username = ?", (username,)).fetchone()
    if r is None:
        return None
    return User(
        r["username"],
        r["display_name"],
        r["role"],
        tuple(json.loads(r["agencies"])),
        bool(r["disabled"]),
    )


def list_users(db: AppDB) -> list[User]:
    with db.connect() as con:
        names = [r["username"] for r in con.execute("SELECT username FROM users ORDER BY 1")]
    return [u for n in names if (u := get_user(db, n))]


def set_password(db: AppDB, username: str, password: str) -> None:
    check_password_rules(password, username)
    with db.connect() as con:
        cur = con.execute(
            "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL"
            " WHERE username = ?",
            (_hasher.hash(password), username),
        )
        if cur.rowcount == 0:
            raise UserError(f"no user {username!r}")
    sessions.end_all(db, username, "password-changed")


def update_user(db: AppDB, username: str, role: str, agencies: list[str] | tuple[str, ...]) -> User:
    """Change a user's role and agency clearances."""
    clear = _clearances(role, agencies)
    with db.connect() as con:
        cur = con.execute(
            "UPDATE users SET role = ?, agencies = ? WHERE username = ?",
            (role, json.dumps(clear), username),
        )
        if cur.rowcount == 0:
            raise UserError(f"no user {username!r}")
    sessions.end_all(db, username, "role-or-clearance-changed")
    found = get_user(db, username)
    assert found is not None
    return found


def set_disabled(db: AppDB, username: str, disabled: bool = True) -> None:
    with db.connect() as con:
        cur = con.execute(
            "UPDATE users SET disabled = ? WHERE username = ?", (int(disabled), username)
        )
        if cur.rowcount == 0:
            raise UserError(f"no user {username!r}")
    if disabled:
        sessions.end_all(db, username, "disabled")


def disable_idle(db: AppDB, days: int = 90) -> list[str]:
    """Disable accounts not used for `days` (never-used accounts count from creation)."""
    cutoff = (_now() - dt.timedelta(days=days)).isoformat()
    with db.connect() as con:
        rows = con.execute(
            "SELECT username FROM users WHERE disabled = 0 "
            "AND coalesce(last_login_at, created_at) < ?",
            (cutoff,),
        ).fetchall()
        names = [r["username"] for r in rows]
        con.executemany("UPDATE users SET disabled = 1 WHERE username = ?", [(n,) for n in names])
    for n in names:
        sessions.end_all(db, n, "disabled")
    return names


def authenticate(
    db: AppDB,
    username: str,
    password: str,
    max_failures: int = 5,
    lock_minutes: int = 15,
    idle_days: int = 90,
) -> tuple[User | None, str]:
    """(user, outcome). outcome: ok | bad-credentials | locked | disabled.

    Unknown users cost the same hash verification as wrong passwords, and the caller shows the
    same message for both.
    """
    now = _now()
    with db.connect() as con:
        r = con.execute("SELECT * FROM users WHERE username = ?", (username,)).fetchone()
        if r is None:
            with contextlib.suppress(VerificationError):
                _hasher.verify(_DUMMY_HASH, password + "x")
            return None, "bad-credentials"
        if r["locked_until"] and dt.datetime.fromisoformat(r["locked_until"]) > now:
            return None, "locked"
        try:
            _hasher.verify(r["password_hash"], password)
        except (VerificationError, InvalidHashError):
            locked = _count_failure(con, r, max_failures, lock_minutes, now)
            return None, "locked" if locked else "bad-credentials"
        if r["disabled"]:
            return None, "disabled"
        last_use = dt.datetime.fromisoformat(r["last_login_at"] or r["created_at"])
        if now - last_use > dt.timedelta(days=idle_days):
            con.execute("UPDATE users SET disabled = 1 WHERE username = ?", (username,))
            return None, "disabled-idle"
        new_hash = (
            _hasher.hash(password)
            if _hasher.check_needs_rehash(r["password_hash"])
            else r["password_hash"]
        )
        con.execute("UPDATE users SET password_hash = ? WHERE username = ?", (new_hash, username))
        if not r["totp_secret"]:  # with a second factor, the count clears after the code
            _signed_in(con, username, now)
    return get_user(db, username), "ok"


def _count_failure(
    con: Any, r: Any, max_failures: int, lock_minutes: int, now: dt.datetime
) -> bool:
    """One more failed attempt (password or second-factor code); True when it locks."""
    failures = r["failed_logins"] + 1
    locked = (
        (now + dt.timedelta(minutes=lock_minutes)).isoformat() if failures >= max_failures else None
    )
    con.execute(
        "UPDATE users SET failed_logins = ?, locked_until = ? WHERE username = ?",
        (0 if locked else failures, locked, r["username"]),
    )
    return locked is not None


def _signed_in(con: Any, username: str, now: dt.datetime) -> None:
    con.execute(
        "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? "
        "WHERE username = ?",
        (now.isoformat(), username),
    )


def second_factor(
    db: AppDB, username: str, good: bool, max_failures: int = 5, lock_minutes: int = 15
) -> str:
    """Record the outcome of a second-factor code: ok | bad-code | locked. A wrong code counts
    toward the same lockout as a wrong password, and a locked account is refused even the
    right code (no unlimited guessing of six digits)."""
    now = _now()
    with db.connect() as con:
        r = con.execute("SELECT * FROM users WHERE username = ?", (username,)).fetchone()
        if r is None:
            return "bad-code"
        if r["locked_until"] and dt.datetime.fromisoformat(r["locked_until"]) > now:
            return "locked"
        if not good:
            return (
                "locked" if _count_failure(con, r, max_failures, lock_minutes, now) else "bad-code"
            )
        _signed_in(con, username, now)
    return "ok"
