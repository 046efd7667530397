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


def tabular(columns: list[str], rows: list[dict[str, Any]]) -> tuple[list[str], list[dict]]:
    """An answer as a flat table: a column holding entities or links becomes its name (or
    type) plus ``<column>_uid``, ``_type`` and ``_agency`` columns; a list becomes one cell
    ("a; b; c"); never a JSON blob in a cell."""
    out_cols: list[str] = []
    parts: dict[str, list[str]] = {}
    for c in columns:
        values = [r.get(c) for r in rows]
        if any(isinstance(v, dict) for v in values):
            parts[c] = ["uid", "type", "agency"]
            out_cols += [c, *(f"{c}_{p}" for p in parts[c])]
        else:
            out_cols.append(c)
    flat = []
    for r in rows:
        row: dict[str, Any] = {}
        for c in columns:
            v = r.get(c)
            if c in parts:
                d = v if isinstance(v, dict) else {}
                row[c] = cell_text(v) if v is not None else ""
                row[f"{c}_uid"] = d.get("uid") or ""
                kind = d.get("type") or d.get("label") or (d.get("labels") or [""])[0]
                row[f"{c}_type"] = kind
                row[f"{c}_agency"] = d.get("agency") or ""
            elif isinstance(v, list):
                row[c] = "; ".join(cell_text(x, 1000) for x in v)
            else:
                row[c] = v
        flat.append(row)
    return out_cols, flat
