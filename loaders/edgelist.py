"""Network edge lists (covert networks: CAVIAR, Ciel, cocaine dealing, Drugnet, Italian gangs).

Columns: graph, directed, source, target[, weight]. Each row becomes two Person entities
(keyed by network and node id) and one KNOWS or CALLED link with weight, network and, when the
graph name ends in a number (CAVIAR1..CAVIAR11: wiretap phases), the phase. A nodes.csv beside
the file adds node attributes (e.g. Drugnet ethnicity and gender).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph.records import Problem, SourceRecord
from loaders.textio import csv_rows

PHASE = re.compile(r"^(.*?)(\d+)$")
REQUIRED = ("graph", "source", "target")


def network_name(graph: str) -> tuple[str, int | None]:
    m = PHASE.match(graph)
    return (m.group(1), int(m.group(2))) if m else (graph.removesuffix("_FULL"), None)


def node_attributes(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    nodes = path.with_name("nodes.csv")
    attrs: dict[tuple[str, str], dict[str, str]] = {}
    if nodes.is_file() and nodes != path:
        for _, row in csv_rows(nodes):
            if isinstance(row, dict) and row.get("id"):
                extra = {k.lower(): v for k, v in row.items() if k not in ("graph", "id") and v}
                attrs[(network_name(row.get("graph", ""))[0], row["id"])] = extra
    return attrs


def read(path: Path, options: dict[str, Any]) -> Iterator[SourceRecord | Problem]:
    rel_type = str(options.get("rel_type") or "KNOWS").upper()
    attrs = node_attributes(path)
    for no, row in csv_rows(path):
        if isinstance(row, Problem):
            yield row
            continue
        if "source" not in row and "id" in row:  # a nodes.csv: people, isolates included
            if not row["id"] or not row.get("graph"):
                yield Problem(
                    str(path), f"line {no}", "id" if not row["id"] else "graph", "missing value"
                )
                continue
            network = network_name(row["graph"])[0]
            rec = SourceRecord(record_id=f"{row['graph']}:{row['id']}")
            extra = {k.lower(): v for k, v in row.items() if k not in ("graph", "id") and v}
            rec.add(
                "Person",
                f"{network}:{row['id']}",
                name=f"{network} {row['id']}",
                network=network,
                network_node=row["id"],
                **extra,
            )
            yield rec
            continue
        missing = [c for c in REQUIRED if not row.get(c)]
        if missing:
            yield Problem(str(path), f"line {no}", missing[0], "missing value")
            continue
        weight: float | None = None
        if row.get("weight"):
            try:
                weight = float(row["weight"])
            except ValueError:
                yield Problem(str(path), f"line {no}", "weight", f"not a number: {row['weight']!r}")
                continue
        network, phase = network_name(row["graph"])
        rec = SourceRecord(record_id=f"{row['graph']}:{row['source']}-{row['target']}")
        ends = []
        for node in (row["source"], row["target"]):
            extra = attrs.get((network, node), {})
            ends.append(
                rec.add(
                    "Person",
                    f"{network}:{node}",
                    name=f"{network} {node}",
                    network=network,
                    network_node=node,
                    **extra,
                )
            )
        directed = row.get("directed", "").lower() == "true"
        rec.link(
            rel_type,
            ends[0],
            ends[1],
            key=f"{row['graph']}:{row['source']}>{row['target']}",
            network=row["graph"],
            phase=phase,
            weight=weight,
            directed=directed,
        )
        yield rec
