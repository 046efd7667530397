"""Subjects: records joined by accepted links (union-find), with random, stable ids."""

from __future__ import annotations

import re
import secrets
from collections import Counter

from graph import cypher
from graph.db import Graph

SUBJECT_ID = re.compile(r"^S-[0-9a-f]{20}$")


def new_subject_id() -> str:
    """A random subject id. It is drawn, not derived from a member record: an id computed
    from a uid would let a user who sees one record test whether another agency's record
    belongs to the same subject."""
    return "S-" + secrets.token_hex(10)


def stable_ids(groups: list[list[str]], current: dict[str, str | None]) -> dict[str, str]:
    """uid -> subject id for each group of uids: a group keeps the id most of its members
    already carry (larger groups choose first, an id goes to one group only), else a new
    random one. Ids of an older, derived form are replaced."""
    out: dict[str, str] = {}
    claimed: set[str] = set()
    for members in sorted(groups, key=len, reverse=True):
        held = Counter(
            c for m in members if (c := current.get(m)) and SUBJECT_ID.match(c) and c not in claimed
        )
        cid = held.most_common(1)[0][0] if held else new_subject_id()
        claimed.add(cid)
        for m in members:
            out[m] = cid
    return out


def clusters(graph: Graph) -> int:
    """Recompute subjects from accepted links (union-find); returns the number of subjects.
    Subject ids stay the same across runs for the same subject (``stable_ids``)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in graph.read(cypher.text("er_accepted_links")):
        ra, rb = find(link["a"]), find(link["b"])
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    current = {r["uid"]: r["cluster_id"] for r in graph.read(cypher.text("er_named_people"))}
    groups: dict[str, list[str]] = {}
    for u in current:
        groups.setdefault(find(u), []).append(u)
    ids = stable_ids(list(groups.values()), current)
    rows = [{"uid": u, "cluster": c} for u, c in ids.items() if current.get(u) != c]
    for i in range(0, len(rows), 10_000):
        graph.write(cypher.text("er_set_clusters"), {"rows": rows[i : i + 10_000]})
    return len(groups)


def subject_of(graph: Graph, uid: str) -> dict[str, str | None]:
    """uid -> subject id of every record joined to ``uid`` by accepted links (one hop at a
    time: a subject holds a handful of records, never the whole graph)."""
    found = {
        r["uid"]: r["cluster_id"] for r in graph.read(cypher.text("er_cluster_of"), {"uids": [uid]})
    }
    frontier = list(found)
    while frontier:
        rows = graph.read(cypher.text("er_subject_step"), {"uids": frontier})
        frontier = [r["uid"] for r in rows if r["uid"] not in found]
        found.update({r["uid"]: r["cluster_id"] for r in rows})
    return found


def recluster(graph: Graph, a: str, b: str) -> None:
    """After a decision on the pair (a, b): the subjects of a and b only (joined, or split in
    two), with the same id rules as ``clusters``. Milliseconds, where recomputing every
    subject of the graph took seconds."""
    left = subject_of(graph, a)
    right = left if b in left else subject_of(graph, b)
    groups = [list(left)] + ([list(right)] if right is not left else [])
    current = {**left, **right}
    ids = stable_ids(groups, current)
    rows = [{"uid": u, "cluster": c} for u, c in ids.items() if current.get(u) != c]
    if rows:
        graph.write(cypher.text("er_set_clusters"), {"rows": rows})
