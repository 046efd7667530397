"""`civicfusion query list | show NAME | run NAME --param k=v --format table|json|csv`.

Runs with the clearances of a workbench user (--as) or of named agencies (--agencies), and is
audited like the workbench (who, which query, which parameters, how many rows).
"""

from __future__ import annotations

import getpass
import json

import typer
from rich.console import Console
from rich.syntax import Syntax
from rich.table import Table

from access import audit, sharing
from access.appdb import AppDB
from access.users import get_user
from cli.errors import friendly_errors
from exports.csvsafe import cell_text, tabular, to_csv
from graph import questions
from graph.db import Graph
from graph.explore import loaded_agencies
from graph.scope import Scope
from settings import get_settings

console = Console()
query_app = typer.Typer(help="The saved query library.", no_args_is_help=True)


@query_app.command("list")
@friendly_errors
def query_list(category: str = typer.Option("", help="Only this category.")) -> None:
    """Saved queries by category."""
    table = Table("category", "name", "title", "returns", "parameters")
    for q in sorted(questions.library().values(), key=lambda q: (q.category, q.name)):
        if category and q.category != category:
            continue
        table.add_row(
            q.category,
            q.name,
            q.title,
            q.returns,
            ", ".join(p.name + ("" if p.required else "?") for p in q.parameters),
        )
    console.print(table)


@query_app.command("show")
@friendly_errors
def query_show(name: str) -> None:
    """A query's description, parameters and Cypher."""
    q = questions.get(name)
    console.print(
        f"[bold]{q.title}[/bold] ({q.category}, returns {q.returns}, "
        f"revision {q.revision})\n{q.description}\n"
    )
    for p in q.parameters:
        default = "required" if p.required else f"default {p.default!r}"
        console.print(f"  --param {p.name}=<{p.type}>  {p.description} ({default})")
    console.print(Syntax(q.cypher, "cypher", word_wrap=True))


def scope_for(as_user: str | None, agencies: str | None, graph: Graph) -> Scope:
    """The scope of a workbench user (``--as``, default: the login name), narrowed to
    ``--agencies`` when given: the command line can narrow a user's clearance, never widen
    it or stand in for one."""
    name = as_user or getpass.getuser()
    db = AppDB(get_settings().app_db_path)
    user = get_user(db, name)
    if user is None or user.disabled:
        raise ValueError(f"no active workbench user {name!r}: pass --as USER")
    reach = sharing.user_scope(db, user, lambda: loaded_agencies(graph))
    if reach is None:
        raise ValueError(f"{name} ({user.role}) has no access to case data")
    scope = reach
    if agencies:
        chosen = {a.strip().upper() for a in agencies.split(",") if a.strip()}
        if not chosen <= scope.agencies:
            raise ValueError(
                f"{name} is not cleared for {', '.join(sorted(chosen - scope.agencies))}: "
                "--agencies can only narrow a user's clearance"
            )
        scope = scope.narrowed(chosen)
    return scope


@query_app.command("run")
@friendly_errors
def query_run(
    name: str,
    param: list[str] = typer.Option([], "--param", "-p", help="k=v, repeatable."),
    fmt: str = typer.Option("table", "--format", help="table | json | csv"),
    as_user: str = typer.Option(None, "--as", help="Run with this workbench user's clearances."),
    agencies: str = typer.Option(None, help="Only these of the user's agencies (A,B)."),
    max_rows: int = typer.Option(5000, help="Row cap."),
) -> None:
    """Run a saved query; only records of the cleared agencies come back."""
    values = {}
    for p in param:
        if "=" not in p:
            raise ValueError(f"--param {p!r} must look like name=value")
        k, v = p.split("=", 1)
        values[k.strip()] = v
    with Graph() as graph:
        cleared = scope_for(as_user, agencies, graph)
        who = cleared.who
        db = AppDB(get_settings().app_db_path)
        try:
            result = questions.run(graph, name, values, cleared, max_rows=max_rows)
        except Exception as exc:
            audit.record(
                db,
                "query",
                who,
                {"query": name, "params": values, "via": "cli", "error": str(exc)[:200]},
                "cli",
                "error",
            )
            raise
        audit.record(
            db,
            "query",
            who,
            {
                "query": name,
                "params": values,
                "agencies": cleared.codes,
                "rows": len(result.rows),
                "via": "cli",
            },
            "cli",
        )
    if fmt == "json":
        typer.echo(json.dumps(result.rows, indent=2, default=str))
    elif fmt == "csv":
        typer.echo(to_csv(*tabular(result.columns, result.rows)), nl=False)
    else:
        table = Table(*result.columns, title=f"{result.query.title} ({len(result.rows)} rows)")
        for r in result.rows:
            table.add_row(*[cell_text(r[c], 6) for c in result.columns])
        console.print(table)
    if result.truncated:
        console.print(f"[yellow]Stopped at {max_rows} rows: narrow the parameters.[/yellow]")
