"""Write batches of source records to the graph: UNWIND ... MERGE by uid, with provenance.

One managed write transaction per batch (retried by the driver on transient errors) holds
the batch's nodes, its relationships and the load's checkpoint, so a load killed at any
moment resumes after the last committed batch and re-running a batch changes nothing.

Records of one load that share a uid are merged, and a property they give **different
values** is never overwritten in silence: the latest value is the property, every earlier
one is kept in ``<property>_variants`` (as text, each once: "L Smith" beside "Larry Smith",
two dates of birth an RMS holds for one person id). That holds whether the two records meet
in one batch (``batch_rows``, also the bulk importer's) or in different batches (looked up
in the graph before the batch is written). A later load updates, as it should.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction, SummaryCounters

from graph import cypher, identifiers, protected
from graph.db import Graph
from graph.records import EntityRecord, LinkRecord, SourceRecord, review_due

# Properties that differ between the records of one entity by nature (each record is its
# own source record): the latest wins, no variants kept.
VARYING = (
    "source_record_id",
    "record_class",
    "review_due",
    *(f + protected.NEAR for f in protected.PROTECTED),  # (follows its number's hash)
)
VARIANTS = "_variants"  # suffix of the property that keeps a property's earlier values


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


def _props(obj: EntityRecord | LinkRecord, record: SourceRecord, key: bytes) -> dict[str, Any]:
    """What the graph stores of an entity or link: its properties with protected numbers
    hashed (never in clear: graph.protected) and identifiers in their canonical form (an
    e-mail in lower case), plus the record's provenance."""
    props = dict(identifiers.canonical(protected.protect(obj.props, key)))
    props["source_record_id"] = record.record_id
    props["record_class"] = obj.record_class
    if obj.record_class == "intelligence" and "review_due" not in props:
        props["review_due"] = review_due(props["submitted_at"])
    return props


def as_text(value: Any) -> str:
    """A value as a variant keeps it (dates as ISO dates)."""
    if hasattr(value, "iso_format"):  # neo4j temporal types
        return str(value.iso_format())
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def differs(key: str, old: Any, new: Any) -> bool:
    """Whether a later record's value replaces a different one (a variant to keep)."""
    return (
        key not in VARYING
        and not key.endswith(VARIANTS)
        and old is not None
        and new is not None
        and as_text(old) != as_text(new)
    )


def keep_variant(props: dict[str, Any], key: str, old: Any, known: list[str] | None = None) -> None:
    """Add ``old`` to ``props[key + VARIANTS]`` (with the ``known`` variants), each once and
    never the current value ``props[key]``."""
    variants = [*(known or []), *(props.get(key + VARIANTS) or []), as_text(old)]
    current = as_text(props[key])
    props[key + VARIANTS] = [v for v in dict.fromkeys(variants) if v != current]


def _merge(row: dict[str, Any], new: dict[str, Any]) -> int:
    """Merge a later record's properties into a row of the same uid: the later value wins,
    a different earlier one is kept as a variant; returns how many were kept."""
    props, kept = row["props"], 0
    for k, v in new.items():
        old = props.get(k)
        props[k] = v
        if differs(k, old, v):
            keep_variant(props, k, old)
            kept += 1
    return kept


def _clear(row: dict[str, Any], cleared: tuple[str, ...]) -> None:
    """Properties a live source now leaves empty are removed (``SET n += {name: null}``),
    unless a record of the batch gives them."""
    names = set(row.get("clear") or ()) | set(cleared)
    names = {n for n in names if n not in row["props"]}
    if names:
        row["clear"] = dict.fromkeys(sorted(names))
    else:
        row.pop("clear", None)


