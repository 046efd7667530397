"""`civicfusion load FORMAT PATH... --agency CODE`: load source files into the graph."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli.alerts import run_alerts
from cli.errors import friendly_errors
from graph.db import Graph
from loaders.pipeline import DEFAULT_BATCH, LoadRequest, run_load
from loaders.registry import formats
from settings import get_settings

console = Console()


def load(
    fmt: str = typer.Argument(
        ..., metavar="FORMAT", help="nibrs-flat, nibrs-xml, ndex, csv, edges, manifest"
    ),
    paths: list[Path] = typer.Argument(..., help="Files to load (one or more)."),
    agency: str = typer.Option(None, "--agency", "-a", help="Code of the agency the data is from."),
    source_system: str = typer.Option(
        None, "--source-system", "-s", help="Name of the source RMS (default: the format's)."
    ),
    mapping: Path = typer.Option(
        None, "--mapping", "-m", help="YAML mapping for csv (a file or a name in loaders/mappings)."
    ),
    rel_type: str = typer.Option(None, "--rel-type", help="edges: KNOWS (default) or CALLED."),
    batch_size: int = typer.Option(DEFAULT_BATCH, "--batch-size", min=1),
    bulk: bool = typer.Option(
        False,
        "--bulk",
        help="First load: offline neo4j-admin import "
        "(stops the local server; replaces the database).",
    ),
    replace_database: bool = typer.Option(
        False, "--replace-database", help="With --bulk: allow replacing a non-empty graph."
    ),
) -> None:
    """Load source files into the graph, with provenance and a quarantine report."""
    _load(fmt, paths, agency, source_system, mapping, rel_type, batch_size, bulk, replace_database)


@friendly_errors
def _load(
    fmt,
    paths,
    agency,
    source_system,
    mapping,
    rel_type,
    batch_size,
    bulk=False,  # type: ignore[no-untyped-def]
    replace_database=False,
) -> None:
    if bulk:
        reqs = (
            manifest_requests(paths, batch_size)
            if fmt == "manifest"
            else [
                LoadRequest(
                    format=fmt,
                    paths=list(paths),
                    agency=agency or "",
                    source_system=source_system,
                    options={"mapping": mapping, "rel_type": rel_type},
                    batch_size=batch_size,
                )
            ]
        )
        _bulk(reqs, replace_database)
        return
    if fmt == "manifest":
        for req in manifest_requests(paths, batch_size):
            console.print(f"[bold]{req.agency}[/]: {req.format} {req.paths[0].name}")
            _run(req)
        return
    if fmt not in formats():
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(formats())}, manifest")
    if not agency:
        raise ValueError("--agency is required: the code of the agency the records come from")
    _run(
        LoadRequest(
            format=fmt,
            paths=list(paths),
            agency=agency,
            source_system=source_system,
            options={"mapping": mapping, "rel_type": rel_type},
            batch_size=batch_size,
        )
    )


def manifest_requests(paths: list[Path], batch_size: int) -> list[LoadRequest]:
    """One load per agency file listed in generator manifests (manifest.json)."""
    reqs = []
    for path in paths:
        doc = json.loads(path.read_text(encoding="utf-8"))
        for a in doc["agencies"]:
            reqs.append(
                LoadRequest(
                    format=a["format"],
                    paths=[path.parent / a["file"]],
                    agency=a["agency"],
                    source_system=a.get("source_system"),
                    options={"mapping": a.get("mapping")},
                    batch_size=batch_size,
                )
            )
    return reqs


def _bulk(reqs: list[LoadRequest], replace: bool) -> None:
    from loaders.bulk import bulk_load

    settings = get_settings()
    with (
        Graph(settings) as graph,
        console.status("Bulk import: preparing files, importing offline..."),
    ):
        graph.verify()
        s = bulk_load(graph, settings, reqs, reqs[0].user, replace=replace)
    table = Table(title="Bulk import (neo4j-admin database import full)")
    for c in ("records", "nodes", "relationships", "quarantined", "prepare s", "import s"):
        table.add_column(c, justify="right")
    table.add_row(
        f"{s.records:,}",
        f"{s.nodes:,}",
        f"{s.relationships:,}",
        f"{s.quarantined:,}",
        f"{s.prepare_seconds:.1f}",
        f"{s.import_seconds:.1f}",
    )
    console.print(table)
    console.print(f"Import files and log: {s.import_dir}")


def _run(req: LoadRequest) -> None:
    settings = get_settings()
    columns = (
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn(
            "{task.fields[records]:,} records  {task.fields[rate]:,.0f}/s  "
            "[red]{task.fields[problems]:,} quarantined"
        ),
        TimeElapsedColumn(),
    )
    with Graph(settings) as graph, Progress(*columns, console=console) as bar:
        graph.verify()
        task = bar.add_task(f"Loading {req.format}", total=None, records=0, rate=0.0, problems=0)
        started = bar.get_time()

        def progress(file: str, records: int, problems: int) -> None:
            elapsed = max(bar.get_time() - started, 1e-6)
            bar.update(
                task,
                description=Path(file).name or req.format,
                records=records,
                rate=records / elapsed,
                problems=problems,
            )

        summary = run_load(graph, settings, req, progress)
        bar.update(task, total=1, completed=1)
    table = Table(title=f"Load {summary.load_id}" + (" (resumed)" if summary.resumed else ""))
    for c in ("records", "records/s", "nodes created", "relationships created", "quarantined"):
        table.add_column(c, justify="right")
    table.add_row(
        f"{summary.records:,}",
        f"{summary.records_per_second:,.0f}",
        f"{summary.counts.nodes_created:,}",
        f"{summary.counts.relationships_created:,}",
        f"{summary.quarantined:,}",
    )
    console.print(table)
    if summary.variants:
        console.print(
            f"{summary.variants:,} earlier value(s) that later records of this load replaced "
            "are kept as variants (e.g. name_variants, dob_variants)."
        )
    if summary.quarantine_file:
        console.print(f"Quarantine report: {summary.quarantine_file}")
        for p in summary.problems[:5]:
            console.print(
                f"  {Path(p.file).name}, {p.record}, {p.field}: {p.reason}", highlight=False
            )
    if summary.missing:
        raise ValueError(
            f"{', '.join(summary.missing)}: no such file (in the quarantine report); "
            + ("nothing was loaded" if summary.records == 0 else "the other files were loaded")
        )
    if summary.records == 0 and not summary.resumed:
        raise ValueError(
            f"nothing was loaded from {', '.join(p.name for p in req.paths)}: "
            + (
                f"all {summary.quarantined} records were quarantined (see the report above)"
                if summary.quarantined
                else "the file holds no records"
            )
        )
    run_alerts(summary.load_id)  # standing alerts: only what this load wrote


def demo_data(
    out: Path = typer.Option(Path("var/demo-data"), "--out", "-o", help="Folder to write."),
    agencies: int = typer.Option(3, "--agencies", min=1, max=30),
    people: int = typer.Option(1000, "--people", min=1),
    seed: int = typer.Option(7, "--seed"),
    records_per_person: float = typer.Option(1.0, "--records-per-person", min=0.01),
) -> None:
    """Write seeded synthetic multi-agency data (+ truth.csv and manifest.json)."""
    from synth.generator import generate

    with console.status(f"Writing {agencies} agencies' records about {people:,} people..."):
        manifest = generate(out, agencies, people, seed, records_per_person)
    table = Table(title=f"Synthetic data in {out} (seed {seed})")
    for c in ("agency", "format", "file", "records"):
        table.add_column(c)
    for a in manifest["agencies"]:
        fmt = a["format"] + (f" --mapping {a['mapping']}" if a.get("mapping") else "")
        table.add_row(a["agency"], fmt, a["file"], f"{a['records']:,}")
    console.print(table)
    console.print(f"Load it all with: civicfusion load manifest {out / 'manifest.json'}")
