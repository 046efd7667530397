"""Case charts against the real graph: saved with history and layout, listed by case, shared
only with users cleared for every agency on them, and reopened showing what changed since
(new links highlighted; records another agency added stay invisible)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from access.appdb import AppDB
from access.users import add_user
from charts import actions, cases
from charts.chart import ChartState
from graph.db import Graph
from graph.scope import Scope


def S(*codes: str) -> Scope:
    """The scope of a test user cleared for these agencies."""
    return Scope.cleared("test-user", codes)


A = S("A")


@pytest.fixture
def graph(session_graph: Graph, case_graph: Callable[[Graph], Graph]) -> Graph:
    case_graph(session_graph)
    return session_graph


@pytest.fixture
def db(tmp_path: Path) -> AppDB:
    db = AppDB(tmp_path / "app.db")
    for name, agencies in (("ana", ["A"]), ("amy", ["A", "C"]), ("bob", ["B"]), ("cal", ["C"])):
        add_user(db, name, f"{name}-long-password-1", "analyst", agencies)
    return db


def charted(graph: Graph, agencies: Scope = A) -> ChartState:
    chart = ChartState()
    actions.add_entities(chart, graph, agencies, [("Person", "A:p1")])
    actions.expand(chart, graph, agencies, ["A:p1"])
    return chart


def save(db: AppDB, graph: Graph, chart: ChartState, owner: str = "ana", **kw) -> int:  # type: ignore[no-untyped-def]
    return cases.save(
        db,
        owner,
        kw.get("case", "2026-0042"),
        kw.get("title", "Ames network"),
        "notes",
        kw.get("shared", False),
        chart.to_dict(),
        actions.chart_agencies(chart),
        {n: (1.0, 2.0) for n in chart.node_ids()},
        actions.known_links(chart, graph, A),
    )


def test_saved_chart_keeps_history_layout_and_is_replaced_by_title(graph: Graph, db: AppDB) -> None:
    chart = charted(graph)
    case_id = save(db, graph, chart)
    got = cases.get(db, case_id, "ana", A)
    assert got is not None and got.agencies == ["A"]
    again = ChartState.from_dict(got.state)
    assert [s.label for s in again.steps] == [s.label for s in chart.steps]  # full history
    assert again.undo() and again.node_ids() == ["A:p1"]  # replayable
    assert set(got.positions) == set(chart.node_ids())
    assert "A:r1" in got.known_links  # the links it knew about
    chart.clear()
    assert save(db, graph, chart) == case_id  # same case + title: saved over
    assert save(db, graph, chart, title="Other") != case_id
    assert [c.title for c in cases.listing(db, "ana", A, "0042")] == ["Other", "Ames network"]
    assert cases.listing(db, "ana", A, "9999") == []
    with pytest.raises(ValueError, match="case number and a title"):
        save(db, graph, chart, case=" ")


def test_sharing_follows_clearances(graph: Graph, db: AppDB) -> None:
    chart = charted(graph, S("A", "C"))
    assert actions.chart_agencies(chart) == ["A", "C"]
    private = save(db, graph, chart, owner="amy", title="private")
    shared = save(db, graph, chart, owner="amy", title="shared", shared=True)
    # ana (A only) is not cleared for C: she does not learn the shared chart exists
    assert cases.listing(db, "ana", S("A")) == [] and cases.get(db, shared, "ana", S("A")) is None
    add_user(db, "ace", "ace-long-password-1", "analyst", ["A", "C"])
    assert [c.id for c in cases.listing(db, "ace", S("A", "C"))] == [shared]
    assert cases.get(db, private, "ace", S("A", "C")) is None
    # only the owner shares, unshares and deletes
    assert not cases.set_shared(db, shared, "ace", False)
    assert not cases.delete(db, shared, "ace")
    assert cases.set_shared(db, shared, "amy", False)
    assert cases.listing(db, "ace", S("A", "C")) == []
    assert cases.delete(db, private, "amy") and cases.get(db, private, "amy", S("A", "C")) is None


def test_reopened_chart_shows_what_changed(graph: Graph, db: AppDB) -> None:
    chart = charted(graph)
    case_id = save(db, graph, chart)
    nothing = actions.what_changed(
        ChartState.from_dict(chart.to_dict()), graph, A, chart_known(db, case_id), "2026-01-01"
    )
    assert nothing.message.startswith("Nothing new")
    # new records arrive: one of agency A at the subject, one of agency B (not cleared)
    graph.write(
        "MATCH (p:Person {uid: 'A:p1'}) "
        "CREATE (p)-[:USES {uid: 'A:new-use', agency: 'A'}]->(:Phone {uid: 'A:ph9', "
        "number: '+15559999', agency: 'A', source_system: 'rms', source_record_id: 'r-ph9'}), "
        "(p)<-[:ASSOCIATED_WITH {uid: 'B:new', agency: 'B'}]-(:Vehicle {uid: 'B:v9', "
        "plate: 'CANARY-B', agency: 'B', source_system: 'rms', source_record_id: 'CANARY-B'})"
    )
    reopened = ChartState.from_dict(cases.get(db, case_id, "ana", A).state)
    steps = len(reopened.steps)
    out = actions.what_changed(reopened, graph, A, chart_known(db, case_id), "2026-11-27T10:00")
    assert out.colour == "success" and "1 new link(s) and 1 new item(s)" in out.message
    assert len(reopened.steps) == steps + 1 and reopened.current.label.startswith("Changed since")
    assert set(reopened.current.highlight) == {"A:ph9", "A:new-use"}
    view = reopened.view({"A"})
    assert "A:ph9" in {e["data"]["id"] for e in view}
    assert "CANARY-B" not in str(view) and "B:v9" not in str(reopened.to_dict())
    assert reopened.undo() and "A:ph9" not in reopened.node_ids()  # the saved chart is a step back


def test_a_purged_record_is_counted_not_hidden(graph: Graph, db: AppDB) -> None:
    chart = charted(graph)
    case_id = save(db, graph, chart)
    graph.write("MATCH (i:Incident {uid: 'A:i2'}) DETACH DELETE i")
    out = actions.what_changed(
        ChartState.from_dict(chart.to_dict()), graph, A, chart_known(db, case_id), "2026-01-01"
    )
    assert "1 charted record(s) are no longer in the graph" in out.message


def chart_known(db: AppDB, case_id: int) -> list[str]:
    return cases.get(db, case_id, "ana", A).known_links
