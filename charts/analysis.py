"""Network analysis of what is on the chart (networkx): degree, strength, betweenness,
eigenvector centrality, PageRank, communities (Louvain, deterministic, with modularity), and a
key-player simulation (remove the top-k by a metric and watch the largest group shrink).

How links are counted, said once here and in every result (``Method.sentences``):
- parallel links between the same two nodes are one **pair**, exactly as the chart bundles
  them (``pairs``); the pair keeps how many links it holds;
- where links carry a weight (calls, meetings), measures are **weighted**: a pair's weight is
  the sum of its links' weights (a link without one counts 1), except that a network's
  phase links are left out when the same network's whole-period link is there too (CAVIAR's
  eleven wiretap phases and CAVIAR_FULL describe the same calls); strength is the sum of a
  node's pair weights, betweenness uses distance = 1 / weight, eigenvector centrality,
  PageRank and communities use the weight;
- a chart with people and the meetings, incidents, phones or places they share can be
  **projected** onto the people: two people are tied when they share a node, the tie's
  weight is how many they share (plus the weight of their direct links).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

METRICS = ("degree", "strength", "betweenness", "eigenvector", "pagerank", "community")
MODES = ("all", "people")
# Louvain is randomised: these seeds are tried on a canonical (sorted, integer) copy of the
# graph and the partition with the highest modularity kept, so the same chart always gives
# the same communities.
LOUVAIN_SEEDS = range(8)
# One colour per community (repeats after 12).
PALETTE = (
    "#2563eb",
    "#dc2626",
    "#16a34a",
    "#9333ea",
    "#ea580c",
    "#0891b2",
    "#ca8a04",
    "#db2777",
    "#4b5563",
    "#65a30d",
    "#7c3aed",
    "#0d9488",
)


@dataclass(frozen=True)
class Pair:
    """The links drawn between two nodes, counted once."""

    a: str
    b: str
    links: int  # how many links the chart holds between them
    weight: float | None  # None when none of them carries a weight
    types: tuple[str, ...]


def pair_weight(links: list[dict[str, Any]]) -> float | None:
    """The combined weight of parallel links (see the module's docstring): a link's
    ``dataset`` names the network its phases and its whole-period summary share."""
    if not any(d.get("weight") is not None for d in links):
        return None
    whole = {d.get("dataset") for d in links if d.get("phase") is None and d.get("dataset")}
    counted = [d for d in links if d.get("phase") is None or d.get("dataset") not in whole]
    return float(sum(float(d["weight"]) if d.get("weight") is not None else 1.0 for d in counted))


def pairs(elements: list[dict[str, Any]]) -> list[Pair]:
    """The chart's links as pairs of nodes (self-links and links to nodes not on the chart
    left out), in a stable order."""
    nodes = {el["data"]["id"] for el in elements if "source" not in el["data"]}
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for el in elements:
        d = el["data"]
        if "source" in d and d["source"] != d["target"] and {d["source"], d["target"]} <= nodes:
            grouped[tuple(sorted((d["source"], d["target"])))].append(d)  # type: ignore[index]
    return [
        Pair(a, b, len(ds), pair_weight(ds), tuple(sorted({d.get("type", "") for d in ds})))
        for (a, b), ds in sorted(grouped.items())
    ]


@dataclass(frozen=True)
class Method:
    """What an analysis computed, in words for the Analyse tab and the exports."""

    nodes: int
    pairs: int
    links: int
    weighted: bool
    projected: bool = False
    through: tuple[str, ...] = ()  # projected: the kinds of node people were tied through
    left_out: int = 0  # projected: nodes that are not people
    modularity: float = 0.0
    communities: int = 0

    def sentences(self) -> list[str]:
        out = []
        if self.projected:
            out.append(
                f"People only ({self.nodes}), projected: two people are tied through shared "
                f"{' or '.join(t.lower() + 's' for t in self.through) or 'nodes'}; a tie's "
                f"weight is how many they share plus their direct links ({self.left_out} "
                "other nodes not ranked)."
            )
        else:
            out.append(f"Everything on the chart: {self.nodes} nodes of every kind.")
        out.append(
            f"{self.links} link{'s' * (self.links != 1)} on the chart between {self.pairs} "
            f"pair{'s' * (self.pairs != 1)}: each pair is counted once (and drawn as one line "
            "per kind of link)."
        )
        out.append(
            "Weighted: strength = sum of weights; betweenness with distance 1/weight; "
            "eigenvector, PageRank and communities use the weights."
            if self.weighted
            else "Unweighted: no link carries a weight (strength equals degree)."
        )
        out.append(
            f"{self.communities} communities (Louvain, best modularity of "
            f"{len(LOUVAIN_SEEDS)} fixed seeds): modularity {self.modularity:.3f}."
        )
        return out


def graph_of(elements: list[dict[str, Any]], mode: str = "all") -> nx.Graph:
    """An undirected simple graph of the chart: one edge per pair, with ``links`` and, where
    weights exist, ``weight``; ``mode="people"`` projects it onto the people."""
    if mode not in MODES:
        raise ValueError(f"unknown analysis mode {mode!r}: one of {', '.join(MODES)}")
    g = nx.Graph()
    for el in sorted(
        (e for e in elements if "source" not in e["data"]), key=lambda e: e["data"]["id"]
    ):
        d = el["data"]
        g.add_node(d["id"], name=d.get("name") or d["id"], type=d.get("type"))
    ps = pairs(elements)
    weighted = any(p.weight is not None for p in ps)
    for p in ps:
        g.add_edge(p.a, p.b, links=p.links, types=p.types)
        if weighted:
            g.edges[p.a, p.b]["weight"] = p.weight if p.weight is not None else float(p.links)
    g.graph.update(links=sum(p.links for p in ps), pairs=len(ps), weighted=weighted)
    return project(g) if mode == "people" else g


def project(g: nx.Graph) -> nx.Graph:
    """The people of ``g``, tied when they share a node of another kind (weight: how many
    they share) or are linked directly (weight: the link's, or 1)."""
    people = sorted(n for n in g if g.nodes[n].get("type") == "Person")
    h = nx.Graph()
    for n in people:
        h.add_node(n, **g.nodes[n])
    others = [n for n in g if g.nodes[n].get("type") != "Person"]
    through: set[str] = set()
    for hub in sorted(others):
        members = sorted(m for m in g[hub] if g.nodes[m].get("type") == "Person")
        if len(members) > 1:
            through.add(str(g.nodes[hub].get("type") or "node"))
        for a, b in itertools.combinations(members, 2):
            w = h.edges[a, b]["weight"] if h.has_edge(a, b) else 0.0
            h.add_edge(a, b, weight=w + 1.0)
    for a, b, d in g.edges(data=True):
        if a in h and b in h:
            w = h.edges[a, b]["weight"] if h.has_edge(a, b) else 0.0
            h.add_edge(a, b, weight=w + float(d.get("weight") or d.get("links") or 1))
    h.graph.update(
        links=g.graph.get("links", 0),
        pairs=h.number_of_edges(),
        weighted=True,
        projected=True,
        through=tuple(sorted(through)),
        left_out=len(others),
    )
    return h


def default_mode(elements: list[dict[str, Any]]) -> str:
    """People only when the chart holds events (a two-mode network): ranking meetings
    among people answers no investigator's question."""
    return "people" if any(e["data"].get("type") == "Event" for e in elements) else "all"


@dataclass
class Analysis:
    scores: dict[str, dict[str, float]]  # node -> metric -> value
    communities: int
    method: Method = field(default_factory=lambda: Method(0, 0, 0, False))

    def ranked(self, metric: str, k: int = 20) -> list[tuple[str, float]]:
        items = [(n, s[metric]) for n, s in self.scores.items()]
        return sorted(items, key=lambda x: (-x[1], x[0]))[:k]


def communities(g: nx.Graph, weight: str | None) -> tuple[list[set[str]], float]:
    """Louvain communities that do not change from run to run, and their modularity: the
    graph is relabelled to integers in sorted order (set order of strings changes with each
    process's hash seed), each seed of LOUVAIN_SEEDS is run, the best modularity kept (the
    first seed wins a tie)."""
    if not g.number_of_edges():
        return [{n} for n in sorted(g)], 0.0
    order = sorted(g)
    canon = nx.Graph()
    canon.add_nodes_from(range(len(order)))
    index = {n: i for i, n in enumerate(order)}
    canon.add_weighted_edges_from(
        sorted(
            (
                min(index[a], index[b]),
                max(index[a], index[b]),
                d.get(weight, 1.0) if weight else 1.0,
            )
            for a, b, d in g.edges(data=True)
        )
    )
    best: tuple[float, list[set[int]]] | None = None
    for seed in LOUVAIN_SEEDS:
        parts = nx.community.louvain_communities(canon, weight="weight", seed=seed)
        q = nx.community.modularity(canon, parts, weight="weight")
        if best is None or q > best[0] + 1e-12:
            best = (q, parts)
    assert best is not None
    groups = [{order[i] for i in part} for part in best[1]]
    return sorted(groups, key=lambda c: (-len(c), min(c))), best[0]


def analyse(g: nx.Graph) -> Analysis:
    weighted = bool(g.graph.get("weighted"))
    w = "weight" if weighted else None
    degree = dict(g.degree())
    strength = dict(g.degree(weight=w)) if weighted else degree
    if g.number_of_nodes() > 2:
        if weighted:
            for _, _, d in g.edges(data=True):
                d["distance"] = 1.0 / d["weight"] if d["weight"] > 0 else float("inf")
        betweenness = nx.betweenness_centrality(g, weight="distance" if weighted else None)
    else:
        betweenness = dict.fromkeys(g, 0.0)
    try:
        eigen = nx.eigenvector_centrality(g, max_iter=1000, weight=w)
    except (nx.PowerIterationFailedConvergence, nx.NetworkXException):
        eigen = dict.fromkeys(g, 0.0)
    pagerank = nx.pagerank(g, weight=w) if g.number_of_nodes() else {}
    groups, modularity = communities(g, w)
    community = {n: i for i, members in enumerate(groups) for n in members}
    scores = {
        n: {
            "degree": float(degree[n]),
            "strength": float(strength[n]),
            "betweenness": betweenness[n],
            "eigenvector": eigen[n],
            "pagerank": pagerank[n],
            "community": float(community[n]),
        }
        for n in g
    }
    method = Method(
        nodes=g.number_of_nodes(),
        pairs=int(g.graph.get("pairs", g.number_of_edges())),
        links=int(g.graph.get("links", g.number_of_edges())),
        weighted=weighted,
        projected=bool(g.graph.get("projected")),
        through=tuple(g.graph.get("through", ())),
        left_out=int(g.graph.get("left_out", 0)),
        modularity=modularity,
        communities=len(groups),
    )
    return Analysis(scores, len(groups), method)


def key_players(g: nx.Graph, metric: str, k: int = 5) -> list[tuple[str | None, int]]:
    """[(removed node, size of the largest connected component after removing it), ...],
    starting with (None, size before) and removing the top-k by `metric` one at a time."""
    order = [n for n, _ in analyse(g).ranked(metric, k)]
    h = g.copy()

    def lcc() -> int:
        return max((len(c) for c in nx.connected_components(h)), default=0)

    out: list[tuple[str | None, int]] = [(None, lcc())]
    for n in order:
        h.remove_node(n)
        out.append((n, lcc()))
    return out


COLUMNS = ("rank", "name", "type", "id", *METRICS)


def table(g: nx.Graph, result: Analysis, metric: str) -> list[dict[str, Any]]:
    """Every node, ranked by ``metric``, with every measure (communities numbered from 1)."""
    return [
        {
            "rank": i,
            "name": g.nodes[n].get("name", n),
            "type": g.nodes[n].get("type", ""),
            "id": n,
            **{m: round(v, 6) for m, v in result.scores[n].items() if m != "community"},
            "community": int(result.scores[n]["community"]) + 1,
        }
        for i, (n, _) in enumerate(result.ranked(metric, g.number_of_nodes()), start=1)
    ]


def stylesheet_for(analysis: Analysis, metric: str) -> list[dict[str, Any]]:
    """Extra Cytoscape rules: node size by the metric, or colour by community."""
    rules: list[dict[str, Any]] = []
    if metric == "community":
        for n, s in analysis.scores.items():
            colour = PALETTE[int(s["community"]) % len(PALETTE)]
            rules.append(
                {
                    "selector": f'node[id = "{_quote(n)}"]',
                    "style": {"background-color": colour, "border-color": colour},
                }
            )
        return rules
    top = max((s[metric] for s in analysis.scores.values()), default=0.0) or 1.0
    for n, s in analysis.scores.items():
        size = 24 + 56 * (s[metric] / top)
        rules.append(
            {
                "selector": f'node[id = "{_quote(n)}"]',
                "style": {"width": round(size, 1), "height": round(size, 1)},
            }
        )
    return rules


def _quote(text: str) -> str:
    """A node id inside a Cytoscape selector's double quotes."""
    return text.replace("\\", "\\\\").replace('"', '\\"')
