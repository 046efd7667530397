"""Write batches of source records to the graph: UNWIND ... MERGE by uid, with provenance.

One managed write transaction per batch (retried by the driver on transient errors) holds
the batch's nodes, its relationships and the load's checkpoint, so a load killed at any
moment resumes after the last committed batch and re-running a batch changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction

from graph import cypher
from graph.db import Graph
from graph.records import EntityRecord, LinkRecord, SourceRecord, review_due


@dataclass(frozen=True)
class Provenance:
    agency: str
    source_system: str
    load_id: str

    def uid(self, label: str, key: str) -> str:
        return f"{self.agency}:{self.source_system}:{label.lower()}:{key}"


@dataclass
class BatchCounts:
    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0

    def add(self, other: BatchCounts) -> None:
        self.nodes_created += other.nodes_created
        self.relationships_created += other.relationships_created
        self.properties_set += other.properties_set


class WriteMismatch(RuntimeError):
    """The server wrote fewer rows than sent: would silently lose data, so the batch fails."""


def _props(obj: EntityRecord | LinkRecord, record: SourceRecord) -> dict[str, Any]:
    props = dict(obj.props)
    props["source_record_id"] = record.record_id
    props["record_class"] = obj.record_class
    if obj.record_class == "intelligence" and "review_due" not in props:
        props["review_due"] = review_due(props["submitted_at"])
    return props


def batch_rows(prov: Provenance, records: list[SourceRecord], today: dt.date) -> tuple[dict, dict]:
    """Group a batch into node rows per label and link rows per (type, start, end),
    with uids from the provenance (the online writer and the bulk importer both use it)."""
    nodes: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    links: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = defaultdict(dict)
    uid = prov.uid
    for rec in records:
        seen = rec.seen or today
        for e in rec.entities:
            u = uid(e.label, e.key)
            row = nodes[e.label].get(u)
            if row is None:
                nodes[e.label][u] = {"uid": u, "props": _props(e, rec), "seen": seen}
            else:  # the same entity twice in one batch: merge, keep the seen range
                row["props"].update(_props(e, rec))
                row["seen"] = min(row["seen"], seen)
        for ln in rec.links:
            s, t = uid(ln.start.label, ln.start.key), uid(ln.end.label, ln.end.key)
            key = ln.key or f"{ln.start.label}:{ln.start.key}>{ln.end.label}:{ln.end.key}"
            lu = f"{prov.agency}:{prov.source_system}:{ln.type.lower()}:{key}"
            links[(ln.type, ln.start.label, ln.end.label)][lu] = {
                "uid": lu,
                "s": s,
                "e": t,
                "props": _props(ln, rec),
            }
    return nodes, links


class GraphWriter:
    def __init__(self, graph: Graph, provenance: Provenance) -> None:
        self.graph = graph
        self.prov = provenance

    def write(self, records: list[SourceRecord], checkpoint: dict[str, Any]) -> BatchCounts:
        nodes, links = batch_rows(self.prov, records, dt.date.today())
        base = {
            "agency": self.prov.agency,
            "source_system": self.prov.source_system,
            "load_id": self.prov.load_id,
        }

        def work(tx: ManagedTransaction) -> BatchCounts:
            counts = BatchCounts()
            for label, by_uid in nodes.items():
                rows = list(by_uid.values())
                res = tx.run(cypher.render("merge_nodes", label=label), rows=rows, **base)
                written = res.single()["written"]
                c = res.consume().counters
                if written != len(rows):
                    raise WriteMismatch(f"{label}: wrote {written} of {len(rows)} nodes")
                counts.add(BatchCounts(c.nodes_created, 0, c.properties_set))
            for (rtype, start, end), by_uid in links.items():
                rows = list(by_uid.values())
                stmt = cypher.render("merge_links", type=rtype, start=start, end=end)
                res = tx.run(stmt, rows=rows, **base)
                written = res.single()["written"]
                c = res.consume().counters
                if written != len(rows):
                    raise WriteMismatch(f"{rtype}: wrote {written} of {len(rows)} relationships")
                counts.add(BatchCounts(0, c.relationships_created, c.properties_set))
            tx.run(
                cypher.text("load_checkpoint"),
                load_id=self.prov.load_id,
                **checkpoint,
                nodes_created=counts.nodes_created,
                relationships_created=counts.relationships_created,
            )
            return counts

        return self.graph.execute_write(work, timeout=300)
