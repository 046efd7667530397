"""An agency's inbox: notices to a data owner (a partner's pointer hit on its records, later
deconfliction and alerts). Every user cleared for the agency reads its inbox. A notice says
who asked, for what purpose and on which fields it matched, never the content of a record.

One notice per hit: ``hit_key`` names the hit (the same person asking the same question
again the same day is the same hit), and a second ``post`` of it is a no-op.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from access import audit
from access.appdb import AppDB

KINDS = {
    "pointer-hit": "Pointer hit on your records",
    "deconfliction-case": "Deconfliction: another agency's case shares a subject with yours",
    "deconfliction-operation": "Deconfliction: operations overlap in place and time",
    "alert": "Standing alert: new matches",
}


@dataclass(frozen=True)
class Notice:
    id: int
    agency: str
    kind: str
    at: str
    body: dict[str, Any]
    dismissed_by: str | None = None
    username: str | None = None  # a notice to one user (a standing alert), not the agency

    @property
    def title(self) -> str:
        return KINDS.get(self.kind, self.kind)


def hit_key(*parts: object) -> str:
    """A stable key for one hit from what identifies it (hashed: the key holds no text)."""
    text = json.dumps([str(p) for p in parts], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def post(
    db: AppDB, agency: str, kind: str, key: str, body: dict[str, Any], username: str | None = None
) -> bool:
    """Put a notice in an agency's inbox (or, given ``username``, in that user's only);
    False when this hit was already posted."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with db.connect() as con:
        cur = con.execute(
            "INSERT OR IGNORE INTO notices (agency, username, kind, hit_key, at, body)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (agency, username, kind, key, now, json.dumps(body, sort_keys=True)),
        )
        return cur.rowcount == 1


def inbox(
    db: AppDB, agencies: Iterable[str], username: str | None = None, include_dismissed: bool = False
) -> list[Notice]:
    """The notices of these agencies (those to the agency, not to one of its users) and,
    given ``username``, that user's own; newest first."""
    codes = sorted(set(agencies))
    marks = ",".join("?" * len(codes))
    sql = (
        f"SELECT * FROM notices WHERE ((agency IN ({marks}) AND username IS NULL) OR username = ?)"
    )
    if not include_dismissed:
        sql += " AND dismissed_at IS NULL"
    with db.connect() as con:
        rows = con.execute(sql + " ORDER BY id DESC", (*codes, username or "\0")).fetchall()
    return [
        Notice(r["id"], r["agency"], r["kind"], r["at"], json.loads(r["body"]),
               r["dismissed_by"], r["username"])
        for r in rows
    ]  # fmt: skip


def dismiss(db: AppDB, notice_id: int, agencies: Iterable[str], by: str) -> bool:
    """Mark a notice read: one of the user's agencies' or the user's own; False if not
    theirs."""
    codes = sorted(set(agencies))
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    marks = ",".join("?" * len(codes))
    with db.connect() as con:
        cur = con.execute(
            "UPDATE notices SET dismissed_by = ?, dismissed_at = ? WHERE id = ?"
            f" AND ((agency IN ({marks}) AND username IS NULL) OR username = ?)"
            " AND dismissed_at IS NULL",
            (by, now, notice_id, *codes, by),
        )
        return cur.rowcount == 1


def pointer_hits(
    db: AppDB,
    hits: Iterable[Any],
    user: str,
    requesting: Iterable[str],
    purpose: str,
    surface: str,
    asked: str,
) -> int:
    """Tell each owner of a pointer hit (``hits``: graph.guarded.Pointer) who asked, for
    which stated purpose and what matched, once per hit (the same user asking the same
    thing the same day); audited on both sides: ``pointer-hit`` for the person who asked,
    ``pointer-notice`` for the owner. Returns how many notices were new."""
    day = dt.date.today().isoformat()
    agencies = sorted(set(requesting))
    new = 0
    for hit in hits:
        body = {
            "requesting_agencies": agencies,
            "user": user,
            "purpose": purpose,
            "surface": surface,
            "matched_on": list(hit.matched_on),
            "records": hit.records,
        }
        key = hit_key(hit.agency, user, surface, asked, day)
        posted = post(db, hit.agency, "pointer-hit", key, body)
        new += posted
        detail = {
            "owner": hit.agency,
            "records": hit.records,
            "matched_on": list(hit.matched_on),
            "surface": surface,
            "purpose": purpose,
        }
        audit.record(db, "pointer-hit", user, detail)
        if posted:
            audit.record(db, "pointer-notice", None, {**body, "owner": hit.agency})
    return new
