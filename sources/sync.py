"""One incremental sync pass of a SQL source: for each feed, the rows changed since its
watermark are upserted through the feed's mapping, rows that say their record is gone
(and the source's tombstones, and, when due, records missing from a full key comparison)
are removed from the graph and from case charts, each removal audited with the source's
reason; then the people the pass touched are resolved incrementally.

A pass is one ``(:Load)`` (format ``sql``, ``source``: the source's name) whose
``watermarks`` advance in the same transaction as each batch: a pass killed at any moment
leaves the graph as of its last committed batch, and the next pass starts from there. A
batch never splits rows that share a change value, so "past the watermark" misses none.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from access import audit
from access.appdb import AppDB
from charts.cases import scrub_recorded
from graph import cypher
from graph.db import Graph
from graph.records import Problem, SourceRecord
from graph.removal import RecordRemoval, remove
from graph.writer import GraphWriter, Provenance, batch_rows
from loaders import dropfolder
from loaders.csvmap import entity_key, record_of
from loaders.pipeline import screen
from loaders.quarantine import QuarantineReport
from settings import Settings
from sources.database import SourceDB, as_texts, pack, unpack
from sources.spec import Feed, SourceSpec


@dataclass
class PassSummary:
    source: str
    load_id: str = ""
    status: str = "running"
    records: int = 0
    removed: int = 0  # source records removed
    deleted: int = 0  # nodes and relationships those removals deleted
    quarantined: int = 0
    people: int = 0  # person records compared again by incremental resolution
    resolved: dict[str, Any] = field(default_factory=dict)
    cases: list[tuple[int, str, int]] = field(default_factory=list)  # case charts scrubbed
    error: str | None = None
    seconds: float = 0.0
    quarantine_file: str | None = None
    load_ids: list[str] = field(default_factory=list)  # the loads standing alerts look at
    files: list[Any] = field(default_factory=list)  # what a drop folder pass took


def batches(
    rows: Iterator[dict[str, Any]], change: str, size: int
) -> Iterator[tuple[list[dict[str, Any]], Any]]:
    """Rows (in change order) in batches of about ``size`` that never split one change value,
    each with its last change value: the watermark once the batch is committed."""
    batch: list[dict[str, Any]] = []
    last: Any = None
    for row in rows:
        value = row.get(change)
        if len(batch) >= size and value != last:
            yield batch, last
            batch = []
        batch.append(row)
        last = value
    if batch:
        yield batch, last


class _Pass:
    def __init__(
        self,
        graph: Graph,
        settings: Settings,
        spec: SourceSpec,
        user: str,
    ) -> None:
        self.graph, self.settings, self.spec, self.user = graph, settings, spec, user
        self.db = AppDB(settings.app_db_path)
        self.summary = PassSummary(spec.name)
        self.source_db = SourceDB(spec)
        self.key = graph.settings.resolved_identifier_key()

    # -- bookkeeping ----------------------------------------------------------------------
    def start(self) -> None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        load_id = f"{self.spec.agency}-sync-{stamp}-{secrets.token_hex(3)}"
        [row] = self.graph.write_rows(
            cypher.text("sync_start"),
            {
                "load_id": load_id,
                "agency": self.spec.agency,
                "source_system": self.spec.source_system,
                "source": self.spec.name,
                "feeds": sorted(self.spec.feeds),
                "user": self.user,
            },
        )
        self.summary.load_id = load_id
        self.watermarks: dict[str, str] = json.loads(row["watermarks"] or "{}")
        self.report = QuarantineReport(self.settings.quarantine_dir / f"{load_id}.csv")
        self.writer = GraphWriter(
            self.graph, Provenance(self.spec.agency, self.spec.source_system, load_id), self.key
        )

    def commit(
        self,
        records: list[SourceRecord],
        removals: list[RecordRemoval],
        problems: list[Problem],
        marks: dict[str, str],
    ) -> None:
        """One batch: removals (audited first), then the upserts with the new watermarks in
        one transaction."""
        s = self.summary
        if removals:
            self.take_out(removals)
        self.watermarks.update(marks)
        s.records += len(records)
        s.quarantined += len(problems)
        self.writer.write(
            records,
            {
                "checkpoint": s.records + s.removed,
                "records": s.records,
                "quarantined": s.quarantined,
                "removed": s.removed,
                "watermarks": json.dumps(self.watermarks, sort_keys=True),
            },
        )
        self.report.add(problems)

    def take_out(self, removals: list[RecordRemoval]) -> None:
        spec, s = self.spec, self.summary
        audit.record(
            self.db,
            "sync-remove",
            self.user,
            {
                "source": spec.name,
                "agency": spec.agency,
                "load_id": s.load_id,
                "records": [
                    {"record": r.record, "reason": r.reason, "entities": [u for _, u in r.nodes]}
                    for r in removals
                ],
            },
            "sync",
        )
        gone = remove(self.graph, spec.agency, spec.source_system, removals)
        s.removed += len(removals)
        s.deleted += len(gone)
        uids = [g["uid"] for g in gone if g.get("uid")]
        detail = {"source": spec.name, "load_id": s.load_id}
        s.cases += scrub_recorded(
            self.db, uids, self.user, "sync-remove-from-cases", detail, "sync"
        )

    # -- removals ---------------------------------------------------------------------------
    def removal(self, feed: Feed, row: dict[str, str], reason: str) -> RecordRemoval | None:
        """What removing the record of ``row`` takes out: the feed's removed entity, and
        the links and entities the row wrote (when the row still holds its columns)."""
        rid = feed.mapping.record_id.raw(row)
        if not rid:
            return None
        out = RecordRemoval(feed.prefix + rid, reason)
        prov = self.writer.prov
        if feed.removes is not None:
            key = entity_key(feed.removes, row)
            if key:
                out.nodes.append((feed.removes.label, prov.uid(feed.removes.label, key)))
        recs = [
            r
            for r in record_of(feed.mapping, "", "", row, feed.prefix)
            if isinstance(r, SourceRecord)
        ]
        if recs:
            nodes, links, _ = batch_rows(prov, recs, dt.date.today(), self.key)
            for (rtype, start, _end), by_uid in links.items():
                out.links += [(rtype, start, r["s"], u) for u, r in by_uid.items()]
            out.own += [(label, u) for label, rows in nodes.items() for u in rows]
        return out

    # -- one feed -------------------------------------------------------------------------
    def feed(self, feed: Feed) -> None:
        since = unpack(self.watermarks.get(feed.name))
        where = f"{self.spec.name}/{feed.name}"
        rows = self.source_db.stream(feed.query, feed.change, since, feed.order_column())
        for batch, last in batches(rows, feed.change, self.spec.batch_size):
            records: list[SourceRecord] = []
            removals: list[RecordRemoval] = []
            problems: list[Problem] = []
            for typed in batch:
                row = as_texts(typed)
                reason = feed.removed.reason(typed) if feed.removed else None
                if reason:
                    r = self.removal(feed, row, reason)
                    if r is None:
                        problems.append(
                            Problem(
                                where,
                                "-",
                                feed.mapping.record_id.column or "record_id",
                                "removed row without a record id",
                            )
                        )
                    else:
                        removals.append(r)
                    continue
                for item in record_of(
                    feed.mapping, where, f"change {row.get(feed.change)}", row, feed.prefix, True
                ):
                    bad = screen(where, item)
                    if bad:
                        problems += bad
                    elif isinstance(item, SourceRecord):
                        records.append(item)
            self.commit(records, removals, problems, {feed.name: pack(last)})
        if feed.tombstones:
            self.tombstones(feed)
        if feed.compare:
            self.compare(feed)

    def tombstones(self, feed: Feed) -> None:
        t = feed.tombstones
        assert t is not None
        mark = f"{feed.name}#tombstones"
        rows = self.source_db.stream(t.query, t.change, unpack(self.watermarks.get(mark)))
        for batch, last in batches(rows, t.change, self.spec.batch_size):
            removals = []
            for typed in batch:
                row = as_texts(typed)
                why = "deleted"
                if t.reason and row.get(t.reason):
                    why = row[t.reason]
                r = self.removal(feed, row, why)
                if r is not None:
                    removals.append(r)
            self.commit([], removals, [], {mark: pack(last)})

    def compare(self, feed: Feed) -> None:
        """Every ``every`` seconds: records of the feed in the graph that the source no
        longer holds are removed ("no longer in the source")."""
        c, mark = feed.compare, f"{feed.name}#compared"
        assert c is not None and feed.removes is not None
        last = unpack(self.watermarks.get(mark))
        now = dt.datetime.now(dt.UTC)
        if last is not None and (now - last).total_seconds() < c.every:
            return
        prov = self.writer.prov
        present: set[str] = set()
        for typed in self.source_db.rows(c.query):
            key = entity_key(feed.removes, as_texts(typed))
            if key:
                present.add(prov.uid(feed.removes.label, key))
        stmt = cypher.render("sync_feed_entities", label=feed.removes.label)
        held = self.graph.read(
            stmt, {"agency": self.spec.agency, "source_system": self.spec.source_system}
        )
        missing = [r["uid"] for r in held if r["uid"] not in present]
        removals = [
            RecordRemoval(
                f"{feed.prefix}{u.rsplit(':', 1)[-1]}",
                "deleted: no longer in the source (full comparison)",
                nodes=[(feed.removes.label, u)],
            )
            for u in missing
        ]
        for i in range(0, max(len(removals), 1), self.spec.batch_size):
            self.commit([], removals[i : i + self.spec.batch_size], [], {mark: pack(now)})

    # -- the pass -------------------------------------------------------------------------
    def run(self, resolve_people: bool) -> PassSummary:
        started = time.monotonic()
        s = self.summary
        self.start()
        status, error = "completed", None
        try:
            for feed in self.spec.feeds.values():
                self.feed(feed)
        except Exception as exc:
            status, error = "failed", str(exc).splitlines()[0][:500] if str(exc) else repr(exc)
        finally:
            self.source_db.close()
            self.graph.write(
                cypher.text("load_finish"), {"load_id": s.load_id, "status": status, "error": error}
            )
        s.status, s.error = status, error
        if resolve_people and (s.records or s.removed):
            self.resolve()
        s.seconds = time.monotonic() - started
        s.load_ids = [s.load_id] if s.records or s.removed else []
        s.quarantine_file = str(self.report.path) if self.report.count else None
        return s

    def resolve(self) -> None:
        """Incremental resolution of what the pass changed: the people it wrote are scored
        against the resolved graph again (subject ids stay), removed ones leave theirs."""
        from resolve.engine import resolve  # Splink loads in seconds: only when needed

        [row] = self.graph.write_rows(
            cypher.text("sync_changed_people"), {"load_id": self.summary.load_id}
        )
        self.summary.people = int(row["people"])
        try:
            r = resolve(self.graph)
        except ValueError as exc:  # too few people to train on yet: the next pass tries
            self.summary.resolved = {"skipped": str(exc)}
            return
        self.summary.resolved = {
            "new_people": r.new_people,
            "pairs": r.pairs_scored,
            "subjects": r.clusters,
            "seconds": round(r.seconds, 2),
        }


def run_pass(
    graph: Graph,
    settings: Settings,
    spec: SourceSpec,
    user: str | None = None,
    resolve_people: bool = True,
) -> PassSummary:
    """One incremental pass of ``spec``; the database unreachable makes a failed pass with
    one line saying so (the next pass starts from the same watermarks). A drop folder
    source: one pass over its folder, a load per settled file."""
    if spec.drop is not None:
        return drop_pass(graph, settings, spec)
    return _Pass(graph, settings, spec, user or getpass.getuser()).run(resolve_people)


def drop_pass(graph: Graph, settings: Settings, spec: SourceSpec) -> PassSummary:
    d = spec.drop
    assert d is not None
    started = time.monotonic()
    s = PassSummary(spec.name, status="completed")
    if not d.folder.is_dir():
        s.status, s.error = "failed", f"source {spec.name}: drop folder {d.folder} does not exist"
        return s
    took = dropfolder.one_pass(
        graph,
        settings,
        d.folder,
        d.format,
        spec.agency,
        {"mapping": d.mapping},
        spec.source_system or None,
        d.settle,
    )
    s.files = took
    s.load_ids = [t.load_id for t in took if t.load_id]
    s.load_id = s.load_ids[-1] if s.load_ids else ""
    s.records = sum(t.records for t in took)
    s.quarantined = sum(t.refused for t in took)
    s.seconds = time.monotonic() - started
    return s
