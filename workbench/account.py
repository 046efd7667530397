"""Your account (`/account`, any signed-in user): change your password, and set up (or replace)
your authenticator app as a second factor - confirmed with your password first and with a
first code after, so a left-open session cannot swap the factor. Audited."""

from __future__ import annotations

import html
import time
from typing import Any

import segno
from flask import Blueprint, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from access import audit, totp
from access.users import UserError, authenticate, check_password_rules, set_password
from workbench.services import services

bp = Blueprint("account", __name__)
PENDING_SECONDS = 600

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CivicFusion · Your account</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/vendor/bootstrap.min.css">
<link rel="stylesheet" href="/assets/civicfusion.css"></head>
<body class="login-page"><main class="account-card card shadow-sm"><div class="card-body p-4">
 <div class="d-flex justify-content-between align-items-baseline mb-3">
  <div class="brand">CivicFusion</div><a href="/" id="back">Back to the workbench</a></div>
 <h5>Your account: {name}</h5>{message}
 {body}
</div></main></body></html>"""

FORMS = """
 <h6 class="mt-4">Second factor (authenticator app)</h6>
 <p class="small text-muted">{factor}</p>
 <form method="post" action="/account/totp/start" class="mb-4">
  <input type="hidden" name="csrf_token" value="{csrf}">
  <label class="form-label" for="totp-password">Your password</label>
  <input class="form-control mb-2" id="totp-password" name="password" type="password"
         autocomplete="current-password" required>
  <button class="btn btn-primary" id="totp-start" type="submit">{factor_button}</button>
 </form>
 <h6>Change your password</h6>
 <form method="post" action="/account/password">
  <input type="hidden" name="csrf_token" value="{csrf}">
  <label class="form-label" for="current">Current password</label>
  <input class="form-control mb-2" id="current" name="current" type="password"
         autocomplete="current-password" required>
  <label class="form-label" for="new">New password (at least {min_length} characters;
   common passwords are refused)</label>
  <input class="form-control mb-2" id="new" name="new" type="password"
         autocomplete="new-password" required>
  <label class="form-label" for="again">New password again</label>
  <input class="form-control mb-3" id="again" name="again" type="password"
         autocomplete="new-password" required>
  <button class="btn btn-secondary" id="change-password" type="submit">Change password</button>
 </form>"""

ENROL = """
 <h6 class="mt-3">Scan this with your authenticator app</h6>
 <div class="qr my-2">{qr}</div>
 <p class="small">Or type the key: <code id="totp-secret">{secret}</code></p>
 <form method="post" action="/account/totp/confirm">
  <input type="hidden" name="csrf_token" value="{csrf}">
  <label class="form-label" for="code">The 6-digit code it shows now</label>
  <input class="form-control mb-3" id="code" name="code" inputmode="numeric"
         autocomplete="one-time-code" autofocus required>
  <button class="btn btn-primary" id="totp-confirm" type="submit">Confirm</button>
 </form>"""


def _page(body: str, message: str = "", colour: str = "info", status: int = 200) -> Any:
    box = (
        f'<div class="alert alert-{colour} py-2" role="alert">{html.escape(message)}</div>'
        if message
        else ""
    )
    text = PAGE.format(name=html.escape(current_user.display_name), message=box, body=body)
    return text, status, {"Content-Type": "text/html; charset=utf-8"}


def _forms() -> str:
    s = services()
    enrolled = totp.enrolled(s.db, current_user.username)
    factor = (
        "Set up. Every sign-in asks for a code from your app. Set up again to move to a new "
        "phone (the old one stops working)."
        if enrolled
        else "Not set up. "
        + (
            "Your agency requires one: ask an administrator if you cannot sign in."
            if s.settings.require_totp
            else "Set it up to protect your account with a code from your phone."
        )
    )
    return FORMS.format(
        csrf=generate_csrf(),
        factor=factor,
        factor_button="Set up again" if enrolled else "Set up",
        min_length=max(8, s.settings.password_min_length),
    )


def _password_ok(password: str) -> bool:
    s = services()
    user, _ = authenticate(
        s.db,
        current_user.username,
        password,
        s.settings.lockout_failures,
        s.settings.lockout_minutes,
    )
    return user is not None


def _record(action: str, outcome: str = "ok") -> None:
    audit.record(services().db, action, current_user.username, {}, request.remote_addr, outcome)


@bp.get("/account")
def account() -> Any:
    return _page(_forms())


@bp.post("/account/totp/start")
def totp_start() -> Any:
    if not _password_ok(request.form.get("password") or ""):
        _record("totp-enrol", "bad-password")
        return _page(_forms(), "That is not your password.", "danger", 401)
    secret, _ = totp.new_secret(current_user.username)
    session["totp_enrol"] = {"secret": secret, "at": time.time()}
    return _page(_enrol_body(secret))


@bp.post("/account/totp/confirm")
def totp_confirm() -> Any:
    pending = session.get("totp_enrol")
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return _page(_forms(), "That took too long: start again.", "warning", 400)
    if not totp.matches(pending["secret"], request.form.get("code") or ""):
        _record("totp-enrol", "bad-code")
        body = _enrol_body(pending["secret"])
        return _page(body, "That code is not right: try the current one.", "danger", 400)
    totp.enrol(services().db, current_user.username, pending["secret"])
    session.pop("totp_enrol", None)
    _record("totp-enrol")
    return _page(_forms(), "Your authenticator app is set up.", "success")


def _enrol_body(secret: str) -> str:
    """The QR code (inline SVG, no script) and key of a secret being set up."""
    uri = totp.uri(secret, current_user.username)
    qr = segno.make(uri, error="m").svg_inline(scale=4, dark="#0f172a")
    return ENROL.format(qr=qr, secret=html.escape(secret), csrf=generate_csrf())


@bp.post("/account/password")
def change_password() -> Any:
    s = services()
    new, again = request.form.get("new") or "", request.form.get("again") or ""
    if not _password_ok(request.form.get("current") or ""):
        _record("password-change", "bad-password")
        return _page(_forms(), "Your current password is not right.", "danger", 401)
    if new != again:
        return _page(_forms(), "The two new passwords differ.", "warning", 400)
    try:
        check_password_rules(new, current_user.username, s.settings.password_min_length)
        set_password(s.db, current_user.username, new)
    except UserError as exc:
        return _page(_forms(), str(exc), "warning", 400)
    _record("password-change")
    return _page(_forms(), "Your password is changed.", "success")
