"""Network analysis of the chart, checked on graphs whose answers are known."""

from __future__ import annotations

import networkx as nx

from charts.analysis import analyse, graph_of, key_players, stylesheet_for


def els(edges: list[tuple[str, str]]) -> list[dict]:
    nodes = sorted({n for e in edges for n in e})
    return [{"data": {"id": n, "name": n.upper()}} for n in nodes] + [
        {"data": {"id": f"{a}-{b}", "source": a, "target": b}} for a, b in edges
    ]


def test_bridge_between_two_cliques_is_the_broker_and_the_key_player() -> None:
    left = [(a, b) for a in "abcd" for b in "abcd" if a < b]
    right = [(a, b) for a in "wxyz" for b in "wxyz" if a < b]
    g = graph_of(els([*left, *right, ("d", "m"), ("m", "w")]))
    result = analyse(g)
    assert result.ranked("betweenness", 1)[0][0] == "m"
    assert result.communities == 2 or result.communities == 3
    assert result.scores["a"]["community"] != result.scores["z"]["community"]
    kp = key_players(g, "betweenness", 1)
    assert kp == [(None, 9), ("m", 4)]


def test_parallel_links_merge_and_styles_follow_the_metric() -> None:
    g = graph_of(els([("a", "b"), ("a", "b"), ("a", "c")]))
    assert g.number_of_edges() == 2
    result = analyse(g)
    sizes = {r["selector"]: r["style"]["width"] for r in stylesheet_for(result, "degree")}
    assert sizes['node[id = "a"]'] > sizes['node[id = "b"]']
    colours = stylesheet_for(result, "community")
    assert all("background-color" in r["style"] for r in colours)


def test_metrics_match_networkx_on_a_random_graph() -> None:
    ref = nx.gnm_random_graph(40, 90, seed=3)
    edges = [(f"n{a}", f"n{b}") for a, b in ref.edges()]
    result = analyse(graph_of(els(edges)))
    expected = nx.betweenness_centrality(ref)
    for n, v in expected.items():
        if f"n{n}" in result.scores:
            assert abs(result.scores[f"n{n}"]["betweenness"] - v) < 1e-9
    # PageRank, independently: power iteration on the column-stochastic matrix (d = 0.85)
    nodes = [n for n in ref if ref.degree(n)]
    sub = ref.subgraph(nodes)
    rank = dict.fromkeys(nodes, 1 / len(nodes))
    for _ in range(200):
        rank = {
            n: 0.15 / len(nodes) + 0.85 * sum(rank[m] / sub.degree(m) for m in sub[n])
            for n in nodes
        }
    for n in nodes:
        assert abs(result.scores[f"n{n}"]["pagerank"] - rank[n]) < 1e-6
