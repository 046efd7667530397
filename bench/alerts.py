"""Standing alerts after a load: 1,000 alerts of every kind (subjects, shared identifiers,
places, a saved query) held by 20 users of different reach, evaluated on what one online
load of ~10,000 records wrote (docs/sharing.md; goal < 10 s).

python bench/alerts.py [--alerts 1000] [--records 10000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import people_for, scratch_server, write_results

from access.appdb import AppDB
from access.users import add_user, get_user
from graph.db import Graph
from watch import alerts, evaluate

PW = "amber-quarry-lantern-41"


def main() -> None:
    from cli.load import manifest_requests
    from graph.schema import init_schema
    from loaders.bulk import bulk_load
    from loaders.pipeline import run_load
    from synth.generator import generate

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--alerts", type=int, default=1000)
    ap.add_argument("--records", type=int, default=10_000, help="records of the evaluated load")
    args = ap.parse_args()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory(prefix="civicfusion-alerts-") as tmp:
        base, fresh = Path(tmp) / "base", Path(tmp) / "fresh"
        generate(base, agencies=3, people=people_for(3 * args.records), seed=2026)
        generate(fresh, agencies=3, people=people_for(3 * args.records), seed=2027)
        with scratch_server(Path(tmp) / "home") as (settings, _):
            with Graph(settings) as graph:
                init_schema(graph)
                bulk_load(graph, settings, manifest_requests([base / "manifest.json"], 5000),
                          "bench", replace=True)  # fmt: skip
            with Graph(settings) as graph:
                db = AppDB(Path(tmp) / "app.db")
                for i in range(20):  # users of one agency, of two, of all
                    clear = [["MPD"], ["CSO"], ["GTF"], ["MPD", "CSO"], ["*"]][i % 5]
                    add_user(db, f"u{i}", PW, "analyst", clear)
                people = [r["uid"] for r in graph.read(
                    "MATCH (p:Person) RETURN p.uid AS uid ORDER BY p.uid LIMIT 20000")]  # fmt: skip
                phones = [r["uid"] for r in graph.read(
                    "MATCH (n:Phone {shared: true}) RETURN n.uid AS uid LIMIT 20000")]  # fmt: skip
                points = [r["p"] for r in graph.read(
                    "MATCH (l:Location) WHERE l.point IS NOT NULL RETURN l.point AS p LIMIT 5000")]  # fmt: skip
                t0 = time.perf_counter()
                for i in range(args.alerts):
                    user = get_user(db, f"u{i % 20}")
                    kind = ("subject", "subject", "identifier", "identifier", "place")[i % 5]
                    if i % 50 == 49:
                        alerts.add(db, user, f"q{i}", "query", {"query": "co_offenders",
                                   "params": {"subject": rng.choice(people)}})  # fmt: skip
                    elif kind == "place":
                        p = rng.choice(points)
                        alerts.add(db, user, f"a{i}", kind, {"lat": p.y, "lon": p.x,
                                                            "radius_m": 250})  # fmt: skip
                    else:
                        uid = rng.choice(people if kind == "subject" else phones)
                        alerts.add(db, user, f"a{i}", kind, {"uid": uid})
                made = time.perf_counter() - t0
                fresh_reqs = manifest_requests([fresh / "manifest.json"], 5000)
                req = fresh_reqs[0]  # one agency's file: one load, one load id
                t0 = time.perf_counter()
                summary = run_load(graph, settings, req)
                load_s = time.perf_counter() - t0
                t0 = time.perf_counter()
                told = evaluate.evaluate(db, graph, settings, summary.load_id)
                eval_s = time.perf_counter() - t0
                again = time.perf_counter()
                evaluate.evaluate(db, graph, settings, summary.load_id)
                replay_s = time.perf_counter() - again
    result = {
        "measure": f"{args.alerts} standing alerts after one load",
        "records": summary.records,
        "alerts": args.alerts,
        "set_s": round(made, 1),
        "load_s": round(load_s, 1),
        "evaluate_s": round(eval_s, 2),
        "replayed_s": round(replay_s, 2),
        "alerts_told": sum(1 for d in told if d.new),
        "matches": sum(d.new for d in told),
        "errors": sum(1 for d in told if d.error),
        "goal": "evaluate < 10 s: " + ("met" if eval_s < 10 else "NOT met"),
    }
    for k, v in result.items():
        print(f"{k:>14}: {v}")
    print(write_results("alerts", [result]))


if __name__ == "__main__":
    main()
