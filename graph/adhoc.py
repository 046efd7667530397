"""Free-form Cypher (ad-hoc, and personal/team queries written in Cypher): read-only,
bounded, judged by the server's own plan, and only for a scope that covers every agency.

Who: filtering what a query returns cannot stop a query from *testing* records outside the
caller's scope (a condition on another agency's records that chooses which in-scope rows
come back, a count, a degree), so free-form Cypher runs only with a scope that covers every
loaded agency (``FreeFormRefused`` otherwise). Users cleared for fewer agencies ask the
library's parameterised questions instead (their personal and team queries are library
questions with their own values: ``access.personal_queries``).

What: the statement is judged by the plan the server would run (``EXPLAIN``: nothing runs),
never by its text, so comments, strings, escapes and letter case change nothing. Refused:
any plan other than a read-only one on the user database, LOAD CSV (the server would fetch a
URL), a procedure outside a short read-only allowlist, any SHOW / TERMINATE / administration
command, subqueries in transactions. It then runs in a READ-routed session through the
guarded read path, with a transaction timeout and a row cap.
"""

from __future__ import annotations

from typing import Any

from graph.db import Graph
from graph.explore import loaded_agencies
from graph.questions import Result, SavedQuery, collect_rows
from graph.scope import Scope

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
# Plan operators (name prefixes) that are never allowed, whatever the query type says.
REFUSED_OPERATORS = (
    ("LoadCSV", "LOAD CSV is not allowed: free-form queries read the graph only"),
    ("Show", "SHOW commands are not allowed: they describe the server, not the case data"),
    ("Terminate", "TERMINATE commands are not allowed"),
    ("AdministrationCommand", "administration commands are not allowed"),
    ("Transaction", "subqueries in transactions are not allowed"),
    ("Create", "only read-only queries may run here"),
    ("Merge", "only read-only queries may run here"),
    ("Set", "only read-only queries may run here"),
    ("Delete", "only read-only queries may run here"),
    ("DetachDelete", "only read-only queries may run here"),
    ("Remove", "only read-only queries may run here"),
    ("Foreach", "only read-only queries may run here"),
)
DEFAULT_TIMEOUT = 15.0
DEFAULT_MAX_ROWS = 5000


class Refused(ValueError):
    """The statement is not allowed; the message says why."""


class FreeFormRefused(Refused):
    """The caller's scope does not cover every agency: no free-form Cypher for them."""


def _operators(plan: dict[str, Any]) -> list[tuple[str, str]]:
    """(operator, details) of every step of a plan, its database suffix kept."""
    out = [(str(plan.get("operatorType", "?")), str(plan.get("args", {}).get("Details") or ""))]
    for child in plan.get("children", []):
        out += _operators(child)
    return out


def check(graph: Graph, cypher: str) -> None:
    """Refuse unless the server's plan for ``cypher`` only reads the user database, with no
    LOAD CSV, SHOW/TERMINATE/administration command or procedure outside the allowlist."""
    if not cypher.strip():
        raise Refused("type a Cypher query first")
    try:
        summary = graph.explain(cypher)
    except Exception as exc:  # syntax errors and the like: the server's own words
        message = getattr(exc, "message", None) or str(exc)
        raise Refused(f"the query does not compile: {message.splitlines()[0]}") from exc
    plan = summary.plan or {}
    for operator, details in _operators(plan):
        name, _, database = operator.partition("@")
        if database and database != graph.database:
            raise Refused(f"only the case database may be read (the plan uses {database!r})")
        for prefix, reason in REFUSED_OPERATORS:
            if name.startswith(prefix):
                raise Refused(reason)
        if name == "ProcedureCall":
            proc = details.split("(", 1)[0].strip()
            if proc.lower() not in ALLOWED_PROCEDURES:
                raise Refused(
                    f"procedure {proc} is not allowed (allowed: "
                    f"{', '.join(sorted(ALLOWED_PROCEDURES))})"
                )
    if summary.query_type != "r":
        raise Refused(f"only read-only queries may run here (EXPLAIN says {summary.query_type!r})")


def require_every_agency(graph: Graph, scope: Scope) -> None:
    """Free-form Cypher only for a scope covering every loaded agency (module docstring)."""
    missing = sorted(set(loaded_agencies(graph)) - scope.agencies)
    if missing:
        raise FreeFormRefused(
            "free-form Cypher is for users cleared for every agency: ask the library's "
            "questions (or save one with your own values as a personal query) instead"
        )


def check_free_form(graph: Graph, scope: Scope, cypher: str) -> None:
    """Who, then what: the one check before any free-form Cypher runs (ad hoc, personal or
    team query), at saving and at every run."""
    require_every_agency(graph, scope)
    check(graph, cypher)


def run(
    graph: Graph,
    cypher: str,
    scope: Scope,
    params: dict[str, Any] | None = None,
    max_rows: int = DEFAULT_MAX_ROWS,
    timeout: float = DEFAULT_TIMEOUT,
) -> Result:
    """Check who and what, then run; nodes and links of the answer are kept for the chart."""
    check_free_form(graph, scope, cypher)
    query = SavedQuery(
        "adhoc", "Ad-hoc Cypher", "", "network analysis", (), "graph", 0, cypher, "<free-form>"
    )
    return collect_rows(
        graph, query, dict(params or {}), scope, max_rows, timeout, keep_graph_if_any=True
    )
