"""`civicfusion operations add|list`: planned operations, deconflicted in place and time."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from access import deconfliction
from access.appdb import AppDB
from access.deconfliction import KINDS, Operation, OperationError
from cli.errors import friendly_errors, workbench_user
from settings import get_settings

console = Console()
operations_app = typer.Typer(
    help="Planned operations (warrants, buys, surveillance): overlaps with another "
    "agency's in place and time notify both at once.",
    no_args_is_help=True,
)


@operations_app.command("add")
@friendly_errors
def operations_add(
    reference: str = typer.Argument(..., help="Your operation or case number."),
    lat: float = typer.Option(..., help="Latitude of the place (WGS84)."),
    lon: float = typer.Option(..., help="Longitude of the place (WGS84)."),
    radius: float = typer.Option(200, help="Radius around the point, in metres."),
    starts: str = typer.Option(..., help="Start, YYYY-MM-DDTHH:MM (UTC unless an offset)."),
    ends: str = typer.Option(..., help="End, YYYY-MM-DDTHH:MM."),
    kind: str = typer.Option("search warrant", help=f"One of: {', '.join(KINDS)}."),
    agency: str = typer.Option(None, help="The agency it is for (default: the user's own)."),
    as_user: str = typer.Option(..., "--as", help="Who plans it (a workbench user)."),
) -> None:
    """Register an operation; any overlap with another agency's is reported to both."""
    db = AppDB(get_settings().app_db_path)
    user = workbench_user(db, as_user)
    code = agency or (user.agencies[0] if len(user.agencies) == 1 else "")
    op = Operation(code, user.username, kind, reference, lat, lon, radius, starts, ends)
    try:
        saved, met = deconfliction.add_operation(db, op, user)
    except OperationError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    console.print(f"Operation {saved.id} registered for {saved.agency}: {saved.reference}.")
    for o in met:
        console.print(
            f"[bold yellow]Deconfliction:[/bold yellow] {o.agency} {o.reference} ({o.what}); "
            "both agencies have a notice with each other's contact."
        )


@operations_app.command("list")
@friendly_errors
def operations_list(
    as_user: str = typer.Option(..., "--as", help="Whose agencies' operations."),
) -> None:
    """Your agencies' operations (never another agency's)."""
    db = AppDB(get_settings().app_db_path)
    user = workbench_user(db, as_user)
    table = Table("id", "agency", "kind", "reference", "where", "radius m", "from", "until")
    for o in deconfliction.operations(db, user.agencies):
        table.add_row(str(o.id), o.agency, o.kind, o.reference, f"{o.lat:.5f}, {o.lon:.5f}",
                      f"{o.radius_m:.0f}", o.starts, o.ends)  # fmt: skip
    console.print(table)
