"""`civicfusion backup key | create | verify | restore | prune`: encrypted backups of the graph,
the app database and the audit chain, and the restore drill that proves them."""

from __future__ import annotations

import getpass
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from access import audit
from access.appdb import AppDB
from backup import crypto, retention, run
from cli.errors import friendly_errors
from graph.runtime.server import free_port
from settings import Settings, get_settings

console = Console()
backup_app = typer.Typer(
    help="Encrypted backups of the graph, app database and audit log, and restores.",
    no_args_is_help=True,
)


@backup_app.command("key")
@friendly_errors
def key(path: Path = typer.Argument(..., help="Where to write the new key (mode 600).")) -> None:
    """Make a new random AES-256 backup key. Keep it apart from the backups: without it no
    archive can be read."""
    crypto.new_key_file(path)
    console.print(f"Backup key written to {path}. Set CIVICFUSION_BACKUP_KEY_FILE={path}")


@backup_app.command("create")
@friendly_errors
def create(
    to: Path = typer.Option(Path("backups"), "--to", help="Folder the archive goes to."),
) -> None:
    """Back up the graph (the local server stops for the dump, seconds), the app database and
    the audit chain into one encrypted archive, written atomically."""
    with console.status("Backing up..."):
        made = run.create(get_settings(), to, getpass.getuser())
    graph = made.manifest.get("graph", {})
    console.print(f"[green]Backup written:[/green] {made.path} ({made.bytes:,} bytes)")
    if "remote" in graph:
        console.print(
            f"The graph at {graph['remote']} is remote: back it up with its own tools "
            "(docs/operations.md); this archive holds the app database and the audit log."
        )
    else:
        console.print(
            f"Graph unavailable for {made.graph_unavailable:.1f} s (dump); whole backup "
            f"{made.seconds:.1f} s."
        )


@backup_app.command("verify")
@friendly_errors
def verify(archive: Path = typer.Argument(..., help="The archive to check.")) -> None:
    """Decrypt the archive and check every checksum, the manifest and the audit chain in it
    (nothing is restored)."""
    checked = run.verify(get_settings(), archive)
    m = checked.manifest
    console.print(
        f"[green]Archive intact:[/green] {archive.name}, made {m['created_at']} by "
        f"{m['created_by']}; {len(m['files'])} files; audit: {checked.audit}"
    )


@backup_app.command("restore")
@friendly_errors
def restore(
    archive: Path = typer.Argument(..., help="The archive to restore."),
    home: Path = typer.Option(
        None,
        "--home",
        help="Restore into this home instead of $CIVICFUSION_HOME (a drill: checked on a free "
        "port, then stopped).",
    ),
    force: bool = typer.Option(
        False, "--force", help="Stop a running server and replace an existing graph."
    ),
) -> None:
    """Restore an archive into a stopped or fresh home, then check counts, the audit chain
    and a search against the archive's manifest."""
    settings: Settings = get_settings()
    drill = home is not None
    if drill:  # another home (a drill, a new machine): its own free port, stopped afterwards
        port = free_port()
        settings = settings.model_copy(
            update={"home": home, "app_db": None, "neo4j_uri": f"bolt://127.0.0.1:{port}"}
        )
    with console.status("Restoring..."):
        done = run.restore(settings, archive, getpass.getuser(), force, keep_running=not drill)
    table = Table(title=f"Restored {archive.name} into {settings.home}")
    for c in ("what", "restored", "as backed up"):
        table.add_column(c)
    before = done.manifest.get("graph", {}).get("counts_before", {})
    for kind, n in sorted(done.counts.items()):
        table.add_row(kind, f"{n:,}", f"{before.get(kind, 0):,}")
    console.print(table)
    console.print(f"Audit: {done.audit}. Search canary: {'found' if done.canary else 'n/a'}.")
    if drill:
        console.print(
            f"The server of {settings.home} was checked on port {port} and stopped again; "
            f"start it with CIVICFUSION_HOME={settings.home} civicfusion db start."
        )


@backup_app.command("prune")
@friendly_errors
def prune(
    folder: Path = typer.Argument(Path("backups"), help="The folder of archives."),
    daily: int = typer.Option(7, "--keep-daily", min=1, help="Newest of the last N days."),
    weekly: int = typer.Option(4, "--keep-weekly", min=0, help="Newest of the last M weeks."),
) -> None:
    """Delete archives beyond the retention (keep the newest of each of the last N days and
    M weeks) and partial files of killed backups."""
    gone = retention.prune(folder, daily, weekly)
    audit.record(
        AppDB(get_settings().app_db_path),
        "backup prune",
        getpass.getuser(),
        {"folder": str(folder), "deleted": [p.name for p in gone]},
    )
    console.print(
        f"{len(gone)} file(s) deleted" + (": " + ", ".join(p.name for p in gone) if gone else ".")
    )
