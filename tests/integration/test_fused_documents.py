"""E-mail addresses, identity documents and weapons shared by every agency: one node per
normalised value (a social security number only as its keyed hash), each agency's record
linked to it with its own provenance; re-load, older graphs, need-to-know and the search."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from graph import explore, guarded, protected, writer
from graph.db import Graph
from graph.schema import init_schema
from graph.scope import Scope

HEADER = ["rec", "person_id", "first", "last", "dob", "email", "dl", "dl_state", "fbi", "sid",
          "ssn", "gun_make", "gun_serial", "gun_type"]  # fmt: skip
MAPPING = """
name: people_with_documents
description: A master name index with identity numbers and weapons recovered
record_id: rec
entities:
  person:
    label: Person
    key: person_id
    required: true
    properties:
      name: {template: "{first} {last}", transform: title}
      dob: {column: dob, date: "%Y-%m-%d", lenient: true}
      email: email
      dl_number: dl
      dl_state: dl_state
      fbi_number: fbi
      state_id: sid
      ssn: ssn
  gun:
    label: Weapon
    key: gun_serial
    properties:
      make: gun_make
      serial: gun_serial
      weapon_type: gun_type
links:
  - {type: POSSESSED, from: person, to: gun}
"""
SSN = "123-45-6789"


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, HEADER)
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in HEADER})
    return path


def agency_files(tmp_path: Path) -> dict[str, Path]:
    """Two agencies writing one e-mail, licence, FBI number, SSN and gun their own way; C
    holds a licence of its own only."""
    a = write_csv(
        tmp_path / "a.csv",
        [
            {"rec": "A-1", "person_id": "a1", "first": "Dario", "last": "Vance",
             "dob": "1990-02-03", "email": " Dario.Vance@Example.ORG", "dl": "D987-654-321",
             "dl_state": "ny", "fbi": "123456AB7", "ssn": SSN, "gun_make": "Glock",
             "gun_serial": "bxr-123", "gun_type": "Handgun"},
        ],
    )  # fmt: skip
    b = write_csv(
        tmp_path / "b.csv",
        [
            {"rec": "B-9", "person_id": "b9", "first": "D", "last": "Vance",
             "email": "dario.vance@example.org", "dl": "d987654321", "dl_state": "NY",
             "fbi": "123456 AB7", "sid": "NY0001234", "ssn": "123456789",
             "gun_make": "GLOCK", "gun_serial": "BXR123", "gun_type": "9mm pistol"},
        ],
    )  # fmt: skip
    c = write_csv(
        tmp_path / "c.csv",
        [{"rec": "C-1", "person_id": "c1", "first": "Ana", "last": "Reyes", "dl": "R5550147",
          "dl_state": "NJ", "ssn": "UNKNOWN"}],
    )  # fmt: skip
    return {"A": a, "B": b, "C": c}


def load_all(load, files: dict[str, Path], mapping: Path) -> None:  # type: ignore[no-untyped-def]
    for agency, path in files.items():
        summary = load("csv", path, agency=agency, mapping=str(mapping))
        assert summary.records == 1 and summary.quarantined == 0


@pytest.fixture
def mapping(tmp_path: Path) -> Path:
    path = tmp_path / "people_with_documents.yaml"
    path.write_text(MAPPING, encoding="utf-8")
    return path


def snapshot(graph: Graph) -> dict[str, object]:
    nodes = graph.read(
        "MATCH (n:Email|Document|Weapon) RETURN labels(n)[0] AS label, properties(n) AS props "
        "ORDER BY n.uid"
    )
    links = graph.read(
        "MATCH (p:Person)-[r]->(n:Email|Document|Weapon) RETURN p.uid AS person, type(r) AS "
        "type, n.uid AS end, properties(r) AS props ORDER BY person, type, end"
    )
    for r in links:  # (a re-load cites its own load)
        r["props"] = {k: v for k, v in r["props"].items() if k != "load_id"}
    return {"nodes": explore.jsonable(nodes), "links": explore.jsonable(links)}


def test_one_node_per_email_document_and_weapon(load, graph: Graph, tmp_path: Path, mapping):  # type: ignore[no-untyped-def]
    load_all(load, agency_files(tmp_path), mapping)
    key = graph.settings.resolved_identifier_key()
    ssn_uid = f"document:ssn:{protected.digest(key, 'ssn', SSN)}"
    uids = [r["uid"] for r in graph.read("MATCH (n:Email|Document|Weapon) RETURN n.uid AS uid")]
    assert sorted(uids) == sorted(
        [
            "email:dario.vance@example.org",
            "document:dl:NY:D987654321",
            "document:dl:NJ:R5550147",
            "document:fbi:123456AB7",
            "document:sid:NY0001234",
            ssn_uid,
            "weapon:GLOCK:BXR123",
        ]
    )  # C's "UNKNOWN" social security number is no number
    nodes = graph.read("MATCH (n:Email|Document|Weapon) RETURN properties(n) AS p")
    assert all(n["p"]["shared"] is True and "agency" not in n["p"] for n in nodes)
    [ssn] = [n["p"] for n in nodes if n["p"]["uid"] == ssn_uid]
    assert ssn == {"uid": ssn_uid, "kind": "ssn", "number_hash": ssn_uid.split(":")[-1],
                   "shared": True}  # fmt: skip
    # every agency's record reaches the shared node by its own link, with its provenance
    holds = graph.read(
        "MATCH (p:Person)-[h:HOLDS]->(:Document {uid: $uid}) RETURN h.agency AS agency, "
        "h.source_system AS system, h.source_record_id AS record, h.load_id AS load, "
        "h.field AS field ORDER BY agency",
        {"uid": "document:dl:NY:D987654321"},
    )
    assert [(h["agency"], h["record"], h["field"]) for h in holds] == [
        ("A", "A-1", "dl_number"),
        ("B", "B-9", "dl_number"),
    ]
    assert all(h["system"] and h["load"] for h in holds)
    assert len(graph.read(f"MATCH (:Person)-[:HOLDS]->(:Document {{uid: '{ssn_uid}'}}) RETURN 1"))
    # what each agency said about the gun stays on its own link
    said = graph.read(
        "MATCH (:Person)-[r:POSSESSED]->(w:Weapon) RETURN r.agency AS agency, "
        "r.weapon_type AS said, w.make AS make ORDER BY agency"
    )
    assert said == [
        {"agency": "A", "said": "Handgun", "make": "GLOCK"},
        {"agency": "B", "said": "9mm pistol", "make": "GLOCK"},
    ]
    # no digits of the social security number anywhere in the graph
    every = graph.read("MATCH (n) RETURN properties(n) AS p UNION ALL "
                       "MATCH ()-[r]->() RETURN properties(r) AS p")  # fmt: skip
    assert not [p for p in every if re.search(r"123-?45-?6789", str(p["p"]))]

    before = snapshot(graph)
    load_all(load, agency_files(tmp_path), mapping)  # a re-load changes nothing
    assert snapshot(graph) == before


def test_an_older_graph_gets_what_a_fresh_load_writes(
    load, graph: Graph, tmp_path: Path, mapping, monkeypatch: pytest.MonkeyPatch
):  # type: ignore[no-untyped-def]
    files = agency_files(tmp_path)
    load_all(load, files, mapping)
    fresh = snapshot(graph)
    graph.write("MATCH (n) WHERE n.uid IS NOT NULL DETACH DELETE n")
    graph.write("MATCH (l:Load) DETACH DELETE l")
    with monkeypatch.context() as m:  # the writer before 0007: numbers only on the person
        m.setattr(writer, "named_identifiers", lambda *a: [])
        load_all(load, files, mapping)
    old = snapshot(graph)
    assert [n["label"] for n in old["nodes"]] == ["Weapon"]  # type: ignore[index]
    init_schema(graph)  # `db init`
    migrated = snapshot(graph)
    assert migrated == fresh  # the same nodes, links and provenance
    init_schema(graph)  # and again: nothing left to do
    assert snapshot(graph) == migrated


def test_need_to_know_and_search_on_shared_documents(load, graph: Graph, tmp_path: Path, mapping):  # type: ignore[no-untyped-def]
    load_all(load, agency_files(tmp_path), mapping)
    a, b, c = (Scope.cleared(f"{x.lower()}-analyst", [x]) for x in "ABC")

    def found(text: str, scope: Scope, label: str) -> list[str]:
        return [e.uid for e, _ in explore.search(graph, text, scope) if e.label == label]

    # each form a person would type finds the one shared node
    assert found("DARIO.VANCE@example.org", a, "Email") == ["email:dario.vance@example.org"]
    assert found("d987-654-321", b, "Document") == ["document:dl:NY:D987654321"]
    assert found("123456 ab7", a, "Document") == ["document:fbi:123456AB7"]
    assert found("bxr 123", b, "Weapon") == ["weapon:GLOCK:BXR123"]
    [ssn_doc] = found("123 45 6789", a, "Document")
    hit = next(e for e, _ in explore.search(graph, "123 45 6789", a) if e.uid == ssn_doc)
    assert explore.why_found(hit, "123 45 6789").startswith("social security number")
    assert (
        explore.why_found(
            next(e for e, _ in explore.search(graph, "bxr-123", a) if e.label == "Weapon"),
            "bxr-123",
        )
        == "serial number [BXR123]"
    )
    # C's analyst, whose records name none of them, finds nothing of A's or B's
    for text in ("dario.vance@example.org", "D987654321", "123456AB7", "BXR123", SSN):
        assert not [e for e, _ in explore.search(graph, text, c) if e.label != "Person"], text
    assert found("R5550147", c, "Document") == ["document:dl:NJ:R5550147"]
    assert found("R5550147", a, "Document") == []
    # A's analyst sees the licence and only A's link to it
    grown = explore.expand(graph, "Document", "document:dl:NY:D987654321", a)
    assert {lk.props["agency"] for lk in grown.links} == {"A"} and len(grown.links) == 1
    assert "B:rms" not in str(grown) and "B-9" not in str(grown)
    # the guard itself: a shared node none of C's relationships reach is dropped
    rows = guarded.read(graph, c, "MATCH (n:Document) RETURN n, n.uid AS uid")
    assert [r["uid"] for r in rows] == ["document:dl:NJ:R5550147"]
    # who else holds it: from A's person, the people of A and B who share a document
    ab = Scope.cleared("ab-analyst", ["A", "B"])
    [a1] = [e for e, _ in explore.search(graph, "Dario Vance", a) if e.label == "Person"]
    users = explore.who_else_uses(graph, "Person", a1.uid, ab)
    assert {e.props.get("name") for e in users.entities if e.label == "Person"} == {"D Vance"}
    shared = {i.label for i, n in users.identifiers if n == 1}
    assert shared == {"Email", "Document", "Weapon"}
    # A's analyst alone: the same identifiers, nobody else (B's holder stays unseen)
    assert not [e for e in explore.who_else_uses(graph, "Person", a1.uid, a).entities
                if e.label == "Person"]  # fmt: skip
