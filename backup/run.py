"""Create, verify and restore backups of a CivicFusion home (``civicfusion backup``)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from access import audit
from access.appdb import AppDB
from backup import archive, graphdump
from backup.crypto import BackupError, parse_key, read_key_file
from graph import cypher, explore
from graph.db import Graph
from graph.runtime import Neo4jRuntime
from graph.schema import current_version, init_schema, load_migrations
from graph.scope import Scope
from settings import Settings

APP = "app"
GRAPH = "graph"


def backup_key(settings: Settings) -> bytes:
    """The key: $CIVICFUSION_BACKUP_KEY, else the file $CIVICFUSION_BACKUP_KEY_FILE."""
    if settings.backup_key is not None:
        return parse_key(settings.backup_key.get_secret_value(), "CIVICFUSION_BACKUP_KEY")
    if settings.backup_key_file is not None:
        return read_key_file(settings.backup_key_file.expanduser())
    raise BackupError(
        "no backup key: set CIVICFUSION_BACKUP_KEY_FILE to a key file (make one with "
        "'civicfusion backup key FILE') or CIVICFUSION_BACKUP_KEY; keep it apart from the backups"
    )


def _copy_app(db: AppDB, into: Path) -> dict[str, Any]:
    """The app database by SQLite's online backup API (the workbench keeps serving), with
    the audit chain's signed heads and, when it is a file, its key."""
    into.mkdir(parents=True, exist_ok=True)
    key = db.audit_key()  # made on first use: a home that never audited has none yet
    src = sqlite3.connect(db.path, timeout=30)
    dst = sqlite3.connect(into / "app.db")
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    os.chmod(into / "app.db", 0o600)
    if db.audit_head_path.is_file():
        shutil.copy2(db.audit_head_path, into / "audit.head")
    if not os.environ.get("CIVICFUSION_AUDIT_KEY") and db.audit_key_path.is_file():
        shutil.copy2(db.audit_key_path, into / "audit_key")
    copy = AppDB(into / "app.db", audit_key=key)  # its heads: into/audit.head, copied above
    ok, said = audit.verify(copy)
    if not ok:
        raise BackupError(f"the audit chain being backed up does not verify: {said}")
    with copy.connect() as con:
        tables = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for (t,) in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
        last = con.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return {
        "tables": tables,
        "audit": {"entries": tables.get("audit", 0), "head": dict(last) if last else None},
        "audit_key_included": (into / "audit_key").is_file(),
    }


def _canary(graph: Graph) -> dict[str, Any] | None:
    """One named person to search for after a restore (the search index must answer)."""
    rows = graph.read(cypher.text("backup_canary"))
    return rows[0] if rows else None


@dataclass
class Created:
    path: Path
    bytes: int
    seconds: float
    graph_unavailable: float
    manifest: dict[str, Any] = field(default_factory=dict)


def create(settings: Settings, to: Path, who: str) -> Created:
    """Back up the graph (local server: dump), the app database and the audit chain into
    one encrypted archive in ``to``; audited."""
    key = backup_key(settings)
    started = time.monotonic()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    final = to.expanduser().resolve() / f"civicfusion-{stamp}{archive.SUFFIX}"
    db = AppDB(settings.app_db_path)
    manifest: dict[str, Any] = {
        "created_at": stamp,
        "created_by": who,
        "neo4j_version": settings.neo4j_version,
        "schema_versions": [m.version for m in load_migrations()],
    }
    # staged beside the archives (the same disk: a dump may be large), owner-only
    final.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".staging-", dir=final.parent) as tmp:
        staged = Path(tmp)
        os.chmod(staged, 0o700)
        unavailable = 0.0
        if settings.uri_is_local:
            with Graph(settings) as graph:
                graph.verify()
                before = graphdump.counts(graph)
                manifest["schema_version"] = current_version(graph)
                manifest["canary"] = _canary(graph)
            unavailable = graphdump.dump(settings, staged / GRAPH)
            with Graph(settings) as graph:
                after = graphdump.counts(graph)
            manifest["graph"] = {"counts_before": before, "counts_after": after}
        else:
            manifest["graph"] = {
                "remote": settings.neo4j_uri,
                "note": "back up the remote graph with its own tools (docs/operations.md)",
            }
        manifest["app"] = _copy_app(db, staged / APP)
        # the key of the graph's protected-number hashes: without it, no SSN search or match
        if settings.identifier_key is None and settings.identifier_key_path.is_file():
            shutil.copy2(settings.identifier_key_path, staged / APP / "identifier_key")
        manifest["app"]["identifier_key_included"] = (staged / APP / "identifier_key").is_file()
        size = archive.write(final, key, staged, manifest)
    seconds = time.monotonic() - started
    audit.record(
        db,
        "backup create",
        who,
        {"archive": final.name, "bytes": size, "graph_unavailable_s": round(unavailable, 1)},
    )
    return Created(final, size, seconds, unavailable, manifest)


@dataclass
class Checked:
    manifest: dict[str, Any]
    audit: str


def verify(settings: Settings, path: Path) -> Checked:
    """Decrypt, check every checksum and the audit chain inside; nothing is restored."""
    key = backup_key(settings)
    with tempfile.TemporaryDirectory(prefix="civicfusion-verify-") as tmp:
        opened = archive.unpack(path, key, Path(tmp))
        ok, said = _check_audit(opened.folder / APP)
    if not ok:
        raise BackupError(f"{path.name}: the audit chain inside does not verify: {said}")
    return Checked(opened.manifest, said)


