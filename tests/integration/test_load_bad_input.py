"""Bad input never aborts or corrupts a load: it is quarantined with file, record, field, reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.db import Graph
from loaders.mapping import MappingError
from loaders.quarantine import read_report

BAD = Path(__file__).parents[1] / "data" / "bad"


def report(summary):  # type: ignore[no-untyped-def]
    return read_report(summary.quarantine_file) if summary.quarantine_file else []


def test_malformed_nibrs_flat_file(load, counter, graph: Graph) -> None:  # type: ignore[no-untyped-def]
    summary = load("nibrs-flat", BAD / "nibrs_flat_bad.txt", agency="BAD")
    problems = report(summary)
    assert all(
        p.file.endswith("nibrs_flat_bad.txt") and p.record and p.field and p.reason
        for p in problems
    )
    # only the one good incident is in the graph, complete
    assert [r["n"] for r in graph.read("MATCH (i:Incident) RETURN i.incident_number AS n")] == [
        "GOOD-1"
    ]
    assert counter("(:Incident)-[:HAS_OFFENSE]->(:Offense)") == 1
    assert counter("(:Person)-[:INVOLVED_IN]->(:Incident)") == 2
    reasons = " | ".join(f"{p.record} {p.field}: {p.reason}" for p in problems)
    assert "declared 99, a offense segment has 63-71" in reasons
    assert "impossible date '20191345'" in reasons
    assert "unknown offense code '99Z'" in reasons
    assert "not valid ascii" in reasons
    assert "does not follow its administrative segment" in reasons
    assert "unknown segment level '9'" in reasons
    rejected = {p.record for p in problems if p.field == "incident"}
    assert rejected == {
        "HI0020000-BADLEN-2",
        "HI0020000-BADDATE-3",
        "HI0020000-BADCODE-4",
        "HI0020000-LATIN-5",
    }


def test_truncated_xml_keeps_what_came_before(load, counter) -> None:  # type: ignore[no-untyped-def]
    summary = load("nibrs-xml", BAD / "nibrs_truncated.xml", agency="BADX")
    [problem] = report(summary)
    assert problem.field == "xml" and problem.record.startswith("line ")
    assert "malformed XML" in problem.reason
    assert counter("(:Incident)") == 0


def test_empty_and_missing_files(load) -> None:  # type: ignore[no-untyped-def]
    summary = load(
        "csv",
        BAD / "empty.csv",
        BAD / "does-not-exist.csv",
        agency="E",
        mapping=str(BAD / "people_bad.yaml"),
    )
    reasons = {(Path(p.file).name, p.reason) for p in report(summary)}
    assert reasons == {
        ("empty.csv", "empty file"),
        ("does-not-exist.csv", "file not found or not a regular file"),
    }


def test_bad_csv_rows(load, graph: Graph, counter) -> None:  # type: ignore[no-untyped-def]
    summary = load(
        "csv", BAD / "people_bad.csv", agency="CSV", mapping=str(BAD / "people_bad.yaml")
    )
    problems = {(p.record, p.field): p.reason for p in report(summary)}
    assert problems[("line 3", "person_id")] == "missing record id"
    assert "impossible or unrecognised date '1990-13-45'" in problems[("P3", "dob")]
    assert problems[("line 5", "line")] == "6 cells, the header has 5"
    assert "not a possible phone number" in problems[("P5", "phone")] or "phone" in str(problems)
    assert "not valid utf-8" in problems[("line 8", "line")]
    names = {
        r["id"]: r["name"]
        for r in graph.read(
            "MATCH (p:Person) RETURN p.source_record_id AS id, p.given_name AS name"
        )
    }
    assert set(names) == {"P1", "P6"}
    assert names["P6"] == "=cmd|' /C calc'!A0"  # stored as text, never evaluated
    assert counter("(:Person)-[:USES]->(:Phone {number: '+17185550101'})") == 1


def test_xml_external_entities_are_not_resolved(load, graph: Graph, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CANARY-7731")
    real = Path(__file__).parents[3] / "shared/data/nibrs-search-ncjis/xml/Flatfile-XML_Test_1.xml"
    text = real.read_text(encoding="utf-8")
    doctype = f'<!DOCTYPE nibrs:Submission [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
    text = text.replace("?>", "?>\n" + doctype, 1).replace("19263469-1", "&xxe;", 1)
    evil = tmp_path / "xxe.xml"
    evil.write_text(text, encoding="utf-8")
    summary = load("nibrs-xml", evil, agency="XXE")
    dump = str(graph.read("MATCH (n) RETURN n {.*} AS n")) + str(report(summary))
    assert "TOP-SECRET-CANARY-7731" not in dump


def test_mapping_errors_name_the_file_and_key(load, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "agency_x.yaml"
    bad.write_text(
        (BAD / "people_bad.yaml")
        .read_text()
        .replace("family_name: last_name", "family_name: surname")
    )
    with pytest.raises(MappingError) as info:
        load("csv", BAD / "people_bad.csv", agency="M", mapping=str(bad))
    msg = str(info.value)
    assert "agency_x.yaml" in msg and "entities.person.properties.family_name" in msg
    assert "column 'surname' is not in the CSV header" in msg


def test_a_load_that_wrote_nothing_says_so_and_fails(
    civicfusion, graph: Graph, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A missing file, or a file whose every record is quarantined, is a failed command (one
    line, exit 1) and a Load that says it wrote nothing, never a successful load."""
    mapping = str(BAD / "people_bad.yaml")
    missing = civicfusion("load", "csv", str(tmp_path / "nope.csv"), "-a", "M1", "-m", mapping)
    assert missing.returncode == 1 and "nope.csv: no such file" in missing.stderr
    assert "nothing was loaded" in missing.stderr and "Traceback" not in missing.stderr
    spoiled = tmp_path / "all_bad.csv"
    header = "person_id,first_name,last_name,dob,phone"
    spoiled.write_text(header + "\n,no id,,,\n,none,,,\n", encoding="utf-8")
    bad = civicfusion("load", "csv", str(spoiled), "-a", "M2", "-m", mapping)
    assert bad.returncode == 1, bad.stdout
    assert "nothing was loaded from all_bad.csv: all 2 records were quarantined" in " ".join(
        bad.stderr.split()
    )
    loads = graph.read(
        "MATCH (l:Load) WHERE l.agency IN ['M1', 'M2'] RETURN l.agency AS a, l.status AS s"
    )
    assert sorted((r["a"], r["s"]) for r in loads) == [
        ("M1", "nothing loaded"),
        ("M2", "nothing loaded"),
    ]
