"""The process-wide things callbacks use: settings, the graph, the app database."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from access.appdb import AppDB
from access.users import User
from graph.db import Graph
from graph.explore import loaded_agencies
from graph.scope import NoClearance, Scope
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
        """The user's reach (need-to-know), built from the signed-in user only; None when
        they may read no case data (admins and auditors, or no clearance at all): the
        graph's read path refuses None, so that cannot turn into "no filter"."""
        if user.role not in ("analyst", "supervisor"):
            return None  # admins and auditors see no case data by default
        codes = self.all_agencies() if user.all_agencies else list(user.agencies)
        try:
            return Scope.cleared(user.username, codes)
        except NoClearance:
            return None


_services: Services | None = None


def install(services: Services) -> None:
    global _services
    _services = services


def services() -> Services:
    if _services is None:
        raise RuntimeError("the workbench is not set up: create it with workbench.app.create_app")
    return _services
