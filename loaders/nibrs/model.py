"""One NIBRS incident, whatever it was read from, turned into graph records the same way.

The flat reader and the XML reader both fill these dataclasses; ``to_record`` is the only
place that decides the graph shape, which is what makes a flat and an XML submission of the
same incident produce the same graph.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from graph.records import SourceRecord
from loaders.nibrs import codes
from loaders.normalize import is_juvenile


@dataclass
class NibrsOffense:
    code: str
    attempted: bool | None = None
    location_type: str | None = None
    criminal_activity: list[str] = field(default_factory=list)
    weapons: list[str] = field(default_factory=list)


@dataclass
class NibrsDrug:
    loss_type: str  # property loss code 1..8 (6 = seized)
    drug_type: str
    quantity: float | None
    unit: str | None


@dataclass
class NibrsPerson:
    role: str  # victim | offender | arrestee
    seq: str
    age: str | None = None
    sex: str | None = None
    race: str | None = None
    ethnicity: str | None = None
    victim_type: str | None = None
    offenses: list[str] = field(default_factory=list)


@dataclass
class NibrsArrest:
    seq: str
    transaction: str
    date: dt.date
    arrest_type: str | None
    offense_code: str | None
    person: NibrsPerson
    more_charges: list[str] = field(default_factory=list)  # group B: further charges


@dataclass
class NibrsIncident:
    ori: str
    number: str
    date: dt.date | None = None
    hour: int | None = None
    report_date: bool = False
    cleared_exceptionally: str | None = None
    offenses: list[NibrsOffense] = field(default_factory=list)
    drugs: list[NibrsDrug] = field(default_factory=list)
    property_items: list[str] = field(default_factory=list)
    victims: list[NibrsPerson] = field(default_factory=list)
    offenders: list[NibrsPerson] = field(default_factory=list)
    arrests: list[NibrsArrest] = field(default_factory=list)


PERSON_VICTIM_TYPES = {"I", "L"}  # individual, law enforcement officer


def _name(table: str, code: str | None) -> str | None:
    return codes.name(table, code) if code else None


def _person_props(p: NibrsPerson) -> dict[str, object]:
    sex = codes.name("sex", p.sex or "") if p.sex else None
    race = codes.name("race", p.race or "") if p.race else None
    bits = [b for b in (sex, f"age {p.age}" if p.age else None, race) if b]
    return {
        "description": f"{p.role.title()} {int(p.seq) if p.seq.isdigit() else p.seq}"
        + (f" ({', '.join(bits)})" if bits else ""),
        "age": p.age,
        "sex": p.sex,
        "race": p.race,
        "ethnicity": p.ethnicity,
        "nibrs_role": p.role,
        "anonymous": True,
        "juvenile": is_juvenile(p.age) or None,  # a minor's record: the juvenile class
    }


def to_record(inc: NibrsIncident) -> SourceRecord:
    base = f"{inc.ori}-{inc.number}"
    rec = SourceRecord(record_id=base, seen=inc.date)
    when = dt.datetime.combine(inc.date, dt.time(inc.hour or 0)) if inc.date else None
    other_victims = [
        codes.name("victim_type", v.victim_type or "") or (v.victim_type or "?")
        for v in inc.victims
        if v.victim_type not in PERSON_VICTIM_TYPES
    ]
    incident = rec.add(
        "Incident",
        base,
        incident_number=inc.number,
        ori=inc.ori,
        occurred_at=when,
        occurred_on=inc.date,
        date_is_report_date=inc.report_date or None,
        cleared_exceptionally=inc.cleared_exceptionally,
        offense_codes=[o.code for o in inc.offenses] or None,
        narcotics=any(o.code in ("35A", "35B") for o in inc.offenses) or bool(inc.drugs),
        other_victims=other_victims or None,
        property=inc.property_items or None,
        offenders_unknown=(not inc.offenders) or None,
    )
    for o in inc.offenses:
        off = rec.add(
            "Offense",
            f"{base}-{o.code}",
            offense_code=o.code,
            offense=codes.name("offense", o.code),
            attempted=o.attempted,
            location_type=_name("location_type", o.location_type),
            criminal_activity=[_name("criminal_activity", c) or c for c in o.criminal_activity]
            or None,
            gang_related=any(c in ("J", "G") for c in o.criminal_activity) or None,
            weapons=[codes.name("weapon_force", w) or w for w in o.weapons] or None,
        )
        rec.link("HAS_OFFENSE", incident, off)
    for i, d in enumerate(inc.drugs, start=1):
        drug = rec.add(
            "Drug",
            f"{base}-{d.loss_type}-{i}",
            drug_type=d.drug_type,
            drug=codes.name("drug_type", d.drug_type),
            quantity=d.quantity,
            unit=d.unit,
            property_loss=codes.name("property_loss", d.loss_type),
        )
        rec.link(
            "INVOLVED_DRUG",
            incident,
            drug,
            quantity=d.quantity,
            unit=d.unit,
            property_loss=codes.name("property_loss", d.loss_type),
        )
    for v in inc.victims:
        if v.victim_type in PERSON_VICTIM_TYPES:
            person = rec.add("Person", f"{base}-victim-{v.seq}", **_person_props(v))
            rec.link(
                "INVOLVED_IN",
                person,
                incident,
                key=f"{base}-victim-{v.seq}",
                role="victim",
                offense_codes=v.offenses or None,
            )
    for o in inc.offenders:
        person = rec.add("Person", f"{base}-offender-{o.seq}", **_person_props(o))
        rec.link("INVOLVED_IN", person, incident, key=f"{base}-offender-{o.seq}", role="offender")
    for a in inc.arrests:
        person = rec.add("Person", f"{base}-arrestee-{a.seq}", **_person_props(a.person))
        arrest = rec.add(
            "Arrest",
            # One node per arrestee segment: real files reuse transaction numbers across
            # incidents (Honolulu 2019: 60 of 602) without the multiple-arrestee flag.
            f"{base}-{a.transaction}-{a.seq}",
            arrest_transaction=a.transaction,
            arrest_date=a.date,
            arrest_type=_name("arrest_type", a.arrest_type),
            offense_code=a.offense_code,
            offense=_name("offense", a.offense_code),
            juvenile=is_juvenile(a.person.age) or None,
        )
        rec.link("ARRESTED", person, arrest, date=a.date)
        rec.link("FOR", arrest, incident)
        rec.link("INVOLVED_IN", person, incident, key=f"{base}-arrestee-{a.seq}", role="arrestee")
    return rec


def group_b_record(ori: str, arrest: NibrsArrest) -> SourceRecord:
    """A Group B arrest report: an arrest without an incident."""
    base = f"{ori}-B-{arrest.transaction}-{arrest.seq}"
    rec = SourceRecord(record_id=f"{ori}-{arrest.transaction}", seen=arrest.date)
    person = rec.add("Person", f"{base}-arrestee", **_person_props(arrest.person))
    arr = rec.add(
        "Arrest",
        f"{ori}-B-{arrest.transaction}-{arrest.seq}",  # group B numbers may repeat group A's
        arrest_transaction=arrest.transaction,
        arrest_date=arrest.date,
        group_b=True,
        juvenile=is_juvenile(arrest.person.age) or None,
        arrest_type=_name("arrest_type", arrest.arrest_type),
        offense_code=arrest.offense_code,
        offense=_name("offense", arrest.offense_code),
        offense_codes=sorted({c for c in [arrest.offense_code, *arrest.more_charges] if c}) or None,
    )
    rec.link("ARRESTED", person, arr, date=arrest.date)
    return rec
