"""`civicfusion audit verify | export`: check the hash chain, export entries for auditors."""

from __future__ import annotations

import json

import typer
from rich.console import Console

from access import audit
from access.appdb import AppDB
from cli.errors import friendly_errors
from exports.csvsafe import to_csv
from settings import get_settings

console = Console()
audit_app = typer.Typer(help="The audit log (append-only, hash-chained).", no_args_is_help=True)


def _db() -> AppDB:
    return AppDB(get_settings().app_db_path)


@audit_app.command("verify")
@friendly_errors
def verify() -> None:
    """Walk the hash chain; exit 1 if an entry was edited or deleted."""
    ok, message = audit.verify(_db())
    if ok:
        console.print(f"[green]Audit log intact:[/green] {message}")
        return
    console.print(f"[bold red]Audit log tampered:[/bold red] {message}")
    raise typer.Exit(1)


@audit_app.command("export")
@friendly_errors
def export(
    action: str = typer.Option(None, help="Only this action (login, search, query, ...)."),
    user: str = typer.Option(None, help="Only this user."),
    since: str = typer.Option(None, help="Only entries at or after this UTC time (ISO)."),
    fmt: str = typer.Option("csv", "--format", help="csv | json"),
    limit: int = typer.Option(100_000, help="Most entries."),
) -> None:
    """Entries, newest first, as CSV (formula-safe) or JSON. The export itself is audited."""
    db = _db()
    rows = [
        e
        for e in audit.entries(db, action, limit)
        if (user is None or e["username"] == user) and (since is None or e["at"] >= since)
    ]
    audit.record(
        db,
        "audit-export",
        None,
        {"action": action, "user": user, "since": since, "entries": len(rows)},
        "cli",
    )
    if fmt == "json":
        typer.echo(json.dumps(rows, indent=2, default=str))
    else:
        cols = ["seq", "at", "username", "action", "outcome", "client", "detail", "hash"]
        typer.echo(to_csv(cols, rows), nl=False)
