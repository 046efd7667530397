"""Exports of the current chart that keep their provenance: PDF report, PNG and SVG pictures,
i2 Analyst's Notebook (ANX), GraphML (Gephi, yEd), CSV (one row per node or link,
formula-safe) and JSON (Cytoscape elements). Every node and link carries agency, source
system and source record; the header says who exported, when, for which case, to whom, why."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, replace
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from access.audit import utcnow
from charts import analysis
from exports import anx, drawing, report
from exports.csvsafe import to_csv
from graph import explore
from graph.scope import Scope


@dataclass(frozen=True)
class Format:
    label: str
    mime: str
    binary: bool = False


FORMATS = {
    "pdf": Format("PDF report (chart, entities, provenance appendix)", "application/pdf", True),
    "png": Format("PNG picture", "image/png", True),
    "svg": Format("SVG picture", "image/svg+xml"),
    "anx": Format("i2 Analyst's Notebook (ANX)", "application/xml", True),
    "graphml": Format("GraphML (Gephi, yEd)", "application/xml"),
    "csv": Format("CSV (nodes and links)", "text/csv"),
    "json": Format("JSON (Cytoscape elements)", "application/json"),
    "analysis": Format("Network analysis (CSV: every measure per node, and how)", "text/csv"),
}
NODE_FIELDS = ("id", "type", "name", "agency", "source_system", "source_record_id", "intel")
EDGE_FIELDS = (
    "id",
    "type",
    "source",
    "target",
    "label",
    "agency",
    "source_system",
    "source_record_id",
    "intel",
)


def _provenance(el: dict[str, Any], records: dict[str, dict[str, Any]]) -> dict[str, Any]:
    d = dict(el["data"])
    d.update({k: v for k, v in records.get(d["id"], {}).items() if v is not None})
    if d.get("members"):  # a resolved subject cites every agency record behind it
        d["records"] = [{"id": m, **records.get(m, {})} for m in d["members"] if m in records]
    return d


def _cited_by_links(node: str, edges: list[dict[str, Any]]) -> dict[str, str]:
    """A shared identifier (a phone, plate or address of every agency) has no provenance of
    its own: it cites the records of the exported links that reach it."""
    touching = [e for e in edges if node in (e.get("source"), e.get("target"))]

    def joined(field: str) -> str:
        return "; ".join(sorted({str(e[field]) for e in touching if e.get(field)}))

    return {
        "agency": joined("agency") or "shared",
        "source_system": joined("source_system"),
        "source_record_id": joined("source_record_id") or "(no link exported)",
    }


def export(
    elements: list[dict[str, Any]],
    records: dict[str, dict[str, Any]],
    fmt: str,
    header: dict[str, str],
    positions: dict[str, tuple[float, float]] | None = None,
) -> str | bytes:
    """`records`: id -> provenance looked up in the graph (agency, source_system,
    source_record_id, load_id); `positions`: node id -> (x, y) as drawn in the browser (a
    seeded layout is used when missing)."""
    nodes = [_provenance(e, records) for e in elements if "source" not in e["data"]]
    edges = [_provenance(e, records) for e in elements if "source" in e["data"]]
    for n in nodes:
        if n.get("shared"):
            n.update(_cited_by_links(n["id"], edges))
    if fmt in ("pdf", "png", "svg", "anx"):
        title = " - ".join(v for v in (header.get("case"), header.get("title")) if v)
        sc = drawing.scene(elements, positions, title or "Link chart", header.get("handling", ""))
        if fmt == "svg":
            return drawing.svg(sc)
        if fmt == "png":
            return drawing.png(sc)
        if fmt == "pdf":  # the page carries the banner: the picture on it does not repeat it
            return report.pdf(nodes, edges, header, replace(sc, banner=""))
        where = {m.id: (m.x, m.y) for m in sc.marks}
        return anx.anx(nodes, edges, header, where)
    if fmt == "json":
        return json.dumps(
            {
                "exported": header,
                "elements": {
                    "nodes": [{"data": n} for n in nodes],
                    "edges": [{"data": e} for e in edges],
                },
            },
            indent=1,
            default=str,
        )
    if fmt == "csv":
        # a plain header row first and one line per row (Excel, pandas, import wizards open
        # it as is); the export's own facts (handling, case, recipient...) ride on every row
        # as the last columns, so a row copied elsewhere keeps its handling caveat
        rows = [{"kind": "node", **n} for n in nodes] + [{"kind": "link", **e} for e in edges]
        facts = {f"export_{k}": one_line(v) for k, v in header.items()}
        rows = [{**{k: one_line(v) for k, v in r.items()}, **facts} for r in rows]
        cols = ["kind", *dict.fromkeys(NODE_FIELDS + EDGE_FIELDS), *facts]
        return to_csv(cols, rows)
    if fmt == "graphml":
        return graphml(nodes, edges, header)
    if fmt == "analysis":
        return analysis_csv(elements, header)
    raise ValueError(f"unknown export format {fmt!r}: {', '.join(FORMATS)}")


def one_line(value: Any) -> Any:
    """A multi-line caption as one line ("Ann Lee · 1990-01-01 · MPD")."""
    return " · ".join(p for p in value.split("\n") if p) if isinstance(value, str) else value


def analysis_csv(elements: list[dict[str, Any]], header: dict[str, str]) -> str:
    """Every node's measures, ranked by betweenness, under the header and the method: what
    was computed (weighted or not, projected or not, how links were counted)."""
    mode = analysis.default_mode(elements)
    g = analysis.graph_of(elements, mode)
    result = analysis.analyse(g)
    facts = {f"export_{k}": one_line(v) for k, v in header.items()}
    facts["method"] = " ".join(result.method.sentences())
    rows = [{**r, **facts} for r in analysis.table(g, result, "betweenness")]
    return to_csv([*analysis.COLUMNS, *facts], rows)


def graphml(nodes: list[dict], edges: list[dict], header: dict[str, str]) -> str:
    out = io.StringIO()
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(
        "<!-- "
        + escape("; ".join(f"{k}: {v}" for k, v in header.items())).replace("--", "- -")
        + " -->\n"
    )
    out.write('<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
    for f in NODE_FIELDS[1:]:
        out.write(f'  <key id="n_{f}" for="node" attr.name="{f}" attr.type="string"/>\n')
    for f in EDGE_FIELDS[1:]:
        if f in ("source", "target"):
            continue
        out.write(f'  <key id="e_{f}" for="edge" attr.name="{f}" attr.type="string"/>\n')
    out.write('  <graph id="chart" edgedefault="directed">\n')
    for n in nodes:
        out.write(f"    <node id={quoteattr(str(n['id']))}>")
        for f in NODE_FIELDS[1:]:
            if n.get(f) is not None:
                out.write(f'<data key="n_{f}">{escape(str(n[f]))}</data>')
        out.write("</node>\n")
    for e in edges:
        out.write(
            f"    <edge id={quoteattr(str(e['id']))} source={quoteattr(str(e['source']))}"
            f" target={quoteattr(str(e['target']))}>"
        )
        for f in EDGE_FIELDS[1:]:
            if f not in ("source", "target") and e.get(f) is not None:
                out.write(f'<data key="e_{f}">{escape(str(e[f]))}</data>')
        out.write("</edge>\n")
    out.write("  </graph>\n</graphml>\n")
    return out.getvalue()


def header(
    user: str,
    cleared: list[str],
    handling: str,
    case: str = "",
    title: str = "",
    recipient: str = "",
    purpose: str = "",
) -> dict[str, str]:

    return {
        "case": case,
        "title": title,
        "exported_by": user,
        "exported_at": utcnow(),
        "recipient": recipient,
        "purpose": purpose,
        "agencies": ", ".join(cleared),
        "handling": handling,
    }


@dataclass(frozen=True)
class Export:
    content: str | bytes
    filename: str
    nodes: int
    links: int
    fmt: str
    head: dict[str, str]

    def audit_detail(self, file: str | None = None) -> dict[str, Any]:
        """What the audit entry of this dissemination records (the workbench and the CLI)."""
        return {
            "format": self.fmt,
            "case": self.head.get("case", ""),
            "recipient": self.head.get("recipient", ""),
            "title": self.head.get("title", ""),
            "file": file or self.filename,
            "nodes": self.nodes,
            "links": self.links,
            "agencies": self.head.get("agencies", ""),  # whose records were disseminated
        }


def originating(view: list[dict[str, Any]], records: dict[str, dict[str, Any]]) -> list[str]:
    """The agencies whose records are on the chart: every charted node's and link's agency
    and every record behind a resolved subject (shared identifiers have none of their own)."""
    resolution = {el["data"]["id"] for el in view if el["data"].get("type") == "SAME_AS"}
    codes = {
        str(r["agency"]) for k, r in records.items() if r.get("agency") and k not in resolution
    }
    codes |= {
        str(el["data"]["agency"])
        for el in view
        if el["data"].get("agency") and el["data"]["id"] not in resolution
    }
    return sorted(codes)


def of_chart(
    graph: Any,
    chart: Any,
    cleared: Scope,
    fmt: str,
    head: dict[str, str],
    positions: dict[str, tuple[float, float]] | None = None,
) -> Export | None:
    """The chart (a ChartState) as the viewer may see it, exported with provenance looked up
    in the graph for the viewer's agencies only. None when nothing is on the chart."""

    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: {', '.join(FORMATS)}")
    view = chart.view(cleared)
    if not view:
        return None
    # (a resolved subject stands for its records: their provenance is looked up)
    nodes = [r for n in view if "source" not in n["data"] for r in chart.refs([n["data"]["id"]])]
    links = {e["data"]["id"]: e["data"].get("element_id") for e in view if "source" in e["data"]}
    records = explore.provenance(graph, nodes, links, cleared)
    # the dissemination names the agencies whose records are on the chart (28 CFR 23.20(e)),
    # not the exporting user's clearances
    head = {**head, "agencies": ", ".join(originating(view, records))}
    content = export(view, records, fmt, head, positions)
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in head.get("case") or "chart")
    return Export(
        content,
        f"civicfusion-{stem.strip('-') or 'chart'}"
        + ("-analysis.csv" if fmt == "analysis" else f".{fmt}"),
        sum("source" not in e["data"] for e in view),
        sum("source" in e["data"] for e in view),
        fmt,
        head,
    )
