"""Deconfliction: two agencies working the same target, or planning operations at the same
place and time, are told so (RISS/HIDTA-style), with each other's contact and case or
operation reference, never the content of each other's records.

- **Case subjects**: saving a case chart registers its subjects (resolved subjects of the
  people on it and the shared identifiers: phones, plates, addresses...). When a case of
  another agency holds one of them, both agencies get a notice in their inbox.
- **Operations** (a planned search warrant, buy, surveillance...): a point, a radius and a
  time window. One that overlaps another agency's in space and time raises a notice to both
  at once (and a banner on the investigation page until dismissed).

A case or operation belongs to its owner's agency (``access.sharing.home_agency``); a user
cleared for several agencies names the agency an operation is for.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from access import agencies as agency_records
from access import audit, notices
from access.appdb import AppDB
from access.sharing import home_agency
from access.users import User

KINDS = ("search warrant", "buy", "surveillance", "arrest", "other")
FUSION = "FUSION"  # the agency of a case whose owner works for several (the fusion center)


class OperationError(ValueError):
    """An operation that cannot be registered (the message says which field and why)."""


# -- case subjects ---------------------------------------------------------------------------
def case_keys(state: Mapping[str, Any]) -> dict[str, str]:
    """A stored chart's subjects: key -> what it is ("same subject", "same phone"...). A
    person is keyed by its resolved subject (so two agencies' records of one person meet),
    a shared identifier by its node."""
    keys: dict[str, str] = {}
    for el in (state.get("elements") or {}).values():
        data = (el or {}).get("data") or {}
        if "source" in data:
            continue  # a link
        if data.get("type") == "Person" and data.get("cluster"):
            keys[f"subject:{data['cluster']}"] = "same subject"
        elif data.get("shared") and data.get("id"):
            keys[f"ident:{data['id']}"] = f"same {str(data.get('type') or 'identifier').lower()}"
    return keys


@dataclass(frozen=True)
class Overlap:
    agency: str  # the other agency
    reference: str  # its case number or operation reference
    what: str  # what the two have in common, in words (no values)


def register_case(
    db: AppDB, case_id: int, owner: User, case_number: str, state: Mapping[str, Any]
) -> list[Overlap]:
    """Register a saved case chart's subjects and tell both sides of every other agency's
    case that holds one of them (once per pair of cases and kind of overlap)."""
    agency = home_agency(owner) or FUSION
    keys = case_keys(state)
    with db.connect() as con:
        con.execute("DELETE FROM case_subjects WHERE case_id = ?", (case_id,))
        con.executemany(
            "INSERT INTO case_subjects (case_id, agency, owner, reference, key) VALUES (?,?,?,?,?)",
            [(case_id, agency, owner.username, case_number, k) for k in keys],
        )
        rows = con.execute(
            "SELECT case_id, agency, owner, reference, key FROM case_subjects"
            f" WHERE agency != ? AND key IN ({','.join('?' * len(keys))})",
            (agency, *keys),
        ).fetchall() if keys else []  # fmt: skip
    found: dict[tuple[int, str], dict[str, Any]] = {}
    for r in rows:
        found.setdefault((r["case_id"], keys[r["key"]]), dict(r))
    out = []
    for (other_id, what), r in sorted(found.items(), key=lambda kv: kv[0]):
        pair = sorted([case_id, other_id])
        mine = {"reference": case_number, "agency": agency, "owner": owner.username}
        theirs = {"reference": r["reference"], "agency": r["agency"], "owner": r["owner"]}
        _tell_both(db, "deconfliction-case", ("case", *pair, what), mine, theirs, what)
        out.append(Overlap(r["agency"], r["reference"], what))
    return out


# -- operations ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Operation:
    agency: str
    owner: str
    kind: str
    reference: str  # the agency's operation or case number
    lat: float
    lon: float
    radius_m: float
    starts: str  # ISO date-time (UTC)
    ends: str
    id: int = 0


def _when(value: str, what: str) -> str:
    try:
        t = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise OperationError(
            f"{what} {value!r} is not a date and time (YYYY-MM-DDTHH:MM)"
        ) from None
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.UTC)
    return t.astimezone(dt.UTC).isoformat(timespec="minutes")


def checked(db: AppDB, op: Operation, by: User) -> Operation:
    agency = op.agency.strip().upper()
    if agency_records.get(db, agency) is None:
        raise OperationError(f"agency {agency!r} is not described: civicfusion agencies add")
    if not (by.all_agencies or agency in by.agencies):
        raise OperationError(f"{by.username} does not work for {agency}")
    if op.kind not in KINDS:
        raise OperationError(f"kind {op.kind!r} is not one of {', '.join(KINDS)}")
    if not op.reference.strip():
        raise OperationError("an operation needs a reference (operation or case number)")
    if not (-90 <= op.lat <= 90 and -180 <= op.lon <= 180):
        raise OperationError(f"{op.lat}, {op.lon} is not a latitude, longitude")
    if not 0 < op.radius_m <= 50_000:
        raise OperationError("the radius is between 1 m and 50 km")
    starts, ends = _when(op.starts, "start"), _when(op.ends, "end")
    if ends <= starts:
        raise OperationError(f"the end {ends} is not after the start {starts}")
    return Operation(agency, by.username, op.kind, op.reference.strip(), op.lat, op.lon,
                     op.radius_m, starts, ends)  # fmt: skip


def metres_apart(a: Operation, b: Operation) -> float:
    """Great-circle distance between two operations' points (haversine, mean Earth radius)."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


def overlaps(a: Operation, b: Operation) -> bool:
    """Whether two operations' areas touch and their windows share a moment."""
    return metres_apart(a, b) <= a.radius_m + b.radius_m and a.starts < b.ends and b.starts < a.ends


def _op(r: Any) -> Operation:
    return Operation(**{f.name: r[f.name] for f in fields(Operation)})


def add_operation(db: AppDB, op: Operation, by: User) -> tuple[Operation, list[Overlap]]:
    """Register an operation (checked, audited) and tell both sides of each overlap with
    another agency's operation at once."""
    new = checked(db, op, by)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with db.connect() as con:
        cur = con.execute(
            "INSERT INTO operations (agency, owner, kind, reference, lat, lon, radius_m, starts,"
            " ends, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (new.agency, new.owner, new.kind, new.reference, new.lat, new.lon, new.radius_m,
             new.starts, new.ends, now),
        )  # fmt: skip
        new_id = int(cur.lastrowid or 0)
        others = [
            _op(r)
            for r in con.execute(
                "SELECT * FROM operations WHERE agency != ? AND ends > ? AND starts < ?",
                (new.agency, new.starts, new.ends),
            ).fetchall()
        ]
    new = Operation(**{**new.__dict__, "id": new_id})
    audit.record(db, "operation-add", by.username,
                 {"operation": new_id, "agency": new.agency, "kind": new.kind,
                  "reference": new.reference})  # fmt: skip
    out = []
    for other in others:
        if not overlaps(new, other):
            continue
        apart = round(metres_apart(new, other))
        what = f"operations overlap: {apart} m apart, at the same time"
        mine = {"reference": new.reference, "agency": new.agency, "owner": new.owner}
        theirs = {"reference": other.reference, "agency": other.agency, "owner": other.owner}
        _tell_both(db, "deconfliction-operation", ("op", *sorted([new_id, other.id])),
                   mine, theirs, what)  # fmt: skip
        out.append(Overlap(other.agency, other.reference, what))
    return new, out


