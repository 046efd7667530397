"""Move an existing graph's identifiers onto shared nodes (run by ``db init``, idempotent).

Graphs loaded before identifiers were shared (schema 0005) hold one Phone, Vehicle or
address node per agency record. Each one that a relationship reaches and that has a shared
form (graph/identifiers.py) is replaced by the shared node: every relationship to it is
created again on the shared node with its own properties plus what the agency's node said
(as a fresh load writes them, graph/writer.py), and the emptied node is deleted. Nodes no
relationship reaches, or without a shared form, stay as they are.
"""

from __future__ import annotations

from graph import cypher, identifiers
from graph.db import Graph
from graph.model import RELATIONSHIPS

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
