"""Which backup archives to keep: the newest of each of the last N days and M weeks."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from backup.archive import SUFFIX

STAMP = re.compile(r"^civicfusion-(\d{8}T\d{6}Z)" + re.escape(SUFFIX) + "$")


def taken_at(path: Path) -> dt.datetime | None:
    m = STAMP.match(path.name)
    return dt.datetime.strptime(m.group(1), "%Y%m%dT%H%M%SZ") if m else None


def to_keep(archives: list[Path], daily: int, weekly: int) -> set[Path]:
    """The newest archive of each of the ``daily`` most recent days that have one, and of
    each of the ``weekly`` most recent ISO weeks that have one."""
    dated = sorted(((t, p) for p in archives if (t := taken_at(p)) is not None), reverse=True)
    keep: set[Path] = set()
    for period, count in ((lambda t: t.date(), daily), (lambda t: t.isocalendar()[:2], weekly)):
        seen: list[object] = []
        for t, p in dated:
            key = period(t)
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            keep.add(p)
    return keep


def prune(folder: Path, daily: int, weekly: int) -> list[Path]:
    """Delete the archives of ``folder`` that ``to_keep`` does not keep, and partial files a
    killed backup left (partial archives, staging folders; older than a day); returns what was
    deleted."""
    archives = [p for p in folder.glob(f"civicfusion-*{SUFFIX}") if taken_at(p)]
    keep = to_keep(archives, daily, weekly)
    gone = [p for p in archives if p not in keep]
    day_ago = dt.datetime.now().timestamp() - 86_400
    gone += [
        p
        for pattern in (f".civicfusion-*{SUFFIX}.partial", ".staging-*")
        for p in folder.glob(pattern)
        if p.stat().st_mtime < day_ago
    ]
    for p in gone:
        if p.is_dir():  # the staging folder of a killed backup (a dump may be large)
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
    return sorted(gone)
