"""No social security number in clear in the graph, by any path (online load, bulk import,
an older graph at `db init`), and the search box still finds a person by the number."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import explore, protected
from graph.db import Graph
from graph.schema import init_schema
from graph.scope import Scope
from loaders.bulk import prepare
from loaders.pipeline import LoadRequest
from settings import Settings

HEADER = (
    "rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, "
    "state, date_of_birth, soc_sec_id\n"
)
ROWS = (
    "r-1, ann, lee, 1, main street, , kingston, 2604, act, 19900101, 123-45-6789\n"
    "r-2, bob, ray, 2, main street, , kingston, 2604, act, 19800101, 987 65 4321\n"
    "r-1, ann, lee, 1, main street, , kingston, 2604, act, 19900101, 123-45-6780\n"  # typo
)
CLEAR = ("123456789", "123-45-6789", "987654321", "987 65 4321", "123456780", "123-45-6780")


@pytest.fixture
def people_file(tmp_path: Path) -> Path:
    path = tmp_path / "mni.csv"
    path.write_text(HEADER + ROWS, encoding="latin-1")
    return path


def clear_anywhere(graph: Graph) -> list[str]:
    """Every property value of every node and relationship that holds a number in clear."""
    rows = graph.read(
        "MATCH (n) RETURN properties(n) AS p UNION ALL MATCH ()-[r]->() RETURN properties(r) AS p"
    )
    return [
        f"{k}={v!r}" for r in rows for k, v in r["p"].items() if any(c in str(v) for c in CLEAR)
    ]


def test_an_online_load_keeps_only_hashes_and_the_search_finds_the_number(  # type: ignore[no-untyped-def]
    load, graph: Graph, people_file: Path
) -> None:
    s = load("csv", people_file, agency="MNI", mapping="febrl", batch_size=1)
    assert s.records == 3 and s.quarantined == 0
    assert clear_anywhere(graph) == []
    key = graph.settings.resolved_identifier_key()
    [ann] = graph.read(
        "MATCH (p:Person {uid: 'MNI:rms:person:r-1'}) RETURN p.ssn_hash AS h, "
        "p.ssn_hash_variants AS earlier, p.ssn IS NULL AS none"
    )
    assert ann["none"] and ann["h"] == protected.digest(key, "ssn", "123456780")
    assert ann["earlier"] == [protected.digest(key, "ssn", "123456789")]  # nothing lost
    mni = Scope.cleared("test-user", ["MNI"])
    for typed in ("987-65-4321", "987654321", " 987 65 4321 "):
        found = explore.search(graph, typed, mni)
        people = [e for e, _ in found if e.label == "Person"]
        assert [p.props["name"] for p in people] == ["Bob Ray"], typed
        assert "social security number" in explore.why_found(people[0], typed)
    # another agency's analyst: the number finds nothing of MNI's
    assert explore.search(graph, "987-65-4321", Scope.cleared("test-user", ["PD"])) == []


def test_the_bulk_importer_writes_only_hashes(
    home_settings: Settings, people_file: Path, tmp_path: Path
) -> None:
    settings = home_settings
    req = LoadRequest(format="csv", paths=[people_file], agency="MNI", options={"mapping": "febrl"})
    summary, node_files, _, _ = prepare(settings, [req], tmp_path / "import", "tester")
    assert summary.quarantined == 0
    text = node_files["Person"].read_text(encoding="utf-8")
    header = text.splitlines()[0]
    assert "ssn_hash" in header and not any(h.startswith("ssn:") for h in header.split(","))
    assert not any(c in text for c in CLEAR)
    key = settings.resolved_identifier_key()
    assert protected.digest(key, "ssn", "987654321") in text
    # the shared document node of each number: its hash only, linked from the person
    docs = node_files["Document"].read_text(encoding="utf-8")
    assert f"document:ssn:{protected.digest(key, 'ssn', '987654321')}" in docs
    assert not any(c in docs for c in CLEAR)


DECLARED = """
name: declared_ssn
description: an SSN declared as an identity document of its own
record_id: rec_id
entities:
  person: {label: Person, key: rec_id, required: true, properties: {name: given_name}}
  card:
    label: Document
    key: soc_sec_id
    properties: {kind: {value: ssn}, number: soc_sec_id}
links:
  - {type: HOLDS, from: person, to: card}
"""


def test_an_ssn_document_a_mapping_declares_keeps_only_its_hash(  # type: ignore[no-untyped-def]
    load, graph: Graph, people_file: Path, tmp_path: Path
) -> None:
    mapping = tmp_path / "declared.yaml"
    mapping.write_text(DECLARED, encoding="utf-8")
    s = load("csv", people_file, agency="MNI", mapping=str(mapping))
    assert s.records == 3 and s.quarantined == 0
    assert clear_anywhere(graph) == []
    key = graph.settings.resolved_identifier_key()
    docs = graph.read("MATCH (:Person)-[:HOLDS]->(d:Document) RETURN DISTINCT d.uid AS uid")
    assert sorted(r["uid"] for r in docs) == sorted(
        f"document:ssn:{protected.digest(key, 'ssn', n)}"
        for n in ("123456789", "987654321", "123456780")
    )


def test_db_init_hashes_what_an_older_graph_holds_in_clear(graph: Graph) -> None:
    graph.write(
        "CREATE (:Person {uid: 'OLD:rms:person:1', agency: 'OLD', name: 'Cy Old', "
        "ssn: '123-45-6789', ssn_variants: ['987654321']}), "
        "(:Person {uid: 'OLD:rms:person:2', agency: 'OLD', name: 'Di Old', ssn: 'UNKNOWN'})"
    )
    init_schema(graph)  # `db init`
    assert clear_anywhere(graph) == []
    key = graph.settings.resolved_identifier_key()
    rows = graph.read(
        "MATCH (p:Person {agency: 'OLD'}) RETURN p.uid AS uid, properties(p) AS p ORDER BY uid"
    )
    cy, di = (r["p"] for r in rows)
    assert cy["ssn_hash"] == protected.digest(key, "ssn", "123456789")
    assert cy["ssn_hash_variants"] == [protected.digest(key, "ssn", "987654321")]
    assert len(cy["ssn_near"]) == 9
    assert not protected.stored(di) and "ssn_hash" not in di  # a placeholder is no number
    init_schema(graph)  # and again: nothing left to hash
    assert [r["p"] for r in graph.read(
        "MATCH (p:Person {agency: 'OLD'}) RETURN properties(p) AS p ORDER BY p.uid"
    )] == [cy, di]  # fmt: skip


def test_an_email_address_typed_in_any_case_finds_its_person(graph: Graph) -> None:
    graph.write(
        "CREATE (:Person {uid: 'MNI:rms:person:e1', agency: 'MNI', name: 'Eve Lane', "
        "email: 'eve.lane@example.com', source_system: 'rms', source_record_id: 'e1'})"
    )
    mni = Scope.cleared("test-user", ["MNI"])
    for typed in ("eve.lane@example.com", " Eve.Lane@Example.COM "):
        [(hit, _)] = explore.search(graph, typed, mni)
        assert hit.uid == "MNI:rms:person:e1"
        assert explore.why_found(hit, typed) == "e-mail [eve.lane@example.com]"
    assert explore.search(graph, "eve.lane@example.com", Scope.cleared("x", ["PD"])) == []
