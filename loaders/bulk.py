"""Bulk first load: the same readers and validation, written as neo4j-admin import CSVs,
then ``neo4j-admin database import full`` on the stopped local server.

The offline importer builds a new database, so this replaces the graph: it is for the first,
very large load. It refuses a database that already holds records unless told to replace it.
Provenance, the Load record, the quarantine report and the schema are the same as online.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import multiprocessing
import os
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from neo4j.spatial import WGS84Point

from graph.db import Graph
from graph.runtime import Neo4jRuntime, RuntimeProblem
from graph.schema import init_schema
from graph.writer import VARIANTS, Provenance, batch_rows, differs
from loaders.pipeline import LoadRequest, check_request, items, screen
from loaders.quarantine import QuarantineReport
from settings import Settings

T = TypeVar("T")
ARRAY_DELIMITER = "\u001f"  # unit separator: never inside a value


@dataclass
class BulkSummary:
    load_ids: list[str] = field(default_factory=list)
    records: int = 0
    quarantined: int = 0
    nodes: int = 0
    relationships: int = 0
    prepare_seconds: float = 0.0
    import_seconds: float = 0.0
    import_dir: Path | None = None


def neo4j_type(value: Any) -> str:
    if type(value) is str:  # most values: skip the checks below (hot path of a bulk load)
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, dt.datetime):
        return "localdatetime"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, WGS84Point):
        return "point"
    if isinstance(value, list):
        inner = neo4j_type(value[0]) if value else "string"
        return f"{inner}[]"
    return "string"


def cell(value: Any) -> str:
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, WGS84Point):
        return f"{{latitude:{value.latitude},longitude:{value.longitude},crs:'WGS-84'}}"
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(cell(v) for v in value)
    return str(value)


def merge_type(types: dict[str, str], key: str, neo4j: str) -> None:
    """Record a property's Neo4j type; a property seen with two types is kept as text."""
    if types.setdefault(key, neo4j) != neo4j:
        types[key] = "string"


