"""Identifiers shared by every agency: one Phone, Vehicle or address node per normalised value.

A phone number, a plate or an address is the same thing whichever agency recorded it, so it
is one node keyed by its normalised value (``phone:+17182966633``, ``vehicle:WHZ1662``,
``address:1895 linden blvd|brooklyn``). The node holds the identifier only (``shared: true``,
no agency, no provenance, nothing an agency said about it); each agency's record reaches it
by its own relationship, which carries that agency's provenance and what the record said
(make and colour of the car, the kind of phone). A user sees a shared node only through a
relationship they are cleared for (``graph.guarded``).

The same functions normalise what a user types into the search box, so "(718) 296-6633",
"whz 1662" and "1895 Linden Boulevard" find what the loaders stored.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

import phonenumbers
from scourgify import address_constants as usps

from graph.model import PROVENANCE_PROPERTIES

SHARED = "shared"  # the property that marks a shared identifier node (always true)
# label -> the uid prefix of its shared nodes
PREFIX: dict[str, str] = {"Phone": "phone", "Vehicle": "vehicle", "Location": "address"}
LABEL_OF_PREFIX = {v: k for k, v in PREFIX.items()}
# label -> the properties a shared node keeps (the identifier); every other property of an
# agency's record goes onto that record's relationships to it
IDENTIFYING: dict[str, tuple[str, ...]] = {
    "Phone": ("number",),
    "Vehicle": ("plate", "plate_state", "vin"),
    "Location": ("address", "city", "state", "zip", "point"),
}

_USPS = {  # lower case, as ``clean`` leaves the words
    k.lower(): v.lower()
    for table in (
        usps.STREET_TYPE_ABBREVIATIONS,
        usps.DIRECTIONAL_REPLACEMENTS,
        usps.OCCUPANCY_TYPE_ABBREVIATIONS,
    )
    for k, v in table.items()
}
VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
VIN_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}


def clean(value: Any) -> str | None:
    """Lower case, anything but letters, digits and spaces gone, spaces collapsed."""
    if value is None:
        return None
    text = re.sub(r"[^a-z0-9 ]+", " ", str(value).lower())
    return " ".join(text.split()) or None


@cache
def street(value: str | None) -> str | None:
    """A street address cleaned (``clean``), each street type, direction and unit word in
    its USPS Publication 28 abbreviation: "12 North Main Street, Apartment 4" and
    "12 N Main St Apt 4" become the same "12 n main st apt 4"."""
    text = clean(value.replace("#", " apt ")) if value else None
    if not text:
        return None
    return " ".join(_USPS.get(w, w) for w in text.split())


def phone(value: Any, region: str = "US") -> str | None:
    """E.164 ("+17182966633") of a possible number written any way, else None."""
    try:
        number = phonenumbers.parse(str(value), region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def plate(value: Any) -> str | None:
    """A plate as stored: capitals and digits only ("whz 1662" -> "WHZ1662")."""
    text = re.sub(r"[^A-Z0-9]", "", str(value or "").upper())
    return text or None


def vin_ok(value: Any) -> bool:
    """Whether a 17-character VIN's check digit (position 9) is right."""
    vin = str(value or "").upper()
    if len(vin) != 17 or any(c not in VIN_VALUES for c in vin):
        return False
    total = sum(VIN_VALUES[c] * w for c, w in zip(vin, VIN_WEIGHTS, strict=True))
    check = "X" if total % 11 == 10 else str(total % 11)
    return vin[8] == check


# Values an RMS writes when it has no number.
_NO_NUMBER = {"UNKNOWN", "UNK", "NONE", "NA", "NULL", "REFUSED"}


def identity_number(value: object) -> str | None:
    """An identity number (SSN, state id, licence, FBI number) as its letters and digits in
    upper case ("123-45-6789" and "123456789" are one number); None for no number, a
    placeholder word, fewer than four characters, or one character repeated (000000000)."""
    if value is None:
        return None
    cleaned = re.sub(r"[^0-9A-Za-z]", "", str(value)).upper()
    if len(cleaned) < 4 or len(set(cleaned)) == 1 or cleaned in _NO_NUMBER:
        return None
    return cleaned


