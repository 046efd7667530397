"""The process-wide things callbacks use: settings, the graph, the app database."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from flask import g, has_request_context

from access import sharing
from access.appdb import AppDB
from access.users import User
from graph.db import Graph
from graph.explore import loaded_agencies
from graph.scope import Scope
from settings import Settings


@dataclass
class Services:
    settings: Settings
    graph: Graph
    db: AppDB
    _agencies: tuple[float, list[str]] = (0.0, [])
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def all_agencies(self) -> list[str]:
        """Agencies with data in the graph (cached for a minute)."""
        with self._lock:
            at, codes = self._agencies
            if time.monotonic() - at > 60 or not codes:
                codes = loaded_agencies(self.graph)
                self._agencies = (time.monotonic(), codes)
            return list(codes)

    def cleared(self, user: User) -> Scope | None:
        """The user's reach (need-to-know: clearances plus what agreements share in full),
        built from the signed-in user only; None when they may read no case data (admins
        and auditors, or no clearance at all): the graph's read path refuses None, so that
        cannot turn into "no filter"."""
        return sharing.user_scope(self.db, user, self.all_agencies, self._reach)

    def pointer(self, user: User, cleared: Scope) -> Scope | None:
        """The owners whose agreements point this user to some of their records, or None."""
        return sharing.pointer_scope(self.db, user, cleared, self._reach)

    def _reach(self, user: User, codes: list[str]) -> sharing.Reach:
        """What agreements give the user, read once per request (a callback asks for the
        scope and then for the pointer scope)."""
        memo: dict = g.setdefault("civicfusion_reach", {}) if has_request_context() else {}
        key = (user.username, tuple(codes))
        if key not in memo:
            memo[key] = sharing.reach(self.db, user, codes)
        return memo[key]


_services: Services | None = None


def install(services: Services) -> None:
    global _services
    _services = services


def services() -> Services:
    if _services is None:
        raise RuntimeError("the workbench is not set up: create it with workbench.app.create_app")
    return _services
