"""Readers stream: memory stays flat however large the file (no whole-file parse)."""

from __future__ import annotations

from pathlib import Path

import psutil

from loaders import ndex
from synth.generator import generate


def test_ndex_reader_memory_stays_flat(tmp_path: Path) -> None:
    generate(tmp_path, agencies=2, people=10_000, seed=1)  # ~41 MB of N-DEx XML
    path = tmp_path / "cso_ndex.xml"
    size_mb = path.stat().st_size / 2**20
    assert size_mb > 30
    proc = psutil.Process()
    before = proc.memory_info().rss
    peak = before
    n = 0
    for n, _item in enumerate(ndex.read(path, {}), start=1):
        if n % 500 == 0:
            peak = max(peak, proc.memory_info().rss)
    growth_mb = (peak - before) / 2**20
    assert n == 10_000
    # A whole-document parse of this file takes several times its size; streaming, a
    # few MB. The bound leaves room for allocator noise but not for holding the file.
    assert growth_mb < 80, f"RSS grew {growth_mb:.0f} MB reading a {size_mb:.0f} MB file"


WIDE = r"""
import resource, sys
import psutil
from loaders import ndex
from graph.records import Problem

# the reader may grow by at most 150 MB of address space beyond what it has now
vms = psutil.Process().memory_info().vms
resource.setrlimit(resource.RLIMIT_AS, (vms + 150 * 2**20, vms + 150 * 2**20))
out = list(ndex.read(sys.argv[1], {}))
assert len(out) == 1 and isinstance(out[0], Problem), out[:3]
print(out[0].reason)
"""


def test_a_file_of_anything_but_records_stays_in_bounded_memory(tmp_path: Path) -> None:
    """200 MB of sibling elements that are not records: read under an address-space limit
    (a child process with RLIMIT_AS), memory stays flat and the file goes to quarantine
    with a reason instead of ending in MemoryError."""
    import subprocess
    import sys

    path = tmp_path / "wide.xml"
    chunk = ("<Junk>" + "x" * 4000 + "</Junk>\n") * 1000
    with path.open("w", encoding="ascii") as fh:
        fh.write('<?xml version="1.0"?>\n<Submission xmlns="urn:example">\n')
        for _ in range(50):  # 50 x 1000 x 4 KB = 200 MB
            fh.write(chunk)
        fh.write("</Submission>\n")
    assert path.stat().st_size > 190 * 2**20
    r = subprocess.run(
        [sys.executable, "-c", WIDE, str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert r.returncode == 0, r.stderr[-2000:]
    assert "no <DataItemPackage> record" in r.stdout and "50001 other elements" in r.stdout
