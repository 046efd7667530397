"""The people table entity resolution compares: one row per named person record, cleaned."""

from __future__ import annotations

from typing import Any

import duckdb

from graph.identifiers import clean, street
from graph.model import PERSON_IDENTIFIERS
from graph.protected import NEAR_OF
from resolve import names

COLUMNS = (
    ("unique_id", "VARCHAR"),
    ("agency", "VARCHAR"),
    ("first_name", "VARCHAR"),
    ("surname", "VARCHAR"),
    ("dob", "DATE"),
    ("street", "VARCHAR"),
    ("postcode", "VARCHAR"),
    ("locality", "VARCHAR"),
    ("phone", "VARCHAR"),
    ("phones", "VARCHAR[]"),  # every phone the record uses
    ("email", "VARCHAR"),
    ("is_new", "BOOLEAN"),
    ("first_alts", "VARCHAR[]"),  # the given name and its nicknames
    ("surname_key", "VARCHAR"),  # phonetic
    ("first_letters", "VARCHAR"),  # the letters in order, for scrambled typing
    ("surname_letters", "VARCHAR"),
    *((c, "VARCHAR") for c in PERSON_IDENTIFIERS),  # cleaned: digits and letters only
    # a hashed number's hashes with one digit masked (graph/protected.py)
    *((c, "VARCHAR[]") for c in NEAR_OF.values()),
)
# An identity number on more records than this is a placeholder ("000-00-0000" variants an
# RMS fills in, a shared test value), not a person's: it is dropped before comparing.
SHARED_NUMBER = 20


def people_table(rows: list[dict[str, Any]]) -> duckdb.DuckDBPyConnection:
    """The cleaned person records in an in-memory DuckDB table ``people``."""
    con = duckdb.connect()
    con.execute(f"CREATE TABLE people ({', '.join(f'{c} {t}' for c, t in COLUMNS)})")
    data: dict[str, list[Any]] = {c: [] for c, _ in COLUMNS}
    for r in rows:
        given, family = r["first_name"], r["surname"]
        if not given and not family:  # a source with only a full name
            given, family = names.split_full_name(r.get("full_name"))
        first, surname = clean(given), clean(family)
        dob = r["dob"]
        for column, value in (
            ("unique_id", r["unique_id"]),
            ("agency", r["agency"]),
            ("first_name", first),
            ("surname", surname),
            ("dob", dob.to_native() if hasattr(dob, "to_native") else dob),
            ("street", street(r["street"])),
            ("postcode", clean(r["postcode"])),
            ("locality", clean(r["locality"])),
            ("phone", r["phone"]),
            ("phones", sorted({*(r.get("phones") or []), *filter(None, [r["phone"]])}) or None),
            ("email", (r.get("email") or "").strip().lower() or None),
            ("is_new", bool(r.get("is_new", True))),
            ("first_alts", names.alternatives(first)),
            ("surname_key", names.phonetic(surname)),
            ("first_letters", names.letters(first)),
            ("surname_letters", names.letters(surname)),
            *((c, names.identity_number(r.get(c))) for c in PERSON_IDENTIFIERS),
            *((c, r.get(c) or None) for c in NEAR_OF.values()),
        ):
            data[column].append(value)
    # one column-wise insert: row-by-row executemany takes ~1 ms a row (49 s for 38k)
    for i in range(0, len(rows), 100_000):
        chunk = [data[c][i : i + 100_000] for c, _ in COLUMNS]
        unnest = ", ".join(f"unnest(?::{t}[])" for _, t in COLUMNS)
        con.execute(f"INSERT INTO people SELECT {unnest}", chunk)
    for c in PERSON_IDENTIFIERS:
        near = f", {NEAR_OF[c]} = NULL" if c in NEAR_OF else ""
        con.execute(
            f"UPDATE people SET {c} = NULL{near} WHERE {c} IN (SELECT {c} FROM people "
            f"WHERE {c} IS NOT NULL GROUP BY {c} HAVING count(*) > {SHARED_NUMBER})"
        )
    return con
