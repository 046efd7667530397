"""Page layouts: the investigation page (search, link chart, details, history) and review."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import dash_cytoscape as cyto
from dash import dcc, html
from flask import session
from flask_wtf.csrf import generate_csrf

from graph.explore import RELATIONSHIP_TYPES
from graph.model import ENTITIES, searchable_labels
from workbench.case_layout import case_dialog, cases_body
from workbench.chart import LAYOUTS
from workbench.exports import FORMATS
from workbench.style import TYPE_STYLE, icon_uri, stylesheet
from workbench.users import User

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


def navbar(user: User, agencies: list[str], page: str) -> dbc.Navbar:
    links = []
    if user.role in ("analyst", "supervisor"):
        links.append(
            dbc.NavLink("Investigate", href="/", active=page == "investigate", id="nav-main")
        )
        links.append(
            dbc.NavLink("Case charts", href="/cases", active=page == "cases", id="nav-cases")
        )
    if user.role == "admin":
        links.append(dbc.NavLink("Users", href="/admin", active=page == "admin", id="nav-admin"))
    if user.role == "auditor":
        links.append(
            dbc.NavLink("Audit log", href="/audit", active=page == "audit", id="nav-audit")
        )
    if user.role == "supervisor":
        links.append(
            dbc.NavLink("Review matches", href="/review", active=page == "review", id="nav-review")
        )
    clear = "all agencies" if user.all_agencies else ", ".join(agencies)
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand("CivicFusion", href="/", className="brand"),
                dbc.Nav(links, navbar=True, className="me-auto"),
                dbc.Input(
                    id="case-purpose",
                    placeholder="Case no. / purpose",
                    value=session.get("purpose", ""),
                    debounce=True,
                    size="sm",
                    className="purpose me-3",
                    style={"width": "220px", "flex": "0 0 220px"},
                )
                if user.role in ("analyst", "supervisor")
                else html.Span(),
                html.Span(
                    [
                        html.A(
                            user.display_name,
                            id="user-name",
                            href="/account",
                            title="Your account: password, second factor",
                            className="fw-semibold text-light",
                        ),
                        html.Span(f" · {user.role} · cleared: {clear}", className="small"),
                    ],
                    className="text-light me-3",
                ),
                html.Form(
                    [
                        dcc.Input(type="hidden", name="csrf_token", value=generate_csrf()),
                        html.Button(
                            "Sign out",
                            type="submit",
                            id="sign-out",
                            className="btn btn-outline-light btn-sm",
                        ),
                    ],
                    action="/logout",
                    method="POST",
                    className="mb-0",
                ),
            ],
            fluid=True,
        ),
        color="dark",
        dark=True,
        className="py-1",
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
                dcc.Dropdown(
                    id="search-types",
                    options=[{"label": x, "value": x} for x in searchable_labels()],
                    multi=True,
                    placeholder="All types",
                    className="mt-2 small-dropdown",
                ),
                dcc.Dropdown(
                    id="search-agencies",
                    options=[{"label": a, "value": a} for a in agencies],
                    multi=True,
                    placeholder="All my agencies",
                    className="mt-2 small-dropdown",
                ),
                html.Div(id="search-status", className="small text-muted mt-2"),
                html.Div(
                    dcc.Checklist(id="search-results", options=[], value=[]),
                    id="results-box",
                    className="results-box",
                ),
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
                dcc.Dropdown(
                    id="expand-agencies",
                    options=[{"label": a, "value": a} for a in agencies],
                    multi=True,
                    placeholder="All my agencies",
                    className="mt-2 small-dropdown",
                ),
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
                    "find the shortest paths between them.",
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


def library_panel(user: User, cleared: list[str]) -> dbc.Card:
    from workbench.callbacks.library import query_options

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
    from workbench.analysis import METRICS

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
            _tool("Save to case…", "case-save-open", "Save this chart (and its history) to a case"),
            _tool("Export…", "export-open", "Export the chart for a case file or briefing"),
            dcc.Download(id="chart-download"),
            dbc.Switch(
                id="resolved-view", label="Resolved view", value=False, className="mb-0 ms-1"
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


def investigate_page(user: User, agencies: list[str], cap: int) -> html.Div:
    return html.Div(
        [
            navbar(user, agencies, "investigate"),
            dbc.Container(
                dbc.Row(
                    [
                        dbc.Col(
                            [
                                search_panel(agencies),
                                expand_panel(agencies, cap),
                                library_panel(user, agencies),
                            ],
                            width=3,
                            className="side",
                        ),
                        dbc.Col(
                            [
                                toolbar(),
                                dbc.Alert(
                                    id="chart-message",
                                    is_open=False,
                                    color="info",
                                    className="py-1 px-2 my-1 small",
                                    dismissable=True,
                                ),
                                cyto.Cytoscape(
                                    id="chart",
                                    elements=[],
                                    stylesheet=stylesheet(),
                                    layout={"name": "fcose", "animate": False},
                                    style={"width": "100%", "height": "calc(100vh - 200px)"},
                                    boxSelectionEnabled=True,
                                    minZoom=0.1,
                                    maxZoom=2,
                                    className="chart",
                                ),
                                html.Div(
                                    [html.Span(id="chart-counts", className="me-3"), legend()],
                                    className="chart-footer small",
                                ),
                            ],
                            width=6,
                            className="middle",
                        ),
                        dbc.Col(
                            dbc.Tabs(
                                [
                                    dbc.Tab(
                                        html.Div(id="details", className="details"),
                                        label="Details",
                                        tab_id="tab-details",
                                    ),
                                    dbc.Tab(
                                        html.Div(id="query-results", className="details"),
                                        label="Results",
                                        tab_id="tab-results",
                                    ),
                                    dbc.Tab(analysis_tab(), label="Analyse", tab_id="tab-analysis"),
                                    dbc.Tab(time_tab(), label="Time", tab_id="tab-time"),
                                    dbc.Tab(
                                        html.Div(id="map-box", className="map-box"),
                                        label="Map",
                                        tab_id="tab-map",
                                    ),
                                    dbc.Tab(
                                        dcc.RadioItems(
                                            id="history",
                                            options=[],
                                            value=0,
                                            className="history",
                                            inputClassName="me-2",
                                        ),
                                        label="History",
                                        tab_id="tab-history",
                                    ),
                                ],
                                active_tab="tab-details",
                                id="right-tabs",
                            ),
                            width=3,
                            className="side",
                        ),
                    ],
                    className="g-2",
                ),
                fluid=True,
                className="pt-2",
            ),
            dcc.Store(id="double-tap"),
            dcc.Store(id="chart-refresh", data=0),
        ]
    )


def page_frame(user: User, agencies: list[str], page: str, title: str, body: list[Any]) -> html.Div:
    """A page of the workbench: the top bar, then a titled full-width container."""
    return html.Div(
        [
            navbar(user, agencies, page),
            dbc.Container([html.H4(title, className="mt-3"), *body], fluid=True),
        ]
    )


def notice(user: User, agencies: list[str], page: str, text: str) -> html.Div:
    """A page a role may not open: the top bar and why."""
    return html.Div(
        [navbar(user, agencies, page), dbc.Alert(text, color="warning", className="m-3")]
    )


def review_page(user: User, agencies: list[str]) -> html.Div:
    return page_frame(
        user,
        agencies,
        "review",
        "Possible matches waiting for a decision",
        [
            html.P(
                "Each pair is two agency records that may be the same person. Accept "
                "links them into one subject, Reject keeps them apart for good (a "
                "later run will not link them). Decisions are recorded with your name.",
                className="text-muted small",
            ),
            html.Div(id="review-message"),
            html.Div(id="review-list"),
            html.H5("Linked records (unlink if wrong)", className="mt-4"),
            html.Div(id="review-linked"),
            dcc.Store(id="review-refresh", data=0),
        ],
    )


def audit_page(user: User) -> html.Div:
    return page_frame(
        user,
        [],
        "audit",
        "Audit log",
        [
            html.Div(id="audit-verify"),
            dbc.Row(
                [
                    dbc.Col(
                        dcc.Dropdown(
                            id="audit-action",
                            placeholder="Any action",
                            className="small-dropdown",
                        ),
                        width=3,
                    ),
                    dbc.Col(
                        dbc.Input(id="audit-user", placeholder="User", size="sm", debounce=True),
                        width=2,
                    ),
                    dbc.Col(dbc.Input(id="audit-since", type="date", size="sm"), width=2),
                    dbc.Col(
                        dbc.Button(
                            "Export CSV",
                            id="audit-export",
                            size="sm",
                            color="secondary",
                            n_clicks=0,
                        ),
                        width=2,
                    ),
                ],
                className="g-2 mb-2",
            ),
            dcc.Download(id="audit-download"),
            html.Div(id="audit-table"),
        ],
    )


def admin_page(user: User, agencies: list[str]) -> html.Div:
    from workbench.users import ROLES

    agency_options = [{"label": "all agencies (*)", "value": "*"}] + [
        {"label": a, "value": a} for a in agencies
    ]
    return page_frame(
        user,
        [],
        "admin",
        "Users, roles and agency clearances",
        [
            html.Div(id="admin-message"),
            dbc.Card(
                dbc.CardBody(
                    dbc.Row(
                        [
                            dbc.Col(
                                dbc.Input(id="admin-username", placeholder="username", size="sm"),
                                width=2,
                            ),
                            dbc.Col(
                                dbc.Input(id="admin-name", placeholder="display name", size="sm"),
                                width=2,
                            ),
                            dbc.Col(
                                dcc.Dropdown(
                                    id="admin-role",
                                    options=list(ROLES),
                                    value="analyst",
                                    clearable=False,
                                    className="small-dropdown",
                                ),
                                width=2,
                            ),
                            dbc.Col(
                                dcc.Dropdown(
                                    id="admin-agencies",
                                    options=agency_options,
                                    multi=True,
                                    placeholder="cleared for…",
                                    className="small-dropdown",
                                ),
                                width=3,
                            ),
                            dbc.Col(
                                [
                                    dbc.Button(
                                        "Add user",
                                        id="admin-add",
                                        size="sm",
                                        color="primary",
                                        n_clicks=0,
                                        className="me-1",
                                    ),
                                    dbc.Button(
                                        "Update role/clearances",
                                        id="admin-update",
                                        size="sm",
                                        color="secondary",
                                        outline=True,
                                        n_clicks=0,
                                    ),
                                ],
                                width=3,
                            ),
                        ],
                        className="g-2",
                    )
                ),
                className="mb-3",
            ),
            html.Div(id="admin-users"),
            dcc.Store(id="admin-refresh", data=0),
        ],
    )


def page_for(path: str, user: User, agencies: list[str], cap: int) -> Any:
    """The page a path shows this user; each page's callbacks enforce their own policy."""
    page = path.rstrip("/")
    if page == "/review":
        if user.role != "supervisor":
            return notice(user, agencies, "review", "Match review is for supervisors.")
        return review_page(user, agencies)
    if user.role == "auditor":
        return audit_page(user)  # auditors read the audit log only
    if user.role == "admin":
        from workbench.services import services

        return admin_page(user, services().all_agencies())  # accounts, no case data
    if page == "/audit":
        return notice(user, agencies, "audit", "The audit log is for auditors.")
    if user.role not in ("analyst", "supervisor"):
        return notice(user, agencies, "investigate", "Your role has no access to case data.")
    if page == "/cases":
        return page_frame(user, agencies, "cases", "Case charts", cases_body())
    return investigate_page(user, agencies, cap)
