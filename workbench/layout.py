"""Page layouts: the top bar, the investigation page (its panels are in workbench.panels),
review, audit and administration pages, and which page a path shows."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import dash_cytoscape as cyto
from dash import dcc, html
from flask import session
from flask_wtf.csrf import generate_csrf

from access import agencies as agency_records
from access import deconfliction, notices, sharing
from access.agencies import Agency
from access.users import ROLES, User
from charts.style import stylesheet
from watch import alerts
from workbench.case_layout import cases_body
from workbench.inbox_layout import conflict_banner, inbox_body
from workbench.operations_layout import operations_body
from workbench.panels import (
    analysis_tab,
    expand_panel,
    legend,
    library_panel,
    search_panel,
    time_tab,
    toolbar,
)
from workbench.services import services


def navbar(user: User, agencies: list[str], page: str) -> dbc.Navbar:
    links = []
    if user.role in ("analyst", "supervisor"):
        links.append(
            dbc.NavLink("Investigate", href="/", active=page == "investigate", id="nav-main")
        )
        links.append(
            dbc.NavLink("Case charts", href="/cases", active=page == "cases", id="nav-cases")
        )
        waiting = len(notices.inbox(services().db, agencies, user.username))
        badge = [dbc.Badge(str(waiting), color="danger", className="ms-1")] if waiting else []
        links.append(
            dbc.NavLink(["Inbox", *badge], href="/inbox", active=page == "inbox", id="nav-inbox")
        )
        links.append(
            dbc.NavLink(
                "Operations", href="/operations", active=page == "operations", id="nav-operations"
            )
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
                                html.Div(
                                    [
                                        cyto.Cytoscape(
                                            id="chart",
                                            elements=[],
                                            stylesheet=stylesheet(),
                                            layout={"name": "fcose", "animate": False},
                                            style={"width": "100%", "height": "100%"},
                                            responsive=True,
                                            boxSelectionEnabled=True,
                                            # adding elements never lays the chart out again:
                                            # the browser places new items (assets/civicfusion.js)
                                            autoRefreshLayout=False,
                                            wheelSensitivity=0.3,  # finer wheel zoom
                                            minZoom=0.1,
                                            maxZoom=2,
                                            className="chart",
                                        ),
                                        html.Div(
                                            [
                                                html.B("An empty chart. "),
                                                "Search for a name, moniker, plate, phone or "
                                                "address on the left, tick results and press "
                                                "Add; double-click a node to expand it, select "
                                                "two to find the paths between them.",
                                            ],
                                            id="chart-empty",
                                            className="chart-empty",
                                        ),
                                    ],
                                    className="chart-wrap",
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
                                        html.Div(
                                            [
                                                html.Div(id="details", className="details"),
                                                dcc.Store(id="details-shown"),
                                            ]
                                        ),
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


def agencies_card(registry: list[Agency], loaded: list[str]) -> dbc.Card:
    """The agencies with their level, jurisdiction and contact for sharing; an agency whose
    records are loaded but that has no record of its own is listed to be described."""
    known = {a.code for a in registry}
    rows = [
        html.Tr([html.Td(a.code), html.Td(a.name), html.Td(a.level), html.Td(a.jurisdiction),
                 html.Td(a.contact or "-")])
        for a in registry
    ] + [
        html.Tr([html.Td(code), html.Td("not described yet", className="text-muted"),
                 html.Td(""), html.Td(""), html.Td("")])
        for code in loaded if code not in known
    ]  # fmt: skip
    titles = ("Code", "Name", "Level", "Jurisdiction", "Contact for sharing")
    head = html.Thead(html.Tr([html.Th(h) for h in titles]))
    return dbc.Card(
        dbc.CardBody(
            [
                html.H6("Agencies"),
                dbc.Table([head, html.Tbody(rows)], size="sm", id="admin-agency-table"),
                html.Small(
                    "Add or change an agency with: civicfusion agencies add CODE --name … "
                    "--level federal|state|local|tribal --jurisdiction … --unit … --phone … "
                    "--email … (every change is audited).",
                    className="text-muted",
                ),
            ]
        ),
        className="mb-3",
    )


def agreements_table(agreements: list[sharing.Agreement]) -> dbc.Table:
    titles = ("Partner", "Class", "Tier", "From", "Until", "Set by")
    head = html.Thead(html.Tr([html.Th(h) for h in titles]))
    rows = [
        html.Tr([html.Td(a.partner_label), html.Td(sharing.CLASSES[a.record_class]),
                 html.Td(a.tier), html.Td(a.starts or "-"), html.Td(a.ends or "-"),
                 html.Td(f"{a.updated_by}, {a.updated_at[:10]}")])
        for a in agreements
    ]  # fmt: skip
    return dbc.Table([head, html.Tbody(rows)], size="sm", id="sharing-table")


def sharing_card(user: User, registry: list[Agency]) -> dbc.Card:
    """The owner agency's sharing terms, and (for its administrator) the form to set one."""
    owner = sharing.home_agency(user)
    if owner is None:
        body: list[Any] = [
            html.H6("Sharing agreements"),
            html.P(
                "Each agency's own administrator sets its sharing terms (an administrator "
                "cleared for one agency). Every agreement: civicfusion sharing list.",
                className="small text-muted",
            ),
        ]
        return dbc.Card(dbc.CardBody(body), className="mb-3")
    partners = (
        [{"label": "every partner (*)", "value": sharing.EVERY_PARTNER}]
        + [{"label": label, "value": g} for g, label in sharing.GROUPS.items()]
        + [{"label": f"{a.code} — {a.name}", "value": a.code} for a in registry if a.code != owner]
    )
    form = dbc.Row(
        [
            dbc.Col(dcc.Dropdown(id="sharing-partner", options=partners, placeholder="Partner"),
                    md=3),
            dbc.Col(dcc.Dropdown(id="sharing-class", placeholder="Class of record",
                                 options=[{"label": v, "value": k}
                                          for k, v in sharing.CLASSES.items()]), md=3),
            dbc.Col(dbc.RadioItems(id="sharing-tier", inline=True, value="pointer",
                                   options=[{"label": t, "value": t} for t in sharing.TIERS]),
                    md=2),
            dbc.Col(dbc.Input(id="sharing-starts", type="date", size="sm"), md=1),
            dbc.Col(dbc.Input(id="sharing-ends", type="date", size="sm"), md=1),
            dbc.Col(dbc.Button("Set", id="sharing-save", size="sm", color="primary",
                               n_clicks=0), md=1),
        ],
        className="g-2 align-items-center",
    )  # fmt: skip
    return dbc.Card(
        dbc.CardBody(
            [
                html.H6(f"Sharing agreements of {owner}"),
                html.P(
                    "For each partner and class of record: full (as if cleared), pointer "
                    "(they learn that you hold matching records and whom to call, never the "
                    "content; you are told of each hit) or none. The most specific term in "
                    "force decides; where none is set, nothing is shared. Every change is "
                    "audited.",
                    className="small text-muted",
                ),
                form,
                html.Div(id="sharing-message", className="small mt-2"),
                html.Div(agreements_table(sharing.listing(services().db, owner)),
                         id="sharing-terms"),
            ]
        ),
        className="mb-3",
    )  # fmt: skip


