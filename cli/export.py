"""`civicfusion export chart`: a user's chart (their working chart or a saved case chart) to
PDF, PNG, SVG, ANX, GraphML, CSV or JSON, with that user's clearances, audited as a
dissemination (case, recipient) like the workbench's Export button."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from access import audit
from access.appdb import AppDB
from charts import cases
from charts.chart import ChartState
from cli.errors import friendly_errors
from cli.query import scope_for
from exports import formats
from graph.db import Graph
from settings import get_settings

console = Console()
export_app = typer.Typer(help="Export charts for case files and briefings.", no_args_is_help=True)


@export_app.command("chart")
@friendly_errors
def export_chart(
    as_user: str = typer.Option(..., "--as", help="Whose chart, with whose clearances."),
    recipient: str = typer.Option(..., help="Who receives it (logged as a dissemination)."),
    fmt: str = typer.Option("pdf", "--format", help=" | ".join(formats.FORMATS)),
    case: str = typer.Option("", help="Case number printed on every page and logged."),
    title: str = typer.Option("", help="Chart title."),
    saved: int = typer.Option(
        None,
        "--saved",
        help="A case chart id (Case charts page, or civicfusion cases list); default: working.",
    ),
    output: Path = typer.Option(None, "--output", "-o", help="File to write (default: ./NAME)."),
) -> None:
    """Export the user's current (or a saved) chart with the provenance of every item."""
    if fmt not in formats.FORMATS:
        raise ValueError(f"--format must be one of {', '.join(formats.FORMATS)}")
    if not recipient.strip():
        raise ValueError("--recipient must name who receives the export")
    settings = get_settings()
    db = AppDB(settings.app_db_path)
    with Graph() as graph:
        cleared = scope_for(as_user, None, graph)
        who = cleared.who
        state, positions = _chart(db, who, cleared, saved)
        if state is None:
            raise ValueError(f"{who} has no such chart" + (f" (saved id {saved})" if saved else ""))
        chart = ChartState.from_dict(state, settings.history_steps)
        head = formats.header(
            who, cleared, settings.handling_banner, case=case, title=title, recipient=recipient
        )
        out = formats.of_chart(graph, chart, cleared, fmt, head, positions)
    if out is None:
        raise ValueError(f"{who}'s chart is empty: nothing to export")
    path = output or Path(out.filename)
    if isinstance(out.content, bytes):
        path.write_bytes(out.content)
    else:
        path.write_text(out.content, encoding="utf-8")
    audit.record(
        db,
        "export",
        who,
        {**out.audit_detail(path.name), "saved_chart": saved, "via": "cli"},
        "cli",
    )
    console.print(f"Wrote {path} ({out.nodes} entities, {out.links} links)", soft_wrap=True)


def _chart(
    db: AppDB, owner: str, cleared: list[str], saved: int | None
) -> tuple[dict | None, dict[str, tuple[float, float]] | None]:
    if saved is None:
        return db.load_chart(f"working:{owner}", owner), None
    case = cases.get(db, saved, owner, cleared)
    return (case.state, case.positions) if case else (None, None)
