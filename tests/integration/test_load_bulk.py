"""Bulk first load through neo4j-admin import gives the same graph as the online load."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from graph.db import Graph
from graph.runtime import Neo4jRuntime
from graph.schema import init_schema, missing_objects
from loaders.bulk import bulk_load
from loaders.pipeline import LoadRequest
from settings import Settings
from synth.generator import generate


def shape(graph: Graph) -> dict[str, int]:
    counts = graph.entity_counts()
    counts["Person.dob"] = graph.read(
        "MATCH (p:Person) WHERE p.dob IS NOT NULL RETURN count(*) AS c"
    )[0]["c"]
    counts["Location.point"] = graph.read(
        "MATCH (l:Location) WHERE l.point IS NOT NULL RETURN count(*) AS c"
    )[0]["c"]
    return counts


def test_bulk_import_matches_online_load(
    load, graph: Graph, tmp_path: Path, free_port: Callable[[], int], shared_data: Path
) -> None:  # type: ignore[no-untyped-def]
    manifest = generate(tmp_path / "d", agencies=3, people=400, seed=9)
    reqs = [
        LoadRequest(
            format=a["format"],
            paths=[tmp_path / "d" / a["file"]],
            agency=a["agency"],
            source_system=a["source_system"],
            options={"mapping": a.get("mapping")},
        )
        for a in manifest["agencies"]
    ]
    reqs.append(
        LoadRequest(
            format="nibrs-flat",
            agency="HPD",
            paths=[shared_data / "nibrs-search-ncjis/flat/Test-Submission-1.txt"],
        )
    )
    for r in reqs:
        load(r.format, *r.paths, agency=r.agency, source_system=r.source_system, **r.options)
    online = shape(graph)

    settings = Settings(
        _env_file=None,
        home=tmp_path / "bulkhome",  # type: ignore[call-arg]
        neo4j_uri=f"bolt://127.0.0.1:{free_port()}",
        neo4j_password="bulk-test-pw",
        neo4j_heap="512m",
        neo4j_pagecache="256m",
    )
    runtime = Neo4jRuntime(settings)
    runtime.start()
    try:
        with Graph(settings) as g:
            init_schema(g)
            summary = bulk_load(g, settings, reqs, "tester")
        with Graph(settings) as g:
            bulk = shape(g)
            assert missing_objects(g) == []  # schema re-created after the import
            loads = g.read("MATCH (l:Load) RETURN l.method AS m, l.status AS s")
            assert len(loads) == len(reqs) and all(
                x == {"m": "bulk import", "s": "completed"} for x in loads
            )
            prov = g.read(
                "MATCH (n) WHERE n.uid IS NOT NULL AND NOT coalesce(n.shared, false) "
                "AND (n.agency IS NULL OR n.load_id IS NULL) "
                "RETURN count(n) AS c"
            )
            assert prov == [{"c": 0}]
            hits = g.read(
                "CALL db.index.fulltext.queryNodes('entity_search', 'Brooklyn') "
                "YIELD node RETURN count(node) AS c"
            )
            assert hits[0]["c"] > 0
    finally:
        runtime.stop()
    assert summary.records > 0 and summary.quarantined == 0
    assert bulk == online
