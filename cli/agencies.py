"""`civicfusion agencies add|list|show`: the agencies whose records the graph holds."""

from __future__ import annotations

from dataclasses import replace

import typer
from rich.console import Console
from rich.table import Table

from access import agencies
from access.agencies import FIELDS, LEVELS, Agency, AgencyError
from access.appdb import AppDB
from cli.errors import friendly_errors
from graph import cypher
from graph.db import Graph, GraphUnavailable
from settings import get_settings

console = Console()
agencies_app = typer.Typer(
    help="Agencies: level, jurisdiction and whom partners contact about their records.",
    no_args_is_help=True,
)


def _db() -> AppDB:
    return AppDB(get_settings().app_db_path)


@agencies_app.command("add")
@friendly_errors
def agencies_add(
    code: str = typer.Argument(..., help="The code the agency's records carry, e.g. CSO."),
    name: str = typer.Option(None, help="Full name, e.g. 'County Sheriff's Office'."),
    level: str = typer.Option(None, help=f"One of: {', '.join(LEVELS)}."),
    jurisdiction: str = typer.Option(None, help="Where it polices, e.g. 'Kings County, NY'."),
    unit: str = typer.Option(None, help="Contact for sharing: the unit, e.g. 'Narcotics Unit'."),
    phone: str = typer.Option(None, help="Contact for sharing: phone."),
    email: str = typer.Option(None, help="Contact for sharing: e-mail."),
) -> None:
    """Add an agency, or change what is given of one already added (the rest stays)."""
    db = _db()
    given = {
        "name": name,
        "level": level,
        "jurisdiction": jurisdiction,
        "contact_unit": unit,
        "contact_phone": phone,
        "contact_email": email,
    }
    given = {k: v for k, v in given.items() if v is not None}
    old = agencies.get(db, code)
    record = (
        replace(old, **given) if old else Agency(code=code, **{"name": "", "level": "", **given})
    )
    try:
        saved, new = agencies.save(db, record, None)
    except AgencyError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    console.print(f"{'Added' if new else 'Updated'} {saved.code}: {saved.name} ({saved.level}).")


@agencies_app.command("list")
@friendly_errors
def agencies_list() -> None:
    """Every agency: the codes the graph holds records of (what `users add --agencies`
    takes) and the registered ones, with level, jurisdiction, contact and records loaded."""
    registered = {a.code: a for a in agencies.listing(_db())}
    loaded: dict[str, dict] = {}
    try:
        with Graph(get_settings()) as graph:
            loaded = {r["agency"]: r for r in graph.read(cypher.text("agencies_loaded"))}
    except GraphUnavailable as exc:
        console.print(f"[yellow]{exc} (records loaded not shown)[/yellow]")
    table = Table(
        "code",
        "name",
        "level",
        "jurisdiction",
        "contact for sharing",
        "records loaded",
        "last load",
    )
    for code in sorted(set(registered) | set(loaded)):
        a, r = registered.get(code), loaded.get(code)
        last = str(r["last"])[:16].replace("T", " ") if r and r["last"] else "-"
        table.add_row(
            code,
            a.name if a else "(not registered: civicfusion agencies add)",
            a.level if a else "-",
            a.jurisdiction if a else "-",
            a.contact if a else "-",
            f"{r['records']:,}" if r else "0",
            last,
        )
    console.print(table)


@agencies_app.command("show")
@friendly_errors
def agencies_show(code: str) -> None:
    """One agency's record: every field, and who changed it last."""
    a = agencies.get(_db(), code)
    if a is None:
        console.print(
            f"[red]no agency {code.upper()!r}: add it with `civicfusion agencies add`[/red]"
        )
        raise typer.Exit(1)
    table = Table(show_header=False)
    table.add_row("Code", a.code)
    for field, label in FIELDS.items():
        table.add_row(label, getattr(a, field) or "-")
    table.add_row("Last changed", f"{a.updated_at} by {a.updated_by or 'the command line'}")
    console.print(table)
