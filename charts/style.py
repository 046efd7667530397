"""How the link chart looks: one colour and one icon per entity type, stylesheets as data."""

from __future__ import annotations

from base64 import b64encode
from hashlib import sha1
from typing import Any

from graph.model import ENTITY_LABELS

# Colour and 24x24 white glyph per entity type (SVG path data, drawn on the coloured disc).
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "Person": (
        "#2563eb",
        '<circle cx="12" cy="8" r="4"/><path d="M4 21c0-4.4 3.6-8 8-8s8 3.6 8 8z"/>',
    ),
    "Location": (
        "#16a34a",
        '<path fill-rule="evenodd" d="M12 2C8.1 2 5 5.1 5 9c0 5.2 7 13 7 13s7-7.8 7-13c0-3.9'
        '-3.1-7-7-7zm0 9.5a2.5 2.5 0 1 1 0-5 2.5 2.5 0 0 1 0 5z"/>',
    ),
    "Vehicle": (
        "#7c3aed",
        '<path fill-rule="evenodd" d="M5 11l1.5-4.5A2 2 0 0 1 8.4 5h7.2a2 2 0 0 1 1.9 1.5L19 '
        "11h1a1 1 0 0 1 1 1v5h-2v2h-3v-2H8v2H5v-2H3v-5a1 1 0 0 1 1-1zm2.2 0h9.6l-1-3.2H8.2z"
        'M7 15.5a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3zm10 0a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3z"/>',
    ),
    "Phone": (
        "#0891b2",
        '<path fill-rule="evenodd" d="M7 2h10a2 2 0 0 1 2 2v16a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V4'
        'a2 2 0 0 1 2-2zm0 3v13h10V5zm5 14.2a1 1 0 1 0 0 2 1 1 0 0 0 0-2z"/>',
    ),
    "Gang": (
        "#dc2626",
        '<circle cx="12" cy="7" r="3"/><circle cx="5" cy="10" r="2.5"/><circle cx="19" cy="10"'
        ' r="2.5"/><path d="M6 21c0-3.3 2.7-6 6-6s6 2.7 6 6zM0 19c0-2.5 2.2-4.5 5-4.5 1 0 1.9.2'
        " 2.6.7A7.9 7.9 0 0 0 5 19zm24 0c0-2.5-2.2-4.5-5-4.5-1 0-1.9.2-2.6.7A7.9 7.9 0 0 1 19"
        ' 19z"/>',
    ),
    "Incident": (
        "#ea580c",
        '<path fill-rule="evenodd" d="M12 2 1 21h22L12 2zm-1 7h2v6h-2zm0 8h2v2h-2z"/>',
    ),
    "Offense": (
        "#b45309",
        '<path fill-rule="evenodd" d="M6 2h9l5 5v15H6zm8 1.5V8h4.5zM9 12h8v1.5H9zm0 3h8v1.5H9z'
        'm0 3h5v1.5H9z"/>',
    ),
    "Drug": (
        "#db2777",
        '<path fill-rule="evenodd" d="M4.2 12.9 11 6.1a4.5 4.5 0 0 1 6.4 6.4l-6.8 6.8a4.5 4.5 0'
        ' 0 1-6.4-6.4zm2.1 1-1 1a2.5 2.5 0 0 0 3.5 3.5l3-3-2.5-2.5z"/>',
    ),
    "Arrest": (
        "#475569",
        '<path fill-rule="evenodd" d="M7 9a5 5 0 1 1 0 10A5 5 0 0 1 7 9zm0 2a3 3 0 1 0 0 6 3 3'
        " 0 0 0 0-6zm10-2a5 5 0 1 1 0 10 5 5 0 0 1 0-10zm0 2a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM10"
        ' 12h4v2h-4z"/>',
    ),
    "Email": (
        "#0e7490",
        '<path fill-rule="evenodd" d="M2 5h20v14H2zm2 2v.6l8 5.2 8-5.2V7zm16 2.9-8 5.2-8-5.2V17h'
        '16z"/>',
    ),
    "Document": (
        "#4338ca",
        '<path fill-rule="evenodd" d="M2 5h20v14H2zm2 2v10h16V7zm2 2h5v6H6zm7 0h5v1.5h-5zm0 3h5v'
        '1.5h-5z"/>',
    ),
    "Weapon": ("#111827", '<path d="M3 7h17v4h-7l-1 2h-2l-.5 1.5L11 20H6l2-6-5-.5z"/>'),
    "Agency": ("#0f766e", '<path d="M12 2 4 5v6c0 5 3.4 9.3 8 11 4.6-1.7 8-6 8-11V5z"/>'),
    "Event": (
        "#a16207",
        '<path fill-rule="evenodd" d="M7 2h2v2h6V2h2v2h3v18H4V4h3zm-1 7v11h12V9zm2 2h3v3H8z"/>',
    ),
}
INTEL_COLOUR = "#f59e0b"
# colour by agency: one of these per agency code (stable across sessions and users), grey
# for shared identifiers, which belong to no agency
AGENCY_PALETTE = ("#1d4ed8", "#b91c1c", "#047857", "#7e22ce", "#c2410c", "#0e7490",
                  "#a16207", "#be185d", "#4d7c0f", "#1e40af", "#9f1239", "#155e75")  # fmt: skip
