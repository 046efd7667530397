"""Personal and team queries, in the app database with every saved version kept. Two kinds:

- a saved question: one of the library's questions with the user's own title and values
  (header lines ``from: <library name>`` and ``values:``). Anyone may save and run these;
  they run the library's reviewed Cypher only.
- free-form Cypher (the library's header + a body): only for users whose scope covers every
  agency, when saved and again every time it runs (``graph.adhoc``: judged by the server's
  plan, read-only, capped). Filtering a free-form answer cannot stop it from testing other
  agencies' records, so nobody with a narrower scope runs one, even a team query.

A team query is visible to users cleared for every agency its owner is cleared for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from access.appdb import AppDB
from access.audit import utcnow
from access.users import User, get_user
from graph import adhoc, questions
from graph.db import Graph
from graph.scope import Scope

PREFIX = "user:"


@dataclass(frozen=True)
class UserQuery:
    id: int
    owner: str
    name: str
    shared: bool
    version: int
    text: str

    @property
    def query(self) -> questions.SavedQuery:
        return questions.parse(self.text, f"{self.owner}/{self.name}")

    @property
    def key(self) -> str:
        return f"{PREFIX}{self.id}"


def validate(graph: Graph, text: str, scope: Scope) -> questions.SavedQuery:
    q = questions.parse(text, "your query")
    if q.name in questions.library():
        raise questions.QueryError(f"{q.name!r} is a library query's name: choose another")
    if q.free_form:
        _may_run_free_form(graph, q, scope)
    return q


def _may_run_free_form(graph: Graph, q: questions.SavedQuery, scope: Scope) -> None:
    try:
        adhoc.check_free_form(graph, scope, q.cypher)
    except adhoc.Refused as exc:
        raise questions.QueryError(str(exc)) from exc


def run(
    db: AppDB,
    graph: Graph,
    viewer: User,
    key: str,
    values: dict[str, Any],
    scope: Scope,
    max_rows: int = adhoc.DEFAULT_MAX_ROWS,
    timeout: float = adhoc.DEFAULT_TIMEOUT,
) -> questions.Result:
    """Run one of the viewer's own or team queries under the viewer's scope; free-form
    Cypher is checked again (who and what) every time it runs."""
    found = get(db, viewer, key, scope)
    if found is None:
        raise questions.QueryError("no such query (or it is not shared with you)")
    q = found.query
    if q.free_form:
        _may_run_free_form(graph, q, scope)
    return questions.collect_rows(
        graph, q, q.bind(values), scope, max_rows, timeout, keep_graph_if_any=q.free_form
    )


def save(
    db: AppDB,
    graph: Graph,
    owner: User,
    scope: Scope,
    text: str,
    shared: bool = False,
    editing: str | None = None,
) -> UserQuery:
    """Create the query, or add a version to the owner's query of the same name, or (when
    `editing` is the key of one of the owner's queries) to that one, renaming it if the
    header's name changed."""
    q = validate(graph, text, scope)
    now = utcnow()
    with db.connect() as con:
        row = None
        if editing and editing.startswith(PREFIX) and editing[len(PREFIX) :].isdigit():
            row = con.execute(
                "SELECT id FROM user_queries WHERE owner = ? AND id = ?",
                (owner.username, int(editing[len(PREFIX) :])),
            ).fetchone()
            clash = con.execute(
                "SELECT id FROM user_queries WHERE owner = ? AND name = ? AND id <> ?",
                (owner.username, q.name, int(editing[len(PREFIX) :])),
            ).fetchone()
            if row is not None and clash is not None:
                raise questions.QueryError(f"you already have a query named {q.name!r}")
            if row is not None:
                con.execute("UPDATE user_queries SET name = ? WHERE id = ?", (q.name, row["id"]))
        if row is None:
            row = con.execute(
                "SELECT id FROM user_queries WHERE owner = ? AND name = ?",
                (owner.username, q.name),
            ).fetchone()
        if row is None:
            qid = con.execute(
                "INSERT INTO user_queries (owner, name, shared, created_at) VALUES (?, ?, ?, ?)",
                (owner.username, q.name, int(shared), now),
            ).lastrowid
            version = 1
        else:
            qid = row["id"]
            con.execute("UPDATE user_queries SET shared = ? WHERE id = ?", (int(shared), qid))
            version = con.execute(
                "SELECT max(version) + 1 FROM user_query_versions WHERE query_id = ?", (qid,)
            ).fetchone()[0]
        con.execute(
            "INSERT INTO user_query_versions (query_id, version, text, saved_by, saved_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (qid, version, text, owner.username, now),
        )
    found = get(db, owner, f"{PREFIX}{qid}", list(owner.agencies))
    assert found is not None
    return found


