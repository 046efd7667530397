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
    civicfusion: Any, graph: Graph, counter: Any, tmp_path: Path
) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    aged(drop / "a.csv", HEADER + "P1,Ana,Ruiz,1990-01-01,718-555-0101\n"
         "P2,Bo,Diaz,not-a-date,718-555-0102\n")  # fmt: skip
    aged(drop / "b.csv", HEADER + ",no id,,,\n")  # every row refused
    aged(drop / "c.csv.part", HEADER + "P3,Cy,Lee,1992-03-03,\n")  # still in transfer
    (drop / "d.csv").write_text(HEADER + "P4,Di,Kim,1993-04-04,\n", encoding="utf-8")  # just now
    first = civicfusion("sync", "drop", str(drop), "-f", "csv", "-a", "DROP", "-m", MAPPING,
                        "--settle", "10")  # fmt: skip
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
    again = civicfusion("sync", "drop", str(drop), "-f", "csv", "-a", "DROP", "-m", MAPPING,
                        "--settle", "10")  # fmt: skip
    assert "nothing new" in again.stdout
    past = time.time() - 30
    os.utime(drop / "d.csv", (past, past))
    third = civicfusion("sync", "drop", str(drop), "-f", "csv", "-a", "DROP", "-m", MAPPING,
                        "--settle", "10")  # fmt: skip
    assert third.returncode == 0 and counter("(p:Person {agency: 'DROP'})") == 2
    # a file another pass has already claimed is gone from the folder: not taken twice
    late = aged(drop / "e.csv", HEADER + "P5,Ed,Fox,1994-05-05,\n")
    assert dropfolder._claim(late, drop / ".working") is not None
    assert dropfolder._claim(late, drop / ".working") is None
    assert dropfolder.waiting(drop, 10) == []
