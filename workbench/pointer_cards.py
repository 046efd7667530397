"""Pointer cards: "Sheriff's Office holds 3 records matching (on name, phone number) —
contact: Narcotics Unit, …". Built from graph.guarded.Pointer only (counts and field
names), so a card cannot show what the owner's records say."""

from __future__ import annotations

from collections.abc import Iterable

import dash_bootstrap_components as dbc
from dash import html

from access.agencies import Agency
from graph.guarded import Pointer


def pointer_line(hit: Pointer, owner: Agency | None, about: str) -> str:
    name = f"{owner.name} ({hit.agency})" if owner else hit.agency
    records = f"{hit.records} record{'s' if hit.records != 1 else ''}"
    matched = f" (matched on {', '.join(hit.matched_on)})" if hit.matched_on else ""
    contact = owner.contact if owner and owner.contact else "the agency (no contact on file)"
    return f"{name} holds {records} {about}{matched}. Contact: {contact}."


def pointer_cards(
    hits: Iterable[tuple[Pointer, Agency | None]], about: str = "matching your search"
) -> list:
    """One small card per owner (with its agency record, for the contact); an empty list
    when no owner holds anything."""
    cards = [
        dbc.Alert(
            [
                html.Strong("Held by another agency: ", className="me-1"),
                pointer_line(hit, owner, about),
                html.Div(
                    "Their records are not shared with your agency; the owner has been told of "
                    "this hit (who asked, the stated purpose and what matched).",
                    className="small text-muted",
                ),
            ],
            color="info",
            className="pointer-card py-2 px-3 mt-2 mb-0 small",
        )
        for hit, owner in hits
    ]
    return cards
