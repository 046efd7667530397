"""What `civicfusion sync status` shows: per source, its last pass (status, counts,
error), each feed's watermark, and how long since a pass last completed (the lag)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from graph import cypher
from graph.db import Graph
from sources.database import shown, unpack


def passes(graph: Graph, source: str | None = None, last: int = 20) -> list[dict[str, Any]]:
    return graph.read(cypher.text("sync_passes"), {"source": source, "last": last})


def _when(value: Any) -> dt.datetime | None:
    return value.to_native() if hasattr(value, "to_native") else value


def ago(when: dt.datetime | None, now: dt.datetime | None = None) -> str:
    if when is None:
        return "never"
    secs = int(((now or dt.datetime.now(dt.UTC)) - when).total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if secs >= size:
            return f"{secs // size} {unit} ago"
    return f"{secs} s ago"


def summarise(
    rows: list[dict[str, Any]], registered: list[str], only: str | None = None
) -> list[tuple[str, ...]]:
    """One table row per source (registered ones without a pass say so)."""
    by: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by.setdefault(r["source"], []).append(r)
    names = sorted(set(by) | {n for n in registered if only in (None, n)})
    out = []
    for name in names:
        mine = by.get(name, [])
        if not mine:
            out.append((name, "-", "no pass yet", "-", "-", "-", "never"))
            continue
        last = mine[0]
        done = next((r for r in mine if r["status"] == "completed"), None)
        status = last["status"] + (f": {last['error']}" if last.get("error") else "")
        out.append(
            (
                name,
                str(last["load_id"]),
                status,
                f"{last['records'] or 0:,}",
                f"{last['removed'] or 0:,}",
                f"{last['quarantined'] or 0:,}",
                ago(_when(done["finished_at"]) if done else None),
            )
        )
    return out


def watermarks(rows: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(source, feed, watermark) from each source's latest pass: rows past it are next."""
    out, seen = [], set()
    for r in rows:
        if r["source"] in seen:
            continue
        seen.add(r["source"])
        for feed, packed in sorted(json.loads(r["watermarks"] or "{}").items()):
            out.append((r["source"], feed, shown(unpack(packed))))
    return out
