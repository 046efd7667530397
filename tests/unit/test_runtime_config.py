from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from graph.runtime.config import (
    ENTRY_POINT,
    ServerConfig,
    ServerLayout,
    admin_command,
    server_command,
)
from graph.runtime.java import find_java, java_major
from settings import Settings

POM = Path(__file__).parents[2] / "graph" / "runtime" / "pom.xml"


def layout(tmp_path: Path) -> ServerLayout:
    return ServerLayout(root=tmp_path / "neo4j", lib=tmp_path / "cache" / "lib")


def parse_conf(text: str) -> dict[str, str]:
    pairs = [line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#")]
    return {k: v for k, v in pairs}


def test_conf_binds_bolt_to_loopback_and_keeps_files_under_home(tmp_path: Path) -> None:
    lay = layout(tmp_path)
    conf = parse_conf(ServerConfig(bolt_port=17001, tx_timeout="45s").render(lay))
    assert conf["server.bolt.listen_address"] == "127.0.0.1:17001"
    assert conf["server.http.enabled"] == "false" and conf["server.https.enabled"] == "false"
    assert conf["dbms.security.auth_enabled"] == "true"
    assert conf["db.transaction.timeout"] == "45s"
    for key, value in conf.items():
        if key.startswith("server.directories."):
            assert Path(value).is_relative_to(lay.root), key


def test_memory_defaults_fit_a_2_core_24_gib_machine() -> None:
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    cfg = ServerConfig(heap=s.neo4j_heap, pagecache=s.neo4j_pagecache)
    gib = {"g": 1.0, "m": 1 / 1024}
    total = sum(float(v[:-1]) * gib[v[-1]] for v in (cfg.heap, cfg.pagecache))
    assert 2 <= total <= 12  # leaves room for the workbench, entity resolution and the OS


def test_bad_memory_size_is_refused() -> None:
    with pytest.raises(ValueError, match="memory size"):
        ServerConfig(heap="lots")


def test_server_command_uses_neo4j_launcher_flags(tmp_path: Path) -> None:
    lay = layout(tmp_path)
    cmd = server_command("java", ServerConfig(heap="768m"), lay)
    assert cmd[0] == "java" and ENTRY_POINT in cmd
    assert "-Xms768m" in cmd and "-Xmx768m" in cmd and "-Dfile.encoding=UTF-8" in cmd
    assert "--add-opens=java.base/java.nio=ALL-UNNAMED" in cmd and "-XX:+UseG1GC" in cmd
    assert f"--home-dir={lay.root}" in cmd and "--console-mode" in cmd
    assert cmd[cmd.index("-cp") + 1].endswith(f"{lay.lib}/*")
    assert admin_command("java", lay, "--version")[-1] == "--version"


def test_pom_pins_the_exact_default_version() -> None:
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    root = ET.parse(POM).getroot()
    version = root.find("m:properties/m:neo4j.version", ns)
    assert version is not None
    assert re.fullmatch(r"5\.26\.\d+", version.text or "")
    assert version.text == Settings(_env_file=None).neo4j_version  # type: ignore[call-arg]
    artifacts = {
        d.findtext("m:artifactId", namespaces=ns) for d in root.iter(f"{{{ns['m']}}}dependency")
    }
    assert {"neo4j", "neo4j-server", "neo4j-import-tool"} <= artifacts


def test_a_supported_java_is_found() -> None:
    java = find_java()
    assert java_major(java) in (17, 21)
