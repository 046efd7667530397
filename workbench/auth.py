"""Sign-in (Flask-Login), the session rules, and the gate every request passes through.

Only the sign-in page and static code (Dash's JavaScript bundles, CSS) are public. Every
page, layout and callback request needs a signed-in user, and a callback request also needs
a role that the callback's declared policy allows.
"""

from __future__ import annotations

import datetime as dt
import html
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, jsonify, redirect, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFProtect, generate_csrf
from werkzeug.middleware.proxy_fix import ProxyFix

from access import audit, sessions, totp
from access.users import authenticate, get_user, second_factor
from workbench.account import bp as account_bp
from workbench.policy import policy_of
from workbench.services import services

# Public: the sign-in pages by their exact paths, and static code under two folders.
PUBLIC_PATHS = frozenset({"/login", "/login/code", "/favicon.ico"})
PUBLIC_PREFIXES = ("/assets/", "/_dash-component-suites/")


def is_public(path: str) -> bool:
    """Exact sign-in paths, or a file under a static folder with no ``..`` step in it
    (``/loginx`` and ``/login/..%2fadmin`` are not public)."""
    if path in PUBLIC_PATHS:
        return True
    steps = path.split("/")
    return path.startswith(PUBLIC_PREFIXES) and ".." not in steps and "." not in steps[1:]


SIGN_IN_FAILED = "Sign-in failed: check the username and password."

login_manager = LoginManager()
bp = Blueprint("auth", __name__)


@login_manager.user_loader
def _load_user(username: str) -> Any:
    user = get_user(services().db, username)
    return user if user and user.is_active else None


def client() -> str | None:
    """The client's address: the peer's, or the one a trusted proxy forwarded (TrustedProxy)."""
    return request.remote_addr


FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST",
             "HTTP_X_FORWARDED_PORT", "HTTP_X_FORWARDED_PREFIX", "HTTP_FORWARDED")  # fmt: skip


class TrustedProxy:
    """WSGI middleware: the forwarded headers are believed only from the configured proxy
    address (then the client address and scheme are the proxy's last hop's); from anyone
    else they are removed, so a client cannot choose its own address or claim TLS."""

    def __init__(self, app: Any, proxy: Callable[[], str]) -> None:
        self.app = app
        self.proxy = proxy
        self.fixed = ProxyFix(app, x_for=1, x_proto=1, x_host=0, x_port=0, x_prefix=0)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        proxy = self.proxy()
        if proxy and environ.get("REMOTE_ADDR") == proxy:
            return self.fixed(environ, start_response)
        for header in FORWARDED:
            environ.pop(header, None)
        return self.app(environ, start_response)


