"""The saved-query panel: pick a query, fill its generated form, run; graph answers go on the
chart (as one undoable step), table answers to the Results tab; the Cypher is one click away."""

from __future__ import annotations

import hashlib
from typing import Any

import dash_bootstrap_components as dbc
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update

from access import personal_queries
from access.users import User
from charts import elements
from exports.csvsafe import cell_text
from graph import adhoc, guarded, questions
from graph.scope import Scope
from workbench.callbacks.common import (
    chart_lock,
    investigator,
    load_chart,
    me,
    purpose_missing,
    record,
    save_chart,
    subject_held,
)
from workbench.pointer_cards import pointer_cards
from workbench.policy import INVESTIGATE, guard
from workbench.services import Services

MAX_TABLE_ROWS = 200
# Parameters filled from the nodes selected on the chart when the form opens.
FROM_SELECTION = {"subject": 0, "from_subject": 0, "location": 0, "to_subject": 1}


def text_hash(text: str) -> str:
    """SHA-256 of a query's text, for the audit (what exactly ran)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def resolve_query(key: str) -> questions.SavedQuery:
    """A library query by name or a visible user query by key ("user:<id>")."""
    if key.startswith(personal_queries.PREFIX):
        user, s, cleared = investigator()
        found = personal_queries.get(s.db, user, key, cleared)
        if found is None:
            raise questions.QueryError("that query is gone or not shared with you")
        return found.query
    return questions.get(key)


def field(p: questions.Parameter, value: Any) -> html.Div:
    kind = {"integer": "number", "float": "number", "date": "date"}.get(p.type, "text")
    control: Any
    if p.allowed:
        control = dcc.Dropdown(
            id={"type": "query-param", "name": p.name},
            options=[{"label": str(a), "value": a} for a in p.allowed],
            value=value,
            clearable=False,
            className="small-dropdown",
        )
    elif p.type == "boolean":
        control = dbc.Checkbox(
            id={"type": "query-param", "name": p.name}, value=bool(value), label=p.description
        )
    else:
        control = dbc.Input(
            id={"type": "query-param", "name": p.name},
            type=kind,
            size="sm",
            value=value,
            placeholder=p.description,
        )
    return html.Div(
        [dbc.Label(p.name.replace("_", " "), className="small mb-0"), control],
        className="mb-1",
        title=p.description,
    )


def result_table(result: questions.Result) -> html.Div:
    shown = result.rows[:MAX_TABLE_ROWS]
    head = html.Thead(html.Tr([html.Th(c) for c in result.columns]))
    body = html.Tbody([html.Tr([html.Td(cell_text(r[c])) for c in result.columns]) for r in shown])
    more = (f" (first {MAX_TABLE_ROWS} shown)" if len(result.rows) > MAX_TABLE_ROWS else "") + (
        " — stopped at the row cap" if result.truncated else ""
    )
    return html.Div(
        [
            html.H6(
                f"{result.query.title}: {len(result.rows)} row(s){more}", className="panel-title"
            ),
            # wide answers scroll sideways inside the panel instead of being cut off
            dbc.Table(
                [head, body], size="sm", striped=True, responsive=True, className="result-table"
            ),
        ]
    )


def deliver(result: questions.Result, to_chart: bool, step: str, refresh: int | None) -> tuple:
    """An answer to the chart (one undoable step) or to the Results tab; the four outputs
    (results, status, chart-refresh, active tab) of the query and ad-hoc callbacks."""
    capped = " Stopped at the row cap: narrow the question." if result.truncated else ""
    if not to_chart:
        return (
            result_table(result),
            f"{len(result.rows)} row(s) in Results.{capped}",
            no_update,
            "tab-results",
        )
    user, s, _ = me()
    with chart_lock(user):
        chart = load_chart(user, s)
        n, m = chart.add(
            [elements.node(e) for e in result.entities],
            [elements.edge(k) for k in result.links],
            step,
        )
        save_chart(user, s, chart)
    return (
        result_table(result),
        f"{step}: {n} new item(s) and {m} new link(s) on the chart.{capped}",
        (refresh or 0) + 1,
        no_update,
    )


def subjects_held_elsewhere(user: User, s: Services, cleared: Scope, params: dict) -> list:
    """Pointer cards for the subjects a query was asked about (its subject parameters)."""
    uids = [v for k, v in params.items() if k in FROM_SELECTION and isinstance(v, str) and v]
    return [
        card
        for uid in dict.fromkeys(uids)
        for card in pointer_cards(subject_held(user, s, cleared, "query", uid), "on this subject")
    ]  # fmt: skip


def register(app: Dash) -> None:
    @app.callback(
        Output("query-form", "children"),
        Output("query-about", "children"),
        Output("query-cypher-text", "children"),
        Input("query-name", "value"),
        State("chart", "selectedNodeData"),
        prevent_initial_call=True,
    )
    @guard(INVESTIGATE)
    def show_form(name, selected):  # type: ignore[no-untyped-def]
        if not name:
            return [], "", ""
        q = resolve_query(name)
        picked = [d["id"] for d in (selected or []) if d and "source" not in d]
        fields = []
        for p in q.parameters:
            value = p.default
            if p.name in FROM_SELECTION and len(picked) > FROM_SELECTION[p.name]:
                value = picked[FROM_SELECTION[p.name]]
            fields.append(field(p, value))
        return fields, q.description, q.cypher

    @app.callback(
        Output("query-cypher", "is_open"),
        Input("query-show-cypher", "n_clicks"),
        State("query-cypher", "is_open"),
        prevent_initial_call=True,
    )
    @guard(INVESTIGATE)
    def toggle_cypher(_n, is_open):  # type: ignore[no-untyped-def]
        return not is_open

    @app.callback(
        Output("query-results", "children"),
        Output("query-status", "children"),
        Output("chart-refresh", "data"),
        Output("right-tabs", "active_tab"),
        Input("query-run", "n_clicks"),
        State("query-name", "value"),
        State({"type": "query-param", "name": ALL}, "value"),
        State("chart-refresh", "data"),
        prevent_initial_call=True,
    )
    @guard(INVESTIGATE)
    def run_query(_n, name, values, refresh):  # type: ignore[no-untyped-def]
        if not name:
            return no_update, "Pick a saved query first.", no_update, no_update
        if refusal := purpose_missing():
            return no_update, refusal, no_update, no_update
        user, s, cleared = investigator()
        names = [i["id"]["name"] for i in ctx.states_list[1]]
        params = {k: v for k, v in zip(names, values or [], strict=False)}
        asked = {"query": name, "params": params, "agencies": cleared.codes}
        try:
            if name.startswith(personal_queries.PREFIX):
                if found := personal_queries.get(s.db, user, name, cleared):
                    asked["cypher_sha256"] = text_hash(found.text)  # what exactly was asked
                result = personal_queries.run(s.db, s.graph, user, name, params, cleared)
            else:
                result = questions.run(s.graph, name, params, cleared)
        except (questions.QueryError, guarded.Busy) as exc:
            record("query", {**asked, "error": str(exc)}, "refused")
            return no_update, html.Span(str(exc), className="text-danger"), no_update, no_update
        except Exception as exc:  # timeouts, server errors: audited, then the usual handling
            record("query", {**asked, "error": type(exc).__name__}, "error")
            raise
        record("query", {**asked, "rows": len(result.rows), "withheld": result.withheld})
        held = subjects_held_elsewhere(user, s, cleared, params)
        if not result.rows:
            return (
                html.Div([html.P("No answer.", className="text-muted"), *held]),
                f"No answer to “{result.query.title}” for these parameters in the agencies "
                "you are cleared for.",
                no_update,
                no_update,
            )
        answer = deliver(result, result.query.returns == "graph", result.query.title, refresh)
        return (html.Div([*held, answer[0]]) if held else answer[0], *answer[1:])

    @app.callback(
        Output("query-results", "children", allow_duplicate=True),
        Output("query-status", "children", allow_duplicate=True),
        Output("chart-refresh", "data", allow_duplicate=True),
        Output("right-tabs", "active_tab", allow_duplicate=True),
        Input("adhoc-run", "n_clicks"),
        State("adhoc-text", "value"),
        State("chart-refresh", "data"),
        prevent_initial_call=True,
    )
    @guard(INVESTIGATE)
    def run_adhoc(_n, text, refresh):  # type: ignore[no-untyped-def]
        if refusal := purpose_missing():
            return no_update, refusal, no_update, no_update
        user, s, cleared = investigator()
        if not user.all_agencies:  # the box is not even shown to them
            record("adhoc-cypher", {"cypher": (text or "")[:2000]}, "denied")
            return (
                no_update,
                "Ad-hoc Cypher is for users cleared for every agency.",
                no_update,
                no_update,
            )
        asked = {"cypher": (text or "")[:2000], "cypher_sha256": text_hash(text or "")}
        try:
            result = adhoc.run(s.graph, text or "", cleared)
        except (adhoc.Refused, guarded.Busy) as exc:
            record("adhoc-cypher", {**asked, "refused": str(exc)}, "refused")
            return no_update, html.Span(str(exc), className="text-danger"), no_update, no_update
        except Exception as exc:  # timeouts, server errors: audited, then the usual handling
            record("adhoc-cypher", {**asked, "error": type(exc).__name__}, "error")
            raise
        record("adhoc-cypher", {**asked, "rows": len(result.rows)})
        return deliver(result, bool(result.entities), "Ad-hoc Cypher", refresh)
