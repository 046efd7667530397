"""`civicfusion cases list --as USER`: the case charts a user may open (own and shared)."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from access.appdb import AppDB
from charts import cases
from cli.errors import friendly_errors
from cli.query import scope_for
from graph.db import Graph
from settings import get_settings

console = Console()
cases_app = typer.Typer(help="Charts saved to cases.", no_args_is_help=True)


@cases_app.command("list")
@friendly_errors
def cases_list(
    as_user: str = typer.Option(..., "--as", help="Whose view (own and shared charts)."),
    case: str = typer.Option("", help="Only case numbers containing this."),
) -> None:
    """Case charts by case number (ids for `civicfusion export chart --saved ID`)."""
    with Graph() as graph:
        cleared = scope_for(as_user, None, graph)
        who = cleared.who
    found = cases.listing(AppDB(get_settings().app_db_path), who, cleared, case)
    table = Table("id", "case", "title", "owner", "agencies", "shared", "saved (UTC)")
    for c in found:
        table.add_row(
            str(c.id), c.case_number, c.title, c.owner, ", ".join(c.agencies),
            "yes" if c.shared else "no", c.saved_at[:16],
        )  # fmt: skip
    console.print(table)
