"""What each chart button does, as functions of (chart, graph, the user's scope, inputs).

Callbacks only pick the action and render the result; these functions can be tested against
the real graph without a browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from charts import elements
from charts.chart import ChartState
from graph import explore
from graph.db import Graph
from graph.scope import Scope


@dataclass
class Outcome:
    message: str
    colour: str = "info"  # info | warning | danger | success
    audit: dict | None = None  # what the audit log should record, if anything


def add_entities(
    chart: ChartState, graph: Graph, cleared: Scope, refs: list[tuple[str, str]]
) -> Outcome:
    found = explore.entities(graph, refs, cleared)
    if not found:
        return Outcome("Nothing to add: pick search results first.", "warning")
    links = explore.links_among(graph, found, chart.node_ids(), cleared)
    names = ", ".join(elements.caption(e.label, e.props) for e in found[:3])
    more = f" and {len(found) - 3} more" if len(found) > 3 else ""
    n, m = chart.add(
        [elements.node(e) for e in found], [elements.edge(k) for k in links], f"Added {names}{more}"
    )
    return Outcome(
        f"Added {n} item(s) and {m} link(s) to the chart." if n or m else "Already on the chart.",
        audit={"added": [uid for _, uid in refs][:100]},
    )


def expand(
    chart: ChartState,
    graph: Graph,
    cleared: Scope,
    ids: list[str],
    types: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    agencies: Sequence[str] | None = None,
    cap: int = 50,
) -> Outcome:
    """Expand every selected node (never only the first few), at most ``cap`` new links
    each; links already on the chart are passed over, so expanding again brings the next
    ones. A node with more left says so on the chart (``more``) and in one summary line."""
    refs = chart.refs(ids)
    if not refs:
        return Outcome("Select a node on the chart (or double-click one) to expand it.", "warning")
    scope = cleared.narrowed(agencies)
    cap = max(1, min(int(cap or 50), 2000))
    charted = list(chart.current.edges)  # on the chart now (hidden too), not in its history
    new_nodes, new_links, capped = [], [], []
    total = 0
    for label, uid in refs:
        found = explore.expand(graph, label, uid, scope, types, since, until, cap, charted)
        total += found.total
        new_nodes += found.entities
        new_links += found.links
        chart.elements[uid]["data"]["more"] = found.more
        if found.more:
            capped.append((chart.elements[uid]["data"]["name"], found.more))
    new_links += explore.links_among(graph, new_nodes, chart.node_ids(), scope)
    names = ", ".join(chart.elements[uid]["data"]["name"] for _, uid in refs[:3])
    if len(refs) > 3:
        names += f" and {len(refs) - 3} more"
    n, m = chart.add(
        [elements.node(e) for e in new_nodes],
        [elements.edge(k) for k in new_links],
        f"Expanded {names}",
    )
    audit = {
        "expanded": [uid for _, uid in refs],
        "types": list(types),
        "since": since,
        "until": until,
        "agencies": scope.codes,
        "neighbours": total,
    }
    said = (
        f"Expanded {len(refs)} node(s) ({names}): {total} neighbour link(s), {n} new item(s) "
        f"and {m} new link(s) on the chart."
    )
    if capped:
        left = sum(k for _, k in capped)
        who = ", ".join(f"{name} +{k}" for name, k in capped[:5])
        more = f" and {len(capped) - 5} more node(s)" if len(capped) > 5 else ""
        return Outcome(
            f"{said} {left} more link(s) past the limit of {cap} per node ({who}{more}): "
            f"Expand again for the next {cap}, or narrow by type, date or agency.",
            "warning",
            audit,
        )
    return Outcome(said, audit=audit)


def who_else_uses(
    chart: ChartState,
    graph: Graph,
    cleared: Scope,
    ids: list[str],
    agencies: Sequence[str] | None = None,
) -> Outcome:
    """Add the people who use the selected phones, vehicles or addresses, or who share one
    with the selected people, with the links that join them."""
    refs = chart.refs(ids)
    if not refs:
        return Outcome(
            "Select a phone, vehicle, address or person on the chart to find who else uses it.",
            "warning",
        )
    scope = cleared.narrowed(agencies)
    new_nodes, new_links, said = [], [], []
    for label, uid in refs[:20]:
        found = explore.who_else_uses(graph, label, uid, scope)
        new_nodes += found.entities
        new_links += found.links
        said += [
            f"{elements.caption(i.label, i.props)}: {n} {'person' if n == 1 else 'people'}"
            for i, n in found.identifiers
        ]
    names = ", ".join(chart.elements[uid]["data"]["name"] for _, uid in refs[:3])
    audit = {"who_else_uses": [uid for _, uid in refs], "agencies": scope.codes}
    if not said:
        return Outcome(
            f"No one else in your agencies' records uses a phone, vehicle or address of {names}.",
            "info",
            audit,
        )
    new_links += explore.links_among(graph, new_nodes, chart.node_ids(), scope)
    n, m = chart.add(
        [elements.node(e) for e in new_nodes],
        [elements.edge(k) for k in new_links],
        f"Who else uses what {names} uses",
    )
    shown = "; ".join(said[:6]) + (f"; and {len(said) - 6} more" if len(said) > 6 else "")
    return Outcome(
        f"Who else uses it: {shown}. {n} new item(s) and {m} new link(s) on the chart.",
        audit=audit,
    )


def find_paths(
    chart: ChartState, graph: Graph, cleared: Scope, ids: list[str], max_hops: Any = 6
) -> Outcome:
    refs = chart.refs(ids)
    if len(ids) != 2 or len(refs) < 2:
        return Outcome(
            "Select exactly two nodes (shift-click) to find the paths between them.", "warning"
        )
    start, end = refs[0], refs[-1]
    top = explore.MAX_PATH_HOPS
    try:
        hops = int(max_hops)
    except (TypeError, ValueError):
        hops = 0
    if not 1 <= hops <= top or (isinstance(max_hops, float) and not max_hops.is_integer()):
        return Outcome(  # never a silent replacement by another number
            f"Path hops must be a whole number from 1 to {top}: nothing was searched.", "warning"
        )
    paths = explore.shortest_paths(graph, start, end, cleared, hops)
    count = paths.count
    audit = {"from": start[1], "to": end[1], "max_hops": hops, "paths": count}
    a, b = chart.elements[start[1]]["data"]["name"], chart.elements[end[1]]["data"]["name"]
    if not count:
        return Outcome(
            f"No path of {hops} hops or fewer between {a} and {b} in the records "
            "you are cleared for.",
            "warning",
            audit,
        )
    chart.add(
        [elements.node(e) for e in paths.entities],
        [elements.edge(k) for k in paths.links],
        f"Paths {a} → {b}",
        highlight=True,
    )
    return Outcome(
        f"{count} shortest path(s) of {paths.hops} hop(s) between {a} and {b} are on the chart.",
        "success",
        audit,
    )


def known_links(chart: ChartState, graph: Graph, cleared: Scope) -> list[str]:
    """The links at every charted entity right now (saved with a case chart)."""
    refs = chart.refs(chart.node_ids())
    return [link.id for link, _ in explore.neighbour_links(graph, refs, cleared)]


def chart_agencies(chart: ChartState) -> list[str]:
    """Agencies whose records are anywhere in the chart's history, not only on screen (a
    shared case chart opens only for users cleared for all of them)."""
    return sorted(
        {str(e["data"]["agency"]) for e in chart.elements.values() if e["data"].get("agency")}
    )


def what_changed(
    chart: ChartState,
    graph: Graph,
    cleared: Scope,
    known: Sequence[str],
    saved_at: str,
    most: int = 200,
) -> Outcome:
    """On reopening a case chart: links the graph gained at its entities since it was saved
    go on the chart as one highlighted step; records gone since (purged, or no longer
    visible to this user) are counted."""
    refs = chart.refs(chart.node_ids())
    still = {e.uid for e in explore.entities(graph, refs, cleared)}
    gone = len({uid for _, uid in refs} - still)
    seen = set(known)
    new = [(link, other) for link, other in explore.neighbour_links(graph, refs, cleared)]
    new = [(link, other) for link, other in new if link.id not in seen][:most]
    on_chart = set(chart.node_ids())
    far = explore.entities(graph, [o for _, o in new if o[1] not in on_chart], cleared)
    when = saved_at[:16].replace("T", " ")
    gone_note = f" {gone} charted record(s) are no longer in the graph you may see." if gone else ""
    if not new:
        return Outcome(f"Nothing new at these entities since {when} UTC.{gone_note}", "info")
    n, m = chart.add(
        [elements.node(e) for e in far],
        [elements.edge(link) for link, _ in new],
        f"Changed since {when}",
        highlight=True,
    )
    return Outcome(
        f"Since it was saved ({when} UTC): {m} new link(s) and {n} new item(s), highlighted "
        f"on the chart.{gone_note}",
        "success",
        {"new_links": m, "new_items": n, "gone": gone},
    )
