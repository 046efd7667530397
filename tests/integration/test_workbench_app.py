"""The workbench's HTTP surface (Flask test client, real Neo4j): the sign-in gate, a declared
policy on every callback, need-to-know in a real callback round trip, and its audit entry."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from access import audit
from access.users import add_user
from graph.db import Graph
from settings import Settings
from testkit.dash_request import callback_body
from workbench.auth import SIGN_IN_FAILED
from workbench.policy import policy_of


@pytest.fixture(scope="module")
def app(sample_graph: Graph, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from workbench.app import create_app

    home: Path = tmp_path_factory.mktemp("app-home")
    settings = neo4j_settings.model_copy(update={"home": home, "login_attempts_per_minute": 1000})
    dash_app = create_app(settings, sample_graph)
    from workbench.services import services

    db = services().db
    add_user(db, "sup", "supervisor pw 1", "supervisor", ["*"])
    add_user(db, "mpd", "analyst pw 1", "analyst", ["MPD"])
    add_user(db, "adm", "admin pw 1", "admin")
    return dash_app


def csrf(client: Any) -> str:
    """The token the login form carries (and Dash echoes from the _csrf_token cookie)."""
    page = client.get("/login").data.decode()
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def signed_in(app: Any, user: str, password: str) -> Any:
    client = app.server.test_client()
    r = client.post(
        "/login", data={"username": user, "password": password, "csrf_token": csrf(client)}
    )
    assert r.status_code == 302, r.data
    return client


def call(client: Any, body: dict) -> Any:
    """POST a Dash callback request the way dash-renderer does (X-CSRFToken from the cookie)."""
    client.get("/")  # the page sets the _csrf_token cookie
    token = client.get_cookie("_csrf_token").value
    return client.post("/_dash-update-component", json=body, headers={"X-CSRFToken": token})


def callback_key(app: Any, fragment: str) -> str:
    return next(k for k in app.callback_map if fragment in k)


def test_every_page_and_callback_needs_a_signed_in_user(app: Any) -> None:
    client = app.server.test_client()
    r = client.get("/")
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    assert client.get("/_dash-layout").status_code == 401
    assert client.get("/_dash-dependencies").status_code == 401
    assert client.post("/_dash-update-component", json={"output": "x"}).status_code == 401
    assert client.get("/login").status_code == 200
    r = client.get("/assets/civicfusion.css")  # code and styles only
    assert r.status_code == 200
    assert r.headers["X-Frame-Options"] == "DENY"


def test_every_callback_declares_a_policy(app: Any) -> None:
    signed_in(app, "sup", "supervisor pw 1").get("/")  # Dash builds its callback map
    assert len(app.callback_map) >= 5
    server = {k: v for k, v in app.callback_map.items() if "callback" in v}
    missing = [k for k, v in server.items() if policy_of(v["callback"]) is None]
    assert missing == []
    # clientside callbacks (the chart positions for Export) run in the browser only: a
    # request naming one is refused like any callback without a policy
    browser_only = sorted(k for k in app.callback_map if k not in server)
    # (dash-cytoscape's CyLeaflet registers clientside callbacks of its own)
    assert {"case-positions.data", "export-positions.data"} <= set(browser_only)
    c = signed_in(app, "sup", "supervisor pw 1")
    token = c.get_cookie("_csrf_token").value
    for key in browser_only:
        body = {"output": key, "outputs": [], "inputs": [], "changedPropIds": []}
        r = c.post("/_dash-update-component", json=body, headers={"X-CSRFToken": token})
        assert r.status_code == 403, key


def test_sign_in_errors_are_identical_and_audited(app: Any) -> None:
    from workbench.services import services

    client = app.server.test_client()
    token = csrf(client)
    unknown = client.post(
        "/login", data={"username": "ghost", "password": "whatever1", "csrf_token": token}
    )
    wrong = client.post(
        "/login", data={"username": "mpd", "password": "not the one", "csrf_token": token}
    )
    assert unknown.status_code == wrong.status_code == 401
    assert SIGN_IN_FAILED.encode() in unknown.data and SIGN_IN_FAILED.encode() in wrong.data
    ok = client.post(
        "/login", data={"username": "mpd", "password": "analyst pw 1", "csrf_token": token}
    )
    cookie = next(c for c in ok.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    logins = [e for e in audit.entries(services().db, "login") if e["username"] in ("ghost", "mpd")]
    assert {e["outcome"] for e in logins} >= {"bad-credentials", "ok"}


def search_request(app: Any, text: str) -> dict:
    """The search box's request, built from the callback's own dependencies (as the
    browser builds it)."""
    key = callback_key(app, "results-box.children")
    entry = app.callback_map[key]
    values = {"search-go.n_clicks": 1, "search-text.n_submit": 0, "search-text.value": text,
              "search-agencies.value": ["MPD", "CSO", "GTF"]}  # fmt: skip
    return callback_body(key, entry["inputs"], entry.get("state", []), values, "search-go.n_clicks")


def test_search_callback_returns_only_cleared_agencies_and_is_audited(
    app: Any, sample_graph: Graph
) -> None:
    from workbench.services import services

    name = sample_graph.read(
        "MATCH (m:Person {agency: 'MPD'}), (o:Person {name: m.name}) WHERE o.agency <> 'MPD' "
        "RETURN m.name AS name LIMIT 1"
    )[0]["name"]
    for user, password, expected in (
        ("mpd", "analyst pw 1", {"MPD"}),
        ("sup", "supervisor pw 1", None),
    ):
        client = signed_in(app, user, password)
        r = call(client, search_request(app, name))
        assert r.status_code == 200, r.data
        body = json.loads(r.data)
        options = body["response"]["results-box"]["children"]["props"]["options"]
        agencies = {o["value"].split("|")[1].split(":")[0] for o in options}
        if expected:
            assert agencies == expected  # the CSO/GTF records of that name never leave
        else:
            assert len(agencies) >= 2
    searches = audit.entries(services().db, "search")
    assert searches[1]["username"] == "mpd" and searches[1]["detail"]["text"] == name
    assert searches[1]["detail"]["agencies"] == ["MPD"]


def test_roles_without_the_policy_are_refused(app: Any) -> None:
    from workbench.services import services

    key = callback_key(app, "review-list.children")
    body = {
        "output": key,
        "outputs": [
            {"id": "review-list", "property": "children"},
            {"id": "review-linked", "property": "children"},
            {"id": "review-message", "property": "children"},
        ],
        "inputs": [[], {"id": "review-refresh", "property": "data", "value": 0}],
        "changedPropIds": [],
    }
    analyst = signed_in(app, "mpd", "analyst pw 1")
    assert call(analyst, body).status_code == 403
    admin = signed_in(app, "adm", "admin pw 1")
    assert call(admin, search_request(app, "x")).status_code == 403
    supervisor = signed_in(app, "sup", "supervisor pw 1")
    assert call(supervisor, body).status_code == 200
    denied = audit.entries(services().db, "denied")
    assert {e["username"] for e in denied} >= {"mpd", "adm"}
    assert audit.verify(services().db)[0]


def test_a_failing_callback_shows_a_plain_message_not_a_trace(app: Any) -> None:
    from workbench.app import FAILED

    client = signed_in(app, "sup", "supervisor pw 1")
    body = {
        "output": callback_key(app, "query-form.children"),
        "outputs": [
            {"id": "query-form", "property": "children"},
            {"id": "query-about", "property": "children"},
            {"id": "query-cypher-text", "property": "children"},
        ],
        "inputs": [{"id": "query-name", "property": "value", "value": "no_such_query"}],
        "state": [{"id": "chart", "property": "selectedNodeData", "value": None}],
        "changedPropIds": ["query-name.value"],
    }
    r = call(client, body)
    text = r.data.decode()
    assert r.status_code in (200, 204) and FAILED in text, text[:500]
    assert "Traceback" not in text and "QueryError" not in text and "no_such_query" not in text


def test_state_changing_requests_need_the_csrf_token(app: Any) -> None:
    client = app.server.test_client()
    no_token = client.post("/login", data={"username": "sup", "password": "supervisor pw 1"})
    assert no_token.status_code == 400  # the form without its token
    signed = signed_in(app, "sup", "supervisor pw 1")
    assert signed.post("/_dash-update-component", json=search_request(app, "x")).status_code == 400
    assert call(signed, search_request(app, "x")).status_code == 200
    page = signed.get("/")
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-eval" not in csp
    assert signed.post("/logout").status_code == 400  # sign-out is a form with a token too


def test_totp_second_factor_at_sign_in(app: Any) -> None:
    import pyotp

    from access import totp
    from workbench.services import services

    db = services().db
    add_user(db, "tina", "tango-long-pw-9", "analyst", ["MPD"])
    secret, uri = totp.enrol(db, "tina")
    assert uri.startswith("otpauth://totp/CivicFusion:tina")
    client = app.server.test_client()
    r = client.post(
        "/login",
        data={"username": "tina", "password": "tango-long-pw-9", "csrf_token": csrf(client)},
    )
    assert r.status_code == 302 and r.headers["Location"].endswith("/login/code")
    assert client.get("/").status_code == 302  # not signed in before the code
    form = client.get("/login/code").data.decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    assert (
        client.post("/login/code", data={"code": "000000", "csrf_token": token}).status_code == 401
    )
    code = pyotp.TOTP(secret).now()
    ok = client.post("/login/code", data={"code": code, "csrf_token": token})
    assert ok.status_code == 302 and client.get("/").status_code == 200
    # the same code cannot be used twice
    other = app.server.test_client()
    other.post(
        "/login",
        data={"username": "tina", "password": "tango-long-pw-9", "csrf_token": csrf(other)},
    )
    form = other.get("/login/code").data.decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    assert other.post("/login/code", data={"code": code, "csrf_token": token}).status_code == 401


def test_second_factor_codes_cannot_be_guessed(app: Any) -> None:
    """Wrong codes count toward the account's lockout (a fresh password step does not reset
    the count): after ten wrong codes the right one is refused too, and each is audited."""
    import pyotp

    from access import audit, totp
    from workbench.services import services

    db = services().db
    add_user(db, "tom", "tango-long-pw-8", "analyst", ["MPD"])
    secret, _ = totp.enrol(db, "tom")
    right = pyotp.TOTP(secret)
    statuses = []
    client = app.server.test_client()
    for attempt in range(11):
        if attempt % 2 == 0:  # the password step again every other try
            client = app.server.test_client()
            client.post(
                "/login",
                data={"username": "tom", "password": "tango-long-pw-8", "csrf_token": csrf(client)},
            )
        form = client.get("/login/code").data.decode()
        if "csrf_token" not in form:
            statuses.append("no-code-step")  # locked: the password step itself refused
            continue
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        code = right.now() if attempt == 10 else f"{(int(right.now()) + 1 + attempt) % 10**6:06d}"
        statuses.append(
            client.post("/login/code", data={"code": code, "csrf_token": token}).status_code
        )
    assert 302 not in statuses, statuses  # the eleventh, right code did not sign in
    outcomes = [e["outcome"] for e in audit.entries(db, "login") if e["username"] == "tom"]
    assert "bad-code" in outcomes and "locked" in outcomes, outcomes


def test_second_factor_can_be_required(app: Any) -> None:
    from workbench.services import services

    settings = services().settings
    settings.require_totp = True
    try:
        client = app.server.test_client()
        r = client.post(
            "/login",
            data={"username": "mpd", "password": "analyst pw 1", "csrf_token": csrf(client)},
        )
        assert r.status_code == 401  # no second factor enrolled: refused
    finally:
        settings.require_totp = False


def test_idle_and_overlong_sessions_must_sign_in_again(app: Any) -> None:
    """The limits are kept by the server (app DB), not by the cookie's own clock."""
    from access.sessions import IDLE_SECONDS, LIFETIME_SECONDS
    from workbench.services import services

    def backdate(client: Any, column: str, seconds: float) -> None:
        with client.session_transaction() as s:
            sid = s["sid"]
        with services().db.connect() as con:
            con.execute(f"UPDATE sessions SET {column} = {column} - ? WHERE id = ?", (seconds, sid))

    client = signed_in(app, "mpd", "analyst pw 1")
    assert client.get("/").status_code == 200
    backdate(client, "seen_at", IDLE_SECONDS + 1)
    r = client.get("/")
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    client = signed_in(app, "mpd", "analyst pw 1")
    backdate(client, "created_at", LIFETIME_SECONDS + 1)
    assert client.get("/_dash-layout").status_code == 401


