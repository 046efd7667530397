"""The review queue: pairs waiting for a decision, linked pairs, and the decisions."""

from __future__ import annotations

import json
from typing import Any

from graph import cypher, guarded
from graph.db import Graph
from graph.scope import Scope
from resolve.cluster import recluster

DECISIONS = {
    "accept": "confirmed",
    "reject": "rejected",
    "unlink": "unlinked",
    "relink": "confirmed",
}


def _pairs(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for r in rows:
        r["explanation"] = json.loads(r["explanation"] or "{}")
        r["evidence"] = json.loads(r.get("evidence") or "{}")
        for side in ("left", "right"):
            dob = r[side].get("dob")
            r[side]["dob"] = dob.iso_format() if hasattr(dob, "iso_format") else dob
    return rows


def pending(graph: Graph, scope: Scope, limit: int = 50) -> list[dict[str, Any]]:
    """Pairs in the review queue whose records are both in the scope, most likely first."""
    return _pairs(guarded.read(graph, scope, cypher.text("er_pending"), {"limit": limit}))


def decided(graph: Graph, scope: Scope, limit: int = 50) -> list[dict[str, Any]]:
    """Linked pairs (auto or confirmed) within the scope, most recently decided first."""
    return _pairs(guarded.read(graph, scope, cypher.text("er_decided"), {"limit": limit}))


def decide(graph: Graph, a: str, b: str, decision: str, reviewer: str, scope: Scope) -> str:
    """accept | reject | unlink | relink a pair whose records are both in the scope;
    clusters follow at once."""
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}")
    if not reviewer:
        raise ValueError("a decision needs the reviewer's name")
    if not isinstance(scope, Scope):
        raise TypeError("decide needs the reviewer's Scope")
    rows = graph.write_rows(
        cypher.text("er_decide"),
        {
            "a": a,
            "b": b,
            "status": DECISIONS[decision],
            "reviewer": reviewer,
            "agencies": scope.codes,
        },
    )
    if not rows:
        raise ValueError(f"no SAME_AS link between {a} and {b}")
    recluster(graph, a, b)
    return rows[0]["status"]


def waiting(graph: Graph, scope: Scope) -> int:
    """How many pairs wait for a decision in the scope."""
    rows = guarded.read(graph, scope, cypher.text("er_pending_count"))
    return int(rows[0]["waiting"]) if rows else 0
