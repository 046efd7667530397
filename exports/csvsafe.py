"""Answers as text for people and spreadsheets: CSV cells that a spreadsheet would run as a
formula are neutralised (CSV injection), and a cell of an answer is shown as short text."""

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


def cell_text(value: Any, limit: int = 8) -> str:
    """One cell of an answer as short text: an entity or link by its name, uid or type, a list
    by its first `limit` items."""
    if isinstance(value, dict):
        return str(value.get("name") or value.get("uid") or value.get("type") or value)
    if isinstance(value, list):
        more = " …" if len(value) > limit else ""
        return ", ".join(cell_text(v, limit) for v in value[:limit]) + more
    return "" if value is None else str(value)
