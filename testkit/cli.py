"""Run the `civicfusion` command in a subprocess against a home of its own (no Neo4j)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_in_home(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``civicfusion ARGS`` with CIVICFUSION_HOME=home and a wide terminal (no wrapping)."""
    env = {**os.environ, "CIVICFUSION_HOME": str(home), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
