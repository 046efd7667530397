"""Reading text sources line by line without trusting their encoding."""

from __future__ import annotations

import csv
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
    """(line number where the row starts, row dict) per CSV row, header from the first row;
    cells never evaluated. A real CSV parser reads the stream, so a quoted cell may span
    lines (a narrative with line breaks); a line that is not valid ``encoding`` makes its
    row a Problem instead of a half row."""
    undecodable: list[tuple[int, Problem]] = []

    def lines() -> Iterator[str]:
        with path.open("rb") as fh:
            for no, raw in enumerate(fh, start=1):
                try:
                    yield raw.decode(encoding)
                except UnicodeDecodeError as exc:
                    why = f"not valid {encoding} (byte {exc.start + 1}): {raw[:40]!r}"
                    undecodable.append((no, Problem(str(path), f"line {no}", "line", why)))
                    yield "\n"

    reader = csv.reader(lines(), delimiter=delimiter)
    header: list[str] | None = None
    last = 0  # the last line the parser has read
    while True:
        start = last + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            last = reader.line_num
            yield start, Problem(str(path), f"line {start}", "line", f"bad CSV: {exc}")
            continue
        last = reader.line_num
        if undecodable:  # a line of this row could not be read: the row is not loaded
            yield from undecodable
            damaged = any(start <= no <= last for no, _ in undecodable)
            undecodable.clear()
            if damaged and any(c.strip() for c in cells):
                continue
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if header is None:
            header = cells
            continue
        if len(cells) != len(header):
            yield (
                start,
                Problem(
                    str(path),
                    f"line {start}",
                    "line",
                    f"{len(cells)} cells, the header has {len(header)}",
                ),
            )
            continue
        yield start, dict(zip(header, cells, strict=True))
