"""What an investigator waits for on a big graph: entity resolution time and memory, query
latency (search, 1-hop and 2-hop expansion, shortest paths between connected subjects, five
saved queries) and 50 concurrent investigators against the real workbench.

Used by bench/load.py on the graph each size's bulk import built (so the same data is loaded
once); can also run on its own: python bench/scale.py --records 100000.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (
    ROOT,
    free_port,
    pct,
    people_for,
    scratch_server,
    timed,
    truth_groups,
    write_results,
)

from access.appdb import AppDB
from access.users import add_user
from charts import actions
from charts.chart import ChartState
from graph import explore, pointers, questions
from graph.db import Graph
from graph.model import SHARE_CLASSES
from graph.scope import Scope
from settings import Settings

SAVED = ("co_offenders", "shared_addresses", "subject_timeline", "location_history", "top_degree")


def resolve_at_scale(graph: Graph, records: int, truth: dict[str, list[str]] | None = None) -> dict:
    """`civicfusion resolve` on the whole graph: wall time and peak memory of this process,
    and, given the generator's truth (person id -> record uids), the quality of the links."""
    from resolve.engine import HIGH, resolve

    me = psutil.Process()
    peak = [me.memory_info().rss]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], me.memory_info().rss)
            time.sleep(0.2)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    t0 = time.monotonic()
    out = resolve(graph)
    seconds = time.monotonic() - t0
    stop.set()
    t.join()
    result = {
        "measure": "entity resolution (whole graph)",
        "records": records,
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(peak[0] / 2**20),
        "detail": {k: v for k, v in vars(out).items() if isinstance(v, int | float | str)}
        | {f"{k}_s": round(v, 1) for k, v in out.timings.items()},
    }
    if truth:
        from er import metrics, pairs_of

        rows = graph.read("MATCH (a)-[s:SAME_AS]->(b) RETURN a.uid AS a, b.uid AS b, s.score AS s")
        scored = {tuple(sorted((r["a"], r["b"]))): r["s"] for r in rows}
        named = {
            r["uid"]
            for r in graph.read(
                "MATCH (p:Person) WHERE p.er_run_id IS NOT NULL RETURN p.uid AS uid"
            )
        }
        groups = {k: [u for u in v if u in named] for k, v in truth.items()}
        result["quality"] = metrics(
            "synthetic", pairs_of(groups), scored, HIGH, seconds, out.people
        )
    return result


