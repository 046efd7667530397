"""Standing alerts: a user watches a subject, an identifier, a place or a saved query, and is
told of what each load (and each resolution run) adds to it.

An alert is kept in the app database with what it watches (``target``). The matches already
reported, and those there when the alert was set, are remembered (``alert_seen``): a match
is reported once, however often a load is replayed.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from access import audit
from access.appdb import AppDB
from access.users import User
from graph.identifiers import email as checked_email

KINDS = {
    "subject": "a person (every record of the resolved subject)",
    "identifier": "a phone, plate, address, e-mail, document or weapon (shared node uid)",
    "place": "a place: a point and a radius",
    "query": "a saved query's answer",
}


class AlertError(ValueError):
    """An alert that cannot be set (the message says which part and why)."""


@dataclass(frozen=True)
class Alert:
    id: int
    owner: str
    name: str
    kind: str
    target: dict[str, Any]
    email: str = ""
    created_at: str = ""

    @property
    def what(self) -> str:
        t = self.target
        if self.kind == "place":
            return f"within {t['radius_m']:.0f} m of {t['lat']:.5f}, {t['lon']:.5f}"
        if self.kind == "query":
            return f"query {t['query']} {json.dumps(t.get('params') or {})}"
        return f"{self.kind} {t['uid']}"


def checked_target(kind: str, target: dict[str, Any]) -> dict[str, Any]:
    if kind not in KINDS:
        raise AlertError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    if kind in ("subject", "identifier"):
        uid = str(target.get("uid") or "").strip()
        if not uid:
            raise AlertError(f"a {kind} alert names the record it watches (its uid)")
        return {"uid": uid}
    if kind == "place":
        try:
            lat, lon, radius = (float(target[k]) for k in ("lat", "lon", "radius_m"))
        except (KeyError, TypeError, ValueError):
            raise AlertError("a place alert needs a latitude, a longitude and a radius") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not 0 < radius <= 50_000:
            raise AlertError(f"{lat}, {lon} within {radius} m is not a place on Earth (≤ 50 km)")
        return {"lat": lat, "lon": lon, "radius_m": radius}
    name = str(target.get("query") or "").strip()
    if not name:
        raise AlertError("a query alert names a saved query")
    return {"query": name, "params": dict(target.get("params") or {})}


def add(
    db: AppDB, owner: User, name: str, kind: str, target: dict[str, Any], email: str = ""
) -> Alert:
    """Store a new alert (checked; audited). The caller records what is already there as
    seen (``evaluate.baseline``), so only what comes later is reported."""
    if owner.role not in ("analyst", "supervisor"):
        raise AlertError(f"{owner.username} ({owner.role}) reads no case data to be alerted to")
    if not name.strip():
        raise AlertError("an alert needs a name")
    mail = ""
    if email.strip():
        mail = checked_email(email.strip()) or ""
        if not mail:
            raise AlertError(f"{email!r} is not an e-mail address")
    tgt = checked_target(kind, target)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with db.connect() as con:
        cur = con.execute(
            "INSERT INTO alerts (owner, name, kind, target, email, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (owner.username, name.strip(), kind, json.dumps(tgt, sort_keys=True), mail, now),
        )
        alert_id = int(cur.lastrowid or 0)
    audit.record(db, "alert-add", owner.username,
                 {"alert": alert_id, "name": name.strip(), "kind": kind, "target": tgt,
                  "email": bool(mail)})  # fmt: skip
    return Alert(alert_id, owner.username, name.strip(), kind, tgt, mail, now)


def _alert(r: Any) -> Alert:
    return Alert(r["id"], r["owner"], r["name"], r["kind"], json.loads(r["target"]),
                 r["email"], r["created_at"])  # fmt: skip


def listing(db: AppDB, owner: str | None = None) -> list[Alert]:
    """Every alert (of one owner), oldest first."""
    sql, args = "SELECT * FROM alerts", ()
    if owner:
        sql, args = sql + " WHERE owner = ?", (owner,)
    with db.connect() as con:
        return [_alert(r) for r in con.execute(sql + " ORDER BY id", args).fetchall()]


def remove(db: AppDB, alert_id: int, owner: User) -> bool:
    with db.connect() as con:
        n = con.execute(
            "DELETE FROM alerts WHERE id = ? AND owner = ?", (alert_id, owner.username)
        ).rowcount
        con.execute("DELETE FROM alert_seen WHERE alert_id = ? AND ?", (alert_id, n))
    audit.record(db, "alert-remove", owner.username, {"alert": alert_id},
                 outcome="ok" if n else "denied")  # fmt: skip
    return n == 1


def unseen(db: AppDB, alert_id: int, keys: list[str]) -> list[str]:
    """The keys not yet reported for this alert, now remembered as reported."""
    fresh: list[str] = []
    with db.connect() as con:
        for key in dict.fromkeys(keys):
            cur = con.execute(
                "INSERT OR IGNORE INTO alert_seen (alert_id, key) VALUES (?, ?)", (alert_id, key)
            )
            if cur.rowcount == 1:
                fresh.append(key)
    return fresh
