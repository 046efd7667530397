"""Personal and team queries in the saved-query panel: write/edit (new version), delete,
download and import .cypher files. Everything is validated on save and audited."""

from __future__ import annotations

import base64
import json
from importlib import resources

from dash import Dash, Input, Output, State, no_update

from access import personal_queries
from graph import questions
from workbench.callbacks.common import investigator, record
from workbench.panels import query_options
from workbench.policy import INVESTIGATE, guard

TEMPLATE = """// name: my_query
// title: My query
// description: What this question answers.
// category: people
// parameters:
//   subject: {{type: string, description: uid of a person record}}
// returns: graph
// revision: 1
MATCH (s:Person {{uid: $subject}})-[r]-(x)
WHERE s.agency IN $agencies AND r.agency IN $agencies AND x.agency IN $agencies
RETURN s, r, x
"""


def query_text(key: str | None) -> tuple[str, bool, bool] | None:
    """(text, shared, is mine) of a library query or a visible user query."""
    user, s, cleared = investigator()
    if key and key.startswith(personal_queries.PREFIX):
        found = personal_queries.get(s.db, user, key, cleared)
        if found is not None:
            return found.text, found.shared, found.owner == user.username
    if key and key in questions.library():
        path = resources.files("queries") / f"{key}.cypher"
        return path.read_text(encoding="utf-8"), False, False
    return None


def preset_text(base: questions.SavedQuery) -> str:
    """A saved question: the library query ``base`` with the user's own title and values."""
    lines = [
        f"// name: my_{base.library_name or base.name}",
        f"// title: {base.title} (mine)",
        f"// from: {base.library_name or base.name}",
        "// values:",
    ]
    for p in base.parameters:
        value = p.default if p.default is not None else ""
        lines.append(f"//   {p.name}: {json.dumps(value)}  # {p.description}")
    return "\n".join(lines) + "\n"


def starting_text(key: str | None) -> tuple[str, bool]:
    """What the editor opens with: the user's own query, else a copy of the selected one
    (a saved question of the library's for users not cleared for every agency: they may not
    write Cypher of their own, see graph.adhoc)."""
    user, _, _ = investigator()
    found = query_text(key)
    if found is None:
        if not user.all_agencies:
            return preset_text(questions.get("co_offenders")), False
        return TEMPLATE.format(), False
    text, shared, mine = found
    if mine:
        return text, shared
    if not user.all_agencies:
        return preset_text(questions.parse(text)), False
    name = questions.parse(text).name
    return text.replace(f"// name: {name}", f"// name: my_{name}", 1), False


def register(app: Dash) -> None:
    @app.callback(
        Output("query-editor", "is_open"),
        Output("query-editor-text", "value"),
        Output("query-editor-shared", "value"),
        Output("query-editor-message", "children"),
        Output("query-editor-key", "data"),
        Input("query-edit", "n_clicks"),
        State("query-name", "value"),
        prevent_initial_call=True,
    )
    @guard(INVESTIGATE)
    def open_editor(_n, key):  # type: ignore[no-untyped-def]
        text, shared = starting_text(key)
        found = query_text(key)
        editing = key if found is not None and found[2] else None  # one of mine: edit it
        return True, text, shared, "", editing

    @app.callback(
        Output("query-editor", "is_open", allow_duplicate=True),
        Output("query-editor-message", "children", allow_duplicate=True),
        Output("query-name", "options"),
        Output("query-name", "value"),
        Input("query-save", "n_clicks"),
        State("query-editor-text", "value"),
        State("query-editor-shared", "value"),
        State("query-editor-key", "data"),
        prevent_initial_call=True,
    )
    @guard(INVESTIGATE)
    def save(_n, text, shared, editing):  # type: ignore[no-untyped-def]
        user, s, cleared = investigator()
        try:
            saved = personal_queries.save(
                s.db, s.graph, user, cleared, text or "", bool(shared), editing
            )
        except questions.QueryError as exc:
            record("user-query-save", {"text": (text or "")[:4000], "error": str(exc)}, "refused")
            return no_update, f"Not saved: {exc}", no_update, no_update
        record(
            "user-query-save",
            {
                "query": saved.key,
                "name": saved.name,
                "version": saved.version,
                "shared": saved.shared,
            },
        )
        return False, "", query_options(user, cleared), saved.key

    @app.callback(
        Output("query-name", "options", allow_duplicate=True),
        Output("query-name", "value", allow_duplicate=True),
        Output("query-status", "children", allow_duplicate=True),
        Input("query-delete", "n_clicks"),
        State("query-name", "value"),
        prevent_initial_call=True,
    )
    @guard(INVESTIGATE)
    def delete(_n, key):  # type: ignore[no-untyped-def]
        user, s, cleared = investigator()
        if not key or not key.startswith(personal_queries.PREFIX):
            return no_update, no_update, "Library queries cannot be deleted; pick one of yours."
        try:
            text = personal_queries.delete(s.db, user, key)
        except questions.QueryError as exc:
            return no_update, no_update, str(exc)
        record("user-query-delete", {"query": key, "text": text[:4000]})
        return query_options(user, cleared), None, "Deleted."

    @app.callback(
        Output("query-download", "data"),
        Input("query-download-btn", "n_clicks"),
        State("query-name", "value"),
        prevent_initial_call=True,
    )
    @guard(INVESTIGATE)
    def download(_n, key):  # type: ignore[no-untyped-def]
        found = query_text(key)
        if found is None:
            return no_update
        text = found[0]
        name = questions.parse(text).name
        record("user-query-export", {"query": key})
        return {"content": text, "filename": f"{name}.cypher"}

    @app.callback(
        Output("query-name", "options", allow_duplicate=True),
        Output("query-name", "value", allow_duplicate=True),
        Output("query-status", "children", allow_duplicate=True),
        Input("query-upload", "contents"),
        State("query-upload", "filename"),
        prevent_initial_call=True,
    )
    @guard(INVESTIGATE)
    def import_file(contents, filename):  # type: ignore[no-untyped-def]
        user, s, cleared = investigator()
        try:
            text = base64.b64decode(contents.split(",", 1)[1]).decode("utf-8")
            saved = personal_queries.save(s.db, s.graph, user, cleared, text)
        except (questions.QueryError, ValueError, UnicodeDecodeError, IndexError) as exc:
            record("user-query-import", {"file": filename, "error": str(exc)}, "refused")
            return no_update, no_update, f"{filename}: not imported: {exc}"
        record("user-query-import", {"file": filename, "query": saved.key})
        return query_options(user, cleared), saved.key, f"Imported {saved.name}."
