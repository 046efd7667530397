"""Source files are checked before anything is stored (every complaint names the file and
the key); batches never split a change value; watermarks keep their type."""

from __future__ import annotations

import datetime as dt
import decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from sources.database import as_text, pack, unpack
from sources.spec import SourceError, parse
from sources.sync import batches
from testkit.rms import SOURCE


def write(tmp_path: Path, change: Any) -> Path:
    doc = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    change(doc)
    path = tmp_path / "src.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return path


def test_the_shipped_example_parses() -> None:
    spec = parse(SOURCE)
    assert list(spec.feeds) == [
        "persons",
        "phones",
        "vehicles",
        "incidents",
        "involvements",
        "arrests",
    ]
    assert spec.feeds["persons"].removes is not None
    assert spec.feeds["involvements"].mapping.entities["person"].reference


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.pop("agency"), "agency: missing"),
        (
            lambda d: d["feeds"]["persons"].update(change="updated_at; DROP TABLE x"),
            "feeds.persons.change",
        ),
        (
            lambda d: d["feeds"]["persons"]["removed"]["values"].update(X="vanished"),
            "feeds.persons.removed.values",
        ),
        (
            lambda d: d["feeds"]["phones"].update(compare={"query": "SELECT 1"}),
            "feeds.phones.compare",
        ),
        (lambda d: d["feeds"]["persons"].update(removes="nobody"), "feeds.persons.removes"),
        (
            lambda d: d["feeds"]["persons"]["entities"]["person"].update(label="Suspect"),
            "feeds.persons.entities.person.label",
        ),
        (lambda d: d["feeds"]["persons"].update(where="x"), "feeds.persons"),
        (lambda d: d.update(database={"url": "postgresql://u:pw@h/db"}), "holds a password"),
        (lambda d: d.update(database={"url_env": "A", "url": "sqlite://"}), "exactly one"),
    ],
)
def test_mistakes_are_named(tmp_path: Path, change: Any, where: str) -> None:
    with pytest.raises(SourceError) as exc:
        parse(write(tmp_path, change))
    assert "src.yaml" in str(exc.value) and where in str(exc.value)


def test_batches_never_split_a_change_value() -> None:
    rows = [{"c": v} for v in (1, 1, 2, 2, 2, 2, 3, 4, 4)]
    got = [([r["c"] for r in b], last) for b, last in batches(iter(rows), "c", 2)]
    assert got == [([1, 1], 1), ([2, 2, 2, 2], 2), ([3, 4, 4], 4)]
    assert [r for b, _ in got for r in b] == [r["c"] for r in rows]


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2026, 1, 2, 3, 4, 5, 6),
        dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
        dt.date(2026, 1, 2),
        42,
        decimal.Decimal("1.50"),
        "2026-01-02 03:04:05",
    ],
)
def test_watermarks_keep_their_type(value: Any) -> None:
    assert unpack(pack(value)) == value and type(unpack(pack(value))) is type(value)


def test_values_reach_the_mapping_as_text() -> None:
    assert as_text(None) == "" and as_text(True) == "true"
    assert as_text(dt.date(2026, 2, 3)) == "2026-02-03"
    assert as_text(dt.datetime(2026, 2, 3, 4, 5)) == "2026-02-03 04:05:00"
