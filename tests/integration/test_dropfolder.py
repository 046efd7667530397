"""A partner's drop folder, through the real command: settled files are loaded once and moved
to done/ (with the report of refused rows) or quarantine/ (with why); files in transfer or
still being written wait for the next pass; a file another pass claimed is not loaded twice."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from graph.db import Graph
from loaders import dropfolder

MAPPING = str(Path(__file__).resolve().parents[1] / "data" / "bad" / "people_bad.yaml")
HEADER = "person_id,first_name,last_name,dob,phone\n"


def aged(path: Path, text: str, seconds: float = 30) -> Path:
    path.write_text(text, encoding="utf-8")
    past = time.time() - seconds
    os.utime(path, (past, past))
    return path


def test_one_pass_loads_each_settled_file_once(
    civicfusion: Any, graph: Graph, counter: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    aged(
        drop / "a.csv",
        HEADER + "P1,Ana,Ruiz,1990-01-01,718-555-0101\nP2,Bo,Diaz,not-a-date,718-555-0102\n",
    )
    aged(drop / "b.csv", HEADER + ",no id,,,\n")  # every row refused
    aged(drop / "c.csv.part", HEADER + "P3,Cy,Lee,1992-03-03,\n")  # still in transfer
    (drop / "d.csv").write_text(HEADER + "P4,Di,Kim,1993-04-04,\n", encoding="utf-8")  # just now
    first = civicfusion(
        "sync", "drop", str(drop), "-f", "csv", "-a", "DROP", "-m", MAPPING, "--settle", "10"
    )
    assert first.returncode == 0, first.stdout + first.stderr
    assert counter("(p:Person {agency: 'DROP'})") == 1  # P1 (P2's date is refused)
    done = sorted(p.name for p in (drop / "done").iterdir())
    assert len(done) == 2 and done[0].endswith("a.csv") and done[1].endswith(".quarantine.csv")
    report = (drop / "done" / done[1]).read_text()
    assert "P2" in report and "dob" in report  # the refused row, named with its field
    (bad,) = [p for p in (drop / "quarantine").iterdir() if p.name.endswith("b.csv")]
    assert bad.exists()
    assert sorted(p.name for p in drop.iterdir() if p.is_file()) == ["c.csv.part", "d.csv"]
    # nothing new until d.csv settles; then it alone is loaded
    again = civicfusion(
        "sync", "drop", str(drop), "-f", "csv", "-a", "DROP", "-m", MAPPING, "--settle", "10"
    )
    assert "nothing new" in again.stdout
    past = time.time() - 30
    os.utime(drop / "d.csv", (past, past))
    third = civicfusion(
        "sync", "drop", str(drop), "-f", "csv", "-a", "DROP", "-m", MAPPING, "--settle", "10"
    )
    assert third.returncode == 0 and counter("(p:Person {agency: 'DROP'})") == 2
    # the codes an administrator gives `users add --agencies`: what the graph holds
    monkeypatch.setenv("COLUMNS", "240")  # one row per agency, unwrapped
    listed = " ".join(civicfusion("agencies", "list").stdout.split())
    assert "DROP" in listed and "not registered" in listed
    # a file another pass has already claimed is gone from the folder: not taken twice
    late = aged(drop / "e.csv", HEADER + "P5,Ed,Fox,1994-05-05,\n")
    assert dropfolder._claim(late, drop / ".working") is not None
    assert dropfolder._claim(late, drop / ".working") is None
    assert dropfolder.waiting(drop, 10) == []


def test_registered_drop_source_takes_each_file_once_while_passes_overlap(
    graph: Graph, home_settings: Any, counter: Any, tmp_path: Path
) -> None:
    """A drop folder registered as a source: two passes running at once and a file dropped
    while they run; every file is loaded exactly once (one Load per file)."""
    import threading

    from sources import registry
    from sources.sync import run_pass

    drop = tmp_path / "drop"
    drop.mkdir()
    src = tmp_path / "partner.yaml"
    src.write_text(
        f"name: partner\nagency: DROP\ninterval: 60\ndrop: {{folder: {drop}, "
        f"format: csv, mapping: {MAPPING}, settle: 0}}\n"
    )
    spec = registry.add(home_settings, src)
    for i in range(6):
        aged(drop / f"f{i}.csv", HEADER + f"Q{i},Ann,Lee{i},1990-01-0{i + 1},\n")
    results: list[Any] = []

    def one() -> None:
        with Graph(home_settings) as g:
            results.append(run_pass(g, home_settings, spec))

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    aged(drop / "late.csv", HEADER + "Q9,Late,Comer,1991-01-01,\n")  # while they run
    for t in threads:
        t.join()
    results.append(run_pass(graph, home_settings, spec))  # the next pass
    taken = [f.name for r in results for f in r.files]
    assert sorted(taken) == sorted([f"f{i}.csv" for i in range(6)] + ["late.csv"])
    assert counter("(p:Person {agency: 'DROP'})") == 7
    loads = graph.read("MATCH (l:Load {agency: 'DROP'}) RETURN l.files AS f")
    assert len(loads) == 7