def _check_audit(app: Path) -> tuple[bool, str]:
    key_file = app / "audit_key"
    if key_file.is_file():
        key = key_file.read_text(encoding="ascii").strip().encode("ascii")
    elif os.environ.get("CIVICFUSION_AUDIT_KEY"):
        key = os.environ["CIVICFUSION_AUDIT_KEY"].encode("utf-8")
    else:
        return False, "the audit key is neither in the archive nor in CIVICFUSION_AUDIT_KEY"
    return audit.verify(AppDB(app / "app.db", audit_key=key))  # heads: app/audit.head


@dataclass
class Restored:
    manifest: dict[str, Any]
    counts: dict[str, int]
    audit: str
    canary: bool | None
    seconds: float


def restore(
    settings: Settings, path: Path, who: str, force: bool = False, keep_running: bool = True
) -> Restored:
    """Restore an archive into the home of ``settings`` (stopped or fresh); then check the
    graph's counts, the audit chain and a search against the manifest, and audit it. The
    server started for the checks keeps running unless ``keep_running`` is False (a drill)."""
    key = backup_key(settings)
    started = time.monotonic()
    runtime = Neo4jRuntime(settings)
    if runtime.pid() is not None:
        if not force:
            raise BackupError(
                f"the server of {settings.home} is running: stop it ('civicfusion db stop') "
                "or pass --force to stop it and replace its graph"
            )
        runtime.stop()
    existing = settings.neo4j_dir / "data" / "databases" / settings.neo4j_database
    if existing.exists() and not force:
        raise BackupError(
            f"{settings.home} already holds a graph: restore into a fresh home (--home) or "
            "pass --force to replace it"
        )
    staging = settings.home.expanduser().resolve() / ".restore"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        opened = archive.unpack(path, key, staging)
        manifest = opened.manifest
        known = max(m.version for m in load_migrations())
        if int(manifest.get("schema_version") or 0) > known and not force:
            raise BackupError(
                f"{path.name} holds schema version {manifest['schema_version']}, newer than "
                f"this CivicFusion knows ({known}): upgrade first, or pass --force"
            )
        ok, said = _check_audit(staging / APP)
        if not ok:
            raise BackupError(f"{path.name}: the audit chain inside does not verify: {said}")
        if (staging / GRAPH / graphdump.DUMP).is_file():
            graphdump.load(settings, staging / GRAPH)
        app_db = settings.app_db_path
        app_db.parent.mkdir(parents=True, exist_ok=True)
        for stale in (
            app_db.with_name(app_db.name + "-wal"),
            app_db.with_name(app_db.name + "-shm"),
        ):
            stale.unlink(missing_ok=True)
        shutil.copy2(staging / APP / "app.db", app_db)
        os.chmod(app_db, 0o600)
        restored = AppDB(app_db)
        head = restored.audit_head_path
        head.unlink(missing_ok=True)  # the replaced chain's head means nothing to this one
        if (staging / APP / "audit.head").is_file():  # none when nothing was audited yet
            shutil.copy2(staging / APP / "audit.head", head)
        if (staging / APP / "audit_key").is_file():
            shutil.copy2(staging / APP / "audit_key", restored.audit_key_path)
            os.chmod(restored.audit_key_path, 0o600)
        if (staging / APP / "identifier_key").is_file():  # before db init protects anything
            shutil.copy2(staging / APP / "identifier_key", settings.identifier_key_path)
            os.chmod(settings.identifier_key_path, 0o600)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    counts: dict[str, int] = {}
    canary: bool | None = None
    if "counts_before" in manifest.get("graph", {}):
        runtime.start()
        try:
            with Graph(settings) as graph:
                init_schema(graph)
                counts = graphdump.counts(graph)
                canary = _search_finds(graph, manifest.get("canary"))
        finally:
            if not keep_running:
                runtime.stop()
        check_counts(manifest["graph"], counts, path.name)
        if canary is False:
            raise BackupError(f"{path.name} restored, but the search does not find its canary")
    db = AppDB(settings.app_db_path)
    ok, said = audit.verify(db)
    if not ok:
        raise BackupError(f"{path.name} restored, but the audit chain does not verify: {said}")
    audit.record(db, "backup restore", who, {"archive": path.name, "from": manifest["created_at"]})
    return Restored(manifest, counts, said, canary, time.monotonic() - started)


def check_counts(graph: dict[str, Any], counts: dict[str, int], name: str) -> None:
    """Every count of the restored graph lies between the counts taken just before and just
    after the dump (equal when nothing wrote meanwhile); schema bookkeeping aside."""
    before, after = graph["counts_before"], graph["counts_after"]
    wrong = []
    for kind in set(before) | set(after) | set(counts):
        if kind == "label:SchemaMigration":
            continue
        low, high = sorted((before.get(kind, 0), after.get(kind, 0)))
        if not low <= counts.get(kind, 0) <= high:
            wrong.append(f"{kind} {counts.get(kind, 0)} (backed up: {low}..{high})")
    if wrong:
        raise BackupError(f"{name} restored with other counts: {', '.join(sorted(wrong)[:5])}")


def _search_finds(graph: Graph, canary: dict[str, Any] | None) -> bool | None:
    if not canary:
        return None
    scope = Scope.operator("backup restore", [canary["agency"]], "restore check")
    return canary["uid"] in {e.uid for e, _ in explore.search(graph, canary["name"], scope)}
