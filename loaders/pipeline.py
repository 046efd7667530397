"""Run a load: stream records from files, validate, write in batches, checkpoint, quarantine."""

from __future__ import annotations

import datetime as dt
import getpass
import secrets
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph import cypher
from graph.db import Graph
from graph.records import Problem, SourceRecord, validate
from graph.writer import BatchCounts, GraphWriter, Provenance
from loaders.quarantine import QuarantineReport
from loaders.registry import Item, SourceFormat, formats
from settings import Settings
from settings.checksum import sha256

DEFAULT_BATCH = 2000


@dataclass
class LoadRequest:
    format: str
    paths: list[Path]
    agency: str
    source_system: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    user: str = field(default_factory=getpass.getuser)
    batch_size: int = DEFAULT_BATCH


@dataclass
class LoadSummary:
    load_id: str
    resumed: bool
    records: int = 0
    quarantined: int = 0
    counts: BatchCounts = field(default_factory=BatchCounts)
    seconds: float = 0.0
    quarantine_file: Path | None = None
    problems: list[Problem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # files that were not there
    # earlier values that records of this load replaced, kept as <property>_variants
    variants: int = 0

    @property
    def records_per_second(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0


Progress = Callable[[str, int, int], None]  # (file, records so far, problems so far)


def check_agency(code: str) -> str:
    if not code or not code.replace("-", "").replace("_", "").isalnum() or ":" in code:
        raise ValueError(f"agency code {code!r}: use letters, digits, - or _ (e.g. HPD, VTSP)")
    return code


def items(
    fmt: SourceFormat, paths: list[Path], options: dict[str, Any]
) -> Iterator[tuple[str, Item]]:
    """(file, item) for every record and problem; a crash inside a reader becomes a problem."""
    for path in paths:
        name = str(path)
        if not path.is_file():
            yield name, Problem(name, "-", "file", "file not found or not a regular file")
            continue
        if path.stat().st_size == 0:
            yield name, Problem(name, "-", "file", "empty file")
            continue
        n = 0
        try:
            for item in fmt.read(path, options):
                n += 1
                yield name, item
        except Exception as exc:  # a reader must never abort the whole load
            yield (
                name,
                Problem(
                    name,
                    f"after item {n}",
                    "file",
                    f"could not read further: {type(exc).__name__}: {exc}",
                ),
            )


@dataclass(frozen=True)
class CheckedRequest:
    fmt: SourceFormat
    agency: str
    system: str
    paths: list[Path]
    options: dict[str, str]

    def checksums(self) -> list[str]:
        return [sha256(p) if p.is_file() else "missing" for p in self.paths]


def check_request(req: LoadRequest) -> CheckedRequest:
    """Check a request (format, agency code, mapping and headers) before anything is written."""
    fmts = formats()
    if req.format not in fmts:
        raise ValueError(f"unknown format {req.format!r}: one of {', '.join(sorted(fmts))}")
    fmt = fmts[req.format]
    paths = [p.resolve() for p in req.paths]
    options = {k: str(v) for k, v in req.options.items() if v is not None}
    for path in paths:
        fmt.preflight(path, options)
    return CheckedRequest(
        fmt, check_agency(req.agency), req.source_system or fmt.default_system, paths, options
    )


def screen(file: str, item: Item) -> list[Problem]:
    """What must go to the quarantine report for one item: the item itself when a reader
    reported a problem, a record's validation issues otherwise (none: the record is good)."""
    if isinstance(item, Problem):
        return [item]
    return [Problem(file, item.record_id, fld, why) for fld, why in validate(item)]


def run_load(
    graph: Graph, settings: Settings, req: LoadRequest, progress: Progress | None = None
) -> LoadSummary:
    r = check_request(req)
    fmt, agency, system, paths, options = r.fmt, r.agency, r.system, r.paths, r.options
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    new_id = f"{agency}-{stamp}-{secrets.token_hex(3)}"
    [start] = graph.write_rows(
        cypher.text("load_start"),
        {
            "load_id": new_id,
            "agency": agency,
            "source_system": system,
            "format": fmt.name,
            "files": [str(p) for p in paths],
            "checksums": r.checksums(),
            "user": req.user,
            "options": [f"{k}={v}" for k, v in sorted(options.items())],
        },
    )
    load_id, done = start["load_id"], int(start["checkpoint"])
    summary = LoadSummary(load_id=load_id, resumed=bool(start["resumed"]))
    summary.records, summary.quarantined = int(start["records"]), int(start["quarantined"])
    report = QuarantineReport(settings.quarantine_dir / f"{load_id}.csv")
    report.count = summary.quarantined
    writer = GraphWriter(
        graph, Provenance(agency, system, load_id), graph.settings.resolved_identifier_key()
    )
    started = time.monotonic()

    batch: list[SourceRecord] = []
    pending: list[Problem] = []
    position = 0
    current_file = ""
    # One writer thread: batch N is written while batch N+1 is parsed. Batches (and their
    # checkpoints) still commit strictly in order; at most two wait in memory.
    writer_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="graph-writer")
    in_flight: deque[Future[None]] = deque()

    def write(records: list[SourceRecord], problems: list[Problem], at: int) -> None:
        counts, kept = writer.write(
            records,
            {
                "checkpoint": at,
                "records": summary.records + len(records),
                "quarantined": report.count + len(problems),
            },
        )
        summary.records += len(records)  # only the writer thread touches it
        summary.counts.add(counts)
        summary.variants += kept
        report.add(problems)
        if progress:
            progress(current_file, summary.records, report.count)

    def flush() -> None:
        nonlocal batch, pending
        if not batch and not pending:
            return
        while len(in_flight) >= 2:
            in_flight.popleft().result()
        in_flight.append(writer_pool.submit(write, batch, pending, position))
        batch, pending = [], []

    try:
        for current_file, item in items(fmt, paths, options):
            position += 1
            if position <= done:
                continue
            problems = screen(current_file, item)
            if problems:
                pending += problems
            else:
                batch.append(item)  # type: ignore[arg-type]
            if len(batch) >= req.batch_size or len(pending) >= req.batch_size:
                flush()
        flush()
        while in_flight:
            in_flight.popleft().result()
    except BaseException as exc:
        for fut in in_flight:
            fut.cancel()
        writer_pool.shutdown(wait=True, cancel_futures=True)
        graph.write(
            cypher.text("load_finish"),
            {"load_id": load_id, "status": "running", "error": f"{type(exc).__name__}: {exc}"},
        )
        raise
    writer_pool.shutdown(wait=True)
    summary.missing = [str(p) for p in paths if not p.is_file()]
    status, error = "completed", None
    if summary.records == 0 and not summary.resumed:  # every record quarantined, or none
        status, error = "nothing loaded", f"no record loaded; {report.count} quarantined"
    elif summary.missing:
        status, error = "incomplete", f"file(s) not found: {', '.join(summary.missing)}"
    graph.write(cypher.text("load_finish"), {"load_id": load_id, "status": status, "error": error})
    summary.seconds = time.monotonic() - started
    summary.quarantined = report.count
    summary.quarantine_file = report.path if report.count else None
    summary.problems = report.sample
    if progress:
        progress(current_file, summary.records, report.count)
    return summary
