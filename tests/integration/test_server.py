"""The real Neo4j server the project fetched and started: version, Bolt, access modes."""

from __future__ import annotations

import time

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import ClientError

from graph.db import Graph
from settings import Settings


def test_server_is_neo4j_5_26_community(graph: Graph) -> None:
    facts = graph.server_facts()
    assert facts["version"].startswith("5.26."), facts
    assert facts["edition"] == "community"
    assert facts["nodes"] == 0 and facts["relationships"] == 0


def test_write_then_read_a_node_over_bolt(graph: Graph) -> None:
    counters = graph.write(
        "CREATE (:Person {uid: $uid, name: $name, agency: 'HPD'})",
        {"uid": "HPD:rms:person:1", "name": "Jon Smith"},
    )
    assert counters.nodes_created == 1
    rows = graph.read(
        "MATCH (p:Person {uid: $uid}) RETURN p.name AS name, p.agency AS agency",
        {"uid": "HPD:rms:person:1"},
    )
    assert rows == [{"name": "Jon Smith", "agency": "HPD"}]
    assert graph.server_facts()["nodes"] == 1


def test_server_rejects_a_write_in_a_read_session(graph: Graph) -> None:
    with pytest.raises(ClientError) as info:
        graph.read("CREATE (:Person {uid: 'x'}) RETURN 1")
    assert info.value.code == "Neo.ClientError.Statement.AccessMode"
    assert graph.read("MATCH (n:Person) RETURN count(n) AS c") == [{"c": 0}]


def test_explain_reports_query_type(graph: Graph) -> None:
    assert graph.query_type("MATCH (p:Person) RETURN p") == "r"
    assert graph.query_type("CREATE (p:Person) RETURN p") == "rw"
    assert graph.query_type("CREATE (p:Person)") == "w"


def test_query_timeout_is_enforced_by_the_server(graph: Graph) -> None:
    # 10 billion rows: minutes of work, so only the 1 s timeout can end it quickly.
    started = time.monotonic()
    with pytest.raises(ClientError) as info:
        graph.read(
            "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b "
            "WITH a, b WHERE a * b = -1 RETURN count(*) AS c",
            timeout=1.0,
        )
    assert info.value.code == "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"
    assert time.monotonic() - started < 15


def test_routing_uri_works_against_the_single_server(neo4j_settings: Settings) -> None:
    """neo4j:// (what a cluster or Aura needs) also works against one server."""
    uri = neo4j_settings.neo4j_uri.replace("bolt://", "neo4j://")
    password = neo4j_settings.resolved_password()
    with GraphDatabase.driver(uri, auth=(neo4j_settings.neo4j_user, password)) as driver:
        records, _, _ = driver.execute_query("RETURN 42 AS answer", database_="neo4j")
    assert records[0]["answer"] == 42
