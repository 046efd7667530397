"""Load benchmark: online batched load vs neo4j-admin bulk import on the same synthetic data,
then, on the bulk-imported graph of each size, what investigators wait for (bench/scale.py:
entity resolution, query latencies, 50 concurrent users).

    python bench/load.py [--records 100000 1000000] [--batch-size 5000] [--no-scale]

Runs its own Neo4j (temporary home, free port), so it never touches your data. For each size
it generates the 3-agency synthetic data set, loads it online, bulk-imports the same files
into a fresh database, checks both graphs have the same counts, and prints a table; results go
to bench/results/load.json with the machine's facts.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import people_for, scratch_server, truth_groups, write_results
from scale import measure_all, print_scale

from cli.load import manifest_requests
from graph.db import Graph
from graph.schema import init_schema
from loaders.bulk import bulk_load
from loaders.pipeline import run_load
from synth.generator import generate

console = Console(width=max(160, shutil.get_terminal_size().columns))


class PeakRSS:
    """Samples the resident memory of this process and of the Neo4j JVM."""

    def __init__(self, jvm_pid: int | None) -> None:
        self.me, self.jvm_pid = psutil.Process(), jvm_pid
        self.peak_me = self.peak_jvm = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_me = max(self.peak_me, self.me.memory_info().rss)
            if self.jvm_pid:
                with contextlib.suppress(psutil.NoSuchProcess):
                    self.peak_jvm = max(
                        self.peak_jvm, psutil.Process(self.jvm_pid).memory_info().rss
                    )
            time.sleep(0.25)

    def __enter__(self) -> PeakRSS:
        self._t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()


def run_size(
    target: int, batch: int, workdir: Path, scale: bool = True, online: bool = True
) -> tuple[dict, list]:
    data = workdir / f"data-{target}"
    t0 = time.monotonic()
    manifest = generate(data, agencies=3, people=people_for(target), seed=2026)
    gen_s = time.monotonic() - t0
    records = sum(a["records"] for a in manifest["agencies"])
    reqs = manifest_requests([data / "manifest.json"], batch)
    with scratch_server(workdir / f"home-{target}") as (settings, runtime):
        with Graph(settings) as graph:
            init_schema(graph)
            with PeakRSS(runtime.pid()) as mem:
                t0 = time.monotonic()
                for r in reqs if online else []:
                    run_load(graph, settings, r)
                online_s = time.monotonic() - t0
            online_shape = graph.entity_counts() if online else {}
            with PeakRSS(None) as bulk_mem:
                s = bulk_load(graph, settings, reqs, "bench", replace=True)
        truth = truth_groups(data / "truth.csv")
        shutil.rmtree(data, ignore_errors=True)
        with Graph(settings) as graph:
            bulk_shape = graph.entity_counts()
            measured = []
            if scale:
                console.print(f"  resolve, query latency, concurrent users at ~{target:,} ...")
                measured = measure_all(graph, settings, records, truth=truth)
    bulk_total = s.prepare_seconds + s.import_seconds
    shape = online_shape or bulk_shape
    return {
        "target_records": target,
        "records": records,
        "generate_s": round(gen_s, 1),
        "nodes": sum(v for k, v in shape.items() if k[0].isupper() and not k.isupper()),
        "relationships": sum(v for k, v in shape.items() if k.isupper()),
        "online_s": round(online_s, 1) if online else None,
        "online_records_per_s": round(records / online_s) if online else None,
        "bulk_prepare_s": round(s.prepare_seconds, 1),
        "bulk_import_s": round(s.import_seconds, 1),
        "bulk_total_s": round(bulk_total, 1),
        "online_vs_bulk": round(online_s / bulk_total, 2) if online else None,
        "peak_rss_loader_mb": round(mem.peak_me / 2**20),
        "peak_rss_neo4j_mb": round(mem.peak_jvm / 2**20),
        "peak_rss_bulk_prepare_mb": round(bulk_mem.peak_me / 2**20),
        "same_graph": online_shape == bulk_shape if online else None,
        "batch_size": batch,
    }, measured


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--batch-size", type=int, default=5000)
    ap.add_argument("--no-scale", action="store_true", help="loads only")
    ap.add_argument(
        "--online-up-to",
        type=int,
        default=None,
        help="skip the online load above this many records (bulk import only): keeps "
        "`make bench` under 30 minutes; `make bench-full` loads every size online",
    )
    args = ap.parse_args()
    results, scaled = [], []
    with tempfile.TemporaryDirectory(prefix="civicfusion-bench-") as tmp:
        for target in args.records:
            console.print(f"[bold]~{target:,} records[/] ...")
            online = args.online_up_to is None or target <= args.online_up_to
            loaded, measured = run_size(
                target, args.batch_size, Path(tmp), not args.no_scale, online
            )
            results.append(loaded)
            scaled += measured
    table = Table(title="Online load vs bulk import (same data, same machine)")
    cols = [
        ("records", "records"),
        ("nodes", "nodes"),
        ("relationships", "relationships"),
        ("online s", "online_s"),
        ("online rec/s", "online_records_per_s"),
        ("bulk prepare s", "bulk_prepare_s"),
        ("bulk import s", "bulk_import_s"),
        ("online/bulk", "online_vs_bulk"),
        ("peak RSS loader MB", "peak_rss_loader_mb"),
        ("peak RSS neo4j MB", "peak_rss_neo4j_mb"),
        ("same graph", "same_graph"),
    ]
    for name, _ in cols:
        table.add_column(name, justify="right")
    for r in results:
        table.add_row(
            *[
                "-"
                if r[k] is None
                else f"{r[k]:,}"
                if isinstance(r[k], int) and not isinstance(r[k], bool)
                else str(r[k])
                for _, k in cols
            ]
        )
    console.print(table)
    out = write_results("load", results)
    console.print(f"Results: {out}")
    if scaled:
        print_scale(scaled)
        console.print(f"Results: {write_results('scale', scaled)}")


if __name__ == "__main__":
    main()
