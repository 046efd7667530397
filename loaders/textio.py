"""Reading text sources line by line without trusting their encoding."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from graph.records import Problem


def decoded_lines(path: Path, encoding: str = "utf-8") -> Iterator[tuple[int, str | Problem]]:
    """(line number, text) per line; a line that is not valid ``encoding`` becomes a Problem."""
    with path.open("rb") as fh:
        for no, raw in enumerate(fh, start=1):
            try:
                yield no, raw.decode(encoding).rstrip("\r\n")
            except UnicodeDecodeError as exc:
                yield (
                    no,
                    Problem(
                        str(path),
                        f"line {no}",
                        "line",
                        f"not valid {encoding} (byte {exc.start + 1}): {raw[:40]!r}",
                    ),
                )


def csv_rows(
    path: Path, encoding: str = "utf-8", delimiter: str = ","
) -> Iterator[tuple[int, dict[str, str] | Problem]]:
    """(line number, row dict) per CSV row, header from the first line; cells never evaluated."""
    header: list[str] | None = None
    for no, line in decoded_lines(path, encoding):
        if isinstance(line, Problem):
            yield no, line
            continue
        if not line.strip():
            continue
        try:
            cells = next(csv.reader(io.StringIO(line), delimiter=delimiter))
        except csv.Error as exc:
            yield no, Problem(str(path), f"line {no}", "line", f"bad CSV: {exc}")
            continue
        cells = [c.strip() for c in cells]
        if header is None:
            header = cells
            continue
        if len(cells) != len(header):
            yield (
                no,
                Problem(
                    str(path),
                    f"line {no}",
                    "line",
                    f"{len(cells)} cells, the header has {len(header)}",
                ),
            )
            continue
        yield no, dict(zip(header, cells, strict=True))
