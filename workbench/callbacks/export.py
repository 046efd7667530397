"""Export the chart as it is drawn (GraphML, CSV, JSON) with the provenance of every node and
link; audited with what, who, when and the stated case/purpose."""

from __future__ import annotations

from dash import Dash, Input, Output, ctx, no_update
from flask import session

from graph import explore
from workbench import exports
from workbench.audit import utcnow
from workbench.callbacks.common import load_chart, me, record
from workbench.policy import INVESTIGATE, guard


def chart_export(fmt: str) -> dict | None:
    user, s, cleared = me()
    chart = load_chart(user, s)
    view = chart.view(set(cleared))
    if not view:
        return None
    # (a resolved subject stands for its records: their provenance is looked up)
    nodes = [r for n in view if "source" not in n["data"] for r in chart.refs([n["data"]["id"]])]
    links = {e["data"]["id"]: e["data"].get("element_id") for e in view if "source" in e["data"]}
    records = explore.provenance(s.graph, nodes, links, cleared)
    header = {
        "exported_by": user.username,
        "exported_at": utcnow(),
        "purpose": session.get("purpose") or "",
        "agencies": ", ".join(cleared),
        "handling": "Law enforcement sensitive - criminal justice information",
    }
    text = exports.export(view, records, fmt, header)
    record(
        "export",
        {
            "format": fmt,
            "nodes": sum("source" not in e["data"] for e in view),
            "links": sum("source" in e["data"] for e in view),
        },
    )
    return {"content": text, "filename": f"civicfusion-chart.{fmt}"}


def register(app: Dash) -> None:
    @app.callback(
        Output("chart-download", "data"),
        Input("export-graphml", "n_clicks"),
        Input("export-csv", "n_clicks"),
        Input("export-json", "n_clicks"),
        prevent_initial_call=True,
    )
    @guard(INVESTIGATE)
    def download(*_clicks):  # type: ignore[no-untyped-def]
        fmt = str(ctx.triggered_id or "").removeprefix("export-")
        if fmt not in exports.FORMATS:
            return no_update
        return chart_export(fmt) or no_update