NO_AGENCY_COLOUR = "#64748b"


def agency_colour(code: str | None) -> str:
    if not code:
        return NO_AGENCY_COLOUR
    return AGENCY_PALETTE[int(sha1(code.encode()).hexdigest(), 16) % len(AGENCY_PALETTE)]


SELECTED_COLOUR = "#facc15"


def icon_svg(label: str, colour: str = "white", size: int = 24) -> str:
    _, glyph = TYPE_STYLE[label]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 24 24" fill="{colour}">{glyph}</svg>'
    )


def icon_uri(label: str, colour: str = "white") -> str:
    return "data:image/svg+xml;base64," + b64encode(icon_svg(label, colour).encode()).decode()


def stylesheet() -> list[dict[str, Any]]:
    """The Cytoscape stylesheet: type colours and icons, intelligence marks, SAME_AS kinds."""
    missing = set(ENTITY_LABELS) - set(TYPE_STYLE)
    if missing:  # the model grew: every type needs a look
        raise RuntimeError(f"no chart style for {sorted(missing)}")
    rules: list[dict[str, Any]] = [
        {
            "selector": "node",
            "style": {
                "label": "data(label)",
                "width": 38,
                "height": 38,
                "font-size": 10,
                "font-family": "system-ui, sans-serif",
                "color": "#0f172a",
                "text-valign": "bottom",
                "text-halign": "center",
                "text-margin-y": 4,
                "text-wrap": "wrap",
                "text-max-width": 130,
                "text-background-color": "#ffffff",
                "text-background-opacity": 0.8,
                "text-background-padding": 1,
                # captions are not drawn while too small to read: big charts stay fast/clear
                "min-zoomed-font-size": 6,
                "background-fit": "none",
                "background-width": "62%",
                "background-height": "62%",
                "border-width": 2,
                "border-color": "#ffffff",
            },
        },
        {
            "selector": "edge",
            "style": {
                "label": "data(label)",
                "width": 1.6,
                "font-size": 8,
                "color": "#334155",
                "line-color": "#94a3b8",
                "target-arrow-color": "#94a3b8",
                "target-arrow-shape": "triangle",
                "arrow-scale": 0.7,
                "curve-style": "bezier",
                "text-rotation": "autorotate",
                "min-zoomed-font-size": 7,
                "text-background-color": "#ffffff",
                "text-background-opacity": 0.85,
                "text-background-padding": 1,
            },
        },
    ]
    for label, (colour, _) in TYPE_STYLE.items():
        rules.append(
            {
                "selector": f"node.{label}",
                "style": {"background-color": colour, "background-image": icon_uri(label)},
            }
        )
    rules += [
        # colour by agency (the chart's switch): the type's icon stays on the agency colour
        {"selector": "node.by-agency", "style": {"background-color": "data(agency_colour)"}},
        # 28 CFR Part 23 intelligence: amber double ring and dashed amber lines.
        {
            "selector": "node.intel",
            "style": {"border-width": 6, "border-style": "double", "border-color": INTEL_COLOUR},
        },
        {
            "selector": "edge.intel",
            "style": {"line-style": "dashed", "line-color": INTEL_COLOUR, "color": "#92400e"},
        },
        # Entity resolution
        {
            "selector": "edge.SAME_AS",
            "style": {
                "line-color": "#1d4ed8",
                "width": 3,
                "target-arrow-shape": "none",
                "color": "#1d4ed8",
            },
        },
        {"selector": "edge.SAME_AS.review", "style": {"line-style": "dashed", "width": 2}},
        {
            "selector": "node.subject",
            "style": {
                "width": 54,
                "height": 54,
                "border-width": 5,
                "border-color": "#1e3a8a",
                "font-weight": "bold",
            },
        },
        {"selector": "node.pinned", "style": {"border-color": "#0f172a", "border-width": 4}},
        # combined parallel links: thicker the more links (or calls) they stand for
        {"selector": "edge.bundle", "style": {"width": "mapData(links, 2, 30, 2.5, 9)"}},
        # an expand stopped at its limit: links left (the caption says how many)
        {
            "selector": "node.more",
            "style": {"border-style": "dashed", "border-color": "#475569", "border-width": 3},
        },
        # the path just found
        {"selector": "node.highlight", "style": {"border-color": "#f97316", "border-width": 6}},
        {
            "selector": "edge.highlight",
            "style": {"line-color": "#f97316", "target-arrow-color": "#f97316", "width": 4},
        },
        {
            "selector": "edge.CALLED",
            "style": {"line-color": "#0891b2", "target-arrow-shape": "none"},
        },
        {
            "selector": ":selected",
            "style": {
                "border-color": SELECTED_COLOUR,
                "border-width": 6,
                "border-style": "solid",
                "line-color": SELECTED_COLOUR,
                "target-arrow-color": SELECTED_COLOUR,
            },
        },
    ]
    return rules
