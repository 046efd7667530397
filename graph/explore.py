"""What an investigator asks of the graph: search, expand, paths, details, a subject's records.

Every function takes the caller's ``Scope`` and reads through the one guarded read path
(``graph.guarded``): the Cypher filters by ``$agencies`` for speed, the guard checks every
row before it leaves. Rows
come back JSON-ready: dates as ISO strings, points as ``{"lat", "lon"}``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph import cypher, guarded, identifiers, protected
from graph.db import Graph
from graph.model import ENTITY_LABELS, RELATIONSHIPS, searchable_properties
from graph.scope import Scope

RELATIONSHIP_TYPES: tuple[str, ...] = tuple(dict.fromkeys(t for t, _, _ in RELATIONSHIPS))
MAX_PATH_HOPS = 10
# Lucene query syntax characters: user text never reaches the parser with these.
_LUCENE_SPECIAL = re.compile(r'[+\-&|!(){}\[\]^"~*?:\\/]')


class Unknown(ValueError):
    """An entity label or relationship type that the model does not have."""


def check_label(label: str) -> str:
    if label not in ENTITY_LABELS:
        raise Unknown(f"unknown entity type {label!r}")
    return label


def check_types(types: Iterable[str]) -> list[str]:
    out = list(types)
    for t in out:
        if t not in RELATIONSHIP_TYPES:
            raise Unknown(f"unknown relationship type {t!r}")
    return out


def jsonable(value: Any) -> Any:
    """Neo4j values as JSON: temporal -> ISO text, point -> {lat, lon}, lists/maps deep."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if hasattr(value, "srid") and hasattr(value, "x"):  # (a Point is also a tuple)
        return {"lon": value.x, "lat": value.y}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return str(value)


def lucene_query(text: str) -> str:
    """Search-box text -> a Lucene query tolerant of typos and partial words.

    Every word must match (AND), each as itself (boosted), as a prefix, or within one or two
    edits (fuzzy) when it is long enough for that to mean something.
    """
    words = _LUCENE_SPECIAL.sub(" ", text.lower()).split()
    clauses = []
    for w in words[:12]:
        parts = [f"{w}^4", f"{w}*"]
        if len(w) >= 4 and not w.isdigit():
            parts.append(f"{w}~{1 if len(w) < 7 else 2}")
        clauses.append("(" + " OR ".join(parts) + ")")
    return " AND ".join(clauses)


@dataclass(frozen=True)
class Entity:
    label: str
    uid: str
    props: dict[str, Any]

    @classmethod
    def of(cls, row: dict[str, Any]) -> Entity:
        props = jsonable(row["props"])
        return cls(row["label"], props["uid"], props)


@dataclass(frozen=True)
class Link:
    id: str
    type: str
    start: str
    end: str
    props: dict[str, Any]

    @classmethod
    def of(cls, row: dict[str, Any]) -> Link:
        props = jsonable(row["props"])
        return cls(
            props.get("uid") or f"rel:{row['id']}",
            row["type"],
            row["start"],
            row["end"],
            {**props, "element_id": row["id"]},
        )


@dataclass
class Expansion:
    entities: list[Entity] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    total: int = 0  # neighbours matching the filters, before the cap
    by_type: dict[str, int] = field(default_factory=dict)
    left: int = 0  # links not on the chart yet, before the cap

    @property
    def capped(self) -> bool:
        return self.left > len(self.links)

    @property
    def more(self) -> int:
        """Links still left after this expansion (the next expand brings them)."""
        return max(self.left - len(self.links), 0)


@dataclass
class Users:
    """Who else uses an identifier: each shared identifier with how many people (of the
    reader's agencies) are linked to it, and the records and links to chart."""

    identifiers: list[tuple[Entity, int]] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


def who_else_uses(
    graph: Graph, label: str, uid: str, scope: Scope, limit: int = 25, per: int = 50
) -> Users:
    """The people linked to a shared identifier, or (from a person or another record) to
    each shared identifier the record is linked to: the leads a fusion center is for."""
    rows = guarded.read(
        graph,
        scope,
        cypher.render("explore_who_else", label=check_label(label)),
        {"uid": uid, "limit": limit, "per": per},
    )
    found, seen = Users(), {uid}
    for r in rows:
        ident = Entity.of(r["identifier"])
        found.identifiers.append((ident, int(r["people"])))
        for entity in [ident, *(Entity.of(u["node"]) for u in r["users"])]:
            if entity.uid not in seen:
                seen.add(entity.uid)
                found.entities.append(entity)
        found.links += [Link.of(v) for v in r["via"]] + [Link.of(u["rel"]) for u in r["users"]]
    return found