def batch_rows(
    prov: Provenance, records: list[SourceRecord], today: dt.date, identifier_key: bytes
) -> tuple[dict, dict, int]:
    """Group a batch into node rows per label and link rows per (type, start, end),
    with uids from the provenance (the online writer and the bulk importer both use it) and
    protected numbers hashed under ``identifier_key``; also returns how many
    earlier values were kept as variants."""
    nodes: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    links: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = defaultdict(dict)
    kept = 0
    uid = prov.uid
    for rec in records:
        seen = rec.seen or today
        shared = shared_entities(rec, identifier_key)
        for e in rec.entities:
            if id(e) in shared:
                su = shared[id(e)]
                row = nodes[e.label].setdefault(su, {"uid": su, "props": {}, "shared": True})
                said = protected.protect(e.props, identifier_key)
                row["props"].update(identifiers.shared_props(e.label, said))
                continue
            u = uid(e.label, local_key(e, identifier_key))
            props = _props(e, rec, identifier_key)
            row = nodes[e.label].get(u)
            if e.reference:  # only pointed at: a full row of the batch wins
                if row is None:
                    nodes[e.label][u] = {"uid": u, "props": props, "seen": seen, "ref": True}
                continue
            if row is not None and row.get("ref"):
                row = None  # the full record replaces the pointer
            if row is None:
                row = nodes[e.label][u] = {"uid": u, "props": props, "seen": seen}
            else:  # the same entity twice in one batch: merge, keep the seen range
                kept += _merge(row, dict(props))
                row["seen"] = min(row["seen"], seen)
            _clear(row, e.cleared)
            if e.label == "Person" and e.record_class == "incident":
                for su, rtype, link in named_identifiers(prov, e, props, rec.record_id, nodes):
                    links[(rtype, "Person", identifiers.label_of(su) or "")][link["uid"]] = link
        for ln in rec.links:
            sk, ek = local_key(ln.start, identifier_key), local_key(ln.end, identifier_key)
            s = shared.get(id(ln.start)) or uid(ln.start.label, sk)
            t = shared.get(id(ln.end)) or uid(ln.end.label, ek)
            key = ln.key or f"{ln.start.label}:{sk}>{ln.end.label}:{ek}"
            lu = f"{prov.agency}:{prov.source_system}:{ln.type.lower()}:{key}"
            by_uid = links[(ln.type, ln.start.label, ln.end.label)]
            props = _props(ln, rec, identifier_key)
            for end in (ln.start, ln.end):  # what this record said about a shared identifier
                if id(end) in shared:
                    props = {**identifiers.said_about(end.label, end.props), **props}
            if lu in by_uid:
                kept += _merge(by_uid[lu], props)
            else:
                by_uid[lu] = {"uid": lu, "s": s, "e": t, "props": props}
            _clear(by_uid[lu], ln.cleared)
    return nodes, links, kept


def local_key(e: EntityRecord, identifier_key: bytes) -> str:
    """The key of an entity in its uid: the source's own id, except for a protected identity
    document (an SSN a mapping keys its Document by), whose key is its keyed hash."""
    if e.label == "Document" and protected.is_protected_document(e.props):
        return protected.keyed(identifier_key, "ssn-key", e.key)
    return e.key


def named_identifiers(
    prov: Provenance,
    person: EntityRecord,
    props: dict[str, Any],
    record_id: str,
    nodes: dict[str, dict[str, dict[str, Any]]],
) -> list[tuple[str, str, dict[str, Any]]]:
    """The shared identifiers a person's record names in its own properties (e-mail, identity
    numbers: ``identifiers.person_identifiers``): their node rows are added to ``nodes``;
    returns (shared uid, relationship type, link row) each, the link carrying the record's
    provenance and the property it came from."""
    out = []
    for label, rtype, ident, field in identifiers.person_identifiers(props):
        su = identifiers.shared_uid(label, ident)
        if not su:
            continue
        row = nodes[label].setdefault(su, {"uid": su, "props": {}, "shared": True})
        row["props"].update(identifiers.shared_props(label, ident))
        pu = prov.uid("Person", person.key)
        link_props = {"source_record_id": record_id, "record_class": "incident", "field": field}
        row = {"uid": identifiers.named_link_uid(pu, rtype, su), "s": pu, "e": su}
        out.append((su, rtype, {**row, "props": link_props}))
    return out


def shared_entities(rec: SourceRecord, identifier_key: bytes) -> dict[int, str]:
    """The record's entities that are identifiers shared by every agency (a phone number, a
    plate, a street address that it links to something): id(entity) -> the shared uid. An
    entity no link reaches stays the agency's own node, so nothing it says is lost. (An SSN
    document is judged by its keyed hash, ``identifier_key``.)"""
    linked = {id(x) for ln in rec.links for x in (ln.start, ln.end)}
    out: dict[int, str] = {}
    for e in rec.entities:
        # (criminal intelligence keeps its own node, review date and purge: 28 CFR 23)
        if id(e) in linked and e.label in identifiers.PREFIX and e.record_class == "incident":
            su = identifiers.shared_uid(e.label, protected.protect(e.props, identifier_key))
            if su:
                out[id(e)] = su
    return out


