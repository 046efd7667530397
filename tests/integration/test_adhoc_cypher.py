"""Free-form Cypher against the real Neo4j: reads run (capped, timed out) for a scope that
covers every agency; everything else is refused before it runs, judged by the server's plan
(so comments, strings, escapes and case change nothing), and a narrower scope runs none."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator

import pytest

from graph import adhoc
from graph.db import Graph
from graph.scope import Scope

EVERY = Scope.cleared("sup", ["A", "B", "C"])
ONLY_A = Scope.cleared("ana", ["A"])


@pytest.fixture(scope="module")
def fixture_graph(session_graph: Graph, case_graph: Callable[[Graph], Graph]) -> Graph:
    case_graph(session_graph)
    return session_graph


@pytest.fixture
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A TCP listener on 127.0.0.1 that records whatever connects to it (the server must
    never fetch a URL on a user's behalf)."""
    got: list[bytes] = []
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(5)
    srv.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(0.5)
                try:
                    got.append(conn.recv(1024) or b"<connected>")
                except OSError:
                    got.append(b"<connected>")

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield srv.getsockname()[1], got
    stop.set()
    t.join(2)
    srv.close()


def test_a_read_query_runs_and_its_nodes_go_to_the_chart(fixture_graph: Graph) -> None:
    r = adhoc.run(
        fixture_graph, "MATCH (p:Person {name: 'Alan Ames'})-[u:USES]->(ph) RETURN p, u, ph", EVERY
    )
    assert {e.uid for e in r.entities} == {"A:p1", "A:ph1"} and len(r.links) == 1
    table = adhoc.run(fixture_graph, "MATCH (p:Person) RETURN count(p) AS people", EVERY)
    assert table.rows == [{"people": 7}] and table.entities == []
    capped = adhoc.run(fixture_graph, "MATCH (n) RETURN n.uid AS uid", EVERY, max_rows=3)
    assert capped.truncated and len(capped.rows) == 3


@pytest.mark.parametrize(
    "cypher",
    [
        "MATCH (p:Person) RETURN p.name AS name",  # a plain projection
        "MATCH (p:Person) WHERE p.agency IN $agencies OR true RETURN p.name AS name",
        "MATCH (p:Person {uid: 'A:p1'}) WHERE EXISTS { MATCH (:Person {agency: 'B'}) } RETURN p",
        "MATCH (p:Person) RETURN count(p) AS n",
        "RETURN 1 AS one",
    ],
)
def test_a_narrower_scope_runs_no_free_form_cypher(fixture_graph: Graph, cypher: str) -> None:
    """Filtering answers cannot stop an existence test on another agency's records, so a
    user not cleared for every agency runs no free-form Cypher at all."""
    with pytest.raises(adhoc.FreeFormRefused, match="cleared for every agency"):
        adhoc.run(fixture_graph, cypher, ONLY_A)


@pytest.mark.parametrize(
    ("cypher", "reason"),
    [
        ("MATCH (n:Person) SET n.flag = true RETURN n", "only read-only"),
        ("CREATE (:Person {uid: 'x'})", "only read-only"),
        ("MATCH (n) DETACH DELETE n", "only read-only"),
        ("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", "LOAD CSV"),
        ("load  csv with headers from 'http://x' as r return r", "LOAD CSV"),
        ("CALL { LOAD CSV FROM 'http://127.0.0.1:9/x' AS r RETURN r } RETURN r", "LOAD CSV"),
        ("MATCH (n) WITH n // ' \nLOAD CSV FROM 'http://127.0.0.1:9/' AS r RETURN r", "LOAD CSV"),
        ("/* ' */ LOAD CSV FROM 'http://127.0.0.1:9/' AS r RETURN r", "LOAD CSV"),
        ("L\\u004fAD CSV FROM 'http://127.0.0.1:9/' AS r RETURN r", "LOAD CSV"),  # an escape
        ("CALL dbms.listConfig() YIELD name RETURN name", "procedure dbms.listConfig"),
        ("cAlL dbms.listConfig() YIELD name RETURN name", "procedure dbms.listConfig"),
        ("CALL db.createLabel('X')", "procedure db.createLabel"),
        ("SHOW TRANSACTIONS", "SHOW"),
        ("show transactions yield currentQuery, parameters", "SHOW"),
        ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TERMINATE"),
        ("SHOW SETTINGS", "SHOW"),
        ("SHOW PROCEDURES", "SHOW"),
        ("SHOW USERS", "administration|compile|SHOW|case database"),
        ("MATCH (n RETURN n", "does not compile"),
        ("   ", "type a Cypher query"),
    ],
)
def test_refused_before_running(fixture_graph: Graph, cypher: str, reason: str) -> None:
    with pytest.raises(adhoc.Refused, match=reason):
        adhoc.run(fixture_graph, cypher, EVERY)
    assert fixture_graph.read("MATCH (n:Person) WHERE n.flag RETURN count(n) AS c")[0]["c"] == 0


def test_the_server_fetches_no_url_for_a_user(
    fixture_graph: Graph, listener: tuple[int, list[bytes]]
) -> None:
    port, got = listener
    tricks = [
        f"LOAD CSV FROM 'http://127.0.0.1:{port}/a' AS r RETURN r",
        f"// it's fine\nLOAD CSV FROM 'http://127.0.0.1:{port}/b' AS r RETURN r",
        f"RETURN 1 AS x UNION LOAD CSV FROM 'http://127.0.0.1:{port}/c' AS r RETURN r[0] AS x",
        f"CALL {{ LOAD CSV FROM 'http://127.0.0.1:{port}/d' AS r RETURN r }} RETURN count(*) AS n",
    ]
    for cypher in tricks:
        for scope in (EVERY, ONLY_A):
            with pytest.raises(adhoc.Refused):
                adhoc.run(fixture_graph, cypher, scope)
    threading.Event().wait(0.5)  # a fetch would have connected by now
    assert got == []


def test_text_inside_strings_and_comments_is_not_mistaken_for_clauses(
    fixture_graph: Graph,
) -> None:
    r = adhoc.run(
        fixture_graph,
        "// LOAD CSV is only mentioned\nRETURN 'CALL dbms.listConfig() and LOAD CSV' AS text",
        EVERY,
    )
    assert r.rows == [{"text": "CALL dbms.listConfig() and LOAD CSV"}]


def test_allowed_procedures_run(fixture_graph: Graph) -> None:
    r = adhoc.run(fixture_graph, "CALL db.labels() YIELD label RETURN label ORDER BY label", EVERY)
    assert {"Person", "Gang"} <= {row["label"] for row in r.rows}


def test_no_transaction_of_another_user_is_touched(fixture_graph: Graph) -> None:
    """While someone else's long question runs, SHOW/TERMINATE TRANSACTIONS are refused
    before they run, so that question finishes with its answer."""
    answer: list[object] = []
    other = threading.Thread(
        target=lambda: answer.append(
            fixture_graph.read("UNWIND range(1, 60000000) AS x RETURN count(x) AS n")
        )
    )
    other.start()
    try:
        for cypher in (
            "SHOW TRANSACTIONS YIELD transactionId RETURN transactionId",
            "TERMINATE TRANSACTIONS 'neo4j-transaction-1', 'neo4j-transaction-2'",
        ):
            with pytest.raises(adhoc.Refused):
                adhoc.run(fixture_graph, cypher, EVERY)
    finally:
        other.join(120)
    assert answer == [[{"n": 60000000}]]
