"""Find a Java runtime that Neo4j 5.26 supports (17 or 21)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from graph.runtime.errors import RuntimeProblem

SUPPORTED = (17, 21)


def java_major(java: str) -> int | None:
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not m:
        return None
    major = int(m.group(1))
    return int(m.group(2)) if major == 1 and m.group(2) else major


def candidates() -> list[str]:
    found: list[str] = []
    if os.environ.get("JAVA_HOME"):
        found.append(str(Path(os.environ["JAVA_HOME"]) / "bin" / "java"))
    if shutil.which("java"):
        found.append(shutil.which("java") or "java")
    for v in SUPPORTED:
        found += sorted(str(p) for p in Path("/usr/lib/jvm").glob(f"*{v}*/bin/java"))
    return list(dict.fromkeys(found))


def find_java() -> str:
    """The first Java 17 or 21 among JAVA_HOME, PATH and /usr/lib/jvm."""
    seen = []
    for java in candidates():
        major = java_major(java)
        seen.append(f"{java} ({major or 'unknown'})")
        if major in SUPPORTED:
            return java
    raise RuntimeProblem(
        "Neo4j 5.26 needs Java 17 or 21; found "
        + (", ".join(seen) or "no java")
        + ". Install it (apt-get install openjdk-17-jre-headless) or set JAVA_HOME."
    )
