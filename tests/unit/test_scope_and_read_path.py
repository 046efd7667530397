"""Need-to-know by construction: a Scope cannot be empty or widened, the guarded read path
takes nothing else, and no module that serves people reads the graph around it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from graph import guarded
from graph.scope import NoClearance, Scope

ROOT = Path(__file__).resolve().parents[2]


def test_a_scope_is_never_empty_and_never_widened() -> None:
    with pytest.raises(NoClearance):
        Scope.cleared("ana", [])
    with pytest.raises(NoClearance):
        Scope.cleared("ana", ["*"])  # "every agency" is resolved by the caller, not here
    with pytest.raises(ValueError, match="reason"):
        Scope.operator("ops", ["A"], "")
    ana = Scope.cleared("ana", ["A", "C"])
    assert ana.narrowed(["C", "B"]).codes == ["C"]  # B is not hers: dropped
    assert ana.narrowed(["B"]) == ana  # nothing of hers picked: all of hers, never B
    assert ana.narrowed(None) == ana and list(ana) == ["A", "C"] and "B" not in ana
    with pytest.raises(TypeError):
        Scope(["A"], "ana")  # type: ignore[arg-type]


class NoGraph:
    """Stands where a graph would be: any use of it fails the test."""

    def __getattr__(self, name: str) -> object:
        raise AssertionError(f"the graph was used ({name}) before the scope was checked")


@pytest.mark.parametrize("scope", [["A"], None, ("A",), "A", {"A"}])
def test_the_read_path_takes_a_scope_and_nothing_else(scope: object) -> None:
    with pytest.raises(guarded.ScopeRequired):
        guarded.read(NoGraph(), scope, "RETURN 1")  # type: ignore[arg-type]


def test_agencies_cannot_be_passed_around_the_scope() -> None:
    with pytest.raises(guarded.ScopeRequired, match="bound from the scope"):
        guarded.read(NoGraph(), Scope.cleared("ana", ["A"]), "RETURN 1", {"agencies": ["B"]})  # type: ignore[arg-type]


def test_rows_with_records_outside_the_scope_are_caught_at_any_depth() -> None:
    ana = Scope.cleared("ana", ["A"])
    assert guarded.within(ana, {"label": "Person", "props": {"agency": "A", "uid": "A:1"}})
    assert not guarded.within(ana, {"props": {"agency": "B", "uid": "B:1"}})
    assert not guarded.within(ana, {"rows": [{"node": {"props": {"agency": "B"}}}]})
    assert not guarded.within(ana, [[{"agency": "B"}]])
    assert guarded.within(ana, {"load": {"agency": None}, "count": 3, "name": "B"})


# Modules that serve people. They may reach the graph only through graph.guarded (or the
# functions of graph.explore / graph.queries / graph.adhoc / resolve.engine built on it).
SERVING = [
    "workbench",
    "charts",
    "exports",
    "access",
    "graph/explore.py",
    "graph/questions.py",
    "graph/adhoc.py",
    "graph/pointers.py",
    "watch",
]
READS = {"read", "execute_read", "write_rows", "run", "session"}
ALLOWED = {
    ("graph/explore.py", "loaded_agencies"),  # agency codes of Load nodes only
}


def _calls_on_a_graph(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int]] = []
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef):
            continue
        for node in ast.walk(fn):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in READS
            ):
                target = node.func.value
                name = (
                    target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
                )
                if name in ("graph", "g", "_graph", "driver"):
                    found.append((fn.name, node.lineno))
    return found


def test_no_serving_module_reads_the_graph_around_the_guard() -> None:
    files: list[Path] = []
    for part in SERVING:
        p = ROOT / part
        files += sorted(p.rglob("*.py")) if p.is_dir() else [p] if p.exists() else []
    assert len(files) > 20
    offenders = []
    for f in files:
        rel = f.relative_to(ROOT).as_posix()
        for fn, line in _calls_on_a_graph(f):
            if (rel, fn) not in ALLOWED:
                offenders.append(f"{rel}:{line} ({fn})")
    assert offenders == [], "reads the graph without graph.guarded: " + ", ".join(offenders)


def test_the_check_would_see_a_direct_read(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def leak(s):\n    return s.graph.read('MATCH (n) RETURN n')\n")
    assert _calls_on_a_graph(bad) == [("leak", 2)]
