"""Network edge lists (covert networks: CAVIAR, Ciel, cocaine dealing, Drugnet, Italian gangs;
two-mode networks of people and the meetings or events they attended).

Columns: graph, directed, source, target[, weight][, source_type, target_type]. A nodes.csv
beside the file (graph, id[, type][, name, given_name, family_name, ...]) adds node
attributes and isolates.

**Node types.** A node is a Person unless a type says otherwise: a ``type`` column in
nodes.csv, or ``source_type``/``target_type`` in the edge list, naming a kind (Person, Phone,
Event or Meeting, Organisation or Gang, Location, Vehicle), or the two-mode convention of
igraph/UCINET (``type`` False for the first mode, people; True for the second, events by
default: ``second_mode`` option). Two people are joined by ``rel_type`` (KNOWS, or CALLED for
call records); a person and an event by ATTENDED, an organisation by MEMBER_OF, a phone by
USES, a vehicle by ASSOCIATED_WITH, a place by SEEN_AT. Any other pair of kinds is a
quarantine line, never a guess.

**Identity.** Network people are known by a code ("CAVIAR 1"): they are ``anonymous`` (shown
by their code, never matched by entity resolution) unless nodes.csv gives a name.

Each row becomes one link with weight, network and, when the graph name ends in a number
(CAVIAR1..CAVIAR11: wiretap phases), the phase.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph.records import EntityRecord, Problem, SourceRecord
from loaders.textio import csv_rows

PHASE = re.compile(r"^(.*?)(\d+)$")
REQUIRED = ("graph", "source", "target")
# What a type cell may say -> the graph label.
KINDS = {
    "person": "Person",
    "people": "Person",
    "actor": "Person",
    "phone": "Phone",
    "telephone": "Phone",
    "event": "Event",
    "meeting": "Event",
    "organisation": "Gang",
    "organization": "Gang",
    "org": "Gang",
    "group": "Gang",
    "gang": "Gang",
    "location": "Location",
    "place": "Location",
    "address": "Location",
    "vehicle": "Vehicle",
}
# The two-mode convention: a logical type column (igraph's bipartite "type").
FIRST_MODE = {"false", "0", "f", "no"}
SECOND_MODE = {"true", "1", "t", "yes"}
# Link between a person and another kind of node (the person is always the start).
PERSON_TO = {
    "Event": "ATTENDED",
    "Gang": "MEMBER_OF",
    "Phone": "USES",
    "Vehicle": "ASSOCIATED_WITH",
    "Location": "SEEN_AT",
}
# The property a node's id or name is shown by, per label.
CAPTION = {"Phone": "number", "Vehicle": "plate", "Location": "name"}
NAME_COLUMNS = ("name", "given_name", "family_name")


class UnknownType(ValueError):
    pass


def network_name(graph: str) -> tuple[str, int | None]:
    m = PHASE.match(graph)
    return (m.group(1), int(m.group(2))) if m else (graph.removesuffix("_FULL"), None)


def kind(value: str | None, second_mode: str) -> str | None:
    """The label a type cell names (None for an empty cell)."""
    text = (value or "").strip().lower()
    if not text:
        return None
    if text in FIRST_MODE:
        return "Person"
    if text in SECOND_MODE:
        return second_mode
    if text in KINDS:
        return KINDS[text]
    raise UnknownType(
        f"unknown node type {value!r}: one of {', '.join(sorted(set(KINDS.values())))}, "
        "or True/False for the two modes of a two-mode network"
    )


def _extra(row: dict[str, str]) -> dict[str, str]:
    """A nodes.csv row's attributes (lower-case names; graph and id are the key)."""
    return {k.lower(): v for k, v in row.items() if k.lower() not in ("graph", "id") and v}


