"""Cypher text used by the graph layer, one file per statement (read once, cached)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


@cache
def text(name: str) -> str:
    return (resources.files("graph.cypher") / f"{name}.cypher").read_text(encoding="utf-8")


def render(name: str, **identifiers: str) -> str:
    """The statement with {placeholders} filled by label/type names (never by user values)."""
    for key, value in identifiers.items():
        if not IDENTIFIER.match(value):
            raise ValueError(f"{key}={value!r} is not a valid Cypher identifier")
    stmt = text(name)
    for key, value in identifiers.items():
        stmt = stmt.replace("{" + key + "}", f"`{value}`")
    return stmt
