"""Readers stream: memory stays flat however large the file (no whole-file parse)."""

from __future__ import annotations

from pathlib import Path

import psutil

from loaders import ndex
from loaders.generator import generate


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