EXACT = 100.0  # the score of an identifier looked up exactly (explore_search_exact)


def search(
    graph: Graph,
    text: str,
    scope: Scope,
    labels: Sequence[str] = (),
    limit: int = 50,
) -> list[tuple[Entity, float]]:
    """Entities the text names, best first (see ``search_rows``), within the scope."""
    rows = search_rows(
        graph, text, lambda stmt, p: guarded.read(graph, scope, stmt, p), labels, limit
    )
    found: dict[str, tuple[Entity, float]] = {}
    for r in rows:
        e = Entity.of(r)
        if e.uid not in found or found[e.uid][1] < r["score"]:
            found[e.uid] = (e, r["score"])
    return sorted(found.values(), key=lambda hit: -hit[1])[:limit]


def search_rows(
    graph: Graph,
    text: str,
    read: Callable[[str, dict[str, Any]], list[dict[str, Any]]],
    labels: Sequence[str] = (),
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Entities the text names, best first: identifiers typed any way (a phone number in any
    format or its last 7 digits, a plate with spaces or dashes, a street address in its
    USPS form, an e-mail, an identity-document or weapon serial number, an SSN through its
    keyed hash) looked up exactly, then the
    fulltext index over names, monikers, addresses, plates, numbers and narratives (as
    typed, and in the USPS form when no address was found exactly)."""
    wanted = [check_label(x) for x in labels]
    e164, suffix = identifiers.typed_phone(text)
    ssn = identifiers.typed_ssn(text)
    ssn_hash = ssn and protected.digest(graph.settings.resolved_identifier_key(), "ssn", ssn)
    address = identifiers.typed_address(text)
    email = identifiers.typed_email(text)
    number = identifiers.typed_number(text)
    lookups = [
        ("explore_search_exact", "Location", "address", address),
        ("explore_search_exact", "Phone", "number", e164),
        ("explore_search_suffix", "Phone", "number", suffix),
        ("explore_search_exact", "Vehicle", "plate", identifiers.typed_plate(text)),
        ("explore_search_exact", "Email", "email", email),
        ("explore_search_exact", "Person", "email", email),
        ("explore_search_exact", "Document", "number", number),
        ("explore_search_exact", "Weapon", "serial", number),
        # the graph holds no SSN in clear: the hash of what was typed finds the record
        ("explore_search_exact", "Document", "number_hash", ssn_hash),
        ("explore_search_exact", "Person", "ssn_hash", ssn_hash),
    ]
    rows: list[dict[str, Any]] = []
    for name, label, prop, value in lookups:
        if value and (not wanted or label in wanted):
            stmt = cypher.render(name, label=label, property=prop)
            rows += read(stmt, {"value": value, "limit": limit})
    found_address = any(r["label"] == "Location" and r["score"] == EXACT for r in rows)
    for words in dict.fromkeys(filter(None, (text, None if found_address else address))):
        query = lucene_query(words)
        if query and len(rows) < limit:
            params = {"query": query, "labels": wanted, "limit": limit}
            rows += read(cypher.text("explore_search"), params)
    return rows


def why_found(entity: Entity, text: str) -> str:
    """Which field of a search result matched the text, with the matching words in
    [brackets]: "plate [WHZ1662]", "moniker: [Shorty]", "narrative: …sold [crack] at…"."""
    e164, suffix = identifiers.typed_phone(text)
    number = str(entity.props.get("number") or "")
    if number and ((e164 and number == e164) or (suffix and number.endswith(suffix))):
        return f"number [{number}]"
    p = identifiers.typed_plate(text)
    if p and entity.props.get("plate") == p:
        return f"plate [{p}]"
    email = identifiers.typed_email(text)
    if email and str(entity.props.get("email") or "").lower() == email:
        return f"e-mail [{entity.props['email']}]"
    if identifiers.typed_ssn(text) and (
        entity.props.get("ssn_hash") or entity.props.get("number_hash")
    ):
        return "social security number (matched through its keyed hash)"
    typed = identifiers.typed_number(text)
    for prop, name in (("number", "document number"), ("serial", "serial number")):
        if typed and entity.props.get(prop) == typed:
            return f"{name} [{typed}]"
    words = [w for w in _LUCENE_SPECIAL.sub(" ", text.lower()).split() if len(w) > 1]
    address = identifiers.typed_address(text)
    if address:
        words += address.lower().split()
    for prop in searchable_properties():
        value = entity.props.get(prop)
        values = value if isinstance(value, list) else [value]
        for v in (str(x) for x in values if x):
            snippet = _highlight(v, words)
            if snippet:
                return f"{prop.replace('_', ' ')}: {snippet}"
    return "close spelling"


def matched_field(entity: Entity, text: str) -> str:
    """The name of the field ``why_found`` names, without its value ("plate", "name",
    "narrative"): what a pointer may say it matched on."""
    why = why_found(entity, text)
    for stop in (" [", ":", " ("):
        why = why.split(stop, 1)[0]
    return why


def _highlight(value: str, words: list[str]) -> str | None:
    """``value`` (cut around the first match when long) with words that start with one of
    ``words`` in [brackets]; None when none does."""
    tokens = value.split()
    bare = [t.lower().strip(".,;:()") for t in tokens]
    hits = [i for i, t in enumerate(bare) if any(t.startswith(w) for w in words)]
    if not hits:
        return None
    marked = [f"[{t}]" if i in hits else t for i, t in enumerate(tokens)]
    lo, hi = max(0, hits[0] - 4), min(len(tokens), hits[0] + 6)
    return ("…" if lo else "") + " ".join(marked[lo:hi]) + ("…" if hi < len(tokens) else "")


def _by_label(refs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """(label, uid) pairs grouped by (checked) label: one statement per label."""
    by_label: dict[str, list[str]] = {}
    for label, uid in refs:
        by_label.setdefault(check_label(label), []).append(uid)
    return by_label


def entities(graph: Graph, refs: Iterable[tuple[str, str]], scope: Scope) -> list[Entity]:
    """The entities named by (label, uid) pairs, those the caller may see."""
    out: list[Entity] = []
    for label, uids in _by_label(refs).items():
        rows = guarded.read(
            graph,
            scope,
            cypher.render("explore_nodes", label=label),
            {"uids": uids},
        )
        out += [Entity.of(r) for r in rows]
    return out


def links_among(
    graph: Graph, new: Iterable[Entity], chart: Iterable[str], scope: Scope
) -> list[Link]:
    """Relationships between new entities and the uids already charted (new ones included)."""
    by_label = _by_label((e.label, e.uid) for e in new)
    if not by_label:
        return []
    charted = list(dict.fromkeys([*chart, *(u for uids in by_label.values() for u in uids)]))
    links: dict[str, Link] = {}
    for label, uids in by_label.items():
        rows = guarded.read(
            graph,
            scope,
            cypher.render("explore_links_among", label=label),
            {"uids": uids, "chart": charted},
        )
        for r in rows:
            link = Link.of(r)
            links[link.id] = link
    return list(links.values())


def neighbour_links(
    graph: Graph, refs: Iterable[tuple[str, str]], scope: Scope, limit: int = 20_000
) -> list[tuple[Link, tuple[str, str]]]:
    """Every link at the given entities ((label, uid)) the caller may see, with the (label,
    uid) at its other end; at most ``limit`` per label."""
    out: dict[str, tuple[Link, tuple[str, str]]] = {}
    for label, uids in _by_label(refs).items():
        rows = guarded.read(
            graph,
            scope,
            cypher.render("explore_neighbour_links", label=label),
            {"uids": uids, "limit": limit},
        )
        for r in rows:
            link = Link.of(r)
            out.setdefault(link.id, (link, (r["other_label"], r["other"])))
    return list(out.values())


def expand(
    graph: Graph,
    label: str,
    uid: str,
    scope: Scope,
    types: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
    charted: Sequence[str] = (),
) -> Expansion:
    """Neighbours of one entity (most recent first), at most ``limit`` of them, passing
    over links already on the chart (``charted``: expanding again gives the next ones)."""
    rows = guarded.read(
        graph,
        scope,
        cypher.render("explore_expand", label=check_label(label)),
        {
            "uid": uid,
            "types": check_types(types),
            "since": since or None,
            "until": until or None,
            "limit": limit,
            "charted": list(charted),
        },
    )
    if not rows:
        return Expansion()
    row = rows[0]
    found = Expansion(
        total=row["total"], by_type=dict(Counter(row["types"]).most_common()), left=row["left"]
    )
    seen: set[str] = set()
    for item in row["rows"]:
        found.links.append(Link.of(item["rel"]))
        entity = Entity.of(item["node"])
        if entity.uid not in seen:
            seen.add(entity.uid)
            found.entities.append(entity)
    return found


@dataclass
class Paths:
    entities: list[Entity]
    links: list[Link]
    count: int  # shortest paths found (at most the limit)
    hops: int  # their length


def shortest_paths(
    graph: Graph,
    start: tuple[str, str],
    end: tuple[str, str],
    scope: Scope,
    max_hops: int = 6,
    limit: int = 5,
) -> Paths:
    """Entities and links on up to ``limit`` shortest paths between two entities."""
    if not 1 <= max_hops <= MAX_PATH_HOPS:
        raise ValueError(f"max_hops must be between 1 and {MAX_PATH_HOPS}")
    rows = guarded.read(
        graph,
        scope,
        cypher.render(
            "explore_paths",
            start_label=check_label(start[0]),
            end_label=check_label(end[0]),
            max_hops=max_hops,
        ),
        {"a": start[1], "b": end[1], "limit": limit},
    )
    ents: dict[str, Entity] = {}
    links: dict[str, Link] = {}
    for r in rows:
        for n in r["nodes"]:
            e = Entity.of(n)
            ents[e.uid] = e
        for rel in r["rels"]:
            link = Link.of(rel)
            links[link.id] = link
    hops = len(rows[0]["rels"]) if rows else 0
    return Paths(list(ents.values()), list(links.values()), len(rows), hops)


def entity_details(graph: Graph, label: str, uid: str, scope: Scope) -> dict[str, Any] | None:
    rows = guarded.read(
        graph,
        scope,
        cypher.render("explore_node_details", label=check_label(label)),
        {"uid": uid},
    )
    return jsonable(rows[0]) if rows else None


def link_details(graph: Graph, element_id: str, scope: Scope) -> dict[str, Any] | None:
    rows = guarded.read(graph, scope, cypher.text("explore_edge_details"), {"id": element_id})
    return jsonable(rows[0]) if rows else None


def subject_records(graph: Graph, uid: str, scope: Scope) -> list[dict[str, Any]]:
    """The agency records behind one subject (the resolved view), that the caller may see."""
    rows = guarded.read(graph, scope, cypher.text("explore_subject_records"), {"uid": uid})
    return [jsonable(r["props"]) for r in rows]


def loaded_agencies(graph: Graph) -> list[str]:
    return [r["agency"] for r in graph.read(cypher.text("explore_agencies"))]


PROVENANCE = ("agency", "source_system", "source_record_id", "load_id")
# what describes an entity in a case file (i2 attributes): never a protected number
DESCRIBING = (
    "dob",
    "sex",
    "moniker",
    "aliases",
    "plate",
    "plate_state",
    "vin",
    "make_model",
    "number",
    "email",
    "address",
    "incident_number",
    "occurred_at",
    "offense",
    "offense_code",
    "arrest_date",
    "charge",
    "drug_type",
    "quantity",
    "unit",
    "name",
)


def provenance(
    graph: Graph,
    nodes: Iterable[tuple[str, str]],
    links: dict[str, str],
    scope: Scope,
) -> dict[str, dict[str, Any]]:
    """Chart id -> {agency, source_system, source_record_id, load_id} of charted nodes
    ((label, uid); not shared identifiers, which have none: they cite their links' records)
    and links ({chart id: element id}), only of cleared agencies (for exports)."""
    out: dict[str, dict[str, Any]] = {}
    for e in entities(graph, nodes, scope):
        if not e.props.get("shared"):  # a shared identifier's records are its links'
            out[e.uid] = {k: e.props.get(k) for k in PROVENANCE}
            out[e.uid]["facts"] = {
                k: e.props[k] for k in DESCRIBING if e.props.get(k) not in (None, "")
            }
    by_element = {v: k for k, v in links.items() if v}
    rows = guarded.read(
        graph,
        scope,
        cypher.text("explore_link_provenance"),
        {"ids": list(by_element)},
    )
    for r in rows:
        out[by_element[r["id"]]] = (
            resolution_cited(r) if r["kind"] == "SAME_AS" else {k: r[k] for k in PROVENANCE}
        )
    return out


def resolution_cited(r: dict[str, Any]) -> dict[str, Any]:
    """A same-person link's provenance: the resolution run that made it (with its score)
    and the reviewer who decided it, not one agency's record."""
    decided = f" by {r['reviewer']} {str(r['decided_at'])[:10]}" if r.get("reviewer") else ""
    return {
        "agency": f"entity resolution ({r['from_agency']} / {r['to_agency']})",
        "source_system": r["source_system"],
        "source_record_id": f"run {r.get('run_id') or '?'}, score "
        f"{float(r.get('score') or 0):.3f}, {r.get('status') or 'auto'}{decided}",
        "load_id": r["load_id"],
    }
