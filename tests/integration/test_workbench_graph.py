"""The investigator's questions against the real Neo4j (sample 3-agency data): search, expand,
paths, details, subject records, and what each chart action puts on the chart.
A user's cleared agencies bound every answer."""

from __future__ import annotations

import pytest

from charts import actions
from charts.chart import ChartState
from graph import explore
from graph.db import Graph
from graph.scope import NoClearance, Scope


def S(*codes: str) -> Scope:
    """The scope of a test user cleared for these agencies."""
    return Scope.cleared("test-user", codes)


ALL = S("MPD", "CSO", "GTF")


def test_search_tolerates_typos_and_respects_clearances(sample_graph: Graph, person: dict) -> None:
    first, family = person["name"].split(" ", 1)
    typo = f"{first} {family[:-1]}{'q' if family[-1] != 'q' else 'z'}"
    found = explore.search(sample_graph, typo, ALL)
    uids = [e.uid for e, _ in found]
    assert person["uid"] in uids and person["other"] in uids
    mpd_only = explore.search(sample_graph, person["name"], S("MPD"))
    assert mpd_only and {e.props["agency"] for e, _ in mpd_only} == {"MPD"}
    assert person["other"] not in {e.uid for e, _ in mpd_only}
    people = explore.search(sample_graph, person["name"], ALL, labels=["Location"])
    assert all(e.label == "Location" for e, _ in people)
    with pytest.raises(NoClearance):  # an empty clearance is no scope, never "no filter"
        explore.search(sample_graph, person["name"], S())
    with pytest.raises(TypeError):  # a plain list is not a scope
        explore.search(sample_graph, person["name"], ["MPD"])  # type: ignore[arg-type]


def test_expand_counts_filters_and_caps(sample_graph: Graph, person: dict) -> None:
    full = explore.expand(sample_graph, "Person", person["uid"], ALL)
    assert full.total == len(full.entities) == person["degree"]
    assert sum(full.by_type.values()) == full.total and "SAME_AS" in full.by_type
    capped = explore.expand(sample_graph, "Person", person["uid"], ALL, limit=2)
    assert capped.capped and len(capped.entities) == 2 and capped.total == full.total
    only = explore.expand(sample_graph, "Person", person["uid"], ALL, types=["INVOLVED_IN"])
    assert set(only.by_type) == {"INVOLVED_IN"}
    mpd = explore.expand(sample_graph, "Person", person["uid"], S("MPD"))
    # a shared phone or address has no agency: MPD's own links reach it
    assert {e.props["agency"] for e in mpd.entities if not e.props.get("shared")} == {"MPD"}
    assert {lk.props["agency"] for lk in mpd.links} == {"MPD"}
    assert person["other"] not in {e.uid for e in mpd.entities}
    dates = sorted(
        str(e.props.get("occurred_at"))[:10] for e in only.entities if e.props.get("occurred_at")
    )
    if len(dates) >= 2:  # a date window keeps what falls inside it
        window = explore.expand(
            sample_graph,
            "Person",
            person["uid"],
            ALL,
            types=["INVOLVED_IN"],
            since=dates[-1],
            until=dates[-1],
        )
        assert 1 <= window.total < only.total
    with pytest.raises(explore.Unknown):
        explore.expand(sample_graph, "Person) DETACH DELETE (n", person["uid"], ALL)
    with pytest.raises(explore.Unknown):
        explore.expand(sample_graph, "Person", person["uid"], ALL, types=["X]-() DELETE r//"])


def test_details_carry_provenance_and_stop_at_clearances(sample_graph: Graph, person: dict) -> None:
    info = explore.entity_details(sample_graph, "Person", person["uid"], ALL)
    assert info is not None
    p = info["props"]
    assert p["agency"] == "MPD" and p["source_system"] and p["source_record_id"] and p["load_id"]
    assert info["load"]["load_id"] == p["load_id"] and info["load"]["files"]
    assert explore.entity_details(sample_graph, "Person", person["uid"], S("CSO")) is None
    records = explore.subject_records(sample_graph, person["uid"], ALL)
    assert {person["uid"], person["other"]} <= {r["uid"] for r in records}
    only_mpd = explore.subject_records(sample_graph, person["uid"], S("MPD"))
    assert {r["agency"] for r in only_mpd} == {"MPD"}
    link = explore.expand(sample_graph, "Person", person["uid"], ALL).links[0]
    edge = explore.link_details(sample_graph, link.props["element_id"], ALL)
    assert edge is not None and edge["props"]["source_record_id"]


def test_chart_actions_add_expand_path_undo(sample_graph: Graph, person: dict) -> None:
    chart = ChartState()
    out = actions.add_entities(chart, sample_graph, ALL, [("Person", person["uid"])])
    assert chart.node_ids() == [person["uid"]] and out.audit == {"added": [person["uid"]]}
    out = actions.expand(chart, sample_graph, ALL, [person["uid"]], cap=1)
    left = person["degree"] - 1
    assert out.colour == "warning" and f"{left} more link(s)" in out.message
    assert "Expand again for the next 1" in out.message
    assert chart.elements[person["uid"]]["data"]["more"] == left
    out = actions.expand(chart, sample_graph, ALL, [person["uid"]], cap=1)  # the next one
    assert (
        len(chart.current.edges) == 2 and chart.elements[person["uid"]]["data"]["more"] == left - 1
    )
    out = actions.expand(chart, sample_graph, ALL, [person["uid"]])
    assert len(chart.node_ids()) == person["degree"] + 1
    assert out.audit["neighbours"] == person["degree"] and out.colour != "warning"
    assert chart.elements[person["uid"]]["data"]["more"] == 0
    # Two records on the chart, then the path between them.
    far = next(n for n in chart.node_ids() if chart.elements[n]["data"]["type"] == "Incident")
    chart.remove([far])
    before = len(chart.node_ids())
    chart2 = ChartState()
    actions.add_entities(chart2, sample_graph, ALL, [("Person", person["uid"])])
    actions.add_entities(chart2, sample_graph, ALL, [("Incident", far)])
    out = actions.find_paths(chart2, sample_graph, ALL, [person["uid"], far])
    assert out.colour == "success" and "1 hop" in out.message
    assert chart2.counts()["edges"] >= 1
    assert chart.undo() and len(chart.node_ids()) == before + 1


def test_adding_draws_links_to_what_is_already_charted(sample_graph: Graph, person: dict) -> None:
    chart = ChartState()
    actions.add_entities(chart, sample_graph, ALL, [("Person", person["uid"])])
    actions.add_entities(chart, sample_graph, ALL, [("Person", person["other"])])
    assert [e["data"]["type"] for e in chart.view() if "source" in e["data"]] == ["SAME_AS"]
    mpd_chart = ChartState()
    out = actions.add_entities(mpd_chart, sample_graph, S("MPD"), [("Person", person["other"])])
    assert mpd_chart.node_ids() == [] and out.colour == "warning"
