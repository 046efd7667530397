"""Shared fixtures. ONE real Neo4j per test session (started by the project's own runtime),
or the server named by CIVICFUSION_TEST_NEO4J_URI; every graph test starts from a clean graph.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from graph.db import Graph
from graph.model import SCHEMA_MIGRATION_LABEL
from graph.runtime import Neo4jRuntime
from graph.schema import init_schema
from settings import Settings
from testkit.cli import run_in_home

# Starts with "-" on purpose: neo4j-admin once read such a password as an option.
TEST_PASSWORD = "-civicfusion-test-pw"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def free_port() -> Callable[[], int]:
    """A function returning a TCP port free on 127.0.0.1."""
    return _free_port


def local_settings(home: Path, port: int, **extra: object) -> Settings:
    """Settings for a throw-away local server: small memory, own home, own port."""
    values: dict[str, object] = {
        "home": home,
        "neo4j_uri": f"bolt://127.0.0.1:{port}",
        "neo4j_password": TEST_PASSWORD,
        "neo4j_heap": "512m",
        "neo4j_pagecache": "256m",
        **extra,
    }
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "integration" in item.path.parts:
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings pointing at the session's real Neo4j server."""
    uri = os.environ.get("CIVICFUSION_TEST_NEO4J_URI")
    if uri:
        yield Settings(
            _env_file=None,  # type: ignore[call-arg]
            neo4j_uri=uri,
            neo4j_user=os.environ.get("CIVICFUSION_TEST_NEO4J_USER", "neo4j"),
            neo4j_password=os.environ.get("CIVICFUSION_TEST_NEO4J_PASSWORD", TEST_PASSWORD),
        )
        return
    settings = local_settings(tmp_path_factory.mktemp("civicfusion-home"), _free_port())
    runtime = Neo4jRuntime(settings)
    runtime.start()
    try:
        yield settings
    finally:
        runtime.stop()


@pytest.fixture(scope="session")
def session_graph(neo4j_settings: Settings) -> Iterator[Graph]:
    graph = Graph(neo4j_settings)
    graph.verify()
    init_schema(graph)
    yield graph
    graph.close()


# The module whose module-scoped sample graph is loaded now: wiping it under that module's
# other tests would corrupt their data, so the fixtures that wipe refuse while it is held
# (a guard, not a convention: neomodel's fixtures do the same).
HELD: dict[str, str] = {}


def wipe(graph: Graph) -> None:
    if HELD:
        raise RuntimeError(
            f"the sample graph of {HELD['module']} is loaded for its whole module: a test "
            "that empties the graph belongs in another module"
        )
    graph.write(f"MATCH (n) WHERE NOT n:{SCHEMA_MIGRATION_LABEL} DETACH DELETE n")


@pytest.fixture
def graph(session_graph: Graph) -> Graph:
    """The session's Graph, emptied of case data (schema and its version kept)."""
    wipe(session_graph)
    return session_graph


SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def case_graph() -> Callable[[Graph], Graph]:
    """case_graph(graph): the graph emptied and the small case graph of
    tests/data/queries/fixture.cypher loaded (agencies, people, a gang, incidents)."""
    fixture = Path(__file__).parent / "data" / "queries" / "fixture.cypher"

    def load(graph: Graph) -> Graph:
        wipe(graph)
        graph.write(fixture.read_text(encoding="utf-8"))
        return graph

    return load


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data (real public samples), used in place."""
    if not SHARED_DATA.is_dir():
        raise RuntimeError(f"{SHARED_DATA} is missing: the tests use the shared sample data")
    return SHARED_DATA


@pytest.fixture
def home_settings(neo4j_settings: Settings, tmp_path: Path) -> Settings:
    """The test server's settings with a fresh home but the test graph's identifier key (one
    graph, one key: a load under another key would hash numbers the search cannot find)."""
    key = neo4j_settings.resolved_identifier_key().decode("utf-8")
    return neo4j_settings.model_copy(
        update={"home": tmp_path / "home", "identifier_key": SecretStr(key)}
    )


@pytest.fixture
def load(graph: Graph, home_settings: Settings):  # type: ignore[no-untyped-def]
    """load(format, *paths, agency=..., **options) -> LoadSummary, into the clean test graph."""
    from loaders.pipeline import LoadRequest, run_load

    settings = home_settings

    def run(
        fmt: str,
        *paths: Path,
        agency: str = "TEST",
        source_system: str | None = None,
        batch_size: int = 500,
        **options: object,
    ):  # type: ignore[no-untyped-def]
        req = LoadRequest(
            format=fmt,
            paths=list(paths),
            agency=agency,
            source_system=source_system,
            options=dict(options),
            batch_size=batch_size,
        )
        return run_load(graph, settings, req)

    return run


def count(graph: Graph, pattern: str, **params: object) -> int:
    """Rows matching a MATCH pattern, e.g. count(g, "(n:Person {agency: $a})", a="HPD")."""
    return graph.read(f"MATCH {pattern} RETURN count(*) AS c", params)[0]["c"]


@pytest.fixture
def counter(graph: Graph):  # type: ignore[no-untyped-def]
    return lambda pattern, **params: count(graph, pattern, **params)


@pytest.fixture(scope="module")
def sample_graph(
    session_graph: Graph,
    neo4j_settings: Settings,
    tmp_path_factory: pytest.TempPathFactory,
    request: pytest.FixtureRequest,
) -> Iterator[Graph]:
    """The graph holding a small synthetic 3-agency case load (seeded) with entity resolution
    run: the same data for a whole test module (tests in it must not wipe the graph)."""
    from cli.load import manifest_requests
    from loaders.pipeline import run_load
    from resolve.engine import resolve
    from synth.generator import generate

    wipe(session_graph)
    out = tmp_path_factory.mktemp("sample-data")
    generate(out, agencies=3, people=300, seed=11)
    settings = neo4j_settings.model_copy(update={"home": out / "home"})
    for req in manifest_requests([out / "manifest.json"], batch_size=1000):
        run_load(session_graph, settings, req)
    resolve(session_graph)
    HELD["module"] = request.module.__name__
    try:
        yield session_graph
    finally:
        HELD.clear()


@pytest.fixture
def civicfusion(neo4j_settings: Settings, tmp_path: Path):  # type: ignore[no-untyped-def]
    """civicfusion(*args) -> CompletedProcess: the real command, against the test Neo4j, with
    its home (app database, audit log) in tmp_path."""
    env = {
        "CIVICFUSION_NEO4J_URI": neo4j_settings.neo4j_uri,
        "CIVICFUSION_NEO4J_USER": neo4j_settings.neo4j_user,
        "CIVICFUSION_NEO4J_PASSWORD": neo4j_settings.resolved_password() or "",
    }

    def run(*args: str):  # type: ignore[no-untyped-def]
        return run_in_home(tmp_path, *args, env=env, timeout=180, columns=None)

    return run


@pytest.fixture(scope="module")
def person(sample_graph: Graph) -> dict:
    """An MPD person of the sample graph with a handful of neighbours and a record at another
    agency (so a resolved subject)."""
    return sample_graph.read(
        "MATCH (p:Person {agency: 'MPD'})-[r]-(m) WHERE NOT m:Agency "
        "WITH p, count(r) AS degree WHERE degree >= 4 "
        "MATCH (p)-[:SAME_AS {status: 'auto'}]-(o:Person) WHERE o.agency <> 'MPD' "
        "RETURN p.uid AS uid, p.name AS name, degree, o.uid AS other, o.agency AS other_agency "
        "ORDER BY degree DESC, uid LIMIT 1"
    )[0]


@pytest.fixture(scope="session")
def postgres() -> Iterator[object]:
    """A real PostgreSQL server (Debian's packages) on a free loopback port for the session,
    in a temporary directory, with a password user (testkit.postgres)."""
    from testkit.postgres import PostgresServer

    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.stop()