def test_a_session_ends_on_the_server(app: Any) -> None:
    """A copied cookie stops working after sign-out, a password change, a disable and a
    change of clearance (sessions live in the app DB, not only in the signed cookie)."""
    from access.users import set_disabled, set_password, update_user
    from workbench.services import services

    db = services().db

    def copied_cookie_after(end: Any) -> int:
        client = signed_in(app, "mpd", "analyst pw 1")
        assert client.get("/_dash-layout").status_code == 200
        cookie = client.get_cookie("session").value
        end(client)
        thief = app.server.test_client()
        thief.set_cookie("session", cookie)
        return thief.get("/_dash-layout").status_code

    assert copied_cookie_after(lambda c: c.post("/logout", data={"csrf_token": csrf(c)})) == 401
    assert copied_cookie_after(lambda c: set_password(db, "mpd", "analyst pw 1")) == 401
    assert copied_cookie_after(lambda c: update_user(db, "mpd", "analyst", ["MPD"])) == 401
    try:
        assert copied_cookie_after(lambda c: set_disabled(db, "mpd")) == 401
    finally:
        set_disabled(db, "mpd", False)


def test_signing_in_gives_a_new_session(app: Any) -> None:
    client = app.server.test_client()
    token = csrf(client)
    with client.session_transaction() as s:
        s["planted"] = "by someone else"  # session fixation attempt
    client.post("/login", data={"username": "mpd", "password": "analyst pw 1", "csrf_token": token})
    with client.session_transaction() as s:
        assert "planted" not in s


