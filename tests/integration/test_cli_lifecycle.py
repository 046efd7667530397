"""`civicfusion db start | status | stop` as a user runs them: real processes, own server."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from graph.runtime.config import ENTRY_POINT
from graph.schema import load_migrations

CLI = [sys.executable, "-m", "cli"]


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def java_processes_for(home: Path) -> list[str]:
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if ENTRY_POINT in cmd and str(home) in cmd:
            found.append(f"{proc.name}: {cmd[:120]}")
    return found


def test_start_status_stop_from_the_command_line(
    tmp_path: Path, free_port: Callable[[], int]
) -> None:
    home = tmp_path / "home"
    # an install from before the file-mode check: world-readable home and app DB
    home.mkdir(mode=0o755)
    (home / "app.db").write_bytes(b"")
    (home / "app.db").chmod(0o644)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CIVICFUSION_")},
        "CIVICFUSION_HOME": str(home),
        "CIVICFUSION_NEO4J_URI": f"bolt://127.0.0.1:{free_port()}",
        "CIVICFUSION_NEO4J_HEAP": "512m",
        "CIVICFUSION_NEO4J_PAGECACHE": "128m",
        "COLUMNS": "200",
    }
    try:
        started = run(env, "db", "start")
        assert started.returncode == 0, started.stderr
        assert "Community started" in started.stdout and " s (pid " in started.stdout
        assert (home / "neo4j" / "auth").stat().st_mode & 0o777 == 0o600  # generated password
        # nothing of the install is readable by other users of the machine (CJIS 5.10)
        assert home.stat().st_mode & 0o777 == 0o700
        assert (home / "app.db").stat().st_mode & 0o777 == 0o600  # fixed
        readable = [
            str(p) for p in home.rglob("*") if not p.is_symlink() and p.stat().st_mode & 0o077
        ]
        assert readable == [], readable[:5]

        again = run(env, "db", "start")
        assert again.returncode == 0 and "already running" in again.stdout

        init = run(env, "db", "init")
        latest = len(load_migrations())
        assert init.returncode == 0, init.stderr
        assert f"Schema is at version {latest}" in init.stdout

        status = run(env, "db", "status")
        assert status.returncode == 0, status.stderr
        assert "5.26." in status.stdout and "Community" in status.stdout
        assert "Store size" in status.stdout and "MiB" in status.stdout
        assert "Nodes" in status.stdout and f"version {latest}" in status.stdout
    finally:
        stopped = run(env, "db", "stop")
    assert stopped.returncode == 0 and "Neo4j stopped" in stopped.stdout, stopped.stderr
    assert java_processes_for(home) == []

    down = run(env, "db", "status")
    assert down.returncode == 1
    assert "Neo4j is not reachable at bolt://127.0.0.1:" in down.stderr
    assert 'run "civicfusion db start"' in down.stderr
    assert "Traceback" not in down.stderr + down.stdout
    assert run(env, "db", "stop").stdout.strip() == "Neo4j is not running."
