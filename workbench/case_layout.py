"""What case charts look like: the "Save to case" dialog on the chart and the Case charts page
(list by case, open, share, delete)."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from charts.cases import CaseChart


def case_dialog() -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle("Save the chart to a case")),
            dbc.ModalBody(
                [
                    dbc.Label("Case number", html_for="case-number"),
                    dbc.Input(id="case-number", maxLength=80, className="mb-2"),
                    dbc.Label("Chart title", html_for="case-title"),
                    dbc.Input(id="case-title", maxLength=120, className="mb-2"),
                    dbc.Label("Notes", html_for="case-notes"),
                    dbc.Textarea(id="case-notes", maxLength=4000, rows=4, className="mb-2"),
                    dbc.Switch(
                        id="case-shared",
                        label="Share with colleagues cleared for every agency on the chart",
                        value=False,
                    ),
                    html.Small(
                        "The chart is saved with its whole history and layout. Saving again "
                        "with the same case number and title replaces it. Reopened, it shows "
                        "what the records gained since.",
                        className="text-muted",
                    ),
                    html.Div(id="case-message", className="mt-2"),
                ]
            ),
            dbc.ModalFooter(dbc.Button("Save", id="case-save", color="primary", n_clicks=0)),
            dcc.Store(id="case-positions"),
        ],
        id="case-dialog",
        is_open=False,
    )


def case_table(cases: list[CaseChart], viewer: str) -> Any:
    if not cases:
        return html.P(
            "No case charts yet. On Investigate, build a chart and press “Save to case…”.",
            className="text-muted",
        )
    rows = []
    for c in cases:
        mine = c.owner == viewer
        buttons = [
            dbc.Button(
                "Open",
                id={"type": "case-open", "index": c.id},
                size="sm",
                color="primary",
                className="me-1",
                n_clicks=0,
            )
        ]
        if mine:
            buttons += [
                dbc.Button(
                    "Unshare" if c.shared else "Share",
                    id={"type": "case-share", "index": c.id},
                    size="sm",
                    color="secondary",
                    outline=True,
                    className="me-1",
                    n_clicks=0,
                ),
                dbc.Button(
                    "Delete",
                    id={"type": "case-delete", "index": c.id},
                    size="sm",
                    color="danger",
                    outline=True,
                    n_clicks=0,
                ),
            ]
        nodes = len(c.state.get("steps", [{}])[c.state.get("at", 0)].get("nodes", []))
        rows.append(
            html.Tr(
                [
                    html.Td(c.case_number, className="fw-semibold"),
                    html.Td([html.Div(c.title), html.Small(c.notes, className="text-muted")]),
                    html.Td(c.owner + ("" if mine else " (shared)")),
                    html.Td(", ".join(c.agencies)),
                    html.Td(f"{nodes} items · {len(c.state.get('steps', []))} steps"),
                    html.Td(c.saved_at[:16].replace("T", " ")),
                    html.Td("shared" if c.shared else "private"),
                    html.Td(buttons, className="text-nowrap"),
                ],
                className="case-row",
            )
        )
    head = html.Thead(
        html.Tr(
            [
                html.Th(h)
                for h in (
                    "Case",
                    "Title / notes",
                    "Owner",
                    "Agencies",
                    "Chart",
                    "Saved (UTC)",
                    "",
                    "",
                )
            ]
        )
    )
    return dbc.Table([head, html.Tbody(rows)], hover=True, size="sm", className="cases")


def cases_body() -> list[Any]:
    return [
        html.P(
            "Charts saved to a case, yours and those colleagues shared with you (you see a "
            "shared chart only when you are cleared for every agency on it). Opening one "
            "replaces your working chart; its history comes with it.",
            className="text-muted small",
        ),
        dbc.Input(
            id="cases-filter",
            placeholder="Filter by case number",
            debounce=True,
            size="sm",
            className="mb-2",
            style={"maxWidth": "320px"},
        ),
        html.Div(id="cases-message"),
        html.Div(id="cases-list"),
    ]
