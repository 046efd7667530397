"""Keys for matching: nickname equivalents (the `nicknames` table: Bob ~ Robert,
Jon ~ Jonathan), a phonetic key (NYSIIS, jellyfish) that puts Smith and Smyth together, the
letters of a name in order, and street addresses in USPS Publication 28 abbreviations (the
tables of usaddress-scourgify, in graph/identifiers.py: Street ~ St, North ~ N, Apartment ~ Apt)."""

from __future__ import annotations

from functools import cache

import jellyfish
from nameparser import HumanName
from nicknames import NickNamer

from graph.identifiers import identity_number as identity_number  # (the writer needs it too)


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


def split_full_name(full: str | None) -> tuple[str | None, str | None]:
    """Given and family name of a full name written either way ("SMITH, JOHN A", "John A.
    Smith", "de la Vega, Maria"), for records that have no name parts."""
    if not full or not full.strip():
        return None, None
    parsed = HumanName(full)
    return parsed.first or None, parsed.last or None


def is_code(*parts: str | None) -> bool:
    """A name that is a code, not a person's name: a digit in it ("CAVIAR 1", "N12",
    "Subject .3", "UNK-4") or no letter at all. Such records (network nodes, wiretap
    speakers, placeholders) carry no personal identity and are never matched."""
    text = " ".join(p for p in parts if p)
    return any(ch.isdigit() for ch in text) or not any(ch.isalpha() for ch in text)