def test_auditors_read_the_audit_log_and_nothing_else(app: Any) -> None:
    from workbench.services import services

    add_user(services().db, "aud", "auditor pw 12", "auditor")
    stranger = app.server.test_client()
    stranger.post(
        "/login", data={"username": "mpd", "password": "wrong one!", "csrf_token": csrf(stranger)}
    )
    auditor = signed_in(app, "aud", "auditor pw 12")
    body = {
        "output": callback_key(app, "audit-table.children"),
        "outputs": [
            {"id": "audit-table", "property": "children"},
            {"id": "audit-verify", "property": "children"},
            {"id": "audit-action", "property": "options"},
        ],
        "inputs": [
            {"id": "audit-action", "property": "value", "value": "login"},
            {"id": "audit-user", "property": "value", "value": None},
            {"id": "audit-since", "property": "value", "value": None},
        ],
        "changedPropIds": ["audit-action.value"],
    }
    r = call(auditor, body)
    assert r.status_code == 200
    text = r.data.decode()
    assert "Chain intact" in text and "bad-credentials" in text
    # auditors see no case data; analysts cannot read the log
    assert call(auditor, search_request(app, "x")).status_code == 403
    assert call(signed_in(app, "mpd", "analyst pw 1"), body).status_code == 403


def test_too_many_sign_in_attempts_from_one_address_are_refused(app: Any) -> None:
    from workbench.auth import RateLimit

    kept = app.server.extensions["civicfusion_login_limit"]  # the module's, set very high
    app.server.extensions["civicfusion_login_limit"] = RateLimit(8, 60.0)
    codes = []
    for _ in range(10):
        c = app.server.test_client()
        codes.append(
            c.post(
                "/login",
                data={"username": "nobody", "password": "nope nope", "csrf_token": csrf(c)},
            ).status_code
        )
    app.server.extensions["civicfusion_login_limit"] = kept
    assert codes[:8] == [401] * 8 and codes[8:] == [429, 429]


