"""TOTP second factor (RFC 6238, pyotp): enrolment by an administrator or by the user on the
Account page (confirmed with a first code), a code at sign-in,
no code accepted twice. `CIVICFUSION_REQUIRE_TOTP=true` refuses sign-in without one."""

from __future__ import annotations

import time

import pyotp

from access.appdb import AppDB
from access.users import UserError

ISSUER = "CivicFusion"
STEP = 30


def uri(secret: str, username: str) -> str:
    """The otpauth:// URI an authenticator app reads (from a QR code)."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def new_secret(username: str) -> tuple[str, str]:
    """A fresh secret, not yet saved: (secret, otpauth URI for an authenticator app)."""
    secret = pyotp.random_base32()
    return secret, uri(secret, username)


def matches(secret: str, code: str, at: float | None = None) -> bool:
    """Whether the code is current for a secret being enrolled (one step of drift)."""
    code = (code or "").strip().replace(" ", "")
    now = time.time() if at is None else at
    return (
        code.isdigit()
        and len(code) == 6
        and pyotp.TOTP(secret).verify(code, for_time=now, valid_window=1)
    )


def enrol(db: AppDB, username: str, secret: str | None = None) -> tuple[str, str]:
    """Save a secret for the user (a new one unless given, e.g. confirmed by the user);
    returns (secret, otpauth URI for an authenticator app)."""
    secret = secret or pyotp.random_base32()
    with db.connect() as con:
        cur = con.execute(
            "UPDATE users SET totp_secret = ?, totp_last_step = NULL WHERE username = ?",
            (secret, username),
        )
        if cur.rowcount == 0:
            raise UserError(f"no user {username!r}")
    return secret, uri(secret, username)


def enrolled(db: AppDB, username: str) -> bool:
    with db.connect() as con:
        row = con.execute(
            "SELECT totp_secret FROM users WHERE username = ?", (username,)
        ).fetchone()
    return bool(row and row["totp_secret"])


def verify(db: AppDB, username: str, code: str, at: float | None = None) -> bool:
    """True for a current code (one step of clock drift allowed) not used before."""
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit() or len(code) != 6:
        return False
    now = time.time() if at is None else at
    with db.connect() as con:
        row = con.execute(
            "SELECT totp_secret, totp_last_step FROM users WHERE username = ?", (username,)
        ).fetchone()
        if row is None or not row["totp_secret"]:
            return False
        totp = pyotp.TOTP(row["totp_secret"])
        step = int(now // STEP)
        for s in (step, step - 1, step + 1):
            if totp.at(s * STEP) == code:
                if row["totp_last_step"] is not None and s <= row["totp_last_step"]:
                    return False  # replayed
                con.execute("UPDATE users SET totp_last_step = ? WHERE username = ?", (s, username))
                return True
    return False
