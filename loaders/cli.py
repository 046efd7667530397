"""`civicfusion load FORMAT PATH... --agency CODE`: load source files into the graph."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph.cli import friendly_errors
from graph.db import Graph
from graph.settings import get_settings
from loaders.pipeline import DEFAULT_BATCH, LoadRequest, run_load
from loaders.registry import formats

console = Console()


def load(
    fmt: str = typer.Argument(
        ..., metavar="FORMAT", help="nibrs-flat, nibrs-xml, ndex, csv, edges"
    ),
    paths: list[Path] = typer.Argument(..., help="Files to load (one or more)."),
    agency: str = typer.Option(..., "--agency", "-a", help="Code of the agency the data is from."),
    source_system: str = typer.Option(
        None, "--source-system", "-s", help="Name of the source RMS (default: the format's)."
    ),
    mapping: Path = typer.Option(
        None, "--mapping", "-m", help="YAML mapping for csv (a file or a name in loaders/mappings)."
    ),
    rel_type: str = typer.Option(None, "--rel-type", help="edges: KNOWS (default) or CALLED."),
    batch_size: int = typer.Option(DEFAULT_BATCH, "--batch-size", min=1),
) -> None:
    """Load source files into the graph, with provenance and a quarantine report."""
    _load(fmt, paths, agency, source_system, mapping, rel_type, batch_size)


@friendly_errors
def _load(fmt, paths, agency, source_system, mapping, rel_type, batch_size) -> None:  # type: ignore[no-untyped-def]
    if fmt not in formats():
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(formats())}")
    settings = get_settings()
    req = LoadRequest(
        format=fmt,
        paths=list(paths),
        agency=agency,
        source_system=source_system,
        options={"mapping": mapping, "rel_type": rel_type},
        batch_size=batch_size,
    )
    with (
        Graph(settings) as graph,
        Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn(
                "{task.fields[records]:,} records  {task.fields[rate]:,.0f}/s  "
                "[red]{task.fields[problems]:,} quarantined"
            ),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        ) as bar,
    ):
        graph.verify()
        task = bar.add_task(f"Loading {fmt}", total=None, records=0, rate=0.0, problems=0)
        started = bar.get_time()

        def progress(file: str, records: int, problems: int) -> None:
            elapsed = max(bar.get_time() - started, 1e-6)
            bar.update(
                task,
                description=f"{Path(file).name or fmt}",
                records=records,
                rate=records / elapsed,
                problems=problems,
            )

        summary = run_load(graph, settings, req, progress)
        bar.update(task, total=1, completed=1)
    table = Table(title=f"Load {summary.load_id}" + (" (resumed)" if summary.resumed else ""))
    table.add_column("records", justify="right")
    table.add_column("records/s", justify="right")
    table.add_column("nodes created", justify="right")
    table.add_column("relationships created", justify="right")
    table.add_column("quarantined", justify="right")
    table.add_row(
        f"{summary.records:,}",
        f"{summary.records_per_second:,.0f}",
        f"{summary.counts.nodes_created:,}",
        f"{summary.counts.relationships_created:,}",
        f"{summary.quarantined:,}",
    )
    console.print(table)
    if summary.quarantine_file:
        console.print(f"Quarantine report: {summary.quarantine_file}")
        for p in summary.problems[:5]:
            console.print(
                f"  {Path(p.file).name}, {p.record}, {p.field}: {p.reason}", highlight=False
            )
