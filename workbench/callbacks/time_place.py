"""The Time and Map tabs: the chart's incidents, arrests and intelligence on a timeline whose
window filters the chart, and its places with coordinates on a map (dash-leaflet; tiles from
the configured server). Both read the user's stored chart, never what the browser sends."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import dash_leaflet as dl
from dash import Dash, Input, Output, State, html, no_update

from charts import timeline
from charts.style import INTEL_COLOUR, TYPE_STYLE
from workbench.callbacks.common import investigator, load_chart
from workbench.policy import INVESTIGATE, guard

LANE_COLOURS = {
    "Incident": TYPE_STYLE["Incident"][0],
    "Arrest": TYPE_STYLE["Arrest"][0],
    "Intelligence": INTEL_COLOUR,
}


def lanes(items: list[timeline.Dated], lo: int, hi: int, window: list[str] | None) -> html.Div:
    start = timeline.month_start(lo)
    days = max(1, (timeline.month_end(hi) - start).days)
    rows = []
    for lane in timeline.LANES:
        dots = []
        for it in (i for i in items if i.lane == lane):
            outside = bool(window) and not (window[0] <= it.day.isoformat() <= window[1])
            dots.append(
                html.Span(
                    className="tl-dot" + (" tl-out" if outside else ""),
                    title=f"{it.day.isoformat()} · {it.type} · {it.label}",
                    style={
                        "left": f"{100 * (it.day - start).days / days:.2f}%",
                        "background": LANE_COLOURS[lane],
                    },
                    **{"data-id": it.id},
                )
            )
        n = sum(1 for i in items if i.lane == lane)
        rows.append(
            html.Div(
                [
                    html.Span(f"{lane} ({n})", className="tl-name"),
                    html.Div(dots, className="tl-track"),
                ],
                className="tl-lane",
            )
        )
    return html.Div(rows, className="timeline")


def places(view: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Charted places with coordinates, each with what it is linked to on the chart."""
    names = {e["data"]["id"]: e["data"].get("name") for e in view if "source" not in e["data"]}
    linked: dict[str, Counter[str]] = {}
    for e in view:
        d = e["data"]
        if "source" in d:
            for here, there in ((d["source"], d["target"]), (d["target"], d["source"])):
                linked.setdefault(here, Counter())[str(names.get(there, there))] += 1
    out = []
    for e in view:
        d = e["data"]
        if "source" not in d and d.get("lat") is not None and d.get("lon") is not None:
            out.append({**d, "linked": sorted(linked.get(d["id"], Counter()))})
    return out


def without_coordinates(view: list[dict[str, Any]]) -> list[str]:
    """Charted places the map cannot show: their records give no coordinates."""
    return sorted(
        str(e["data"].get("name") or e["data"]["id"])
        for e in view
        if e["data"].get("type") == "Location"
        and "source" not in e["data"]
        and (e["data"].get("lat") is None or e["data"].get("lon") is None)
    )


def unplaced_note(names: list[str]) -> Any:
    if not names:
        return None
    shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
    return html.P(
        f"{len(names)} place(s) on the chart have no coordinates in their records and are not "
        f"on the map: {shown}.",
        className="text-muted small mb-1",
        id="map-unplaced",
    )


def tiles_notice(tiles: str) -> Any:
    """Shown by the browser (assets/civicfusion.js) when a map tile cannot be fetched."""
    host = tiles.split("/")[2] if "://" in tiles else "the configured tile server"
    return html.Div(
        f"Map tiles could not be fetched from {host}: the places are drawn on a blank "
        "background. An administrator can point CIVICFUSION_MAP_TILES_URL at the agency's "
        "own tile server or at tiles the workbench serves (docs/workbench.md).",
        id="map-notice",
        className="map-notice small",
        style={"display": "none"},
    )


