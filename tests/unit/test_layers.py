"""The folder tree is the architecture: each package imports only the packages below it
(docs/design.md, "Layers"). Read from the code's own import statements, function-local
imports included."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# package -> the project packages it may import (besides itself)
BELOW: dict[str, set[str]] = {
    "settings": set(),
    "queries": set(),
    "testkit": set(),
    "graph": {"settings"},
    "loaders": {"graph", "settings"},
    "resolve": {"graph", "settings"},
    "access": {"graph", "settings"},
    "synth": {"loaders", "graph", "settings"},
    "charts": {"access", "graph", "settings"},
    "exports": {"charts", "access", "graph", "settings"},
    "backup": {"access", "graph", "settings"},
    "watch": {"access", "graph", "settings"},
    "sources": {"charts", "access", "resolve", "loaders", "graph", "settings"},
    "workbench": {"exports", "charts", "access", "resolve", "watch", "graph", "settings"},
    "cli": {"workbench", "exports", "charts", "access", "synth", "resolve", "loaders", "backup",
            "watch", "sources", "graph", "settings"},
}  # fmt: skip
# inside workbench: pages and panels are drawn before callbacks exist; only the app wires them
CALLBACKS_USERS = {"workbench/app.py"}


def project_imports(path: Path) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
    return [(n, m) for n, m in out if m.split(".")[0] in BELOW]


def test_every_package_imports_only_downwards() -> None:
    wrong = []
    for package, allowed in BELOW.items():
        folder = ROOT / package
        assert folder.is_dir(), package
        for f in folder.rglob("*.py"):
            rel = f.relative_to(ROOT).as_posix()
            for line, module in project_imports(f):
                top = module.split(".")[0]
                if top != package and top not in allowed:
                    wrong.append(f"{rel}:{line} imports {module} ({package} may not import {top})")
                if (
                    module.startswith("workbench.callbacks")
                    and "callbacks" not in f.parts
                    and rel not in CALLBACKS_USERS
                ):
                    wrong.append(f"{rel}:{line} imports {module} (layout reaching up)")
    assert wrong == [], "\n".join(wrong)


def test_no_top_level_package_is_left_out() -> None:
    """A new folder of code gets a rule (and a place in docs/design.md)."""
    found = {
        p.parent.name
        for p in ROOT.glob("*/__init__.py")
        if p.parent.name not in ("tests", "bench") and not p.parent.name.startswith(".")
    }
    assert found == set(BELOW), found ^ set(BELOW)
