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
    owner = first(pkg, "DataOwnerMetadata")
    ori = (text(owner, "ORI") if owner is not None else None) or text(pkg, "ORI") or "UNKNOWN"
    digest = first(pkg, "Digest")
    if digest is None:
        raise BadField("lexs:Digest", "package without a digest")
    kinds: dict[str, str] = {}  # digest id -> Incident | Offense | Arrest | Person | ...
    acts: dict[str, etree._Element] = {}
    for act in descendants(digest, "Activity"):
        if ident(act):
            kinds[ident(act)] = (text(act, "ActivityCategoryText") or "Activity").title()
            acts[ident(act)] = act
    incidents = [i for i, k in kinds.items() if k == "Incident"]
    if not incidents:
        raise BadField("nc:Activity", "no activity with ActivityCategoryText Incident")
    inc_act = acts[incidents[0]]
    number = text(inc_act, "ActivityIdentification", "IdentificationID")
    if not number:
        raise BadField("nc:ActivityIdentification", "incident without an id")
    base = f"{ori}-{number}"
    act_date = first(inc_act, "ActivityDate")
    when = _datetime(text(act_date, "DateTime") or text(act_date, "Date"), "incident date")
    rec = SourceRecord(record_id=base, seen=when.date() if when else None)

    payload = first(pkg, "StructuredPayload")
    same_as: dict[str, etree._Element] = {}  # digest id -> payload element that refers to it
    if payload is not None:
        for s in descendants(payload, "SameAsDigestReference"):
            parent = s.getparent()
            target = ref(s)
            if target and parent is not None:
                same_as[target] = parent.getparent() if parent.getparent() is not None else parent
    offense_codes = (
        [t for t in (text(o) for o in descendants(payload, "OffenseCode")) if t]
        if payload is not None
        else []
    )
    incident = rec.add(
        "Incident",
        base,
        incident_number=number,
        ori=ori,
        occurred_at=when,
        narrative=text(inc_act, "ActivityDescriptionText"),
        offense_codes=offense_codes or None,
    )
    made: dict[str, EntityRecord] = {incidents[0]: incident}
    for i, code in enumerate(offense_codes, start=1):
        off = rec.add("Offense", f"{base}-{i}", offense_code=code, offense=code)
        rec.link("HAS_OFFENSE", incident, off)
    for oid in (i for i, k in kinds.items() if k == "Offense"):
        made[oid] = (
            incident  # offense-scoped associations (locations, victims) hang on the incident
        )

    for ep in descendants(digest, "EntityPerson"):
        p = first(ep, "Person")
        if p is None or not ident(p):
            continue
        pid = ident(p)
        kinds[pid] = "Person"
        given, middle = text(p, "PersonGivenName"), text(p, "PersonMiddleName")
        family, full = text(p, "PersonSurName"), text(p, "PersonFullName")
        name = full or " ".join(x for x in (given, middle, family) if x) or None
        person_no = text(p, "PersonOtherIdentification", "IdentificationID")
        key = f"{ori}-person-{person_no}" if person_no else f"{base}-{pid}"
        age = text(p, "PersonAgeMeasure", "MeasurePointValue")
        person = rec.add(
            "Person",
            key,
            name=nz.collapse(name).title() if name else None,
            given_name=given.title() if given else None,
            middle_name=middle.title() if middle else None,
            family_name=family.title() if family else None,
            dob=_date(text(p, "PersonBirthDate", "Date"), "nc:PersonBirthDate"),
            age=age,
            sex=text(p, "PersonSexCode"),
            race=text(p, "PersonRaceCode"),
            moniker=text(p, "PersonAlternateName", "PersonFullName"),
            rms_person_id=person_no,
            anonymous=None if name else True,
            description=None
            if name
            else f"Person {pid} (sex {text(p, 'PersonSexCode') or '?'}, age {age or '?'})",
        )
        made[pid] = person
        for role_el in ep:
            role = ROLE_ELEMENTS.get(local(role_el))
            if role:
                kinds[ident(role_el) or ""] = "Role"
                made[ident(role_el) or ""] = person
                rec.link("INVOLVED_IN", person, incident, key=f"{base}-{pid}-{role}", role=role)

    for loc in descendants(digest, "Location"):
        lid = ident(loc)
        if not lid:
            continue
        kinds[lid] = "Location"
        address = _address(loc)
        pl = same_as.get(lid)
        category = text(pl, "LocationCategoryCode") if pl is not None else None
        if address is None:
            incident.props["location_type"] = category or incident.props.get("location_type")
            continue
        made[lid] = rec.add(
            "Location",
            nz.slug(address),
            address=address.title(),
            point=_point(loc),
            location_type=category,
        )
    for tel in descendants(digest, "EntityTelephoneNumber"):
        t = first(tel, "TelephoneNumber")
        if t is None or not ident(t):
            continue
        number_e164 = _phone(t)
        if number_e164:
            kinds[ident(t)] = "Phone"
            made[ident(t)] = rec.add("Phone", number_e164, number=number_e164)
    for veh in descendants(digest, "Vehicle"):
        vid = ident(veh)
        plate = text(veh, "ConveyanceRegistrationPlateIdentification", "IdentificationID")
        vin = text(veh, "VehicleIdentification", "IdentificationID")
        if not vid or not (plate or vin):
            continue
        kinds[vid] = "Vehicle"
        make = (
            " ".join(
                x
                for x in (
                    text(veh, "VehicleMakeCode"),
                    text(veh, "VehicleModelCode"),
                    text(veh, "ItemColorDescriptionText"),
                )
                if x
            )
            or None
        )
        made[vid] = rec.add(
            "Vehicle",
            nz.plate(plate) if plate else vin,
            plate=nz.plate(plate) if plate else None,
            vin=vin,
            make_model=make,
        )
    for i, drug in enumerate(descendants(digest, "Drug"), start=1):
        did = ident(drug) or f"drug{i}"
        kinds[did] = "Drug"
        pl = same_as.get(did)
        qty = text(pl, "SubstanceQuantityMeasure", "MeasurePointValue") if pl is not None else None
        unit = text(pl, "SubstanceUnitCode") if pl is not None else None
        try:
            quantity = float(qty) if qty else None
        except ValueError:
            raise BadField(
                "nc:MeasurePointValue", f"drug quantity {qty!r} is not a number"
            ) from None
        d = rec.add(
            "Drug",
            f"{base}-{did}",
            dea_code=text(drug, "DrugDEACode"),
            drug_type=text(drug, "DrugCategoryText") or text(drug, "DrugDEACode"),
            quantity=quantity,
            unit=unit,
        )
        made[did] = d
        rec.link("INVOLVED_DRUG", incident, d, quantity=quantity, unit=unit)
    for aid in (i for i, k in kinds.items() if k == "Arrest"):
        act = acts[aid]
        arrest_no = text(act, "ActivityIdentification", "IdentificationID") or aid
        pl = same_as.get(aid)
        made[aid] = rec.add(
            "Arrest",
            f"{ori}-{arrest_no}",
            arrest_transaction=arrest_no,
            arrest_date=_date(text(first(act, "ActivityDate"), "Date"), "arrest date"),
            arrest_type=text(pl, "ArrestCategoryCode") if pl is not None else None,
        )
        rec.link("FOR", made[aid], incident)

    other: list[str] = []
    assoc_root = first(digest, "Associations")
    for assoc in list(assoc_root) if assoc_root is not None else []:
        refs = [ref(c) for c in assoc.iter() if c is not assoc and ref(c)]
        by_kind: dict[str, str] = {}
        for r in refs:
            k = kinds.get(r or "")
            if k == "Role":
                k = "Person"
            if k:
                by_kind.setdefault(k if k not in ("Offense",) else "Incident", r)  # type: ignore[arg-type]
        name = local(assoc)
        if name == "SubjectVictimAssociation":
            pair = [made.get(r or "") for r in refs]
            if len(pair) == 2 and all(pair):
                pl = same_as.get(ident(assoc) or "")
                rel = text(pl, "VictimToSubjectRelationshipCode") if pl is not None else None
                rec.link(
                    "KNOWS",
                    pair[0],
                    pair[1],
                    key=f"{base}-{ident(assoc)}",  # type: ignore[arg-type]
                    relationship=rel,
                    basis="victim/offender relationship",
                )
            continue
        ks = set(by_kind)
        if ks == {"Incident", "Location"} and by_kind["Location"] in made:
            rec.link("OCCURRED_AT", incident, made[by_kind["Location"]])
        elif ks == {"Person", "Location"} and by_kind["Location"] in made:
            rec.link("RESIDES_AT", made[by_kind["Person"]], made[by_kind["Location"]])
        elif ks == {"Person", "Phone"}:
            rec.link("USES", made[by_kind["Person"]], made[by_kind["Phone"]])
        elif ks == {"Person", "Vehicle"}:
            rec.link("ASSOCIATED_WITH", made[by_kind["Person"]], made[by_kind["Vehicle"]])
        elif ks == {"Arrest", "Person"}:
            arrest = made[by_kind["Arrest"]]
            rec.link(
                "ARRESTED", made[by_kind["Person"]], arrest, date=arrest.props.get("arrest_date")
            )
        elif ks == {"Incident", "Person"}:
            continue  # offense-victim: the victim role link already exists
        else:
            other.append(name)
    if other:
        incident.props["other_associations"] = sorted(set(other))
    return rec


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
