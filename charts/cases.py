"""Case charts: a chart saved under a case number and title, with notes, its whole undo
history, where every node was drawn, and the links it knew about, so that reopening it shows
what changed in the graph since. Shared case charts open for users cleared for every agency
whose records are on them (need to know); everyone else does not learn they exist."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from access import audit
from access.appdb import AppDB
from access.audit import utcnow
from charts.chart import reaches
from graph.scope import Scope

MAX_NOTES = 4000


@dataclass(frozen=True)
class CaseChart:
    id: int
    owner: str
    case_number: str
    title: str
    notes: str
    agencies: list[str]
    shared: bool
    state: dict[str, Any]
    positions: dict[str, tuple[float, float]]
    known_links: list[str]
    saved_at: str

    @property
    def label(self) -> str:
        return f"{self.case_number} - {self.title}"


def _row(r: Any) -> CaseChart:
    return CaseChart(
        id=r["id"],
        owner=r["owner"],
        case_number=r["case_number"],
        title=r["title"],
        notes=r["notes"],
        agencies=sorted(set(json.loads(r["agencies"])) | agencies_in(json.loads(r["state"]))),
        shared=bool(r["shared"]),
        state=json.loads(r["state"]),
        positions={k: (float(v[0]), float(v[1])) for k, v in json.loads(r["positions"]).items()},
        known_links=json.loads(r["known_links"]),
        saved_at=r["saved_at"],
    )


def agencies_in(state: dict[str, Any]) -> set[str]:
    """Agencies of every record anywhere in a stored chart: every step of its history, not
    only the one on screen (undo and "go back to step" would show the others)."""
    return {
        str(el["data"]["agency"])
        for el in (state.get("elements") or {}).values()
        if isinstance(el, dict) and (el.get("data") or {}).get("agency")
    }


def may_open(case: CaseChart, viewer: str, cleared: Scope | Iterable[str]) -> bool:
    """Only a viewer who reaches every record anywhere in the chart's history may open it
    (the owner too: a clearance or an agreement can end after the chart was saved). A
    Scope reaches a record by clearance or by the class an agreement shares in full."""
    if not (case.owner == viewer or case.shared):
        return False
    if not isinstance(cleared, Scope):
        return set(case.agencies) <= set(cleared)
    records = [
        el["data"]
        for el in (case.state.get("elements") or {}).values()
        if isinstance(el, dict) and (el.get("data") or {}).get("agency")
    ]
    stored = set(case.agencies) - {str(d["agency"]) for d in records}
    return stored <= cleared.agencies and all(reaches(cleared, d) for d in records)


def save(
    db: AppDB,
    owner: str,
    case_number: str,
    title: str,
    notes: str,
    shared: bool,
    state: dict[str, Any],
    agencies: list[str],
    positions: dict[str, tuple[float, float]],
    known_links: list[str],
) -> int:
    """Save (or save over: same owner, case number and title) a case chart; returns its id."""
    case_number, title = case_number.strip(), title.strip()
    if not case_number or not title:
        raise ValueError("A case chart needs a case number and a title.")
    if len(case_number) > 80 or len(title) > 120:
        raise ValueError("Case number (80) or title (120 characters) too long.")
    with db.connect() as con:
        con.execute(
            "INSERT INTO case_charts (owner, case_number, title, notes, agencies, shared, state,"
            " positions, known_links, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(owner, case_number, title) DO UPDATE SET notes = excluded.notes, "
            "agencies = excluded.agencies, shared = excluded.shared, state = excluded.state, "
            "positions = excluded.positions, known_links = excluded.known_links, "
            "saved_at = excluded.saved_at",
            (
                owner,
                case_number,
                title,
                (notes or "")[:MAX_NOTES],
                json.dumps(sorted(set(agencies) | agencies_in(state))),
                int(shared),
                json.dumps(state, separators=(",", ":")),
                json.dumps(positions, separators=(",", ":")),
                json.dumps(sorted(set(known_links)), separators=(",", ":")),
                utcnow(),
            ),
        )
        row = con.execute(
            "SELECT id FROM case_charts WHERE owner = ? AND case_number = ? AND title = ?",
            (owner, case_number, title),
        ).fetchone()
    return int(row["id"])


def get(db: AppDB, case_id: int, viewer: str, cleared: Iterable[str]) -> CaseChart | None:
    """The case chart if the viewer may open it, else None (as if it did not exist)."""
    with db.connect() as con:
        row = con.execute("SELECT * FROM case_charts WHERE id = ?", (int(case_id),)).fetchone()
    case = _row(row) if row else None
    return case if case and may_open(case, viewer, cleared) else None


def listing(
    db: AppDB, viewer: str, cleared: Iterable[str], case_number: str = ""
) -> list[CaseChart]:
    """The viewer's own case charts and those shared with them, by case number, newest first."""
    with db.connect() as con:
        rows = con.execute(
            "SELECT * FROM case_charts WHERE (owner = ? OR shared = 1) "
            "AND (? = '' OR case_number LIKE ?) ORDER BY case_number, saved_at DESC",
            (viewer, case_number, f"%{case_number}%"),
        ).fetchall()
    return [c for c in map(_row, rows) if may_open(c, viewer, cleared)]


