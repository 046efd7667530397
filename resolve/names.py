"""Name keys for matching: nickname equivalents (the `nicknames` table: Bob ~ Robert,
Jon ~ Jonathan) and a phonetic key (NYSIIS, jellyfish) that puts Smith and Smyth together."""

from __future__ import annotations

from functools import cache

import jellyfish
from nicknames import NickNamer


@cache
def _namer() -> NickNamer:
    return NickNamer()


@cache
def alternatives(first: str | None) -> list[str]:
    """The name itself, its nicknames and the names it is a nickname of (lower case)."""
    if not first:
        return []
    name = first.lower()
    nn = _namer()
    return sorted({name} | nn.nicknames_of(name) | nn.canonicals_of(name))


@cache
def phonetic(name: str | None) -> str | None:
    """NYSIIS key of a (cleaned) name; None for nothing to key."""
    if not name:
        return None
    key = jellyfish.nysiis(name.replace(" ", ""))
    return key or None


@cache
def letters(name: str | None) -> str | None:
    """The letters of a name in alphabetical order: "Ynuo" and "Young" differ by one letter
    once sorted, however scrambled the typing was."""
    if not name:
        return None
    return "".join(sorted(name.replace(" ", ""))) or None
