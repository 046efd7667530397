"""Live RMS sync (docs/sources.md): an RMS of ~1M rows on a real PostgreSQL, its first full
sync against the file loader on the same records, then 10k changed rows (inserts,
corrections, deletions, sealings) and the time from their commit in the RMS to the graph
updated and resolved (goal < 60 s).

python bench/sync.py [--rows 1000000] [--changes 10000]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import scratch_server, write_results

from graph.db import Graph
from graph.schema import init_schema
from loaders.pipeline import LoadRequest, run_load
from resolve.engine import resolve
from sources.database import SourceDB, as_text
from sources.spec import parse
from sources.sync import run_pass
from testkit.postgres import PostgresServer
from testkit.rms import SOURCE, TestRMS

ROWS_PER_PERSON = 4.2  # address, person, phone, 0.4 vehicle, 0.5 incident, 1 involvement...


def source_file(tmp: Path, url_env: str) -> Path:
    doc = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    doc["database"] = {"url_env": url_env}
    doc["batch_size"] = 5000
    path = tmp / "metro-rms.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return path


def export_csv(spec: Any, tmp: Path) -> list[tuple[Path, Path]]:
    """Each feed's rows as a CSV file and the feed's mapping as a CSV mapping: the same
    records for the file loader."""
    out = []
    db = SourceDB(spec)
    for name, feed in spec.feeds.items():
        path, mapping = tmp / f"{name}.csv", tmp / f"{name}.yaml"
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = None
            for row in db.stream(feed.query, feed.change, None, feed.order_column()):
                if feed.removed and feed.removed.reason(row):
                    continue
                if w is None:
                    w = csv.DictWriter(fh, fieldnames=list(row))
                    w.writeheader()
                w.writerow({k: as_text(v) for k, v in row.items()})
        raw = dict(spec.raw["feeds"][name])
        doc = {
            "name": name,
            **{k: raw[k] for k in ("record_id", "seen", "entities", "links") if k in raw},
        }
        mapping.write_text(yaml.safe_dump(doc), encoding="utf-8")
        out.append((path, mapping))
    db.close()
    return out


def change(rms: TestRMS, n: int, people: int, rnd: random.Random) -> dict[str, int]:
    """n changed rows: 40% new (people with a phone and an involvement), 40% corrections,
    20% removals (sealed people, deleted phones, incidents deleted with a tombstone)."""
    made = {"inserted": 0, "corrected": 0, "removed": 0}
    new_people = int(n * 0.4) // 3
    pids = rms.insert(
        "persons",
        [
            {
                "first_name": "New",
                "last_name": f"Person{i}",
                "dob": "1990-01-01",
                "status": "ACTIVE",
            }
            for i in range(new_people)
        ],
    )
    rms.insert(
        "phones",
        [
            {"person_id": p, "number": f"917555{i % 10000:04d}", "deleted": 0}
            for i, p in enumerate(pids)
        ],
    )
    rms.insert(
        "involvements",
        [
            {
                "incident_id": rnd.randint(1, people // 2),
                "person_id": p,
                "role": "suspect",
                "deleted": 0,
            }
            for p in pids
        ],
    )
    made["inserted"] = 3 * new_people
    stamp = rms.stamp()
    with rms.engine.begin() as con:
        ids = rnd.sample(range(1, people), int(n * 0.4))
        con.execute(
            text(
                "UPDATE persons SET last_name = last_name || '-Corrected', "
                "updated_at = :t WHERE person_id = :i"
            ),
            [{"t": stamp, "i": i} for i in ids],
        )
        made["corrected"] = len(ids)
        k = int(n * 0.2) // 3
        sealed = rnd.sample(range(1, people), k)
        con.execute(
            text(
                "UPDATE persons SET status = 'SEALED', status_reason = 'court order',"
                " updated_at = :t WHERE person_id = :i"
            ),
            [{"t": stamp, "i": i} for i in sealed],
        )
        con.execute(
            text("UPDATE phones SET deleted = 1, updated_at = :t WHERE phone_id = :i"),
            [{"t": stamp, "i": i} for i in rnd.sample(range(1, people), k)],
        )
        gone = rnd.sample(range(1, people // 2), k)
        con.execute(
            text("DELETE FROM involvements WHERE incident_id = :i"), [{"i": i} for i in gone]
        )
        con.execute(text("DELETE FROM arrests WHERE incident_id = :i"), [{"i": i} for i in gone])
        con.execute(text("DELETE FROM incidents WHERE incident_id = :i"), [{"i": i} for i in gone])
        con.execute(
            text(
                "INSERT INTO tombstones (tombstone_id, table_name, record_key, reason,"
                " removed_at) VALUES (:id, 'incidents', :k, 'deleted', :t)"
            ),
            [{"id": j + 1, "k": str(i), "t": stamp} for j, i in enumerate(gone)],
        )
        made["removed"] = 3 * k
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--changes", type=int, default=10_000)
    args = ap.parse_args()
    import os

    results: list[dict[str, Any]] = []
    people = int(args.rows / ROWS_PER_PERSON)
    with tempfile.TemporaryDirectory(prefix="civicfusion-sync-") as tmpdir:
        tmp = Path(tmpdir)
        pg = PostgresServer().start()
        try:
            eng = create_engine(pg.url(), isolation_level="AUTOCOMMIT")
            with eng.connect() as con:
                con.execute(text("CREATE DATABASE rms"))
            eng.dispose()
            os.environ["BENCH_RMS_URL"] = pg.url("rms")
            rms = TestRMS(pg.url("rms"))
            rms.create()
            t = time.perf_counter()
            counts = rms.seed(people, seed=5)
            rows = sum(counts.values())
            print(f"RMS: {rows:,} rows in {time.perf_counter() - t:.0f} s ({counts})", flush=True)
            spec = parse(source_file(tmp, "BENCH_RMS_URL"))

            files = export_csv(spec, tmp)
            with scratch_server(tmp / "files") as (settings, _), Graph(settings) as graph:
                init_schema(graph)
                t = time.perf_counter()
                records = 0
                for path, mapping in files:
                    s = run_load(
                        graph,
                        settings,
                        LoadRequest(
                            "csv", [path], "MPD", "rms", {"mapping": str(mapping)}, batch_size=5000
                        ),
                    )
                    records += s.records
                secs = time.perf_counter() - t
            results.append(
                {
                    "step": "file loader (same records as CSV)",
                    "rows": records,
                    "seconds": round(secs, 1),
                    "rows_per_s": round(records / secs),
                }
            )
            print(results[-1], flush=True)

            with scratch_server(tmp / "sync") as (settings, _), Graph(settings) as graph:
                init_schema(graph)
                first = run_pass(graph, settings, spec, resolve_people=False)
                assert first.status == "completed", first.error
                results.append(
                    {
                        "step": "first full sync",
                        "rows": first.records,
                        "seconds": round(first.seconds, 1),
                        "rows_per_s": round(first.records / first.seconds),
                    }
                )
                print(results[-1], flush=True)
                t = time.perf_counter()
                r = resolve(graph)
                results.append(
                    {
                        "step": "first full resolution",
                        "rows": r.people,
                        "seconds": round(time.perf_counter() - t, 1),
                    }
                )
                print(results[-1], flush=True)
                made = change(rms, args.changes, people, random.Random(9))
                committed = time.perf_counter()  # the RMS's transactions are committed
                p = run_pass(graph, settings, spec, resolve_people=True)
                total = time.perf_counter() - committed
                assert p.status == "completed", p.error
                results.append(
                    {
                        "step": f"{args.changes:,} changed rows: commit -> graph updated and resolved",
                        "rows": p.records + p.removed,
                        "seconds": round(total, 1),
                        "pass_seconds": round(p.seconds - p.resolved.get("seconds", 0), 1),
                        "resolve_seconds": p.resolved.get("seconds"),
                        "changes": made,
                        "removed": p.removed,
                        "people_compared": p.people,
                        "goal_s": 60,
                        "met": total < 60,
                    }
                )
                print(results[-1], flush=True)
            rms.close()
        finally:
            pg.stop()
    write_results("sync", results)
    print()
    print(f"{'step':<60} {'rows':>10} {'seconds':>9} {'rows/s':>9}")
    for r in results:
        print(f"{r['step']:<60} {r['rows']:>10,} {r['seconds']:>9} {r.get('rows_per_s', ''):>9}")


if __name__ == "__main__":
    main()
