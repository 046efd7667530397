"""Workbench speed: server-side search and expand latency, and expand -> rendered chart in Chromium.

Builds a synthetic 3-agency graph (bulk import into a throw-away Neo4j), then
1. calls graph.explore.search / expand directly (what a callback does) for many names and
   people: p50 / p95 / p99, warm;
2. serves the workbench in this process, signs in with Chromium (Debian's, via Playwright),
   seeds charts of about 100, 500, 2,000 and 5,000 elements, and times a click on Expand
   until the new elements are on the chart, placed around the expanded node and drawn (their
   first add event, the placement, two animation frames; nothing else is laid out), with
   the server round trip included. Medians of several clicks.
Prints a table and writes bench/results/ui.json.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import threading
from pathlib import Path

from common import free_port, scratch_server, timed, write_results
from rich.console import Console
from rich.table import Table

from access.appdb import AppDB
from access.users import add_user
from charts import elements
from charts.chart import ChartState
from cli.load import manifest_requests
from graph import explore
from graph.db import Graph
from graph.schema import init_schema
from graph.scope import Scope
from loaders.bulk import bulk_load
from synth.generator import generate
from testkit.chromium import launch

console = Console()


def seed_chart(graph: Graph, agencies: Scope, people: list[str], size: int) -> ChartState:
    """A chart of about `size` elements: people with their neighbours, added until big enough."""
    chart = ChartState(max_steps=5)
    for uid in people:
        found = explore.expand(graph, "Person", uid, agencies, limit=50)
        me = explore.entities(graph, [("Person", uid)], agencies)
        chart.add(
            [elements.node(e) for e in me + found.entities],
            [elements.edge(k) for k in found.links],
            "seed",
        )
        if len(chart.view()) >= size:
            break
    return chart


def browser_expand(
    url: str,
    db: AppDB,
    graph: Graph,
    agencies: Scope,
    people: list[str],
    sizes: list[int],
    clicks: int,
) -> list[dict]:
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as p:
        b = launch(p)
        page = b.new_page(viewport={"width": 1600, "height": 900})
        page.goto(url + "/login")
        page.fill("#username", "bench")
        page.fill("#password", "load-test-password-1")
        page.click("#sign-in")
        page.wait_for_selector("#chart")
        for size in sizes:
            ms = []
            chart = seed_chart(graph, agencies, people, size)
            charted = set(chart.node_ids())
            targets = [u for u in people if u not in charted][:clicks]
            for uid in targets:  # the people to expand are on the chart, unexpanded
                chart.add(explore_nodes(graph, agencies, uid), [], "target")
            db.save_chart("working:bench", "bench", chart.to_dict(), "now")
            page.reload()
            page.wait_for_function(
                "(n) => { const el = document.querySelector('#chart');"
                " return el && el._cyreg && el._cyreg.cy.elements().length >= n; }",
                arg=len(chart.view()),
            )
            page.wait_for_timeout(1000)
            for uid in targets:
                # select the target, then time Expand -> laid out and painted (warm page)
                elapsed = page.evaluate(
                    """(id) => new Promise((resolve) => {
                        const cy = document.querySelector('#chart')._cyreg.cy;
                        cy.elements().unselect(); cy.getElementById(id).select();
                        setTimeout(() => {
                          const before = cy.elements().length;
                          // the new elements arrive (the browser places them around
                          // the expanded node, no layout of the chart), then two frames
                          cy.one('add', () => setTimeout(() => requestAnimationFrame(() =>
                            requestAnimationFrame(() => resolve(
                              [performance.now() - t0, before, cy.elements().length])))));
                          const t0 = performance.now();
                          document.getElementById('btn-expand').click();
                        }, 400);
                    })""",
                    uid,
                )
                ms.append(elapsed[0])
                page.wait_for_timeout(300)
            results.append(
                {
                    "measure": "expand click -> rendered (Chromium)",
                    "elements": int(elapsed[1]),
                    "after": int(elapsed[2]),
                    "clicks": clicks,
                    "median_ms": round(statistics.median(ms), 1),
                    "max_ms": round(max(ms), 1),
                }
            )
        b.close()
    return results


def explore_nodes(graph: Graph, agencies: Scope, uid: str) -> list[dict]:
    return [elements.node(e) for e in explore.entities(graph, [("Person", uid)], agencies)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=30_000, help="synthetic people (x3 agencies)")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--sizes", type=int, nargs="*", default=[100, 500, 2000, 5000])
    ap.add_argument("--clicks", type=int, default=5)
    args = ap.parse_args()
    rng = random.Random(5)
    with tempfile.TemporaryDirectory(prefix="civicfusion-ui-") as tmp:
        data = Path(tmp) / "data"
        generate(data, agencies=3, people=args.people, seed=2027)
        reqs = manifest_requests([data / "manifest.json"], 5000)
        with scratch_server(Path(tmp) / "home") as (settings, _runtime):
            with Graph(settings) as graph:
                init_schema(graph)
                bulk_load(graph, settings, reqs, "bench", replace=True)
            shutil.rmtree(data, ignore_errors=True)
            graph = Graph(settings)
            records = sum(graph.entity_counts().values())
            agencies = Scope.operator("bench", explore.loaded_agencies(graph), "benchmark")
            names = [
                r["name"]
                for r in graph.read(
                    "MATCH (p:Person) WHERE p.name IS NOT NULL RETURN p.name AS name LIMIT 20000"
                )
            ]
            people = [
                r["uid"]
                for r in graph.read(
                    "MATCH (p:Person)-[r]-() WITH p, count(r) AS d WHERE d >= 3 "
                    "RETURN p.uid AS uid LIMIT 20000"
                )
            ]
            rng.shuffle(names)
            rng.shuffle(people)
            q = args.queries
            results = [
                timed(
                    "search (fulltext, typo-tolerant)",
                    lambda t: explore.search(graph, t, agencies, limit=50),
                    names[:q],
                    records,
                ),
                timed(
                    "search, one agency cleared",
                    lambda t: explore.search(
                        graph, t, agencies.narrowed(agencies.codes[:1]), limit=50
                    ),
                    names[:q],
                    records,
                ),
                timed(
                    "1-hop expand (cap 50)",
                    lambda u: explore.expand(graph, "Person", u, agencies),
                    people[:q],
                    records,
                ),
                timed(
                    "shortest paths <= 6 hops",
                    lambda ab: explore.shortest_paths(
                        graph, ("Person", ab[0]), ("Person", ab[1]), agencies
                    ),
                    list(zip(people[: q // 3], people[q // 3 : 2 * (q // 3)], strict=True)),
                    records,
                ),
            ]
            # the workbench in this process, Chromium against it
            settings = settings.model_copy(update={"home": Path(tmp) / "app", "port": free_port()})
            from waitress import create_server

            from workbench.app import create_app

            app = create_app(settings, graph)
            db = AppDB(settings.app_db_path)
            add_user(db, "bench", "load-test-password-1", "analyst", ["*"])
            server = create_server(app.server, host="127.0.0.1", port=settings.port, threads=4)
            threading.Thread(target=server.run, daemon=True).start()
            try:
                ui = browser_expand(
                    f"http://127.0.0.1:{settings.port}",
                    db,
                    graph,
                    agencies,
                    people[q:],
                    args.sizes,
                    args.clicks,
                )
            finally:
                server.close()
                graph.close()
    table = Table(title=f"Workbench latency ({records:,} graph records, warm)")
    for c in ("measure", "size", "p50 / median ms", "p95 ms", "p99 / max ms"):
        table.add_column(c, justify="left" if c == "measure" else "right")
    for r in results:
        table.add_row(
            r["measure"],
            f"{r['records']:,} records",
            str(r["p50_ms"]),
            str(r["p95_ms"]),
            str(r["p99_ms"]),
        )
    for r in ui:
        table.add_row(
            r["measure"],
            f"{r['elements']:,} -> {r['after']:,} elements",
            str(r["median_ms"]),
            "",
            str(r["max_ms"]),
        )
    console.print(table)
    console.print(f"Results: {write_results('ui', results + ui)}")


if __name__ == "__main__":
    main()
