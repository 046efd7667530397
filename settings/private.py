"""Files only their owner can read: the home directory 0700, the app DB, secrets, logs and
the Neo4j store not readable by other users of the machine (CJIS 5.10: protect data at rest).

``private_umask()`` makes every file this process (and the Neo4j server it starts) creates
from then on owner-only; ``tighten(home)`` fixes the modes of an install made before that.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

UMASK = 0o077
# What under the home directory holds case data or secrets (each: dir 0700, file 0600).
PRIVATE = ("app.db", "app.db-wal", "app.db-shm", "secret_key", "audit_key", "audit.head",
           "identifier_key", "neo4j", "logs", "quarantine", "demo-data")  # fmt: skip


def private_umask() -> None:
    os.umask(UMASK)


def _tighten(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError, PermissionError):
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            return
        wanted = 0o700 if stat.S_ISDIR(mode) else 0o600 | (mode & 0o100)
        if stat.S_IMODE(mode) & ~wanted:
            path.chmod(stat.S_IMODE(mode) & wanted)


def tighten(home: Path) -> None:
    """Owner-only modes on the home directory and what it holds: directories lose
    group/other bits, files too. Everything below is walked only when the home itself was
    open to others (an install from before this check); once it is 0700 nobody else can
    reach what it holds, and what this process makes is owner-only by the umask, so every
    later command checks the top entries only, not every file of the graph store."""
    home = home.expanduser()
    if not home.exists():
        return
    was_open = bool(home.stat().st_mode & 0o077)
    _tighten(home)
    for name in PRIVATE:
        top = home / name
        if not top.exists():
            continue
        _tighten(top)
        if was_open and top.is_dir():
            for p in top.rglob("*"):
                _tighten(p)
