"""The inbox page: notices to the user's agencies as data owners (a partner's pointer hit
on their records: who asked, from which agency, for what stated purpose, what matched)."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from access.agencies import Agency
from access.notices import Notice

SURFACES = {"search": "a search", "details": "a subject's details"}


def notice_item(n: Notice, registry: dict[str, Agency]) -> dbc.ListGroupItem:
    b = n.body
    asking = ", ".join(b.get("requesting_agencies") or []) or "?"
    contacts = "; ".join(
        f"{code}: {registry[code].contact}"
        for code in b.get("requesting_agencies") or []
        if code in registry and registry[code].contact
    )
    records = b.get("records", 0)
    lines: list[Any] = [
        html.Div([html.Strong(n.title), html.Span(f" for {n.agency}", className="text-muted"),
                  html.Span(f" · {n.at.replace('T', ' ')[:16]} UTC", className="small ms-2")]),
        html.Div(
            f"{b.get('user', '?')} ({asking}) found {records} of your record"
            f"{'s' if records != 1 else ''} through {SURFACES.get(b.get('surface'), 'a search')}"
            f", matched on {', '.join(b.get('matched_on') or []) or 'unstated fields'}."
        ),
        html.Div(f"Stated purpose: {b.get('purpose') or 'none stated'}", className="small"),
    ]  # fmt: skip
    if contacts:
        lines.append(html.Div(f"Contact: {contacts}", className="small text-muted"))
    lines.append(
        dbc.Button(
            "Dismiss",
            id={"type": "inbox-dismiss", "index": n.id},
            size="sm",
            color="link",
            n_clicks=0,
            className="p-0",
        )
    )
    return dbc.ListGroupItem(lines, className="inbox-notice")


def inbox_list(items: list[Notice], registry: dict[str, Agency]) -> Any:
    if not items:
        return html.P("No notices.", className="text-muted", id="inbox-empty")
    return dbc.ListGroup([notice_item(n, registry) for n in items], id="inbox-notices")


def inbox_body(items: list[Notice], registry: dict[str, Agency]) -> list[Any]:
    return [
        html.P(
            "Notices to your agencies as owners of records: a partner agency whose sharing "
            "agreement points it to your records found some (it saw only that you hold them "
            "and whom to call). Dismiss one once handled; dismissals are audited.",
            className="small text-muted",
        ),
        html.Div(inbox_list(items, registry), id="inbox-box"),
    ]
