"""The chart's type icons (charts/style.py: 24x24 SVG glyphs) for pictures drawn without a
browser: each glyph's paths and circles flattened into polygons and filled into a mask
(even-odd paths by XOR, the way SVG's fill-rule draws their holes), so PNG and PDF show the
screen's icons, not letters. Only what the glyphs use: M L H V C S A Z (either case) and
<circle>."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from PIL import Image, ImageChops, ImageDraw

from charts.style import TYPE_STYLE

Point = tuple[float, float]
TOKEN = re.compile(r"[A-Za-z]|-?(?:\d+\.\d*|\.\d+|\d+)(?:e-?\d+)?")
STEPS = 10  # points per curve segment


def _arc(
    p0: Point, rx: float, ry: float, phi: float, large: bool, sweep: bool, p1: Point
) -> list[Point]:
    """An SVG elliptical arc as points (the endpoint-to-centre conversion of SVG 1.1 F.6)."""
    if rx == 0 or ry == 0:
        return [p1]
    cos, sin = math.cos(math.radians(phi)), math.sin(math.radians(phi))
    dx, dy = (p0[0] - p1[0]) / 2, (p0[1] - p1[1]) / 2
    x1, y1 = cos * dx + sin * dy, -sin * dx + cos * dy
    rx, ry = abs(rx), abs(ry)
    lam = (x1 * x1) / (rx * rx) + (y1 * y1) / (ry * ry)
    if lam > 1:
        rx, ry = rx * math.sqrt(lam), ry * math.sqrt(lam)
    num = rx * rx * ry * ry - rx * rx * y1 * y1 - ry * ry * x1 * x1
    den = rx * rx * y1 * y1 + ry * ry * x1 * x1
    co = math.sqrt(max(num / den, 0)) if den else 0.0
    if large == sweep:
        co = -co
    cx1, cy1 = co * rx * y1 / ry, -co * ry * x1 / rx
    cx = cos * cx1 - sin * cy1 + (p0[0] + p1[0]) / 2
    cy = sin * cx1 + cos * cy1 + (p0[1] + p1[1]) / 2

    def angle(ux: float, uy: float, vx: float, vy: float) -> float:
        a = math.atan2(ux * vy - uy * vx, ux * vx + uy * vy)
        return a

    t1 = angle(1, 0, (x1 - cx1) / rx, (y1 - cy1) / ry)
    dt = angle((x1 - cx1) / rx, (y1 - cy1) / ry, (-x1 - cx1) / rx, (-y1 - cy1) / ry)
    if not sweep and dt > 0:
        dt -= 2 * math.pi
    elif sweep and dt < 0:
        dt += 2 * math.pi
    n = max(4, int(abs(dt) / (math.pi / 12)))
    out = []
    for i in range(1, n + 1):
        t = t1 + dt * i / n
        ex, ey = rx * math.cos(t), ry * math.sin(t)
        out.append((cos * ex - sin * ey + cx, sin * ex + cos * ey + cy))
    return out


def _cubic(p0: Point, c1: Point, c2: Point, p1: Point) -> list[Point]:
    out = []
    for i in range(1, STEPS + 1):
        t = i / STEPS
        u = 1 - t
        out.append(
            (
                u**3 * p0[0] + 3 * u * u * t * c1[0] + 3 * u * t * t * c2[0] + t**3 * p1[0],
                u**3 * p0[1] + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1] + t**3 * p1[1],
            )
        )
    return out


def subpaths(d: str) -> list[list[Point]]:
    """The closed polygons of one path's data."""
    tokens = TOKEN.findall(d)
    out: list[list[Point]] = []
    cur: list[Point] = []
    x = y = 0.0
    start = (0.0, 0.0)
    last_c2: Point | None = None
    cmd = ""
    i = 0

    def num() -> float:
        nonlocal i
        v = float(tokens[i])
        i += 1
        return v

    while i < len(tokens):
        if tokens[i].isalpha():
            cmd = tokens[i]
            i += 1
            if cmd in "Zz":
                if cur:
                    out.append(cur)
                cur, (x, y) = [], start
                last_c2 = None
                continue
        rel = cmd.islower()
        c = cmd.upper()
        ox, oy = (x, y) if rel else (0.0, 0.0)
        if c == "M":
            if cur:
                out.append(cur)
            x, y = ox + num(), oy + num()
            start, cur = (x, y), [(x, y)]
            cmd = "l" if rel else "L"  # further pairs are lines
            last_c2 = None
        elif c == "L":
            x, y = ox + num(), oy + num()
            cur.append((x, y))
            last_c2 = None
        elif c == "H":
            x = (x if rel else 0.0) + num()
            cur.append((x, y))
            last_c2 = None
        elif c == "V":
            y = (y if rel else 0.0) + num()
            cur.append((x, y))
            last_c2 = None
        elif c in "CS":
            if c == "C":
                c1 = (ox + num(), oy + num())
            else:  # the reflection of the last control point
                c1 = (2 * x - last_c2[0], 2 * y - last_c2[1]) if last_c2 else (x, y)
            c2 = (ox + num(), oy + num())
            p1 = (ox + num(), oy + num())
            cur += _cubic((x, y), c1, c2, p1)
            (x, y), last_c2 = p1, c2
        elif c == "A":
            rx, ry, phi = num(), num(), num()
            large, sweep = bool(num()), bool(num())
            p1 = (ox + num(), oy + num())
            cur += _arc((x, y), rx, ry, phi, large, sweep, p1)
            (x, y), last_c2 = p1, None
        else:
            raise ValueError(f"glyph path command {cmd!r} is not drawn")
    if cur:
        out.append(cur)
    return [p for p in out if len(p) >= 3]


def shapes(glyph: str) -> list[tuple[list[list[Point]], bool]]:
    """A glyph's shapes: (polygons, even-odd) per <path> or <circle>."""
    found: list[tuple[list[list[Point]], bool]] = []
    for tag in re.finditer(r"<(path|circle)\b([^>]*)/?>", glyph):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', tag.group(2)))
        if tag.group(1) == "circle":
            cx, cy, r = (float(attrs[k]) for k in ("cx", "cy", "r"))
            ring = [
                (cx + r * math.cos(2 * math.pi * k / 32), cy + r * math.sin(2 * math.pi * k / 32))
                for k in range(32)
            ]
            found.append(([ring], False))
        else:
            found.append((subpaths(attrs["d"]), attrs.get("fill-rule") == "evenodd"))
    return found


@lru_cache(maxsize=256)
def mask(label: str, size: int) -> Image.Image:
    """The type's icon as a size x size 8-bit mask (255 where white is drawn)."""
    glyph = TYPE_STYLE[label][1]
    scale = size / 24
    out = Image.new("1", (size, size), 0)
    for polygons, evenodd in shapes(glyph):
        shape = Image.new("1", (size, size), 0)
        for poly in polygons:
            one = Image.new("1", (size, size), 0)
            ImageDraw.Draw(one).polygon([(px * scale, py * scale) for px, py in poly], fill=1)
            shape = (
                ImageChops.logical_xor(shape, one) if evenodd else ImageChops.logical_or(shape, one)
            )
        out = ImageChops.logical_or(out, shape)
    return out.convert("L")
