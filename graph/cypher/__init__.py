"""Cypher text used by the graph layer, one file per statement (read once, cached)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


@cache
def text(name: str) -> str:
    return (resources.files("graph.cypher") / f"{name}.cypher").read_text(encoding="utf-8")


def render(name: str, **identifiers: str | int) -> str:
    """The statement with {placeholders} filled by label/type names or integer literals
    (never by user text: an identifier must look like one, a number must be an int)."""
    stmt = text(name)
    for key, value in identifiers.items():
        if isinstance(value, int) and not isinstance(value, bool):
            literal = str(value)
        elif isinstance(value, str) and IDENTIFIER.match(value):
            literal = f"`{value}`"
        else:
            raise ValueError(f"{key}={value!r} is not a valid Cypher identifier or integer")
        stmt = stmt.replace("{" + key + "}", literal)
    return stmt
