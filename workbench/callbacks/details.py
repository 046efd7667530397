"""The details panel: every property of the tapped node or link, with its provenance."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Dash, Input, Output, State, ctx, html

from access.users import User
from charts.chart import SUBJECT_PREFIX
from charts.elements import caption
from graph import explore, protected
from graph.model import INTELLIGENCE_PROPERTIES, PROVENANCE_PROPERTIES
from graph.scope import Scope
from workbench.callbacks.common import investigator, load_chart, record, subject_held
from workbench.panels import type_icon
from workbench.pointer_cards import pointer_cards
from workbench.policy import INVESTIGATE, guard
from workbench.services import Services

MAX_BUNDLED = 20  # links of one bundled line shown in the details panel

HIDDEN = {
    "uid",
    "element_id",
    "explanation",
    "history",
    "er_run_id",
    "run_id",
    "cluster_id",
    "agencies",
    "source_record_id_pair",
}
LABELS = {
    **protected.PROTECTED,  # "ssn": "Social security number"
    **{f + protected.VARIANTS: "Earlier numbers" for f in protected.PROTECTED},
    "agency": "Agency",
    "source_system": "Source system",
    "source_record_id": "Source record",
    "load_id": "Load",
    "first_seen": "First seen",
    "last_seen": "Last seen",
    "record_class": "Record class",
    "criminal_predicate": "Criminal predicate",
    "submitted_by": "Submitted by",
    "submitted_at": "Submitted",
    "review_due": "Review due",
}


def _value(v: Any) -> str:
    if isinstance(v, dict) and "lat" in v:
        return f"{v['lat']:.5f}, {v['lon']:.5f}"
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    return str(v)


def table(props: dict[str, Any], keys: list[str]) -> dbc.Table:
    rows = [
        html.Tr(
            [html.Th(LABELS.get(k, k.replace("_", " ").capitalize())), html.Td(_value(props[k]))]
        )
        for k in keys
        if props.get(k) not in (None, "", [])
    ]
    return dbc.Table(html.Tbody(rows), size="sm", className="props mb-2")


def facts(props: dict[str, Any], load: dict[str, Any] | None) -> list[Any]:
    props = protected.in_words(props)  # "on file", never the hash of a protected number
    own = [
        k
        for k in sorted(props)
        if k not in HIDDEN and k not in PROVENANCE_PROPERTIES and k not in INTELLIGENCE_PROPERTIES
    ]
    out: list[Any] = [table(props, own)]
    if props.get("record_class") == "intelligence":
        out += [
            html.Div("Criminal intelligence (28 CFR Part 23)", className="intel-banner"),
            table(props, list(INTELLIGENCE_PROPERTIES)),
        ]
    out += [
        html.H6("Provenance", className="panel-title mt-2"),
        table(props, list(PROVENANCE_PROPERTIES)),
    ]
    if load:
        out.append(
            table(
                {
                    "loaded_by": load.get("loaded_by"),
                    "loaded_at": load.get("started_at"),
                    "format": load.get("format"),
                    "files": load.get("files"),
                },
                ["loaded_by", "loaded_at", "format", "files"],
            )
        )
    return out


def records_list(records: list[dict[str, Any]]) -> html.Div:
    items = [
        html.Li(
            [
                html.Strong(r.get("name") or r["uid"]),
                f" · {r.get('dob') or 'no DOB'} · ",
                html.Span(r.get("agency"), className="badge bg-light text-dark"),
                f" {r.get('source_system')} record {r.get('source_record_id')}",
            ]
        )
        for r in records
    ]
    return html.Div(
        [
            html.H6(f"Records of this subject ({len(records)})", className="panel-title mt-2"),
            html.Ul(items, className="records"),
        ]
    )


def register(app: Dash) -> None:
    @app.callback(
        Output("details", "children"),
        Output("details-shown", "data"),
        Input("chart", "tapNodeData"),
        Input("chart", "tapEdgeData"),
        prevent_initial_call=True,
    )
    @guard(INVESTIGATE)
    def show_details(node, edge):  # type: ignore[no-untyped-def]
        on_edge = bool(ctx.triggered_prop_ids) and "tapEdgeData" in next(
            iter(ctx.triggered_prop_ids)
        )
        user, s, cleared = investigator()
        chart = load_chart(user, s)
        children = _details(node, edge, on_edge, user, s, cleared, chart)
        # remembered only when it is on the user's own chart: a tapped id is never echoed
        sid = ((edge if on_edge else node) or {}).get("id")
        return children, sid if sid and chart.element(str(sid)) else None

    # what the panel shows leaves it when it leaves the chart (removed, undone, cleared)
    app.clientside_callback(
        ClientsideFunction(namespace="civicfusion", function_name="detailsGone"),
        Output("details", "children", allow_duplicate=True),
        Output("details-shown", "data", allow_duplicate=True),
        Input("chart", "elements"),
        State("details-shown", "data"),
        prevent_initial_call=True,
    )

    def _details(node, edge, on_edge, user, s, cleared, chart):  # type: ignore[no-untyped-def]
        if ctx.triggered_id and on_edge and edge:
            ids = edge.get("members") or [edge.get("id", "")]
            shown = []
            for link_id in ids[:MAX_BUNDLED]:
                el = chart.element(link_id)
                info = (
                    explore.link_details(s.graph, el["data"]["element_id"], cleared) if el else None
                )
                if info is not None:
                    shown.append(info)
            if not shown:
                return html.P("This link is not available to you.", className="text-muted")
            record("details", {"link": edge.get("id"), "links": len(shown)})
            parts: list[Any] = []
            if len(ids) > 1:
                more = f" (the first {MAX_BUNDLED})" if len(ids) > MAX_BUNDLED else ""
                parts.append(
                    html.P(
                        f"{len(ids)} links between these two, drawn as one line{more}:",
                        className="small text-muted",
                    )
                )
            for info in shown:
                parts += [
                    html.H5(info["type"].replace("_", " ").lower()),
                    html.P(f"{info['start']} → {info['end']}", className="small"),
                    *facts(info["props"], info.get("load")),
                ]
            return parts
        if not node:
            return []
        nid = node.get("id", "")
        if nid.startswith(SUBJECT_PREFIX):
            members = [m for m in node.get("members", []) if chart.element(m)]
            records = explore.subject_records(s.graph, members[0], cleared) if members else []
            record("details", {"subject": nid, "records": [r["uid"] for r in records]})
            held = subject_pointers(user, s, cleared, members[0]) if members else []
            return [
                html.H5([type_icon("Person"), " ", node.get("name")]),
                html.P(
                    "Resolved subject: one person recorded by several agencies.",
                    className="small text-muted",
                ),
                records_list(records),
                *held,
            ]
        el = chart.element(nid)
        info = explore.entity_details(s.graph, el["data"]["type"], nid, cleared) if el else None
        if info is None:
            return html.P("This record is not available to you.", className="text-muted")
        record("details", {"entity": nid})
        p = info["props"]
        out: list[Any] = [
            html.H5([type_icon(info["label"]), " ", caption(info["label"], p)]),
            html.Div(info["label"], className="small text-muted mb-1"),
            *facts(p, info.get("load")),
        ]
        if info["label"] == "Person":
            records = explore.subject_records(s.graph, nid, cleared)
            if len(records) > 1:
                out.append(records_list(records))
            out += subject_pointers(user, s, cleared, nid)
        return out


def subject_pointers(user: User, s: Services, cleared: Scope, uid: str) -> list:
    """Cards for the records other agencies hold on this subject, on their terms."""
    return pointer_cards(subject_held(user, s, cleared, "details", uid), "on this subject")
