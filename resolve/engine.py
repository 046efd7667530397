"""One entity-resolution run: read the people, score pairs (prepare, blocking, train, score),
write SAME_AS links, recompute subjects (cluster). Splink's own seams, one module each."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from graph import cypher
from graph.db import Graph
from resolve.cluster import clusters
from resolve.names import is_code
from resolve.prepare import people_table
from resolve.score import score

HIGH = 0.95  # auto-link at or above (calibrated: see docs/resolve.md)
LOW = 0.5  # review queue between LOW and HIGH; nothing below


@dataclass
class ResolveSummary:
    run_id: str
    people: int = 0
    codes: int = 0  # records named by a code (network ids, wiretap speakers): never matched
    new_people: int = 0
    pairs_scored: int = 0
    auto: int = 0
    review: int = 0
    clusters: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    model: str = ""  # trained (a full run, or no usable model) | reused (incremental)


# An incremental run scores its new pairs with the last trained model while the people it
# was trained on are still most of the graph (training is most of a run's time: 55 of 73 s
# at 238k people); a full run (resolve --full) always trains anew.
MODEL_FILE = "resolve-model.json"
MODEL_DAYS = 30
MODEL_DRIFT = 0.25  # retrain when the number of people moved more than this since


def _model_path(graph: Graph) -> Path:
    return graph.settings.home.expanduser().resolve() / MODEL_FILE


def saved_model(graph: Graph, people: int) -> dict | None:
    """The last trained model, when it is recent and trained on about as many people."""
    path = _model_path(graph)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        age = dt.datetime.now(dt.UTC) - dt.datetime.fromisoformat(doc["trained_at"])
        drift = abs(people - int(doc["people"])) / max(int(doc["people"]), 1)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if age > dt.timedelta(days=MODEL_DAYS) or drift > MODEL_DRIFT:
        return None
    return doc["parameters"]


def save_model(graph: Graph, parameters: dict, people: int) -> None:
    """Keep a trained model's parameters (m, u, λ: no record data) for incremental runs."""
    if not parameters:
        return
    path = _model_path(graph)
    doc = {
        "trained_at": dt.datetime.now(dt.UTC).isoformat(),
        "people": people,
        "parameters": parameters,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(doc), encoding="utf-8")
        tmp.replace(path)
    except OSError:  # a read-only home: every incremental run trains (slower, still right)
        pass


def resolve(
    graph: Graph, high: float = HIGH, low: float = LOW, full: bool = False
) -> ResolveSummary:
    """Score person pairs. Incremental unless ``full``: after the first run, only pairs with
    at least one record new since the last run are compared."""
    if not 0 < low < high <= 1:
        raise ValueError(f"thresholds must satisfy 0 < low < high <= 1 (got {low}, {high})")
    started = time.monotonic()
    run_id = f"er-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
    summary = ResolveSummary(run_id=run_id)
    read = graph.read(cypher.text("er_people"), timeout=600)
    rows = [r for r in read if not is_code(r["first_name"], r["surname"], r["full_name"])]
    summary.people, summary.codes = len(rows), len(read) - len(rows)
    summary.timings["read"] = time.monotonic() - started
    if len(rows) < 2:
        summary.clusters = clusters(graph)
        return summary
    t = time.monotonic()
    new = [r["unique_id"] for r in rows if r["is_new"]]
    summary.new_people = len(new)
    only_new = not full and len(new) < len(rows)
    if only_new and not new:
        summary.clusters = clusters(graph)
        summary.seconds = time.monotonic() - started
        return summary
    model = saved_model(graph, len(rows)) if only_new else None
    trained: dict = {}
    pairs = score(people_table(rows), low, only_new=only_new, model=model, trained=trained)
    summary.model = "reused" if model else "trained"
    if not model:
        save_model(graph, trained, len(rows))
    summary.timings["score"] = time.monotonic() - t
    for p in pairs:
        p["status"] = "auto" if p["score"] >= high else "review"
    summary.pairs_scored = len(pairs)
    t = time.monotonic()
    for i in range(0, len(pairs), 5000):
        graph.write(
            cypher.text("er_merge_links"),
            {"pairs": pairs[i : i + 5000], "run_id": run_id},
            timeout=600,
        )
    counts = graph.read("MATCH ()-[s:SAME_AS]->() RETURN s.status AS status, count(*) AS c")
    by = {r["status"]: r["c"] for r in counts}
    summary.auto, summary.review = by.get("auto", 0), by.get("review", 0)
    for i in range(0, len(rows), 10_000):
        chunk = [r["unique_id"] for r in rows[i : i + 10_000]]
        graph.write(cypher.text("er_mark_resolved"), {"uids": chunk, "run_id": run_id})
    summary.clusters = clusters(graph)
    summary.timings["write"] = time.monotonic() - t
    summary.seconds = time.monotonic() - started
    return summary
