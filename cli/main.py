"""The `civicfusion` command (Typer + Rich)."""

from __future__ import annotations

import contextlib

import typer

from cli.admin import serve, setup, users_app
from cli.agencies import agencies_app
from cli.alerts import alerts_app
from cli.audit import audit_app
from cli.backup import backup_app
from cli.cases import cases_app
from cli.db import db_app
from cli.export import export_app
from cli.load import demo_data, load
from cli.operations import operations_app
from cli.query import query_app
from cli.resolve import resolve_app
from cli.retention import retention_app
from cli.sharing import sharing_app
from cli.sources import sources_app
from cli.sync import sync_app
from settings import get_settings
from settings.private import private_umask, tighten

app = typer.Typer(
    name="civicfusion",
    help="CivicFusion: multi-agency investigative graph workbench.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


@app.callback()
def private_files() -> None:
    """Every command: files it creates are owner-only, and an older install's are fixed."""
    private_umask()
    with contextlib.suppress(Exception):  # a bad setting is reported by the command itself
        tighten(get_settings().home)


app.add_typer(db_app, name="db")
app.command(name="load")(load)
app.command(name="demo-data")(demo_data)
app.add_typer(resolve_app, name="resolve")
app.add_typer(users_app, name="users")
app.add_typer(agencies_app, name="agencies")
app.add_typer(sharing_app, name="sharing")
app.add_typer(operations_app, name="operations")
app.add_typer(alerts_app, name="alerts")
app.add_typer(sources_app, name="sources")
app.add_typer(sync_app, name="sync")
app.add_typer(query_app, name="query")
app.add_typer(audit_app, name="audit")
app.add_typer(retention_app, name="retention")
app.add_typer(export_app, name="export")
app.add_typer(cases_app, name="cases")
app.add_typer(backup_app, name="backup")
app.command(name="serve")(serve)
app.command(name="setup")(setup)


@app.command()
def version() -> None:
    """Print the CivicFusion version."""
    from importlib.metadata import version as dist_version

    typer.echo(f"civicfusion {dist_version('civicfusion')}")


if __name__ == "__main__":
    app()
