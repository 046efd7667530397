"""Helpers shared by the benchmarks: a throw-away Neo4j, machine facts, result files."""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from graph.runtime import Neo4jRuntime  # noqa: E402
from graph.runtime.server import free_port  # noqa: E402
from settings import Settings  # noqa: E402


@contextmanager
def scratch_server(home: Path) -> Iterator[tuple[Settings, Neo4jRuntime]]:
    """A Neo4j of its own (free port, temporary home), stopped and removed afterwards."""
    settings = Settings(
        _env_file=None,
        home=home,  # type: ignore[call-arg]
        neo4j_uri=f"bolt://127.0.0.1:{free_port()}",
        neo4j_password="bench-password",
    )
    runtime = Neo4jRuntime(settings)
    runtime.start()
    try:
        yield settings, runtime
    finally:
        runtime.stop()
        shutil.rmtree(home, ignore_errors=True)


def machine() -> dict:
    return {
        "cores": os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "neo4j": Settings(_env_file=None).neo4j_version,
    }  # type: ignore[call-arg]


def write_results(name: str, results: list[dict]) -> Path:
    out = ROOT / "bench" / "results" / f"{name}.json"
    out.write_text(
        json.dumps(
            {
                "machine": machine(),
                "results": results,
                "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            },
            indent=2,
        )
        + "\n"
    )
    return out


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of the values."""
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def timed(name: str, fn: Any, args: list, records: int, warm: int = 20) -> dict:
    """Warm latency of fn over args: the first `warm` calls are not counted."""
    for a in args[:warm]:
        fn(a)
    ms = []
    for a in args:
        t = time.perf_counter()
        fn(a)
        ms.append((time.perf_counter() - t) * 1000)
    return {
        "measure": name,
        "records": records,
        "n": len(ms),
        "p50_ms": round(pct(ms, 50), 1),
        "p95_ms": round(pct(ms, 95), 1),
        "p99_ms": round(pct(ms, 99), 1),
    }


def people_for(records: int) -> int:
    """Generator people for about this many source records (3 agencies, records_per_person=1:
    ~3.7 records per person, incident rows repeat)."""
    return max(100, int(records / 3.7))


def truth_groups(path: Path) -> dict[str, list[str]]:
    """The generator's truth.csv: person id -> the uids of that person's records."""
    import csv
    from collections import defaultdict

    groups: dict[str, list[str]] = defaultdict(list)
    with path.open(newline="") as fh:
        for r in csv.DictReader(fh):
            groups[r["person_id"]].append(r["uid"])
    return dict(groups)