def test_a_stated_purpose_can_be_required_and_is_audited(app: Any) -> None:
    from workbench.services import services

    settings = services().settings
    settings.require_purpose = True
    try:
        client = signed_in(app, "mpd", "analyst pw 1")
        refused = call(client, search_request(app, "Smith")).data.decode()
        assert "State a case number or purpose" in refused
        purpose = {
            "output": callback_key(app, "case-purpose.valid"),
            "outputs": {"id": "case-purpose", "property": "valid"},
            "inputs": [{"id": "case-purpose", "property": "value", "value": "Case 24-0113"}],
            "changedPropIds": ["case-purpose.value"],
        }
        assert call(client, purpose).status_code == 200
        answered = call(client, search_request(app, "Smith")).data.decode()
        assert "State a case number" not in answered
    finally:
        settings.require_purpose = False
    last = audit.entries(services().db, "search")[0]
    assert last["username"] == "mpd" and last["detail"]["purpose"] == "Case 24-0113"


def test_administrators_manage_accounts_and_see_no_case_data(app: Any) -> None:
    from access.users import get_user

    admin = signed_in(app, "adm", "admin pw 1")

    def manage(trigger: str, **values: Any) -> str:
        body = {
            "output": callback_key(app, "admin-users.children"),
            "outputs": [
                {"id": "admin-users", "property": "children"},
                {"id": "admin-message", "property": "children"},
            ],
            "inputs": [
                {"id": "admin-add", "property": "n_clicks", "value": 1},
                {"id": "admin-update", "property": "n_clicks", "value": 1},
                [],
                {"id": "admin-refresh", "property": "data", "value": 0},
            ],
            "state": [
                {"id": f"admin-{k}", "property": "value", "value": v} for k, v in values.items()
            ],
            "changedPropIds": [f"{trigger}.n_clicks"],
        }
        r = call(admin, body)
        assert r.status_code == 200, r.data[:300]
        return r.data.decode()

    added = manage(
        "admin-add", username="newbie", name="New Analyst", role="analyst", agencies=["MPD"]
    )
    assert "Password (shown once)" in added
    from workbench.services import services

    assert get_user(services().db, "newbie").agencies == ("MPD",)
    manage("admin-update", username="newbie", name=None, role="supervisor", agencies=["MPD", "CSO"])
    assert get_user(services().db, "newbie").role == "supervisor"
    refused = manage("admin-add", username="x y", name=None, role="analyst", agencies=[])
    assert "letters, digits" in refused
    # analysts cannot reach the admin callbacks
    analyst = signed_in(app, "mpd", "analyst pw 1")
    assert (
        call(
            analyst,
            {
                "output": callback_key(app, "admin-users.children"),
                "outputs": [],
                "inputs": [],
                "changedPropIds": [],
            },
        ).status_code
        == 403
    )
    entries = [e["action"] for e in audit.entries(services().db, None, 50)]
    assert "admin-user-add" in entries and "admin-user-update" in entries


