"""Identifiers shared by every agency: one node per normalised value.

A phone number, a plate, an address, an e-mail address, a weapon's serial number or an
identity document is the same thing whichever agency recorded it, so it is one node keyed by
its normalised value (``phone:+17182966633``, ``vehicle:WHZ1662``,
``address:1895 linden blvd|brooklyn``, ``email:dv@example.org``, ``weapon:GLOCK:BXR123``,
``document:dl:NY:123456789``; a social security number only as its keyed hash,
``document:ssn:<hash>``, graph/protected.py). Identity numbers and e-mail a source writes on
the person (``dl_number``, ``email``...) become such nodes too (``person_identifiers``).
The node holds the identifier only (``shared: true``, no agency, no provenance, nothing an
agency said about it); each agency's record reaches it by its own relationship, which
carries that agency's provenance and what the record said (make and colour of the car, the
kind of phone, which property of the person named the document). A user sees a shared node
only through a relationship they are cleared for (``graph.guarded``).

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
PREFIX: dict[str, str] = {
    "Phone": "phone",
    "Vehicle": "vehicle",
    "Location": "address",
    "Email": "email",
    "Document": "document",
    "Weapon": "weapon",
}
LABEL_OF_PREFIX = {v: k for k, v in PREFIX.items()}
# label -> the properties a shared node keeps (the identifier); every other property of an
# agency's record goes onto that record's relationships to it
IDENTIFYING: dict[str, tuple[str, ...]] = {
    "Phone": ("number",),
    "Vehicle": ("plate", "plate_state", "vin"),
    "Location": ("address", "city", "state", "zip", "point"),
    "Email": ("email",),
    "Document": ("kind", "number", "state", "number_hash"),
    "Weapon": ("make", "serial"),
}
# kind of identity document -> (the Person property a source writes it in, what it is)
DOCUMENTS: dict[str, tuple[str, str]] = {
    "dl": ("dl_number", "Driver's licence"),
    "sid": ("state_id", "State identification number (SID)"),
    "fbi": ("fbi_number", "FBI number (UCN)"),
    "ssn": ("ssn_hash", "Social security number"),  # only its keyed hash: graph/protected.py
}
# what a person's record says beside the licence number: the state that issued it
DOCUMENT_STATE = {"dl": "dl_state"}

_USPS = {  # lower case, as ``clean`` leaves the words
    k.lower(): v.lower()
    for table in (
        usps.STREET_TYPE_ABBREVIATIONS,
        usps.DIRECTIONAL_REPLACEMENTS,
        usps.OCCUPANCY_TYPE_ABBREVIATIONS,
    )
    for k, v in table.items()
}
_EMAIL = re.compile(r"^\s*([^@\s]+@[^@\s]+\.[A-Za-z]{2,})\s*$")
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
    if label == "Email":
        address = email(props.get("email"))
        return f"email:{address}" if address else None
    if label == "Document":
        return document_uid(props)
    if label == "Weapon":
        serial = identity_number(props.get("serial"))
        if not serial:
            return None
        make = plate(props.get("make"))
        return f"weapon:{make}:{serial}" if make else f"weapon:{serial}"
    return None


def email(value: Any) -> str | None:
    """An e-mail address in the one form stored and looked up (lower case), else None."""
    if not isinstance(value, str):
        return None
    m = _EMAIL.match(value)
    return m.group(1).lower() if m else None


def document_uid(props: dict[str, Any]) -> str | None:
    """The uid of an identity document: its kind, the issuing state when known, the number
    (a social security number: its keyed hash, never the digits)."""
    kind = str(props.get("kind") or "").lower()
    if kind not in DOCUMENTS:
        return None
    if kind == "ssn":
        h = props.get("number_hash")
        return f"document:ssn:{h}" if isinstance(h, str) and h else None
    number = identity_number(props.get("number"))
    if not number:
        return None
    state = plate(props.get("state"))
    return f"document:{kind}:{state}:{number}" if state else f"document:{kind}:{number}"


def named_link_uid(person_uid: str, rtype: str, shared: str) -> str:
    """The uid of the link from a person's record to an identifier it names in its own
    properties (the loaders and ``db init`` on an older graph give the same)."""
    return f"{person_uid}:{rtype.lower()}:{shared}"


def person_identifiers(props: dict[str, Any]) -> list[tuple[str, str, dict[str, Any], str]]:
    """The shared identifiers a person's record names in its own properties (an e-mail
    address, identity numbers; ``props`` already protected, so an SSN is its hash): one
    (label, relationship type, identifier properties, the Person property) each."""
    out: list[tuple[str, str, dict[str, Any], str]] = []
    if email(props.get("email")):
        out.append(("Email", "USES", {"email": email(props["email"])}, "email"))
    for kind, (field, _) in DOCUMENTS.items():
        value = props.get(field)
        if value is None:
            continue
        doc: dict[str, Any] = {"kind": kind}
        if kind == "ssn":
            doc["number_hash"] = value
        else:
            doc["number"] = identity_number(value)
            state = props.get(DOCUMENT_STATE.get(kind, ""))
            if state:
                doc["state"] = plate(state)
        if document_uid(doc):
            out.append(("Document", "HOLDS", doc, field))
    return out


def shared_props(label: str, props: dict[str, Any]) -> dict[str, Any]:
    """What a shared node holds: the identifier, normalised (the address in USPS form)."""
    kept = {k: props[k] for k in IDENTIFYING.get(label, ()) if props.get(k) is not None}
    if label == "Location" and isinstance(kept.get("address"), str):
        kept["address"] = (street(kept["address"]) or kept["address"]).title()
    if label == "Vehicle" and kept.get("vin"):
        kept["vin"] = str(kept["vin"]).upper()
    if label == "Email" and kept.get("email"):
        kept["email"] = email(kept["email"]) or kept["email"]
    if label == "Document":
        kept["kind"] = str(kept.get("kind", "")).lower()
        if kept.get("number"):
            kept["number"] = identity_number(kept["number"])
        if kept.get("state"):
            kept["state"] = plate(kept["state"])
    if label == "Weapon":
        if kept.get("serial"):
            kept["serial"] = identity_number(kept["serial"])
        if kept.get("make"):
            kept["make"] = str(kept["make"]).strip().upper()
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


def typed_email(text: str) -> str | None:
    """An e-mail address as typed, in lower case (as the loaders store it), else None."""
    return email(text)


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


_DOCUMENT = re.compile(r"^\s*[A-Za-z0-9][A-Za-z0-9 -]{2,24}[A-Za-z0-9]\s*$")


@lru_cache(maxsize=256)
def typed_number(text: str) -> str | None:
    """An identity-document or serial number as typed ("D123-456-789", "bxr 123"), in the
    form stored: letters and digits in capitals; only for text with a digit in it and at
    most two words (a name is never taken for a number)."""
    if not _DOCUMENT.match(text) or not re.search(r"\d", text) or len(text.split()) > 2:
        return None
    return identity_number(text)


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