def node_attributes(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    """(network, node id) -> the nodes.csv row's other columns (lower-case names)."""
    nodes = path.with_name("nodes.csv")
    attrs: dict[tuple[str, str], dict[str, str]] = {}
    if nodes.is_file() and nodes != path:
        for _, row in csv_rows(nodes):
            if isinstance(row, dict) and row.get("id"):
                attrs[(network_name(row.get("graph", ""))[0], row["id"])] = _extra(row)
    return attrs


def add_node(
    rec: SourceRecord, network: str, node: str, label: str, extra: dict[str, str]
) -> EntityRecord:
    """One network node as an entity of its kind."""
    props = {k: v for k, v in extra.items() if k != "type"}
    code = f"{network} {node}"
    if label == "Person":
        named = any(props.get(c) for c in NAME_COLUMNS)
        if named and not props.get("name"):
            props["name"] = " ".join(props[c] for c in NAME_COLUMNS[1:] if props.get(c))
        props.setdefault("name", code)
        if not named:
            props["anonymous"] = True  # a code, not a person's name: never matched
    else:
        props.setdefault(CAPTION.get(label, "name"), props.get("name") or node)
        props.setdefault("name", code)
    return rec.add(label, f"{network}:{node}", network=network, network_node=node, **props)


def read(path: Path, options: dict[str, Any]) -> Iterator[SourceRecord | Problem]:
    rel_type = str(options.get("rel_type") or "KNOWS").upper()
    second = options.get("second_mode") or "Event"
    second_mode = KINDS.get(str(second).lower(), str(second))
    attrs = node_attributes(path)
    for no, row in csv_rows(path):
        if isinstance(row, Problem):
            yield row
            continue
        where = f"line {no}"
        if "source" not in row and "id" in row:  # a nodes.csv: nodes, isolates included
            if not row["id"] or not row.get("graph"):
                yield Problem(str(path), where, "id" if not row["id"] else "graph", "missing value")
                continue
            try:
                label = kind(row.get("type"), second_mode) or "Person"
            except UnknownType as exc:
                yield Problem(str(path), where, "type", str(exc))
                continue
            network = network_name(row["graph"])[0]
            rec = SourceRecord(record_id=f"{row['graph']}:{row['id']}")
            add_node(rec, network, row["id"], label, _extra(row))
            yield rec
            continue
        missing = [c for c in REQUIRED if not row.get(c)]
        if missing:
            yield Problem(str(path), where, missing[0], "missing value")
            continue
        weight: float | None = None
        if row.get("weight"):
            try:
                weight = float(row["weight"])
            except ValueError:
                yield Problem(str(path), where, "weight", f"not a number: {row['weight']!r}")
                continue
        network, phase = network_name(row["graph"])
        rec = SourceRecord(record_id=f"{row['graph']}:{row['source']}-{row['target']}")
        ends: list[EntityRecord] = []
        for end in ("source", "target"):
            node = row[end]
            extra = attrs.get((network, node), {})
            try:
                label = (
                    kind(row.get(f"{end}_type"), second_mode)
                    or kind(extra.get("type"), second_mode)
                    or "Person"
                )
            except UnknownType as exc:
                yield Problem(str(path), where, f"{end}_type", str(exc))
                break
            ends.append(add_node(rec, network, node, label, extra))
        if len(ends) < 2:
            continue
        a, b = ends
        if a.label != b.label and "Person" in (a.label, b.label):
            person, other = (a, b) if a.label == "Person" else (b, a)
            link_type, a, b = PERSON_TO[other.label], person, other
        elif a.label == b.label:
            link_type = rel_type
        else:
            yield Problem(
                str(path),
                where,
                "target",
                f"no link from {a.label} to {b.label} in the graph model (a person to an "
                "event, organisation, phone, vehicle or place; or two nodes of one kind)",
            )
            continue
        directed = row.get("directed", "").lower() == "true"
        rec.link(
            link_type,
            a,
            b,
            key=f"{row['graph']}:{row['source']}>{row['target']}",
            network=row["graph"],
            dataset=network,  # the network its phases and its whole-period summary share
            phase=phase,
            weight=weight,
            directed=directed,
        )
        yield rec
