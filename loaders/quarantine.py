"""The quarantine report: one CSV row per rejected piece of input (file, record, field, reason)."""

from __future__ import annotations

import csv
from pathlib import Path

from graph.records import Problem

HEADER = ("file", "record", "field", "reason")


class QuarantineReport:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self.sample: list[Problem] = []

    def add(self, problems: list[Problem]) -> None:
        if not problems:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        new = not self.path.exists()
        with self.path.open("a", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            if new:
                w.writerow(HEADER)
            for p in problems:
                w.writerow((p.file, p.record, p.field, p.reason))
        self.count += len(problems)
        self.sample += problems[: max(0, 20 - len(self.sample))]


def read_report(path: Path) -> list[Problem]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        return [Problem(**row) for row in csv.DictReader(fh)]
