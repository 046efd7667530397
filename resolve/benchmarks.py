"""Public record-linkage benchmarks (../shared/data) as the scoring engine's person rows,
with their true groups (record ids of one person): FEBRL datasets and Splink's fake_1000."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

from graph.protected import protect

Rows = list[dict[str, Any]]
Groups = dict[str, list[str]]


def _date(value: str, fmt: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(value.strip(), fmt).date()
    except ValueError:
        return None


# The benchmarks' identifier key: any fixed key (the data is public); numbers reach the
# engine hashed, as the graph holds them (graph/protected.py).
BENCHMARK_KEY = b"civicfusion-benchmark-identifier-key"


def _person(uid: str, agency: str, **fields: Any) -> dict[str, Any]:
    """A person row as er_people.cypher reads one from the graph (numbers protected)."""
    row = dict.fromkeys(("street", "postcode", "locality", "phone", "email"))
    row |= {"unique_id": uid, "agency": agency, "is_new": True} | fields
    return protect(row, BENCHMARK_KEY)


def febrl(path: Path) -> tuple[Rows, Groups]:
    """A FEBRL dataset: rec-<person>-org / rec-<person>-dup-<n>."""
    with path.open(encoding="latin-1") as fh:
        rows = [{k.strip(): v.strip() for k, v in r.items()} for r in csv.DictReader(fh)]
    groups: Groups = defaultdict(list)
    for r in rows:
        groups[r["rec_id"].split("-")[1]].append(r["rec_id"])
    people = [
        _person(
            r["rec_id"],
            "F",
            first_name=r["given_name"],
            surname=r["surname"],
            dob=_date(r["date_of_birth"], "%Y%m%d"),
            street=r["address_1"],
            postcode=r["postcode"],
            locality=r["suburb"],
            ssn=r["soc_sec_id"] or None,
        )
        for r in rows
    ]
    return people, dict(groups)


def fake_1000(path: Path) -> tuple[Rows, Groups]:
    """Splink's fake_1000: the ``cluster`` column is the person."""
    with path.open() as fh:
        rows = list(csv.DictReader(fh))
    groups: Groups = defaultdict(list)
    for r in rows:
        groups[r["cluster"]].append(r["unique_id"])
    people = [
        _person(
            r["unique_id"],
            "S",
            first_name=r["first_name"],
            surname=r["surname"],
            dob=_date(r["dob"], "%Y-%m-%d"),
            locality=r["city"],
            email=r["email"],
        )
        for r in rows
    ]
    return people, dict(groups)
