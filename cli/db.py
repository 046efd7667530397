"""`civicfusion db ...`: fetch, start, stop, inspect and initialise the graph database."""

from __future__ import annotations

import time

import typer
from rich.console import Console
from rich.table import Table

from cli.errors import friendly_errors
from graph.db import Graph, GraphUnavailable
from graph.runtime import Neo4jRuntime
from graph.schema import current_version, init_schema, missing_objects
from settings import get_settings

console = Console()
db_app = typer.Typer(help="Run and manage the Neo4j graph database.", no_args_is_help=True)


def human_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if n < 1024 or unit == "TiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


@db_app.command()
@friendly_errors
def fetch() -> None:
    """Download the Neo4j Community jars from Maven Central (once; cached)."""
    rt = Neo4jRuntime(get_settings())
    with console.status(f"Fetching Neo4j {rt.settings.neo4j_version} jars with Maven..."):
        t0 = time.monotonic()
        lib = rt.fetch()
    console.print(
        f"Neo4j {rt.settings.neo4j_version} jars in {lib} ({time.monotonic() - t0:.1f} s)"
    )


@db_app.command()
@friendly_errors
def start() -> None:
    """Start the local Neo4j server on 127.0.0.1 and wait until it answers."""
    settings = get_settings()
    rt = Neo4jRuntime(settings)
    with console.status("Starting Neo4j (first start creates the databases)..."):
        result = rt.start()
    if result.already_running:
        console.print(f"Neo4j is already running (pid {result.pid}) on {settings.neo4j_uri}.")
        return
    console.print(
        f"Neo4j {settings.neo4j_version} Community started on {settings.neo4j_uri} "
        f"in {result.seconds:.1f} s (pid {result.pid}; "
        f"{'first start' if result.first_start else 'jars cached'})."
    )
    console.print(f"Data and logs: {rt.layout.root}")
    if settings.neo4j_password is None:
        console.print(f"Password: generated, kept in {settings.password_file} (mode 600).")


@db_app.command()
@friendly_errors
def stop() -> None:
    """Stop the local Neo4j server cleanly."""
    rt = Neo4jRuntime(get_settings())
    with console.status("Stopping Neo4j..."):
        t0 = time.monotonic()
        stopped = rt.stop()
    if stopped:
        console.print(f"Neo4j stopped ({time.monotonic() - t0:.1f} s).")
    else:
        console.print("Neo4j is not running.")


@db_app.command()
@friendly_errors
def status() -> None:
    """Server version, edition, store size, node and relationship counts, schema version."""
    settings = get_settings()
    rt = Neo4jRuntime(settings)
    table = Table(title="CivicFusion graph database", show_header=False)
    table.add_column("what", style="bold")
    table.add_column("value")
    table.add_row("URI", settings.neo4j_uri)
    pid = rt.pid() if settings.uri_is_local else None
    if settings.uri_is_local:
        table.add_row("Local server", f"running (pid {pid})" if pid else "not running")
        table.add_row("Home", str(rt.layout.root))
    with Graph(settings) as graph:
        try:
            graph.verify()
        except GraphUnavailable:
            console.print(table)
            raise
        facts = graph.server_facts()
        version = current_version(graph)
        missing = missing_objects(graph) if version else []
    table.add_row("Version", f"{facts['version']} {facts['edition'].capitalize()}")
    if settings.uri_is_local and pid:
        table.add_row("Store size", human_bytes(rt.store_size()))
    else:
        table.add_row("Store size", "not known for a remote server")
    table.add_row("Nodes", f"{facts['nodes']:,}")
    table.add_row("Relationships", f"{facts['relationships']:,}")
    schema = f"version {version}" if version else "not initialised: run civicfusion db init"
    if missing:
        schema += f" (missing: {', '.join(missing)})"
    table.add_row("Schema", schema)
    console.print(table)


@db_app.command()
@friendly_errors
def init() -> None:
    """Create constraints and indexes (idempotent) and record the schema version."""
    with Graph() as graph:
        graph.verify()
        with console.status("Applying schema and waiting for indexes..."):
            applied = init_schema(graph)
        version = current_version(graph)
    if applied:
        for mig in applied:
            console.print(
                f"Applied schema migration {mig.version:04d} {mig.name} "
                f"({len(mig.statements)} statements)."
            )
    console.print(f"Schema is at version {version}.")


@db_app.command()
@friendly_errors
def wait(timeout: float = typer.Option(120.0, help="Seconds to wait.")) -> None:
    """Wait until the configured Neo4j answers (for containers and scripts)."""
    deadline = time.monotonic() + timeout
    with Graph() as graph:
        while True:
            try:
                graph.verify()
                break
            except GraphUnavailable:
                if time.monotonic() > deadline:
                    raise
                time.sleep(1.0)
    console.print(f"Neo4j answers at {get_settings().neo4j_uri}.")
