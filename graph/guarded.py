"""The one guarded read path: every graph read served to a person goes through here.

``read`` and ``records`` take a ``Scope`` (never a list: see ``graph.scope``), bind it as the
statement's ``$agencies`` (a caller cannot pass its own), run the statement in a READ-routed
session with a timeout, and check what comes back before anything leaves: a row holding a
node, relationship or path of an agency outside the scope, or a projected record (a map with
an ``agency`` key) of one, is dropped and logged as a defect of the statement. The
``$agencies`` filters written in the Cypher make the reads fast; this check is the control.

What a check of returned values cannot see is a scalar computed from records outside the
scope (a count, a name copied into a string). Statements run here are therefore only the
project's own (``graph/cypher``, the reviewed ``queries/`` library, tested by the canary
suite) or free-form Cypher of users whose scope covers every loaded agency; see
docs/security.md ("Free-form Cypher").
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction, Record
from neo4j.graph import Node, Path, Relationship

from graph import cypher, identifiers
from graph.db import Graph
from graph.identifiers import SHARED
from graph.model import SHARE_CLASSES, share_class
from graph.scope import Scope

RESERVED = "agencies"
GRANTED = "granted"
# Every statement filters records as `x.agency IN $agencies`. For a scope that agreements
# widen (Scope.granted), each such filter is rewritten here to also let through the records
# of a class an owner shares in full: `x.agency + '|' + <x's sharing class> IN $granted`,
# the same rule as graph.model.share_class, so counts and paths computed in a statement
# see exactly what the person may see.
_FILTER = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)\.agency\s+IN\s+\$agencies\b")
_CLASS_OF = (
    "CASE WHEN {x}.juvenile = true THEN 'juvenile'"
    " WHEN {x}.record_class = 'intelligence' THEN 'intelligence'"
    " WHEN {x}.share_class IN "
    + repr(list(SHARE_CLASSES)).replace('"', "'")
    + " THEN {x}.share_class WHEN {x}:Arrest THEN 'arrest' ELSE 'incident' END"
)


def statement_for(scope: Scope, statement: str) -> str:
    """The statement as run for this scope (with the agreements' grants when it has any)."""
    if not scope.granted:
        return statement
    return _FILTER.sub(
        lambda m: (
            f"({m.group(1)}.agency IN $agencies OR ({m.group(1)}.agency + '|' + "
            f"{_CLASS_OF.format(x=m.group(1))}) IN ${GRANTED})"
        ),
        statement,
    )


log = logging.getLogger("civicfusion.guard")


class ScopeRequired(TypeError):
    """A read was asked for without a Scope (a list, None...)."""


class Busy(RuntimeError):
    """The person already has as many graph questions running as fair use allows."""


# Fair use: how many graph reads one person may have running at once, and how long a read
# waits for one of them to finish before it is refused (a page's burst of callbacks queues;
# a stream of slow queries from one user cannot hold every server thread).
PER_USER = 2
WAIT_SECONDS = 3.0
_slots: dict[str, threading.BoundedSemaphore] = {}
_slots_lock = threading.Lock()


def configure(per_user: int, wait_seconds: float = WAIT_SECONDS) -> None:
    global PER_USER, WAIT_SECONDS
    with _slots_lock:
        PER_USER, WAIT_SECONDS = max(1, int(per_user)), float(wait_seconds)
        _slots.clear()


@contextmanager
def slot(scope: Scope) -> Iterator[None]:
    """One of the person's ``PER_USER`` slots for the length of a read (operator scopes:
    the install's own jobs, not a person at the workbench, are not limited)."""
    if scope.operator_scope:
        yield
        return
    with _slots_lock:
        sem = _slots.setdefault(scope.who, threading.BoundedSemaphore(PER_USER))
    if not sem.acquire(timeout=WAIT_SECONDS):
        raise Busy(
            f"You already have {PER_USER} searches or queries running: wait for one to "
            "finish (or narrow it) and try again."
        )
    try:
        yield
    finally:
        sem.release()


def _unbound(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """A copy of the caller's parameters, refused if it names one the scope binds."""
    p = dict(params or {})
    for name in (RESERVED, GRANTED):
        if name in p:
            raise ScopeRequired(f"${name} is bound from the scope: do not pass it")
    return p


def _bind(scope: Scope, params: Mapping[str, Any] | None) -> dict[str, Any]:
    if not isinstance(scope, Scope):
        raise ScopeRequired(
            f"graph reads need a Scope (graph.scope.Scope), not {type(scope).__name__}"
        )
    if scope.pointer_scope:
        raise ScopeRequired(
            "a pointer scope answers who holds records, never the records: use graph.pointers"
        )
    p = _unbound(params)
    p[RESERVED] = scope.codes
    p[GRANTED] = scope.grant_keys
    return p


def within(scope: Scope, value: Any, shared: set[str] | None = None) -> bool:
    """Whether every record in ``value`` (nodes, relationships, paths, projected records,
    in lists and maps at any depth) belongs to an agency of the scope.

    A shared identifier node (``shared: true``: a phone, plate or address of every agency,
    graph/identifiers.py) belongs to no agency: its uid is added to ``shared``, and the
    caller keeps the row only if a relationship the scope covers reaches it
    (``reachable``). Without ``shared`` such a node is refused."""
    if isinstance(value, Node):  # (node properties are never maps)
        if value.get(SHARED) is True:
            return _note_shared(value.get("uid"), shared)
        return _reads(scope, value, next(iter(value.labels), ""))
    if isinstance(value, Relationship):
        ends = [n for n in (value.start_node, value.end_node) if n is not None and len(n)]
        return _reads(scope, value) and all(within(scope, n, shared) for n in ends)
    if isinstance(value, Path):
        return all(within(scope, n, shared) for n in value.nodes) and all(
            within(scope, r, shared) for r in value.relationships
        )
    if isinstance(value, Mapping):
        if value.get(SHARED) is True and not _note_shared(value.get("uid"), shared):
            return False
        if value.get("agency") is not None and not _reads(scope, value):
            return False
        return _values_within(scope, value, shared)
    if isinstance(value, list | tuple):
        return all(within(scope, v, shared) for v in value)
    return True


def _reads(scope: Scope, record: Any, label: str = "") -> bool:
    """Whether the scope reaches a record (node, relationship or projected map): by its
    agency, or by the class an agreement shares in full (worked out only then)."""
    agency = record.get("agency")
    if scope.allows(agency):
        return True
    return bool(scope.granted) and scope.reads(agency, share_class(record, label))


def _note_shared(uid: Any, shared: set[str] | None) -> bool:
    if shared is None or not isinstance(uid, str):
        return False
    shared.add(uid)
    return True


def _values_within(scope: Scope, m: Mapping[str, Any], shared: set[str] | None) -> bool:
    return all(
        within(scope, v, shared) for v in m.values() if isinstance(v, Mapping | list | tuple)
    )


def reachable(run: Callable[..., Any], scope: Scope, uids: set[str]) -> set[str]:
    """The shared identifier nodes among ``uids`` that a relationship of the scope's
    agencies reaches (``run(statement, params)`` returns rows with ``uid``)."""
    by_label: dict[str, list[str]] = {}
    for uid in uids:
        label = identifiers.label_of(uid)
        if label:
            by_label.setdefault(label, []).append(uid)
    found: set[str] = set()
    for label, some in by_label.items():
        stmt = statement_for(scope, cypher.render("guard_shared_reachable", label=label))
        params = {"uids": some, RESERVED: scope.codes, GRANTED: scope.grant_keys}
        found |= {r["uid"] for r in run(stmt, params)}
    return found


def _checked(row: Any, values: Any, scope: Scope) -> tuple[Any, set[str]] | None:
    """(row, shared identifier uids in it) when the row is within the scope, else None."""
    found: set[str] = set()
    return (row, found) if within(scope, values, found) else None


def _reached(checked: list[tuple[Any, set[str]]], scope: Scope, run: Callable[..., Any]) -> list:
    """The checked rows whose shared identifiers the scope reaches."""
    wanted = set().union(*(f for _, f in checked)) if checked else set()
    allowed = reachable(run, scope, wanted) if wanted else set()
    return [row for row, found in checked if found <= allowed]


def _dropped(statement: str, n: int, scope: Scope) -> None:
    if n:
        first = next((ln for ln in statement.splitlines() if ln.strip()), "")[:80]
        log.warning("guard: %d row(s) outside the scope of %s dropped from %r", n, scope.who, first)


def read(
    graph: Graph,
    scope: Scope,
    statement: str,
    params: Mapping[str, Any] | None = None,
    timeout: float | None = None,
) -> list[dict[str, Any]]:
    """Rows of a read-only statement as dicts, only those wholly within the scope."""
    p = _bind(scope, params)
    statement = statement_for(scope, statement)
    with slot(scope):
        rows = graph.read(statement, p, timeout)
        checked = [c for r in rows if (c := _checked(r, r, scope))]
        kept = _reached(checked, scope, graph.read)
    _dropped(statement, len(rows) - len(kept), scope)
    return kept


def records(
    graph: Graph,
    scope: Scope,
    statement: str,
    params: Mapping[str, Any] | None,
    max_rows: int,
    timeout: float,
) -> tuple[list[str], list[Record], bool, int]:
    """(columns, records within the scope, truncated at ``max_rows``, rows dropped): the
    driver's records, graph values intact, for the query engine."""
    p = _bind(scope, params)
    statement = statement_for(scope, statement)

    def work(tx: ManagedTransaction) -> tuple[list[str], list[Record], bool, int]:
        res = tx.run(statement, p)
        keys = list(res.keys())
        checked: list[tuple[Any, set[str]]] = []
        dropped = 0
        for rec in res:
            c = _checked(rec, rec.values(), scope)
            if c is None:
                dropped += 1
                continue
            checked.append(c)
            if len(checked) > max_rows:  # one more than shown: the answer was cut
                break
        res.consume()
        truncated = len(checked) > max_rows
        checked = checked[:max_rows]

        def run(stmt: str, params: dict[str, Any]) -> list[dict[str, Any]]:
            return [r.data() for r in tx.run(stmt, params)]

        kept = _reached(checked, scope, run)
        return keys, kept, truncated, dropped + len(checked) - len(kept)

    with slot(scope):
        columns, kept, truncated, dropped = graph.execute_read(work, timeout)
    _dropped(statement, dropped, scope)
    return columns, kept, truncated, dropped


@dataclass(frozen=True)
class Pointer:
    """What a pointer scope may learn: an owner agency holds this many records that match,
    on these fields (field names only: never a value, a date or a record number)."""

    agency: str
    records: int
    matched_on: tuple[str, ...]


class PointerTally:
    """Records of pointer owners counted across statements: each distinct record once,
    only those of a class the agreement points to. The records themselves stay here."""

    def __init__(self, scope: Scope) -> None:
        if not isinstance(scope, Scope) or not scope.pointer_scope:
            raise ScopeRequired("pointer counts need a pointer scope (Scope.pointer)")
        self.scope = scope
        self._records: dict[str, set[str]] = {}
        self._matched: dict[str, set[str]] = {}
        self.shared: dict[str, str] = {}  # shared identifier node uid -> the field it matched

    def count(
        self,
        graph: Graph,
        statement: str,
        params: Mapping[str, Any] | None,
        matched_on: Callable[[str, Mapping[str, Any], Mapping[str, Any]], str],
        timeout: float | None = None,
    ) -> None:
        """Run one statement over the owners' records (``$agencies`` = the owners) and count
        what it returns: rows with ``label`` and ``props`` (and whatever ``matched_on(label,
        props, row)`` needs to name the field that matched)."""
        p = _unbound(params)
        p[RESERVED] = self.scope.codes
        with slot(self.scope):
            rows = graph.read(statement, p, timeout)
        for row in rows:
            label, props = str(row.get("label") or ""), row.get("props") or {}
            field = matched_on(label, props, row)
            if props.get(SHARED) is True:
                if isinstance(props.get("uid"), str):
                    self.shared.setdefault(props["uid"], field)
                continue
            agency = props.get("agency")
            if not self.scope.pointer_to(agency, share_class(props, label)):
                continue  # an owner outside the scope, or a class it does not point to
            self._records.setdefault(agency, set()).add(str(props.get("uid")))
            self._matched.setdefault(agency, set()).add(field)

    def result(self) -> list[Pointer]:
        return [
            Pointer(a, len(uids), tuple(sorted(self._matched.get(a, ()))))
            for a, uids in sorted(self._records.items())
        ]