def _copies(by_uid: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**r, "props": dict(r["props"])} for r in by_uid.values()]


class GraphWriter:
    def __init__(self, graph: Graph, provenance: Provenance, identifier_key: bytes) -> None:
        self.graph = graph
        self.prov = provenance
        self.key = identifier_key

    def write(
        self, records: list[SourceRecord], checkpoint: dict[str, Any]
    ) -> tuple[BatchCounts, int]:
        """Write one batch; returns its counts and how many earlier values it kept as
        variants (within the batch and against earlier batches of this load)."""
        nodes, links, in_batch = batch_rows(self.prov, records, dt.date.today(), self.key)
        base = {
            "agency": self.prov.agency,
            "source_system": self.prov.source_system,
            "load_id": self.prov.load_id,
        }

        def earlier_values(tx: ManagedTransaction, stmt: str, rows: list[dict]) -> int:
            """Keep what earlier batches of this load wrote, where this batch differs, as
            variants in ``rows``."""
            by_uid, kept = {r["uid"]: r for r in rows}, 0
            res = tx.run(stmt, rows=rows, load_id=self.prov.load_id, varying=list(VARYING))
            for hit in res:
                props = by_uid[hit["uid"]]["props"]
                for field, old, known in hit["differ"]:
                    keep_variant(props, field, old, known)
                    kept += 1
            return kept

        def merged(
            tx: ManagedTransaction, stmt: str, rows: list[dict], what: str, unit: str, **p: Any
        ) -> SummaryCounters:
            """Run one MERGE statement; its counters, unless it wrote fewer rows than sent."""
            res = tx.run(stmt, rows=rows, **p)
            written = res.single()["written"]
            if written != len(rows):
                raise WriteMismatch(f"{what}: wrote {written} of {len(rows)} {unit}")
            return res.consume().counters

        def work(tx: ManagedTransaction) -> tuple[BatchCounts, int]:
            counts, kept = BatchCounts(), in_batch
            for label, by_uid in nodes.items():
                rows = _copies(by_uid)  # a retried transaction starts from the batch again
                common = [r for r in rows if r.get("shared")]
                refs = [r for r in rows if r.get("ref")]
                own = [r for r in rows if not r.get("shared") and not r.get("ref")]
                if refs:
                    stmt = cypher.render("merge_reference_nodes", label=label)
                    c = merged(tx, stmt, refs, label, "nodes", **base)
                    counts.add(BatchCounts(c.nodes_created, 0, c.properties_set))
                if common:
                    stmt = cypher.render("merge_shared_nodes", label=label)
                    c = merged(tx, stmt, common, label, "nodes")
                    counts.add(BatchCounts(c.nodes_created, 0, c.properties_set))
                if own:
                    stmt = cypher.render("load_earlier_nodes", label=label)
                    kept += earlier_values(tx, stmt, own)
                    stmt = cypher.render("merge_nodes", label=label)
                    c = merged(tx, stmt, own, label, "nodes", **base)
                    counts.add(BatchCounts(c.nodes_created, 0, c.properties_set))
            for (rtype, start, end), by_uid in links.items():
                rows = _copies(by_uid)
                stmt = cypher.render("load_earlier_links", start=start, type=rtype)
                kept += earlier_values(tx, stmt, rows)
                stmt = cypher.render("merge_links", type=rtype, start=start, end=end)
                c = merged(tx, stmt, rows, rtype, "relationships", **base)
                counts.add(BatchCounts(0, c.relationships_created, c.properties_set))
            tx.run(
                cypher.text("load_checkpoint"),
                load_id=self.prov.load_id,
                **{"watermarks": None, "removed": None, **checkpoint},
                nodes_created=counts.nodes_created,
                relationships_created=counts.relationships_created,
            )
            return counts, kept

        return self.graph.execute_write(work, timeout=300)
