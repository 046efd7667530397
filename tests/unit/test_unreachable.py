"""No server listening: one clear line, no stack trace (a real connection attempt, no mock)."""

from __future__ import annotations

import socket

import pytest
from typer.testing import CliRunner

from cli.main import app
from graph.db import Graph, GraphUnavailable
from settings import Settings


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # released on close: nothing listens there


def test_graph_unreachable_message() -> None:
    uri = f"bolt://127.0.0.1:{closed_port()}"
    s = Settings(_env_file=None, neo4j_uri=uri, neo4j_password="whatever-pw")  # type: ignore[call-arg]
    with Graph(s) as graph, pytest.raises(GraphUnavailable) as info:
        graph.verify()
    assert str(info.value) == (
        f'Neo4j is not reachable at {uri}: run "civicfusion db start" or set CIVICFUSION_NEO4J_URI'
    )
    with Graph(s) as graph, pytest.raises(GraphUnavailable):
        graph.read("RETURN 1")


def test_cli_prints_one_line_and_exits_1(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    uri = f"bolt://127.0.0.1:{closed_port()}"
    monkeypatch.setenv("CIVICFUSION_NEO4J_URI", uri)
    monkeypatch.setenv("CIVICFUSION_NEO4J_PASSWORD", "whatever-pw")
    monkeypatch.setenv("CIVICFUSION_HOME", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "200")
    from settings import get_settings

    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["db", "init"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert f"Neo4j is not reachable at {uri}" in result.output
    assert "Traceback" not in result.output
