"""A real workbench (`civicfusion serve`) on the sample graph, driven by Debian's Chromium."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from access.appdb import AppDB
from access.users import add_user
from graph.db import Graph
from settings import Settings
from testkit.chromium import launch

ARTIFACTS = Path(__file__).parent / "artifacts"
BLANK_TILE = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8"
    "AAAAASUVORK5CYII="
)
PASSWORDS = {"sam": "supervisor-pass-1", "mia": "analyst-mpd-pass-1", "cso": "admin-cso-pass-1"}


@dataclass
class Workbench:
    url: str
    settings: Settings
    graph: Graph
    db: AppDB


@pytest.fixture(scope="module")
def workbench(
    sample_graph: Graph,
    neo4j_settings: Settings,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Workbench]:
    home = tmp_path_factory.mktemp("workbench-home")
    settings = neo4j_settings.model_copy(update={"home": home})
    db = AppDB(settings.app_db_path)
    add_user(db, "sam", PASSWORDS["sam"], "supervisor", ["*"], "Sam Supervisor")
    add_user(db, "mia", PASSWORDS["mia"], "analyst", ["MPD"], "Mia Analyst")
    add_user(db, "cso", PASSWORDS["cso"], "admin", ["CSO"], "CSO Administrator")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "CIVICFUSION_HOME": str(home),
        "CIVICFUSION_NEO4J_URI": settings.neo4j_uri,
        "CIVICFUSION_NEO4J_USER": settings.neo4j_user,
        "CIVICFUSION_NEO4J_PASSWORD": settings.resolved_password() or "",
        "CIVICFUSION_PORT": str(port),
        # no internet here: every map tile is one blank image (markers are what is tested)
        "CIVICFUSION_MAP_TILES_URL": BLANK_TILE,
    }
    log = (home / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "cli", "serve"],
        env=env,
        stdout=log,
        stderr=log,
        cwd=Path(__file__).resolve().parents[2],
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/login", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "civicfusion serve did not start:\n" + (home / "serve.log").read_text()
                ) from None
            time.sleep(0.3)
    try:
        yield Workbench(url, settings, sample_graph, db)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    if slowdown := os.environ.get("CIVICFUSION_E2E_CPU_SLOWDOWN"):
        # a slow, loaded host in miniature (e.g. 6 = a CPU six times slower): timing
        # assumptions in a test show up here rather than once in a while in CI
        cdp = context.new_cdp_session(pg)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": float(slowdown)})
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.console_errors = errors
    yield pg
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    """A screenshot of the page when a browser test fails (tests/e2e/artifacts/failed-*.png)."""
    report = yield
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and page is not None:
        with contextlib.suppress(Exception):  # the page may be gone; the report matters more
            page.screenshot(path=str(ARTIFACTS / f"failed-{item.name}.png"))
    return report
