"""The inbox page: notices to the user's agencies as data owners (a partner's pointer hit
on their records: who asked, from which agency, for what stated purpose, what matched)."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from access.agencies import Agency
from access.notices import Notice
from watch.alerts import Alert

SURFACES = {"search": "a search", "details": "a subject's details"}


def heading(n: Notice) -> html.Div:
    when = f" · {n.at.replace('T', ' ')[:16]} UTC"
    return html.Div(
        [
            html.Strong(n.title),
            html.Span(f" for {n.username or n.agency}", className="text-muted"),
            html.Span(when, className="small ms-2"),
        ]
    )


def deconfliction_lines(n: Notice) -> list[Any]:
    b = n.body
    return [
        html.Div(
            f"Your {'operation' if n.kind.endswith('operation') else 'case'} "
            f"{b.get('your_reference')}: {b.get('what')} with {b.get('their_agency')}'s "
            f"{b.get('their_reference')} ({b.get('their_owner')})."
        ),
        html.Div(f"Contact: {b.get('their_contact') or 'no contact on file'}",
                 className="small text-muted"),
    ]  # fmt: skip


def alert_lines(n: Notice) -> list[Any]:
    b = n.body
    after = f"load {b['load']}" if b.get("load") else "a resolution run"
    shown = b.get("records") or []
    more = f" (and {b['count'] - len(shown[:10])} more)" if b.get("count", 0) > 10 else ""
    return [
        html.Div(f"“{b.get('alert')}” ({b.get('watches')}): {b.get('count')} new after {after}."),
        html.Div(f"Records: {', '.join(shown[:10])}{more}" if shown else "New rows in its answer.",
                 className="small text-muted"),
    ]  # fmt: skip


def notice_item(n: Notice, registry: dict[str, Agency]) -> dbc.ListGroupItem:
    if n.kind == "alert":
        confirm = [
            dbc.Button("Put on my chart", id={"type": "alert-chart", "index": n.id}, size="sm",
                       color="link", n_clicks=0, className="p-0 me-3")
        ] if n.body.get("records") else []  # fmt: skip
        return dbc.ListGroupItem([heading(n), *alert_lines(n), *confirm, dismiss_button(n)],
                                 className="inbox-notice", color="info")  # fmt: skip
    if n.kind.startswith("deconfliction"):
        return dbc.ListGroupItem([heading(n), *deconfliction_lines(n), dismiss_button(n)],
                                 className="inbox-notice", color="warning")  # fmt: skip
    b = n.body
    asking = ", ".join(b.get("requesting_agencies") or []) or "?"
    contacts = "; ".join(
        f"{code}: {registry[code].contact}"
        for code in b.get("requesting_agencies") or []
        if code in registry and registry[code].contact
    )
    records = b.get("records", 0)
    lines: list[Any] = [
        heading(n),
        html.Div(
            f"{b.get('user', '?')} ({asking}) found {records} of your record"
            f"{'s' if records != 1 else ''} through {SURFACES.get(b.get('surface'), 'a search')}"
            f", matched on {', '.join(b.get('matched_on') or []) or 'unstated fields'}."
        ),
        html.Div(f"Stated purpose: {b.get('purpose') or 'none stated'}", className="small"),
    ]  # fmt: skip
    if contacts:
        lines.append(html.Div(f"Contact: {contacts}", className="small text-muted"))
    lines.append(dismiss_button(n))
    return dbc.ListGroupItem(lines, className="inbox-notice")


def dismiss_button(n: Notice) -> dbc.Button:
    return dbc.Button("Dismiss", id={"type": "inbox-dismiss", "index": n.id}, size="sm",
                      color="link", n_clicks=0, className="p-0")  # fmt: skip


def conflict_banner(items: list[Notice]) -> Any:
    """A banner over every page while an operation conflict waits in the inbox."""
    waiting = [n for n in items if n.kind == "deconfliction-operation"]
    if not waiting:
        return None
    first = waiting[0].body
    more = f" (and {len(waiting) - 1} more)" if len(waiting) > 1 else ""
    return dbc.Alert(
        [html.Strong("Operation conflict: "),
         f"your operation {first.get('your_reference')} overlaps {first.get('their_agency')}'s "
         f"{first.get('their_reference')} in place and time{more}. Contact: "
         f"{first.get('their_contact') or 'see the Inbox'}. ",
         html.A("Open the Inbox", href="/inbox")],
        color="danger", className="m-0 rounded-0 py-2", id="conflict-banner",
    )  # fmt: skip


def inbox_list(items: list[Notice], registry: dict[str, Agency]) -> Any:
    if not items:
        return html.P("No notices.", className="text-muted", id="inbox-empty")
    return dbc.ListGroup([notice_item(n, registry) for n in items], id="inbox-notices")


def inbox_body(
    items: list[Notice], registry: dict[str, Agency], mine: list[Alert] | None = None
) -> list[Any]:
    return [
        html.P(
            "Notices to your agencies as owners of records: a partner agency whose sharing "
            "agreement points it to your records found some (it saw only that you hold them "
            "and whom to call). Dismiss one once handled; dismissals are audited.",
            className="small text-muted",
        ),
        html.Div(id="inbox-message", className="small mb-2"),
        html.Div(inbox_list(items, registry), id="inbox-box"),
        html.H5("Your standing alerts", className="mt-4"),
        html.Div(alerts_list(mine or []), id="alerts-box"),
    ]


def alerts_list(items: list[Alert]) -> Any:
    """The user's standing alerts, each with a Remove button."""
    if not items:
        hint = "No standing alerts: select a person or a shared identifier on the chart, Watch."
        return html.P(hint, className="text-muted small", id="alerts-empty")
    return dbc.ListGroup(
        [
            dbc.ListGroupItem([
                html.Strong(a.name), html.Span(f" · {a.what}", className="small text-muted"),
                html.Span(f" · e-mail to {a.email}" if a.email else "", className="small"),
                dbc.Button("Remove", id={"type": "alert-remove", "index": a.id}, size="sm",
                           color="link", n_clicks=0, className="p-0 ms-2"),
            ])
            for a in items
        ],
        id="alerts-mine",
    )  # fmt: skip