def map_of(
    found: list[dict[str, Any]], tiles: str, attribution: str, unplaced: list[str] | None = None
) -> Any:
    if not found:
        if unplaced:
            return unplaced_note(unplaced)
        return html.P(
            "No places on the chart yet. Expand a person or an incident to bring in their "
            "addresses.",
            className="text-muted small",
        )
    markers = []
    for p in found:
        linked = p["linked"]
        markers.append(
            dl.CircleMarker(
                center=[p["lat"], p["lon"]],
                radius=9,
                color="#ffffff",
                weight=2,
                fillColor=TYPE_STYLE["Location"][0],
                fillOpacity=0.9,
                children=[
                    dl.Tooltip(p.get("name") or p["id"]),
                    dl.Popup(
                        html.Div(
                            [
                                html.B(p.get("name") or p["id"]),
                                html.Div(f"{p.get('agency')} · {p['lat']:.5f}, {p['lon']:.5f}"),
                                html.Div(
                                    "Linked on the chart: "
                                    + (", ".join(linked[:6]) or "nothing")
                                    + (f" and {len(linked) - 6} more" if len(linked) > 6 else "")
                                ),
                            ],
                            className="map-popup",
                        ),
                    ),
                ],
                id={"type": "map-place", "index": p["id"]},
            )
        )
    lats, lons = [p["lat"] for p in found], [p["lon"] for p in found]
    pad = 0.002
    notes = [n for n in (tiles_notice(tiles), unplaced_note(unplaced or [])) if n is not None]
    return html.Div(
        [
            *notes,
            dl.Map(
                [dl.TileLayer(url=tiles, attribution=attribution), *markers],
                bounds=[[min(lats) - pad, min(lons) - pad], [max(lats) + pad, max(lons) + pad]],
                # (with viewport tracking on and no centre, dash-leaflet 1.1.3 throws on every move)
                center=[sum(lats) / len(lats), sum(lons) / len(lons)],
                zoom=12,
                trackViewport=False,
                style={"height": "calc(100vh - 230px)", "width": "100%"},
                id="place-map",
            ),
        ]
    )


def register(app: Dash) -> None:
    @app.callback(
        Output("timeline-lanes", "children"),
        Output("timeline-summary", "children"),
        Output("timeline-range", "min"),
        Output("timeline-range", "max"),
        Output("timeline-range", "marks"),
        Output("timeline-range", "value"),
        Output("timeline-range", "disabled"),
        Input("chart-counts", "children"),  # the chart changed
        State("timeline-range", "value"),
    )
    @guard(INVESTIGATE)
    def show_timeline(_counts, current):  # type: ignore[no-untyped-def]
        user, s, cleared = investigator()
        chart = load_chart(user, s)
        items = timeline.dated(chart.view(cleared, timed=False))
        if not items:
            message = "No dated incidents, arrests or intelligence on the chart yet."
            return None, message, 0, 1, {}, no_update if current == [0, 1] else [0, 1], True
        lo, hi = timeline.month(items[0].day), timeline.month(items[-1].day)
        window = chart.window
        # The slider is the source of truth while a window is set (echoing the stored window
        # back would undo handle moves still on their way); it is set from the chart only
        # when there is no window or the slider does not fit the data (e.g. after a reload).
        fits = isinstance(current, list) and len(current) == 2 and lo <= current[0] <= hi
        if not window:
            value = [lo, hi]
        elif fits:
            value = current
        else:
            value = [timeline.month(dt.date.fromisoformat(w)) for w in window]
        shown = sum(1 for i in items if not window or window[0] <= i.day.isoformat() <= window[1])
        summary = f"{items[0].day} to {items[-1].day}: {len(items)} dated item(s)" + (
            f"; {shown} inside {window[0]} to {window[1]}" if window else ""
        )
        return (
            lanes(items, lo, hi, window),
            summary,
            lo,
            hi,
            timeline.marks(lo, hi),
            no_update if current == value else value,
            False,
        )

    @app.callback(
        Output("map-box", "children"),
        Input("right-tabs", "active_tab"),
        Input("chart-counts", "children"),
    )
    @guard(INVESTIGATE)
    def show_map(tab, _counts):  # type: ignore[no-untyped-def]
        if tab != "tab-map":
            return no_update  # Leaflet sizes itself when drawn in a visible tab
        user, s, cleared = investigator()
        view = load_chart(user, s).view(cleared)
        return map_of(
            places(view),
            s.settings.map_tiles_url,
            s.settings.map_attribution,
            without_coordinates(view),
        )
