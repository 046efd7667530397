"""The link chart: one callback takes every chart command, runs it, saves and redraws.

The chart (and its history) lives in the application database, keyed by the signed-in
user, so a reload keeps the investigator's work and nothing on it comes from the browser.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from dash import Dash, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate
from flask import session

from access.users import User
from charts import actions, timeline
from charts.chart import ChartState
from graph import guarded
from graph.scope import Scope
from workbench.callbacks.common import (
    chart_lock,
    investigator,
    load_chart,
    purpose_missing,
    record,
    save_chart,
    subject_held,
)
from workbench.pointer_cards import pointer_line
from workbench.policy import INVESTIGATE, guard
from workbench.services import Services


def layout_of(chart: ChartState) -> dict:
    shown = [n for n in chart.current.nodes if n not in chart.current.hidden]
    if chart.positions and shown and all(n in chart.positions for n in shown):
        # a reopened case chart: drawn where it was when saved
        return {"name": "preset", "fit": True, "padding": 30, "step": -len(chart.steps)}
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
    c = chart.counts(cleared)
    hidden = f", {len(chart.current.hidden)} hidden" if chart.current.hidden else ""
    kinds = ", ".join(f"{k} {v}" for k, v in c.items() if k not in ("nodes", "edges", "lines"))
    lines = f" (drawn as {c['lines']} lines)" if c["lines"] != c["edges"] else ""
    return f"{c['nodes']} nodes, {c['edges']} links{lines}{hidden}" + (
        f" — {kinds}" if kinds else ""
    )


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
        Output("colour-by-agency", "value"),
        Output("combine-links", "value"),
        Input("add-selected", "n_clicks"),
        Input("add-all", "n_clicks"),
        Input("btn-expand", "n_clicks"),
        Input("double-tap", "data"),  # double-click on a node (assets/civicfusion.js)
        Input("btn-path", "n_clicks"),
        Input("btn-who-else", "n_clicks"),
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
        Input("timeline-range", "value"),  # the Time tab's window
        Input("btn-relayout", "n_clicks"),
        Input("colour-by-agency", "value"),
        Input("combine-links", "value"),
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
        _who_else,
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
        time_range,
        _relayout,
        by_agency,
        combine,
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
        user, s, cleared = investigator()
        with chart_lock(user):
            return _command(
                user,
                s,
                cleared,
                ctx.triggered_id,
                {
                    "double_tap": double_tap,
                    "layout": layout,
                    "resolved": resolved,
                    "by_agency": by_agency,
                    "combine": combine,
                    "history_at": history_at,
                    "time_range": time_range,
                    "picked": picked,
                    "results": results,
                    "selected": selected,
                    "types": types,
                    "since": since,
                    "until": until,
                    "agencies": agencies,
                    "cap": cap,
                    "hops": hops,
                },
            )


def _command(user: User, s: Services, cleared: Scope, trigger: Any, a: dict) -> tuple:
    """Run one chart command on the user's stored chart, save it, render the outputs."""
    chart = load_chart(user, s)
    was_empty = not chart.current.nodes
    ids = selected_ids(a["selected"])
    outcome: actions.Outcome | None = None
    action = ""
    if trigger is None and (notice := session.pop("chart_notice", None)):
        outcome = actions.Outcome(notice["message"], notice["colour"])  # e.g. a case reopened
    if trigger in GRAPH_ACTIONS and (refusal := purpose_missing()):
        outcome = actions.Outcome(refusal, "warning")
        trigger = None
    try:
        if trigger in ("add-selected", "add-all"):
            values = (
                a["picked"]
                if trigger == "add-selected"
                else [o["value"] for o in a["results"] or []]
            )
            refs = [tuple(v.split("|", 1)) for v in values or [] if "|" in v]
            outcome = actions.add_entities(chart, s.graph, cleared, refs)  # type: ignore[arg-type]
            action = "chart-add"
        elif trigger in ("btn-expand", "double-tap"):
            tap = a["double_tap"]
            targets = [tap["id"]] if trigger == "double-tap" and tap else ids
            outcome = actions.expand(
                chart,
                s.graph,
                cleared,
                targets,
                a["types"] or [],
                a["since"],
                a["until"],
                a["agencies"],
                a["cap"],
            )
            action = "chart-expand"
            outcome = held_on_subjects(user, s, cleared, chart, targets, outcome)
        elif trigger == "btn-path":
            outcome = actions.find_paths(chart, s.graph, cleared, ids, a["hops"])
            action = "chart-path"
        elif trigger == "btn-who-else":
            outcome = actions.who_else_uses(chart, s.graph, cleared, ids, a["agencies"])
            action = "chart-who-else"
        elif trigger in SIMPLE:
            SIMPLE[trigger](chart, ids)
        elif trigger == "layout-choice" and a["layout"]:
            chart.set_layout(a["layout"])
        elif trigger == "btn-relayout":
            chart.set_layout(chart.current.layout)
        elif trigger == "colour-by-agency":
            chart.colour_by = "agency" if a["by_agency"] else "type"
        elif trigger == "combine-links":
            chart.combine = bool(a["combine"])
        elif trigger == "resolved-view":
            chart.set_resolved(bool(a["resolved"]))
        elif trigger == "timeline-range":
            window = time_window(chart, cleared, a["time_range"])
            if window == chart.window:
                raise PreventUpdate
            chart.window = window
        elif trigger == "history":
            at = a["history_at"]
            if at is None or at == chart.at:
                raise PreventUpdate
            chart.go(min(int(at), len(chart.steps) - 1))
    except guarded.Busy as exc:  # fair use: the chart stays as it was
        outcome = actions.Outcome(str(exc), "warning")
    if outcome is not None and outcome.audit is not None:
        record(action, outcome.audit, "ok" if outcome.colour != "danger" else "error")
    save_chart(user, s, chart)
    # Everyone stays where they are: only a new chart, a layout asked for, or a page (re)load
    # lays the chart out; new items are placed around the node they came from in the browser
    # (assets/civicfusion.js), the way i2 and Bloom add to a chart.
    relayout = trigger in RELAYOUT or (was_empty and trigger is not None)
    return (
        chart.drawn(cleared),
        layout_of(chart) if relayout else no_update,
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
        chart.colour_by == "agency",
        chart.combine,
    )