def operations(db: AppDB, agencies: Iterable[str]) -> list[Operation]:
    """The operations of these agencies (their own only), latest first."""
    codes = sorted(set(agencies))
    if not codes:
        return []
    with db.connect() as con:
        rows = con.execute(
            f"SELECT * FROM operations WHERE agency IN ({','.join('?' * len(codes))})"
            " ORDER BY starts DESC",
            codes,
        ).fetchall()
    return [_op(r) for r in rows]


# -- both sides are told ---------------------------------------------------------------------
def _tell_both(
    db: AppDB,
    kind: str,
    pair: tuple[Any, ...],
    a: dict[str, str],
    b: dict[str, str],
    what: str,
) -> None:
    """A notice to each agency naming the other's reference and contact (once per pair)."""
    registry = agency_records.by_code(db)
    key = notices.hit_key(*pair, what)
    for me, other in ((a, b), (b, a)):
        contact = registry[other["agency"]].contact if other["agency"] in registry else ""
        body = {
            "your_reference": me["reference"],
            "their_agency": other["agency"],
            "their_reference": other["reference"],
            "their_owner": other["owner"],
            "their_contact": contact,
            "what": what,
        }
        if notices.post(db, me["agency"], kind, key, body):
            audit.record(db, kind, None, {"to": me["agency"], **body})
