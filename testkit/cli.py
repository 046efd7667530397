"""Run the real `civicfusion` command in a subprocess, its home in a folder of the test's."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path


def run_in_home(
    home: Path,
    *args: str,
    env: Mapping[str, str] | None = None,
    timeout: float = 60,
    columns: int | None = 200,
) -> subprocess.CompletedProcess[str]:
    """``civicfusion ARGS`` with CIVICFUSION_HOME=home plus ``env``; ``columns``: a terminal
    that wide (no wrapping), None to keep the caller's."""
    full = {**os.environ, **(env or {}), "CIVICFUSION_HOME": str(home)}
    if columns:
        full["COLUMNS"] = str(columns)
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        env=full,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
