"""Records of one load that share a uid are merged, and a field they give different values
is never overwritten in silence: the latest value is the property, the earlier ones are kept
as <property>_variants. Within a batch, across batches, and in the bulk importer."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from graph import explore
from graph.db import Graph
from graph.scope import Scope
from loaders.bulk import ARRAY_DELIMITER, prepare
from loaders.pipeline import LoadRequest
from settings import Settings

HEADER = (
    "rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, "
    "state, date_of_birth, soc_sec_id\n"
)
ROWS = (
    "r-1, ann, lee, 1, main street, , kingston, 2604, act, 19900101, 1234567\n"
    "r-2, bob, ray, 2, main street, , kingston, 2604, act, 19800101, 7654321\n"
    "r-1, zelda, lee, 1, main street, , kingston, 2604, act, 19910202, 1234567\n"  # other dob
    "r-1, ann, lee, 1, main street, , kingston, 2604, act, 19910202, 1234567\n"  # name back
)


@pytest.fixture
def people_file(tmp_path: Path) -> Path:
    path = tmp_path / "mni.csv"
    path.write_text(HEADER + ROWS, encoding="latin-1")
    return path


@pytest.mark.parametrize("batch_size", [500, 1], ids=["one batch", "a batch per record"])
def test_a_field_given_twice_differently_keeps_both_values(  # type: ignore[no-untyped-def]
    load, graph: Graph, people_file: Path, batch_size: int
) -> None:
    s = load("csv", people_file, agency="MNI", mapping="febrl", batch_size=batch_size)
    assert s.records == 4 and s.quarantined == 0
    [row] = graph.read(
        "MATCH (p:Person {agency: 'MNI', family_name: 'Lee'}) "
        "RETURN p.dob AS dob, p.dob_variants AS dobs, p.given_name AS given, "
        "p.given_name_variants AS givens, p.name_variants AS names"
    )
    assert row["dob"].to_native() == dt.date(1991, 2, 2) and row["dobs"] == ["1990-01-01"]
    assert row["given"] == "Ann" and row["givens"] == ["Zelda"]  # never the current value
    assert row["names"] == ["Zelda Lee"]
    assert s.variants == 5  # dob once; given name and name twice each (to Zelda, back)
    # the search box finds her by the spelling the load kept as a variant
    found = explore.search(graph, "Zelda", Scope.cleared("test-user", ["MNI"]))
    assert [e.props.get("name") for e, _ in found if e.label == "Person"] == ["Ann Lee"]
    # a later load updates, as it should: no variants across loads
    later = people_file.with_name("later.csv")
    later.write_text(HEADER + ROWS.splitlines()[0] + "\n", encoding="latin-1")
    assert load("csv", later, agency="MNI", mapping="febrl").variants == 0


def test_the_bulk_importer_keeps_the_same_variants(
    neo4j_settings: Settings, people_file: Path, tmp_path: Path
) -> None:
    settings = neo4j_settings.model_copy(update={"home": tmp_path / "home"})
    req = LoadRequest(format="csv", paths=[people_file], agency="MNI", options={"mapping": "febrl"})
    summary, node_files, _, _ = prepare(settings, [req], tmp_path / "import", "tester")
    assert summary.quarantined == 0
    with node_files["Person"].open(newline="", encoding="utf-8") as fh:
        rows = {r["uid"]: r for r in csv.DictReader(fh)}
    ann = rows["MNI:rms:person:r-1"]
    assert ann["dob:date"] == "1991-02-02" and ann["dob_variants:string[]"] == "1990-01-01"
    assert ann["given_name_variants:string[]"].split(ARRAY_DELIMITER) == ["Zelda"]