def sample(graph: Graph, rng: random.Random, n: int) -> dict[str, list]:
    def col(q: str) -> list:
        rows = [next(iter(r.values())) for r in graph.read(q)]
        rng.shuffle(rows)
        return rows[:n]

    people = col(
        "MATCH (p:Person) WITH p LIMIT 50000 MATCH (p)-[r]-() WITH p, count(r) AS d "
        "WHERE d >= 3 RETURN p.uid AS uid"
    )
    pairs = []
    for uid in people[: n // 2]:  # a connected pair: another person 2-4 links away
        row = graph.read(
            "MATCH (a:Person {uid: $u})-[*2..4]-(b:Person) WHERE b <> a RETURN b.uid AS b LIMIT 1",
            {"u": uid},
        )
        if row:
            pairs.append((uid, row[0]["b"]))
    return {
        "names": col("MATCH (p:Person) WHERE p.name IS NOT NULL RETURN p.name LIMIT 50000"),
        "phones": col("MATCH (n:Phone) WHERE n.shared RETURN n.number LIMIT 50000"),
        "plates": col("MATCH (n:Vehicle) WHERE n.plate IS NOT NULL RETURN n.plate LIMIT 50000"),
        "addresses": col(
            "MATCH (n:Location) WHERE n.shared AND n.address IS NOT NULL "
            "RETURN n.address LIMIT 50000"
        ),
        "people": people,
        "pairs": pairs,
        "places": col(
            "MATCH (l:Location)<-[]-(:Incident) RETURN DISTINCT l.uid AS uid LIMIT 50000"
        ),
    }


def as_typed(s: dict[str, list]) -> dict[str, list[str]]:
    """Identifiers the way people type them: a phone as (718) 296-6633 and as its last 7
    digits (296-6633), a plate in lower case with a space, an address with its USPS
    abbreviations written out ("Blvd" -> "Boulevard")."""
    phones = [p for p in s["phones"] if str(p).startswith("+1") and len(str(p)) == 12]
    long = {"St": "Street", "Ave": "Avenue", "Blvd": "Boulevard", "Rd": "Road", "Dr": "Drive"}
    return {
        "phone": [f"({p[2:5]}) {p[5:8]}-{p[8:]}" for p in phones],
        "local": [f"{p[5:8]}-{p[8:]}" for p in phones],
        "plate": [f"{p[:3].lower()} {p[3:].lower()}" for p in s["plates"] if len(p) > 3],
        "address": [" ".join(long.get(w, w) for w in str(a).split()) for a in s["addresses"]],
    }


def searches(graph: Graph, records: int, agencies: Scope, s: dict[str, list]) -> list[dict]:
    """The search box at this size: names (fulltext, typo-tolerant) and identifiers typed
    the way people write them (normalised, then looked up)."""
    typed = as_typed(s)
    search = lambda t: explore.search(graph, t, agencies, limit=50)  # noqa: E731
    return [
        timed("search (fulltext, typo-tolerant)", search, s["names"], records),
        timed("search a phone typed (718) 296-6633", search, typed["phone"], records),
        timed("search a 7-digit local number", search, typed["local"], records),
        timed("search a plate typed 'whz 1662'", search, typed["plate"], records),
        timed("search an address typed in full words", search, typed["address"], records),
    ]


def reach_costs(graph: Graph, records: int, s: dict[str, list]) -> list[dict]:
    """What sharing agreements cost the search box and expansion (docs/sharing.md): a user
    cleared for one agency, the same user with another agency's incident and arrest records
    shared in full (every statement's agency filter rewritten), and the pointer questions
    for a third agency's records (search, a subject's details)."""
    codes = explore.loaded_agencies(graph)
    own, other, third = codes[0], codes[1 % len(codes)], codes[2 % len(codes)]
    cleared = Scope.cleared("bench", [own])
    granted = cleared.with_grants({other: ["incident", "arrest"]})
    pointer = Scope.pointer("bench", {third: list(SHARE_CLASSES)})
    mine = [u for u in s["people"] if u.startswith(f"{own}:")] or s["people"]
    names, phones = s["names"], as_typed(s)["phone"]

    def search(scope: Scope) -> Any:
        return lambda t: explore.search(graph, t, scope, limit=50)

    def expand(scope: Scope) -> Any:
        return lambda u: explore.expand(graph, "Person", u, scope)

    return [
        timed(f"search (names), cleared for {own}", search(cleared), names, records),
        timed(f"search (names), {own} + {other} incidents/arrests shared in full",
              search(granted), names, records),
        timed(f"search a typed phone, {own} + {other} shared in full", search(granted),
              phones, records),
        timed(f"search pointers to {third} (names)",
              lambda t: pointers.search(graph, t, pointer, limit=50), names, records),
        timed(f"1-hop expand (cap 50), cleared for {own}", expand(cleared), mine, records),
        timed(f"1-hop expand (cap 50), {own} + {other} shared in full", expand(granted), mine,
              records),
        timed(f"subject pointers to {third} (details of a {own} person)",
              lambda u: pointers.subject(graph, u, cleared, pointer), mine, records),
    ]  # fmt: skip


def latencies(graph: Graph, records: int, n: int = 200, seed: int = 5) -> list[dict]:
    rng = random.Random(seed)
    agencies = Scope.operator("bench", explore.loaded_agencies(graph), "benchmark")
    s = sample(graph, rng, n)

    def two_hop(uid: str) -> None:
        chart = ChartState(max_steps=3)
        actions.add_entities(chart, graph, agencies, [("Person", uid)])
        actions.expand(chart, graph, agencies, [uid])
        actions.expand(chart, graph, agencies, chart.node_ids(), cap=50)  # Expand on all

    out = [
        *searches(graph, records, agencies, s),
        timed("1-hop expand (cap 50)",
              lambda u: explore.expand(graph, "Person", u, agencies), s["people"], records),
        timed("2-hop expand (expand, then Expand on all 1st-hop nodes)", two_hop,
              s["people"][: n // 4], records, warm=5),
        timed("shortest paths <= 6 hops, connected subjects",
              lambda ab: explore.shortest_paths(graph, ("Person", ab[0]), ("Person", ab[1]),
                                                agencies),
              s["pairs"], records),
    ]  # fmt: skip
    params = {
        "co_offenders": [{"subject": u} for u in s["people"]],
        "shared_addresses": [{"subject": u} for u in s["people"]],
        "subject_timeline": [{"subject": u} for u in s["people"]],
        "location_history": [{"location": u} for u in s["places"]],
        "top_degree": [{}] * 10,  # ranks every person: seconds at 1M
    }
    for name in SAVED:
        out.append(
            timed(
                f"saved query {name}",
                lambda p, name=name: questions.run(graph, name, p, agencies),
                params[name][: n // 2],
                records,
                warm=3,
            )
        )
    return out


# -- 50 investigators against the real workbench -------------------------------------------
def _dash_bodies(base: str, session: requests.Session) -> dict[str, dict]:
    deps = session.get(base + "/_dash-dependencies").json()
    out = {}
    for d in deps:
        for key in ("results-box", "chart.elements"):
            if key in d["output"] and key not in out:
                out[key] = d
    return out


def _body(dep: dict, values: dict[str, Any], changed: str) -> dict:
    from testkit.dash_request import callback_body

    return callback_body(dep["output"], dep["inputs"], dep.get("state", []), values, changed)


def investigator(
    base: str,
    user: str,
    password: str,
    names: list[str],
    until: float,
    seed: int,
    think: tuple[float, float] = (1.0, 3.0),
) -> tuple[list[float], int, int]:
    """Sign in, then search a name, chart a result and expand it, until time is up, pausing
    `think` seconds (uniform) between actions as a person reading the screen does."""
    rng = random.Random(seed)
    ms: list[float] = []
    errors = 0
    actions_done = 0
    s = requests.Session()

    def timed_call(method: str, url: str, **kw: Any) -> requests.Response | None:
        nonlocal errors, actions_done
        if think[1] > 0 and actions_done:
            time.sleep(rng.uniform(*think))
        t = time.perf_counter()
        try:
            r = s.request(method, url, timeout=30, **kw)
        except requests.RequestException:
            errors += 1
            return None
        ms.append((time.perf_counter() - t) * 1000)
        actions_done += 1
        if r.status_code >= 400:
            errors += 1
        return r

    try:
        page = s.get(base + "/login", timeout=30).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        signed = timed_call("POST", base + "/login",
                            data={"username": user, "password": password, "csrf_token": token})  # fmt: skip
        if signed is None or signed.url.rstrip("/").endswith("/login"):
            return ms, errors, actions_done  # (already counted: a refused or failed sign-in)
        s.get(base + "/", timeout=30)
        headers = {"X-CSRFToken": s.cookies.get("_csrf_token", "")}
        deps = _dash_bodies(base, s)
        _work(s, base, headers, deps, names, until, rng, timed_call)
    except Exception:  # anything else that stops a user is an error too
        errors += 1
    return ms, errors, actions_done


def _work(  # type: ignore[no-untyped-def]
    s, base: str, headers: dict, deps: dict, names: list[str], until: float, rng, timed_call
) -> None:
    """Search a name, chart a result, expand it; now and then clear the chart."""
    done = 0
    while time.monotonic() < until:
        name = rng.choice(names)
        r = timed_call("POST", base + "/_dash-update-component", headers=headers,
                       json=_body(deps["results-box"], {"search-go.n_clicks": 1,
                                                        "search-text.value": name},
                                  "search-go.n_clicks"))  # fmt: skip
        values = re.findall(r'"value":"(Person\|[^"]+)"', r.text if r is not None else "")
        if not values:
            continue
        uid = values[0].split("|", 1)[1]
        timed_call("POST", base + "/_dash-update-component", headers=headers,
                   json=_body(deps["chart.elements"], {"add-selected.n_clicks": 1,
                                                       "search-results.value": [values[0]]},
                              "add-selected.n_clicks"))  # fmt: skip
        timed_call("POST", base + "/_dash-update-component", headers=headers,
                   json=_body(deps["chart.elements"], {"btn-expand.n_clicks": 1,
                                                       "chart.selectedNodeData": [{"id": uid}],
                                                       "expand-cap.value": 50},
                              "btn-expand.n_clicks"))  # fmt: skip
        done += 1
        if done % 4 == 0:  # a fresh chart now and then, as investigators clear theirs
            timed_call("POST", base + "/_dash-update-component", headers=headers,
                       json=_body(deps["chart.elements"], {"btn-clear.n_clicks": 1},
                                  "btn-clear.n_clicks"))  # fmt: skip


def concurrent_users(
    settings: Settings,
    graph: Graph,
    records: int,
    users: int = 50,
    seconds: int = 60,
    think: tuple[float, float] = (1.0, 3.0),
) -> dict:
    """`civicfusion serve` (its own process, 127.0.0.1) and `users` simulated investigators
    (threads), each signing in and then searching, charting and expanding for `seconds`, with
    `think` seconds between actions ((0, 0): a stress test, every user clicking non-stop)."""
    names = [
        r["name"]
        for r in graph.read(
            "MATCH (p:Person) WHERE p.name IS NOT NULL RETURN p.name AS name LIMIT 5000"
        )
    ]
    with tempfile.TemporaryDirectory(prefix="civicfusion-users-") as home:
        port = free_port()
        db = AppDB(Path(home) / "app.db")
        for i in range(users):
            add_user(db, f"inv{i:02d}", f"investigator-pw-{i:02d}", "analyst", ["*"])
        env = {
            **os.environ,
            "CIVICFUSION_HOME": home,
            "CIVICFUSION_PORT": str(port),
            "CIVICFUSION_NEO4J_URI": settings.neo4j_uri,
            "CIVICFUSION_NEO4J_USER": settings.neo4j_user,
            "CIVICFUSION_NEO4J_PASSWORD": settings.resolved_password() or "",
            "CIVICFUSION_LOGIN_ATTEMPTS_PER_MINUTE": "1000",  # all from 127.0.0.1
        }
        proc = subprocess.Popen(
            [sys.executable, "-m", "cli", "serve"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(120):
                try:
                    if requests.get(base + "/login", timeout=2).ok:
                        break
                except requests.RequestException:
                    time.sleep(0.5)
            until = time.monotonic() + seconds
            results: list[tuple[list[float], int, int]] = [([], 0, 0)] * users

            def run(i: int) -> None:
                results[i] = investigator(
                    base, f"inv{i:02d}", f"investigator-pw-{i:02d}", names, until, i, think
                )

            threads = [threading.Thread(target=run, args=(i,)) for i in range(users)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            proc.terminate()
            proc.wait(30)
    ms = [m for r in results for m in r[0]]
    return {
        "measure": f"{users} concurrent investigators, {seconds} s, "
        + (f"think {think[0]:g}-{think[1]:g} s" if think[1] else "stress: no pauses")
        + " (sign in, search, add, expand)",
        "records": records,
        "n": len(ms),
        "requests_per_s": round(len(ms) / seconds, 1),
        "p50_ms": round(pct(ms, 50), 1) if ms else None,
        "p95_ms": round(pct(ms, 95), 1) if ms else None,
        "p99_ms": round(pct(ms, 99), 1) if ms else None,
        "errors": sum(r[1] for r in results),
        "median_user_actions": statistics.median(r[2] for r in results),
    }


def measure_all(
    graph: Graph,
    settings: Settings,
    records: int,
    er: bool = True,
    truth: dict[str, list[str]] | None = None,
) -> list[dict]:
    out = [resolve_at_scale(graph, records, truth)] if er else []
    out += latencies(graph, records)
    out.append(concurrent_users(settings, graph, records))
    out.append(concurrent_users(settings, graph, records, seconds=30, think=(0.0, 0.0)))
    return out


# Issue 10's goals (for 1M records): (how to recognise the measure, field, limit)
GOALS = (
    (lambda m: m.startswith("entity resolution"), "seconds", 300),
    (lambda m: m.startswith("search"), "p95_ms", 50),
    (lambda m: m.startswith("subject pointers"), "p95_ms", 30),
    (lambda m: m.startswith("1-hop"), "p95_ms", 30),
    (lambda m: m.startswith("shortest"), "p95_ms", 100),
    (lambda m: "think" in m, "p95_ms", 1000),
)


def goal_of(r: dict) -> str:
    if r["records"] < 900_000:  # the goals are for 1M records
        return ""
    for matches, field, limit in GOALS:
        if matches(r["measure"]) and r.get(field) is not None:
            met = r[field] < limit and not r.get("errors")
            unit = "s" if field == "seconds" else "ms"
            return f"{field.split('_')[0]} < {limit} {unit}: " + ("met" if met else "NOT met")
    return ""


def other_of(r: dict) -> str:
    """The "other" column: resolve time, split and quality; request rate and errors."""
    if "seconds" in r:
        d = r["detail"]
        other = (
            f"{r['seconds']} s (read {d.get('read_s')} s, score {d.get('score_s')} s, "
            f"write {d.get('write_s')} s), {d['people']:,} named people, "
            f"{d['pairs_scored']:,} pairs, peak RSS {r['peak_rss_mb']:,} MB"
        )
        if q := r.get("quality"):
            other += (
                f"; precision {q['precision']}, recall {q['recall_auto']}, incl. review "
                f"{q['recall_with_review']}, true pairs to review {q['true_pairs_to_review']}"
            )
        return other
    if "errors" in r:
        return f"{r['requests_per_s']} req/s, {r['errors']} errors"
    return ""


def print_scale(results: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="What investigators wait for (warm; goals are for 1M records)")
    for c in ("measure", "source records", "n", "p50 ms", "p95 ms", "p99 ms", "other", "goal"):
        table.add_column(c, justify="left" if c in ("measure", "other", "goal") else "right")
    for r in results:
        table.add_row(
            r["measure"], f"{r['records']:,}", str(r.get("n", "")),
            *(str(r.get(k, "")) for k in ("p50_ms", "p95_ms", "p99_ms")), other_of(r), goal_of(r),
        )  # fmt: skip
    Console(width=200).print(table)


def main() -> None:
    from cli.load import manifest_requests
    from graph.schema import init_schema
    from loaders.bulk import bulk_load
    from synth.generator import generate

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, nargs="+", default=[100_000])
    ap.add_argument(
        "--search-only",
        action="store_true",
        help="only the search box's measures (names and typed identifiers), --runs times",
    )
    ap.add_argument("--runs", type=int, default=1, help="repeat the search measures")
    ap.add_argument(
        "--reach",
        action="store_true",
        help="only what sharing agreements cost search and expand (full and pointer tiers)",
    )
    args = ap.parse_args()
    results: list[dict] = []
    for target in args.records:
        with tempfile.TemporaryDirectory(prefix="civicfusion-scale-") as tmp:
            data = Path(tmp) / "data"
            manifest = generate(data, agencies=3, people=people_for(target), seed=2026)
            records = sum(a["records"] for a in manifest["agencies"])
            reqs = manifest_requests([data / "manifest.json"], 5000)
            with scratch_server(Path(tmp) / "home") as (settings, _):
                with Graph(settings) as graph:
                    init_schema(graph)
                    t0 = time.monotonic()
                    bulk_load(graph, settings, reqs, "bench", replace=True)
                    print(f"{records:,} records bulk-imported in {time.monotonic() - t0:.0f} s")
                truth = truth_groups(data / "truth.csv")
                shutil.rmtree(data, ignore_errors=True)
                with Graph(settings) as graph:
                    if args.reach:
                        s = sample(graph, random.Random(5), 200)
                        results += reach_costs(graph, records, s)
                    elif args.search_only:
                        agencies = Scope.operator(
                            "bench", explore.loaded_agencies(graph), "benchmark"
                        )
                        for run in range(1, args.runs + 1):
                            s = sample(graph, random.Random(5 + run), 200)
                            for m in searches(graph, records, agencies, s):
                                results.append(m | {"measure": f"{m['measure']}, run {run}"})
                    else:
                        results += measure_all(graph, settings, records, truth=truth)
        print_scale(results)  # after each size: a killed run still leaves its tables
        kind = "reach" if args.reach else "search" if args.search_only else "scale"
        print(write_results(kind, results), flush=True)


if __name__ == "__main__":
    main()
