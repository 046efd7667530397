"""Schema migrations against the real server: idempotent, versioned, enforced."""

from __future__ import annotations

import pytest
from neo4j.exceptions import ConstraintError

from graph.db import Graph
from graph.model import ENTITIES, FULLTEXT_INDEX, SCHEMA_MIGRATION_LABEL
from graph.schema import (
    SchemaError,
    current_version,
    init_schema,
    load_migrations,
    missing_objects,
)


def test_init_twice_is_idempotent(graph: Graph) -> None:
    before = {r["name"] for r in graph.read("SHOW INDEXES YIELD name")}
    assert init_schema(graph) == []  # the session fixture already applied everything
    assert init_schema(graph) == []
    after = {r["name"] for r in graph.read("SHOW INDEXES YIELD name")}
    assert before == after
    assert current_version(graph) == len(load_migrations())
    assert graph.read(f"MATCH (m:{SCHEMA_MIGRATION_LABEL}) RETURN count(m) AS c") == [
        {"c": len(load_migrations())}
    ]
    assert missing_objects(graph) == []


def test_every_entity_label_has_a_unique_uid_constraint(graph: Graph) -> None:
    rows = graph.read(
        "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type "
        "WHERE type = 'UNIQUENESS' RETURN labelsOrTypes[0] AS label, properties AS props"
    )
    constrained = {r["label"] for r in rows if r["props"] == ["uid"]}
    assert {e.label for e in ENTITIES} <= constrained


def test_duplicate_uid_is_rejected(graph: Graph) -> None:
    graph.write("CREATE (:Vehicle {uid: 'VT:rms:vehicle:9', plate: 'ABC123'})")
    with pytest.raises(ConstraintError):
        graph.write("CREATE (:Vehicle {uid: 'VT:rms:vehicle:9', plate: 'XYZ999'})")
    assert graph.read("MATCH (v:Vehicle) RETURN count(v) AS c") == [{"c": 1}]


def test_all_indexes_are_online(graph: Graph) -> None:
    rows = graph.read("SHOW INDEXES YIELD name, state WHERE state <> 'ONLINE' RETURN name, state")
    assert rows == []


def test_fulltext_search_finds_names_aliases_plates_phones_narratives(graph: Graph) -> None:
    graph.write(
        """
        CREATE (:Person {uid: 'A:rms:person:1', name: 'Jonathan Smyth',
                 aliases: ['Smitty', 'J Dog']})
        CREATE (:Vehicle {uid: 'A:rms:vehicle:1', plate: 'KXL4471'})
        CREATE (:Phone {uid: 'A:rms:phone:1', number: '+18085551234'})
        CREATE (:Gang {uid: 'B:intel:gang:1', name: 'Kalihi Boyz'})
        CREATE (:Incident {uid: 'B:rms:incident:1',
                   narrative: 'Buy-bust of crack cocaine at the park'})
        CREATE (:Location {uid: 'B:rms:location:1', address: '1234 Kalakaua Ave'})
        """
    )

    def search(text: str) -> list[str]:
        rows = graph.read(
            f"CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', $q) YIELD node, score "
            "RETURN node.uid AS uid ORDER BY score DESC",
            {"q": text},
        )
        return [r["uid"] for r in rows]

    assert search("Smith~")[:1] == ["A:rms:person:1"]  # typo-tolerant
    assert search("Smitty") == ["A:rms:person:1"]  # alias (string list)
    assert search("KXL4471") == ["A:rms:vehicle:1"]
    assert search("18085551234") == ["A:rms:phone:1"]
    assert search("kalihi") == ["B:intel:gang:1"]
    assert search("cocaine") == ["B:rms:incident:1"]
    assert search("Kalakaua") == ["B:rms:location:1"]


def test_radius_query_uses_the_point_index(graph: Graph) -> None:
    graph.write(
        "UNWIND range(1, 50) AS i CREATE (:Location {uid: 'L' + i, "
        "point: point({latitude: 21.3 + i * 0.001, longitude: -157.85})})"
    )
    query = (
        "MATCH (l:Location) WHERE point.distance(l.point, "
        "point({latitude: 21.301, longitude: -157.85})) < 300 RETURN l.uid AS uid"
    )
    plan = graph.execute_read(lambda tx: tx.run("EXPLAIN " + query).consume().plan)
    assert "PointIndexSeek" in str(plan) or "NodeIndexSeekByRange" in str(plan)
    assert len(graph.read(query)) >= 3


def test_an_edited_migration_is_refused(graph: Graph) -> None:
    graph.write(f"MATCH (m:{SCHEMA_MIGRATION_LABEL} {{version: 1}}) SET m.checksum = 'edited'")
    try:
        with pytest.raises(SchemaError, match="changed after it was applied"):
            init_schema(graph)
    finally:
        real = load_migrations()[0].checksum
        graph.write(
            f"MATCH (m:{SCHEMA_MIGRATION_LABEL} {{version: 1}}) SET m.checksum = $c", {"c": real}
        )
