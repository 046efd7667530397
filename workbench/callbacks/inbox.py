"""The inbox page: dismiss a notice, put an alert's new records on the chart, remove an alert."""

from __future__ import annotations

from typing import Any

from dash import ALL, Dash, Input, Output, ctx, no_update

from access import agencies as agency_records
from access import notices
from charts import actions
from watch import alerts
from workbench.callbacks.common import chart_lock, investigator, load_chart, record, save_chart
from workbench.inbox_layout import alerts_list, inbox_list
from workbench.policy import INVESTIGATE, guard
from workbench.services import Services


def inbox_now(s: Services, codes: list[str], username: str) -> Any:
    """The inbox list as it stands (after a notice was handled)."""
    return inbox_list(notices.inbox(s.db, codes, username), agency_records.by_code(s.db))


def register(app: Dash) -> None:
    register_notices(app)
    register_alerts(app)
    register_confirm(app)


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
        return inbox_now(s, cleared.codes, user.username)


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


def register_confirm(app: Dash) -> None:
    @app.callback(
        Output("inbox-box", "children", allow_duplicate=True),
        Output("inbox-message", "children"),
        Input({"type": "alert-chart", "index": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    @guard(INVESTIGATE)
    def confirm(clicks):  # type: ignore[no-untyped-def]
        """An alert's new records put on the user's chart (read again with the user's reach
        now), the notice marked done."""
        user, s, cleared = investigator()
        hit = ctx.triggered_id
        if not hit or not any(clicks or []):
            return no_update, no_update
        mine = {n.id: n for n in notices.inbox(s.db, cleared.codes, user.username)}
        notice = mine.get(int(hit["index"]))
        if notice is None or notice.kind != "alert" or notice.username != user.username:
            record("alert-chart", {"notice": hit["index"]}, "denied")
            return no_update, "That notice is not one of your alerts."
        labels = notice.body.get("labels") or {}
        refs = [(labels[u], u) for u in notice.body.get("records") or [] if labels.get(u)]
        with chart_lock(user):
            chart = load_chart(user, s)
            outcome = actions.add_entities(chart, s.graph, cleared, refs)
            save_chart(user, s, chart)
        notices.dismiss(s.db, notice.id, cleared.codes, user.username)
        record("alert-chart", {"notice": notice.id, **(outcome.audit or {})})
        listing = inbox_now(s, cleared.codes, user.username)
        return listing, f"{outcome.message} Open Investigate to see them."
