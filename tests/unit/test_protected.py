"""A social security number never reaches the graph in clear (graph/protected.py): what the
writer stores, what a person reading the record sees, and the typo evidence kept."""

from __future__ import annotations

import datetime as dt

import pytest

from graph import protected
from graph.records import SourceRecord
from graph.writer import Provenance, batch_rows

KEY = b"k" * 32


def test_a_number_is_stored_as_keyed_hashes_only() -> None:
    out = protected.protect({"name": "Ann Lee", "ssn": "123-45-6789"}, KEY)
    assert "ssn" not in out and out["name"] == "Ann Lee"
    assert out["ssn_hash"] == protected.digest(KEY, "ssn", "123 45 6789")  # any punctuation
    assert len(out["ssn_near"]) == 9 and out["ssn_hash"] not in out["ssn_near"]
    assert "6789" not in repr(out) and "123" not in repr(out).replace("Ann", "")
    other = protected.protect({"ssn": "123-45-6789"}, b"o" * 32)  # another key, another hash
    assert other["ssn_hash"] != out["ssn_hash"]
    assert not set(other["ssn_near"]) & set(out["ssn_near"])


def test_one_digit_apart_shares_exactly_one_masked_hash() -> None:
    a = protected.near(KEY, "ssn", "123-45-6789")
    b = protected.near(KEY, "ssn", "123-45-6780")  # last digit mistyped
    c = protected.near(KEY, "ssn", "123-45-9876")  # four digits different
    assert len(set(a) & set(b)) == 1 and not set(a) & set(c)


def test_placeholders_are_no_number_and_earlier_values_are_hashed() -> None:
    assert protected.protect({"ssn": "000-00-0000"}, KEY) == {}
    assert protected.protect({"ssn": "UNKNOWN"}, KEY) == {}
    out = protected.protect({"ssn": "123456789", "ssn_variants": ["987654321", "123456789"]}, KEY)
    assert out["ssn_hash_variants"] == [protected.digest(KEY, "ssn", "987654321")]
    assert protected.stored(out) == []
    with pytest.raises(ValueError, match="no identifier key"):
        protected.protect({"ssn": "123456789"}, b"")


def test_the_writer_rows_hold_no_clear_number() -> None:
    records = []
    for i, number in enumerate(("123-45-6789", "987-65-4321")):  # (a link between records)
        rec = SourceRecord(f"r-{i}")
        person = rec.add("Person", f"p{i}", name="Ann Lee", ssn=number)
        phone = rec.add("Phone", f"ph{i}", number="+15550001111")
        rec.link("USES", person, phone)
        records.append(rec)
    nodes, links, _ = batch_rows(Provenance("PD", "rms", "L1"), records, dt.date.today(), KEY)
    hashes = [row["props"]["ssn_hash"] for row in nodes["Person"].values()]
    assert hashes == [protected.digest(KEY, "ssn", n) for n in ("123456789", "987654321")]
    assert not any(protected.stored(row["props"]) for row in nodes["Person"].values())
    assert "6789" not in repr(nodes) + repr(links) and "4321" not in repr(nodes) + repr(links)


def test_an_email_is_stored_in_the_form_the_search_looks_up() -> None:
    rec = SourceRecord("r-1")
    rec.add("Person", "p1", name="Eve Lane", email=" Eve.Lane@Example.COM ")
    nodes, _, _ = batch_rows(Provenance("PD", "rms", "L1"), [rec], dt.date.today(), KEY)
    [row] = nodes["Person"].values()
    assert row["props"]["email"] == "eve.lane@example.com"


def test_a_reader_sees_that_a_number_is_on_file_never_the_hash() -> None:
    stored = protected.protect(
        {"name": "Ann", "ssn": "123456789", "ssn_variants": ["1112223"]}, KEY
    )
    shown = protected.in_words(stored)
    assert shown["ssn"] == "on file (kept only as a keyed hash)"
    assert shown["ssn_variants"] == "1 other number(s) on file"
    assert not any(k.endswith(("_hash", "_near", "_hash_variants")) for k in shown)
