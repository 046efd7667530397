"""The search box: fulltext over the user's cleared agencies, results with type icons."""

from __future__ import annotations

from dash import Dash, Input, Output, State, html, no_update

from graph import explore
from workbench.callbacks.common import me, record
from workbench.elements import caption, subtitle
from workbench.layout import type_icon
from workbench.policy import INVESTIGATE, guard


def result_option(entity: explore.Entity) -> dict:
    p = entity.props
    sub = subtitle(entity.label, p)
    return {
        "label": html.Span(
            [
                type_icon(entity.label),
                html.Span(caption(entity.label, p), className="result-name"),
                html.Span(f" {sub}" if sub else "", className="result-sub"),
                html.Span(p.get("agency"), className="badge bg-light text-dark ms-1"),
                html.Span("INTEL", className="badge bg-warning text-dark ms-1")
                if p.get("record_class") == "intelligence"
                else "",
            ]
        ),
        "value": f"{entity.label}|{entity.uid}",
    }


def register(app: Dash) -> None:
    @app.callback(
        Output("search-results", "options"),
        Output("search-results", "value"),
        Output("search-status", "children"),
        Input("search-go", "n_clicks"),
        Input("search-text", "n_submit"),
        State("search-text", "value"),
        State("search-types", "value"),
        State("search-agencies", "value"),
        prevent_initial_call=True,
    )
    @guard(INVESTIGATE)
    def run_search(_clicks, _submit, text, types, agencies):  # type: ignore[no-untyped-def]
        if not (text or "").strip():
            return no_update, no_update, "Type a name, address, plate, phone or gang."
        _user, s, cleared = me()
        scope = [a for a in (agencies or []) if a in cleared] or cleared
        found = explore.search(s.graph, text, scope, types or [], s.settings.search_limit)
        record(
            "search", {"text": text, "types": types or [], "agencies": scope, "results": len(found)}
        )
        if not found:
            return [], [], f"No match for “{text}” in {', '.join(scope)}."
        more = (
            " (first results; refine to see others)"
            if len(found) >= s.settings.search_limit
            else ""
        )
        return (
            [result_option(e) for e, _ in found],
            [],
            f"{len(found)} result(s){more}. Tick the ones to chart.",
        )
