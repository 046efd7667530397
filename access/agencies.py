"""Agencies as records of their own: who they are, at which level of government, where, and
whom a partner calls about their records (the contact a pointer hit or a deconfliction
notice names). Kept in the app database; every change is audited.

An agency's code is the one its records carry (``agency`` on every node and relationship).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, replace

from access import audit
from access.appdb import AppDB
from graph.identifiers import email, phone

LEVELS = ("federal", "state", "local", "tribal")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
# field -> what a person calls it (the command's options and the admin page use these)
FIELDS: dict[str, str] = {
    "name": "Name",
    "level": "Level (federal, state, local, tribal)",
    "jurisdiction": "Jurisdiction",
    "contact_unit": "Contact for sharing: unit",
    "contact_phone": "Contact for sharing: phone",
    "contact_email": "Contact for sharing: e-mail",
}


class AgencyError(ValueError):
    """An agency record that cannot be saved (the message says which field and why)."""


@dataclass(frozen=True)
class Agency:
    code: str
    name: str
    level: str
    jurisdiction: str = ""
    contact_unit: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    updated_at: str = ""
    updated_by: str = ""

    @property
    def contact(self) -> str:
        """The contact in one line: "Narcotics Unit, +15550100, narcotics@cso.example.gov"."""
        return ", ".join(
            x for x in (self.contact_unit, self.contact_phone, self.contact_email) if x
        )


def checked(agency: Agency) -> Agency:
    """The record with its code in capitals, phone in E.164 and e-mail in lower case; an
    AgencyError naming the field when one cannot be read."""
    if not _CODE.match(agency.code or ""):
        raise AgencyError(
            f"code {agency.code!r}: 1 to 32 letters, digits, - or _ (the code its records carry)"
        )
    if not agency.name.strip():
        raise AgencyError(f"{agency.code}: the name is required")
    level = agency.level.strip().lower()
    if level not in LEVELS:
        raise AgencyError(
            f"{agency.code}: level {agency.level!r} is not one of {', '.join(LEVELS)}"
        )
    number = agency.contact_phone.strip()
    if number and not phone(number):
        raise AgencyError(f"{agency.code}: contact phone {number!r} is not a phone number")
    mail = agency.contact_email.strip()
    if mail and not email(mail):
        raise AgencyError(f"{agency.code}: contact e-mail {mail!r} is not an e-mail address")
    return replace(
        agency,
        code=agency.code.upper(),
        name=agency.name.strip(),
        level=level,
        jurisdiction=agency.jurisdiction.strip(),
        contact_unit=agency.contact_unit.strip(),
        contact_phone=phone(number) or "" if number else "",
        contact_email=email(mail) or "" if mail else "",
    )


def save(db: AppDB, agency: Agency, by: str | None) -> tuple[Agency, bool]:
    """Add or update an agency (checked); audited with what changed. Returns the stored
    record and whether it is new."""
    new = checked(agency)
    old = get(db, new.code)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    new = replace(new, updated_at=now, updated_by=by or "")
    row = asdict(new)
    with db.connect() as con:
        con.execute(
            "INSERT INTO agencies (code, name, level, jurisdiction, contact_unit, contact_phone,"
            " contact_email, updated_at, updated_by) VALUES (:code, :name, :level, :jurisdiction,"
            " :contact_unit, :contact_phone, :contact_email, :updated_at, :updated_by)"
            " ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level,"
            " jurisdiction = excluded.jurisdiction, contact_unit = excluded.contact_unit,"
            " contact_phone = excluded.contact_phone, contact_email = excluded.contact_email,"
            " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            row,
        )
    changed = {
        f: [getattr(old, f) if old else None, getattr(new, f)]
        for f in FIELDS
        if not old or getattr(old, f) != getattr(new, f)
    }
    audit.record(db, "agency-add" if old is None else "agency-update", by,
                 {"agency": new.code, "changed": changed})  # fmt: skip
    return new, old is None


def get(db: AppDB, code: str) -> Agency | None:
    with db.connect() as con:
        row = con.execute("SELECT * FROM agencies WHERE code = ?", (code.upper(),)).fetchone()
    return Agency(**dict(row)) if row else None


def listing(db: AppDB) -> list[Agency]:
    """Every agency, by level then code."""
    with db.connect() as con:
        rows = con.execute("SELECT * FROM agencies ORDER BY code").fetchall()
    return sorted((Agency(**dict(r)) for r in rows), key=lambda a: (LEVELS.index(a.level), a.code))


def by_code(db: AppDB) -> dict[str, Agency]:
    """Every agency by its code (the contact a card or notice names)."""
    return {a.code: a for a in listing(db)}
