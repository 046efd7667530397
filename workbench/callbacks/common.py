"""What every callback needs: the signed-in user, their clearances, their chart, the audit."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from dash.exceptions import PreventUpdate
from flask import request, session
from flask_login import current_user

from access import agencies as agency_records
from access import audit, notices
from access.agencies import Agency
from access.audit import utcnow
from access.users import User
from charts.chart import ChartState
from graph import pointers
from graph.guarded import Pointer
from graph.scope import Scope
from workbench.services import Services, services


def me() -> tuple[User, Services, Scope | None]:
    """The signed-in user, the services and the user's scope (None: no case data)."""
    s = services()
    user: User = current_user._get_current_object()  # type: ignore[attr-defined]
    return user, s, s.cleared(user)


def investigator() -> tuple[User, Services, Scope]:
    """``me()`` for callbacks that read case data: no update at all without a scope (an
    investigator cleared for nothing loaded yet)."""
    user, s, scope = me()
    if scope is None:
        raise PreventUpdate
    return user, s, scope


_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


@contextmanager
def chart_lock(user: User) -> Iterator[None]:
    """One chart change at a time per user: load, change and save never interleave (two
    requests of one browser can run at once on the server's threads)."""
    with _locks_guard:
        lock = _locks.setdefault(user.username, threading.Lock())
    with lock:
        yield


def chart_id(user: User) -> str:
    return f"working:{user.username}"


def load_chart(user: User, s: Services) -> ChartState:
    return ChartState.from_dict(
        s.db.load_chart(chart_id(user), user.username), s.settings.history_steps
    )


def save_chart(user: User, s: Services, chart: ChartState) -> None:
    s.db.save_chart(chart_id(user), user.username, chart.to_dict(), utcnow())


def record(action: str, detail: dict[str, Any] | None = None, outcome: str = "ok") -> None:
    """An audit entry for the signed-in user; the stated case/purpose goes with it."""
    user, s, _ = me()
    detail = dict(detail or {})
    if session.get("purpose"):
        detail.setdefault("purpose", session["purpose"])
    audit.record(s.db, action, user.username, detail, request.remote_addr, outcome)


PURPOSE_REQUIRED = "State a case number or purpose (top bar) first: your agency requires it."


def purpose_missing() -> str | None:
    """The refusal message when a purpose is required and none is stated, else None."""
    _, s, _ = me()
    if s.settings.require_purpose and not (session.get("purpose") or "").strip():
        return PURPOSE_REQUIRED
    return None


def browser_positions(data: Any) -> dict[str, tuple[float, float]]:
    """Node id -> (x, y) as the browser drew them (clientside `civicfusion.positions`);
    entries without a usable position are left out (they get a seeded layout)."""
    out: dict[str, tuple[float, float]] = {}
    for k, v in ((data or {}).get("positions") or {}).items():
        try:
            out[str(k)] = (float(v[0]), float(v[1]))
        except (TypeError, ValueError, IndexError):
            continue
    return out


def pointed(
    user: User,
    s: Services,
    cleared: Scope,
    surface: str,
    asked: str,
    ask: Callable[[Scope], list[Pointer]],
) -> list[tuple[Pointer, Agency | None]]:
    """What other agencies hold (``ask`` runs graph.pointers with the user's pointer
    scope), with each owner's record for its contact; each owner told once per hit and the
    hit audited on both sides; [] when no agreement points this user anywhere."""
    pointer = s.pointer(user, cleared)
    if pointer is None:
        return []
    hits = ask(pointer)
    if not hits:
        return []
    purpose = session.get("purpose") or ""
    notices.pointer_hits(s.db, hits, user.username, cleared.codes, purpose, surface, asked)
    registry = agency_records.by_code(s.db)
    return [(hit, registry.get(hit.agency)) for hit in hits]


def subject_held(
    user: User, s: Services, cleared: Scope, surface: str, uid: str
) -> list[tuple[Pointer, Agency | None]]:
    """``pointed`` for the subject of one of the user's person records (details, expand,
    a library query about a subject)."""
    return pointed(user, s, cleared, surface, uid,
                   lambda p: pointers.subject(s.graph, uid, cleared, p))  # fmt: skip
