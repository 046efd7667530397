"""The graph's part of a backup: neo4j-admin dump and load of the local server's database.

Neo4j Community has no online backup (``neo4j-admin database backup`` is Enterprise) and a
read of the whole graph over Bolt is not a snapshot (read-committed isolation: a load running
meanwhile would be half in it). So the local server is stopped for the dump and started at
once: every committed transaction (every load batch, whole) is in the dump and nothing else.
The time the graph is unavailable is measured and reported. A remote graph (a cluster, Aura)
is backed up with the operator's own tools; see docs/operations.md.
"""

from __future__ import annotations

import ctypes
import signal
import sys
import time
from pathlib import Path

from backup.crypto import BackupError
from graph import cypher
from graph.db import Graph
from graph.runtime import Neo4jRuntime
from settings import Settings

DUMP = "neo4j.dump"
PR_SET_PDEATHSIG = 1  # linux/prctl.h
try:  # loaded here, not in the forked child (no loader lock taken after fork)
    _LIBC: ctypes.CDLL | None = ctypes.CDLL(None) if sys.platform == "linux" else None
except OSError:
    _LIBC = None


def counts(graph: Graph) -> dict[str, int]:
    """Nodes per label and relationships per type, from the count store (fast at any size)."""
    out: dict[str, int] = {}
    for row in graph.read(cypher.text("backup_labels")):
        q = cypher.render("backup_count_label", label=row["label"])
        out[f"label:{row['label']}"] = graph.read(q)[0]["c"]
    for row in graph.read(cypher.text("backup_types")):
        q = cypher.render("backup_count_type", type=row["type"])
        out[f"type:{row['type']}"] = graph.read(q)[0]["c"]
    return {k: v for k, v in out.items() if v}


def _die_with_parent() -> None:
    """In the neo4j-admin child: be killed when the backup process dies (even by kill -9),
    so no orphaned dump holds the store's lock and the server can be started again."""
    if _LIBC is not None:  # not Linux: the child may outlive a killed parent
        _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _admin(runtime: Neo4jRuntime, *args: str, timeout: float = 3600) -> None:
    proc = runtime.admin(*args, timeout=timeout, preexec_fn=_die_with_parent)
    if proc.returncode != 0:
        tail = " ".join((proc.stderr or proc.stdout).strip().splitlines()[-3:])
        raise BackupError(f"neo4j-admin {args[0]} {args[1]} failed: {tail}")


def dump(settings: Settings, into: Path) -> float:
    """Dump the local server's database into ``into/neo4j.dump``; the server, if it ran, is
    stopped for the dump and started again (also when the dump fails). Returns the seconds
    the graph was unavailable."""
    runtime = Neo4jRuntime(settings)
    running = runtime.pid() is not None
    into.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    if running:
        runtime.stop()
    try:
        runtime.write_config()
        _admin(runtime, "database", "dump", settings.neo4j_database, f"--to-path={into}")
    finally:
        if running:
            runtime.start()
    return time.monotonic() - started if running else 0.0


def load(settings: Settings, folder: Path) -> None:
    """Replace the local server's database with the dump in ``folder`` (server stopped)."""
    runtime = Neo4jRuntime(settings)
    if runtime.pid() is not None:
        raise BackupError("the local server of this home is running: stop it first")
    runtime.fetch()
    runtime.write_config()
    _admin(
        runtime,
        "database",
        "load",
        settings.neo4j_database,
        f"--from-path={folder}",
        "--overwrite-destination=true",
    )
