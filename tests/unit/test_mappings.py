"""YAML mappings and normalisers (no server)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph.records import SourceRecord, review_due, validate
from loaders import normalize as nz
from loaders.mapping import MAPPINGS_DIR, MappingError, load_mapping


@pytest.mark.parametrize("path", sorted(MAPPINGS_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_mapping_loads(path: Path) -> None:
    mapping = load_mapping(path)
    assert mapping.entities and mapping.columns()


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "m.yaml"
    p.write_text(text)
    return p


BASE = """
name: t
record_id: id
entities:
  person:
    label: {label}
    key: id
    properties:
      dob: {dob}
"""


@pytest.mark.parametrize(
    ("label", "dob", "where", "why"),
    [
        ("Suspect", "dob", "entities.person.label", "unknown label 'Suspect'"),
        (
            "Person",
            "{column: dob, type: decimal}",
            "entities.person.properties.dob.type",
            "unknown type 'decimal'",
        ),
        (
            "Person",
            "{column: dob, transform: shout}",
            "entities.person.properties.dob.transform",
            "unknown transform 'shout'",
        ),
        ("Person", "{colum: dob}", "entities.person.properties.dob", "unknown key(s) ['colum']"),
        ("Person", "{point: {x: lon}}", "entities.person.properties.dob.point", "needs x and y"),
        (
            "Person",
            "{point: {x: a, y: b, crs: 'EPSG:999999'}}",
            "entities.person.properties.dob.point.crs",
            "unknown coordinate system",
        ),
    ],
)
def test_mapping_errors_name_file_and_key(
    tmp_path: Path, label: str, dob: str, where: str, why: str
) -> None:
    with pytest.raises(MappingError) as info:
        load_mapping(write(tmp_path, BASE.format(label=label, dob=dob)))
    assert f"mapping m.yaml: {where}: " in str(info.value) and why in str(info.value)


def test_intelligence_entities_need_28_cfr_23_fields(tmp_path: Path) -> None:
    text = BASE.format(label="Person", dob="dob") + "    record_class: intelligence\n"
    with pytest.raises(MappingError, match="criminal_predicate: required for intelligence"):
        load_mapping(write(tmp_path, text))


def test_unknown_shipped_mapping_lists_the_known_ones() -> None:
    with pytest.raises(MappingError, match="febrl"):
        load_mapping("no_such_mapping")


def test_normalisers() -> None:
    assert nz.phone_e164("(718) 555-0101") == "+17185550101"
    with pytest.raises(nz.BadValue):
        nz.phone_e164("12")
    assert nz.plate(" kxl-447 1") == "KXL4471"
    p = nz.point("1000000", "180000", "EPSG:2263")  # NY State Plane, US feet -> Brooklyn
    assert 40.66 < p.latitude < 40.662 and -73.944 < p.longitude < -73.942
    with pytest.raises(nz.BadValue):
        nz.point("200", "95")
    assert nz.parse_date("03/04/1990", ["%Y-%m-%d", "%m/%d/%Y"]) == dt.date(1990, 3, 4)
    with pytest.raises(nz.BadValue, match="impossible"):
        nz.parse_date("19901345", ["%Y%m%d"])


def test_record_validation() -> None:
    rec = SourceRecord("r1")
    person = rec.add("Person", "p1", name="A B")
    gang = rec.add("Gang", "g1", record_class="intelligence", name="Crew")
    rec.link("MEMBER_OF", person, gang)
    issues = dict(validate(rec))
    assert "Gang[g1].criminal_predicate" in issues
    other = SourceRecord("r2")
    rec.link("KNOWS", person, other.add("Person", "x"))
    rec.add("Suspect", "s1")
    reasons = " ".join(why for _, why in validate(rec))
    assert "links an entity that is not part of the record" in reasons
    assert "unknown entity label 'Suspect'" in reasons
    assert review_due(dt.date(2024, 2, 29)) == dt.date(2029, 2, 28)


def test_quoted_cells_may_span_lines_and_a_bad_line_spoils_only_its_row(tmp_path: Path) -> None:
    """A narrative with line breaks is one cell (a real CSV parser over the stream, not one
    line at a time); an undecodable line inside a quoted cell makes that row a Problem and
    the rows after it load."""
    from graph.records import Problem
    from loaders.textio import csv_rows

    path = tmp_path / "narratives.csv"
    path.write_bytes(
        b"id,narrative,name\n"
        b'1,"Subject fled north.\nRecovered 3 bags,\n""red"" car seen.",Ann Lee\n'
        b'2,"bad \xff byte\ninside the cell",Bob Ray\n'
        b"3,one line,Cy Hu\n"
    )
    rows = list(csv_rows(path))
    good = {r["id"]: r for _, r in rows if isinstance(r, dict)}
    assert good["1"]["narrative"] == 'Subject fled north.\nRecovered 3 bags,\n"red" car seen.'
    assert good["1"]["name"] == "Ann Lee" and good["3"]["name"] == "Cy Hu"
    assert "2" not in good
    problems = [p for _, p in rows if isinstance(p, Problem)]
    assert problems[0].record == "line 5" and "not valid utf-8" in problems[0].reason
    # (the rest of the broken row cannot be parsed as a row either: reported, not loaded)
    assert all(p.record in ("line 5", "line 6") for p in problems)
    assert [no for no, r in rows if isinstance(r, dict)] == [2, 7]  # rows by their first line
