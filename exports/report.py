"""The PDF link-chart report for a case file: a handling banner on every page, who exported
it, when, for which case and recipient, the chart as drawn, an entity table, and an appendix
that cites the source record (agency, system, record id, load) behind every node and link."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import (
    Image,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from exports import drawing

PAGE = landscape(letter)
HEADER_LABELS = {
    "case": "Case number",
    "title": "Chart title",
    "exported_by": "Exported by",
    "exported_at": "Exported at (UTC)",
    "recipient": "Recipient",
    "purpose": "Purpose",
    "agencies": "Agencies",
    "handling": "Handling",
}


def _p(text: Any, style: Any) -> Paragraph:
    return Paragraph(escape(str(text if text is not None else "")), style)


def _table(rows: list[list[Any]], widths: list[float], style: Any) -> Table:
    head = [Paragraph(f"<b>{escape(str(c))}</b>", style) for c in rows[0]]
    body = [[_p(c, style) for c in r] for r in rows[1:]]
    t = Table([head, *body], colWidths=widths, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e2e8f0")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#94a3b8")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return t


def pdf(
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    header: dict[str, str],
    sc: drawing.Scene,
) -> bytes:
    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], styles["BodyText"].clone("small", fontSize=7, leading=8.5)
    banner = header.get("handling", "")
    case = header.get("case", "")

    def decorate(canvas: Any, doc: Any) -> None:
        w, h = PAGE
        canvas.saveState()
        for y in (h - 0.32 * inch, 0.12 * inch):
            canvas.setFillColor(colors.HexColor(drawing.BANNER_COLOUR))
            canvas.rect(0, y, w, 0.2 * inch, stroke=0, fill=1)
            canvas.setFillColor(colors.white)
            canvas.setFont("Helvetica-Bold", 9)
            canvas.drawCentredString(w / 2, y + 0.06 * inch, banner)
        canvas.setFillColor(colors.black)
        canvas.setFont("Helvetica", 8)
        canvas.drawString(0.5 * inch, 0.42 * inch, f"Case {case}  -  CivicFusion link chart")
        canvas.drawRightString(w - 0.5 * inch, 0.42 * inch, f"Page {doc.page}")
        canvas.restoreState()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=PAGE,
        leftMargin=0.5 * inch,
        rightMargin=0.5 * inch,
        topMargin=0.55 * inch,
        bottomMargin=0.65 * inch,
        title=f"Link chart {case}",
        author=header.get("exported_by", ""),
        subject=banner,
    )
    story: list[Any] = [Paragraph(escape(f"Link chart - case {case}"), styles["Title"])]
    story.append(
        _table(
            [["Field", "Value"]]
            + [[label, header.get(k, "")] for k, label in HEADER_LABELS.items() if k in header]
            + [["Contents", f"{len(nodes)} entities, {len(edges)} links"]],
            [1.8 * inch, 7.8 * inch],
            body,
        )
    )
    story.append(PageBreak())
    image = drawing.png(sc, scale=2.0)
    frame_w, frame_h = doc.width, doc.height - 0.3 * inch
    k = min(frame_w / sc.width, frame_h / sc.height)
    story.append(Image(io.BytesIO(image), width=sc.width * k, height=sc.height * k))
    story.append(PageBreak())
    story.append(Paragraph("Entities", styles["Heading2"]))
    names = {n["id"]: n.get("name") or n["id"] for n in nodes}
    story.append(
        _table(
            [["#", "Type", "Name", "Details", "Agency"]]
            + [
                [
                    i,
                    n["type"],
                    n.get("name", ""),
                    str(n.get("label", "")).replace("\n", " "),
                    n.get("agency", ""),
                ]
                for i, n in enumerate(nodes, 1)
            ],
            [0.4 * inch, 1.0 * inch, 3.0 * inch, 3.7 * inch, 1.9 * inch],
            small,
        )
    )
    if edges:
        story.append(Spacer(1, 12))
        story.append(Paragraph("Links", styles["Heading2"]))
        story.append(
            _table(
                [["#", "From", "Link", "To", "Agency"]]
                + [
                    [
                        i,
                        names.get(e["source"], e["source"]),
                        e.get("label") or e["type"],
                        names.get(e["target"], e["target"]),
                        e.get("agency", ""),
                    ]
                    for i, e in enumerate(edges, 1)
                ],
                [0.4 * inch, 3.0 * inch, 1.9 * inch, 3.0 * inch, 1.7 * inch],
                small,
            )
        )
    story.append(PageBreak())
    story.append(Paragraph("Provenance appendix", styles["Heading2"]))
    story.append(
        _p(
            "Every item on the chart and the source record it comes from. A resolved subject"
            " cites each agency record behind it.",
            body,
        )
    )
    rows = [["Item", "Kind", "Agency", "Source system", "Source record", "Load"]]
    for item, kind in [(n, "entity") for n in nodes] + [(e, "link") for e in edges]:
        cites = item.get("records") or [item]
        for c in cites:
            rows.append(
                [
                    item["id"],
                    kind if kind == "entity" else item["type"],
                    c.get("agency", ""),
                    c.get("source_system", ""),
                    c.get("source_record_id", ""),
                    c.get("load_id", ""),
                ]
            )
    story.append(
        _table(
            rows,
            [2.3 * inch, 1.1 * inch, 1.1 * inch, 1.5 * inch, 2.3 * inch, 1.7 * inch],
            small,
        )
    )
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buf.getvalue()
