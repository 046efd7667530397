"""FBI NIBRS IEPD 2019 XML (NIEM): each nibrs:Report becomes the same incident model as
the flat file, so both forms of one incident produce the same graph."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from graph.records import BadField, Problem, SourceRecord
from loaders.nibrs import codes
from loaders.nibrs.model import (
    NibrsArrest,
    NibrsDrug,
    NibrsIncident,
    NibrsOffense,
    NibrsPerson,
    group_b_record,
    to_record,
)
from loaders.xmlsafe import children, descendants, first, ident, records, ref, text

AGE_WORDS = {"NEONATAL": "NN", "NEWBORN": "NB", "BABY": "BB", "UNKNOWN": "00"}
LOSS_BY_XML = {v["xml"]: k for k, v in codes.tables()["property_loss"].items()}


def age(person: etree._Element | None) -> str | None:
    if person is None:
        return None
    measure = first(person, "PersonAgeMeasure")
    if measure is None:
        return None
    value = text(measure, "MeasureIntegerValue")
    if value:
        return value
    lo, hi = text(measure, "RangeMinimumIntegerValue"), text(measure, "RangeMaximumIntegerValue")
    if lo and hi:
        return lo if lo == hi else f"{lo}-{hi}"
    word = text(measure, "MeasureValueText")
    return AGE_WORDS.get((word or "").upper(), word)


def parse_date(value: str | None, field: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise BadField(field, f"impossible date {value!r}") from None


def check(table: str, code: str | None, field: str) -> str | None:
    if code and not codes.known(table, code):
        raise BadField(field, f"unknown {table.replace('_', ' ')} code {code!r}")
    return code


def person(role: str, seq: str, p: etree._Element | None, width: int) -> NibrsPerson:
    return NibrsPerson(
        role,
        seq.zfill(width),
        age=age(p),
        sex=text(p, "PersonSexCode") if p is not None else None,
        race=text(p, "PersonRaceNDExCode") if p is not None else None,
        ethnicity=text(p, "PersonEthnicityCode") if p is not None else None,
    )


def ori_of(report: etree._Element) -> str:
    agency = first(report, "ReportHeader", "ReportingAgency")
    return text(agency, "IdentificationID") if agency is not None else ""  # type: ignore[return-value]


def arrests(report: etree._Element, persons: dict[str, etree._Element]) -> list[NibrsArrest]:
    arrestees = {ident(a): a for a in descendants(report, "Arrestee")}
    by_arrest = {}
    for assoc in descendants(report, "ArrestSubjectAssociation"):
        act, subj = first(assoc, "Activity"), first(assoc, "Subject")
        if act is not None and subj is not None:
            by_arrest[ref(act)] = ref(subj)
    found = []
    for arrest in descendants(report, "Arrest"):
        if ident(arrest) is None:
            continue
        arrestee = arrestees.get(by_arrest.get(ident(arrest)))
        if arrestee is None:
            raise BadField("ArrestSubjectAssociation", f"arrest {ident(arrest)} has no arrestee")
        role = first(arrestee, "RoleOfPerson")
        seq = (
            text(arrestee, "ArrestSequenceID")
            or text(arrestee, "ArresteeSequenceNumberText")
            or "1"
        )
        p = persons.get(ref(role)) if role is not None else None
        when = text(first(arrest, "ActivityDate"), "Date") or text(
            first(arrest, "ActivityDate"), "DateTime"
        )
        date = parse_date(when, "arrest date (42)")
        if date is None:
            raise BadField("arrest date (42)", "missing date")
        found.append(
            NibrsArrest(
                seq=seq.zfill(2),
                transaction=text(arrest, "ActivityIdentification", "IdentificationID") or "",
                date=date,
                arrest_type=check(
                    "arrest_type", text(arrest, "ArrestCategoryCode"), "type of arrest (43)"
                ),
                offense_code=check(
                    "offense", text(arrest, "ChargeUCRCode"), "UCR arrest offense code (45)"
                ),
                person=person("arrestee", seq, p, 2),
            )
        )
    return found


def incident(report: etree._Element) -> NibrsIncident:
    ori = ori_of(report)
    inc_el = first(report, "Incident")
    number = (
        text(inc_el, "ActivityIdentification", "IdentificationID") if inc_el is not None else None
    )
    if not number:
        raise BadField("incident number (2)", "missing")
    inc = NibrsIncident(ori=ori, number=number)
    act = first(inc_el, "ActivityDate")
    stamp = text(act, "DateTime") if act is not None else None
    inc.date = parse_date(stamp or text(act, "Date"), "incident date (3)")
    if inc.date is None:
        raise BadField("incident date (3)", "missing date")
    inc.hour = int(stamp[11:13]) if stamp and len(stamp) >= 13 else None
    inc.report_date = (text(inc_el, "IncidentReportDateIndicator") or "").lower() == "true"
    inc.cleared_exceptionally = text(inc_el, "IncidentExceptionalClearanceCode")
    locations = {
        ident(loc): text(loc, "LocationCategoryCode") for loc in children(report, "Location")
    }
    offense_location = {}
    for assoc in descendants(report, "OffenseLocationAssociation"):
        o, loc = first(assoc, "Offense"), first(assoc, "Location")
        if o is not None and loc is not None:
            offense_location[ref(o)] = locations.get(ref(loc))
    offense_code_by_id = {}
    for off in children(report, "Offense"):
        code = check("offense", text(off, "OffenseUCRCode"), "UCR offense code (6)")
        if code is None:
            raise BadField("UCR offense code (6)", "missing")
        offense_code_by_id[ident(off)] = code
        attempted = text(off, "OffenseAttemptedIndicator")
        inc.offenses.append(
            NibrsOffense(
                code=code,
                attempted={"true": True, "false": False}.get((attempted or "").lower()),
                location_type=check(
                    "location_type", offense_location.get(ident(off)), "location type (9)"
                ),
                criminal_activity=[
                    t
                    for t in (text(c) for c in descendants(off, "CriminalActivityCategoryCode"))
                    if t
                ],
                weapons=[t for t in (text(c) for c in descendants(off, "ForceCategoryCode")) if t],
            )
        )
    for item in children(report, "Item") + children(report, "Substance"):
        status = text(item, "ItemStatusCode") or ""
        loss = LOSS_BY_XML.get(status)
        if loss is None:
            raise BadField("type property loss (14)", f"unknown item status {status!r}")
        desc = text(item, "ItemCategoryNIBRSPropertyCategoryCode")
        if desc:
            desc = desc.zfill(2)
            value = text(item, "ItemValueAmount", "Amount")
            name = codes.name("property_description", desc) or desc
            inc.property_items.append(
                f"{codes.name('property_loss', loss)}: {name}"
                + (f" ${int(float(value)):,}" if value else "")
            )
        drug = text(item, "DrugCategoryCode")
        if drug:
            check("drug_type", drug, "suspected drug type (20)")
            qty = text(item, "MeasureDecimalValue")
            unit = check("drug_unit", text(item, "SubstanceUnitCode"), "type drug measurement (22)")
            inc.drugs.append(NibrsDrug(loss, drug, float(qty) if qty else None, unit))
    persons = {ident(p): p for p in children(report, "Person")}
    victim_offenses: dict[str | None, list[str]] = {}
    for assoc in descendants(report, "OffenseVictimAssociation"):
        o, v = first(assoc, "Offense"), first(assoc, "Victim")
        if o is not None and v is not None:
            victim_offenses.setdefault(ref(v), []).append(offense_code_by_id.get(ref(o), "?"))
    for v in children(report, "Victim"):
        role = first(v, "RoleOfPerson")
        p = persons.get(ref(role)) if role is not None else None
        vp = person("victim", text(v, "VictimSequenceNumberText") or "0", p, 3)
        vp.victim_type = check("victim_type", text(v, "VictimCategoryCode"), "type of victim (25)")
        vp.offenses = victim_offenses.get(ident(v), [])
        inc.victims.append(vp)
    for s in children(report, "Subject"):
        seq = text(s, "SubjectSequenceNumberText") or "0"
        if seq.strip("0") == "":
            continue  # 00 = nothing known of the offender
        role = first(s, "RoleOfPerson")
        inc.offenders.append(
            person("offender", seq, persons.get(ref(role)) if role is not None else None, 2)
        )
    inc.arrests = arrests(report, persons)
    return inc


def read(path: Path, options: dict[str, Any]) -> Iterator[SourceRecord | Problem]:
    file = str(path)
    for n, report in enumerate(records(path, "Report"), start=1):
        if isinstance(report, Problem):
            yield report
            continue
        where = f"report {n} (line {report.sourceline})"
        kind = (text(report, "NIBRSReportCategoryCode") or "").upper()
        action = text(report, "ReportActionCategoryCode") or ""
        ori = ori_of(report)
        try:
            if "ZERO" in kind:
                yield Problem(
                    file,
                    where,
                    "zero report",
                    f"zero report from {ori}: the agency had no incidents; nothing to load",
                )
            elif action == "D":
                yield Problem(
                    file,
                    where,
                    "ReportActionCategoryCode",
                    f"delete from {ori}: deletions are not applied automatically; "
                    "review and remove it in the workbench",
                )
            elif "GROUP B" in kind:
                for a in arrests(report, {ident(p): p for p in children(report, "Person")}):
                    yield group_b_record(ori, a)
            elif "GROUP A" in kind:
                yield to_record(incident(report))
            else:
                yield Problem(
                    file, where, "NIBRSReportCategoryCode", f"unknown report kind {kind!r}"
                )
        except BadField as exc:
            yield Problem(file, where, exc.field, str(exc))
