"""The investigation page's panels: search, expand, saved queries, analysis, time,
the toolbar, the export and query dialogs, and the entity-type icons they show."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from access import personal_queries
from access.users import User
from charts.analysis import METRICS
from charts.chart import LAYOUTS
from charts.style import TYPE_STYLE, icon_uri
from exports.formats import FORMATS
from graph import questions
from graph.explore import RELATIONSHIP_TYPES
from graph.model import ENTITIES, searchable_labels
from workbench.case_layout import case_dialog
from workbench.components import my_agencies, pick_many
from workbench.services import services

DESCRIPTIONS = {e.label: e.description for e in ENTITIES}


def type_icon(label: str, size: int = 18) -> html.Img:
    colour, _ = TYPE_STYLE[label]
    return html.Img(
        src=icon_uri(label),
        className="type-icon",
        style={"background": colour, "width": size, "height": size},
        alt=label,
        title=DESCRIPTIONS.get(label, label),
    )


def legend() -> html.Div:
    items = [
        html.Span([type_icon(label, 14), f" {label}"], className="legend-item")
        for label in TYPE_STYLE
        if label != "Agency"
    ]
    items.append(
        html.Span(
            [html.Span(className="intel-swatch"), " intelligence (28 CFR 23)"],
            className="legend-item",
        )
    )
    items.append(
        html.Span([html.Span(className="same-swatch"), " same person"], className="legend-item")
    )
    return html.Div(items, className="legend", id="legend")


def _tool(label: str, id_: str, title: str, colour: str = "secondary") -> dbc.Button:
    return dbc.Button(label, id=id_, title=title, color=colour, outline=True, size="sm", n_clicks=0)


def search_panel(agencies: list[str]) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.H6("Search", className="panel-title"),
                dbc.InputGroup(
                    [
                        dbc.Input(
                            id="search-text",
                            placeholder="Name, address, plate, phone, gang, narrative…",
                            type="search",
                            debounce=False,
                            n_submit=0,
                        ),
                        dbc.Button("Search", id="search-go", color="primary", n_clicks=0),
                    ],
                    size="sm",
                ),
                pick_many("search-types", searchable_labels(), "All types"),
                my_agencies("search-agencies", agencies),
                html.Div(id="search-status", className="small text-muted mt-2"),
                html.Div(
                    dcc.Checklist(id="search-results", options=[], value=[]),
                    id="results-box",
                    className="results-box",
                ),
                html.Div(id="search-pointers"),
                html.Div(
                    [
                        dbc.Button(
                            "Add selected",
                            id="add-selected",
                            color="primary",
                            size="sm",
                            n_clicks=0,
                            className="me-2",
                        ),
                        dbc.Button(
                            "Add all",
                            id="add-all",
                            color="secondary",
                            size="sm",
                            outline=True,
                            n_clicks=0,
                        ),
                    ],
                    className="mt-2",
                ),
            ]
        ),
        className="mb-2",
    )


def expand_panel(agencies: list[str], cap: int) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.H6("Expand and paths", className="panel-title"),
                dcc.Dropdown(
                    id="expand-types",
                    options=[
                        {"label": t.replace("_", " ").lower(), "value": t}
                        for t in RELATIONSHIP_TYPES
                    ],
                    multi=True,
                    placeholder="All relationship types",
                    className="small-dropdown",
                ),
                dcc.DatePickerRange(
                    id="expand-dates",
                    start_date_placeholder_text="From",
                    end_date_placeholder_text="To",
                    clearable=True,
                    className="mt-2 small-dates",
                ),
                my_agencies("expand-agencies", agencies),
                dbc.Row(
                    [
                        dbc.Col(
                            [
                                dbc.Label("Most neighbours", className="small mb-0"),
                                dbc.Input(
                                    id="expand-cap",
                                    type="number",
                                    min=1,
                                    max=2000,
                                    value=cap,
                                    size="sm",
                                ),
                            ]
                        ),
                        dbc.Col(
                            [
                                dbc.Label("Path hops", className="small mb-0"),
                                dbc.Input(
                                    id="path-hops", type="number", min=1, max=10, value=6, size="sm"
                                ),
                            ]
                        ),
                    ],
                    className="mt-2 g-2",
                ),
                html.P(
                    "Double-click a node to expand it. Select two nodes (shift-click) to "
                    "find the shortest paths between them. Select a phone, vehicle, address "
                    "or person and press Who else uses this? for everyone of your agencies "
                    "linked to it.",
                    className="small text-muted mt-2 mb-0",
                ),
            ]
        )
    )


def export_dialog() -> dbc.Modal:
    """What, for which case and to whom: every export is a dissemination and is logged."""
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle("Export the chart")),
            dbc.ModalBody(
                [
                    dbc.Label("Format", html_for="export-format"),
                    dbc.RadioItems(
                        id="export-format",
                        options=[{"label": f.label, "value": k} for k, f in FORMATS.items()],
                        value="pdf",
                        className="mb-3",
                    ),
                    dbc.Label("Case number", html_for="export-case"),
                    dbc.Input(id="export-case", maxLength=80, className="mb-2"),
                    dbc.Label("Chart title", html_for="export-title"),
                    dbc.Input(id="export-title", maxLength=120, className="mb-2"),
                    dbc.Label("Recipient (person, unit or agency)", html_for="export-recipient"),
                    dbc.Input(
                        id="export-recipient",
                        maxLength=120,
                        placeholder="e.g. ADA J. Doe, County DA - or: own case file",
                        className="mb-2",
                    ),
                    html.Small(
                        "Every export is logged with its case, recipient and purpose "
                        "(28 CFR 23.20(e)). It carries only what you are cleared to see, with "
                        "the source record behind every item.",
                        className="text-muted",
                    ),
                    html.Div(id="export-message", className="mt-2"),
                ]
            ),
            dbc.ModalFooter(dbc.Button("Export", id="export-go", color="primary", n_clicks=0)),
            dcc.Store(id="export-positions"),
        ],
        id="export-dialog",
        is_open=False,
    )


def user_query_editor() -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle("My query")),
            dbc.ModalBody(
                [
                    html.P(
                        "A .cypher file: the YAML header (name, title, description, "
                        "category, parameters, returns, revision) then the Cypher. It must "
                        "filter every node and link by $agencies and only read.",
                        className="small text-muted",
                    ),
                    dbc.Textarea(id="query-editor-text", rows=16, className="cypher-input"),
                    dbc.Switch(
                        id="query-editor-shared",
                        value=False,
                        className="mt-2",
                        label="Share with my team (users cleared for my agencies)",
                    ),
                    html.Div(id="query-editor-message", className="small mt-1"),
                    dcc.Store(id="query-editor-key"),
                ]
            ),
            dbc.ModalFooter(dbc.Button("Save", id="query-save", color="primary", n_clicks=0)),
        ],
        id="query-editor",
        is_open=False,
        size="lg",
    )


def adhoc_box() -> html.Div:
    """Ad-hoc Cypher (read-only, capped), for users cleared for every agency only."""
    return html.Div(
        [
            html.H6("Ad-hoc Cypher (read-only)", className="panel-title mt-3"),
            dbc.Textarea(
                id="adhoc-text",
                placeholder="MATCH (p:Person)-[r]-(x) WHERE p.name = 'Ann Lee' RETURN p, r, x",
                className="cypher-input",
                rows=4,
            ),
            dbc.Button(
                "Run Cypher", id="adhoc-run", color="dark", size="sm", n_clicks=0, className="mt-1"
            ),
            html.Div(
                "15 s timeout, 5,000 rows at most; writes, LOAD CSV and outside-reaching "
                "procedures are refused.",
                className="small text-muted",
            ),
        ]
    )


def query_options(user: User | None = None, cleared: list[str] | None = None) -> list[dict]:
    """The library by category, then the user's own and their team's questions."""
    out = [
        {"label": f"{q.category} · {q.title}", "value": q.name}
        for q in sorted(questions.library().values(), key=lambda q: (q.category, q.title))
    ]
    if user is not None:
        for uq in personal_queries.visible(services().db, user, cleared or []):
            whose = "mine" if uq.owner == user.username else f"team ({uq.owner})"
            out.append({"label": f"{whose} · {uq.query.title}", "value": uq.key})
    return out


def library_panel(user: User, cleared: list[str]) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.H6("Saved queries", className="panel-title"),
                dcc.Dropdown(
                    id="query-name",
                    options=query_options(user, cleared),
                    placeholder="Pick a question…",
                    className="small-dropdown",
                    optionHeight=45,
                ),
                html.Div(id="query-about", className="small text-muted mt-1"),
                html.Div(id="query-form", className="mt-1"),
                html.Div(
                    [
                        dbc.Button(
                            "Run",
                            id="query-run",
                            color="primary",
                            size="sm",
                            n_clicks=0,
                            className="me-2",
                        ),
                        dbc.Button(
                            "Show Cypher",
                            id="query-show-cypher",
                            color="secondary",
                            outline=True,
                            size="sm",
                            n_clicks=0,
                        ),
                    ],
                    className="mt-1",
                ),
                html.Div(
                    [
                        dbc.Button(
                            "My query…",
                            id="query-edit",
                            color="link",
                            size="sm",
                            n_clicks=0,
                            title="Write or edit your own query (starts from the selected one)",
                        ),
                        dbc.Button(
                            "Delete",
                            id="query-delete",
                            color="link",
                            size="sm",
                            n_clicks=0,
                            title="Delete your selected query",
                        ),
                        dbc.Button(
                            "Download .cypher",
                            id="query-download-btn",
                            color="link",
                            size="sm",
                            n_clicks=0,
                        ),
                        dcc.Upload(
                            dbc.Button("Import .cypher", color="link", size="sm"),
                            id="query-upload",
                            accept=".cypher,text/plain",
                            style={"display": "inline-block"},
                        ),
                        dcc.Download(id="query-download"),
                    ],
                    className="query-actions",
                ),
                user_query_editor(),
                export_dialog(),
                case_dialog(),
                dbc.Collapse(
                    html.Pre(id="query-cypher-text", className="cypher"),
                    id="query-cypher",
                    is_open=False,
                ),
                html.Div(id="query-status", className="small mt-1"),
                adhoc_box() if user.all_agencies else html.Div(),
            ]
        ),
        className="mt-2",
    )


def analysis_tab() -> html.Div:

    return html.Div(
        [
            dbc.InputGroup(
                [
                    dbc.Select(
                        id="analysis-metric",
                        value="betweenness",
                        options=[
                            {
                                "label": f"size by {m}"
                                if m != "community"
                                else "colour by community",
                                "value": m,
                            }
                            for m in METRICS
                        ],
                    ),
                    dbc.Select(
                        id="analysis-mode",
                        value="auto",
                        options=[
                            {"label": "people only when the chart holds meetings", "value": "auto"},
                            {"label": "everything on the chart", "value": "all"},
                            {"label": "people, tied through what they share", "value": "people"},
                        ],
                    ),
                    dbc.Button("Analyse chart", id="analysis-run", color="primary", n_clicks=0),
                    dbc.Button(
                        "Reset", id="analysis-reset", color="secondary", outline=True, n_clicks=0
                    ),
                ],
                size="sm",
            ),
            html.Div(id="analysis-results", className="mt-2"),
        ],
        className="details",
    )


def toolbar() -> html.Div:
    return html.Div(
        [
            dbc.ButtonGroup(
                [
                    _tool(
                        "Expand",
                        "btn-expand",
                        "Add the neighbours of the selected nodes",
                        "primary",
                    ),
                    _tool(
                        "Find path",
                        "btn-path",
                        "Shortest paths between two selected nodes",
                        "primary",
                    ),
                    _tool(
                        "Who else uses this?",
                        "btn-who-else",
                        "People of any of your agencies who use the selected phone, vehicle "
                        "or address, or who share one with the selected person",
                        "primary",
                    ),
                    _tool(
                        "Watch",
                        "btn-watch",
                        "A standing alert on the selected person, phone, vehicle or address: "
                        "you are told in your Inbox of what later loads add to it",
                        "primary",
                    ),
                ],
                className="me-2",
            ),
            dbc.ButtonGroup(
                [
                    _tool("Hide", "btn-hide", "Hide the selected nodes"),
                    _tool("Show hidden", "btn-show", "Show everything hidden"),
                    _tool("Pin", "btn-pin", "Pin / unpin the selected nodes in place"),
                    _tool("Remove", "btn-remove", "Remove the selected nodes from the chart"),
                    _tool("Clear", "btn-clear", "Remove everything from the chart"),
                ],
                className="me-2",
            ),
            dbc.ButtonGroup(
                [
                    _tool("↶ Undo", "btn-undo", "Undo the last chart change"),
                    _tool("↷ Redo", "btn-redo", "Redo"),
                ],
                className="me-2",
            ),
            dcc.Dropdown(
                id="layout-choice",
                options=[{"label": f"Layout: {x}", "value": x} for x in LAYOUTS],
                value="fcose",
                clearable=False,
                className="layout-dropdown me-2",
            ),
            _tool("Full screen", "btn-fullscreen", "The chart full screen (Esc leaves it)"),
            dcc.Store(id="fullscreen-done"),
            _tool(
                "Re-layout",
                "btn-relayout",
                "Lay the whole chart out again (new items are "
                "placed around the node they came from; everyone else stays put)",
            ),
            _tool("Save to case…", "case-save-open", "Save this chart (and its history) to a case"),
            _tool("Export…", "export-open", "Export the chart for a case file or briefing"),
            dcc.Download(id="chart-download"),
            dbc.Switch(
                id="resolved-view", label="Resolved view", value=False, className="mb-0 ms-1"
            ),
            dbc.Switch(
                id="combine-links",
                label="Combine links",
                value=True,
                className="mb-0 ms-2",
            ),
            dbc.Switch(
                id="colour-by-agency",
                label="Colour by agency",
                value=False,
                className="mb-0 ms-2",
            ),
        ],
        className="toolbar d-flex align-items-center flex-wrap",
    )


def time_tab() -> html.Div:
    return html.Div(
        [
            html.Div(id="timeline-summary", className="small text-muted mb-1"),
            html.Div(id="timeline-lanes"),
            dcc.RangeSlider(
                id="timeline-range",
                min=0,
                max=1,
                step=1,
                value=[0, 1],
                allowCross=False,
                updatemode="mouseup",
                allow_direct_input=False,
                disabled=True,
                className="mt-2 px-2",
            ),
            html.Small(
                "Drag the handles to a time window: incidents, arrests and intelligence outside "
                "it leave the chart (people, places, phones and vehicles stay). Exports show "
                "the chart as filtered.",
                className="text-muted",
            ),
        ],
        className="details",
    )
