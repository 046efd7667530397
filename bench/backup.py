"""Backup benchmark: backup and restore time, archive size, and how long the workbench's
graph is unavailable during a local backup (goal: under 30 s at 1M source records).

    python bench/backup.py [--records 100000 1000000]

For each size: the synthetic 3-agency data set is bulk-imported into a Neo4j of its own; a
client asks the graph a question every 100 ms while ``backup create`` runs (the longest run
of failed questions is the unavailability a user sees); the archive is restored into a fresh
home and its counts compared. Prints a table; writes bench/results/backup.json.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import free_port, people_for, scratch_server, write_results

from backup import crypto, run
from cli.load import manifest_requests
from graph import cypher
from graph.db import Graph
from graph.runtime import Neo4jRuntime
from graph.schema import init_schema
from loaders.bulk import bulk_load
from synth.generator import generate

console = Console(width=max(160, shutil.get_terminal_size().columns))


class Watch:
    """Asks the graph a question every 100 ms; the longest time between two answers, in
    seconds (what a user waiting on the workbench sees; ~0.1 s while the graph serves). The
    driver retries a failed read for up to 30 s inside one call, so failures are not timed:
    answers are."""

    def __init__(self, settings: object) -> None:
        self.settings, self.longest, self._stop = settings, 0.0, threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        last = time.monotonic()
        with Graph(self.settings) as graph:  # type: ignore[arg-type]
            while not self._stop.is_set():
                try:
                    graph.read(cypher.text("backup_canary"), timeout=5)
                except Exception:
                    graph.close()
                else:
                    now = time.monotonic()
                    self.longest = max(self.longest, now - last)
                    last = now
                time.sleep(0.1)

    def __enter__(self) -> Watch:
        self._t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        time.sleep(1.0)  # see the server answer again
        self._stop.set()
        self._t.join()


def run_size(target: int, workdir: Path) -> dict:
    data = workdir / f"data-{target}"
    manifest = generate(data, agencies=3, people=people_for(target), seed=2026)
    records = sum(a["records"] for a in manifest["agencies"])
    key = workdir / "backup.key"
    if not key.exists():
        crypto.new_key_file(key)
    with scratch_server(workdir / f"home-{target}") as (settings, _runtime):
        settings = settings.model_copy(update={"backup_key_file": key})
        with Graph(settings) as graph:
            init_schema(graph)
            bulk_load(graph, settings, manifest_requests([data / "manifest.json"], 5000), "bench")
        shutil.rmtree(data, ignore_errors=True)
        with Watch(settings) as watch:
            made = run.create(settings, workdir / "backups", "bench")
        other = settings.model_copy(
            update={
                "home": workdir / f"restored-{target}",
                "neo4j_uri": f"bolt://127.0.0.1:{free_port()}",
            }
        )
        try:
            done = run.restore(other, made.path, "bench")
        finally:
            Neo4jRuntime(other).stop()
            shutil.rmtree(other.home, ignore_errors=True)
        before = made.manifest["graph"]["counts_before"]
    made.path.unlink()
    return {
        "target_records": target,
        "records": records,
        "nodes": sum(v for k, v in before.items() if k.startswith("label:")),
        "relationships": sum(v for k, v in before.items() if k.startswith("type:")),
        "backup_s": round(made.seconds, 1),
        "graph_stopped_s": round(made.graph_unavailable, 1),
        "unavailable_to_a_client_s": round(watch.longest, 1),
        "archive_mb": round(made.bytes / 2**20, 1),
        "restore_s": round(done.seconds, 1),
        "same_counts": done.counts == {k: v for k, v in before.items() if v},
    }


def main() -> None:
    logging.getLogger("neo4j").setLevel(logging.CRITICAL)  # the Watch's retries, expected
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, nargs="+", default=[100_000, 1_000_000])
    args = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="civicfusion-backup-bench-") as tmp:
        for target in args.records:
            console.print(f"~{target:,} records ...")
            results.append(run_size(target, Path(tmp)))
    table = Table(title="Backup and restore (local server, encrypted archive)")
    for c in results[0]:
        table.add_column(c.replace("_", " "), justify="right")
    for r in results:
        table.add_row(
            *[
                f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else str(v)
                for v in r.values()
            ]
        )
    console.print(table)
    console.print(f"Results: {write_results('backup', results)}")


if __name__ == "__main__":
    main()
