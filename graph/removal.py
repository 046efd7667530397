"""Removing source records from the graph: what a deleted, sealed or expunged record wrote
goes, with its links, and so do the entities only it held (an incident's offence, a shared
phone no record reaches any more). What another record also says stays.

A record to remove names the entities it takes out whole (``nodes``: the sealed person, the
deleted incident) and the links it wrote (``links``, from its row through the same mapping
that wrote them). One write transaction per call; the caller audits before it calls.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from neo4j import ManagedTransaction

from graph import cypher
from graph.db import Graph


@dataclass
class RecordRemoval:
    record: str  # the source record id (feed/id)
    reason: str
    nodes: list[tuple[str, str]] = field(default_factory=list)  # (label, uid) taken out whole
    links: list[tuple[str, str, str, str]] = field(default_factory=list)  # type, start, s, uid
    own: list[tuple[str, str]] = field(default_factory=list)  # (label, uid) it wrote


def remove(
    graph: Graph, agency: str, source_system: str, removals: list[RecordRemoval]
) -> list[dict[str, Any]]:
    """Delete what ``removals`` name; returns every deleted node and relationship
    (kind, uid, agency, record)."""
    if not removals:
        return []
    links: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    nodes: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in removals:
        for rtype, start, s, uid in r.links:
            links[(rtype, start)].append({"s": s, "uid": uid, "record": r.record})
        for label, uid in r.nodes:
            nodes[label].append({"uid": uid, "record": r.record})
    base = {"agency": agency, "source_system": source_system}
    records = sorted({r.record for r in removals})

    def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
        gone: list[dict[str, Any]] = []
        ends: set[str] = set()
        for (rtype, start), rows in links.items():
            stmt = cypher.render("remove_links", start=start, type=rtype)
            for rec in tx.run(stmt, rows=rows, **base):
                gone.append({k: rec[k] for k in ("kind", "uid", "agency", "record")})
                ends.update(rec["ends"])
        for label, rows in nodes.items():
            stmt = cypher.render("remove_nodes", label=label)
            for rec in tx.run(stmt, rows=rows, **base):
                gone.append({k: rec[k] for k in ("kind", "uid", "agency", "record")})
                gone += [{**x, "record": rec["record"]} for x in rec["rels"]]
                ends.update(rec["ends"])
        own: dict[str, set[str]] = defaultdict(set)
        for r in removals:
            for label, uid in r.own:
                own[label].add(uid)
        for label, uids in own.items():
            stmt = cypher.render("remove_own_ids", label=label)
            ends.update(tx.run(stmt, uids=sorted(uids)).single()["ids"])
        if ends:
            res = tx.run(cypher.text("remove_orphans"), ids=sorted(ends), records=records, **base)
            gone += [dict(rec) for rec in res]
        return gone

    return graph.execute_write(work, timeout=300)
