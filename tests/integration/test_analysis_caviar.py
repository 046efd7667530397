"""Network analysis reproduces Morselli's CAVIAR finding (N1 and N12 are the central
brokers) on data that went through the real loader, the graph and the chart; the measures
agree with networkx computed independently from the source CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx

from charts import actions, analysis
from charts.chart import ChartState
from graph.db import Graph
from graph.scope import Scope


def S(*codes: str) -> Scope:
    """The scope of a test user cleared for these agencies."""
    return Scope.cleared("test-user", codes)


def test_caviar_brokers(load, graph: Graph, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    folder = shared_data / "covert-networks" / "caviar-morselli"
    load(
        "edges",
        folder / "nodes.csv",
        folder / "edges.csv",
        agency="CAVIAR",
        source_system="wiretap",
        rel_type="CALLED",
    )
    people = [
        r["uid"]
        for r in graph.read("MATCH (p:Person {agency: 'CAVIAR'}) RETURN p.uid AS uid ORDER BY uid")
    ]
    chart = ChartState()
    actions.add_entities(chart, graph, S("CAVIAR"), [("Person", u) for u in people])
    # the whole investigation (CAVIAR_FULL), not the eleven wiretap phases drawn over it
    full = [
        el
        for el in chart.view({"CAVIAR"})
        if "source" not in el["data"] or ":CAVIAR_FULL:" in el["data"]["id"]
    ]
    g = analysis.graph_of(full)
    g.remove_nodes_from(list(nx.isolates(g)))  # people seen only in other phases
    result = analysis.analyse(g)

    def short(uid: str) -> str:
        return uid.rsplit(":", 1)[1]

    assert result.method.weighted  # CAVIAR_FULL counts calls
    assert [short(n) for n, _ in result.ranked("degree", 2)] == ["1", "12"]  # Morselli
    assert short(result.ranked("strength", 1)[0][0]) == "1"

    # the same measures computed independently from the source CSV: calls as weights,
    # betweenness with distance 1/calls
    ref = nx.Graph()
    with (folder / "edges.csv").open() as fh:
        for r in csv.DictReader(fh):
            if r["graph"] == "CAVIAR_FULL" and r["source"] != r["target"]:
                w = float(r["weight"])
                ref.add_edge(r["source"], r["target"], weight=w, distance=1 / w)
    expected = {
        "betweenness": nx.betweenness_centrality(ref, weight="distance"),
        "strength": dict(ref.degree(weight="weight")),
        "pagerank": nx.pagerank(ref, weight="weight"),
    }
    for metric, values in expected.items():
        got = {short(n): s[metric] for n, s in result.scores.items()}
        assert set(got) == set(values)
        assert max(abs(got[n] - values[n]) for n in values) < 1e-6, metric
    # removing the two best-connected breaks the network apart
    kp = analysis.key_players(g, "degree", 2)
    assert kp[-1][1] < kp[0][1] * 0.8


def test_caviar_links_counted_the_same_on_the_chart_and_in_analysis(  # type: ignore[no-untyped-def]
    load, graph: Graph, shared_data: Path
) -> None:
    """All eleven phases and the whole investigation on one chart: 687 links between 267
    pairs. The chart draws one line per pair (and type), analysis counts the same pairs,
    and a pair's weight is CAVIAR_FULL's count of calls where it has one, else the phases'
    sum (never both)."""
    folder = shared_data / "covert-networks" / "caviar-morselli"
    load("edges", folder / "nodes.csv", folder / "edges.csv", agency="CAVIAR", rel_type="CALLED")
    people = [
        r["uid"] for r in graph.read("MATCH (p:Person {agency: 'CAVIAR'}) RETURN p.uid AS uid")
    ]
    chart = ChartState()
    actions.add_entities(chart, graph, S("CAVIAR"), [("Person", u) for u in people])
    full: dict[frozenset[str], float] = {}
    phases: dict[frozenset[str], float] = {}
    with (folder / "edges.csv").open() as fh:
        rows = [r for r in csv.DictReader(fh) if r["source"] != r["target"]]
    for r in rows:
        pair = frozenset((r["source"], r["target"]))
        into = full if r["graph"] == "CAVIAR_FULL" else phases
        into[pair] = into.get(pair, 0.0) + float(r["weight"])
    truth = {p: full.get(p, phases.get(p, 0.0)) for p in set(full) | set(phases)}
    counts = chart.counts({"CAVIAR"})
    assert counts["edges"] == len(rows) == 687 and counts["lines"] == len(truth) == 267
    g = analysis.graph_of(chart.view({"CAVIAR"}))
    result = analysis.analyse(g)
    assert result.method.pairs == g.number_of_edges() == 267 and result.method.links == 687
    assert "687 links on the chart between 267 pairs" in " ".join(result.method.sentences())
    got = {
        frozenset(n.rsplit(":", 1)[1] for n in (a, b)): d["weight"]
        for a, b, d in g.edges(data=True)
    }
    assert got == truth
    drawn = [e for e in chart.drawn({"CAVIAR"}) if "source" in e["data"]]
    assert len(drawn) == 267
    bundled = next(e for e in drawn if e["data"].get("links", 1) > 2)
    assert "\u00d7" in bundled["data"]["label"] and "bundle" in bundled["classes"]
    # the same communities every time, with their modularity
    again = analysis.analyse(analysis.graph_of(list(reversed(chart.view({"CAVIAR"})))))
    assert again.scores == result.scores and 0.3 < result.method.modularity < 1
