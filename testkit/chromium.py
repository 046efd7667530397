"""Debian's headless Chromium, as the end-to-end tests and the UI benchmark start it.

Playwright drives it through ``executable_path`` (browser downloads do not work offline). The
flags keep it from reaching for the network (background updates, sync, QUIC), which a closed
network answers with floods of refused connections.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("CIVICFUSION_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch(playwright: Any) -> Any:
    """A headless Chromium browser (Playwright ``Browser``)."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(
            f"{CHROMIUM} is missing: install Debian's chromium (make test does, through "
            "scripts/ensure-system-deps.sh) or set CIVICFUSION_CHROMIUM"
        )
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
