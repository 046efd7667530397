"""`civicfusion sync drop FOLDER`: one pass over a partner's drop folder (cron-friendly: run
it every minute; each file is loaded once, then moved to done/ or quarantine/)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from cli.alerts import run_alerts
from cli.errors import friendly_errors
from graph.db import Graph
from loaders import dropfolder
from loaders.registry import formats
from settings import get_settings

console = Console()
sync_app = typer.Typer(help="Records that partners send: drop folders.", no_args_is_help=True)


@sync_app.command("drop")
@friendly_errors
def sync_drop(
    folder: Path = typer.Argument(..., help="The partner's drop folder.", file_okay=False),
    fmt: str = typer.Option(..., "--format", "-f", help="nibrs-flat, nibrs-xml, ndex, csv..."),
    agency: str = typer.Option(..., "--agency", "-a", help="The partner's agency code."),
    mapping: str = typer.Option(None, "--mapping", "-m", help="The YAML mapping (csv)."),
    source_system: str = typer.Option(None, help="Source system name (default: the format's)."),
    settle: float = typer.Option(2.0, help="Seconds a file must be unchanged to be taken."),
) -> None:
    """Load each settled file of FOLDER once; move it to done/ or quarantine/ with its report."""
    if fmt not in formats():
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(formats())}")
    if not folder.is_dir():
        raise ValueError(f"{folder}: no such folder")
    s = get_settings()
    with Graph(s) as graph:
        graph.verify()
        took = dropfolder.one_pass(graph, s, folder, fmt, agency, {"mapping": mapping},
                                   source_system, settle)  # fmt: skip
    if not took:
        console.print(f"{folder}: nothing new.")
        return
    table = Table("file", "outcome", "records", "refused", "moved to")
    for d in took:
        table.add_row(d.name, d.outcome + (f" ({d.why})" if d.why else ""), f"{d.records:,}",
                      f"{d.refused:,}", d.moved_to)  # fmt: skip
    console.print(table)
    for d in took:
        if d.load_id:
            run_alerts(d.load_id)  # standing alerts: what each file wrote
