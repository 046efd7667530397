"""The link chart: one callback takes every chart command, runs it, saves and redraws.

The chart (and its history) lives in the application database, keyed by the signed-in
user, so a reload keeps the investigator's work and nothing on it comes from the browser.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from workbench import actions
from workbench.callbacks.common import load_chart, me, record, save_chart
from workbench.chart import ChartState
from workbench.policy import INVESTIGATE, guard


def layout_of(chart: ChartState) -> dict:
    return {
        "name": chart.current.layout,
        "animate": False,
        "randomize": False,
        "fit": True,
        "padding": 30,
        "nodeDimensionsIncludeLabels": True,
        # fcose / cola spacing that leaves room for captions
        "idealEdgeLength": 110,
        "nodeRepulsion": 12000,
        "nodeSeparation": 90,
        "edgeLength": 110,
        "spacingFactor": 1.1,
        "step": len(chart.steps) * 1000 + chart.at,  # a new value re-runs the layout
    }


def history_options(chart: ChartState) -> list[dict]:
    return [
        {
            "label": html.Span(f"{i}. {s.label}", className="current" if i == chart.at else ""),
            "value": i,
        }
        for i, s in enumerate(chart.steps)
    ]


def counts_text(chart: ChartState, cleared: list[str]) -> str:
    c = chart.counts(set(cleared))
    kinds = ", ".join(f"{k} {v}" for k, v in c.items() if k not in ("nodes", "edges"))
    hidden = f", {len(chart.current.hidden)} hidden" if chart.current.hidden else ""
    return f"{c['nodes']} nodes, {c['edges']} links{hidden}" + (f" — {kinds}" if kinds else "")


def selected_ids(selected: list[dict] | None) -> list[str]:
    return [d["id"] for d in (selected or []) if d and "source" not in d]


def register(app: Dash) -> None:
    @app.callback(
        Output("chart", "elements"),
        Output("chart", "layout"),
        Output("history", "options"),
        Output("history", "value"),
        Output("chart-message", "children"),
        Output("chart-message", "color"),
        Output("chart-message", "is_open"),
        Output("chart-counts", "children"),
        Output("btn-undo", "disabled"),
        Output("btn-redo", "disabled"),
        Output("layout-choice", "value"),
        Output("resolved-view", "value"),
        Input("add-selected", "n_clicks"),
        Input("add-all", "n_clicks"),
        Input("btn-expand", "n_clicks"),
        Input("double-tap", "data"),  # double-click on a node (assets/civicfusion.js)
        Input("btn-path", "n_clicks"),
        Input("btn-hide", "n_clicks"),
        Input("btn-show", "n_clicks"),
        Input("btn-pin", "n_clicks"),
        Input("btn-remove", "n_clicks"),
        Input("btn-clear", "n_clicks"),
        Input("btn-undo", "n_clicks"),
        Input("btn-redo", "n_clicks"),
        Input("layout-choice", "value"),
        Input("resolved-view", "value"),
        Input("history", "value"),
        Input("chart-refresh", "data"),  # a saved query put its answer on the chart
        State("search-results", "value"),
        State("search-results", "options"),
        State("chart", "selectedNodeData"),
        State("expand-types", "value"),
        State("expand-dates", "start_date"),
        State("expand-dates", "end_date"),
        State("expand-agencies", "value"),
        State("expand-cap", "value"),
        State("path-hops", "value"),
    )
    @guard(INVESTIGATE)
    def chart_command(  # type: ignore[no-untyped-def]
        _add,
        _add_all,
        _expand,
        double_tap,
        _path,
        _hide,
        _show,
        _pin,
        _remove,
        _clear,
        _undo,
        _redo,
        layout,
        resolved,
        history_at,
        _refresh,
        picked,
        results,
        selected,
        types,
        since,
        until,
        agencies,
        cap,
        hops,
    ):
        user, s, cleared = me()
        chart = load_chart(user, s)
        trigger = ctx.triggered_id
        ids = selected_ids(selected)
        outcome: actions.Outcome | None = None
        if trigger in ("add-selected", "add-all"):
            values = picked if trigger == "add-selected" else [o["value"] for o in results or []]
            refs = [tuple(v.split("|", 1)) for v in values or [] if "|" in v]
            outcome = actions.add_entities(chart, s.graph, cleared, refs)  # type: ignore[arg-type]
            action = "chart-add"
        elif trigger in ("btn-expand", "double-tap"):
            targets = [double_tap["id"]] if trigger == "double-tap" and double_tap else ids
            outcome = actions.expand(
                chart, s.graph, cleared, targets, types or [], since, until, agencies, cap
            )
            action = "chart-expand"
        elif trigger == "btn-path":
            outcome = actions.find_paths(chart, s.graph, cleared, ids, hops)
            action = "chart-path"
        elif trigger == "btn-hide":
            chart.hide(ids)
        elif trigger == "btn-show":
            chart.show_hidden()
        elif trigger == "btn-pin":
            chart.toggle_pin(ids)
        elif trigger == "btn-remove":
            chart.remove(ids)
        elif trigger == "btn-clear":
            chart.clear()
        elif trigger == "btn-undo":
            chart.undo()
        elif trigger == "btn-redo":
            chart.redo()
        elif trigger == "layout-choice" and layout:
            chart.set_layout(layout)
        elif trigger == "resolved-view":
            chart.set_resolved(bool(resolved))
        elif trigger == "history":
            if history_at is None or history_at == chart.at:
                raise PreventUpdate
            chart.go(min(int(history_at), len(chart.steps) - 1))
        if outcome is not None and outcome.audit is not None:
            record(action, outcome.audit, "ok" if outcome.colour != "danger" else "error")
        save_chart(user, s, chart)
        return (
            chart.view(set(cleared)),
            layout_of(chart),
            history_options(chart),
            chart.at,
            outcome.message if outcome else no_update,
            outcome.colour if outcome else no_update,
            outcome is not None,
            counts_text(chart, cleared),
            not chart.can_undo,
            not chart.can_redo,
            chart.current.layout,
            chart.current.resolved,
        )
