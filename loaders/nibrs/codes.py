"""NIBRS code tables (loaders/nibrs/codes.yaml, from the FBI IEPD 2019.1 code tables)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def tables() -> dict[str, dict[str, Any]]:
    text = (resources.files("loaders.nibrs") / "codes.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def name(table: str, code: str) -> str | None:
    value = tables()[table].get(code)
    if isinstance(value, dict):
        return value.get("name")
    return value


def known(table: str, code: str) -> bool:
    return code in tables()[table]
