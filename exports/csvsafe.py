"""CSV cells that a spreadsheet would run as a formula are neutralised (CSV injection)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    text = (
        value
        if isinstance(value, str)
        else (
            json.dumps(value, default=str)
            if isinstance(value, list | dict)
            else ""
            if value is None
            else str(value)
        )
    )
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(columns: list[str], rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow([safe_cell(c) for c in columns])
    for r in rows:
        w.writerow([safe_cell(r.get(c)) for c in columns])
    return out.getvalue()
