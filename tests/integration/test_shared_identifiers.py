"""Identifiers shared by every agency: one Phone, Vehicle and address node per normalised
value, each agency's record linked to it with its own provenance; need-to-know on them; the
search box reading identifiers the way people write them; the migration of older graphs."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph import explore, guarded, identifiers, questions, writer
from graph.db import Graph
from graph.schema import init_schema
from graph.scope import Scope

HEADER = ["incident_no", "reported_at", "offense_code", "offense_desc", "narrative", "address",
          "x", "y", "person_id", "first_name", "last_name", "dob", "moniker", "role",
          "drug_type", "drug_qty", "drug_unit", "plate", "vehicle", "phone"]  # fmt: skip
PHONE = "+17182966633"


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, HEADER)
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in HEADER})
    return path


def agency_files(tmp_path: Path) -> dict[str, Path]:
    """Three agencies writing one phone, plate and address each their own way; C records
    another number only."""
    base = {"reported_at": "2026-03-01 10:00", "offense_code": "35A", "role": "suspect"}
    a = write_csv(
        tmp_path / "a.csv",
        [
            {**base, "incident_no": "A-1", "person_id": "a1", "first_name": "Dario",
             "last_name": "Vance", "phone": "(718) 296-6633", "plate": "WHZ 1662",
             "vehicle": "Honda Civic", "address": "1895 Linden Boulevard"},
            {**base, "incident_no": "A-2", "person_id": "a2", "first_name": "Mia",
             "last_name": "Cole", "phone": "718-296-6633", "address": "1895 Linden Blvd"},
        ],
    )  # fmt: skip
    b = write_csv(
        tmp_path / "b.csv",
        [
            {**base, "incident_no": "B-7", "person_id": "b7", "first_name": "Luis",
             "last_name": "Ortega", "phone": "7182966633", "plate": "whz-1662",
             "vehicle": "grey Civic", "address": "1895 LINDEN BLVD"},
        ],
    )  # fmt: skip
    c = write_csv(
        tmp_path / "c.csv",
        [
            {**base, "incident_no": "C-3", "person_id": "c3", "first_name": "Ana",
             "last_name": "Reyes", "phone": "212-555-0147"},
        ],
    )  # fmt: skip
    return {"A": a, "B": b, "C": c}


def load_all(load, files: dict[str, Path]) -> None:  # type: ignore[no-untyped-def]
    for agency, path in files.items():
        summary = load("csv", path, agency=agency, mapping="incidents")
        assert summary.records > 0 and summary.quarantined == 0


def snapshot(graph: Graph) -> dict[str, object]:
    """The identifier part of the graph: shared nodes and who links to them."""
    nodes = graph.read(
        "MATCH (n) WHERE n.shared RETURN labels(n)[0] AS label, properties(n) AS props "
        "ORDER BY n.uid"
    )
    links = graph.read(
        "MATCH (x)-[r]->(n) WHERE n.shared RETURN x.uid AS start, type(r) AS type, "
        "n.uid AS end, r.agency AS agency, r.source_record_id AS record, "
        "r.make_model AS make_model, r.address_as_recorded AS as_recorded "
        "ORDER BY start, type, end"
    )
    kept = graph.read(
        "MATCH (n:Phone|Vehicle|Location) WHERE n.agency IS NOT NULL "
        "RETURN labels(n)[0] AS label, n.uid AS uid ORDER BY uid"
    )
    return {"nodes": explore.jsonable(nodes), "links": links, "agency_nodes": kept}


def test_one_node_per_identifier_linked_by_every_agency(load, graph: Graph, tmp_path: Path):  # type: ignore[no-untyped-def]
    files = agency_files(tmp_path)
    load_all(load, files)
    phones = graph.read("MATCH (n:Phone) RETURN n.uid AS uid, n.shared AS shared, n.agency AS a")
    assert sorted(r["uid"] for r in phones) == ["phone:+12125550147", f"phone:{PHONE}"]
    assert all(r["shared"] is True and r["a"] is None for r in phones)
    [vehicle] = graph.read("MATCH (n:Vehicle) RETURN properties(n) AS p")
    assert vehicle["p"] == {"uid": "vehicle:WHZ1662", "plate": "WHZ1662", "shared": True}
    [place] = graph.read("MATCH (n:Location) RETURN properties(n) AS p")
    assert place["p"]["address"] == "1895 Linden Blvd" and "agency" not in place["p"]
    uses = graph.read(
        "MATCH (p:Person)-[u:USES]->(:Phone {uid: $uid}) RETURN p.uid AS person, "
        "u.agency AS agency, u.source_system AS system, u.source_record_id AS record, "
        "u.load_id AS load ORDER BY person",
        {"uid": f"phone:{PHONE}"},
    )
    assert [u["agency"] for u in uses] == ["A", "A", "B"]
    assert all(u["system"] and u["record"] and u["load"] for u in uses)  # provenance on each
    # what each agency said about the car stays on its own link, not on the shared node
    said = graph.read(
        "MATCH ()-[a:ASSOCIATED_WITH]->(:Vehicle) RETURN a.agency AS agency, "
        "a.make_model AS said ORDER BY agency"
    )
    assert said == [{"agency": "A", "said": "Honda Civic"}, {"agency": "B", "said": "grey Civic"}]

    before = snapshot(graph)
    load_all(load, files)  # a re-load changes nothing
    assert snapshot(graph) == before


def test_an_older_graph_is_migrated_to_what_a_fresh_load_writes(
    load, graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):  # type: ignore[no-untyped-def]
    files = agency_files(tmp_path)
    load_all(load, files)
    fresh = snapshot(graph)
    graph.write("MATCH (n) WHERE n.uid IS NOT NULL DETACH DELETE n")
    graph.write("MATCH (l:Load) DETACH DELETE l")
    with monkeypatch.context() as m:  # the writer as it was before 0005: one node per agency
        m.setattr(writer, "shared_entities", lambda rec, key: {})
        load_all(load, files)
    old = snapshot(graph)
    assert old["nodes"] == [] and len(old["agency_nodes"]) == 8  # type: ignore[arg-type]
    init_schema(graph)  # `db init`
    migrated = snapshot(graph)
    assert migrated["nodes"] == fresh["nodes"] and migrated["agency_nodes"] == []
    strip = [{k: v for k, v in r.items() if k != "start"} for r in migrated["links"]]  # type: ignore[union-attr]
    assert strip == [{k: v for k, v in r.items() if k != "start"} for r in fresh["links"]]  # type: ignore[union-attr]
    init_schema(graph)  # and again: nothing left to move
    assert snapshot(graph) == migrated


def test_need_to_know_on_a_shared_phone(load, graph: Graph, tmp_path: Path):  # type: ignore[no-untyped-def]
    load_all(load, agency_files(tmp_path))
    a, b, c = (Scope.cleared(f"{x.lower()}-analyst", [x]) for x in "ABC")
    # A's analyst sees the phone and only A's links to it
    [(hit, _)] = [h for h in explore.search(graph, "718-296-6633", a) if h[0].label == "Phone"]
    assert hit.uid == f"phone:{PHONE}"
    grown = explore.expand(graph, "Phone", hit.uid, a)
    assert {e.props["agency"] for e in grown.entities} == {"A"}
    assert {lk.props["agency"] for lk in grown.links} == {"A"} and len(grown.links) == 2
    assert "B" not in str(grown) and "Ortega" not in str(grown)
    # B's analyst sees B's one link; C's analyst, whose records never used it, nothing
    assert len(explore.expand(graph, "Phone", hit.uid, b).links) == 1
    assert not [h for h in explore.search(graph, "718-296-6633", c) if h[0].label == "Phone"]
    assert explore.entities(graph, [("Phone", hit.uid)], c) == []
    # the guard itself, whatever the statement: a shared node nobody of C's reaches is dropped
    rows = guarded.read(graph, c, "MATCH (n:Phone) RETURN n, n.number AS number")
    assert [r["number"] for r in rows] == ["+12125550147"]
    rows = guarded.read(graph, c, "MATCH (n:Phone) RETURN properties(n) AS props")
    assert [r["props"]["number"] for r in rows] == ["+12125550147"]


def test_who_else_uses_this_finds_the_people_of_every_cleared_agency(  # type: ignore[no-untyped-def]
    load, graph: Graph, tmp_path: Path
) -> None:
    load_all(load, agency_files(tmp_path))
    ab, a = Scope.cleared("ab-analyst", ["A", "B"]), Scope.cleared("a-analyst", ["A"])
    # from the phone: the people of A and B who use it
    found = explore.who_else_uses(graph, "Phone", f"phone:{PHONE}", ab)
    assert [(i.uid, n) for i, n in found.identifiers] == [(f"phone:{PHONE}", 3)]
    people = {e.props["name"] for e in found.entities if e.label == "Person"}
    assert people == {"Dario Vance", "Mia Cole", "Luis Ortega"}
    assert {lk.props["agency"] for lk in found.links} == {"A", "B"}
    # from a person of B: what Ortega uses (phone, plate, address), who else uses each
    ortega = "B:rms:person:b7"
    found = explore.who_else_uses(graph, "Person", ortega, ab)
    counts = {i.label: n for i, n in found.identifiers}
    # Vance and Cole use the phone, Vance the car; the address is where the incidents
    # happened (reached through them, not a person's own link): not counted
    assert counts == {"Phone": 2, "Vehicle": 1}
    assert ortega not in {e.uid for e in found.entities}
    assert all(lk.start == ortega or lk.end == ortega or lk.props["agency"] in "AB"
               for lk in found.links)  # fmt: skip
    # an A analyst from the phone: only A's people and links, nothing of B's
    found = explore.who_else_uses(graph, "Phone", f"phone:{PHONE}", a)
    assert {e.props["name"] for e in found.entities if e.label == "Person"} == {
        "Dario Vance",
        "Mia Cole",
    }
    assert "Ortega" not in str(found) and {lk.props["agency"] for lk in found.links} == {"A"}
    # C's analyst, whose records never used the phone: nothing at all
    c = Scope.cleared("c-analyst", ["C"])
    assert explore.who_else_uses(graph, "Phone", f"phone:{PHONE}", c).identifiers == []


@pytest.mark.parametrize(
    ("typed", "label", "uid"),
    [
        ("718-296-6633", "Phone", f"phone:{PHONE}"),
        ("(718) 296-6633", "Phone", f"phone:{PHONE}"),
        ("7182966633", "Phone", f"phone:{PHONE}"),
        ("296-6633", "Phone", f"phone:{PHONE}"),
        ("+17182966633", "Phone", f"phone:{PHONE}"),
        ("whz 1662", "Vehicle", "vehicle:WHZ1662"),
        ("WHZ-1662", "Vehicle", "vehicle:WHZ1662"),
        ("1895 Linden Boulevard", "Location", "address:1895 linden blvd|"),
    ],
)
def test_search_reads_identifiers_as_people_write_them(
    load, graph: Graph, tmp_path: Path, typed: str, label: str, uid: str
):  # type: ignore[no-untyped-def]
    load_all(load, agency_files(tmp_path))
    scope = Scope.cleared("analyst", ["A", "B", "C"])
    hits = explore.search(graph, typed, scope)
    assert hits and hits[0][0].uid == uid, [h[0].uid for h in hits]
    why = explore.why_found(hits[0][0], typed)
    assert "[" in why and why.split()[0] in {"number", "plate", "address:"}, why


def test_shared_phone_and_vehicle_queries_find_cross_agency_leads(
    load, graph: Graph, tmp_path: Path
):  # type: ignore[no-untyped-def]
    load_all(load, agency_files(tmp_path))
    both = Scope.cleared("analyst", ["A", "B"])
    for name in ("shared_phones", "shared_vehicles"):
        answer = questions.run(graph, name, {"min_people": 2}, both)
        uids = {e.uid for e in answer.entities if e.label in ("Phone", "Vehicle")}
        assert uids, name
    # B alone: its one person on the plate is not "several people"
    answer = questions.run(graph, "shared_vehicles", {"min_people": 2}, Scope.cleared("b", ["B"]))
    assert not answer.entities
    assert identifiers.label_of("vehicle:WHZ1662") == "Vehicle"


def test_purged_intelligence_takes_its_identifiers_with_it(graph: Graph) -> None:
    """28 CFR 23: a phone that only a purged intelligence link reached is gone with it; one
    an incident record still uses stays; an intelligence phone entity is never shared."""
    import datetime as dt

    from graph import retention
    from graph.records import SourceRecord

    graph.write(
        "CREATE (a:Person {uid: 'A:1', agency: 'A'}), (b:Person {uid: 'A:2', agency: 'A'}), "
        "(x:Phone {uid: 'phone:+15550101', number: '+15550101', shared: true}), "
        "(y:Phone {uid: 'phone:+15550102', number: '+15550102', shared: true}), "
        "(a)-[:USES {agency: 'A', record_class: 'intelligence', review_due: $due}]->(x), "
        "(a)-[:USES {agency: 'A', record_class: 'intelligence', review_due: $due}]->(y), "
        "(b)-[:USES {agency: 'A', record_class: 'incident'}]->(y)",
        {"due": dt.date(2020, 1, 1)},
    )
    gone = retention.purge(graph, dt.date(2026, 1, 1))
    assert {g["uid"] for g in gone if g["kind"] == "Phone"} == {"phone:+15550101"}
    left = graph.read("MATCH (n:Phone) RETURN n.uid AS uid")
    assert [r["uid"] for r in left] == ["phone:+15550102"]
    rec = SourceRecord("r1")
    person = rec.add("Person", "p1", name="X")
    phone = rec.add("Phone", "+15550103", record_class="intelligence", number="+15550103")
    rec.link("USES", person, phone)
    assert writer.shared_entities(rec, b"k") == {}
