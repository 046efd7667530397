"""The common record model every loader produces, and its validation.

A loader turns one source record (a NIBRS incident with its segments, an N-DEx incident, a
CSV row, an edge-list row) into one ``SourceRecord``: the entities it mentions and the links
between them. Records are self-contained: every link joins two entities of the same record,
and entities shared across records (a gang, a phone) simply carry the same key, so the
writer's MERGE by uid joins them. Bad input becomes a ``Problem`` instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from graph.model import ENTITY_LABELS, RECORD_CLASSES, RELATIONSHIPS

RELATIONSHIP_TYPES = frozenset(r[0] for r in RELATIONSHIPS)
INTELLIGENCE_REQUIRED = ("criminal_predicate", "submitted_by", "submitted_at")
REVIEW_YEARS = 5  # 28 CFR 23.20(h): review or purge within five years
PRIMITIVES = (str, int, float, bool, dt.date, dt.datetime)


class BadField(ValueError):
    """A field of a source record that cannot be read; readers turn it into a Problem."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field


@dataclass(frozen=True, slots=True)
class Problem:
    """One quarantined piece of input: where it is and what is wrong with it."""

    file: str
    record: str
    field: str
    reason: str


@dataclass(slots=True)
class EntityRecord:
    label: str
    key: str  # unique within (agency, source system, label): the source's own id
    props: dict[str, Any] = field(default_factory=dict)
    record_class: str = "incident"
    # the record only points at the entity (another record or feed writes it): created bare
    # when missing, its properties and provenance otherwise left as they are
    reference: bool = False
    # properties the source now gives no value for (a live source's corrections): removed
    cleared: tuple[str, ...] = ()


@dataclass(slots=True)
class LinkRecord:
    type: str
    start: EntityRecord
    end: EntityRecord
    props: dict[str, Any] = field(default_factory=dict)
    key: str = ""  # tells apart parallel links between the same two entities
    record_class: str = "incident"
    cleared: tuple[str, ...] = ()  # properties the source now gives no value for


@dataclass(slots=True)
class SourceRecord:
    record_id: str  # the source's record id (incident number, rec_id, line number)
    entities: list[EntityRecord] = field(default_factory=list)
    links: list[LinkRecord] = field(default_factory=list)
    seen: dt.date | None = None  # when the facts were observed (first_seen / last_seen)

    def add(
        self, label: str, key: str, record_class: str = "incident", **props: Any
    ) -> EntityRecord:
        """Add an entity (or return the one with the same label and key)."""
        for e in self.entities:
            if e.label == label and e.key == key:
                e.props.update({k: v for k, v in props.items() if v is not None})
                return e
        entity = EntityRecord(
            label, key, {k: v for k, v in props.items() if v is not None}, record_class
        )
        self.entities.append(entity)
        return entity

    def link(
        self,
        type_: str,
        start: EntityRecord,
        end: EntityRecord,
        key: str = "",
        record_class: str = "incident",
        **props: Any,
    ) -> LinkRecord:
        link = LinkRecord(
            type_, start, end, {k: v for k, v in props.items() if v is not None}, key, record_class
        )
        self.links.append(link)
        return link


def _value_ok(value: Any) -> bool:
    if isinstance(value, PRIMITIVES):
        return not (isinstance(value, float) and value != value)  # NaN
    if isinstance(value, list):
        return all(isinstance(v, PRIMITIVES) for v in value) and len({type(v) for v in value}) <= 1
    return type(value).__name__.endswith("Point")


def _check_class(where: str, record_class: str, props: dict[str, Any]) -> list[tuple[str, str]]:
    if record_class not in RECORD_CLASSES:
        return [(where, f"record class {record_class!r} is not one of {RECORD_CLASSES}")]
    if record_class == "intelligence":
        missing = [f for f in INTELLIGENCE_REQUIRED if props.get(f) in (None, "")]
        if missing:
            return [
                (
                    f"{where}.{m}",
                    "an intelligence record (28 CFR 23) needs a criminal "
                    "predicate, a submitter and a submission date",
                )
                for m in missing
            ]
    return []


def validate(record: SourceRecord) -> list[tuple[str, str]]:
    """(field, reason) for everything wrong with a record; empty when it can be written."""
    issues: list[tuple[str, str]] = []
    if not record.entities:
        issues.append(("record", "no entities in the record"))
    seen: set[int] = set()
    for e in record.entities:
        where = f"{e.label}[{e.key}]"
        if e.label not in ENTITY_LABELS:
            issues.append((where, f"unknown entity label {e.label!r}"))
        if not e.key or not str(e.key).strip():
            issues.append((where, "empty key"))
        for name, value in e.props.items():
            if not _value_ok(value):
                issues.append((f"{where}.{name}", f"value {value!r} cannot be stored"))
        issues += _check_class(where, e.record_class, e.props)
        seen.add(id(e))
    for link in record.links:
        where = f"{link.type}"
        if link.type not in RELATIONSHIP_TYPES:
            issues.append((where, f"unknown relationship type {link.type!r}"))
        if id(link.start) not in seen or id(link.end) not in seen:
            issues.append((where, "links an entity that is not part of the record"))
        for name, value in link.props.items():
            if not _value_ok(value):
                issues.append((f"{where}.{name}", f"value {value!r} cannot be stored"))
        issues += _check_class(where, link.record_class, link.props)
    return issues


def review_due(submitted_at: dt.date | dt.datetime) -> dt.date:
    day = submitted_at.date() if isinstance(submitted_at, dt.datetime) else submitted_at
    try:
        return day.replace(year=day.year + REVIEW_YEARS)
    except ValueError:  # 29 February
        return day.replace(year=day.year + REVIEW_YEARS, day=28)
