"""Ad-hoc Cypher against the real Neo4j: reads run (capped, timed out), everything else is
refused before it runs, with a reason."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from graph import adhoc
from graph.db import Graph


@pytest.fixture(scope="module")
def fixture_graph(session_graph: Graph, case_graph: Callable[[Graph], Graph]) -> Graph:
    case_graph(session_graph)
    return session_graph


def test_a_read_query_runs_and_its_nodes_go_to_the_chart(fixture_graph: Graph) -> None:
    r = adhoc.run(
        fixture_graph,
        "MATCH (p:Person {name: 'Alan Ames'})-[u:USES]->(ph) RETURN p, u, ph",
        ["A", "B", "C"],
    )
    assert {e.uid for e in r.entities} == {"A:p1", "A:ph1"} and len(r.links) == 1
    table = adhoc.run(fixture_graph, "MATCH (p:Person) RETURN count(p) AS people", ["A"])
    assert table.rows == [{"people": 7}] and table.entities == []
    capped = adhoc.run(fixture_graph, "MATCH (n) RETURN n.uid AS uid", ["A"], max_rows=3)
    assert capped.truncated and len(capped.rows) == 3


@pytest.mark.parametrize(
    ("cypher", "reason"),
    [
        ("MATCH (n:Person) SET n.flag = true RETURN n", "only read-only"),
        ("CREATE (:Person {uid: 'x'})", "only read-only"),
        ("MATCH (n) DETACH DELETE n", "only read-only"),
        ("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", "LOAD CSV"),
        ("load  csv with headers from 'http://x' as r return r", "LOAD CSV"),
        ("CALL dbms.listConfig() YIELD name RETURN name", "procedure dbms.listConfig"),
        ("CALL db.createLabel('X')", "procedure db.createLabel"),
        ("MATCH (n RETURN n", "does not compile"),
        ("   ", "type a Cypher query"),
    ],
)
def test_refused_before_running(fixture_graph: Graph, cypher: str, reason: str) -> None:
    with pytest.raises(adhoc.Refused, match=reason):
        adhoc.run(fixture_graph, cypher, ["A"])
    assert fixture_graph.read("MATCH (n:Person) WHERE n.flag RETURN count(n) AS c")[0]["c"] == 0


def test_text_inside_strings_and_comments_is_not_mistaken_for_clauses(
    fixture_graph: Graph,
) -> None:
    r = adhoc.run(
        fixture_graph,
        "// LOAD CSV is only mentioned\nRETURN 'CALL dbms.listConfig() and LOAD CSV' AS text",
        ["A"],
    )
    assert r.rows == [{"text": "CALL dbms.listConfig() and LOAD CSV"}]


def test_allowed_procedures_run(fixture_graph: Graph) -> None:
    r = adhoc.run(fixture_graph, "CALL db.labels() YIELD label RETURN label ORDER BY label", ["A"])
    assert {"Person", "Gang"} <= {row["label"] for row in r.rows}
