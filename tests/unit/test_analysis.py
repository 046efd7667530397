"""Network analysis of the chart, checked on graphs whose answers are known."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import networkx as nx

from charts.analysis import analyse, default_mode, graph_of, key_players, stylesheet_for


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


def weighted_els(
    edges: list[tuple[str, str, float]], kind: dict[str, str] | None = None
) -> list[dict]:
    nodes = sorted({n for a, b, _ in edges for n in (a, b)})
    kind = kind or {}
    return [{"data": {"id": n, "name": n, "type": kind.get(n, "Person")}} for n in nodes] + [
        {"data": {"id": f"{a}-{b}-{i}", "source": a, "target": b, "type": "CALLED", "weight": w}}
        for i, (a, b, w) in enumerate(edges)
    ]


def test_weighted_measures_equal_networkx_weighted_measures() -> None:
    """Calls as weights: strength, betweenness with distance 1/weight, weighted eigenvector
    and PageRank, each equal to networkx computed independently."""
    ref = nx.gnm_random_graph(30, 70, seed=7)
    for i, (a, b) in enumerate(ref.edges()):
        ref.edges[a, b]["weight"] = float(1 + (i * 7) % 13)
        ref.edges[a, b]["distance"] = 1 / ref.edges[a, b]["weight"]
    ref.remove_nodes_from(list(nx.isolates(ref)))
    edges = [(f"n{a}", f"n{b}", d["weight"]) for a, b, d in ref.edges(data=True)]
    result = analyse(graph_of(weighted_els(edges)))
    assert result.method.weighted
    expected = {
        "strength": dict(ref.degree(weight="weight")),
        "betweenness": nx.betweenness_centrality(ref, weight="distance"),
        "eigenvector": nx.eigenvector_centrality(ref, max_iter=1000, weight="weight"),
        "pagerank": nx.pagerank(ref, weight="weight"),
    }
    for metric, values in expected.items():
        for n, v in values.items():
            assert abs(result.scores[f"n{n}"][metric] - v) < 1e-6, (metric, n)
    # and the weights change the answer: the unweighted betweenness differs
    plain = nx.betweenness_centrality(ref)
    assert any(abs(plain[n] - expected["betweenness"][n]) > 1e-3 for n in ref)


def test_parallel_links_are_one_pair_with_the_weights_summed_and_phases_not_twice() -> None:
    """CAVIAR keeps each wiretap phase and the whole investigation: a pair's weight is the
    whole-period link's when it is there, else the phases' sum."""
    links = [
        {"network": "NET_FULL", "dataset": "NET", "phase": None, "weight": 10.0},
        {"network": "NET1", "dataset": "NET", "phase": 1, "weight": 4.0},
        {"network": "NET2", "dataset": "NET", "phase": 2, "weight": 5.0},
    ]
    elements = [{"data": {"id": n, "type": "Person"}} for n in "ab"] + [
        {"data": {"id": f"l{i}", "source": "a", "target": "b", "type": "CALLED", **d}}
        for i, d in enumerate(links)
    ]
    g = graph_of(elements)
    assert g.edges["a", "b"]["weight"] == 10.0 and g.edges["a", "b"]["links"] == 3
    g = graph_of(elements[:2] + elements[3:])  # the phases alone
    assert g.edges["a", "b"]["weight"] == 9.0
    result = analyse(graph_of(elements))
    assert result.method.links == 3 and result.method.pairs == 1
    assert "3 links on the chart between 1 pair:" in " ".join(result.method.sentences())


def test_a_two_mode_network_is_projected_onto_the_people() -> None:
    """People and meetings: two people are tied by how many meetings they shared, exactly
    networkx's weighted bipartite projection; no meeting is ranked."""
    attended = [("ann", "m1"), ("bob", "m1"), ("ann", "m2"), ("bob", "m2"), ("cy", "m2")]
    attended += [("cy", "m3"), ("dee", "m3"), ("eve", "m4")]
    kinds = {m: "Event" for _, m in attended}
    elements = [
        {"data": {"id": n, "name": n, "type": kinds.get(n, "Person")}}
        for n in sorted({n for e in attended for n in e})
    ] + [
        {"data": {"id": f"{p}>{m}", "source": p, "target": m, "type": "ATTENDED"}}
        for p, m in attended
    ]
    assert default_mode(elements) == "people"
    g = graph_of(elements, "people")
    bip = nx.Graph(attended)
    people = {p for p, _ in attended}
    ref = nx.bipartite.weighted_projected_graph(bip, people)
    assert set(g.nodes) == people  # eve too: she met no one
    assert {frozenset(e) for e in g.edges} == {frozenset(e) for e in ref.edges}
    for a, b, d in ref.edges(data=True):
        assert g.edges[a, b]["weight"] == d["weight"]
    result = analyse(g)
    assert result.method.projected and "tied through shared events" in " ".join(
        result.method.sentences()
    )
    assert result.ranked("strength", 1)[0][0] in ("ann", "bob")
    everything = analyse(graph_of(elements, "all"))
    assert any(kinds.get(n) for n, _ in everything.ranked("degree", 3))  # m2 ranks high there


def test_communities_are_the_same_every_run_and_state_their_modularity() -> None:
    """Louvain is randomised; the chart's communities must not change between runs, element
    orders or processes (string hashing differs per process)."""
    ref = nx.connected_caveman_graph(6, 5)
    edges = [(f"p{a}", f"p{b}") for a, b in ref.edges()]
    first = analyse(graph_of(els(edges)))
    for shuffled in (edges[::-1], edges[1::2] + edges[::2]):
        again = analyse(graph_of(els(shuffled)))
        assert again.scores == first.scores and again.method == first.method
    groups: dict[float, set[str]] = {}
    for n, s in first.scores.items():
        groups.setdefault(s["community"], set()).add(n)
    q = nx.community.modularity(graph_of(els(edges)), list(groups.values()))
    assert abs(first.method.modularity - q) < 1e-9 and first.communities == 6
    script = (
        "import sys, json; sys.path.insert(0, '.');"
        "from charts.analysis import analyse, graph_of;"
        f"edges = {edges!r};"
        "nodes = sorted({n for e in edges for n in e});"
        "els = [{'data': {'id': n}} for n in nodes] + "
        "[{'data': {'id': f'{a}-{b}', 'source': a, 'target': b}} for a, b in edges];"
        "r = analyse(graph_of(els));"
        "print(json.dumps({n: s['community'] for n, s in sorted(r.scores.items())}))"
    )
    seen = set()
    for hash_seed in ("1", "2", "3"):
        out = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
        seen.add(out.stdout)
    assert len(seen) == 1
    assert json.loads(seen.pop()) == {n: s["community"] for n, s in sorted(first.scores.items())}