def _row_to_query(row: object) -> UserQuery:
    return UserQuery(
        row["id"],
        row["owner"],
        row["name"],
        bool(row["shared"]),  # type: ignore[index]
        row["version"],
        row["text"],
    )  # type: ignore[index]


_LATEST = (
    "SELECT q.id, q.owner, q.name, q.shared, v.version, v.text FROM user_queries q "
    "JOIN user_query_versions v ON v.query_id = q.id "
    "AND v.version = (SELECT max(version) FROM user_query_versions WHERE query_id = q.id)"
)


def _visible(db: AppDB, viewer: User, row: object, cleared: Iterable[str]) -> bool:
    if row["owner"] == viewer.username:  # type: ignore[index]
        return True
    if not row["shared"]:  # type: ignore[index]
        return False
    owner = get_user(db, row["owner"])  # type: ignore[index]
    if owner is None:
        return False
    if viewer.all_agencies:
        return True
    return not owner.all_agencies and set(owner.agencies) <= set(cleared)


def visible(db: AppDB, viewer: User, cleared: Iterable[str]) -> list[UserQuery]:
    """The viewer's own queries and the team queries they may see, by name."""
    with db.connect() as con:
        rows = con.execute(_LATEST + " ORDER BY q.name").fetchall()
    return [_row_to_query(r) for r in rows if _visible(db, viewer, r, cleared)]


def get(db: AppDB, viewer: User, key: str, cleared: Iterable[str]) -> UserQuery | None:
    if not key.startswith(PREFIX) or not key[len(PREFIX) :].isdigit():
        return None
    with db.connect() as con:
        row = con.execute(_LATEST + " WHERE q.id = ?", (int(key[len(PREFIX) :]),)).fetchone()
    return _row_to_query(row) if row and _visible(db, viewer, row, cleared) else None


def versions(db: AppDB, owner: User, key: str) -> list[tuple[int, str, str]]:
    """(version, saved_at, text) of one of the owner's queries, oldest first."""
    with db.connect() as con:
        return [
            (r["version"], r["saved_at"], r["text"])
            for r in con.execute(
                "SELECT v.version, v.saved_at, v.text FROM user_query_versions v "
                "JOIN user_queries q ON q.id = v.query_id WHERE q.id = ? AND q.owner = ? "
                "ORDER BY v.version",
                (int(key[len(PREFIX) :]), owner.username),
            )
        ]


def rename(
    db: AppDB, graph: Graph, owner: User, scope: Scope, key: str, new_name: str
) -> UserQuery:
    """A new version whose header carries the new name (saved like any edit of the query)."""
    current = get(db, owner, key, list(owner.agencies))
    if current is None or current.owner != owner.username:
        raise questions.QueryError("only the owner can rename a query")
    text = current.text.replace(f"// name: {current.query.name}", f"// name: {new_name}", 1)
    return save(db, graph, owner, scope, text, current.shared, editing=key)


def delete(db: AppDB, owner: User, key: str) -> str:
    """Delete one of the owner's queries (all versions); returns its last text for the audit."""
    current = get(db, owner, key, list(owner.agencies))
    if current is None or current.owner != owner.username:
        raise questions.QueryError("only the owner can delete a query")
    with db.connect() as con:
        con.execute("DELETE FROM user_queries WHERE id = ?", (current.id,))
    return current.text