class Spool:
    """Rows of one label or relationship type, as JSON lines, with the Neo4j type of each
    property (a property seen with two types is kept as text)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fh = path.open("w", encoding="utf-8")
        self.types: dict[str, str] = {}

    def add(self, row: dict[str, Any]) -> None:
        out = {}
        for k, v in row.items():
            out[k] = cell(v)
            if v is not None and k[0] != ":":
                merge_type(self.types, k, neo4j_type(v))
        self.fh.write(json.dumps(out) + "\n")

    def close(self) -> tuple[Path, dict[str, str]]:
        self.fh.close()
        return self.path, self.types


# Columns that are not properties of the source (ids, provenance of the load).
NOT_VARIANTS = frozenset(
    {":ID", ":START_ID", ":END_ID", "uid", "first_seen", "last_seen", "load_id"}
)


def write_import_csv(
    path: Path, spools: list[tuple[Path, dict[str, str]]], id_columns: list[str], key: str
) -> int:
    """Merge the spooled rows (in order) by key as online MERGE does and write the typed CSV
    neo4j-admin reads; returns the number of rows.

    Later non-empty values win (SET n += props); within one load, a different earlier value
    is kept in ``<property>_variants`` as online (graph.writer). first_seen takes the earliest
    and last_seen the latest. Only one label or type is held in memory at a time.
    """
    types: dict[str, str] = {}
    for _, spooled in spools:
        for k, t in spooled.items():
            merge_type(types, k, t)
    merged: dict[str, dict[str, str]] = {}
    for src, _ in spools:
        with src.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                old = merged.get(row[key])
                if old is None:
                    merged[row[key]] = row
                    continue
                same_load = old.get("load_id") not in (None, "") and old.get("load_id") == row.get(
                    "load_id"
                )  # shared identifiers (no load) keep no variants
                for k, v in row.items():
                    if v == "":
                        continue
                    if same_load and k not in NOT_VARIANTS and differs(k, old.get(k) or None, v):
                        kept = old.get(k + VARIANTS)
                        known = kept.split(ARRAY_DELIMITER) if kept else []
                        variants = dict.fromkeys([*known, old[k]])
                        old[k + VARIANTS] = ARRAY_DELIMITER.join(x for x in variants if x != v)
                        types[k + VARIANTS] = "string[]"
                    if k.endswith(VARIANTS) and same_load and old.get(k):
                        joined = dict.fromkeys(
                            [*old[k].split(ARRAY_DELIMITER), *v.split(ARRAY_DELIMITER)]
                        )
                        old[k] = ARRAY_DELIMITER.join(joined)
                    elif k == "first_seen" and old.get(k):
                        old[k] = min(old[k], v)
                    elif k == "last_seen" and old.get(k):
                        old[k] = max(old[k], v)
                    else:
                        old[k] = v
        src.unlink()
    props = sorted(types)
    header = id_columns + [f"{k}:{types[k]}" if types[k] != "string" else k for k in props]
    with path.open("w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(header)
        for row in merged.values():
            w.writerow([row.get(k, "") for k in id_columns + props])
    return len(merged)


@dataclass
class Part:
    """One load request read, validated and spooled (in a worker process)."""

    agency: str
    load: dict[str, Any]  # the Load node's row
    nodes: dict[str, tuple[Path, dict[str, str]]]
    rels: dict[str, tuple[Path, dict[str, str]]]


def spool_request(settings: Settings, req: LoadRequest, out: Path, user: str, n: int) -> Part:
    """Read, validate and spool the ``n``-th request into its own directory."""
    out.mkdir(parents=True, exist_ok=True)
    r = check_request(req)
    fmt, agency, system, paths, options = r.fmt, r.agency, r.system, r.paths, r.options
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    load_id = f"{agency}-{stamp}-bulk{n}"
    prov = Provenance(agency, system, load_id)
    key = settings.resolved_identifier_key()
    report = QuarantineReport(settings.quarantine_dir / f"{load_id}.csv")
    node_spools: dict[str, Spool] = {}
    rel_spools: dict[str, Spool] = {}
    records = 0
    today = dt.date.today()
    for file, item in items(fmt, paths, options):
        problems = screen(file, item)
        if problems:
            report.add(problems)
            continue
        records += 1
        nodes, links, _ = batch_rows(prov, [item], today, key)  # type: ignore[list-item]
        for label, by_uid in nodes.items():
            for uid, row in by_uid.items():
                spool = node_spools.get(label) or node_spools.setdefault(
                    label, Spool(out / f"nodes_{label}.jsonl")
                )
                if row.get("shared"):  # an identifier of every agency: no provenance
                    spool.add({":ID": uid, "uid": uid, **row["props"]})
                    continue
                spool.add(
                    {
                        ":ID": uid,
                        "uid": uid,
                        **row["props"],
                        "agency": agency,
                        "source_system": system,
                        "load_id": load_id,
                        "first_seen": row["seen"],
                        "last_seen": row["seen"],
                    }
                )
        for (rtype, _s, _e), by_uid in links.items():
            for uid, row in by_uid.items():
                spool = rel_spools.get(rtype) or rel_spools.setdefault(
                    rtype, Spool(out / f"rels_{rtype}.jsonl")
                )
                spool.add(
                    {
                        ":START_ID": row["s"],
                        ":END_ID": row["e"],
                        "uid": uid,
                        **row["props"],
                        "agency": agency,
                        "source_system": system,
                        "load_id": load_id,
                    }
                )
    load = {
        ":ID": f"load:{load_id}",
        "load_id": load_id,
        "agency": agency,
        "source_system": system,
        "format": fmt.name,
        "files": [str(p) for p in paths],
        "checksums": r.checksums(),
        "options": [f"{k}={v}" for k, v in sorted(options.items())],
        "loaded_by": user,
        "started_at": dt.datetime.now(),
        "status": "completed",
        "method": "bulk import",
        "records": records,
        "quarantined": report.count,
        "checkpoint": 0,
    }
    return Part(
        agency,
        load,
        {k: v.close() for k, v in node_spools.items()},
        {k: v.close() for k, v in rel_spools.items()},
    )


def parallel(fn: Callable[..., T], jobs: list[tuple[Any, ...]]) -> list[T]:
    """fn(*job) for every job, in order, in up to one worker process per core."""
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [fn(*job) for job in jobs]
    # fork: spawn would re-import the caller's main module (a script without a main guard
    # would start over); the workers only read files and write files
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
        return list(pool.map(fn, *zip(*jobs, strict=True)))


def prepare(
    settings: Settings, requests: list[LoadRequest], out: Path, user: str
) -> tuple[BulkSummary, dict, dict, list[dict]]:
    """Read, validate and spool every request (one worker process per request, up to one per
    core: the readers are CPU-bound Python); returns node and relationship files."""
    out.mkdir(parents=True, exist_ok=True)
    summary = BulkSummary(import_dir=out)
    started = time.monotonic()
    jobs = [(settings, req, out / f"part-{i}", user, i) for i, req in enumerate(requests, 1)]
    parts = parallel(spool_request, jobs)
    node_sources: dict[str, list[tuple[Path, dict[str, str]]]] = defaultdict(list)
    rel_sources: dict[str, list[tuple[Path, dict[str, str]]]] = defaultdict(list)
    today = dt.date.today()
    agencies = Spool(out / "nodes_Agency.jsonl")
    seen: set[str] = set()
    for part in parts:  # in request order: later values win, as online
        for label, spooled in part.nodes.items():
            node_sources[label].append(spooled)
        for rtype, spooled in part.rels.items():
            rel_sources[rtype].append(spooled)
        summary.records += part.load["records"]
        summary.quarantined += part.load["quarantined"]
        summary.load_ids.append(part.load["load_id"])
        if part.agency not in seen:
            seen.add(part.agency)
            agencies.add(
                {
                    ":ID": part.agency,
                    "uid": part.agency,
                    "code": part.agency,
                    "name": part.agency,
                    "agency": part.agency,
                    "source_system": "civicfusion",
                    "record_class": "incident",
                    "source_record_id": part.agency,
                    "load_id": part.load["load_id"],
                    "first_seen": today,
                    "last_seen": today,
                }
            )
    loads = [part.load for part in parts]
    load_spool = Spool(out / "nodes_Load.jsonl")
    for row in loads:
        load_spool.add(row)
    node_sources["Agency"].append(agencies.close())
    node_sources["Load"].append(load_spool.close())
    node_files = {label: out / f"nodes_{label}.csv" for label in node_sources}
    rel_files = {rtype: out / f"rels_{rtype}.csv" for rtype in rel_sources}
    counts = parallel(
        write_import_csv,
        [(node_files[k], v, [":ID"], ":ID") for k, v in node_sources.items()]
        + [(rel_files[k], v, [":START_ID", ":END_ID"], "uid") for k, v in rel_sources.items()],
    )
    summary.nodes = sum(counts[: len(node_files)])
    summary.relationships = sum(counts[len(node_files) :])
    for part_dir in out.glob("part-*"):
        part_dir.rmdir()
    summary.prepare_seconds = time.monotonic() - started
    return summary, node_files, rel_files, loads


def bulk_load(
    graph: Graph, settings: Settings, requests: list[LoadRequest], user: str, replace: bool = False
) -> BulkSummary:
    """Prepare import files, stop the local server, run the offline importer, restart."""
    runtime = Neo4jRuntime(settings)
    if not settings.uri_is_local or runtime.pid() is None:
        raise RuntimeProblem(
            "--bulk needs the local server started by 'civicfusion db start' "
            "(it stops it, imports offline and starts it again)"
        )
    existing = graph.read("MATCH (n) WHERE NOT n:SchemaMigration RETURN count(n) AS c")[0]["c"]
    if existing and not replace:
        raise RuntimeProblem(
            f"the graph already holds {existing:,} nodes and a bulk import replaces the whole "
            "database: use it for the first load, load online without --bulk, or pass "
            "--replace-database"
        )
    out = runtime.layout.import_dir / f"bulk-{dt.datetime.now():%Y%m%dT%H%M%S}"
    summary, node_files, rel_files, _ = prepare(settings, requests, out, user)
    graph.close()
    runtime.stop()
    started = time.monotonic()
    args = [
        "database",
        "import",
        "full",
        "neo4j",
        "--overwrite-destination=true",
        "--skip-duplicate-nodes=true",
        f"--array-delimiter={ARRAY_DELIMITER}",
        "--multiline-fields=true",
        "--high-parallel-io=on",
        f"--report-file={out / 'import.report'}",  # (default: the working directory)
    ]
    args += [f"--nodes={label}={path}" for label, path in node_files.items()]
    args += [f"--relationships={rtype}={path}" for rtype, path in rel_files.items()]
    proc = runtime.admin(*args, timeout=3600, env={"HEAP_SIZE": settings.neo4j_heap})
    summary.import_seconds = time.monotonic() - started
    (out / "import.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    runtime.start()
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-8:])
        raise RuntimeProblem(f"neo4j-admin import failed (log: {out / 'import.log'}):\n{tail}")
    with Graph(settings) as fresh:
        init_schema(fresh)
    return summary
