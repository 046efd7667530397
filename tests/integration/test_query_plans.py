"""The server's plans (EXPLAIN, nothing runs) for every question the workbench asks: they start
from an index (uid constraint, fulltext, element id), never from a scan of all nodes, and
scan a label only when the question is about everything of that kind (declared below)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from graph import cypher, questions
from graph.db import Graph


@pytest.fixture(scope="module")
def graph(session_graph: Graph, case_graph: Callable[[Graph], Graph]) -> Graph:
    """A small case graph, so that the planner has statistics to plan with."""
    case_graph(session_graph)
    return session_graph


AGENCIES = ["A", "B"]
# The investigator's questions: (statement, parameters)
EXPLORE = {
    "search": ("explore_search", {}, {"query": "smith~1", "labels": [], "limit": 50}),
    "entities": ("explore_nodes", {"label": "Person"}, {"uids": ["A:p1"]}),
    "expand": (
        "explore_expand",
        {"label": "Person"},
        {"uid": "A:p1", "types": [], "since": None, "until": None, "limit": 50},
    ),
    "links among": ("explore_links_among", {"label": "Person"}, {"uids": ["A:p1"], "chart": []}),
    "paths": (
        "explore_paths",
        {"start_label": "Person", "end_label": "Person", "max_hops": 6},
        {"a": "A:p1", "b": "A:p2"},
    ),
    "node details": ("explore_node_details", {"label": "Person"}, {"uid": "A:p1"}),
    "link details": ("explore_edge_details", {}, {"id": "5:x:1"}),
    "link provenance": ("explore_link_provenance", {}, {"ids": ["5:x:1"]}),
    "subject records": ("explore_subject_records", {}, {"uid": "A:p1"}),
    "case changes": (
        "explore_neighbour_links",
        {"label": "Person"},
        {"uids": ["A:p1"], "limit": 9},
    ),
    "who else uses this": (
        "explore_who_else",
        {"label": "Person"},
        {"uid": "A:p1", "limit": 25, "per": 50},
    ),
    "search an address in its USPS form": (
        "explore_search_exact",
        {"label": "Location", "property": "address"},
        {"value": "1 Main St", "limit": 50},
    ),
    "search an e-mail": (
        "explore_search_exact",
        {"label": "Person", "property": "email"},
        {"value": "a@example.com", "limit": 50},
    ),
    "search a social security number": (
        "explore_search_exact",
        {"label": "Person", "property": "ssn_hash"},
        {"value": "0" * 64, "limit": 50},
    ),
    "search a phone or plate": (
        "explore_search_exact",
        {"label": "Phone", "property": "number"},
        {"value": "+15550009", "limit": 50},
    ),
    "subject's records": (
        "subject_records",
        {},
        {"ref": "subject:S-1", "cluster": "S-1"},
    ),
    "shared identifier reached": (
        "guard_shared_reachable",
        {"label": "Phone"},
        {"uids": ["phone:+15550009"]},
    ),
}
# Saved queries that ask about everything of a kind (a ranking, a review list, a census):
# a label scan is the right plan for them.
WHOLE_LABEL = {
    "top_degree": "ranks every person",
    "brokers": "ranks every person",
    "multi_agency_subjects": "every subject with records at several agencies",
    "records_missing_provenance": "a data-quality census of every record",
    "intelligence_due_for_review": "every intelligence record's review date",
    "drug_seizures_by_type": "totals over every seizure",
    "repeat_narcotics_locations": "every place with repeated narcotics incidents",
    "pending_matches": "every pair waiting for review",
    "gang_bridges": "every person in two gangs",
    "gang_recent_activity": "every gang's recent incidents",
    "gang_members": "gangs are found by name (few nodes)",
    "shared_phones": "every phone used by two people",
    "shared_vehicles": "every vehicle linked to two people",
    "shared_identifiers": "every identifier linked to two people",
    "narcotics_near_location": "point distance has no index in Community",
}
SCANS = ("AllNodesScan", "NodeByLabelScan", "UnionNodeByLabelsScan")


@pytest.mark.parametrize("name", sorted(EXPLORE))
def test_workbench_questions_start_from_an_index(name: str, graph: Graph) -> None:
    stmt, identifiers, params = EXPLORE[name]
    text = cypher.render(stmt, **identifiers) if identifiers else cypher.text(stmt)
    ops = graph.plan_operators(text, {**params, "agencies": AGENCIES})
    assert not set(ops) & set(SCANS), (name, ops)
    assert any("Seek" in op or "ProcedureCall" in op for op in ops), (name, ops)


def test_a_local_number_is_matched_through_the_text_index(graph: Graph) -> None:
    text = cypher.render("explore_search_suffix", label="Phone", property="number")
    ops = graph.plan_operators(text, {"value": "5550009", "limit": 50, "agencies": AGENCIES})
    assert "NodeIndexEndsWithScan" in ops and not set(ops) & set(SCANS), ops


def test_saved_queries_scan_only_when_asking_about_everything(graph: Graph) -> None:
    scanning = {}
    for q in questions.library().values():
        params = {p.name: p.default if not p.required else _sample(p.type) for p in q.parameters}
        ops = graph.plan_operators(q.cypher, {**params, "agencies": AGENCIES})
        assert "AllNodesScan" not in ops, (q.name, ops)
        if any(op.endswith(("NodeByLabelScan", "NodeByLabelsScan")) for op in ops):
            scanning[q.name] = ops
    unexpected = sorted(set(scanning) - set(WHOLE_LABEL))
    assert not unexpected, {n: scanning[n] for n in unexpected}


def _sample(kind: str) -> object:
    # (a subject reaches the query as the uids of its records: graph/questions.py)
    samples = {"integer": 1, "float": 1.0, "boolean": True, "date": "2024-01-01"}
    return samples.get(kind, ["x"] if kind in ("subject", "strings") else "x")
