"""28 CFR Part 23 retention: intelligence records are reviewed (renewed for 5 years, with a
reason) or purged within 5 years of submission. Purging removes the record and its
relationships; the caller leaves the audit trace (workbench.retention_cli)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph import cypher
from graph.db import Graph
from graph.explore import jsonable


def due(graph: Graph, due_by: dt.date | None = None) -> list[dict[str, Any]]:
    when = (due_by or dt.date.today()).isoformat()
    return jsonable(graph.read(cypher.text("retention_due"), {"due_by": when}))


def renew(graph: Graph, uids: list[str], reviewer: str, reason: str) -> int:
    if not reason.strip():
        raise ValueError("a renewal needs the reason the record is still needed")
    rows = graph.write_rows(
        cypher.text("retention_renew"), {"uids": uids, "reviewer": reviewer, "reason": reason}
    )
    return rows[0]["renewed"] if rows else 0


def purge(graph: Graph, before: dt.date) -> list[dict[str, Any]]:
    """Delete intelligence due before `before`; returns what was deleted (for the audit)."""
    p = {"before": before.isoformat()}
    gone = graph.write_rows(cypher.text("retention_purge_links"), p)
    gone += graph.write_rows(cypher.text("retention_purge_nodes"), p)
    gone += graph.write_rows(cypher.text("retention_purge_orphans"), p)
    return jsonable(gone)
