"""Evaluate the standing alerts after a load (only what that load wrote, by its load id) or
after a resolution run (what the subjects now hold), each alert with its owner's reach as it
is at delivery (clearances and agreements today), a cap on matches and on run time. New
matches go to the owner's inbox and, when SMTP is set and the alert has an address, by
e-mail that names the alert and the count only (no record content leaves by e-mail)."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from typing import Any

from access import audit, notices, sharing
from access.appdb import AppDB
from access.deconfliction import FUSION
from access.users import get_user
from graph import cypher, guarded, identifiers, questions
from graph.db import Graph
from graph.explore import loaded_agencies
from graph.scope import Scope
from settings import Settings
from watch import mail
from watch.alerts import Alert, listing, unseen

log = logging.getLogger("civicfusion.alerts")
MAX_MATCHES = 100  # matches one alert reports per run (the rest wait for the next)
TIMEOUT = 10.0  # seconds one alert's question may take


@dataclass(frozen=True)
class Delivery:
    alert: int
    owner: str
    new: int
    mailed: bool = False
    error: str = ""


def matches(
    graph: Graph, alert: Alert, scope: Scope, load: str | None
) -> list[tuple[str, str | None]]:
    """(key, label) of what the alert watches now (written by ``load``, or by any load): a
    record's uid and label, or a query row's hash (no label)."""
    t = alert.target
    base = {"load": load, "limit": MAX_MATCHES}
    if alert.kind == "subject":
        rows = guarded.read(graph, scope, cypher.text("alert_subject_clusters"), {"uid": t["uid"]},
                            TIMEOUT)  # fmt: skip
        clusters = [r["cluster"] for r in rows if r.get("cluster")]
        if not rows:
            return []  # the watched record is out of the owner's reach now
        stmt, params = cypher.text("alert_subject"), {"uids": [t["uid"]], "clusters": clusters}
    elif alert.kind == "identifier":
        label = identifiers.label_of(t["uid"])
        if label is None:
            return []
        stmt, params = cypher.render("alert_identifier", label=label), {"uid": t["uid"]}
    elif alert.kind == "place":
        stmt = cypher.text("alert_place")
        params = {"lat": t["lat"], "lon": t["lon"], "radius": t["radius_m"]}
    else:
        result = questions.run(graph, t["query"], t.get("params") or {}, scope)
        return [(_row_key(row), None) for row in result.rows[: MAX_MATCHES * 10]]
    rows = guarded.read(graph, scope, stmt, {**base, **params}, TIMEOUT)
    return [(str(r["key"]), r.get("label")) for r in rows][:MAX_MATCHES]


def _row_key(row: Any) -> str:
    text = json.dumps(row, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _scope(db: AppDB, owner: str, loaded: list[str]) -> Scope | None:
    """The owner's reach now (clearances and agreements in force), None if they read none."""
    user = get_user(db, owner)
    if user is None or user.disabled:
        return None
    return sharing.user_scope(db, user, lambda: loaded)


def baseline(db: AppDB, graph: Graph, alert: Alert) -> int:
    """Remember what the alert watches now, so that only what comes later is reported."""
    scope = _scope(db, alert.owner, loaded_agencies(graph))
    if scope is None:
        return 0
    return len(unseen(db, alert.id, [k for k, _ in matches(graph, alert, scope, None)]))


def evaluate(
    db: AppDB, graph: Graph, settings: Settings, load: str | None = None
) -> list[Delivery]:
    """Run every alert on what ``load`` wrote (every load when None); report new matches."""
    loaded = loaded_agencies(graph)
    reach: dict[str, Scope | None] = {}  # each owner's reach, worked out once per pass
    out: list[Delivery] = []
    for alert in listing(db):
        if alert.owner not in reach:
            reach[alert.owner] = _scope(db, alert.owner, loaded)
        scope = reach[alert.owner]
        if scope is None:
            continue  # the owner reads no case data now: nothing is delivered
        try:
            found = dict(matches(graph, alert, scope, load))
            fresh = unseen(db, alert.id, list(found))
        except Exception as exc:  # one alert's failure (a timeout...) never stops the others
            log.warning("alert %s of %s failed: %s", alert.id, alert.owner, exc)
            failed = {"alert": alert.id, "error": type(exc).__name__}
            audit.record(db, "alert-run", alert.owner, failed, outcome="error")
            out.append(Delivery(alert.id, alert.owner, 0, error=type(exc).__name__))
            continue
        if not fresh:
            continue
        records = fresh if alert.kind != "query" else []
        body = {"alert": alert.name, "watches": alert.what, "load": load, "count": len(fresh),
                "records": records, "labels": {k: found[k] for k in records}}  # fmt: skip
        key = notices.hit_key("alert", alert.id, load, *fresh)
        agency = scope.codes[0] if len(scope.codes) == 1 else FUSION
        notices.post(db, agency, "alert", key, body, username=alert.owner)
        mailed = False
        if settings.smtp_host and alert.email:
            mailed = mail.send_alert(settings, alert, len(fresh), load)
        told = {"alert": alert.id, "load": load, "new": len(fresh), "mailed": mailed}
        audit.record(db, "alert-match", alert.owner, told)
        out.append(Delivery(alert.id, alert.owner, len(fresh), mailed))
    return out
