"""28 CFR Part 23: intelligence due for review is listed, renewed with a reason, or purged
(record and relationships gone, the audit log lists what was purged)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from access import audit
from access.appdb import AppDB
from access.users import add_user
from charts import cases
from graph import retention
from graph.db import Graph


@pytest.fixture
def fixture_graph(graph: Graph, case_graph: Callable[[Graph], Graph]) -> Graph:
    case_graph(graph)
    return graph


def test_due_renew_and_purge(fixture_graph: Graph) -> None:
    g = fixture_graph
    due = retention.due(g, dt.date(2025, 6, 1))
    assert [r["uid"] for r in due] == ["A:m1", "A:k1", "A:g1"]
    assert retention.renew(g, ["A:k1"], "sgt.rev", "active investigation 24-113") == 1
    assert [r["uid"] for r in retention.due(g, dt.date(2025, 6, 1))] == ["A:m1", "A:g1"]
    with pytest.raises(ValueError, match="reason"):
        retention.renew(g, ["A:m1"], "sgt.rev", " ")
    gone = retention.purge(g, dt.date(2025, 6, 1))
    assert sorted(x["uid"] for x in gone) == ["A:g1", "A:m1"]
    assert g.read("MATCH (n {uid: 'A:g1'}) RETURN n") == []
    # the gang's other membership links went with it; the people stay
    assert g.read("MATCH (:Person)-[r:MEMBER_OF]->(:Gang {uid: 'A:g1'}) RETURN r") == []
    assert g.read("MATCH (p:Person {uid: 'A:p1'}) RETURN p.uid AS u") == [{"u": "A:p1"}]
    assert (
        g.read("MATCH ()-[r {uid: 'A:k1'}]->() RETURN r.reviewed_by AS who")[0]["who"] == "sgt.rev"
    )


def test_purge_command_leaves_an_audit_trace(
    fixture_graph: Graph, civicfusion: Any, tmp_path: Path
) -> None:
    def cli(*args: str) -> Any:
        return civicfusion("retention", *args)

    dry = cli("purge", "--before", "2025-06-01")
    assert dry.returncode == 0 and "would be purged" in dry.stdout
    assert fixture_graph.read("MATCH (n {uid: 'A:g1'}) RETURN count(n) AS c")[0]["c"] == 1
    db = AppDB(tmp_path / "app.db")
    add_user(db, "det", "Corr3ct-Horse-Battery!", "analyst", ["A"])
    held = {u: {"data": {"id": u, "agency": "A"}} for u in ("A:g1", "A:m1", "A:p1")}
    state = {"elements": held, "steps": [{"label": "x", "nodes": sorted(held)}], "at": 0}
    case_id = cases.save(db, "det", "C-9", "Crew", "", False, state, ["A"], {}, [])
    done = cli("purge", "--before", "2025-06-01", "--yes")
    assert done.returncode == 0, done.stderr
    case = cases.get(db, case_id, "det", ["A"])
    assert case is not None and case.state["steps"][0]["nodes"] == ["A:p1"]  # purged ones left
    entry = audit.entries(AppDB(tmp_path / "app.db"), "retention-purge")[0]
    assert {p["uid"] for p in entry["detail"]["purged"]} == {"A:g1", "A:m1", "A:k1"}
    assert json.dumps(entry).count("A:") == 3
    assert audit.verify(AppDB(tmp_path / "app.db"))[0]
