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

    top = [short(n) for n, _ in result.ranked("betweenness", 2)]
    assert top == ["1", "12"]  # Morselli: N1 and N12, the central traffickers
    assert [short(n) for n, _ in result.ranked("degree", 2)] == ["1", "12"]

    # the same measures computed independently from the source CSV
    ref = nx.Graph()
    with (folder / "edges.csv").open() as fh:
        for r in csv.DictReader(fh):
            if r["graph"] == "CAVIAR_FULL" and r["source"] != r["target"]:
                ref.add_edge(r["source"], r["target"])
    expected = nx.betweenness_centrality(ref)
    got = {short(n): s["betweenness"] for n, s in result.scores.items()}
    assert set(got) == set(expected)
    assert max(abs(got[n] - expected[n]) for n in expected) < 1e-9
    # removing the two brokers breaks the network apart
    kp = analysis.key_players(g, "betweenness", 2)
    assert kp[-1][1] < kp[0][1] * 0.8