def test_setup_creates_the_first_administrator_once(civicfusion: Any, tmp_path: Path) -> None:
    first = civicfusion("setup")
    assert first.returncode == 0 and "Password (shown once)" in first.stdout
    again = civicfusion("setup")
    assert "already exists" in again.stdout


def test_each_role_gets_its_page(app: Any) -> None:
    from access.users import add_user as add
    from workbench.services import services

    add(services().db, "aud2", "auditor pw 123", "auditor")
    from access import agencies
    from access.agencies import Agency

    agencies.save(services().db, Agency("CSO", "County Sheriff's Office", "local",
                                        contact_unit="Narcotics Unit"), "test")  # fmt: skip

    def page(user: str, password: str, path: str) -> str:
        body = {
            "output": "page.children",
            "outputs": {"id": "page", "property": "children"},
            "inputs": [{"id": "url", "property": "pathname", "value": path}],
            "changedPropIds": ["url.pathname"],
        }
        r = call(signed_in(app, user, password), body)
        assert r.status_code == 200
        return r.data.decode()

    assert '"chart"' in page("mpd", "analyst pw 1", "/")
    assert "Match review is for supervisors" in page("mpd", "analyst pw 1", "/review")
    assert "review-list" in page("sup", "supervisor pw 1", "/review")
    assert "audit-table" in page("aud2", "auditor pw 123", "/")
    admin = page("adm", "admin pw 1", "/")
    assert "admin-users" in admin
    # the agencies: described ones with their contact, loaded ones still to describe
    assert "County Sheriff" in admin and "Narcotics Unit" in admin
    assert "not described yet" in admin
    assert "The audit log is for auditors" in page("mpd", "analyst pw 1", "/audit")


