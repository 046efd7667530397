"""`civicfusion users ...` and `civicfusion serve`."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from access import agencies, audit, sharing
from access.agencies import Agency
from access.appdb import AppDB
from access.users import (
    ROLES,
    UserError,
    add_user,
    disable_idle,
    generate_password,
    get_user,
    list_users,
    set_disabled,
    set_password,
)
from cli.errors import friendly_errors
from settings import get_settings

console = Console()
users_app = typer.Typer(
    help="Workbench accounts: roles and agency clearances.", no_args_is_help=True
)


def _db() -> AppDB:
    return AppDB(get_settings().app_db_path)


def _fail(message: str) -> None:
    console.print(f"[red]{message}[/red]")
    raise typer.Exit(1)


@users_app.command("add")
@friendly_errors
def users_add(
    username: str,
    role: str = typer.Option("analyst", help=f"One of: {', '.join(ROLES)}."),
    agencies: str = typer.Option(
        "", help="Comma-separated agency codes this user is cleared for, or '*' for all."
    ),
    name: str = typer.Option("", help="Display name."),
) -> None:
    """Create an account; its password is generated and shown once."""
    db = _db()
    password = generate_password()
    try:
        add_user(db, username, password, role, agencies.split(","), name or None)
    except UserError as exc:
        _fail(str(exc))
    audit.record(db, "user-add", None, {"user": username, "role": role, "agencies": agencies})
    console.print(f"Created {username} ({role}). Password (shown once): [bold]{password}[/bold]")


@users_app.command("list")
@friendly_errors
def users_list() -> None:
    """Accounts with role, clearances and state."""
    table = Table("user", "name", "role", "agencies", "state")
    for u in list_users(_db()):
        table.add_row(
            u.username,
            u.display_name,
            u.role,
            ", ".join(u.agencies),
            "disabled" if u.disabled else "active",
        )
    console.print(table)


@users_app.command("disable")
@friendly_errors
def users_disable(username: str) -> None:
    """Disable an account (it can no longer sign in; its history stays)."""
    db = _db()
    try:
        set_disabled(db, username, True)
    except UserError as exc:
        _fail(str(exc))
    audit.record(db, "user-disable", None, {"user": username})
    console.print(f"Disabled {username}.")


@users_app.command("disable-idle")
@friendly_errors
def users_disable_idle(
    days: int = typer.Option(90, help="Disable accounts unused for this many days."),
) -> None:
    """Disable accounts not used for 90 days (run it daily, e.g. from cron)."""
    db = _db()
    names = disable_idle(db, days)
    for n in names:
        audit.record(db, "user-disable-idle", None, {"user": n, "days": days})
    console.print(
        f"Disabled {len(names)} idle account(s){': ' + ', '.join(names) if names else ''}."
    )


@users_app.command("totp")
@friendly_errors
def users_totp(username: str) -> None:
    """Enrol (or re-enrol) a TOTP second factor; shows the secret and otpauth URI once."""
    from access import totp

    db = _db()
    try:
        secret, uri = totp.enrol(db, username)
    except UserError as exc:
        _fail(str(exc))
    audit.record(db, "user-totp-enrol", None, {"user": username})
    console.print(f"Second factor for {username}. Add it to an authenticator app (shown once):")
    console.print(f"  secret: [bold]{secret}[/bold]\n  uri:    {uri}")


@friendly_errors
def setup() -> None:
    """First run: create the application database and the first administrator (user
    "admin", a generated password shown once). Does nothing if an administrator exists."""
    db = _db()
    if any(u.role == "admin" for u in list_users(db)):
        console.print("An administrator already exists; nothing to do.")
        return
    password = generate_password()
    add_user(db, "admin", password, "admin", [], "Administrator")
    audit.record(db, "setup", None, {"admin": "admin"})
    console.print(
        "Created the first administrator [bold]admin[/bold]. Password (shown once): "
        f"[bold]{password}[/bold]\nSign in at /admin to add users and clearances."
    )


@users_app.command("demo")
@friendly_errors
def users_demo() -> None:
    """The demo accounts with fresh passwords, for `make demo`: a supervisor cleared for
    every agency, an analyst of MPD only (who sees pointers to CSO's and GTF's records) and
    CSO's administrator (who sets CSO's sharing terms); the demo agencies described and a
    few sharing terms set (docs/sharing.md)."""
    db = _db()
    accounts = (
        ("demo", "supervisor", ["*"], "Demo Investigator", "every agency"),
        ("demo-mpd", "analyst", ["MPD"], "Demo MPD Analyst", "MPD only: pointers to others"),
        ("cso-admin", "admin", ["CSO"], "CSO Administrator", "sets CSO's sharing terms"),
        ("gtf-admin", "admin", ["GTF"], "GTF Administrator", "sets GTF's sharing terms"),
    )
    s = get_settings()
    console.print(f"Workbench: [bold]http://{s.host}:{s.port}/[/bold]  sign in as:")
    for name, role, clear, display, what in accounts:
        password = generate_password()
        if get_user(db, name) is None:
            add_user(db, name, password, role, clear, display)
        else:
            set_password(db, name, password)
        audit.record(db, "user-demo", None, {"user": name})
        console.print(f"  [bold]{name}[/bold] / [bold]{password}[/bold]  ({what})")
    demo_sharing(db)


DEMO_AGENCIES = (
    ("MPD", "Metro Police Department", "local", "Metro City", "Gang Unit", "+12125550141"),
    ("CSO", "County Sheriff's Office", "local", "Kings County", "Narcotics Unit", "+12125550100"),
    ("GTF", "Regional Gang Task Force", "state", "Region 2", "Intelligence Desk", "+12125550177"),
    ("HPD", "Honolulu Police Department", "local", "Honolulu, HI", "", ""),
    ("CAVIAR", "CAVIAR investigation (research data)", "federal", "Montreal, QC", "", ""),
)
# (owner, partner, class, tier): MPD learns of CSO's and GTF's records; CSO shares its
# incident reports in full with the task force
DEMO_TERMS = (
    ("CSO", "MPD", "incident", "pointer"),
    ("CSO", "MPD", "arrest", "pointer"),
    ("CSO", "GTF", "incident", "full"),
    ("GTF", "level:local", "intelligence", "pointer"),
)


def demo_sharing(db: AppDB) -> None:
    """Describe the demo agencies (where not yet) and set the demo terms (where not yet)."""
    for code, name, level, where, unit, phone in DEMO_AGENCIES:
        if agencies.get(db, code) is None:
            agencies.save(db, Agency(code, name, level, where, unit, phone), None)
    for owner, partner, cls, tier in DEMO_TERMS:
        admin = get_user(db, f"{owner.lower()}-admin")
        if admin is not None and sharing.get(db, owner, partner, cls) is None:
            sharing.save(db, sharing.Agreement(owner, partner, cls, tier), admin)


@friendly_errors
def serve(
    host: str = typer.Option(None, help="Address to bind (default 127.0.0.1)."),
    port: int = typer.Option(None, help="Port (default 8050)."),
    threads: int = typer.Option(8, help="Worker threads."),
) -> None:
    """Run the investigator's workbench (Dash) on 127.0.0.1:8050."""
    from waitress import serve as waitress_serve

    from graph.db import GraphUnavailable
    from workbench.app import create_app

    s = get_settings()
    host = host or s.host
    port = port or s.port
    app = create_app(s)
    try:
        app.server.extensions["civicfusion_dash"]  # built
        from workbench.services import services

        services().graph.verify()
    except GraphUnavailable as exc:
        console.print(
            f"[yellow]Warning:[/yellow] {exc}. The workbench starts anyway and "
            "will reconnect when Neo4j is up."
        )
    if not list_users(services().db):
        console.print(
            "[yellow]No accounts yet:[/yellow] create one with "
            "`civicfusion users add NAME --role analyst --agencies A,B`."
        )
    console.print(f"CivicFusion workbench on [bold]http://{host}:{port}/[/bold] (Ctrl-C stops)")
    waitress_serve(app.server, host=host, port=port, threads=threads, ident="civicfusion")
