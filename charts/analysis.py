"""Network analysis of what is on the chart (networkx): degree, betweenness,
eigenvector centrality, PageRank, Louvain communities, and a key-player simulation (remove the top-k
by a metric and watch the largest connected component shrink)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

METRICS = ("degree", "betweenness", "eigenvector", "pagerank", "community")
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


def graph_of(elements: list[dict[str, Any]]) -> nx.Graph:
    """An undirected simple graph of the chart's nodes and links (parallel links merge)."""
    g = nx.Graph()
    for el in elements:
        d = el["data"]
        if "source" in d:
            continue
        g.add_node(d["id"], name=d.get("name") or d["id"], type=d.get("type"))
    for el in elements:
        d = el["data"]
        if "source" in d and d["source"] in g and d["target"] in g and d["source"] != d["target"]:
            g.add_edge(d["source"], d["target"])
    return g


@dataclass
class Analysis:
    scores: dict[str, dict[str, float]]  # node -> metric -> value
    communities: int

    def ranked(self, metric: str, k: int = 20) -> list[tuple[str, float]]:
        items = [(n, s[metric]) for n, s in self.scores.items()]
        return sorted(items, key=lambda x: (-x[1], x[0]))[:k]


def analyse(g: nx.Graph, seed: int = 1) -> Analysis:
    degree = dict(g.degree())
    betweenness = nx.betweenness_centrality(g) if g.number_of_nodes() > 2 else dict.fromkeys(g, 0.0)
    try:
        eigen = nx.eigenvector_centrality(g, max_iter=1000)
    except (nx.PowerIterationFailedConvergence, nx.NetworkXException):
        eigen = dict.fromkeys(g, 0.0)
    pagerank = nx.pagerank(g) if g.number_of_nodes() else {}
    groups = (
        nx.community.louvain_communities(g, seed=seed) if g.number_of_edges() else [{n} for n in g]
    )
    community = {
        n: i
        for i, members in enumerate(sorted(groups, key=lambda c: (-len(c), min(c))))
        for n in members
    }
    scores = {
        n: {
            "degree": float(degree[n]),
            "betweenness": betweenness[n],
            "eigenvector": eigen[n],
            "pagerank": pagerank[n],
            "community": float(community[n]),
        }
        for n in g
    }
    return Analysis(scores, len(groups))


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
