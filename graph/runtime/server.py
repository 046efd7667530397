"""Start, stop and inspect the local Neo4j Community server (a child JVM on loopback)."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import string
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ServiceUnavailable

from graph.runtime import jars
from graph.runtime.config import (
    ENTRY_POINT,
    ServerConfig,
    ServerLayout,
    admin_command,
    server_command,
)
from graph.runtime.errors import RuntimeProblem
from graph.runtime.java import find_java
from settings import Settings
from settings.private import UMASK, private_umask, tighten

# Exit codes of org.neo4j.server.CommunityEntryPoint.
EXIT_REASONS = {1: "web server error", 2: "database error", 3: "invalid configuration"}
STOP_GRACE_SECONDS = 120.0


@dataclass
class StartResult:
    pid: int
    seconds: float
    already_running: bool
    first_start: bool


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on now (for a scratch or drill server)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited child not yet reaped) is not running.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


class Neo4jRuntime:
    """One local Neo4j server whose files live under ``<home>/neo4j``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.config = ServerConfig(
            bolt_port=settings.bolt_port,
            heap=settings.neo4j_heap,
            pagecache=settings.neo4j_pagecache,
            tx_timeout=settings.neo4j_tx_timeout,
        )
        self.layout = ServerLayout(
            root=settings.neo4j_dir,
            lib=jars.jar_dir(settings.neo4j_cache, settings.neo4j_version),
        )
        self._proc: subprocess.Popen[bytes] | None = None

    # -- inspection ---------------------------------------------------------------------
    def pid(self) -> int | None:
        """PID of this home's server if it runs (checked against /proc, not just the file)."""
        try:
            pid = int(self.layout.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        cmd = _cmdline(pid)
        if _alive(pid) and ENTRY_POINT in cmd and str(self.layout.root) in cmd:
            return pid
        return None

    def store_size(self) -> int:
        """Bytes on disk of the databases and transaction logs."""
        total = 0
        for path in self.layout.data.rglob("*"):
            if path.is_file():
                total += path.stat().st_size
        return total

    def first_start(self) -> bool:
        return not (self.layout.data / "databases" / "system").exists()

    # -- lifecycle ----------------------------------------------------------------------
    def fetch(self) -> Path:
        return jars.fetch(self.settings.neo4j_cache, self.settings.neo4j_version)

    def _password(self) -> str:
        pw = self.settings.resolved_password()
        if pw is None:
            # Letters and digits only: a leading "-" would be read as an option by neo4j-admin.
            alphabet = string.ascii_letters + string.digits
            pw = "".join(secrets.choice(alphabet) for _ in range(24))
            self.layout.root.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.settings.password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(pw + "\n")
        if len(pw) < 8:
            raise RuntimeProblem(
                "CIVICFUSION_NEO4J_PASSWORD must have at least 8 characters (Neo4j's minimum)."
            )
        return pw

    def admin(
        self,
        *args: str,
        timeout: float = 300,
        env: dict[str, str] | None = None,
        preexec_fn: Callable[[], None] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run ``neo4j-admin ARGS`` on this home (its config), output captured."""
        return subprocess.run(
            admin_command(find_java(), self.layout, *args),
            capture_output=True,
            text=True,
            env={
                **os.environ,
                "NEO4J_HOME": str(self.layout.root),
                "NEO4J_CONF": str(self.layout.conf),
                **(env or {}),
            },
            stdin=subprocess.DEVNULL,
            timeout=timeout,
            preexec_fn=preexec_fn,
        )

    def write_config(self) -> None:
        self.layout.make()
        (self.layout.conf / "neo4j.conf").write_text(
            self.config.render(self.layout), encoding="utf-8"
        )

    def start(self, wait: bool = True) -> StartResult:
        """Start the server in the background and wait until Bolt answers."""
        pid = self.pid()
        if pid is not None:
            return StartResult(pid=pid, seconds=0.0, already_running=True, first_start=False)
        if not self.settings.uri_is_local:
            raise RuntimeProblem(
                f"CIVICFUSION_NEO4J_URI={self.settings.neo4j_uri} is not on this machine; "
                "'civicfusion db start' only runs a local server on 127.0.0.1."
            )
        port = self.config.bolt_port
        if port_in_use(port):
            raise RuntimeProblem(
                f"Port {port} on 127.0.0.1 is already used by another program. Stop it or set "
                f"CIVICFUSION_NEO4J_URI=bolt://127.0.0.1:<free port>."
            )
        java = find_java()
        private_umask()  # the store, logs and auth file the server writes: owner-only
        tighten(self.settings.home)
        self.fetch()
        self.write_config()
        first = self.first_start()
        password = self._password()
        if first:
            proc = self.admin(
                "dbms",
                "set-initial-password",
                "--require-password-change=false",
                "--",
                password,  # end of options: a password may start with "-"
            )
            if proc.returncode != 0:
                raise RuntimeProblem(
                    f"Setting the initial Neo4j password failed: {proc.stderr.strip()}"
                )
        started = time.monotonic()
        log = self.layout.console_log.open("ab")
        self._proc = subprocess.Popen(
            server_command(java, self.config, self.layout),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=self.layout.root,
            start_new_session=True,
            umask=UMASK,
        )
        log.close()
        self.layout.pid_file.write_text(f"{self._proc.pid}\n")
        if wait:
            self.wait_until_ready(password, started)
        return StartResult(
            pid=self._proc.pid,
            seconds=time.monotonic() - started,
            already_running=False,
            first_start=first,
        )

    def wait_until_ready(self, password: str, started: float) -> None:

        uri = f"bolt://127.0.0.1:{self.config.bolt_port}"
        deadline = started + self.settings.neo4j_start_timeout
        with GraphDatabase.driver(uri, auth=(self.settings.neo4j_user, password)) as driver:
            while True:
                code = self._proc.poll() if self._proc else None
                if code is not None:
                    self.layout.pid_file.unlink(missing_ok=True)
                    raise RuntimeProblem(
                        f"Neo4j exited with code {code} ({EXIT_REASONS.get(code, 'see log')}) "
                        f"while starting. Last lines of {self.layout.console_log}:\n"
                        + self.log_tail()
                    )
                try:
                    driver.verify_connectivity()
                    with driver.session(database=self.settings.neo4j_database) as s:
                        s.run("RETURN 1").consume()
                    return
                except AuthError as exc:
                    raise RuntimeProblem(
                        "Neo4j started but refused the password: the store under "
                        f"{self.layout.data} was created with another one. Set "
                        "CIVICFUSION_NEO4J_PASSWORD to that password."
                    ) from exc
                except (ServiceUnavailable, OSError, ConnectionError, Exception) as exc:
                    if time.monotonic() > deadline:
                        self.stop()
                        raise RuntimeProblem(
                            f"Neo4j did not answer on {uri} within "
                            f"{self.settings.neo4j_start_timeout:.0f}s ({exc}). Log:\n"
                            + self.log_tail()
                        ) from exc
                time.sleep(0.25)

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.layout.console_log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, grace: float = STOP_GRACE_SECONDS) -> bool:
        """Stop the server (SIGTERM, then SIGKILL after ``grace`` seconds). False if not running."""
        pid = self.pid()
        if pid is None:
            self.layout.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while _alive(pid) and time.monotonic() < deadline:
            self._reap()
            time.sleep(0.2)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                self._reap()
                time.sleep(0.1)
        self._reap()
        self.layout.pid_file.unlink(missing_ok=True)
        return True

    def _reap(self) -> None:
        if self._proc is not None:
            self._proc.poll()

    def version(self) -> str:
        """Version of the fetched jars, asked from neo4j-admin."""
        proc = self.admin("--version")
        return proc.stdout.strip()
