"""The last benchmark results (bench/results/*.json) as the Markdown tables of
docs/performance.md and docs/resolve.md, so the documents show what `make bench` printed.

    python bench/markdown.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import goal_of, other_of

RESULTS = Path(__file__).resolve().parent / "results"


def n(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(n(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def results(name: str) -> tuple[list[dict], str]:
    path = RESULTS / f"{name}.json"
    if not path.is_file():
        return [], ""
    data = json.loads(path.read_text())
    return data["results"], data.get("when", "")


def main() -> None:
    load, when = results("load")
    if load:
        print(f"### Load (bench/results/load.json, {when})\n")
        print(
            table(
                [
                    "source records",
                    "nodes",
                    "relationships",
                    "online s",
                    "online rec/s",
                    "bulk prepare s",
                    "bulk import s",
                    "online / bulk",
                    "peak RSS loader MB",
                    "peak RSS Neo4j MB",
                    "same graph",
                ],
                [
                    [
                        r["records"],
                        r["nodes"],
                        r["relationships"],
                        r["online_s"],
                        r["online_records_per_s"],
                        r["bulk_prepare_s"],
                        r["bulk_import_s"],
                        r["online_vs_bulk"],
                        r["peak_rss_loader_mb"],
                        r["peak_rss_neo4j_mb"],
                        r["same_graph"],
                    ]
                    for r in load
                ],
            )
        )
    scale, when = results("scale")
    if scale:
        print(f"\n### What investigators wait for (bench/results/scale.json, {when})\n")
        rows = [
            [r["measure"], r["records"], r.get("n", ""), r.get("p50_ms", ""),
             r.get("p95_ms", ""), r.get("p99_ms", ""), other_of(r), goal_of(r)]
            for r in scale
        ]  # fmt: skip
        print(table(["measure", "source records", "n", "p50 ms", "p95 ms", "p99 ms", "other",
                     "goal (1M)"], rows))  # fmt: skip
    er, when = results("er")
    if er:
        print(f"\n### Entity resolution quality (bench/results/er.json, {when})\n")
        cols = ["records", "true_pairs", "precision", "recall_auto", "recall_with_review",
                "true_pairs_to_review", "subject_recall", "subject_precision_with_review",
                "subject_recall_with_review", "seconds"]  # fmt: skip
        print(table(["data"] + [c.replace("_", " ") for c in cols],
                    [[r["data"]] + [r[c] for c in cols] for r in er]))  # fmt: skip
    ui, when = results("ui")
    if ui:
        print(f"\n### Workbench (bench/results/ui.json, {when})\n")
        rows = [
            [r["measure"], f"{r['records']:,} records" if "records" in r
             else f"{r['elements']:,} -> {r['after']:,} elements",
             r.get("p50_ms", r.get("median_ms")), r.get("p95_ms", ""),
             r.get("p99_ms", r.get("max_ms"))]
            for r in ui
        ]  # fmt: skip
        print(table(["measure", "size", "p50 / median ms", "p95 ms", "p99 / max ms"], rows))
    backups, when = results("backup")
    if backups:
        print(f"\n### Backup and restore (bench/results/backup.json, {when})\n")
        cols = list(backups[0])
        print(table([c.replace("_", " ") for c in cols], [[r[c] for c in cols] for r in backups]))
    sync, when = results("sync")
    if sync:
        print(f"\n### Live RMS sync (bench/results/sync.json, {when})\n")
        rows = [[r["step"], r["rows"], r["seconds"], r.get("rows_per_s", "")] for r in sync]
        print(table(["step", "records", "seconds", "records/s"], rows))


if __name__ == "__main__":
    main()
