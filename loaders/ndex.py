"""N-DEx Incident/Arrest exchange (LEXS 3.1 publish/discover, NIEM 2.0 digest + ndexia payload).

Each lexs:DataItemPackage is one incident. The digest lists entities (activities, persons,
locations, phones, vehicles, drugs) and associations between them; the ndexia structured
payload adds codes (offense, arrest, drug quantity) that point back to digest ids with
lexslib:SameAsDigestReference. Persons carry names, birth dates, addresses, phones and
vehicles when the sending RMS has them, which is what feeds entity resolution.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from graph.records import BadField, EntityRecord, Problem, SourceRecord
from loaders import normalize as nz
from loaders.xmlsafe import descendants, first, ident, local, records, ref, text

ROLE_ELEMENTS = {
    "IncidentSubject": "suspect",
    "ArrestSubject": "arrestee",
    "Victim": "victim",
    "Witness": "witness",
    "EnforcementOfficial": "officer",
    "Complainant": "reporter",
}


def _date(value: str | None, field: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise BadField(field, f"impossible date {value.strip()!r}") from None


def _datetime(value: str | None, field: str) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.strip())
    except ValueError:
        day = _date(value, field)
        return dt.datetime.combine(day, dt.time()) if day else None


def _phone(el: etree._Element) -> str | None:
    full = text(el, "TelephoneNumberFullID")
    if not full:
        parts = [
            text(el, n) for n in ("TelephoneAreaCodeID", "TelephoneExchangeID", "TelephoneLineID")
        ]
        full = "".join(p for p in parts if p) or None
    return nz.phone_e164(full) if full else None


def _address(loc: etree._Element) -> str | None:
    full = text(loc, "AddressFullText")
    if full:
        return nz.collapse(full)
    parts = [
        text(loc, n)
        for n in (
            "StreetFullText",
            "LocationCityName",
            "LocationStateUSPostalServiceCode",
            "LocationPostalCode",
        )
    ]
    return ", ".join(p for p in parts if p) or None


def _point(loc: etree._Element) -> Any:
    lat, lon = text(loc, "LatitudeDegreeValue"), text(loc, "LongitudeDegreeValue")
    return nz.point(lon, lat) if lat and lon else None


def package(pkg: etree._Element, file: str) -> SourceRecord:
    """One N-DEx data item package -> one SourceRecord (``Package`` reads it part by part)."""
    return Package(pkg).read()


class Package:
    """The reading of one package: the digest's entities first (each remembered by its
    digest id, with its kind), then the associations between them."""

    def __init__(self, pkg: etree._Element) -> None:
        self.pkg = pkg
        owner = first(pkg, "DataOwnerMetadata")
        self.ori = (
            (text(owner, "ORI") if owner is not None else None) or text(pkg, "ORI") or "UNKNOWN"
        )
        digest = first(pkg, "Digest")
        if digest is None:
            raise BadField("lexs:Digest", "package without a digest")
        self.digest = digest
        self.kinds: dict[str, str] = {}  # digest id -> Incident | Offense | Arrest | Person | ...
        self.acts: dict[str, etree._Element] = {}
        self.made: dict[str, EntityRecord] = {}  # digest id -> the entity it became
        self.same_as: dict[str, etree._Element] = {}  # digest id -> payload element about it
        self.payload = first(pkg, "StructuredPayload")

    def read(self) -> SourceRecord:
        self._activities()
        self._incident()
        for ep in descendants(self.digest, "EntityPerson"):
            self._person(ep)
        for loc in descendants(self.digest, "Location"):
            self._location(loc)
        for tel in descendants(self.digest, "EntityTelephoneNumber"):
            self._phone(tel)
        for veh in descendants(self.digest, "Vehicle"):
            self._vehicle(veh)
        for i, drug in enumerate(descendants(self.digest, "Drug"), start=1):
            self._drug(drug, i)
        for aid in [i for i, k in self.kinds.items() if k == "Arrest"]:
            self._arrest(aid)
        self._associations()
        return self.rec

    def _activities(self) -> None:
        for act in descendants(self.digest, "Activity"):
            if ident(act):
                self.kinds[ident(act)] = (text(act, "ActivityCategoryText") or "Activity").title()
                self.acts[ident(act)] = act
        if self.payload is not None:
            for s in descendants(self.payload, "SameAsDigestReference"):
                parent = s.getparent()
                target = ref(s)
                if target and parent is not None:
                    grand = parent.getparent()
                    self.same_as[target] = grand if grand is not None else parent

    def _about(self, digest_id: str, *path: str) -> str | None:
        """Text from the payload element that refers to a digest entity (SameAs)."""
        pl = self.same_as.get(digest_id)
        return text(pl, *path) if pl is not None else None

    def _incident(self) -> None:
        incidents = [i for i, k in self.kinds.items() if k == "Incident"]
        if not incidents:
            raise BadField("nc:Activity", "no activity with ActivityCategoryText Incident")
        inc_act = self.acts[incidents[0]]
        number = text(inc_act, "ActivityIdentification", "IdentificationID")
        if not number:
            raise BadField("nc:ActivityIdentification", "incident without an id")
        self.base = base = f"{self.ori}-{number}"
        act_date = first(inc_act, "ActivityDate")
        when = _datetime(text(act_date, "DateTime") or text(act_date, "Date"), "incident date")
        self.rec = rec = SourceRecord(record_id=base, seen=when.date() if when else None)
        offense_codes = (
            [t for t in (text(o) for o in descendants(self.payload, "OffenseCode")) if t]
            if self.payload is not None
            else []
        )
        self.incident = incident = rec.add(
            "Incident",
            base,
            incident_number=number,
            ori=self.ori,
            occurred_at=when,
            narrative=text(inc_act, "ActivityDescriptionText"),
            offense_codes=offense_codes or None,
        )
        self.made[incidents[0]] = incident
        for i, code in enumerate(offense_codes, start=1):
            off = rec.add("Offense", f"{base}-{i}", offense_code=code, offense=code)
            rec.link("HAS_OFFENSE", incident, off)
        for oid in (i for i, k in self.kinds.items() if k == "Offense"):
            self.made[oid] = incident  # offense-scoped associations hang on the incident

    def _person(self, ep: etree._Element) -> None:
        p = first(ep, "Person")
        if p is None or not ident(p):
            return
        pid = ident(p)
        self.kinds[pid] = "Person"
        given, middle = text(p, "PersonGivenName"), text(p, "PersonMiddleName")
        family, full = text(p, "PersonSurName"), text(p, "PersonFullName")
        name = full or " ".join(x for x in (given, middle, family) if x) or None
        person_no = text(p, "PersonOtherIdentification", "IdentificationID")
        key = f"{self.ori}-person-{person_no}" if person_no else f"{self.base}-{pid}"
        age = text(p, "PersonAgeMeasure", "MeasurePointValue")
        sex = text(p, "PersonSexCode")
        person = self.rec.add(
            "Person",
            key,
            name=nz.collapse(name).title() if name else None,
            given_name=given.title() if given else None,
            middle_name=middle.title() if middle else None,
            family_name=family.title() if family else None,
            dob=_date(text(p, "PersonBirthDate", "Date"), "nc:PersonBirthDate"),
            age=age,
            juvenile=nz.is_juvenile(age) or None,  # a minor's record: the juvenile class
            sex=sex,
            race=text(p, "PersonRaceCode"),
            moniker=text(p, "PersonAlternateName", "PersonFullName"),
            rms_person_id=person_no,
            # NIEM identity numbers, on the person or its augmentation beside it
            ssn=text(ep, "PersonSSNIdentification", "IdentificationID"),
            state_id=text(ep, "PersonStateIdentification", "IdentificationID"),
            fbi_number=text(ep, "PersonFBIIdentification", "IdentificationID"),
            dl_number=text(ep, "DriverLicenseIdentification", "IdentificationID"),
            dl_state=_licence_state(ep),
            anonymous=None if name else True,
            description=None if name else f"Person {pid} (sex {sex or '?'}, age {age or '?'})",
        )
        self.made[pid] = person
        for role_el in ep:
            role = ROLE_ELEMENTS.get(local(role_el))
            if role:
                self.kinds[ident(role_el) or ""] = "Role"
                self.made[ident(role_el) or ""] = person
                self.rec.link(
                    "INVOLVED_IN", person, self.incident, key=f"{self.base}-{pid}-{role}", role=role
                )

    def _location(self, loc: etree._Element) -> None:
        lid = ident(loc)
        if not lid:
            return
        self.kinds[lid] = "Location"
        address = _address(loc)
        category = self._about(lid, "LocationCategoryCode")
        if address is None:
            self.incident.props["location_type"] = category or self.incident.props.get(
                "location_type"
            )
            return
        self.made[lid] = self.rec.add(
            "Location",
            nz.slug(address),
            address=address.title(),
            point=_point(loc),
            location_type=category,
        )

    def _phone(self, tel: etree._Element) -> None:
        t = first(tel, "TelephoneNumber")
        if t is None or not ident(t):
            return
        number_e164 = _phone(t)
        if number_e164:
            self.kinds[ident(t)] = "Phone"
            self.made[ident(t)] = self.rec.add("Phone", number_e164, number=number_e164)

    def _vehicle(self, veh: etree._Element) -> None:
        vid = ident(veh)
        plate = text(veh, "ConveyanceRegistrationPlateIdentification", "IdentificationID")
        vin = text(veh, "VehicleIdentification", "IdentificationID")
        if not vid or not (plate or vin):
            return
        self.kinds[vid] = "Vehicle"
        described = (
            text(veh, "VehicleMakeCode"),
            text(veh, "VehicleModelCode"),
            text(veh, "ItemColorDescriptionText"),
        )
        self.made[vid] = self.rec.add(
            "Vehicle",
            nz.plate(plate) if plate else vin,
            plate=nz.plate(plate) if plate else None,
            vin=vin,
            make_model=" ".join(x for x in described if x) or None,
        )

    def _drug(self, drug: etree._Element, i: int) -> None:
        did = ident(drug) or f"drug{i}"
        self.kinds[did] = "Drug"
        qty = self._about(did, "SubstanceQuantityMeasure", "MeasurePointValue")
        unit = self._about(did, "SubstanceUnitCode")
        try:
            quantity = float(qty) if qty else None
        except ValueError:
            raise BadField(
                "nc:MeasurePointValue", f"drug quantity {qty!r} is not a number"
            ) from None
        d = self.rec.add(
            "Drug",
            f"{self.base}-{did}",
            dea_code=text(drug, "DrugDEACode"),
            drug_type=text(drug, "DrugCategoryText") or text(drug, "DrugDEACode"),
            quantity=quantity,
            unit=unit,
        )
        self.made[did] = d
        self.rec.link("INVOLVED_DRUG", self.incident, d, quantity=quantity, unit=unit)

    def _arrest(self, aid: str) -> None:
        act = self.acts[aid]
        arrest_no = text(act, "ActivityIdentification", "IdentificationID") or aid
        self.made[aid] = self.rec.add(
            "Arrest",
            f"{self.ori}-{arrest_no}",
            arrest_transaction=arrest_no,
            arrest_date=_date(text(first(act, "ActivityDate"), "Date"), "arrest date"),
            arrest_type=self._about(aid, "ArrestCategoryCode"),
        )
        self.rec.link("FOR", self.made[aid], self.incident)

    def _associations(self) -> None:
        other: list[str] = []
        assoc_root = first(self.digest, "Associations")
        for assoc in list(assoc_root) if assoc_root is not None else []:
            if not self._association(assoc):
                other.append(local(assoc))
        if other:
            self.incident.props["other_associations"] = sorted(set(other))

    def _association(self, assoc: etree._Element) -> bool:
        """Link the two entities an association joins; False for a kind this reader does not
        turn into a link (kept by name on the incident)."""
        refs = [ref(c) for c in assoc.iter() if c is not assoc and ref(c)]
        if local(assoc) == "SubjectVictimAssociation":
            pair = [self.made.get(r or "") for r in refs]
            if len(pair) == 2 and all(pair):
                self.rec.link(
                    "KNOWS",
                    pair[0],  # type: ignore[arg-type]
                    pair[1],  # type: ignore[arg-type]
                    key=f"{self.base}-{ident(assoc)}",
                    relationship=self._about(ident(assoc) or "", "VictimToSubjectRelationshipCode"),
                    basis="victim/offender relationship",
                )
            return True
        by_kind: dict[str, str] = {}
        for r in refs:
            k = self.kinds.get(r or "")
            k = SAME_KIND.get(k, k) if k else None
            if k:
                by_kind.setdefault(k, r)  # type: ignore[arg-type]
        made = {k: self.made.get(r) for k, r in by_kind.items()}
        kinds = set(by_kind)
        link = ASSOCIATION_LINKS.get(frozenset(kinds))
        if kinds == {"Incident", "Person"}:
            return True  # offense-victim: the victim role link already exists
        if link is None or any(made[k] is None for k in kinds if k != "Incident"):
            return False  # (a place without an address is not linked either)
        rel, start, end = link
        a = self.incident if start == "Incident" else made[start]
        b = made[end]
        props = {"date": b.props.get("arrest_date")} if rel == "ARRESTED" else {}  # type: ignore[union-attr]
        self.rec.link(rel, a, b, **props)  # type: ignore[arg-type]
        return True


# a role stands for its person, an offense for its incident, in associations
SAME_KIND = {"Role": "Person", "Offense": "Incident"}
# associations between two kinds of entity -> (relationship, from kind, to kind)
ASSOCIATION_LINKS = {
    frozenset({"Incident", "Location"}): ("OCCURRED_AT", "Incident", "Location"),
    frozenset({"Person", "Location"}): ("RESIDES_AT", "Person", "Location"),
    frozenset({"Person", "Phone"}): ("USES", "Person", "Phone"),
    frozenset({"Person", "Vehicle"}): ("ASSOCIATED_WITH", "Person", "Vehicle"),
    frozenset({"Arrest", "Person"}): ("ARRESTED", "Person", "Arrest"),
}


def read(path: Path, options: dict[str, Any]) -> Iterator[SourceRecord | Problem]:
    file = str(path)
    for n, pkg in enumerate(records(path, "DataItemPackage"), start=1):
        if isinstance(pkg, Problem):
            yield pkg
            continue
        where = f"package {n} (line {pkg.sourceline})"
        try:
            yield package(pkg, file)
        except (BadField, nz.BadValue) as exc:
            yield Problem(file, where, getattr(exc, "field", "value"), str(exc))


# NIEM names of the state that issued a driver's licence (NCIC code, postal code, text)
LICENCE_STATE = (
    "IdentificationJurisdictionNCICLSTACode",
    "IdentificationJurisdictionNCICLISCode",
    "IdentificationJurisdictionUSPostalServiceCode",
    "DrivingJurisdictionAuthorityNCICLSTACode",
    "IdentificationJurisdictionText",
)


def _licence_state(person: etree._Element) -> str | None:
    """The state that issued the person's driver's licence, when the record says."""
    for name in LICENCE_STATE:
        value = text(person, "DriverLicenseIdentification", name)
        if value:
            return value
    return None
