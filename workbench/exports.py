"""Exports of the current chart that keep their provenance: GraphML (Gephi, yEd), CSV (one
row per node or link, formula-safe) and JSON (Cytoscape elements). Every node and link
carries agency, source system and source record; the header says who exported, when, why."""

from __future__ import annotations

import io
import json
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from workbench.csvsafe import to_csv

FORMATS = {"graphml": "application/xml", "csv": "text/csv", "json": "application/json"}
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
    return d


def export(
    elements: list[dict[str, Any]],
    records: dict[str, dict[str, Any]],
    fmt: str,
    header: dict[str, str],
) -> str:
    """`records`: id -> provenance looked up in the graph (source_system, source_record_id)."""
    nodes = [_provenance(e, records) for e in elements if "source" not in e["data"]]
    edges = [_provenance(e, records) for e in elements if "source" in e["data"]]
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
        rows = [{"kind": "node", **n} for n in nodes] + [{"kind": "link", **e} for e in edges]
        cols = ["kind", *dict.fromkeys(NODE_FIELDS + EDGE_FIELDS)]
        head = "".join(f"# {k}: {v}\n" for k, v in header.items())
        return head + to_csv(cols, rows)
    if fmt == "graphml":
        return graphml(nodes, edges, header)
    raise ValueError(f"unknown export format {fmt!r}: {', '.join(FORMATS)}")


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