def test_users_set_up_their_own_second_factor_and_change_their_password(app: Any) -> None:
    import pyotp

    from access import totp
    from workbench.services import services

    db = services().db
    add_user(db, "una", "uniform-long-pw-1", "analyst", ["MPD"])
    assert app.server.test_client().get("/account").status_code == 302  # signed-in users only
    client = signed_in(app, "una", "uniform-long-pw-1")
    page = client.get("/account").data.decode()
    assert "Not set up" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    # no CSRF token: refused; a wrong password: refused (and counted toward the lockout)
    assert client.post("/account/totp/start", data={"password": "x"}).status_code == 400
    wrong = client.post("/account/totp/start", data={"password": "nope", "csrf_token": token})
    assert wrong.status_code == 401 and not totp.enrolled(db, "una")
    start = client.post(
        "/account/totp/start", data={"password": "uniform-long-pw-1", "csrf_token": token}
    ).data.decode()
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', start).group(1)
    assert "<svg" in start and "<script" not in start  # the QR code is inline SVG
    assert not totp.enrolled(db, "una")  # nothing saved before a first code
    bad = client.post("/account/totp/confirm", data={"code": "000000", "csrf_token": token})
    assert bad.status_code == 400 and not totp.enrolled(db, "una")
    good = client.post(
        "/account/totp/confirm", data={"code": pyotp.TOTP(secret).now(), "csrf_token": token}
    )
    assert good.status_code == 200 and totp.enrolled(db, "una")
    # the next sign-in asks for a code
    fresh = app.server.test_client()
    r = fresh.post(
        "/login",
        data={"username": "una", "password": "uniform-long-pw-1", "csrf_token": csrf(fresh)},
    )
    assert r.headers["Location"].endswith("/login/code")

    def change(current: str, new: str, again: str | None = None) -> int:
        return client.post(
            "/account/password",
            data={"current": current, "new": new, "again": again or new, "csrf_token": token},
        ).status_code

    assert change("wrong-one-1", "brand-new-pw-77") == 401
    assert change("uniform-long-pw-1", "password123") == 400  # banned
    assert change("uniform-long-pw-1", "brand-new-pw-77", "other-pw-77") == 400
    assert change("uniform-long-pw-1", "brand-new-pw-77") == 200
    from access.users import authenticate

    assert authenticate(db, "una", "brand-new-pw-77")[0] is not None
    actions = [
        (e["action"], e["outcome"])
        for e in reversed(audit.entries(db))  # (newest first)
        if e["username"] == "una" and e["action"] in ("totp-enrol", "password-change")
    ]
    assert actions == [
        ("totp-enrol", "bad-password"),
        ("totp-enrol", "bad-code"),
        ("totp-enrol", "ok"),
        ("password-change", "bad-password"),
        ("password-change", "ok"),
    ]


def test_only_the_sign_in_pages_are_public(app: Any) -> None:
    client = app.server.test_client()
    assert client.get("/login").status_code == 200
    for path in ("/loginx", "/login/..%2fadmin", "/login/../admin", "/assets/../admin",
                 "/login-admin", "/_dash-layout"):  # fmt: skip
        r = client.get(path)
        assert r.status_code in (302, 401, 404), (path, r.status_code)
        if r.status_code == 302:
            assert r.headers["Location"].startswith("/login?next="), path


def test_behind_the_trusted_proxy_only(app: Any) -> None:
    """Forwarded headers count only from the named proxy: then the client address is the
    forwarded one (audit, rate limit), cookies are Secure and HSTS is sent."""
    from access import audit
    from workbench.services import services

    settings = services().settings
    forwarded = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}

    def sign_in(peer: str) -> Any:
        client = app.server.test_client()
        client.environ_base["REMOTE_ADDR"] = peer
        page = client.get("/login", headers=forwarded)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.data.decode()).group(1)
        r = client.post(
            "/login",
            data={"username": "mpd", "password": "analyst pw 1", "csrf_token": token},
            headers={**forwarded, "Referer": "https://localhost/login"},  # (CSRF over TLS)
        )
        return r

    # anyone else's forwarded headers are ignored: their own address, plain cookies
    r = sign_in("127.0.0.9")
    assert "Secure" not in r.headers.get("Set-Cookie", "")
    assert "Strict-Transport-Security" not in r.headers
    last = audit.entries(services().db, "login", limit=1)[0]
    assert last["client"] == "127.0.0.9"
    settings.trusted_proxy = "127.0.0.9"
    try:
        r = sign_in("127.0.0.9")
        assert r.status_code == 302
        assert "Secure" in r.headers.get("Set-Cookie", "")
        assert r.headers["Strict-Transport-Security"].startswith("max-age=")
        last = audit.entries(services().db, "login", limit=1)[0]
        assert last["client"] == "203.0.113.7"  # the client, not the proxy
        r = sign_in("127.0.0.10")  # another peer claiming the same is not believed
        assert audit.entries(services().db, "login", limit=1)[0]["client"] == "127.0.0.10"
    finally:
        settings.trusted_proxy = ""
