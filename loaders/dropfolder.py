"""Drop-folder exchanges for file-based partners: files a partner drops into a folder are
loaded, then moved to ``done/`` (with their quarantine report, if any rows were refused) or
to ``quarantine/`` (nothing loaded, or the file could not be read at all, with a line saying
why). One pass is one call (cron-friendly: ``civicfusion sync drop``).

A file is taken only once it has settled (not written to for ``settle`` seconds; names
ending in .part, .tmp or starting with a dot are in transfer and left alone), and it is
claimed by an atomic rename into ``.working/`` before it is read: two passes running at
once never load one file twice, and a file dropped while a pass runs is taken by the next.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from graph.db import Graph
from loaders.pipeline import LoadRequest, run_load
from settings import Settings

IN_TRANSFER = (".part", ".tmp", ".crdownload")


@dataclass(frozen=True)
class Dropped:
    name: str
    outcome: str  # loaded | quarantined
    load_id: str = ""
    records: int = 0
    refused: int = 0
    moved_to: str = ""
    why: str = ""


def waiting(folder: Path, settle: float) -> list[Path]:
    """The files ready to take, oldest first."""
    now = time.time()
    ready = []
    for p in folder.iterdir():
        if not p.is_file() or p.name.startswith(".") or p.name.endswith(IN_TRANSFER):
            continue
        if now - p.stat().st_mtime < settle:
            continue  # still being written (or just finished): the next pass takes it
        ready.append(p)
    return sorted(ready, key=lambda p: (p.stat().st_mtime, p.name))


def _claim(path: Path, working: Path) -> Path | None:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    target = working / f"{stamp}-{path.name}"
    try:
        os.rename(path, target)  # atomic on one filesystem: one pass wins
    except FileNotFoundError:
        return None  # another pass took it
    return target


def one_pass(
    graph: Graph,
    settings: Settings,
    folder: Path,
    fmt: str,
    agency: str,
    options: dict | None = None,
    source_system: str | None = None,
    settle: float = 2.0,
) -> list[Dropped]:
    """Load every settled file of ``folder`` once, and move it where it belongs."""
    folder = Path(folder)
    working, done, quarantine = (folder / d for d in (".working", "done", "quarantine"))
    for d in (working, done, quarantine):
        d.mkdir(exist_ok=True)
    out: list[Dropped] = []
    for path in waiting(folder, settle):
        claimed = _claim(path, working)
        if claimed is None:
            continue
        req = LoadRequest(fmt, [claimed], agency, source_system, dict(options or {}))
        try:
            summary = run_load(graph, settings, req)
        except Exception as exc:  # an unreadable file or a bad mapping: quarantined, said why
            moved = quarantine / claimed.name
            shutil.move(claimed, moved)
            why = f"{type(exc).__name__}: {exc}".splitlines()[0][:500]
            moved.with_name(moved.name + ".error.txt").write_text(why + "\n", encoding="utf-8")
            out.append(Dropped(path.name, "quarantined", moved_to=str(moved), why=why))
            continue
        loaded = summary.records > 0
        moved = (done if loaded else quarantine) / claimed.name
        shutil.move(claimed, moved)
        if summary.quarantine_file and Path(summary.quarantine_file).exists():
            shutil.copy(summary.quarantine_file, moved.with_name(moved.name + ".quarantine.csv"))
        why = "" if loaded else (
            f"all {summary.quarantined} records were quarantined" if summary.quarantined
            else "the file holds no records"
        )  # fmt: skip
        out.append(Dropped(path.name, "loaded" if loaded else "quarantined", summary.load_id,
                           summary.records, summary.quarantined, str(moved), why))  # fmt: skip
    return out
