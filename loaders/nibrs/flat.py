"""FBI NIBRS fixed-length flat file (UCR 2019.1 technical specification, section 6).

Segments of one incident follow its administrative segment (level 1); group B arrests
(level 7) and zero reports (level 0) stand alone. Positions below are the spec's 1-based,
inclusive columns. An incident with any bad segment is rejected whole (every line of it is
reported), so the graph never holds half an incident.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
from loaders.textio import decoded_lines

# Segment level -> (minimum, maximum) length. Shorter than declared is accepted down to the
# minimum (trailing optional fields are often trimmed); longer is an error.
LENGTHS = {
    "0": (43, 43),
    "1": (87, 88),
    "2": (63, 71),
    "3": (277, 307),
    "4": (129, 141),
    "5": (45, 46),
    "6": (110, 110),
    "7": (66, 66),
}
SEGMENT_NAMES = {
    "0": "zero report",
    "1": "administrative",
    "2": "offense",
    "3": "property",
    "4": "victim",
    "5": "offender",
    "6": "arrestee",
    "7": "group B arrest",
}


def col(line: str, start: int, end: int) -> str:
    return line[start - 1 : end].strip()


def date_at(line: str, start: int, field: str, required: bool = True) -> dt.date | None:
    raw = col(line, start, start + 7)
    if not raw:
        if required:
            raise BadField(field, "missing date")
        return None
    try:
        return dt.datetime.strptime(raw, "%Y%m%d").date()
    except ValueError:
        raise BadField(field, f"impossible date {raw!r} (YYYYMMDD)") from None


def coded(line: str, start: int, end: int, table: str, field: str) -> str | None:
    value = col(line, start, end)
    if value and not codes.known(table, value):
        raise BadField(field, f"unknown {table.replace('_', ' ')} code {value!r}")
    return value or None


def parse_offense(line: str) -> NibrsOffense:
    code = coded(line, 38, 40, "offense", "UCR offense code (6)")
    if code is None:
        raise BadField("UCR offense code (6)", "missing")
    activity = [c for c in (col(line, 50 + i, 50 + i) for i in range(3)) if c]
    weapons = [w for w in (col(line, 53 + 3 * i, 55 + 3 * i) for i in range(3)) if w]
    return NibrsOffense(
        code=code,
        attempted={"A": True, "C": False}.get(col(line, 41, 41)),
        location_type=coded(line, 45, 46, "location_type", "location type (9)"),
        criminal_activity=activity,
        weapons=weapons,
    )


def parse_property(line: str) -> tuple[str, list[NibrsDrug], list[str]]:
    loss = col(line, 38, 38)
    if not codes.known("property_loss", loss):
        raise BadField("type property loss (14)", f"unknown code {loss!r}")
    items = []
    for i in range(10):
        s = 39 + 19 * i
        desc = col(line, s, s + 1)
        if desc:
            value = col(line, s + 2, s + 10)
            name = codes.name("property_description", desc) or desc
            items.append(
                f"{codes.name('property_loss', loss)}: {name}"
                + (f" ${int(value):,}" if value.isdigit() else "")
            )
    drugs = []
    for i in range(3):
        s = 233 + 15 * i
        kind = col(line, s, s)
        if not kind:
            continue
        if not codes.known("drug_type", kind):
            raise BadField("suspected drug type (20)", f"unknown drug type code {kind!r}")
        qty_raw = col(line, s + 1, s + 12)
        unit = coded(line, s + 13, s + 14, "drug_unit", "type drug measurement (22)")
        qty = None
        if qty_raw:
            if not qty_raw.isdigit():
                raise BadField("estimated drug quantity (21)", f"not a number {qty_raw!r}")
            qty = int(qty_raw) / 1000  # 9 integer + 3 decimal digits
        drugs.append(NibrsDrug(loss, kind, qty, unit))
    return loss, drugs, items


def parse_victim(line: str) -> NibrsPerson:
    offenses = [c for c in (col(line, 41 + 3 * i, 43 + 3 * i) for i in range(10)) if c]
    vtype = coded(line, 71, 71, "victim_type", "type of victim (25)")
    return NibrsPerson(
        "victim",
        col(line, 38, 40),
        age=col(line, 72, 75) or None,
        sex=col(line, 76, 76) or None,
        race=col(line, 77, 77) or None,
        ethnicity=col(line, 78, 78) or None,
        victim_type=vtype,
        offenses=offenses,
    )


def parse_offender(line: str) -> NibrsPerson:
    return NibrsPerson(
        "offender",
        col(line, 38, 39),
        age=col(line, 40, 43) or None,
        sex=col(line, 44, 44) or None,
        race=col(line, 45, 45) or None,
        ethnicity=col(line, 46, 46) or None,
    )


# Columns of the arrestee fields: group A arrestee segment (6) and group B arrest (7).
ARRESTEE_COLUMNS = {
    "6": {"txn": (40, 51), "date": 52, "type": 60, "offense": (62, 64), "age": (71, 74), "sex": 75},
    "7": {"txn": (26, 37), "date": 40, "type": 48, "offense": (49, 51), "age": (58, 61), "sex": 62},
}


def parse_arrest(line: str, level: str) -> NibrsArrest:
    c = ARRESTEE_COLUMNS[level]
    sex = c["sex"]
    person = NibrsPerson(
        "arrestee",
        col(line, 38, 39),
        age=col(line, *c["age"]) or None,
        sex=col(line, sex, sex) or None,
        race=col(line, sex + 1, sex + 1) or None,
        ethnicity=col(line, sex + 2, sex + 2) or None,
    )
    return NibrsArrest(
        seq=person.seq,
        transaction=col(line, *c["txn"]),
        date=date_at(line, c["date"], "arrest date (42)"),  # type: ignore[arg-type]
        arrest_type=coded(line, c["type"], c["type"], "arrest_type", "type of arrest (43)"),
        offense_code=coded(line, *c["offense"], "offense", "UCR arrest offense code (45)"),
        person=person,
    )


def check_length(line: str) -> str:
    level = line[4:5]
    if level not in LENGTHS:
        raise BadField("segment level", f"unknown segment level {level!r}")
    declared = line[:4]
    if not declared.isdigit():
        raise BadField("segment length", f"not a number {declared!r}")
    lo, hi = LENGTHS[level]
    n = int(declared)
    if not lo <= n <= hi:
        raise BadField(
            "segment length", f"declared {n}, a {SEGMENT_NAMES[level]} segment has {lo}-{hi}"
        )
    if len(line) > n:
        raise BadField("segment length", f"line has {len(line)} characters, declared {n}")
    if len(line) < lo:
        raise BadField("segment length", f"line has {len(line)} characters, at least {lo} needed")
    return line.ljust(n)


class _Pending:
    """The incident being read: its parsed parts and its lines (for reporting)."""

    def __init__(self, inc: NibrsIncident, first_line: int) -> None:
        self.inc = inc
        self.lines = [first_line]
        self.problems: list[Problem] = []


def read(path: Path, options: dict[str, Any]) -> Iterator[SourceRecord | Problem]:
    return FlatReader(str(path)).read(path)


class FlatReader:
    """One flat file, line by line: an incident gathers its segments (levels 1-6) until the
    next administrative, zero-report or group B line; a group B arrest (level 7) gathers
    every charge line of the same ORI, transaction and arrestee in the file. Bad segments
    reject their incident whole, with a problem per line."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.pending: _Pending | None = None
        # group B arrests by (ORI, transaction, arrestee), each with all its charges: the
        # charge lines of one arrest need not be next to each other, so they are gathered
        # for the whole file (a few hundred bytes an arrest) and written at its end
        self.group_b: dict[tuple[str, str, str], tuple[str, NibrsArrest]] = {}

    def read(self, path: Path) -> Iterator[SourceRecord | Problem]:
        for no, text in decoded_lines(path, "ascii"):
            if isinstance(text, Problem):
                yield from self._problem(text, same_incident=self.pending is not None)
            elif text.strip():
                yield from self._line(no, text)
        yield from self._finish_incident()
        yield from self._finish_b()

    def _problem(self, problem: Problem, same_incident: bool) -> Iterator[Problem]:
        """A problem joins its incident (rejecting it whole), or stands alone."""
        if same_incident and self.pending is not None:
            self.pending.problems.append(problem)
        else:
            yield problem

    def _belongs(self, ori: str, number: str) -> bool:
        p = self.pending
        return p is not None and (p.inc.ori, p.inc.number) == (ori, number)

    def _line(self, no: int, text: str) -> Iterator[SourceRecord | Problem]:
        where = f"line {no}"
        level, action = text[4:5], text[5:6]
        ori, number = col(text, 17, 25), col(text, 26, 37)
        try:
            line = check_length(text)
            if level in "23456" and not self._belongs(ori, number):
                raise BadField(
                    "incident number (2)",
                    f"{SEGMENT_NAMES[level]} segment for incident {ori}-{number} "
                    "does not follow its administrative segment",
                )
        except BadField as exc:
            problem = Problem(self.file, f"{where} {ori}-{number}".strip(), exc.field, str(exc))
            yield from self._problem(problem, self._belongs(ori, number))
            return
        if level in "017":
            yield from self._finish_incident()
        try:
            if level == "0":
                yield self._zero_report(where, ori, line)
            elif action == "D":
                yield self._delete(where, level, ori, number)
            elif level == "7":
                self._group_b(ori, parse_arrest(line, "7"))
            elif level == "1":
                self.pending = _Pending(self._administrative(ori, number, line), no)
            elif self.pending is not None:
                self._segment(no, level, line)
        except BadField as exc:
            problem = Problem(self.file, f"{where} {ori}-{number}", exc.field, str(exc))
            if level in "23456" and self.pending is not None:
                self.pending.problems.append(problem)
            elif level == "1":
                self.pending = _Pending(NibrsIncident(ori=ori, number=number), no)
                self.pending.problems.append(problem)
            else:
                yield problem

    def _zero_report(self, where: str, ori: str, line: str) -> Problem:
        month = f"{col(line, 38, 39)}/{col(line, 40, 43)}"
        return Problem(
            self.file,
            where,
            "zero report",
            f"zero report from {ori} for {month}: the agency had no incidents; nothing to load",
        )

    def _delete(self, where: str, level: str, ori: str, number: str) -> Problem:
        what = "group B arrest" if level == "7" else "incident"
        if level == "1":  # swallow the (rare) segments that follow a delete
            self.pending = None
        return Problem(
            self.file,
            f"{where} {ori}-{number}",
            "segment action type",
            f"delete of {what} {ori}-{number}: deletions are not applied "
            "automatically; review and remove it in the workbench",
        )

    @staticmethod
    def _administrative(ori: str, number: str, line: str) -> NibrsIncident:
        inc = NibrsIncident(ori=ori, number=number)
        inc.date = date_at(line, 38, "incident date (3)")
        inc.report_date = col(line, 46, 46) == "R"
        hour = col(line, 47, 48)
        inc.hour = int(hour) if hour.isdigit() and int(hour) < 24 else None
        inc.cleared_exceptionally = col(line, 49, 49) or None
        return inc

    def _segment(self, no: int, level: str, line: str) -> None:
        """Levels 2-6 of the pending incident: offense, property, victim, offender, arrestee."""
        assert self.pending is not None
        self.pending.lines.append(no)
        inc = self.pending.inc
        if level == "2":
            inc.offenses.append(parse_offense(line))
        elif level == "3":
            _, drugs, items = parse_property(line)
            inc.drugs += drugs
            inc.property_items += items
        elif level == "4":
            inc.victims.append(parse_victim(line))
        elif level == "5":
            offender = parse_offender(line)
            if offender.seq not in ("00", "0", ""):  # 00 = nothing known of the offender
                inc.offenders.append(offender)
        elif level == "6":
            inc.arrests.append(parse_arrest(line, "6"))

    def _group_b(self, ori: str, arrest: NibrsArrest) -> None:
        key = (ori, arrest.transaction, arrest.seq)
        if key in self.group_b:  # one arrestee, several charges (or a repeated line)
            if arrest.offense_code:
                self.group_b[key][1].more_charges.append(arrest.offense_code)
        else:
            self.group_b[key] = (ori, arrest)

    def _finish_b(self) -> Iterator[SourceRecord]:
        for ori_b, arrest in self.group_b.values():
            yield group_b_record(ori_b, arrest)
        self.group_b = {}

    def _finish_incident(self) -> Iterator[SourceRecord | Problem]:
        if self.pending is None:
            return
        p, self.pending = self.pending, None
        if p.problems:
            yield from p.problems
            yield Problem(
                self.file,
                f"{p.inc.ori}-{p.inc.number}",
                "incident",
                f"incident rejected whole: {len(p.problems)} bad segment(s) on lines "
                f"{', '.join(x.record.split()[1] for x in p.problems)}",
            )
        else:
            yield to_record(p.inc)
