"""Case charts: save the working chart to a case (with its history and layout), list them by
case, open one (showing what changed since it was saved), share, delete. Audited."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, no_update
from flask import session

from access import deconfliction
from charts import actions, cases
from charts.chart import ChartState
from workbench.callbacks.common import (
    browser_positions,
    chart_lock,
    investigator,
    load_chart,
    record,
    save_chart,
)
from workbench.case_layout import case_table
from workbench.policy import INVESTIGATE, guard


def remember(number: str, title: str, notes: str, shared: bool) -> None:
    """The case chart last saved or opened: the Save dialog starts from it."""
    session["case"] = {"case_number": number, "title": title, "notes": notes, "shared": shared}


def register(app: Dash) -> None:
    @app.callback(
        Output("case-dialog", "is_open"),
        Output("case-number", "value"),
        Output("case-title", "value"),
        Output("case-notes", "value"),
        Output("case-shared", "value"),
        Input("case-save-open", "n_clicks"),
        prevent_initial_call=True,
    )
    @guard(INVESTIGATE)
    def open_dialog(_n):  # type: ignore[no-untyped-def]
        last = session.get("case") or {}
        return (
            True,
            last.get("case_number") or session.get("purpose") or "",
            last.get("title", ""),
            last.get("notes", ""),
            bool(last.get("shared")),
        )

    app.clientside_callback(
        ClientsideFunction("civicfusion", "positions"),
        Output("case-positions", "data"),
        Input("case-save", "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output("case-message", "children"),
        Output("case-dialog", "is_open", allow_duplicate=True),
        Output("chart-message", "children", allow_duplicate=True),
        Output("chart-message", "color", allow_duplicate=True),
        Output("chart-message", "is_open", allow_duplicate=True),
        Input("case-positions", "data"),
        State("case-number", "value"),
        State("case-title", "value"),
        State("case-notes", "value"),
        State("case-shared", "value"),
        prevent_initial_call=True,
    )
    @guard(INVESTIGATE)
    def save(positions, number, title, notes, shared):  # type: ignore[no-untyped-def]
        user, s, cleared = investigator()
        with chart_lock(user):
            chart = load_chart(user, s)
        if not chart.node_ids():
            return dbc.Alert("The chart is empty.", color="info"), no_update, *[no_update] * 3
        shown = {e["data"]["id"] for e in chart.view(cleared)}
        drawn = {k: v for k, v in browser_positions(positions).items() if k in shown}
        try:
            case_id = cases.save(
                s.db,
                user.username,
                number or "",
                title or "",
                notes or "",
                bool(shared),
                chart.to_dict(),
                actions.chart_agencies(chart),
                drawn,
                actions.known_links(chart, s.graph, cleared),
            )
        except ValueError as exc:
            return dbc.Alert(str(exc), color="warning"), no_update, *[no_update] * 3
        number, title = (number or "").strip(), (title or "").strip()
        remember(number, title, notes or "", bool(shared))
        record(
            "case-save",
            {"case_chart": case_id, "case": number, "title": title, "shared": bool(shared)},
        )
        met = deconfliction.register_case(s.db, case_id, user, number, chart.to_dict())
        said = f"Saved to case {number}: “{title}”."
        if met:
            others = "; ".join(sorted({f"{o.agency} case {o.reference} ({o.what})" for o in met}))
            said += (
                f" Deconfliction: {others}. Both agencies have a notice with each other's "
                "contact in their Inbox."
            )
        return None, False, said, "warning" if met else "success", True

    @app.callback(
        Output("cases-list", "children"),
        Output("cases-message", "children"),
        Input("cases-filter", "value"),
        Input({"type": "case-share", "index": ALL}, "n_clicks"),
        Input({"type": "case-delete", "index": ALL}, "n_clicks"),
    )
    @guard(INVESTIGATE)
    def listing(text, _share, _delete):  # type: ignore[no-untyped-def]
        user, s, cleared = investigator()
        message = None
        trigger = ctx.triggered_id
        if isinstance(trigger, dict) and any(t.get("value") for t in ctx.triggered):
            case_id = int(trigger["index"])
            case = cases.get(s.db, case_id, user.username, cleared)
            if case is None or case.owner != user.username:
                message = dbc.Alert("Only the owner can change a case chart.", color="warning")
            elif trigger["type"] == "case-share":
                cases.set_shared(s.db, case_id, user.username, not case.shared)
                record("case-share", {"case_chart": case_id, "shared": not case.shared})
            else:
                cases.delete(s.db, case_id, user.username)
                record("case-delete", {"case_chart": case_id, "case": case.case_number})
                message = dbc.Alert(f"Deleted “{case.label}”.", color="info")
        found = cases.listing(s.db, user.username, cleared, (text or "").strip())
        return case_table(found, user.username), message

    @app.callback(
        Output("url", "pathname", allow_duplicate=True),
        Output("cases-message", "children", allow_duplicate=True),
        Input({"type": "case-open", "index": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    @guard(INVESTIGATE)
    def open_case(clicks):  # type: ignore[no-untyped-def]
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not any(clicks or []):
            return no_update, no_update
        user, s, cleared = investigator()
        case = cases.get(s.db, int(trigger["index"]), user.username, cleared)
        if case is None:
            return no_update, dbc.Alert("No such case chart.", color="warning")
        with chart_lock(user):
            chart = ChartState.from_dict(case.state, s.settings.history_steps)
            outcome = actions.what_changed(chart, s.graph, cleared, case.known_links, case.saved_at)
            chart.positions = {k: list(v) for k, v in case.positions.items()}
            save_chart(user, s, chart)
        remember(case.case_number, case.title, case.notes, case.shared)
        session["chart_notice"] = {
            "message": f"Opened case chart “{case.label}” ({case.owner}). {outcome.message}",
            "colour": outcome.colour,
        }
        record(
            "case-open",
            {"case_chart": case.id, "case": case.case_number, "owner": case.owner}
            | (outcome.audit or {}),
        )
        return "/", None
