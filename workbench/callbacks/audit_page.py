"""The auditor's page: the audit log filtered by action, user and time; chain check; CSV
export (which is itself audited). Only the auditor role reaches these callbacks."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, html, no_update

from access import audit
from exports.csvsafe import to_csv
from workbench.callbacks.common import me, record
from workbench.policy import guard

AUDIT = frozenset({"auditor"})
COLUMNS = ["seq", "at", "username", "action", "outcome", "client", "detail"]
SHOWN = 500


def _filtered(action: str | None, user: str | None, since: str | None) -> list[dict]:
    _, s, _ = me()
    return [
        e
        for e in audit.entries(s.db, action or None, 100_000)
        if (not user or e["username"] == user) and (not since or e["at"] >= since)
    ]


def register(app: Dash) -> None:
    @app.callback(
        Output("audit-table", "children"),
        Output("audit-verify", "children"),
        Output("audit-action", "options"),
        Input("audit-action", "value"),
        Input("audit-user", "value"),
        Input("audit-since", "value"),
    )
    @guard(AUDIT)
    def show(action, user, since):  # type: ignore[no-untyped-def]
        _, s, _ = me()
        rows = _filtered(action, user, since)
        ok, message = audit.verify(s.db)
        banner = dbc.Alert(
            ("Chain intact: " if ok else "TAMPERED: ") + message,
            color="success" if ok else "danger",
            className="py-1",
        )
        actions = sorted({e["action"] for e in audit.entries(s.db, None, 100_000)})
        head = html.Thead(html.Tr([html.Th(c) for c in COLUMNS]))
        body = html.Tbody(
            [html.Tr([html.Td(str(e[c])[:300]) for c in COLUMNS]) for e in rows[:SHOWN]]
        )
        more = f" (newest {SHOWN} shown)" if len(rows) > SHOWN else ""
        table = [
            html.Div(f"{len(rows)} entries{more}", className="small text-muted"),
            dbc.Table([head, body], size="sm", striped=True, className="result-table"),
        ]
        return table, banner, [{"label": a, "value": a} for a in actions]

    @app.callback(
        Output("audit-download", "data"),
        Input("audit-export", "n_clicks"),
        State("audit-action", "value"),
        State("audit-user", "value"),
        State("audit-since", "value"),
        prevent_initial_call=True,
    )
    @guard(AUDIT)
    def export(_n, action, user, since):  # type: ignore[no-untyped-def]
        rows = _filtered(action, user, since)
        if not rows:
            return no_update
        record(
            "audit-export", {"action": action, "user": user, "since": since, "entries": len(rows)}
        )
        return {"content": to_csv([*COLUMNS, "hash"], rows), "filename": "audit-log.csv"}
