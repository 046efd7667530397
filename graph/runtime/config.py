"""neo4j.conf and JVM flags for the local Neo4j Community server."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# What Neo4j's own launcher (org.neo4j.server.startup.Bootloader) puts on the command line:
# -Xms/-Xmx from server.memory.heap.*, -Dfile.encoding=UTF-8, then every
# server.jvm.additional line of the distribution's default neo4j.conf (5.26). We start the
# entry point directly, so we pass them ourselves.
NEO4J_DEFAULT_JVM_ADDITIONAL: tuple[str, ...] = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+AlwaysPreTouch",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dlog4j.layout.jsonTemplate.maxStringLength=32768",
)

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_ENTRY_POINT = "org.neo4j.server.startup.Neo4jAdminCommand"
MEMORY_RE = re.compile(r"^\d+[kmgKMG]?$")


def check_memory(value: str, name: str) -> str:
    if not MEMORY_RE.match(value):
        raise ValueError(f"{name}={value!r} is not a memory size such as 512m or 2g")
    return value.lower()


@dataclass(frozen=True)
class ServerLayout:
    """Directories of one local server under ``$CIVICFUSION_HOME/neo4j``."""

    root: Path
    lib: Path

    @property
    def conf(self) -> Path:
        return self.root / "conf"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def run(self) -> Path:
        return self.root / "run"

    @property
    def plugins(self) -> Path:
        return self.root / "plugins"

    @property
    def import_dir(self) -> Path:
        return self.root / "import"

    @property
    def pid_file(self) -> Path:
        return self.run / "civicfusion-neo4j.pid"

    @property
    def console_log(self) -> Path:
        return self.logs / "console.log"

    def make(self) -> None:
        for d in (self.conf, self.data, self.logs, self.run, self.plugins, self.import_dir):
            d.mkdir(parents=True, exist_ok=True)


@dataclass(frozen=True)
class ServerConfig:
    """What a local server listens on and how much memory it gets."""

    bolt_port: int = 7687
    heap: str = "2g"
    pagecache: str = "4g"
    tx_timeout: str = "60s"
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_memory(self.heap, "heap")
        check_memory(self.pagecache, "pagecache")
        if not 0 < self.bolt_port < 65536:
            raise ValueError(f"Bolt port {self.bolt_port} is not a TCP port")

    def settings(self, layout: ServerLayout) -> dict[str, str]:
        bolt = f"127.0.0.1:{self.bolt_port}"
        conf = {
            "server.bolt.enabled": "true",
            "server.bolt.listen_address": bolt,
            "server.bolt.advertised_address": bolt,
            "server.bolt.tls_level": "DISABLED",  # loopback only; TLS belongs to the proxy
            "server.http.enabled": "false",
            "server.https.enabled": "false",
            # Server-side routing listener (default :7688) is not needed on one loopback
            # server and would clash between parallel instances.
            "dbms.routing.enabled": "false",
            "dbms.security.auth_enabled": "true",
            # Internal settings; each defaults to 5 s and adds to every stop (measured: stop
            # takes 10 s at the defaults, 2 s at 1 s). Loopback clients need no such wait.
            "internal.server.bolt.connection_shutdown_wait_time": "1s",
            "internal.server.bolt.thread_pool_shutdown_wait_time": "1s",
            "server.memory.heap.initial_size": self.heap,
            "server.memory.heap.max_size": self.heap,
            "server.memory.pagecache.size": self.pagecache,
            "db.transaction.timeout": self.tx_timeout,
            "server.directories.data": str(layout.data),
            "server.directories.logs": str(layout.logs),
            "server.directories.run": str(layout.run),
            "server.directories.plugins": str(layout.plugins),
            "server.directories.import": str(layout.import_dir),
            "server.directories.transaction.logs.root": str(layout.data / "transactions"),
            "dbms.usage_report.enabled": "false",
        }
        conf.update(self.extra)
        return conf

    def render(self, layout: ServerLayout) -> str:
        lines = ["# Written by civicfusion (graph/runtime/config.py); edits are overwritten."]
        lines += [f"{k}={v}" for k, v in self.settings(layout).items()]
        return "\n".join(lines) + "\n"

    def jvm_args(self) -> list[str]:
        return [
            f"-Xms{self.heap}",
            f"-Xmx{self.heap}",
            "-Dfile.encoding=UTF-8",
            *NEO4J_DEFAULT_JVM_ADDITIONAL,
        ]


def classpath(layout: ServerLayout) -> str:
    # Same order as Neo4j's launcher: plugins, conf, lib.
    return f"{layout.plugins}/*:{layout.conf}/*:{layout.lib}/*"


def server_command(java: str, config: ServerConfig, layout: ServerLayout) -> list[str]:
    return [
        java,
        *config.jvm_args(),
        "-cp",
        classpath(layout),
        ENTRY_POINT,
        f"--home-dir={layout.root}",
        f"--config-dir={layout.conf}",
        "--console-mode",
    ]


def admin_command(java: str, layout: ServerLayout, *args: str) -> list[str]:
    return [java, "-Xmx512m", "-cp", f"{layout.lib}/*", ADMIN_ENTRY_POINT, *args]