def admin_page(user: User, agencies: list[str], registry: list[Agency] | None = None) -> html.Div:

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
            agencies_card(registry or [], agencies),
            sharing_card(user, registry or []),
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
        registry = agency_records.listing(services().db)
        return admin_page(user, services().all_agencies(), registry)  # accounts, no case data
    if page == "/audit":
        return notice(user, agencies, "audit", "The audit log is for auditors.")
    if user.role not in ("analyst", "supervisor"):
        return notice(user, agencies, "investigate", "Your role has no access to case data.")
    waiting = notices.inbox(services().db, agencies, user.username)
    banner = conflict_banner(waiting)  # an operation conflict shows over every page
    if page == "/cases":
        shown = page_frame(user, agencies, "cases", "Case charts", cases_body())
    elif page == "/operations":
        own = list(agencies) if user.all_agencies else list(user.agencies)
        body = operations_body(deconfliction.operations(services().db, own), own)
        shown = page_frame(user, agencies, "operations", "Planned operations", body)
    elif page == "/inbox":
        registry = agency_records.by_code(services().db)
        mine = alerts.listing(services().db, user.username)
        body = inbox_body(waiting, registry, mine)
        shown = page_frame(user, agencies, "inbox", "Inbox", body)
    else:
        shown = investigate_page(user, agencies, cap)
    return html.Div([banner, shown]) if banner else shown
