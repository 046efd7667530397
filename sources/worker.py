"""``civicfusion sync worker``: one process that runs each registered source's pass on the
source's own interval, one pass at a time, until it is stopped (SIGTERM or Ctrl-C end it
after the pass under way). A plain loop, no scheduler library: passes are minutes apart,
must never overlap on one source, and each already resumes from the graph's watermarks, so
nothing is kept in memory between them. ``civicfusion sync run`` from cron does the same
job where an agency prefers cron."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable

from graph.db import Graph
from settings import Settings
from sources import registry
from sources.sync import PassSummary, run_pass


class Worker:
    def __init__(
        self, graph: Graph, settings: Settings, report: Callable[[PassSummary], None]
    ) -> None:
        self.graph, self.settings, self.report = graph, settings, report
        self.next_run: dict[str, float] = {}
        self.stopping = False

    def stop(self, *_: object) -> None:
        self.stopping = True

    def tick(self) -> float:
        """Run every source that is due; returns the seconds until the next one is."""
        now = time.monotonic()
        wait = 60.0
        for spec in registry.registered(self.settings):
            if self.stopping:
                break
            due = self.next_run.get(spec.name, now)
            if due <= now:
                self.report(run_pass(self.graph, self.settings, spec))
                due = time.monotonic() + spec.interval
                self.next_run[spec.name] = due
            wait = min(wait, max(due - time.monotonic(), 0.0))
        return wait

    def run(self, passes: int | None = None) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        done = 0
        while not self.stopping:
            wait = self.tick()
            done += 1
            if passes is not None and done >= passes:
                return
            end = time.monotonic() + wait
            while not self.stopping and time.monotonic() < end:
                time.sleep(min(1.0, end - time.monotonic()))
