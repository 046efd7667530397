"""Pointer hits: which other agencies hold records matching what a person searched for or
has open, on the terms of the owners' sharing agreements (access/sharing.py), and never
what those records say.

Both questions run on the guarded path's ``PointerTally`` with a pointer scope: the owners'
records are counted there and only ``Pointer(agency, records, matched_on)`` comes back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graph import cypher, explore, identifiers
from graph.db import Graph
from graph.guarded import Pointer, PointerTally
from graph.scope import Scope

# a shared identifier's label -> the field a pointer says it matched on
SHARED_FIELD = {
    "Phone": "phone number",
    "Vehicle": "vehicle plate",
    "Location": "address",
    "Email": "e-mail address",
    "Document": "identity document",
    "Weapon": "weapon serial number",
}


# What a pointer search matches on: who and what identifies them (people, their phones,
# vehicles, addresses, e-mail, documents, weapons), never narratives or incident numbers: a
# pointer must not become a yes/no oracle on what an owner's reports say.
IDENTITY_LABELS = ("Person", "Phone", "Vehicle", "Location", "Email", "Document", "Weapon")


def search(
    graph: Graph, text: str, pointer: Scope, labels: Sequence[str] = (), limit: int = 50
) -> list[Pointer]:
    """The owners holding records that the search text finds among their identifying
    records (``IDENTITY_LABELS``), per agency: how many and on which fields they matched (a
    phone, plate or address found as a shared identifier counts the owner's records linked
    to it)."""
    wanted = [x for x in (labels or IDENTITY_LABELS) if x in IDENTITY_LABELS]
    if not wanted:
        return []
    tally = PointerTally(pointer)

    def field(label: str, props: Mapping[str, Any], _row: Mapping[str, Any]) -> str:
        if props.get("shared") is True:
            return SHARED_FIELD.get(label, label.lower())
        return explore.matched_field(
            explore.Entity(label, str(props.get("uid")), dict(props)), text
        )

    def read(stmt: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        tally.count(graph, stmt, params, field)
        return []  # nothing of the owners' records goes back to the search

    explore.search_rows(graph, text, read, wanted, limit)
    _linked(graph, tally)
    return tally.result()


def subject(graph: Graph, uid: str, mine: Scope, pointer: Scope) -> list[Pointer]:
    """The owners holding records on the subject of one of the person's own records
    (``uid``, read within ``mine``): the same resolved subject, the same family name and
    birth date, or a shared identifier the subject uses."""
    tally = PointerTally(pointer)

    def field(_label: str, _props: Mapping[str, Any], row: Mapping[str, Any]) -> str:
        matched = str(row.get("matched") or "")
        if matched.startswith("shared:"):
            label = matched.split(":", 1)[1]
            return SHARED_FIELD.get(label, label.lower())
        return matched

    tally.count(graph, cypher.text("pointer_subject"), {"uid": uid, "mine": _codes(mine)}, field)
    return tally.result()


def _linked(graph: Graph, tally: PointerTally) -> None:
    """Count the owners' records linked to the shared identifier nodes the search found."""
    by_label: dict[str, list[str]] = {}
    for uid in tally.shared:
        label = identifiers.label_of(uid)
        if label:
            by_label.setdefault(label, []).append(uid)
    for label, uids in by_label.items():
        fields = {u: tally.shared[u] for u in uids}
        tally.count(
            graph,
            cypher.render("pointer_shared_records", label=label),
            {"uids": uids},
            lambda _l, _p, row, fields=fields: fields.get(str(row.get("via")), "identifier"),
        )


def _codes(scope: Scope) -> list[str]:
    if not isinstance(scope, Scope) or scope.pointer_scope:
        raise TypeError("the subject is read within the person's own cleared scope")
    return scope.codes
