"""Faults an agency will meet: Neo4j killed in the middle of a load, Neo4j restarted while
investigators work. Against a Neo4j of this module's own (it is killed on purpose), so the
session's server is never touched."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.db import Graph
from graph.runtime import Neo4jRuntime
from graph.schema import init_schema
from settings import Settings
from synth.generator import generate


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, Neo4jRuntime]]:
    home = tmp_path_factory.mktemp("fault-neo4j")
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        home=home,
        neo4j_uri=f"bolt://127.0.0.1:{_free_port()}",
        neo4j_password="fault-test-password",
        neo4j_heap="512m",
        neo4j_pagecache="256m",
    )
    runtime = Neo4jRuntime(settings)
    runtime.start()
    with Graph(settings) as g:
        init_schema(g)
    try:
        yield settings, runtime
    finally:
        runtime.stop()


def env_for(settings: Settings, home: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("CIVICFUSION_")},
        "CIVICFUSION_NEO4J_URI": settings.neo4j_uri,
        "CIVICFUSION_NEO4J_USER": settings.neo4j_user,
        "CIVICFUSION_NEO4J_PASSWORD": settings.resolved_password() or "",
        "CIVICFUSION_HOME": str(home),
        "COLUMNS": "200",
    }


def wait_for_checkpoint(settings: Settings, agency: str, at_least: int) -> int:
    deadline = time.monotonic() + 120
    with Graph(settings) as g:
        while time.monotonic() < deadline:
            rows = g.read("MATCH (l:Load {agency: $a}) RETURN l.checkpoint AS c", {"a": agency})
            if rows and (rows[0]["c"] or 0) >= at_least:
                return rows[0]["c"]
            time.sleep(0.05)
    raise AssertionError("the load never got going")


def test_neo4j_killed_mid_load_then_restarted_resumes_without_loss_or_duplicates(
    own_server: tuple[Settings, Neo4jRuntime], tmp_path: Path
) -> None:
    settings, runtime = own_server
    generate(tmp_path / "d", agencies=3, people=4000, seed=4, records_per_person=3)
    path = tmp_path / "d" / "gtf_field_interviews.csv"
    total = sum(1 for _ in path.open()) - 1
    env = env_for(settings, tmp_path / "home")
    cmd = [sys.executable, "-m", "cli", "load", "csv", str(path),
           "--mapping", "field_interviews", "--batch-size", "100"]  # fmt: skip
    loader = subprocess.Popen(
        [*cmd, "--agency", "DOWN"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    checkpoint = wait_for_checkpoint(settings, "DOWN", 1000)
    os.kill(runtime.pid(), signal.SIGKILL)  # the database dies under the loader
    _, stderr = loader.communicate(timeout=180)
    assert loader.returncode != 0 and 0 < checkpoint < total
    assert "Traceback" not in stderr and "Neo4j" in stderr, stderr[-800:]

    runtime.start()  # recovery from the transaction log
    rerun = subprocess.run(
        [*cmd, "--agency", "DOWN"], env=env, capture_output=True, text=True, timeout=300
    )
    assert rerun.returncode == 0, rerun.stderr
    assert "(resumed)" in rerun.stdout
    reference = subprocess.run(
        [*cmd, "--agency", "REF"], env=env, capture_output=True, text=True, timeout=300
    )
    assert reference.returncode == 0, reference.stderr
    with Graph(settings) as g:
        assert g.entity_counts("DOWN") == g.entity_counts("REF")  # nothing lost, nothing twice
        [done] = g.read(
            "MATCH (l:Load {agency: 'DOWN'}) RETURN l.status AS s, l.records AS r, "
            "count(*) AS loads"
        )
    assert done == {"s": "completed", "r": total, "loads": 1}


def test_workbench_rides_out_a_neo4j_restart(
    own_server: tuple[Settings, Neo4jRuntime], tmp_path: Path
) -> None:
    from access.audit import verify
    from access.users import add_user
    from testkit.dash_request import callback_body
    from workbench.app import GRAPH_DOWN, create_app
    from workbench.services import services

    settings, runtime = own_server
    app = create_app(settings.model_copy(update={"home": tmp_path / "app"}))
    db = services().db
    add_user(db, "ivy", "investigator-pw-1", "analyst", ["*"])
    client = app.server.test_client()
    page = client.get("/login").data.decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": "ivy", "password": "investigator-pw-1",
                                "csrf_token": token})  # fmt: skip
    client.get("/")
    csrf = client.get_cookie("_csrf_token").value
    key = next(k for k in app.callback_map if "results-box" in k)
    entry = app.callback_map[key]

    def search(text: str) -> Any:
        values = {"search-go.n_clicks": 1, "search-text.value": text}
        body = callback_body(
            key, entry["inputs"], entry.get("state", []), values, "search-go.n_clicks"
        )
        return client.post("/_dash-update-component", json=body, headers={"X-CSRFToken": csrf})

    with Graph(settings) as g:
        g.write("CREATE (:Person {uid: 'R:p1', name: 'Rita Restart', agency: 'R', "
                "source_system: 't', source_record_id: 'r1'})")  # fmt: skip
    assert "Rita Restart" in search("Rita Restart").data.decode()
    db.save_chart("working:ivy", "ivy", {"elements": {}, "steps": [], "at": 0}, "t")

    runtime.stop()
    down = search("Rita Restart")
    text = down.data.decode()
    assert "Traceback" not in text and 'File "' not in text
    assert GRAPH_DOWN in text, (down.status_code, text[:300])  # a plain message

    runtime.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # no restart of the app: the driver reconnects
        r = search("Rita Restart")
        if "Rita Restart" in r.data.decode():
            break
        time.sleep(1)
    else:
        raise AssertionError("the workbench did not recover after Neo4j came back")
    assert db.load_chart("working:ivy", "ivy") is not None  # nothing the user saved is lost
    assert verify(db)[0]
