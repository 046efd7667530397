"""The operations page: an agency's planned operations (warrants, buys, surveillance) and a
form to register one; an overlap with another agency's in place and time is told to both at
once (access/deconfliction.py)."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from access.deconfliction import KINDS, Operation


def operations_table(items: list[Operation]) -> Any:
    if not items:
        return html.P("No operations registered for your agencies.", className="text-muted")
    titles = ("Agency", "Kind", "Reference", "Where", "Radius", "From", "Until")
    head = html.Thead(html.Tr([html.Th(h) for h in titles]))
    rows = [
        html.Tr([html.Td(o.agency), html.Td(o.kind), html.Td(o.reference),
                 html.Td(f"{o.lat:.5f}, {o.lon:.5f}"), html.Td(f"{o.radius_m:.0f} m"),
                 html.Td(o.starts.replace("T", " ")[:16]), html.Td(o.ends.replace("T", " ")[:16])])
        for o in items
    ]  # fmt: skip
    return dbc.Table([head, html.Tbody(rows)], size="sm", id="ops-table")


def operations_body(items: list[Operation], agencies: list[str]) -> list[Any]:
    def field(label: str, control: Any, width: int) -> dbc.Col:
        return dbc.Col([dbc.Label(label, className="small mb-0"), control], md=width)

    form = dbc.Row(
        [
            field("Reference", dbc.Input(id="ops-reference", size="sm"), 2),
            field("Kind", dcc.Dropdown(id="ops-kind", options=list(KINDS), value=KINDS[0],
                                       clearable=False), 2),
            field("For", dcc.Dropdown(id="ops-agency", options=agencies,
                                      value=agencies[0] if agencies else None,
                                      clearable=False), 1),
            field("Latitude", dbc.Input(id="ops-lat", type="number", size="sm"), 1),
            field("Longitude", dbc.Input(id="ops-lon", type="number", size="sm"), 1),
            field("Radius (m)", dbc.Input(id="ops-radius", type="number", value=200,
                                          size="sm"), 1),
            field("From (UTC)", dbc.Input(id="ops-starts", type="datetime-local", size="sm"), 2),
            field("Until (UTC)", dbc.Input(id="ops-ends", type="datetime-local", size="sm"), 1),
            dbc.Col(dbc.Button("Register", id="ops-save", color="primary", size="sm",
                               n_clicks=0, className="mt-3"), md=1),
        ],
        className="g-2 align-items-end",
    )  # fmt: skip
    return [
        html.P(
            "Planned search warrants, buys, surveillance... Another agency's operation that "
            "overlaps yours in place and time is told to both agencies at once (each sees the "
            "other's reference and contact, never its case), with a banner until dismissed.",
            className="small text-muted",
        ),
        form,
        html.Div(id="ops-message", className="small mt-2"),
        html.Div(operations_table(items), id="ops-list", className="mt-3"),
    ]
