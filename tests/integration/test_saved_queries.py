"""The saved query library against the real Neo4j: every file is valid, read-only, filters by
$agencies, and answers its question on a fixture graph (tests/data/queries/fixture.cypher).
Agency B's records carry the canary CANARY-B; the caller is cleared for A and C only."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from graph import questions
from graph.db import Graph
from graph.questions import QueryError, Result
from graph.scope import Scope


def S(*codes: str) -> Scope:
    """The scope of a test user cleared for these agencies."""
    return Scope.cleared("test-user", codes)


CLEARED = S("A", "C")


def uids(r: Result) -> set[str]:
    return {e.uid for e in r.entities}


def col(r: Result, name: str) -> list[Any]:
    return [row[name] for row in r.rows]


# name -> (parameters, what the answer must be). One expectation per query.
EXPECTED: dict[str, tuple[dict[str, Any], Callable[[Result], bool]]] = {
    "co_offenders": (
        {"subject": "A:p1"},
        lambda r: uids(r) == {"A:p1", "A:i1", "A:p2", "A:i2", "A:p3"},
    ),
    "subject_timeline": (
        {"subject": "A:p1"},
        lambda r: (
            [(str(x["on"]), x["event"]) for x in r.rows]
            == [("2024-01-10", "incident"), ("2024-01-11", "arrest"), ("2024-02-10", "incident")]
        ),
    ),
    "arrested_together": ({}, lambda r: uids(r) == {"A:p1", "A:a1", "A:i1", "A:a2", "A:p2"}),
    "multi_agency_subjects": (
        {},
        lambda r: (
            [(x["subject"], sorted(x["agencies"]), x["records"]) for x in r.rows]
            == [("S-1", ["A", "C"], 2)]
        ),
    ),
    "shortest_path_subjects": (
        {"from_subject": "A:p4", "to_subject": "A:p3"},
        lambda r: uids(r) == {"A:p4", "A:p2", "A:p3"},
    ),
    "gang_members": (
        {"gang": "kings"},  # a part of the name, any case (an investigator types "pitkin")
        lambda r: uids(r) == {"A:g1", "A:p1", "A:p2", "A:p3", "A:p4"},
    ),
    "gang_bridges": (
        {"gang_a": "north", "gang_b": "SOUTH CREW"},
        lambda r: uids(r) == {"A:g1", "A:p1", "A:p2", "A:g2", "A:p3", "A:i1", "A:i2"},
    ),
    "gang_recent_activity": (
        {"gang": "North Kings", "since": "2024-01-01"},
        lambda r: (
            sorted(zip(col(r, "incident"), col(r, "member"), strict=True))
            == [("I-1", "Alan Ames"), ("I-1", "Bea Bell"), ("I-2", "Alan Ames")]
        ),
    ),
    "narcotics_near_location": (
        {"location": "A:l1", "radius_m": 500, "drug_type": "heroin"},
        lambda r: col(r, "incident") == ["I-2"],
    ),
    "repeat_narcotics_locations": ({}, lambda r: col(r, "address") == ["1 Main St"]),
    "drug_seizures_by_type": (
        {},
        lambda r: (
            sorted(zip(col(r, "drug"), col(r, "total_quantity"), strict=True))
            == [("Crack Cocaine", 10.0), ("Heroin", 5.0)]
        ),
    ),
    "shared_addresses": ({"subject": "A:p1"}, lambda r: uids(r) == {"A:p1", "A:l3", "A:p4"}),
    "location_history": (
        {"location": "A:l1"},
        lambda r: (
            col(r, "incident") == ["I-2", "I-1"]
            and sorted(r.rows[1]["people"]) == ["Alan Ames (suspect)", "Bea Bell (suspect)"]
        ),
    ),
    "shared_identifiers": (
        {},
        lambda r: uids(r) == {"email:dz@example.org", "A:p2", "A:p4"} and len(r.links) == 2,
    ),
    "shared_phones": ({}, lambda r: uids(r) == {"A:ph1", "A:p1", "A:p3"}),
    "phone_contacts": ({"subject": "A:p2"}, lambda r: uids(r) == {"A:p2", "A:p4", "A:p3"}),
    "shared_vehicles": ({}, lambda r: uids(r) == {"A:v1", "A:p2", "A:p4"}),
    "vehicles_in_incidents": (
        {},
        lambda r: [(x["plate"], x["incidents"]) for x in r.rows] == [("ABC123", 2)],
    ),
    "top_degree": (
        {"gang": "South Crew"},
        lambda r: [(x["name"], x["degree"]) for x in r.rows] == [("Bea Bell", 8), ("Cal Cruz", 5)],
    ),
    "brokers": (
        {},
        lambda r: (
            [(x["name"], x["unlinked_pairs"]) for x in r.rows] == [("Bea Bell", 1), ("Cal Cruz", 1)]
        ),
    ),
    "pending_matches": (
        {},
        lambda r: [(x["left_uid"], x["right_uid"]) for x in r.rows] == [("A:p3", "C:p3")],
    ),
    "records_missing_provenance": ({}, lambda r: col(r, "uid") == ["A:ph2"]),
    "intelligence_due_for_review": (
        {"due_by": "2025-06-01"},
        lambda r: col(r, "uid") == ["A:m1", "A:k1", "A:g1"],
    ),
}


@pytest.fixture(scope="module")
def fixture_graph(session_graph: Graph, case_graph: Callable[[Graph], Graph]) -> Graph:
    case_graph(session_graph)
    return session_graph


def test_the_library_has_twenty_or_more_queries_each_with_an_expectation() -> None:
    lib = questions.library()
    assert len(lib) >= 20
    assert set(lib) == set(EXPECTED)
    assert {q.category for q in lib.values()} == set(questions.CATEGORIES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_saved_query(fixture_graph: Graph, name: str) -> None:
    q = questions.get(name)
    assert questions.check_read_only(fixture_graph, q) == "r"
    params, expected = EXPECTED[name]
    result = questions.run(fixture_graph, name, params, CLEARED)
    assert result.rows, f"{name} returned nothing"
    assert expected(result), f"{name}: {json.dumps(result.rows, default=str)[:800]}"
    # need-to-know: nothing of agency B in rows, entities or links
    text = json.dumps(
        [result.rows, [e.props for e in result.entities], [k.props for k in result.links]],
        default=str,
    )
    assert "CANARY-B" not in text and '"B:' not in text
    if q.returns == "graph":
        assert result.entities and all(
            e.props.get("shared") or e.props["agency"] in CLEARED for e in result.entities
        )


def test_header_and_parameter_rules() -> None:
    header = (
        "// name: x\n// title: X\n// description: d\n// category: people\n"
        "// parameters:\n//   a: {type: integer, default: 1}\n// returns: table\n"
        "// revision: 1\n"
    )
    q = questions.parse(header + "MATCH (n) WHERE n.agency IN $agencies RETURN n LIMIT $a")
    assert q.bind({"a": "3"}) == {"a": 3}  # $agencies: bound from the scope by the guard
    with pytest.raises(QueryError, match="undeclared parameter"):
        questions.parse(
            header + "MATCH (n) WHERE n.agency IN $agencies AND n.x = $b RETURN n LIMIT $a"
        )
    with pytest.raises(QueryError, match="unused parameter"):
        questions.parse(header + "MATCH (n) WHERE n.agency IN $agencies RETURN n")
    with pytest.raises(QueryError, match=r"\$agencies"):
        questions.parse(header + "MATCH (n) RETURN n LIMIT $a")
    with pytest.raises(QueryError, match="category"):
        questions.parse(header.replace("people", "gossip") + "RETURN $agencies, $a")
    # a $name inside a string or a comment is not a parameter
    assert questions.used_parameters("RETURN '$x' AS s, $agencies // $y") == {"agencies"}
    with pytest.raises(QueryError, match="must be a integer"):
        q.bind({"a": "many"})


def test_a_writing_query_is_refused_by_explain(fixture_graph: Graph) -> None:
    text = (
        "// name: bad\n// title: B\n// description: d\n// category: people\n"
        "// parameters: {}\n// returns: table\n// revision: 1\n"
        "MATCH (n) WHERE n.agency IN $agencies SET n.x = 1 RETURN n"
    )
    with pytest.raises(QueryError, match="not read-only"):
        questions.check_read_only(fixture_graph, questions.parse(text))


def test_row_cap(fixture_graph: Graph) -> None:
    r = questions.run(fixture_graph, "records_missing_provenance", {}, S("A"), max_rows=0)
    assert r.truncated and r.rows == []


def test_command_line_runs_a_query_with_clearances_and_audits_it(
    fixture_graph: Graph, civicfusion: Any, tmp_path: Path
) -> None:
    from access import audit
    from access.appdb import AppDB
    from access.users import add_user

    db = AppDB(tmp_path / "app.db")
    add_user(db, "amy", "amy-long-password-1", "analyst", ["A", "C"])
    add_user(db, "ana", "ana-long-password-1", "analyst", ["A"])

    def cli(*args: str) -> Any:
        return civicfusion("query", *args)

    out = cli("run", "location_history", "-p", "location=A:l1", "--as", "amy", "--format", "csv")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "on,incident,offense,people,agency" and len(lines) == 3
    assert "{" not in out.stdout and len(list(csv.DictReader(io.StringIO(out.stdout)))) == 2
    assert "CANARY-B" not in out.stdout
    as_json = json.loads(
        cli(
            "run", "vehicles_in_incidents", "--as", "amy", "--agencies", "A", "--format", "json"
        ).stdout
    )
    assert [r["plate"] for r in as_json] == ["ABC123"]
    missing = cli("run", "co_offenders", "--as", "ana")
    assert missing.returncode == 1 and "parameter 'subject' is required" in missing.stderr
    # --agencies narrows a user's clearance, never widens it or stands in for a user
    wider = cli("run", "vehicles_in_incidents", "--as", "ana", "--agencies", "A,B")
    assert wider.returncode == 1 and "only narrow" in wider.stderr and "CANARY" not in wider.stdout
    nobody = cli("run", "vehicles_in_incidents", "--agencies", "B")
    assert nobody.returncode == 1 and "CANARY" not in nobody.stdout
    entries = audit.entries(AppDB(tmp_path / "app.db"), "query")
    assert [e["detail"]["query"] for e in entries][-1] == "location_history"
    assert {e["outcome"] for e in entries} == {"ok", "error"}


def test_csv_cells_that_look_like_formulas_are_neutralised() -> None:
    from exports.csvsafe import to_csv

    text = to_csv(["name"], [{"name": "=HYPERLINK(1)"}, {"name": "@SUM"}, {"name": "Ann"}])
    assert text.splitlines() == ["name", "'=HYPERLINK(1)", "'@SUM", "Ann"]


def test_a_subject_question_reads_every_record_of_the_subject(
    session_graph: Graph, case_graph: Callable[[Graph], Graph]
) -> None:
    """Co-offenders of Alan Ames (A:p1) include those agency C recorded with C's record of
    him (C:p1, same resolved subject S-1); "subject:S-1" (the resolved view) asks the same;
    a reader cleared for A only gets A's."""
    g = case_graph(session_graph)
    g.write(
        "MATCH (p1c:Person {uid: 'C:p1'}) "
        "CREATE (i:Incident {uid: 'C:i9', incident_number: 'C-9', agency: 'C', "
        "source_system: 'ndex', source_record_id: 'r-i9'}), "
        "(q:Person {uid: 'C:q9', name: 'Quinn Vale', agency: 'C', source_system: 'ndex', "
        "source_record_id: 'r-q9', cluster_id: 'S-9'}), "
        "(p1c)-[:INVOLVED_IN {agency: 'C', role: 'suspect'}]->(i), "
        "(q)-[:INVOLVED_IN {agency: 'C', role: 'suspect'}]->(i)"
    )
    for ref in ("A:p1", "subject:S-1"):
        found = questions.run(g, "co_offenders", {"subject": ref}, CLEARED)
        people = {e.uid for e in found.entities if e.label == "Person"}
        assert {"C:q9", "A:p2", "A:p3"} <= people and "B:pb" not in people, (ref, people)
        assert "CANARY-B" not in json.dumps([e.props for e in found.entities], default=str)
    only_a = questions.run(g, "co_offenders", {"subject": "A:p1"}, S("A"))
    assert "C:q9" not in {e.uid for e in only_a.entities}
    timeline = questions.run(g, "subject_timeline", {"subject": "subject:S-1"}, CLEARED)
    assert "C-9" in {r["reference"] for r in timeline.rows}