class SessionCookies(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the request came over TLS (directly or from
    the trusted proxy), not only when configured so."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


def _safe_next(target: str | None) -> str:
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return "/"
    return target


LOGIN_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CivicFusion · Sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/vendor/bootstrap.min.css">
<link rel="stylesheet" href="/assets/civicfusion.css"></head>
<body class="login-page">
<main class="login-card card shadow-sm">
 <div class="card-body p-4">
  <div class="brand mb-1">CivicFusion</div>
  <p class="text-muted small mb-4">Multi-agency investigative workbench</p>
  {message}
  <form method="post" action="/login">
   <input type="hidden" name="next" value="{next}">
   <input type="hidden" name="csrf_token" value="{csrf}">
   <label class="form-label" for="username">Username</label>
   <input class="form-control mb-3" id="username" name="username" autocomplete="username"
          autofocus required>
   <label class="form-label" for="password">Password</label>
   <input class="form-control mb-4" id="password" name="password" type="password"
          autocomplete="current-password" required>
   <button class="btn btn-primary w-100" id="sign-in" type="submit">Sign in</button>
  </form>
  <p class="banner mt-4 mb-0">Criminal justice information. Authorised use only; every search
  and export is recorded.</p>
 </div>
</main></body></html>"""


def login_page(message: str = "", next_url: str = "/", status: int = 200) -> Any:
    box = f'<div class="alert alert-danger py-2" role="alert">{html.escape(message)}</div>'
    body = LOGIN_PAGE.format(
        message=box if message else "", next=html.escape(next_url), csrf=generate_csrf()
    )
    return body, status, {"Content-Type": "text/html; charset=utf-8"}


@bp.get("/login")
def login_form() -> Any:
    return login_page(next_url=_safe_next(request.args.get("next")))


class RateLimit:
    """At most `limit` attempts per client address in a sliding `window` (seconds)."""

    def __init__(
        self, limit: int = 10, window: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._seen: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = self.clock()
        with self._lock:
            recent = [t for t in self._seen.get(key, []) if now - t < self.window]
            allowed = len(recent) < self.limit
            if allowed:
                recent.append(now)
            self._seen[key] = recent
            return allowed


@bp.post("/login")
def login_submit() -> Any:
    s = services()

    if too_many_attempts():
        audit.record(s.db, "login", None, {"why": "rate-limited"}, client(), "rate-limited")
        return login_page("Too many sign-in attempts from this address: wait a minute.", "/", 429)
    username = (request.form.get("username") or "").strip()
    password = request.form.get("password") or ""
    next_url = _safe_next(request.form.get("next"))
    user, outcome = authenticate(
        s.db, username, password, s.settings.lockout_failures, s.settings.lockout_minutes
    )
    if user is not None and totp.enrolled(s.db, user.username):
        audit.record(s.db, "login-password", username, {}, client(), "ok")
        session.clear()
        session["totp_pending"] = {"user": user.username, "at": time.time(), "next": next_url}
        return redirect("/login/code")
    if user is not None and s.settings.require_totp:
        outcome = "no-second-factor"
        user = None
    audit.record(s.db, "login", username or None, {}, client(), outcome)
    if user is None:
        # One message for unknown users, wrong passwords, locked and disabled accounts.
        return login_page(SIGN_IN_FAILED, next_url, 401)
    return _signed_in(user, next_url)


def too_many_attempts() -> bool:
    """The sign-in rate limit of this client (password and second-factor steps alike)."""
    return not current_app.extensions["civicfusion_login_limit"].allow(client() or "?")


def _signed_in(user: Any, next_url: str) -> Any:
    session.clear()  # a fresh session (id) at every sign-in
    login_user(user)
    session.permanent = True
    session["sid"] = sessions.start(services().db, user.username, client())
    return redirect(next_url)


CODE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CivicFusion · Code</title>
<link rel="stylesheet" href="/assets/vendor/bootstrap.min.css">
<link rel="stylesheet" href="/assets/civicfusion.css"></head>
<body class="login-page"><main class="login-card card shadow-sm"><div class="card-body p-4">
  <div class="brand mb-3">CivicFusion</div>{message}
  <form method="post" action="/login/code">
   <input type="hidden" name="csrf_token" value="{csrf}">
   <label class="form-label" for="code">6-digit code from your authenticator app</label>
   <input class="form-control mb-4" id="code" name="code" inputmode="numeric"
          autocomplete="one-time-code" autofocus required>
   <button class="btn btn-primary w-100" id="verify" type="submit">Verify</button>
  </form></div></main></body></html>"""


def _pending() -> dict | None:
    p = session.get("totp_pending")
    if not p or time.time() - p["at"] > 300:  # five minutes to type the code
        return None
    return p


@bp.get("/login/code")
def code_form() -> Any:
    if _pending() is None:
        return redirect("/login")
    return (
        CODE_PAGE.format(message="", csrf=generate_csrf()),
        200,
        {"Content-Type": "text/html; charset=utf-8"},
    )


@bp.post("/login/code")
def code_submit() -> Any:
    s = services()
    pending = _pending()
    if pending is None:
        return redirect("/login")

    if too_many_attempts():
        audit.record(s.db, "login", pending["user"], {"factor": "totp"}, client(), "rate-limited")
        return _code_page("Too many attempts from this address: wait a minute.", 429)
    good = totp.verify(s.db, pending["user"], request.form.get("code") or "")
    outcome = second_factor(
        s.db, pending["user"], good, s.settings.lockout_failures, s.settings.lockout_minutes
    )
    audit.record(s.db, "login", pending["user"], {"factor": "totp"}, client(), outcome)
    user = get_user(s.db, pending["user"]) if outcome == "ok" else None
    if user is None or not user.is_active:
        if outcome == "locked":
            session.pop("totp_pending", None)  # start again, with the password, once unlocked
        return _code_page(SIGN_IN_FAILED, 401)
    return _signed_in(user, pending["next"])


def _code_page(message: str, status: int) -> Any:
    box = f'<div class="alert alert-danger py-2">{html.escape(message)}</div>'
    return (
        CODE_PAGE.format(message=box, csrf=generate_csrf()),
        status,
        {"Content-Type": "text/html; charset=utf-8"},
    )


@bp.post("/logout")
def logout() -> Any:
    if current_user.is_authenticated:
        audit.record(services().db, "logout", current_user.username, {}, client())
    sessions.end(services().db, session.get("sid"), "sign-out")
    logout_user()
    session.clear()
    return redirect("/login")


def _expired() -> str | None:
    """Why the signed-in session is no longer good (decided by the app DB), else None."""
    return sessions.check(services().db, session.get("sid"), current_user.username)


def gate() -> Any:
    """before_request: sign-in for everything but the public prefixes; callback policies."""
    path = request.path
    if is_public(path):
        return None
    is_dash_api = path.startswith("/_dash-")
    if current_user.is_authenticated and (why := _expired()):
        audit.record(services().db, "session-ended", current_user.username, {"why": why}, client())
        logout_user()
        session.clear()
    if not current_user.is_authenticated:
        if is_dash_api:
            return jsonify(error="Your session has ended. Sign in again."), 401
        return redirect(f"/login?next={path}")
    if path.startswith("/_dash-update-component"):
        body = request.get_json(silent=True) or {}
        entry = current_app.extensions["civicfusion_dash"].callback_map.get(body.get("output"))
        # (clientside callbacks have no server function: a POST naming one is refused)
        roles = policy_of(entry["callback"]) if entry and "callback" in entry else None
        if roles is None or current_user.role not in roles:
            audit.record(
                services().db,
                "denied",
                current_user.username,
                {"callback": str(body.get("output"))[:200]},
                client(),
                "denied",
            )
            return jsonify(error="You are not allowed to do that."), 403
    return None


CSRF_COOKIE = "_csrf_token"  # dash-renderer sends its value back as the X-CSRFToken header


def content_security_policy(script_hashes: list[str], tiles_url: str = "") -> str:
    """A CSP Dash runs under: scripts only from this server plus Dash's own inline bootstrap
    (by hash); inline styles (React, Cytoscape and Leaflet set them); images from here, data:
    URIs and the configured map tile server."""
    scripts = " ".join(["'self'", *script_hashes])
    parts = urlsplit(tiles_url or "")
    tiles = f" {parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else ""
    return (
        "default-src 'self'; "
        f"script-src {scripts}; "
        "style-src 'self' 'unsafe-inline'; "
        f"img-src 'self' data:{tiles}; font-src 'self' data:; connect-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


def security_headers(response: Any) -> Any:

    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Content-Security-Policy", current_app.config["CIVICFUSION_CSP"])
    if request.is_secure:
        response.headers.setdefault(
            "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
        )
    if response.mimetype == "text/html":
        # the token Dash's renderer echoes in X-CSRFToken on every callback request
        response.set_cookie(
            CSRF_COOKIE, generate_csrf(), samesite="Lax", secure=request.is_secure, httponly=False
        )
    return response


def init_auth(
    server: Flask,
    script_hashes: list[str],
    attempts_per_minute: int = 30,
    tiles_url: str = "",
    proxy: Callable[[], str] = lambda: "",
) -> None:
    server.extensions["civicfusion_login_limit"] = RateLimit(attempts_per_minute, 60.0)
    server.config.update(
        CIVICFUSION_CSP=content_security_policy(script_hashes, tiles_url),
        WTF_CSRF_TIME_LIMIT=None,  # valid for the session (which has its own limits)
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(seconds=sessions.LIFETIME_SECONDS),
    )
    server.session_interface = SessionCookies()
    server.wsgi_app = TrustedProxy(server.wsgi_app, proxy)  # type: ignore[method-assign]
    login_manager.init_app(server)
    login_manager.session_protection = "strong"
    server.register_blueprint(bp)

    server.register_blueprint(account_bp)  # behind the gate like every non-public route
    server.before_request(gate)  # sign-in and policies first: 401/403 before anything else
    CSRFProtect(server)  # every POST: the login form's field or Dash's X-CSRFToken header
    server.after_request(security_headers)