def shared_uid(label: str, props: dict[str, Any]) -> str | None:
    """The uid of the shared node an agency's entity is, or None when it is not an
    identifier that can be shared (no number, plate or street address)."""
    if label == "Phone":
        number = props.get("number")
        return f"phone:{number}" if isinstance(number, str) and number.startswith("+") else None
    if label == "Vehicle":
        if vin_ok(props.get("vin")):
            return f"vehicle:vin:{str(props['vin']).upper()}"
        p = plate(props.get("plate"))
        if not p:
            return None
        state = plate(props.get("plate_state"))
        return f"vehicle:{state}:{p}" if state else f"vehicle:{p}"
    if label == "Location":
        s = street(props.get("address")) if isinstance(props.get("address"), str) else None
        if not s or not re.match(r"^\d", s):  # a street address starts with its number
            return None
        town = clean(props.get("city")) or clean(props.get("zip")) or ""
        return f"address:{s}|{town}"
    return None


def shared_props(label: str, props: dict[str, Any]) -> dict[str, Any]:
    """What a shared node holds: the identifier, normalised (the address in USPS form)."""
    kept = {k: props[k] for k in IDENTIFYING.get(label, ()) if props.get(k) is not None}
    if label == "Location" and isinstance(kept.get("address"), str):
        kept["address"] = (street(kept["address"]) or kept["address"]).title()
    if label == "Vehicle" and kept.get("vin"):
        kept["vin"] = str(kept["vin"]).upper()
    kept[SHARED] = True
    return kept


def said_about(label: str, props: dict[str, Any]) -> dict[str, Any]:
    """What an agency's record said about a shared identifier beyond the identifier and its
    own provenance (make and colour of the car, the kind of phone, the address as written):
    kept on that record's relationships to the shared node."""
    keep = IDENTIFYING.get(label, ())
    out = {
        k: v
        for k, v in props.items()
        if k not in keep and k not in PROVENANCE_PROPERTIES and k != "uid"
        and not k.endswith("_variants")
    }  # fmt: skip
    if label == "Location" and props.get("address") is not None:
        out["address_as_recorded"] = props["address"]
    return out


def label_of(uid: str) -> str | None:
    """The label of a shared node from its uid."""
    return LABEL_OF_PREFIX.get(uid.split(":", 1)[0])


# -- what a user typed into the search box ------------------------------------------------
@lru_cache(maxsize=256)
def typed_phone(text: str) -> tuple[str | None, str | None]:
    """(E.164, digits of a local number to match as a suffix) for a phone typed any way:
    "(718) 296-6633" -> ("+17182966633", None); "296-6633" -> (None, "2966633")."""
    digits = re.sub(r"\D", "", text)
    if re.search(r"[A-Za-z]", text) or not 7 <= len(digits) <= 15:
        return None, None
    if len(digits) == 7:
        return None, digits
    return phone(text), None


_EMAIL = re.compile(r"^\s*([^@\s]+@[^@\s]+\.[A-Za-z]{2,})\s*$")


def typed_email(text: str) -> str | None:
    """An e-mail address as typed, in lower case (as the loaders store it), else None."""
    m = _EMAIL.match(text)
    return m.group(1).lower() if m else None


def canonical(props: dict[str, Any]) -> dict[str, Any]:
    """Identifier properties in the one form the search looks up: an e-mail address in
    lower case and without spaces around it (whatever case the source wrote)."""
    email = props.get("email")
    if isinstance(email, str) and email != email.strip().lower():
        return {**props, "email": email.strip().lower()}
    return props


_SSN = re.compile(r"^\s*(\d{3})[- ]?(\d{2})[- ]?(\d{4})\s*$")


def typed_ssn(text: str) -> str | None:
    """A social security number as typed ("123-45-6789", "123 45 6789", "123456789"), else
    None (looked up through its keyed hash: graph/protected.py)."""
    m = _SSN.match(text)
    return "".join(m.groups()) if m else None


@lru_cache(maxsize=256)
def typed_plate(text: str) -> str | None:
    """A plate typed with spaces, dashes or lower case ("whz 1662"), if it looks like one:
    2 to 8 capitals and digits with at least one digit and one letter."""
    p = plate(text)
    if not p or not 2 <= len(p) <= 8 or len(text.split()) > 2:
        return None
    return p if re.search(r"\d", p) and re.search(r"[A-Z]", p) else None


@lru_cache(maxsize=256)
def typed_address(text: str) -> str | None:
    """A street address in the form shared nodes hold it ("1895 Linden Boulevard" ->
    "1895 Linden Blvd"), if it starts with a house number."""
    s = street(text)
    return s.title() if s and re.match(r"^\d+ \S", s) else None
