"""`civicfusion sync run|status|worker` (live SQL sources) and `civicfusion sync drop FOLDER`
(one pass over a partner's drop folder; each file is loaded once, then moved to done/ or
quarantine/). `run` and `drop` are cron-friendly; `worker` runs each source on its interval."""

from __future__ import annotations

import contextlib
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from cli.alerts import run_alerts
from cli.errors import err, friendly_errors
from graph.db import Graph
from loaders import dropfolder
from loaders.registry import formats
from settings import get_settings
from sources import registry, status
from sources.sync import PassSummary, run_pass
from sources.worker import Worker

console = Console()
sync_app = typer.Typer(
    help="Keep the graph in step with live sources and drop folders.", no_args_is_help=True
)


def _report(p: PassSummary) -> None:
    if p.status != "completed":
        err.print(
            f"[bold red]Error:[/] {p.error} (pass {p.load_id}; the next pass starts from the "
            "last committed batch)",
            highlight=False,
            soft_wrap=True,
        )
        return
    line = (
        f"{p.source}: {p.records:,} record(s) upserted, {p.removed:,} removed "
        f"({p.deleted:,} nodes and links), {p.quarantined:,} quarantined in {p.seconds:.1f} s"
    )
    console.print(line)
    if p.quarantine_file:
        console.print(f"  quarantine report: {p.quarantine_file}")
    if p.cases:
        console.print(
            f"  taken out of {len(p.cases)} case chart(s): "
            + ", ".join(label for _, label, _ in p.cases)
        )
    if p.resolved.get("skipped"):
        console.print(f"  resolution not run: {p.resolved['skipped']}")
    elif p.resolved:
        r = p.resolved
        console.print(
            f"  resolution: {p.people} person record(s) compared again, "
            f"{r['subjects']:,} subjects ({r['seconds']} s)"
        )
    for f in p.files:  # a drop folder's files
        console.print(
            f"  {f.name}: {f.outcome}" + (f" ({f.why})" if f.why else "") + f" -> {f.moved_to}"
        )
    for load_id in p.load_ids:
        run_alerts(load_id)  # standing alerts: only what this pass wrote


@sync_app.command("run")
@friendly_errors
def sync_run(
    name: str = typer.Argument(None, help="One source (default: every registered source)."),
    resolve: bool = typer.Option(
        True, "--resolve/--no-resolve", help="Resolve the people the pass changed."
    ),
) -> None:
    """One incremental pass: changed rows upserted, removed records taken out, audited."""
    s = get_settings()
    specs = [registry.get(s, name)] if name else registry.registered(s)
    if not specs:
        raise ValueError("no source registered: `civicfusion sources add FILE.yaml`")
    failed = 0
    with Graph(s) as graph:
        graph.verify()
        for spec in specs:
            p = run_pass(graph, s, spec, resolve_people=resolve)
            _report(p)
            failed += p.status != "completed"
    if failed:
        raise typer.Exit(1)


@sync_app.command("status")
@friendly_errors
def sync_status(name: str = typer.Argument(None, help="One source (default: all).")) -> None:
    """Per source: last pass, its counts and errors, each feed's watermark, time since."""
    s = get_settings()
    with Graph(s) as graph:
        rows = status.passes(graph, name)
    table = Table(
        "source",
        "last pass",
        "status",
        "upserted",
        "removed",
        "quarantined",
        "last completed",
    )
    for r in status.summarise(rows, [x.name for x in registry.registered(s)], name):
        table.add_row(*r)
    console.print(table)
    marks = Table("source", "feed", "rows changed after")
    for r in status.watermarks(rows):
        marks.add_row(*r)
    console.print(marks)


@sync_app.command("worker")
@friendly_errors
def sync_worker() -> None:
    """Run each registered source on its own interval until stopped (SIGTERM, Ctrl-C)."""
    s = get_settings()
    with Graph(s) as graph:
        graph.verify()
        console.print("Sync worker running; Ctrl-C or SIGTERM stops it after the pass under way.")
        with contextlib.suppress(KeyboardInterrupt):
            Worker(graph, s, _report).run()


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
        took = dropfolder.one_pass(
            graph, s, folder, fmt, agency, {"mapping": mapping}, source_system, settle
        )
    if not took:
        console.print(f"{folder}: nothing new.")
        return
    table = Table("file", "outcome", "records", "refused", "moved to")
    for d in took:
        table.add_row(
            d.name,
            d.outcome + (f" ({d.why})" if d.why else ""),
            f"{d.records:,}",
            f"{d.refused:,}",
            d.moved_to,
        )
    console.print(table)
    for d in took:
        if d.load_id:
            run_alerts(d.load_id)  # standing alerts: what each file wrote
