"""Move an existing graph's identifiers onto shared nodes (run by ``db init``, idempotent).

Graphs loaded before identifiers were shared (schema 0005) hold one Phone, Vehicle or
address node per agency record. Each one that a relationship reaches and that has a shared
form (graph/identifiers.py) is replaced by the shared node: every relationship to it is
created again on the shared node with its own properties plus what the agency's node said
(as a fresh load writes them, graph/writer.py), and the emptied node is deleted. Nodes no
relationship reaches, or without a shared form, stay as they are.

Graphs loaded before schema 0007 hold e-mail addresses and identity numbers only as
properties of a person's record; ``name_identifiers`` links each such record to the shared
Email and Document nodes, as a fresh load does.
"""

from __future__ import annotations

from graph import cypher, identifiers
from graph.db import Graph
from graph.model import RELATIONSHIPS

# provenance a person's record gives the links to the identifiers it names
LINK_PROVENANCE = ("agency", "source_system", "load_id", "source_record_id")

BATCH = 2000


def move(graph: Graph) -> dict[str, int]:
    """Replace agency identifier nodes by shared ones; returns nodes moved per label."""
    moved: dict[str, int] = {}
    for label in identifiers.PREFIX:
        rows = []
        for r in graph.read(cypher.render("shared_move_candidates", label=label), timeout=600):
            new = identifiers.shared_uid(label, r["props"])
            if new:
                props = identifiers.shared_props(label, r["props"])
                rows.append({"old": r["uid"], "new": new, "props": props,
                             "said": identifiers.said_about(label, r["props"])})  # fmt: skip
        types = [(t, s, e) for t, s, e in RELATIONSHIPS if label in (s, e)]
        for i in range(0, len(rows), BATCH):
            batch = rows[i : i + BATCH]
            graph.write(cypher.render("shared_move_nodes", label=label), {"rows": batch})
            for rtype, start, end in types:
                name = "shared_move_in" if end == label else "shared_move_out"
                other = start if end == label else end
                stmt = cypher.render(name, label=label, type=rtype, other=other)
                graph.write(stmt, {"rows": batch}, timeout=600)
            graph.write(cypher.render("shared_move_delete", label=label), {"rows": batch})
        if rows:
            moved[label] = len(rows)
    return moved


def name_identifiers(graph: Graph) -> int:
    """Link people of an older graph to the shared e-mail and document nodes their records
    name (graph/identifiers.py ``person_identifiers``); returns how many links were made."""
    nodes: dict[str, dict[str, dict]] = {}
    links: dict[tuple[str, str], list[dict]] = {}
    for r in graph.read(cypher.text("named_identifier_candidates"), timeout=600):
        props = r["props"]
        prov = {k: props.get(k) for k in LINK_PROVENANCE}
        for label, rtype, ident, field in identifiers.person_identifiers(props):
            su = identifiers.shared_uid(label, ident)
            if not su:
                continue
            nodes.setdefault(label, {})[su] = identifiers.shared_props(label, ident)
            link_props = {**prov, "record_class": "incident", "field": field}
            lu = identifiers.named_link_uid(r["uid"], rtype, su)
            link = {"uid": lu, "s": r["uid"], "e": su, "props": link_props}
            links.setdefault((label, rtype), []).append(link)
    for label, by_uid in nodes.items():
        rows = [{"uid": u, "props": p} for u, p in by_uid.items()]
        stmt = cypher.render("merge_shared_nodes", label=label)
        for i in range(0, len(rows), BATCH):
            graph.write(stmt, {"rows": rows[i : i + BATCH]})
    made = 0
    for (label, rtype), rows in links.items():
        stmt = cypher.render("named_identifier_links", label=label, type=rtype)
        for i in range(0, len(rows), BATCH):
            graph.write(stmt, {"rows": rows[i : i + BATCH]}, timeout=600)
            made += len(rows[i : i + BATCH])
    return made
