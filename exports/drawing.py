"""The link chart as a picture that leaves the workbench: one scene (where every node and line
sits, in the chart's colours) drawn as SVG (with the type icons) and as PNG (Pillow).

Positions come from the browser when the analyst exports what is on screen; the command line
and reopened charts without positions get a seeded force-directed layout (networkx), so the
same chart always draws the same way."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import networkx as nx
from PIL import Image, ImageDraw, ImageFont

from charts.style import INTEL_COLOUR, TYPE_STYLE
from exports import glyphs

NODE_R = 19.0
SUBJECT_R = 27.0
MARGIN = 70.0
SIDE_MARGIN = 130.0  # captions are wider than the discs
HEAD = 64.0  # banner + title band
LEGEND_ROW = 22.0
MAX_SIDE = 2400.0
BANNER_COLOUR = "#7f1d1d"
LINK_COLOUR = "#94a3b8"
SAME_AS_COLOUR = "#1d4ed8"
HIGHLIGHT_COLOUR = "#f97316"
FONT_FILES = (
    "DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)


@dataclass(frozen=True)
class Mark:
    id: str
    type: str
    x: float
    y: float
    r: float
    fill: str
    ring: str
    ring_width: float
    label: str


@dataclass(frozen=True)
class Line:
    id: str
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str
    width: float
    dashed: bool
    arrow: bool
    label: str


@dataclass
class Scene:
    width: float
    height: float
    title: str
    banner: str
    marks: list[Mark] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (type, colour)


def auto_layout(elements: list[dict[str, Any]]) -> dict[str, tuple[float, float]]:
    """Seeded force-directed positions (pixels) for charts drawn without a browser."""
    g = nx.Graph()
    for e in elements:
        d = e["data"]
        if "source" in d:
            g.add_edge(d["source"], d["target"])
        else:
            g.add_node(d["id"])
    if not len(g):
        return {}
    pos = nx.spring_layout(g, seed=7, k=1.6 / math.sqrt(len(g)), iterations=80)
    side = 140.0 * math.sqrt(len(g))
    return {n: (float(x) * side, float(y) * side) for n, (x, y) in pos.items()}


def _classes(el: dict[str, Any]) -> set[str]:
    return set(str(el.get("classes", "")).split())


def scene(
    elements: list[dict[str, Any]],
    positions: dict[str, tuple[float, float]] | None,
    title: str,
    banner: str,
) -> Scene:
    nodes = [e for e in elements if "source" not in e["data"]]
    edges = [e for e in elements if "source" in e["data"]]
    placed = dict(positions or {})
    if any(n["data"]["id"] not in placed for n in nodes):
        placed = auto_layout(elements)
    xs = [placed[n["data"]["id"]][0] for n in nodes] or [0.0]
    ys = [placed[n["data"]["id"]][1] for n in nodes] or [0.0]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    scale = min(1.0, (MAX_SIDE - 2 * SIDE_MARGIN) / span)
    types = sorted({n["data"]["type"] for n in nodes if n["data"]["type"] in TYPE_STYLE})
    width = max((max(xs) - min(xs)) * scale + 2 * SIDE_MARGIN, 640.0)
    legend_rows = math.ceil((len(types) + 2) / max(1, int(width // 150)))
    height = (max(ys) - min(ys)) * scale + 2 * MARGIN + HEAD + legend_rows * LEGEND_ROW + 10
    ox = (width - (max(xs) - min(xs)) * scale) / 2

    def at(i: str) -> tuple[float, float]:
        x, y = placed[i]
        return ox + (x - min(xs)) * scale, HEAD + MARGIN + (y - min(ys)) * scale

    out = Scene(width=width, height=height, title=title, banner=banner)
    where: dict[str, tuple[float, float, float]] = {}
    for n in nodes:
        d, cls = n["data"], _classes(n)
        x, y = at(d["id"])
        r = SUBJECT_R if "subject" in cls else NODE_R
        ring, ring_w = "#ffffff", 2.0
        if "intel" in cls:
            ring, ring_w = INTEL_COLOUR, 5.0
        if "subject" in cls:
            ring, ring_w = "#1e3a8a", 5.0
        if "highlight" in cls:
            ring, ring_w = HIGHLIGHT_COLOUR, 5.0
        fill = TYPE_STYLE.get(d["type"], ("#64748b", ""))[0]
        out.marks.append(
            Mark(d["id"], d["type"], x, y, r, fill, ring, ring_w, str(d.get("label") or ""))
        )
        where[d["id"]] = (x, y, r)
    for e in edges:
        d, cls = e["data"], _classes(e)
        if d["source"] not in where or d["target"] not in where:
            continue
        (x1, y1, r1), (x2, y2, r2) = where[d["source"]], where[d["target"]]
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        colour, width_, dashed = LINK_COLOUR, 1.6, False
        if "intel" in cls:
            colour, dashed = INTEL_COLOUR, True
        if "SAME_AS" in cls:
            colour, width_, dashed = SAME_AS_COLOUR, 3.0, "review" in cls
        if "highlight" in cls:
            colour, width_ = HIGHLIGHT_COLOUR, 4.0
        out.lines.append(
            Line(
                d["id"],
                x1 + ux * r1,
                y1 + uy * r1,
                x2 - ux * (r2 + 2),
                y2 - uy * (r2 + 2),
                colour,
                width_,
                dashed,
                "SAME_AS" not in cls and "CALLED" not in cls,
                str(d.get("label") or ""),
            )
        )
    out.legend = [(t, TYPE_STYLE[t][0]) for t in types]
    out.legend += [("Intelligence (28 CFR 23)", INTEL_COLOUR), ("Same person", SAME_AS_COLOUR)]
    return out


def _legend_cells(sc: Scene) -> list[tuple[float, float, str, str]]:
    per_row = max(1, int(sc.width // 150))
    top = sc.height - math.ceil(len(sc.legend) / per_row) * LEGEND_ROW - 6
    return [
        (16 + (i % per_row) * 150, top + (i // per_row) * LEGEND_ROW, name, colour)
        for i, (name, colour) in enumerate(sc.legend)
    ]


# -- SVG --------------------------------------------------------------------------------------
def svg(sc: Scene) -> str:
    w, h = sc.width, sc.height
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0f}" height="{h:.0f}" '
        f'viewBox="0 0 {w:.0f} {h:.0f}" font-family="DejaVu Sans, Arial, sans-serif">',
        "<style>.halo{paint-order:stroke;stroke:#ffffff;stroke-width:3px;"
        "stroke-linejoin:round}</style>",
        f"<title>{escape(sc.title)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" '
        'fill="#94a3b8"/></marker></defs>',
        f'<rect width="{w:.0f}" height="{h:.0f}" fill="#ffffff"/>',
        f'<rect width="{w:.0f}" height="24" fill="{BANNER_COLOUR}"/>',
        f'<text x="{w / 2:.0f}" y="17" text-anchor="middle" fill="#ffffff" font-size="13" '
        f'font-weight="bold">{escape(sc.banner)}</text>',
        f'<text x="16" y="48" font-size="15" fill="#0f172a">{escape(sc.title)}</text>',
        '<g class="links">',
    ]
    for ln in sc.lines:
        dash = ' stroke-dasharray="6 4"' if ln.dashed else ""
        arrow = ' marker-end="url(#arrow)"' if ln.arrow else ""
        out.append(
            f'<g class="link" id={quoteattr("link-" + ln.id)}><line x1="{ln.x1:.1f}" '
            f'y1="{ln.y1:.1f}" x2="{ln.x2:.1f}" y2="{ln.y2:.1f}" stroke="{ln.colour}" '
            f'stroke-width="{ln.width}"{dash}{arrow}/>'
        )
        if ln.label:
            mx, my = (ln.x1 + ln.x2) / 2, (ln.y1 + ln.y2) / 2
            out.append(
                f'<text x="{mx:.1f}" y="{my - 3:.1f}" text-anchor="middle" font-size="8" '
                f'fill="#334155" class="halo">{escape(ln.label)}</text>'
            )
        out.append("</g>")
    out.append('</g><g class="nodes">')
    for m in sc.marks:
        glyph = TYPE_STYLE.get(m.type, ("", ""))[1]
        s = m.r * 1.24 / 24  # glyph box is 62 % of the disc, as on screen
        out.append(
            f'<g class="node" id={quoteattr("node-" + m.id)} data-type={quoteattr(m.type)}>'
            f'<circle cx="{m.x:.1f}" cy="{m.y:.1f}" r="{m.r:.1f}" fill="{m.fill}" '
            f'stroke="{m.ring}" stroke-width="{m.ring_width}"/>'
            f'<g transform="translate({m.x - 12 * s:.1f} {m.y - 12 * s:.1f}) scale({s:.3f})" '
            f'fill="#ffffff">{glyph}</g>'
        )
        for i, text in enumerate(m.label.split("\n")):
            out.append(
                f'<text x="{m.x:.1f}" y="{m.y + m.r + 12 + i * 11:.1f}" text-anchor="middle" '
                f'font-size="10" fill="#0f172a" class="halo">{escape(text)}</text>'
            )
        out.append("</g>")
    out.append('</g><g class="legend">')
    for x, y, name, colour in _legend_cells(sc):
        out.append(
            f'<circle cx="{x + 6}" cy="{y + 6}" r="6" fill="{colour}"/>'
            f'<text x="{x + 17}" y="{y + 10}" font-size="11" fill="#0f172a">{escape(name)}</text>'
        )
    out.append("</g></svg>\n")
    return "\n".join(out)


# -- PNG --------------------------------------------------------------------------------------
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for f in FONT_FILES:
        try:
            return ImageFont.truetype(f, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def _dashed(draw: ImageDraw.ImageDraw, ln: Line, k: float) -> None:
    length = math.hypot(ln.x2 - ln.x1, ln.y2 - ln.y1)
    steps = max(1, int(length / 10))
    for i in range(0, steps, 1):
        if i % 2:
            continue
        a, b = i / steps, min(1.0, (i + 0.6) / steps)
        draw.line(
            [
                ((ln.x1 + (ln.x2 - ln.x1) * a) * k, (ln.y1 + (ln.y2 - ln.y1) * a) * k),
                ((ln.x1 + (ln.x2 - ln.x1) * b) * k, (ln.y1 + (ln.y2 - ln.y1) * b) * k),
            ],
            fill=ln.colour,
            width=max(1, round(ln.width * k)),
        )


def _icon(img: Image.Image, label: str, x: float, y: float, size: float) -> None:
    """The type's icon (the screen's glyph), white, centred on (x, y)."""
    if label not in TYPE_STYLE:
        return
    side = max(6, round(size))
    img.paste("#ffffff", (round(x - side / 2), round(y - side / 2)), glyphs.mask(label, side))


def png(sc: Scene, scale: float = 1.5) -> bytes:
    k = scale
    img = Image.new("RGB", (round(sc.width * k), round(sc.height * k)), "#ffffff")
    draw = ImageDraw.Draw(img)
    small, text, big = _font(round(8 * k)), _font(round(10 * k)), _font(round(14 * k))
    if sc.banner:  # (a picture inside the PDF: the page carries the banner, once)
        draw.rectangle([0, 0, sc.width * k, 24 * k], fill=BANNER_COLOUR)
        draw.text((sc.width * k / 2, 12 * k), sc.banner, fill="#ffffff", font=big, anchor="mm")
    draw.text((16 * k, 48 * k), sc.title, fill="#0f172a", font=big, anchor="ls")
    for ln in sc.lines:
        if ln.dashed:
            _dashed(draw, ln, k)
        else:
            draw.line(
                [(ln.x1 * k, ln.y1 * k), (ln.x2 * k, ln.y2 * k)],
                fill=ln.colour,
                width=max(1, round(ln.width * k)),
            )
        if ln.arrow:
            ang = math.atan2(ln.y2 - ln.y1, ln.x2 - ln.x1)
            tip = (ln.x2 * k, ln.y2 * k)
            pts = [tip] + [
                (tip[0] - 8 * k * math.cos(ang + d), tip[1] - 8 * k * math.sin(ang + d))
                for d in (0.4, -0.4)
            ]
            draw.polygon(pts, fill=ln.colour)
        if ln.label:
            mx, my = (ln.x1 + ln.x2) / 2 * k, (ln.y1 + ln.y2) / 2 * k
            draw.text(
                (mx, my - 3 * k),
                ln.label,
                fill="#334155",
                font=small,
                anchor="ms",
                stroke_width=round(2 * k),
                stroke_fill="#ffffff",
            )
    for m in sc.marks:
        box = [(m.x - m.r) * k, (m.y - m.r) * k, (m.x + m.r) * k, (m.y + m.r) * k]
        draw.ellipse(box, fill=m.fill, outline=m.ring, width=max(1, round(m.ring_width * k)))
        _icon(img, m.type, m.x * k, m.y * k, m.r * 1.24 * k)  # 62 % of the disc, as on screen
        for i, line in enumerate(m.label.split("\n")):
            draw.text(
                (m.x * k, (m.y + m.r + 12 + i * 11) * k),
                line,
                fill="#0f172a",
                font=text,
                anchor="ms",
                stroke_width=round(2 * k),
                stroke_fill="#ffffff",
            )
    for x, y, name, colour in _legend_cells(sc):
        draw.ellipse([(x - 2) * k, (y - 2) * k, (x + 14) * k, (y + 14) * k], fill=colour)
        _icon(img, name, (x + 6) * k, (y + 6) * k, 11 * k)
        draw.text(((x + 17) * k, (y + 10) * k), name, fill="#0f172a", font=text, anchor="ls")
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()
