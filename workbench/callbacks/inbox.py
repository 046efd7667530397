"""The inbox page's one action: dismiss a notice of one of the user's own agencies."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, ctx, no_update

from access import agencies as agency_records
from access import notices
from watch import alerts
from workbench.callbacks.common import investigator, record
from workbench.inbox_layout import alerts_list, inbox_list
from workbench.policy import INVESTIGATE, guard


def register(app: Dash) -> None:
    register_notices(app)
    register_alerts(app)


def register_notices(app: Dash) -> None:
    @app.callback(
        Output("inbox-box", "children"),
        Input({"type": "inbox-dismiss", "index": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    @guard(INVESTIGATE)
    def dismiss(clicks):  # type: ignore[no-untyped-def]
        user, s, cleared = investigator()
        hit = ctx.triggered_id
        if not hit or not any(clicks or []):
            return no_update
        done = notices.dismiss(s.db, int(hit["index"]), cleared.codes, user.username)
        record("inbox-dismiss", {"notice": hit["index"]}, "ok" if done else "denied")
        registry = {a.code: a for a in agency_records.listing(s.db)}
        return inbox_list(notices.inbox(s.db, cleared.codes, user.username), registry)


def register_alerts(app: Dash) -> None:
    @app.callback(
        Output("alerts-box", "children"),
        Input({"type": "alert-remove", "index": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    @guard(INVESTIGATE)
    def remove(clicks):  # type: ignore[no-untyped-def]
        user, s, _ = investigator()
        hit = ctx.triggered_id
        if not hit or not any(clicks or []):
            return no_update
        alerts.remove(s.db, int(hit["index"]), user)  # (only the user's own; audited)
        return alerts_list(alerts.listing(s.db, user.username))
