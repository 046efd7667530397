"""Fetch the Neo4j Community server jars from Maven Central, once, into a cache directory."""

from __future__ import annotations

import shutil
import subprocess
from importlib import resources
from pathlib import Path

from graph.runtime.errors import RuntimeProblem

POM = "pom.xml"
# Jars that must be present for the server and neo4j-admin to run.
REQUIRED_JARS = ("neo4j-{v}.jar", "neo4j-server-{v}.jar", "neo4j-import-tool-{v}.jar")


def jar_dir(cache: Path, version: str) -> Path:
    return cache.expanduser() / version / "lib"


def is_fetched(cache: Path, version: str) -> bool:
    lib = jar_dir(cache, version)
    return (lib.parent / ".complete").is_file() and all(
        (lib / name.format(v=version)).is_file() for name in REQUIRED_JARS
    )


def fetch(cache: Path, version: str) -> Path:
    """Copy the server's runtime dependencies into ``<cache>/<version>/lib`` (no-op if done)."""
    lib = jar_dir(cache, version)
    if is_fetched(cache, version):
        return lib
    mvn = shutil.which("mvn")
    if mvn is None:
        raise RuntimeProblem(
            "Maven (mvn) is not installed: install it (apt-get install maven) or run "
            "'make demo', which installs it, then retry."
        )
    if lib.exists():  # a fetch that was cut off: start over
        shutil.rmtree(lib)
    lib.mkdir(parents=True)
    with resources.as_file(resources.files("graph.runtime") / POM) as pom:
        cmd = [
            mvn,
            "-B",
            "-q",
            "-f",
            str(pom),
            f"-Dneo4j.version={version}",
            "dependency:copy-dependencies",
            "-DincludeScope=runtime",
            f"-DoutputDirectory={lib}",
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        detail = (proc.stdout + proc.stderr).strip().splitlines()
        errors = [line for line in detail if "ERROR" in line][:5] or detail[-5:]
        raise RuntimeProblem(
            f"Maven could not fetch Neo4j {version} from Maven Central:\n  "
            + "\n  ".join(errors)
            + "\nCheck network access to Maven Central or set CIVICFUSION_NEO4J_VERSION "
            "to another 5.26.x patch release."
        )
    missing = [
        n.format(v=version) for n in REQUIRED_JARS if not (lib / n.format(v=version)).is_file()
    ]
    if missing:
        raise RuntimeProblem(f"Maven finished but these jars are missing: {', '.join(missing)}")
    (lib.parent / ".complete").write_text(version + "\n", encoding="utf-8")
    return lib
