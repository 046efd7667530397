"""Small pieces the pages and panels repeat: built here once, with one look and one
behaviour (dash-cytoscape's editor demo keeps its NamedDropdown and friends the same way)."""

from __future__ import annotations

from collections.abc import Iterable

from dash import dcc


def pick_many(
    id: str, choices: Iterable[str], placeholder: str, class_name: str = "mt-2 small-dropdown"
) -> dcc.Dropdown:
    """A dropdown of several choices, each shown as itself (types, agencies...)."""
    return dcc.Dropdown(
        id=id,
        options=[{"label": c, "value": c} for c in choices],
        multi=True,
        placeholder=placeholder,
        className=class_name,
    )


def my_agencies(id: str, agencies: Iterable[str]) -> dcc.Dropdown:
    """Narrow a question to some of the agencies the user is cleared for (none: all)."""
    return pick_many(id, agencies, "All my agencies")
