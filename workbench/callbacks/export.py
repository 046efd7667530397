"""Export the chart as it is drawn (PDF report, PNG, SVG, i2 ANX, GraphML, CSV, JSON) with the
provenance of every node and link; audited as a dissemination: what, who, when, case,
recipient and purpose."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, no_update
from flask import session

from exports import formats
from workbench.callbacks.common import browser_positions, investigator, load_chart, record
from workbench.policy import INVESTIGATE, guard

RECIPIENT_NEEDED = "Say who receives it (a person, unit or agency, or 'own case file')."


def chart_export(
    fmt: str, case: str, title: str, recipient: str, positions: dict[str, tuple[float, float]]
) -> formats.Export | None:
    user, s, cleared = investigator()
    head = formats.header(
        user.username,
        cleared,
        s.settings.handling_banner,
        case=case,
        title=title,
        recipient=recipient,
        purpose=session.get("purpose") or "",
    )
    out = formats.of_chart(s.graph, load_chart(user, s), cleared, fmt, head, positions)
    if out is not None:
        record("export", out.audit_detail())
    return out


def register(app: Dash) -> None:
    @app.callback(
        Output("export-dialog", "is_open"),
        Output("export-case", "value"),
        Input("export-open", "n_clicks"),
        State("export-case", "value"),
        prevent_initial_call=True,
    )
    @guard(INVESTIGATE)
    def open_dialog(_n, case):  # type: ignore[no-untyped-def]
        return True, case or session.get("purpose") or ""

    app.clientside_callback(  # the chart full screen (no server round trip)
        ClientsideFunction("civicfusion", "fullscreen"),
        Output("fullscreen-done", "data"),
        Input("btn-fullscreen", "n_clicks"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("civicfusion", "positions"),
        Output("export-positions", "data"),
        Input("export-go", "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output("chart-download", "data"),
        Output("export-message", "children"),
        Output("export-dialog", "is_open", allow_duplicate=True),
        Input("export-positions", "data"),
        State("export-format", "value"),
        State("export-case", "value"),
        State("export-title", "value"),
        State("export-recipient", "value"),
        prevent_initial_call=True,
    )
    @guard(INVESTIGATE)
    def download(positions, fmt, case, title, recipient):  # type: ignore[no-untyped-def]
        if fmt not in formats.FORMATS:
            return no_update, dbc.Alert("Choose a format.", color="warning"), no_update
        recipient = (recipient or "").strip()
        if not recipient:
            return no_update, dbc.Alert(RECIPIENT_NEEDED, color="warning"), no_update
        out = chart_export(
            fmt,
            (case or "").strip(),
            (title or "").strip(),
            recipient,
            browser_positions(positions),
        )
        if out is None:
            return (
                no_update,
                dbc.Alert("The chart is empty: nothing to export.", color="info"),
                no_update,
            )
        if isinstance(out.content, bytes):
            data = dcc.send_bytes(out.content, out.filename)
        else:
            data = {"content": out.content, "filename": out.filename}
        return data, None, False