def set_shared(db: AppDB, case_id: int, owner: str, shared: bool) -> bool:
    with db.connect() as con:
        n = con.execute(
            "UPDATE case_charts SET shared = ? WHERE id = ? AND owner = ?",
            (int(shared), int(case_id), owner),
        ).rowcount
    return n == 1


def delete(db: AppDB, case_id: int, owner: str) -> bool:
    with db.connect() as con:
        n = con.execute(
            "DELETE FROM case_charts WHERE id = ? AND owner = ?", (int(case_id), owner)
        ).rowcount
        if n:  # its subjects no longer deconflict
            con.execute("DELETE FROM case_subjects WHERE case_id = ?", (int(case_id),))
    return n == 1


def scrub_state(state: dict[str, Any], gone_ids: set[str]) -> set[str]:
    """Take ``gone_ids`` (and the links that touch them) out of a stored chart state: its
    elements, every step of its history and its positions. Returns the element ids taken."""
    elements: dict[str, Any] = state.get("elements") or {}
    gone = {k for k in elements if k in gone_ids}
    ends = {k: (el.get("data") or {}) for k, el in elements.items() if isinstance(el, dict)}
    gone |= {k for k, d in ends.items() if {d.get("source"), d.get("target")} & gone}
    if not gone:
        return gone
    state["elements"] = {k: v for k, v in elements.items() if k not in gone}
    for step in state.get("steps") or []:
        for part in ("nodes", "edges", "hidden", "pinned", "highlight"):
            if isinstance(step.get(part), list):
                step[part] = [x for x in step[part] if x not in gone]
    state["positions"] = {k: v for k, v in (state.get("positions") or {}).items() if k not in gone}
    return gone


def scrub(db: AppDB, uids: Iterable[str]) -> list[tuple[int, str, int]]:
    """Take removed records (sealed, expunged, deleted at the source, purged) out of every
    stored chart: each case chart (every step of its history, its drawn positions, the links
    it knew), each user's working chart, and the deconfliction keys of removed identifiers,
    so reopening or exporting a chart never shows them. Returns (case id, case label,
    elements taken out) for each case chart that held any."""
    gone_ids = set(uids)
    if not gone_ids:
        return []
    out: list[tuple[int, str, int]] = []
    dump = functools.partial(json.dumps, separators=(",", ":"))
    with db.connect() as con:
        rows = con.execute(
            "SELECT id, case_number, title, state, positions, known_links FROM case_charts"
        ).fetchall()
        for r in rows:
            state = json.loads(r["state"])
            gone = scrub_state(state, gone_ids)
            known = json.loads(r["known_links"])
            if not gone and not gone_ids & set(known):
                continue
            positions = {k: v for k, v in json.loads(r["positions"]).items() if k not in gone}
            known = [k for k in known if k not in gone and k not in gone_ids]
            con.execute(
                "UPDATE case_charts SET state = ?, positions = ?, known_links = ? WHERE id = ?",
                (dump(state), dump(positions), dump(known), r["id"]),
            )
            out.append((r["id"], f"{r['case_number']} - {r['title']}", len(gone)))
        for r in con.execute("SELECT chart_id, state FROM charts").fetchall():
            state = json.loads(r["state"])
            if scrub_state(state, gone_ids):
                con.execute(
                    "UPDATE charts SET state = ? WHERE chart_id = ?", (dump(state), r["chart_id"])
                )
        con.executemany(
            "DELETE FROM case_subjects WHERE key = ?", [(f"ident:{u}",) for u in sorted(gone_ids)]
        )
    return out


def scrub_recorded(
    db: AppDB, uids: Iterable[str], who: str, action: str, detail: dict[str, Any], client: str
) -> list[tuple[int, str, int]]:
    """``scrub``, and when case charts held any of the records, one audit entry naming
    them (``action``, with ``detail``: what removed the records)."""
    taken = scrub(db, uids)
    if taken:
        cited = [{"case_id": c, "case": label, "elements": n} for c, label, n in taken]
        audit.record(db, action, who, {**detail, "cases": cited}, client)
    return taken
