"""`civicfusion audit verify | export` on a real app database file."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

from access import audit
from access.appdb import AppDB
from testkit.cli import run_in_home


def cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_in_home(home, "audit", *args)


def test_verify_and_export(tmp_path: Path) -> None:
    db = AppDB(tmp_path / "app.db")
    audit.record(db, "login", "ann", {}, "127.0.0.1")
    audit.record(db, "search", "ann", {"text": "=cmd|' /C calc'!A0"}, "127.0.0.1")
    ok = cli(tmp_path, "verify")
    assert ok.returncode == 0 and "intact" in ok.stdout
    exported = cli(tmp_path, "export", "--action", "search")
    assert exported.returncode == 0
    lines = exported.stdout.splitlines()
    assert lines[0].startswith("seq,at,username,action") and len(lines) == 2
    as_json = json.loads(cli(tmp_path, "export", "--format", "json", "--user", "ann").stdout)
    assert {e["action"] for e in as_json} == {"login", "search"}
    with sqlite3.connect(db.path) as con:
        con.execute("DROP TRIGGER audit_no_update")
        con.execute("UPDATE audit SET username = 'bob' WHERE seq = 1")
    bad = cli(tmp_path, "verify")
    assert bad.returncode == 1 and "entry 1 was changed" in bad.stdout
