"""Keys for matching: nickname equivalents (the `nicknames` table: Bob ~ Robert,
Jon ~ Jonathan), a phonetic key (NYSIIS, jellyfish) that puts Smith and Smyth together, the
letters of a name in order, and street addresses in USPS Publication 28 abbreviations (the
tables of usaddress-scourgify: Street ~ St, North ~ N, Apartment ~ Apt)."""

from __future__ import annotations

import re
from functools import cache

import jellyfish
from nameparser import HumanName
from nicknames import NickNamer
from scourgify import address_constants as usps


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


_USPS = {
    **usps.STREET_TYPE_ABBREVIATIONS,
    **usps.DIRECTIONAL_REPLACEMENTS,
    **usps.OCCUPANCY_TYPE_ABBREVIATIONS,
}


@cache
def street(value: str | None) -> str | None:
    """A street address in lower case, punctuation gone, each street type, direction and
    unit word in its USPS abbreviation: "12 North Main Street, Apartment 4" and
    "12 N Main St Apt 4" become the same "12 n main st apt 4"."""
    if not value:
        return None
    words = re.sub(r"[^A-Z0-9 ]+", " ", value.upper().replace("#", " APT ")).split()
    return " ".join(_USPS.get(w, w) for w in words).lower() or None


def split_full_name(full: str | None) -> tuple[str | None, str | None]:
    """Given and family name of a full name written either way ("SMITH, JOHN A", "John A.
    Smith", "de la Vega, Maria"), for records that have no name parts."""
    if not full or not full.strip():
        return None, None
    parsed = HumanName(full)
    return parsed.first or None, parsed.last or None
