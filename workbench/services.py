"""The process-wide things callbacks use: settings, the graph, the app database."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from graph.db import Graph
from graph.explore import loaded_agencies
from graph.settings import Settings
from workbench.appdb import AppDB
from workbench.users import User


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

    def cleared(self, user: User) -> list[str]:
        """The agencies whose records this user may see (need-to-know)."""
        if user.role not in ("analyst", "supervisor"):
            return []  # admins and auditors see no case data by default
        if user.all_agencies:
            return self.all_agencies()
        return list(user.agencies)


_services: Services | None = None


def install(services: Services) -> None:
    global _services
    _services = services


def services() -> Services:
    if _services is None:
        raise RuntimeError("the workbench is not set up: create it with workbench.app.create_app")
    return _services
