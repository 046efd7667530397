"""The one Neo4j driver of a process, with read/write helpers and a clear 'not reachable' error.

Reads run in READ-routed sessions, so the server itself rejects any write in them (that is
what makes saved queries and ad-hoc Cypher safe, not a regex). Every query has a timeout.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import neo4j
from neo4j import Driver, GraphDatabase, ManagedTransaction, unit_of_work
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

from graph import cypher
from graph.model import SCHEMA_MIGRATION_LABEL
from settings import Settings, get_settings

T = TypeVar("T")
Params = Mapping[str, Any] | None


class GraphUnavailable(RuntimeError):
    """Neo4j cannot be reached or refused our credentials. The message is one line."""


def unreachable_message(uri: str) -> str:
    return (
        f'Neo4j is not reachable at {uri}: run "civicfusion db start" or set CIVICFUSION_NEO4J_URI'
    )


class Graph:
    """A thin wrapper over one ``neo4j.Driver``: typed helpers, timeouts, friendly errors."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self._driver: Driver | None = None
        self._lock = threading.Lock()

    @property
    def uri(self) -> str:
        return self.settings.neo4j_uri

    @property
    def database(self) -> str:
        return self.settings.neo4j_database

    @property
    def driver(self) -> Driver:
        with self._lock:
            if self._driver is None:
                password = self.settings.resolved_password()
                if password is None:
                    raise GraphUnavailable(
                        "No Neo4j password: set CIVICFUSION_NEO4J_PASSWORD, or run "
                        '"civicfusion db start" once to create the local server and its password'
                    )
                self._driver = GraphDatabase.driver(
                    self.uri,
                    auth=(self.settings.neo4j_user, password),
                    connection_acquisition_timeout=15.0,
                    connection_timeout=5.0,
                    max_transaction_retry_time=5.0,
                    user_agent="civicfusion/0.1",
                    notifications_min_severity="OFF",
                )
            return self._driver

    def close(self) -> None:
        with self._lock:
            if self._driver is not None:
                self._driver.close()
                self._driver = None

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- connectivity -------------------------------------------------------------------
    def verify(self) -> None:
        """Raise GraphUnavailable with a one-line message unless the server answers."""
        try:
            self.driver.verify_connectivity()
        except AuthError as exc:
            raise GraphUnavailable(
                f"Neo4j at {self.uri} refused the credentials of user "
                f"{self.settings.neo4j_user!r}: check CIVICFUSION_NEO4J_USER/_PASSWORD"
            ) from exc
        except (ServiceUnavailable, SessionExpired, OSError, ValueError) as exc:
            raise GraphUnavailable(unreachable_message(self.uri)) from exc

    # -- transactions -------------------------------------------------------------------
    def execute_read(
        self, work: Callable[[ManagedTransaction], T], timeout: float | None = None
    ) -> T:
        """Run ``work`` in a READ-routed session; the server rejects writes there."""
        return self._run(neo4j.READ_ACCESS, work, timeout)

    def execute_write(
        self, work: Callable[[ManagedTransaction], T], timeout: float | None = None
    ) -> T:
        return self._run(neo4j.WRITE_ACCESS, work, timeout)

    def _run(self, mode: str, work: Callable[[ManagedTransaction], T], timeout: float | None) -> T:
        work = unit_of_work(timeout=timeout or self.settings.neo4j_query_timeout)(work)
        try:
            with self.driver.session(database=self.database, default_access_mode=mode) as s:
                if mode == neo4j.READ_ACCESS:
                    return s.execute_read(work)
                return s.execute_write(work)
        except AuthError as exc:
            raise GraphUnavailable(
                f"Neo4j at {self.uri} refused the credentials: check CIVICFUSION_NEO4J_PASSWORD"
            ) from exc
        except (ServiceUnavailable, SessionExpired) as exc:
            raise GraphUnavailable(unreachable_message(self.uri)) from exc

    def read(
        self, cypher: str, params: Params = None, timeout: float | None = None
    ) -> list[dict[str, Any]]:
        """Rows of a read-only query as dicts."""
        p = dict(params or {})
        return self.execute_read(lambda tx: tx.run(cypher, p).data(), timeout)

    def write(
        self, cypher: str, params: Params = None, timeout: float | None = None
    ) -> neo4j.SummaryCounters:
        """Run a write query; returns the server's counters (nodes created, ...)."""
        p = dict(params or {})
        return self.execute_write(lambda tx: tx.run(cypher, p).consume().counters, timeout)

    def write_rows(
        self, cypher: str, params: Params = None, timeout: float | None = None
    ) -> list[dict[str, Any]]:
        p = dict(params or {})
        return self.execute_write(lambda tx: tx.run(cypher, p).data(), timeout)

    def explain(self, cypher: str, params: Params = None) -> neo4j.ResultSummary:
        """The server's EXPLAIN of a query (its plan and query type; nothing runs)."""
        p = dict(params or {})
        return self.execute_read(lambda tx: tx.run("EXPLAIN " + cypher, p).consume())

    def query_type(self, cypher: str) -> str:
        """``r``, ``rw``, ``w`` or ``s`` as reported by the server's EXPLAIN."""
        return self.explain(cypher).query_type

    def plan_operators(self, cypher: str, params: Params = None) -> list[str]:
        """The operators of the server's plan for a query (EXPLAIN: nothing runs), e.g. to
        check that it seeks by index instead of scanning a label."""

        def walk(plan: dict[str, Any]) -> list[str]:
            ops = [str(plan["operatorType"]).split("@")[0]]
            for child in plan.get("children", []):
                ops += walk(child)
            return ops

        return walk(self.explain(cypher, params).plan or {"operatorType": "?"})

    def entity_counts(self, agency: str | None = None) -> dict[str, int]:
        """Entity nodes per label and relationships per type (of one agency, or all)."""

        rows = self.read(cypher.text("count_nodes"), {"agency": agency})
        rows += self.read(cypher.text("count_relationships"), {"agency": agency})
        return {r["kind"]: r["count"] for r in rows}

    # -- facts for `civicfusion db status` ----------------------------------------------
    def server_facts(self) -> dict[str, Any]:
        def work(tx: ManagedTransaction) -> dict[str, Any]:
            comp = tx.run(
                "CALL dbms.components() YIELD name, versions, edition "
                "RETURN versions[0] AS version, edition"
            ).single()
            nodes = tx.run("MATCH (n) RETURN count(n) AS c").single()["c"]
            nodes -= tx.run(f"MATCH (n:{SCHEMA_MIGRATION_LABEL}) RETURN count(n) AS c").single()[
                "c"
            ]
            rels = tx.run("MATCH ()-[r]->() RETURN count(r) AS c").single()["c"]
            return {
                "version": comp["version"],
                "edition": comp["edition"],
                "nodes": nodes,
                "relationships": rels,
            }

        return self.execute_read(work)
