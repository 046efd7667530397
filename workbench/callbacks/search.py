"""The search box: fulltext over the user's cleared agencies, results with type icons."""

from __future__ import annotations

from collections import Counter

from dash import Dash, Input, Output, State, dcc, html, no_update

from charts.elements import caption, subtitle
from graph import explore, guarded, pointers
from workbench.callbacks.common import investigator, pointed, purpose_missing, record
from workbench.panels import type_icon
from workbench.pointer_cards import pointer_cards
from workbench.policy import INVESTIGATE, guard


def result_option(entity: explore.Entity, text: str = "", same: bool = False) -> dict:
    """One result: icon, name, details, agency badge, why it matched; ``same``: another
    record of the resolved subject just above (indented, marked)."""
    p = entity.props
    sub = subtitle(entity.label, p)
    why = explore.why_found(entity, text) if text else ""
    return {
        "label": html.Span(
            [
                html.Span("↳ same person: ", className="result-same") if same else "",
                type_icon(entity.label),
                html.Span(caption(entity.label, p), className="result-name"),
                html.Span(f" {sub}" if sub else "", className="result-sub"),
                html.Span(
                    p.get("agency") or "shared",
                    className="badge bg-light text-dark ms-1",
                    title=None if p.get("agency") else "one node for every agency's records",
                ),
                html.Span(f" matched {why}", className="result-why") if why else "",
                html.Span("INTEL", className="badge bg-warning text-dark ms-1")
                if p.get("record_class") == "intelligence"
                else "",
            ]
        ),
        "value": f"{entity.label}|{entity.uid}",
    }


def by_subject(entities: list[explore.Entity]) -> list[tuple[explore.Entity, bool]]:
    """Results in rank order, the records of one resolved subject (one person recorded by
    several agencies) gathered under the first of them; True marks one gathered."""
    firsts: dict[str, list[explore.Entity]] = {}
    for e in entities:
        key = str(e.props.get("cluster_id") or e.uid) if e.label == "Person" else e.uid
        firsts.setdefault(key, []).append(e)
    return [(e, i > 0) for group in firsts.values() for i, e in enumerate(group)]


def facets(entities: list[explore.Entity]) -> str:
    """Counts by type and by agency: "3 Person, 1 Phone; MPD 2, CSO 1, shared 1"."""
    kinds = Counter(e.label for e in entities)
    agencies = Counter(str(e.props.get("agency") or "shared") for e in entities)
    return (
        ", ".join(f"{n} {k}" for k, n in kinds.most_common())
        + "; "
        + ", ".join(f"{a} {n}" for a, n in agencies.most_common())
    )


def results_list(options: list[dict]) -> dcc.Checklist:
    # A new list each time: Dash 4's renderer fails to patch checklist options whose labels
    # are components when their number changes.
    return dcc.Checklist(
        id="search-results",
        options=options,
        value=[],
        className="result-list",
        inputClassName="me-2",
    )


def register(app: Dash) -> None:
    @app.callback(
        Output("results-box", "children"),
        Output("search-status", "children"),
        Output("search-pointers", "children"),
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
            return no_update, "Type a name, address, plate, phone or gang.", []
        if refusal := purpose_missing():
            return no_update, refusal, []
        user, s, cleared = investigator()
        scope = cleared.narrowed(agencies)
        try:
            found = explore.search(s.graph, text, scope, types or [], s.settings.search_limit)
        except guarded.Busy as exc:
            record("search", {"text": text, "agencies": scope.codes, "busy": True}, "refused")
            return no_update, str(exc), []
        except Exception as exc:  # a timeout or a server error: audited, then raised
            record("search", {"text": text, "error": type(exc).__name__}, "error")
            raise
        record(
            "search",
            {"text": text, "types": types or [], "agencies": scope.codes, "results": len(found)},
        )
        ask = lambda p: pointers.search(s.graph, text, p, types or [], s.settings.search_limit)  # noqa: E731
        cards = pointer_cards(pointed(user, s, cleared, "search", text, ask))
        if not found:
            return results_list([]), f"No match for “{text}” in {', '.join(scope)}.", cards
        more = (
            " (first results; refine to see others)"
            if len(found) >= s.settings.search_limit
            else ""
        )
        entities = by_subject([e for e, _ in found])
        return (
            results_list([result_option(e, text, same) for e, same in entities]),
            f"{len(found)} result(s) for “{text}”{more}: {facets([e for e, _ in entities])}. "
            "Tick the ones to chart.",
            cards,
        )
