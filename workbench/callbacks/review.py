"""Entity-resolution review (supervisors): pending pairs side by side, accept / reject / unlink."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import ALL, Dash, Input, Output, ctx, html

from graph import explore
from graph.db import Graph
from graph.scope import Scope
from resolve import explain, review_queue
from workbench.callbacks.common import investigator, record
from workbench.policy import REVIEW, guard


def record_card(r: dict[str, Any]) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(r.get("name") or "(no name)", className="fw-semibold"),
                html.Div(f"DOB {r.get('dob') or '—'}", className="small"),
                html.Div(r.get("home") or "no address", className="small text-muted"),
                html.Div(r.get("phone") or "no phone", className="small text-muted"),
                html.Div(
                    [
                        html.Span(r.get("agency"), className="badge bg-light text-dark"),
                        f" {r.get('source_system')} · {r.get('source_record_id')}",
                    ],
                    className="small text-muted",
                ),
            ]
        ),
        className="h-100",
    )


def explanation(pair: dict[str, Any]) -> html.Div:
    """One bar per comparison, strongest first: the field, what it found and its weight."""
    bars, missing = [], []
    for field, found, w in explain.reasons(pair):
        if not w:  # missing on one side: no evidence either way
            missing.append(field)
            continue
        width = min(abs(w) * 4, 100)
        bars.append(
            html.Div(
                [
                    html.Span(field, className="why-name"),
                    html.Span(found, className="why-found"),
                    html.Span(
                        html.Span(
                            className="why-bar " + ("pos" if w >= 0 else "neg"),
                            style={"width": f"{width}%"},
                        ),
                        className="why-track",
                    ),
                    html.Span(f"{w:+.1f}", className="why-value"),
                ],
                className="why-row",
                title=f"{field}: {found}" if found else field,
            )
        )
    if missing:
        bars.append(
            html.Div(
                f"Not compared (missing on one side): {', '.join(missing)}", className="why-missing"
            )
        )
    return html.Div(bars, className="why")


def pair_row(p: dict[str, Any], buttons: list[tuple[str, str, str]]) -> dbc.Card:
    a, b = p["left"]["uid"], p["right"]["uid"]
    return dbc.Card(
        dbc.CardBody(
            dbc.Row(
                [
                    dbc.Col(record_card(p["left"]), width=3),
                    dbc.Col(record_card(p["right"]), width=3),
                    dbc.Col(
                        [
                            html.Div(
                                f"match probability {p['score']:.3f} · weight "
                                f"{p['match_weight']:.1f}",
                                className="small fw-semibold",
                            ),
                            explanation(p),
                        ],
                        width=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Button(
                                text,
                                id={"type": "er-decision", "a": a, "b": b, "decision": decision},
                                color=colour,
                                size="sm",
                                className="me-1 mb-1",
                                n_clicks=0,
                            )
                            for text, decision, colour in buttons
                        ],
                        width=2,
                    ),
                ],
                className="g-2 align-items-center",
            )
        ),
        className="mb-2 pair",
    )


SHOWN = 25  # pairs shown at once (the page says how many wait in all)
DONE = {
    "confirmed": "are now one subject",
    "rejected": "are kept apart (never linked again automatically)",
    "unlinked": "are separate subjects again",
}


def decided_text(graph: Graph, scope: Scope, a: str, b: str, decision: str, status: str) -> str:
    """The confirmation in people's names and agencies, not record ids."""
    found = {e.uid: e for e in explore.entities(graph, [("Person", a), ("Person", b)], scope)}

    def who(uid: str) -> str:
        e = found.get(uid)
        return f"{e.props.get('name') or uid} ({e.props.get('agency')})" if e else uid

    done = DONE.get(status, f"are now {status}")
    return f"{decision.capitalize()}: {who(a)} and {who(b)} {done}."


def register(app: Dash) -> None:
    @app.callback(
        Output("review-list", "children"),
        Output("review-linked", "children"),
        Output("review-message", "children"),
        Input({"type": "er-decision", "a": ALL, "b": ALL, "decision": ALL}, "n_clicks"),
        Input("review-refresh", "data"),
    )
    @guard(REVIEW)
    def review(_clicks, _refresh):  # type: ignore[no-untyped-def]
        user, s, cleared = investigator()
        message: Any = None
        trig = ctx.triggered_id
        if isinstance(trig, dict) and ctx.triggered and ctx.triggered[0]["value"]:
            status = review_queue.decide(
                s.graph, trig["a"], trig["b"], trig["decision"], user.username, cleared
            )
            record(
                "er-decision",
                {"a": trig["a"], "b": trig["b"], "decision": trig["decision"], "status": status},
            )
            message = dbc.Alert(
                decided_text(s.graph, cleared, trig["a"], trig["b"], trig["decision"], status),
                color="success",
                className="py-1",
            )
        pending = review_queue.pending(s.graph, cleared, SHOWN)
        linked = review_queue.decided(s.graph, cleared, 15)
        total = review_queue.waiting(s.graph, cleared) if pending else 0
        pend = (
            [
                html.P(
                    f"{len(pending)} of {total} pair(s) waiting, most likely first.",
                    className="small text-muted",
                ),
                *[
                    pair_row(p, [("Accept", "accept", "success"), ("Reject", "reject", "danger")])
                    for p in pending
                ],
            ]
            if pending
            else [html.P("No pairs are waiting. ", className="text-muted")]
        )
        link_rows = [pair_row(p, [("Unlink", "unlink", "outline-danger")]) for p in linked] or [
            html.P("No linked pairs yet.", className="text-muted")
        ]
        return pend, link_rows, message
