"""The application database under faults: a process killed mid-write (SQLite WAL and
transactions), a full disk, and a home directory that cannot be created. Nothing is
corrupted, the audit chain still verifies, errors are one clear line."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from access import audit
from access.appdb import AppDB

WRITER = """
import sys
from access import audit
from access.appdb import AppDB
db = AppDB(sys.argv[1])
n = 0
while True:
    audit.record(db, "search", "kim", {"text": "x" * 200, "n": n}, "127.0.0.1")
    db.save_chart("working:kim", "kim", {"elements": {}, "steps": [], "n": n}, "t")
    n += 1
    if n % 25 == 0:
        print(n, flush=True)
"""


def test_killed_mid_write_leaves_a_sound_database_and_chain(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    AppDB(path)
    from access.users import add_user

    add_user(AppDB(path), "kim", "kilo-long-password-1", "analyst", ["A"])
    written = 0
    for stop_at in (50, 150, 300):  # three kills at different moments
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True
        )
        for line in proc.stdout:  # type: ignore[union-attr]
            if int(line) >= stop_at:
                break
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        written += stop_at
        con = sqlite3.connect(path)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
        db = AppDB(path)
        ok, message = audit.verify(db)
        assert ok, message
        assert len(audit.entries(db, "search", limit=100_000)) >= written
        chart = db.load_chart("working:kim", "kim")
        assert chart is not None and chart["n"] >= stop_at - 1  # a whole chart, never half


def _limit_file_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_full_disk_is_a_clear_error_and_corrupts_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    db = AppDB(home / "app.db")
    from access.users import add_user

    add_user(db, "ann", "alpha-long-password-1", "analyst", ["A"])
    for i in range(20):
        audit.record(db, "search", "ann", {"i": i}, None)
    size = max(p.stat().st_size for p in home.iterdir())
    env = {**os.environ, "CIVICFUSION_HOME": str(home), "COLUMNS": "200"}
    # the disk is "full": files in the home may not grow past what they are now
    r = subprocess.run(
        [sys.executable, "-c", FILLER, str(home / "app.db")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: _limit_file_size(size + 4096),
    )
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert "cannot be written" in r.stderr and "Traceback" not in r.stderr, r.stderr
    con = sqlite3.connect(home / "app.db")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    db = AppDB(home / "app.db")
    assert audit.verify(db)[0]
    assert len(audit.entries(db, "search")) >= 20  # what was there is still there


# Writes audit entries until the disk is full; reports the error as the CLI would.
FILLER = """
import sys
from access import audit
from access.appdb import AppDB, AppDBError
db = AppDB(sys.argv[1])
try:
    for i in range(100_000):
        audit.record(db, "search", "ann", {"text": "y" * 500, "i": i}, None)
except AppDBError as exc:
    print(f"Error: {exc}", file=sys.stderr)
    sys.exit(1)
print("the disk never filled")
"""


def test_a_home_that_cannot_be_created_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the home directory should be")
    env = {**os.environ, "CIVICFUSION_HOME": str(blocker / "home"), "COLUMNS": "200"}
    r = subprocess.run(
        [sys.executable, "-m", "cli", "users", "list"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert "cannot be written" in r.stderr and "CIVICFUSION_HOME" in r.stderr
