"""`civicfusion alerts add|list|remove|run`: standing alerts on a subject, an identifier, a
place or a saved query (evaluated after every load and resolution run; docs/sharing.md)."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from access.appdb import AppDB
from cli.errors import friendly_errors, workbench_user
from graph.db import Graph
from settings import get_settings
from watch import alerts, evaluate
from watch.alerts import AlertError

console = Console()
alerts_app = typer.Typer(
    help="Standing alerts: be told of what new loads add to a subject, identifier, place or "
    "saved query.",
    no_args_is_help=True,
)


def _target(subject: str | None, identifier: str | None, place: str | None,
            query: str | None, params: list[str]) -> tuple[str, dict]:  # fmt: skip
    given = [(k, v) for k, v in (("subject", subject), ("identifier", identifier),
                                 ("place", place), ("query", query)) if v]  # fmt: skip
    if len(given) != 1:
        raise AlertError("watch one thing: --subject, --identifier, --place or --query")
    kind, value = given[0]
    if kind == "place":
        try:
            lat, lon, radius = (float(x) for x in value.split(","))
        except ValueError:
            raise AlertError(f"--place {value!r}: LAT,LON,RADIUS_METRES") from None
        return kind, {"lat": lat, "lon": lon, "radius_m": radius}
    if kind == "query":
        pairs = dict(p.split("=", 1) for p in params if "=" in p)
        return kind, {"query": value, "params": pairs}
    return kind, {"uid": value}


@alerts_app.command("add")
@friendly_errors
def alerts_add(
    name: str = typer.Argument(..., help="What to call it, e.g. 'Reyes: anything new'."),
    subject: str = typer.Option(None, help="A person record uid (its whole resolved subject)."),
    identifier: str = typer.Option(None, help="A shared identifier uid, e.g. phone:+17182966633."),
    place: str = typer.Option(None, help="LAT,LON,RADIUS_METRES."),
    query: str = typer.Option(None, help="A saved query's name (-p k=v for its parameters)."),
    param: list[str] = typer.Option([], "--param", "-p", help="A query parameter, k=v."),
    email: str = typer.Option("", help="Also tell this address (no content) when SMTP is set."),
    as_user: str = typer.Option(..., "--as", help="Whose alert (their reach at delivery)."),
) -> None:
    """Set a standing alert; what is there now is remembered, only what comes later is told."""
    s = get_settings()
    db = AppDB(s.app_db_path)
    user = workbench_user(db, as_user)
    try:
        kind, target = _target(subject, identifier, place, query, param)
        alert = alerts.add(db, user, name, kind, target, email)
    except AlertError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    with Graph(s) as graph:
        known = evaluate.baseline(db, graph, alert)
    console.print(f"Alert {alert.id} set: {alert.name} ({alert.what}); {known} match(es) now.")


@alerts_app.command("list")
@friendly_errors
def alerts_list(as_user: str = typer.Option(..., "--as", help="Whose alerts.")) -> None:
    """A user's alerts."""
    db = AppDB(get_settings().app_db_path)
    table = Table("id", "name", "watches", "e-mail", "since")
    for a in alerts.listing(db, workbench_user(db, as_user).username):
        table.add_row(str(a.id), a.name, a.what, a.email or "-", a.created_at)
    console.print(table)


@alerts_app.command("remove")
@friendly_errors
def alerts_remove(
    alert_id: int, as_user: str = typer.Option(..., "--as", help="Whose alert.")
) -> None:
    """Remove one of the user's alerts."""
    db = AppDB(get_settings().app_db_path)
    if not alerts.remove(db, alert_id, workbench_user(db, as_user)):
        console.print(f"[red]{as_user} has no alert {alert_id}[/red]")
        raise typer.Exit(1)
    console.print(f"Alert {alert_id} removed.")


def run_alerts(load: str | None) -> None:
    """Evaluate every alert on what ``load`` wrote (every load: None) and say what was told."""
    s = get_settings()
    db = AppDB(s.app_db_path)
    if not alerts.listing(db):
        return
    with Graph(s) as graph:
        told = evaluate.evaluate(db, graph, s, load)
    new = sum(d.new for d in told)
    failed = [d for d in told if d.error]
    if new or failed:
        console.print(
            f"Alerts: {new} new match(es) for {len({d.owner for d in told if d.new})} user(s)"
            + (f"; {len(failed)} alert(s) failed (audited)" if failed else "")
        )


@alerts_app.command("run")
@friendly_errors
def alerts_run(load: str = typer.Option(None, help="Only what this load wrote.")) -> None:
    """Evaluate the alerts now (loads and `civicfusion resolve` do this themselves)."""
    run_alerts(load)
