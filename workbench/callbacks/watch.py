"""The Watch button: a standing alert on the selected person (its whole resolved subject) or
shared identifier, set from the chart (watch/alerts.py; what is there now is not told)."""

from __future__ import annotations

from dash import Dash, Input, Output, State

from watch import alerts, evaluate
from workbench.callbacks.common import investigator, load_chart, record
from workbench.policy import INVESTIGATE, guard


def register(app: Dash) -> None:
    @app.callback(
        Output("chart-message", "children", allow_duplicate=True),
        Output("chart-message", "color", allow_duplicate=True),
        Output("chart-message", "is_open", allow_duplicate=True),
        Input("btn-watch", "n_clicks"),
        State("chart", "selectedNodeData"),
        prevent_initial_call=True,
    )
    @guard(INVESTIGATE)
    def watch(_n, selected):  # type: ignore[no-untyped-def]
        user, s, _cleared = investigator()
        chart = load_chart(user, s)  # what is on the user's own chart, never the browser's word
        picked = [el for d in selected or [] if d and (el := chart.element(str(d.get("id"))))]
        watched = []
        for el in picked[:5]:
            data = el["data"]
            kind = "subject" if data.get("type") == "Person" else (
                "identifier" if data.get("shared") else None
            )  # fmt: skip
            if kind is None:
                continue
            name = f"{data.get('type')}: {data.get('name') or data['id']}"
            alert = alerts.add(s.db, user, name, kind, {"uid": data["id"]})
            known = evaluate.baseline(s.db, s.graph, alert)
            record("alert-watch", {"alert": alert.id, "kind": kind, "uid": data["id"],
                                   "known": known})  # fmt: skip
            watched.append(name)
        if not watched:
            return (
                "Select a person, or a shared phone, vehicle, address or e-mail, to watch.",
                "warning",
                True,
            )
        return (
            f"Watching {', '.join(watched)}: what later loads add is told in your Inbox "
            "(civicfusion alerts list shows your alerts).",
            "success",
            True,
        )