def held_on_subjects(
    user: User, s: Services, cleared: Scope, chart: ChartState, targets: list[str], outcome: Any
) -> Any:
    """The expand message with what other agencies hold on the people expanded (pointers,
    on the owners' terms; each owner told of the hit)."""
    people = [t for t in targets[:3] if (el := chart.element(t)) and el["data"]["type"] == "Person"]
    lines = [
        pointer_line(hit, owner, "on this subject")
        for uid in people
        for hit, owner in subject_held(user, s, cleared, "expand", uid)
    ]  # fmt: skip
    if not lines or outcome is None:
        return outcome
    return replace(outcome, message=f"{outcome.message} Held by another agency: {' '.join(lines)}")


def time_window(chart: ChartState, cleared: Scope, months: Any) -> list[str] | None:
    """The slider's [first month, last month] as a window of days; None when it spans every
    dated item on the chart (so later additions are never filtered by accident)."""
    items = timeline.dated(chart.view(cleared, timed=False))
    if not items or not isinstance(months, list) or len(months) != 2:
        return None
    lo, hi = timeline.month(items[0].day), timeline.month(items[-1].day)
    try:
        first, last = max(int(months[0]), lo), min(int(months[1]), hi)
    except (TypeError, ValueError):
        return None
    if (first, last) == (lo, hi) or first > last:
        return None
    return list(timeline.window_of(first, last))


# Commands after which the whole chart is laid out anew (None: the page was (re)loaded).
RELAYOUT = (None, "layout-choice", "btn-relayout", "resolved-view", "btn-clear")
# Commands that read the graph (and so need a stated purpose when one is required).
GRAPH_ACTIONS = (
    "add-selected",
    "add-all",
    "btn-expand",
    "double-tap",
    "btn-path",
    "btn-who-else",
)
# Buttons that change the chart without asking the graph.
SIMPLE: dict[str, Callable[[ChartState, list[str]], object]] = {
    "btn-hide": lambda c, ids: c.hide(ids),
    "btn-show": lambda c, ids: c.show_hidden(),
    "btn-pin": lambda c, ids: c.toggle_pin(ids),
    "btn-remove": lambda c, ids: c.remove(ids),
    "btn-clear": lambda c, ids: c.clear(),
    "btn-undo": lambda c, ids: c.undo(),
    "btn-redo": lambda c, ids: c.redo(),
}
