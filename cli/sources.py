"""`civicfusion sources add|list|show|remove`: the agencies' live databases (SQL sources)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from cli.errors import friendly_errors
from settings import get_settings
from sources import registry

console = Console()
sources_app = typer.Typer(help="Agencies' live RMS databases read by sync.", no_args_is_help=True)


@sources_app.command("add")
@friendly_errors
def add(
    path: Path = typer.Argument(..., help="The source file (YAML, see docs/sources.md)."),
    replace: bool = typer.Option(False, "--replace", help="Replace a source of that name."),
) -> None:
    """Check a source file and register it (it never holds credentials)."""
    spec = registry.add(get_settings(), path, replace)
    console.print(
        f"Source [bold]{spec.name}[/] ({spec.agency}, {len(spec.feeds)} feed(s): "
        f"{', '.join(spec.feeds)}) registered; `civicfusion sync run {spec.name}` runs a pass."
    )


@sources_app.command("list")
@friendly_errors
def list_sources() -> None:
    """The registered sources."""
    table = Table("source", "agency", "system", "database", "feeds", "every")
    for s in registry.registered(get_settings()):
        table.add_row(
            s.name,
            s.agency,
            s.source_system,
            s.shown_url(),
            ", ".join(s.feeds),
            f"{s.interval:g} s",
        )
    console.print(table)


@sources_app.command("show")
@friendly_errors
def show(name: str) -> None:
    """One source: its database (no password), feeds, change columns and removal signals."""
    s = registry.get(get_settings(), name)
    console.print(f"[bold]{s.name}[/] {s.description}".rstrip())
    console.print(f"agency {s.agency}, source system {s.source_system}, every {s.interval:g} s")
    console.print(f"database {s.shown_url()}")
    table = Table("feed", "change column", "removes", "removal signals", "entities", "links")
    for f in s.feeds.values():
        signals = [
            *([f"flag {f.removed.column}"] if f.removed else []),
            *(["tombstones"] if f.tombstones else []),
            *([f"full comparison every {f.compare.every:g} s"] if f.compare else []),
        ]
        table.add_row(
            f.name,
            f.change,
            f.removes.name if f.removes else "-",
            ", ".join(signals) or "-",
            ", ".join(f"{n} ({e.label})" for n, e in f.mapping.entities.items()),
            ", ".join(ln.type for ln in f.mapping.links) or "-",
        )
    console.print(table)


@sources_app.command("remove")
@friendly_errors
def remove(name: str) -> None:
    """Stop syncing a source (its records stay in the graph)."""
    registry.remove(get_settings(), name)
    console.print(f"Source {name} removed; its records stay in the graph.")
