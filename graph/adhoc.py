"""Ad-hoc Cypher for users cleared for every agency: read-only, bounded, checked up front.

Checks before anything runs: no LOAD CSV, procedures only from a read-only allowlist (a
read-mode procedure can still reach outside, e.g. loading a URL), and the server's EXPLAIN
must report a read-only query. It then runs in a READ-routed session (the server refuses
writes there anyway) with a transaction timeout and a row cap.
"""

from __future__ import annotations

import re
from typing import Any

from graph.db import Graph
from graph.queries import Result, SavedQuery, collect_rows

ALLOWED_PROCEDURES = frozenset(
    {
        "db.index.fulltext.querynodes",
        "db.index.fulltext.queryrelationships",
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
    }
)
_STRINGS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`")
_COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_CALL = re.compile(r"\bCALL\s+([A-Za-z_][\w.]*)\s*\(", re.I)
DEFAULT_TIMEOUT = 15.0
DEFAULT_MAX_ROWS = 5000


class Refused(ValueError):
    """The statement is not allowed; the message says why."""


def check(graph: Graph, cypher: str) -> None:
    text = _COMMENTS.sub(" ", _STRINGS.sub("''", cypher))
    if not text.strip():
        raise Refused("type a Cypher query first")
    if re.search(r"\bLOAD\s+CSV\b", text, re.I):
        raise Refused("LOAD CSV is not allowed: ad-hoc queries read the graph only")
    for proc in _CALL.findall(text):
        if proc.lower() not in ALLOWED_PROCEDURES:
            raise Refused(
                f"procedure {proc} is not allowed (allowed: "
                f"{', '.join(sorted(ALLOWED_PROCEDURES))})"
            )
    try:
        kind = graph.query_type(cypher)
    except Exception as exc:  # syntax errors and the like: the server's own words
        message = getattr(exc, "message", None) or str(exc)
        raise Refused(f"the query does not compile: {message.splitlines()[0]}") from exc
    if kind != "r":
        raise Refused(f"only read-only queries may run here (EXPLAIN says {kind!r})")


def run(
    graph: Graph,
    cypher: str,
    agencies: list[str],
    params: dict[str, Any] | None = None,
    max_rows: int = DEFAULT_MAX_ROWS,
    timeout: float = DEFAULT_TIMEOUT,
) -> Result:
    """Check, then run; nodes and links of the answer are kept for the chart."""
    check(graph, cypher)
    query = SavedQuery(
        "adhoc", "Ad-hoc Cypher", "", "network analysis", (), "graph", 0, cypher, "<ad hoc>"
    )
    return collect_rows(
        graph, query, dict(params or {}), agencies, max_rows, timeout, keep_graph_if_any=True
    )
