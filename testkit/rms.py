"""The tests' stand-in records-management system (sources/examples/metro-rms.sql) on any
database SQLAlchemy speaks: create the schema, fill it from a seeded generator, and change
it the way an RMS does (inserts, corrections, deletions, sealings, tombstones), each change
stamped by the RMS's own clock so that tests and benchmarks are repeatable."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

SCHEMA = Path(__file__).resolve().parents[1] / "sources" / "examples" / "metro-rms.sql"
SOURCE = SCHEMA.with_suffix(".yaml")
# names drawn from syllables as well as common names: ~100 given names and ~1,000 family
# names, so that a 240k-person RMS has about as many namesakes as a real one (a handful of
# common names made ~100M candidate pairs and exhausted memory in resolution)
SYLLABLES = (
    "Al",
    "Bar",
    "Cor",
    "Dan",
    "El",
    "Fer",
    "Gal",
    "Har",
    "Is",
    "Jor",
    "Kel",
    "Lor",
    "Mar",
    "Nor",
    "Or",
    "Pel",
    "Quin",
    "Ros",
    "Sal",
    "Tor",
    "Ul",
    "Val",
    "Wes",
    "Yar",
    "Zel",
    "Ben",
    "Cas",
    "Dor",
    "Ev",
    "Fin",
    "Gor",
    "Hal",
)
ENDINGS = (
    "ton",
    "ez",
    "son",
    "ley",
    "man",
    "ski",
    "er",
    "is",
    "ow",
    "ard",
    "ini",
    "ett",
    "ham",
    "ova",
    "ley",
    "ridge",
    "well",
    "ford",
    "ick",
    "o",
    "a",
    "es",
    "in",
    "sen",
    "dale",
    "wood",
    "by",
    "ven",
    "stein",
    "lund",
    "kov",
)
FIRST = (
    "James",
    "Maria",
    "Robert",
    "Linda",
    "Michael",
    "Aisha",
    "David",
    "Keisha",
    "Jose",
    "Nguyen",
    "Tyrone",
    "Ana",
    "Daniel",
    "Fatima",
    "Marcus",
    "Rosa",
    "Andre",
    "Mei",
)
LAST = (
    "Smith",
    "Garcia",
    "Johnson",
    "Williams",
    "Brown",
    "Lopez",
    "Davis",
    "Miller",
    "Wilson",
    "Moore",
    "Taylor",
    "Thomas",
    "Jackson",
    "White",
    "Harris",
    "Martin",
)
STREETS = ("Main St", "Oak Ave", "Pine St", "Maple Ave", "Cedar Rd", "Elm St", "Park Ave")
OFFENSES = ("Drug possession", "Drug distribution", "Burglary", "Robbery", "Assault")
ROLES = ("suspect", "victim", "witness", "arrestee")
KEYS = {
    "addresses": "address_id",
    "persons": "person_id",
    "phones": "phone_id",
    "vehicles": "vehicle_id",
    "incidents": "incident_id",
    "involvements": "involvement_id",
    "arrests": "arrest_id",
    "tombstones": "tombstone_id",
}


def given(rnd: random.Random) -> str:
    if rnd.random() < 0.3:
        return rnd.choice(FIRST)
    return rnd.choice(SYLLABLES) + rnd.choice(("a", "o", "ie", "en", "y", "ia", "us"))


def family(rnd: random.Random) -> str:
    if rnd.random() < 0.15:
        return rnd.choice(LAST)
    return rnd.choice(SYLLABLES) + rnd.choice(ENDINGS)


class TestRMS:
    __test__ = False  # not a pytest class

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url, pool_pre_ping=True)
        self.sqlite = self.engine.dialect.name == "sqlite"
        self.clock = dt.datetime(2026, 1, 1, 8, 0, 0)
        self.next_id: dict[str, int] = {}

    def close(self) -> None:
        self.engine.dispose()

    def stamp(self) -> Any:
        """The RMS's clock: one second later at every change."""
        self.clock += dt.timedelta(seconds=1)
        return self.clock.isoformat(sep=" ") if self.sqlite else self.clock

    def create(self) -> None:
        sql = "\n".join(ln.split("--")[0] for ln in SCHEMA.read_text("utf-8").splitlines())
        with self.engine.begin() as con:
            for stmt in sql.split(";"):
                if stmt.strip():
                    con.execute(text(stmt))

    def new_id(self, table: str) -> int:
        self.next_id[table] = self.next_id.get(table, 0) + 1
        return self.next_id[table]

    def insert(self, table: str, rows: list[dict[str, Any]]) -> list[int]:
        """Insert rows (their ids drawn when not given), stamped now."""
        if not rows:
            return []
        key = KEYS[table]
        change = "removed_at" if table == "tombstones" else "updated_at"
        for r in rows:
            r.setdefault(key, self.new_id(table))
            r[change] = self.stamp()
        cols = list(rows[0])
        stmt = text(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join(':' + c for c in cols)})"
        )
        with self.engine.begin() as con:
            con.execute(stmt, rows)
        return [r[key] for r in rows]

    def update(self, table: str, ident: int, **values: Any) -> None:
        values["updated_at"] = self.stamp()
        sets = ", ".join(f"{k} = :{k}" for k in values)
        with self.engine.begin() as con:
            n = con.execute(
                text(f"UPDATE {table} SET {sets} WHERE {KEYS[table]} = :ident"),
                {**values, "ident": ident},
            ).rowcount
        if n != 1:
            raise KeyError(f"{table} {ident}: no such row")

    def delete(self, table: str, ident: int, reason: str | None = None) -> None:
        """Delete a row outright; with a reason, also write a tombstone for it."""
        with self.engine.begin() as con:
            con.execute(text(f"DELETE FROM {table} WHERE {KEYS[table]} = :i"), {"i": ident})
        if reason:
            self.insert(
                "tombstones", [{"table_name": table, "record_key": str(ident), "reason": reason}]
            )

    def count(self, table: str, where: str = "1 = 1") -> int:
        with self.engine.connect() as con:
            return int(con.execute(text(f"SELECT count(*) FROM {table} WHERE {where}")).scalar())

    def seed(
        self, people: int, seed: int = 7, chunk: int = 20_000, common_names: bool = False
    ) -> dict[str, int]:
        """Fill the RMS: per person an address, a phone, often a vehicle, and incidents
        with their involvements and some arrests. Returns rows per table. ``common_names``:
        only the handful of common names (many namesakes: a small RMS that resolution can
        train on)."""
        rnd = random.Random(seed)
        first = (lambda r: r.choice(FIRST)) if common_names else given
        last = (lambda r: r.choice(LAST)) if common_names else family
        counts = dict.fromkeys(KEYS, 0)
        for start in range(0, people, chunk):
            n = min(chunk, people - start)
            addresses = [
                {
                    "street": f"{rnd.randint(1, 9999)} {rnd.choice(STREETS)}",
                    "city": "Metro City",
                    "state": "NY",
                    "lat": round(40.6 + rnd.random() * 0.2, 6),
                    "lon": round(-74.0 + rnd.random() * 0.2, 6),
                }
                for _ in range(n)
            ]
            aids = self.insert("addresses", addresses)
            persons = [
                {
                    "first_name": first(rnd),
                    "last_name": last(rnd),
                    "dob": f"{rnd.randint(1960, 2005)}-{rnd.randint(1, 12):02d}-"
                    f"{rnd.randint(1, 28):02d}",
                    "sex": rnd.choice("MF"),
                    "moniker": None,
                    "address_id": a,
                    "status": "ACTIVE",
                    "status_reason": None,
                }
                for a in aids
            ]
            pids = self.insert("persons", persons)
            self.insert(
                "phones",
                [
                    {"person_id": p, "number": f"212555{rnd.randint(0, 9999):04d}", "deleted": 0}
                    for p in pids
                ],
            )
            self.insert(
                "vehicles",
                [
                    {
                        "person_id": p,
                        "plate": f"{rnd.choice('ABCDEFGH')}"
                        f"{rnd.choice('KLMNP')}{rnd.randint(1000, 9999)}",
                        "plate_state": "NY",
                        "make": rnd.choice(["Honda", "Ford"]),
                        "deleted": 0,
                    }
                    for p in pids
                    if rnd.random() < 0.4
                ],
            )
            incidents = [
                {
                    "incident_number": f"MPD-{start + i:07d}",
                    "occurred_on": f"2025-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                    "offense": rnd.choice(OFFENSES),
                    "narcotics": int(rnd.random() < 0.4),
                    "address_id": rnd.choice(aids),
                    "status": "ACTIVE",
                }
                for i in range(max(n // 2, 1))
            ]
            iids = self.insert("incidents", incidents)
            inv = [
                {"incident_id": i, "person_id": p, "role": rnd.choice(ROLES), "deleted": 0}
                for i in iids
                for p in rnd.sample(pids, min(2, len(pids)))
            ]
            self.insert("involvements", inv)
            self.insert(
                "arrests",
                [
                    {
                        "person_id": v["person_id"],
                        "incident_id": v["incident_id"],
                        "arrest_date": "2025-06-01",
                        "charge": "PL 220.03",
                        "sealed": 0,
                    }
                    for v in inv
                    if v["role"] == "arrestee"
                ],
            )
        for t in KEYS:
            counts[t] = self.count(t)
        return counts
