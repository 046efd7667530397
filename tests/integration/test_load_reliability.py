"""Re-loads change nothing; a load killed with SIGKILL resumes to exactly the right graph."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from graph.db import Graph
from settings import Settings
from synth.generator import generate


def label_counts(graph: Graph, agency: str) -> dict[str, int]:
    return graph.entity_counts(agency)


def test_reloading_the_same_file_changes_nothing(load, graph: Graph, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    path = shared_data / "nibrs-search-ncjis/flat/Test-Submission-1.txt"
    first = load("nibrs-flat", path, agency="T1")
    before = label_counts(graph, "T1")
    second = load("nibrs-flat", path, agency="T1")
    assert first.counts.nodes_created > 0
    assert second.counts.nodes_created == 0 and second.counts.relationships_created == 0
    assert label_counts(graph, "T1") == before
    assert second.load_id != first.load_id and not second.resumed
    loads = graph.read(
        "MATCH (l:Load {agency: 'T1'}) RETURN l.status AS s, l.checksums AS c, "
        "l.loaded_by AS u, l.records AS r ORDER BY l.started_at"
    )
    assert [x["s"] for x in loads] == ["completed", "completed"]
    assert loads[0]["c"] == loads[1]["c"] and len(loads[0]["c"][0]) == 64  # sha256 of the file
    assert loads[0]["u"] and loads[0]["r"] == first.records


def test_sigkill_mid_load_then_rerun_gives_exact_counts(
    load, graph: Graph, neo4j_settings: Settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    generate(tmp_path / "d", agencies=3, people=4000, seed=3, records_per_person=3)
    path = tmp_path / "d" / "gtf_field_interviews.csv"
    total = sum(1 for _ in path.open()) - 1
    env = {
        **os.environ,
        "CIVICFUSION_NEO4J_URI": neo4j_settings.neo4j_uri,
        "CIVICFUSION_NEO4J_USER": neo4j_settings.neo4j_user,
        "CIVICFUSION_NEO4J_PASSWORD": neo4j_settings.resolved_password() or "",
        "CIVICFUSION_HOME": str(tmp_path / "home"),
    }
    cmd = [
        sys.executable,
        "-m",
        "cli",
        "load",
        "csv",
        str(path),
        "--mapping",
        "field_interviews",
        "--agency",
        "KILL",
        "--batch-size",
        "100",
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    checkpoint = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        rows = graph.read("MATCH (l:Load {agency: 'KILL'}) RETURN l.checkpoint AS c")
        checkpoint = rows[0]["c"] if rows else 0
        if checkpoint >= 1000:
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 0 < checkpoint < total, "the load must be killed in the middle"
    [state] = graph.read("MATCH (l:Load {agency: 'KILL'}) RETURN l.status AS s, l.checkpoint AS c")
    assert state["s"] == "running"

    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert "(resumed)" in rerun.stdout
    reference = load("csv", path, agency="REF", mapping="field_interviews")
    assert reference.records == total
    assert label_counts(graph, "KILL") == label_counts(graph, "REF")
    [done] = graph.read(
        "MATCH (l:Load {agency: 'KILL'}) RETURN l.status AS s, l.records AS r, count(*) AS loads"
    )
    assert done == {"s": "completed", "r": total, "loads": 1}
