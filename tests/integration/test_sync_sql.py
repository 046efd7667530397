"""Live RMS sync against a real PostgreSQL (and SQLite through the same code): first sync,
inserts, corrections, deletions, sealings and tombstones between passes, each pass compared
with the graph a fresh sync of the final RMS gives; the same pass twice changes nothing; a
bad row is quarantined and the pass goes on; the database unreachable gives one line and
the next pass catches up; removals leave case charts and are audited with their reason."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import create_engine, text

from access import audit
from access.appdb import AppDB
from access.users import add_user
from charts import cases
from graph.db import Graph
from settings import Settings
from sources.spec import parse
from sources.sync import run_pass
from testkit.rms import SOURCE, TestRMS

# properties that say when and by which pass something was written, not what it is
VOLATILE = {"load_id", "first_seen", "last_seen", "er_run_id", "cluster_id"}


def snapshot(graph: Graph) -> tuple[dict[str, Any], dict[str, Any]]:
    """Every case-data node and relationship, by uid, with what it says."""
    nodes = graph.read(
        "MATCH (n) WHERE NOT n:Load AND NOT n:Agency AND NOT n:SchemaMigration "
        "RETURN n.uid AS uid, labels(n) AS labels, properties(n) AS p"
    )
    rels = graph.read(
        "MATCH (a)-[r]->(b) WHERE type(r) <> 'SAME_AS' "
        "RETURN r.uid AS uid, type(r) AS type, a.uid AS s, b.uid AS e, properties(r) AS p"
    )

    def clean(p: dict[str, Any], drop: set[str]) -> dict[str, str]:
        return {k: str(v) for k, v in p.items() if k not in drop}

    return (
        {
            n["uid"]: (sorted(n["labels"]), clean(n["p"], VOLATILE | {"source_record_id"}))
            for n in nodes
        },
        {r["uid"]: (r["type"], r["s"], r["e"], clean(r["p"], VOLATILE)) for r in rels},
    )


def spec_for(tmp_path: Path, url: str, **changes: Any) -> Any:
    """The shipped source file with its URL (and any changes) for this test."""
    doc = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    doc["database"] = {"url": url} if "@" not in url else {"url_env": "TEST_RMS_URL"}
    doc["feeds"]["persons"]["compare"]["every"] = 0  # compare on every pass here
    doc.update(changes)
    path = tmp_path / "metro-rms.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return parse(path)


def fresh(graph: Graph, settings: Settings, spec: Any) -> tuple[dict, dict]:
    """The expected graph: a first sync of the RMS as it is now, into an empty graph."""
    graph.write("MATCH (n) WHERE NOT n:SchemaMigration DETACH DELETE n")
    p = run_pass(graph, settings, spec, resolve_people=False)
    assert p.status == "completed", p.error
    return snapshot(graph)


def person_uid(pid: int) -> str:
    return f"MPD:rms:person:{pid}"


@pytest.fixture
def pg_rms(postgres: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    eng = create_engine(postgres.url(), isolation_level="AUTOCOMMIT")
    with eng.connect() as con:
        con.execute(text("DROP DATABASE IF EXISTS rms"))
        con.execute(text("CREATE DATABASE rms"))
    eng.dispose()
    url = postgres.url("rms")
    monkeypatch.setenv("TEST_RMS_URL", url)
    rms = TestRMS(url)
    rms.create()
    yield rms
    rms.close()


def test_postgres_rms_sync_follows_every_change(
    graph: Graph, home_settings: Settings, pg_rms: TestRMS, postgres: Any, tmp_path: Path
) -> None:
    rms, settings = pg_rms, home_settings
    seeded = rms.seed(120, seed=3)
    rms.update("persons", 8, moniker="Shorty")
    spec = spec_for(tmp_path, postgres.url("rms"))
    first = run_pass(graph, settings, spec, resolve_people=False)
    assert first.status == "completed", first.error
    assert graph.read("MATCH (p:Person {agency: 'MPD'}) RETURN count(p) AS c")[0]["c"] == 120
    assert (
        graph.read("MATCH ()-[r:INVOLVED_IN]->() RETURN count(r) AS c")[0]["c"]
        == (seeded["involvements"])
    )
    db = AppDB(settings.app_db_path)
    # a case chart holding person 5 and person 6 with their link
    elements = {
        person_uid(n): {"data": {"id": person_uid(n), "agency": "MPD", "type": "Person"}}
        for n in (5, 6)
    }
    elements["k"] = {
        "data": {"id": "k", "source": person_uid(5), "target": person_uid(6), "agency": "MPD"}
    }
    state = {
        "elements": elements,
        "steps": [{"label": "x", "nodes": [person_uid(5), person_uid(6)], "edges": ["k"]}],
        "at": 0,
    }
    add_user(db, "det", "Corr3ct-Horse-Battery!", "analyst", ["MPD"])
    case_id = cases.save(db, "det", "C-1", "Crew", "", False, state, ["MPD"], {}, [])
    db.save_chart("working:det", "det", state, "2026-01-01T00:00:00Z")  # the open chart

    # -- the RMS changes between passes --------------------------------------------------
    new_pid = rms.insert(
        "persons",
        [
            {
                "first_name": "Nadia",
                "last_name": "Okafor",
                "dob": "1991-02-03",
                "sex": "F",
                "status": "ACTIVE",
                "address_id": 1,
            }
        ],
    )[0]
    rms.insert("phones", [{"person_id": new_pid, "number": "2125550199", "deleted": 0}])
    rms.insert(
        "involvements", [{"incident_id": 1, "person_id": new_pid, "role": "Suspect", "deleted": 0}]
    )
    rms.update("persons", 2, last_name="Garcia-Lopez", dob="1984-07-09")  # corrections
    rms.update("phones", 3, deleted=1)  # a phone record deleted
    rms.update("persons", 8, moniker=None)  # a field emptied
    rms.update("persons", 5, status="SEALED", status_reason="court order 24-117")
    arrest = rms.count("arrests") and 1
    rms.update("arrests", arrest, sealed=1)
    rms.delete("incidents", 4, reason="entered in error")  # a hard delete with a tombstone
    rms.delete("persons", 7)  # a hard delete without one: the full comparison finds it
    bad = rms.insert(
        "persons",
        [{"first_name": "Bad", "last_name": "Date", "dob": "2019-02-30", "status": "ACTIVE"}],
    )[0]
    rms.insert("phones", [{"person_id": 1, "number": "", "deleted": 0}])  # missing key

    second = run_pass(graph, settings, spec, resolve_people=False)
    assert second.status == "completed", second.error
    got = snapshot(graph)
    nodes, rels = got
    p2 = nodes[person_uid(2)][1]
    assert p2["family_name"] == "Garcia-Lopez" and p2["dob"] == "1984-07-09"
    assert nodes[person_uid(new_pid)][1]["name"] == "Nadia Okafor"
    assert "moniker" not in nodes[person_uid(8)][1]
    for gone in (
        person_uid(5),
        person_uid(7),
        "MPD:rms:incident:4",
        f"MPD:rms:arrest:{arrest}",
        person_uid(bad),
    ):
        assert gone not in nodes, gone
    assert not [r for r in rels.values() if person_uid(5) in (r[1], r[2])]
    # quarantine: the impossible date and the phone without a number, the pass went on
    report = Path(second.quarantine_file or "").read_text(encoding="utf-8")
    assert f"persons/{bad}" in report and "dob" in report and "missing key of phone" in report
    # removals audited with the source's reason; the sealed person left the case chart
    reasons = {
        rec["record"]: rec["reason"]
        for e in audit.entries(db, "sync-remove")
        for rec in e["detail"]["records"]
    }
    assert reasons["persons/5"] == "sealed: court order 24-117"
    assert reasons["incidents/4"] == "entered in error"
    assert reasons["persons/7"].startswith("deleted: no longer in the source")
    case = cases.get(db, case_id, "det", ["MPD"])
    assert case is not None
    assert person_uid(5) not in case.state["elements"] and "k" not in case.state["elements"]
    assert case.state["steps"][0]["nodes"] == [person_uid(6)]
    working = db.load_chart("working:det", "det") or {}
    assert set(working["elements"]) == {person_uid(6)}

    # the graph is the one a fresh sync of the RMS as it is now gives
    assert got == fresh(graph, settings, spec)

    # the same pass twice changes nothing
    third = run_pass(graph, settings, spec, resolve_people=False)
    assert (third.records, third.removed) == (0, 0)
    assert snapshot(graph) == got


def test_unreachable_database_one_line_then_catches_up(
    graph: Graph, home_settings: Settings, pg_rms: TestRMS, postgres: Any, tmp_path: Path
) -> None:
    pg_rms.seed(20, seed=5)
    spec = spec_for(tmp_path, postgres.url("rms"))
    assert run_pass(graph, home_settings, spec, resolve_people=False).status == "completed"
    postgres.pause()
    try:
        down = run_pass(graph, home_settings, spec, resolve_people=False)
    finally:
        postgres.resume()
    assert down.status == "failed"
    assert "metro-rms" in down.error and "\n" not in down.error
    assert postgres.password not in down.error and "***" in down.error
    pg_rms.update("persons", 3, first_name="Renamed")
    back = run_pass(graph, home_settings, spec, resolve_people=False)
    assert back.status == "completed" and back.records >= 1
    name = graph.read("MATCH (p:Person {uid: $u}) RETURN p.given_name AS n", {"u": person_uid(3)})
    assert name[0]["n"] == "Renamed"


def test_sqlite_through_the_same_code(
    graph: Graph, home_settings: Settings, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'rms.db'}"
    rms = TestRMS(url)
    rms.create()
    rms.seed(40, seed=9)
    spec = spec_for(tmp_path, url)
    assert run_pass(graph, home_settings, spec, resolve_people=False).status == "completed"
    rms.update("persons", 1, first_name="Corrected")
    rms.update("involvements", 2, deleted=1)
    rms.update("incidents", 3, status="EXPUNGED")
    rms.close()
    p = run_pass(graph, home_settings, spec, resolve_people=False)
    assert p.status == "completed" and p.removed >= 2, p
    got = snapshot(graph)
    assert got[0][person_uid(1)][1]["given_name"] == "Corrected"
    assert "MPD:rms:incident:3" not in got[0]
    assert got == fresh(graph, home_settings, spec)
    assert sqlite3.connect(tmp_path / "rms.db").execute("SELECT 1").fetchone() == (1,)


def test_killed_pass_resumes_to_the_exact_graph(
    graph: Graph,
    home_settings: Settings,
    pg_rms: TestRMS,
    postgres: Any,
    tmp_path: Path,
    neo4j_settings: Settings,
) -> None:
    """kill -9 of `civicfusion sync run` mid-pass; the next run starts from the last committed
    batch and the graph is exactly the one a fresh sync gives."""
    pg_rms.seed(3000, seed=11)
    spec = spec_for(tmp_path, postgres.url("rms"), batch_size=100)
    home = tmp_path / "cli-home"
    env = {
        **os.environ,
        "CIVICFUSION_HOME": str(home),
        "CIVICFUSION_NEO4J_URI": neo4j_settings.neo4j_uri,
        "CIVICFUSION_NEO4J_PASSWORD": neo4j_settings.resolved_password() or "",
        "CIVICFUSION_IDENTIFIER_KEY": home_settings.resolved_identifier_key().decode(),
    }
    cli = [sys.executable, "-m", "cli"]
    added = subprocess.run(
        [*cli, "sources", "add", str(spec.path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert added.returncode == 0, added.stderr
    proc = subprocess.Popen(
        [*cli, "sync", "run", "metro-rms", "--no-resolve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    committed = 0
    while time.monotonic() < deadline and proc.poll() is None:
        rows = graph.read("MATCH (l:Load {source: 'metro-rms'}) RETURN l.records AS n")
        committed = rows[0]["n"] if rows else 0
        if committed >= 1500:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the pass ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    [killed] = graph.read("MATCH (l:Load {source: 'metro-rms'}) RETURN l {.*} AS l")
    assert killed["l"]["status"] == "running" and killed["l"]["records"] > 0
    again = subprocess.run(
        [*cli, "sync", "run", "metro-rms", "--no-resolve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stdout + again.stderr
    statuses = graph.read(
        "MATCH (l:Load {source: 'metro-rms'}) RETURN l.status AS s ORDER BY l.started_at"
    )
    assert [r["s"] for r in statuses] == ["interrupted", "completed"]
    status = subprocess.run(
        [*cli, "sync", "status"],
        env={**env, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "completed" in status.stdout and "persons" in status.stdout
    assert postgres.password not in status.stdout
    got = snapshot(graph)
    assert got == fresh(graph, home_settings, spec)


def test_source_files_never_hold_credentials(
    civicfusion: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "240")  # tables unwrapped
    doc = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    doc["database"] = {"url": "postgresql+psycopg://sync:hunter2@rms-host/rms"}
    (tmp_path / "pw.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    refused = civicfusion("sources", "add", str(tmp_path / "pw.yaml"))
    assert refused.returncode == 1 and "holds a password" in refused.stderr
    url_file = tmp_path / "rms.url"
    url_file.write_text("postgresql+psycopg://sync:hunter2@rms-host/rms\n")
    url_file.chmod(0o644)
    doc["database"] = {"url_file": str(url_file)}
    (tmp_path / "file.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    assert civicfusion("sources", "add", str(tmp_path / "file.yaml")).returncode == 0
    shown = civicfusion("sources", "show", "metro-rms")
    assert "readable by others" in " ".join(shown.stdout.split())  # said, never used
    url_file.chmod(0o600)
    listed = civicfusion("sources", "list")
    shown = civicfusion("sources", "show", "metro-rms")
    assert "rms-host" in listed.stdout and "***" in listed.stdout
    assert "hunter2" not in listed.stdout + shown.stdout
    stored = tmp_path / "sources" / "metro-rms.yaml"
    assert oct(stored.stat().st_mode & 0o777) == "0o600"
    doc["feeds"]["persons"]["entities"]["person"]["label"] = "Suspect"
    (tmp_path / "bad.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    bad = civicfusion("sources", "add", str(tmp_path / "bad.yaml"), "--replace")
    assert bad.returncode == 1
    assert "feeds.persons.entities.person.label" in bad.stderr and "Suspect" in bad.stderr
    assert civicfusion("sources", "remove", "metro-rms").returncode == 0
    assert not stored.exists()


def test_incremental_resolution_keeps_subjects_and_sealing_leaves_no_trace(
    graph: Graph, home_settings: Settings, pg_rms: TestRMS, postgres: Any, tmp_path: Path
) -> None:
    pg_rms.seed(300, seed=21, common_names=True)  # namesakes enough to train on
    spec = spec_for(tmp_path, postgres.url("rms"))
    first = run_pass(graph, home_settings, spec)
    assert first.status == "completed" and "subjects" in first.resolved, first.resolved

    def subjects() -> dict[str, str]:
        rows = graph.read("MATCH (p:Person) RETURN p.uid AS u, p.cluster_id AS c")
        return {r["u"]: r["c"] for r in rows}

    before = subjects()
    with pg_rms.engine.connect() as con:
        p10 = dict(con.execute(text("SELECT * FROM persons WHERE person_id = 10")).mappings().one())
        phone = con.execute(text("SELECT number FROM phones WHERE person_id = 10")).scalar()
    dup = pg_rms.insert(
        "persons",
        [{k: p10[k] for k in ("first_name", "last_name", "dob", "sex", "address_id", "status")}],
    )[0]
    pg_rms.insert("phones", [{"person_id": dup, "number": phone, "deleted": 0}])
    second = run_pass(graph, home_settings, spec)
    assert second.status == "completed" and second.people >= 1, second
    after = subjects()
    assert after[person_uid(dup)] == after[person_uid(10)] == before[person_uid(10)]
    assert {u: c for u, c in after.items() if u in before} == before  # nobody else moved
    pg_rms.update("persons", dup, status="EXPUNGED", status_reason="court order")
    third = run_pass(graph, home_settings, spec)
    assert third.status == "completed" and third.removed >= 1
    final = subjects()
    assert person_uid(dup) not in final and final[person_uid(10)] == before[person_uid(10)]
    mark = f":person:{dup}"
    everything = graph.read(
        "MATCH (n) RETURN properties(n) AS p UNION ALL MATCH ()-[r]->() RETURN properties(r) AS p"
    )
    assert not [r for r in everything if mark in str(r["p"])]  # no node, property or link names it


def test_worker_runs_each_registered_source_on_its_interval(
    graph: Graph, home_settings: Settings, tmp_path: Path
) -> None:
    from sources import registry
    from sources.worker import Worker

    url = f"sqlite:///{tmp_path / 'rms.db'}"
    rms = TestRMS(url)
    rms.create()
    rms.seed(10, seed=2)
    registry.add(home_settings, spec_for(tmp_path, url, interval=3600).path)
    reported: list[Any] = []
    worker = Worker(graph, home_settings, reported.append)
    worker.run(passes=1)
    assert [p.status for p in reported] == ["completed"] and reported[0].records > 0
    assert worker.tick() == 60.0  # not due for an hour: nothing run, the registry re-read in 60 s
    assert len(reported) == 1
    rms.close()
