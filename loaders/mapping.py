"""Declarative source mappings (YAML, loaders/mappings/): what a mapping may say, and the
parser that checks one before any row is read (an unknown label, relationship type,
property key or transform is refused with the file and the key, never stored).

See docs/mappings.md for the reference; the shipped mappings are examples of every feature.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph.model import ENTITY_LABELS
from graph.records import RECORD_CLASSES, RELATIONSHIP_TYPES
from loaders import normalize as nz

MAPPINGS_DIR = Path(__file__).parent / "mappings"
VALUE_KEYS = {
    "column",
    "template",
    "value",
    "transform",
    "type",
    "date",
    "datetime",
    "phone",
    "split",
    "point",
    "map",
    "lenient",
}
TYPES = {
    "str": str,
    "int": int,
    "float": float,
    "bool": lambda v: v.lower() in ("1", "true", "y", "yes"),
}


class MappingError(ValueError):
    """The mapping file is wrong; the message names the file and the key."""


@dataclass
class ValueSpec:
    where: str
    column: str | None = None
    template: str | None = None
    value: Any = None
    transforms: list[str] = field(default_factory=list)
    type: str = "str"
    date: list[str] | None = None
    datetime: list[str] | None = None
    phone: str | None = None
    split: str | None = None
    point: dict[str, str] | None = None
    map: dict[str, Any] | None = None
    lenient: bool = False  # a bad value is kept as <name>_raw and reported, not fatal

    def columns(self) -> set[str]:
        cols = {self.column} if self.column else set()
        if self.template:
            cols |= {f for _, f, _, _ in string.Formatter().parse(self.template) if f}
        if self.point:
            cols |= {self.point["x"], self.point["y"]}
        return cols

    def raw(self, row: dict[str, str]) -> str | None:
        if self.value is not None:
            return str(self.value)
        if self.point:
            return "point"
        if self.template:
            parts = {c: row.get(c, "") for c in self.columns()}
            if not any(parts.values()):
                return None
            return nz.collapse(self.template.format(**parts)).strip(" ,")
        v = row.get(self.column or "", "")
        return v if v != "" else None

    def convert(self, row: dict[str, str]) -> Any:
        raw = self.raw(row)
        if raw is None:
            return None
        if self.point:
            x, y = row.get(self.point["x"], ""), row.get(self.point["y"], "")
            if not x or not y:
                return None
            return nz.point(x, y, self.point.get("crs", "EPSG:4326"))
        for t in self.transforms:
            raw = nz.TRANSFORMS[t](raw)
        if raw == "":
            return None
        if self.map is not None:
            if raw not in self.map:
                raise nz.BadValue(f"unknown code {raw!r} (known: {', '.join(map(str, self.map))})")
            return self.map[raw]
        if self.date:
            return nz.parse_date(raw, self.date)
        if self.datetime:
            return nz.parse_datetime(raw, self.datetime)
        if self.phone:
            return nz.phone_e164(raw, self.phone)
        if self.split:
            return [s.strip() for s in raw.split(self.split) if s.strip()]
        try:
            return TYPES[self.type](raw)
        except ValueError as exc:
            raise nz.BadValue(f"{raw!r} is not a valid {self.type}") from exc


@dataclass
class EntitySpec:
    name: str
    label: str
    key: list[ValueSpec]
    properties: dict[str, ValueSpec]
    record_class: str = "incident"
    required: bool = False
    when: list[str] = field(default_factory=list)  # columns that must be filled for the entity
    reference: bool = False  # the row only points at it (another feed writes it)


@dataclass
class LinkSpec:
    type: str
    start: str
    end: str
    properties: dict[str, ValueSpec]
    record_class: str = "incident"


@dataclass
class Mapping:
    path: Path
    name: str
    description: str
    encoding: str
    delimiter: str
    record_id: ValueSpec
    seen: ValueSpec | None
    entities: dict[str, EntitySpec]
    links: list[LinkSpec]

    def columns(self) -> dict[str, str]:
        """Every column the mapping reads -> the mapping key that reads it."""
        specs: list[ValueSpec] = [self.record_id] + ([self.seen] if self.seen else [])
        specs += [
            ValueSpec(f"entities.{e.name}.when", column=c)
            for e in self.entities.values()
            for c in e.when
        ]
        for e in self.entities.values():
            specs += e.key + list(e.properties.values())
        for ln in self.links:
            specs += list(ln.properties.values())
        return {c: s.where for s in specs for c in s.columns()}


def _value(where: str, spec: Any, err: Callable) -> ValueSpec:  # type: ignore[type-arg]
    if isinstance(spec, str):
        return ValueSpec(where, column=spec)
    if not isinstance(spec, dict):
        if isinstance(spec, int | float | bool):
            return ValueSpec(where, value=spec)
        err(where, f"expected a column name or a mapping, got {spec!r}")
    unknown = set(spec) - VALUE_KEYS
    if unknown:
        err(where, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(VALUE_KEYS)}")
    sources = [k for k in ("column", "template", "value", "point") if k in spec]
    if len(sources) != 1:
        err(where, "give exactly one of column, template, value, point")
    transforms = spec.get("transform", [])
    transforms = [transforms] if isinstance(transforms, str) else list(transforms)
    for t in transforms:
        if t not in nz.TRANSFORMS:
            err(f"{where}.transform", f"unknown transform {t!r}; known: {sorted(nz.TRANSFORMS)}")
    typ = spec.get("type", "str")
    if typ not in TYPES:
        err(f"{where}.type", f"unknown type {typ!r}; known: {sorted(TYPES)}")
    dates = spec.get("date")
    dts = spec.get("datetime")
    point = spec.get("point")
    if point is not None and (not isinstance(point, dict) or not {"x", "y"} <= set(point)):
        err(f"{where}.point", "needs x and y columns (and crs for projected coordinates)")
    if point and point.get("crs", "EPSG:4326").upper() not in ("EPSG:4326", "WGS84"):
        try:
            nz._transformer(point["crs"])
        except Exception as exc:  # pyproj.exceptions.CRSError
            err(f"{where}.point.crs", f"unknown coordinate system {point['crs']!r}: {exc}")
    return ValueSpec(
        where,
        column=spec.get("column"),
        template=spec.get("template"),
        value=spec.get("value"),
        transforms=transforms,
        type=typ,
        date=[dates] if isinstance(dates, str) else dates,
        datetime=[dts] if isinstance(dts, str) else dts,
        phone=spec.get("phone"),
        split=spec.get("split"),
        point=point,
        map=spec.get("map"),
        lenient=bool(spec.get("lenient", False)),
    )


def _find(ref: str | Path) -> Path:
    """A mapping file by path, or by the name of a shipped one (loaders/mappings)."""
    path = Path(ref)
    if path.is_file():
        return path
    candidate = MAPPINGS_DIR / f"{Path(str(ref)).stem}.yaml"
    if not candidate.is_file():
        known = ", ".join(sorted(p.stem for p in MAPPINGS_DIR.glob("*.yaml")))
        raise MappingError(f"mapping {ref!s}: no such file or shipped mapping ({known})")
    return candidate


TOP_KEYS = {"name", "description", "encoding", "delimiter", "record_id", "seen", "entities",
            "links"}  # fmt: skip
ENTITY_KEYS = {"label", "key", "properties", "record_class", "required", "when", "reference"}
INTELLIGENCE_FIELDS = ("criminal_predicate", "submitted_by", "submitted_at")


class _Parser:
    """Checks one mapping document; every complaint names the file and the key."""

    def __init__(self, path: Path, prefix: str = "") -> None:
        self.path = path
        self.prefix = f"{prefix}." if prefix else ""

    def err(self, where: str, why: str) -> None:
        raise MappingError(f"mapping {self.path.name}: {self.prefix}{where}: {why}")

    def entity_keys(self, doc: dict[str, Any]) -> None:
        for ename, e in (doc.get("entities") or {}).items():
            if isinstance(e, dict) and set(e) - ENTITY_KEYS:
                self.err(
                    f"entities.{ename}",
                    f"unknown key(s) {sorted(set(e) - ENTITY_KEYS)}; "
                    f"allowed: {sorted(ENTITY_KEYS)}",
                )

    def document(self) -> dict[str, Any]:
        try:
            doc = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise MappingError(f"mapping {self.path.name}: not valid YAML: {exc}") from exc
        if not isinstance(doc, dict):
            self.err("(top)", "expected a mapping with name, record_id, entities")
        for k in ("name", "record_id", "entities"):
            if k not in doc:
                self.err(k, "missing")
        self.entity_keys(doc)
        if set(doc) - TOP_KEYS:
            self.err(str(sorted(set(doc) - TOP_KEYS)), f"unknown key; allowed: {sorted(TOP_KEYS)}")
        return doc

    def record_class(self, where: str, spec: dict[str, Any]) -> str:
        rc = spec.get("record_class", "incident")
        if rc not in RECORD_CLASSES:
            self.err(f"{where}.record_class", f"{rc!r} is not one of {RECORD_CLASSES}")
        return rc

    def properties(self, where: str, spec: dict[str, Any], rc: str) -> dict[str, ValueSpec]:
        props = {
            p: _value(f"{where}.properties.{p}", s, self.err)
            for p, s in (spec.get("properties") or {}).items()
        }
        if rc == "intelligence":
            for f in INTELLIGENCE_FIELDS:
                if f not in props:
                    self.err(
                        f"{where}.properties.{f}", "required for intelligence records (28 CFR 23)"
                    )
        return props

    def entity(self, name: str, e: Any) -> EntitySpec:
        w = f"entities.{name}"
        if not isinstance(e, dict):
            self.err(w, "expected a mapping with label, key, properties")
        label = e.get("label")
        if label not in ENTITY_LABELS:
            self.err(f"{w}.label", f"unknown label {label!r}; known: {', '.join(ENTITY_LABELS)}")
        keys = e.get("key")
        if not keys:
            self.err(f"{w}.key", "missing: which column(s) identify this entity in the source")
        keys = keys if isinstance(keys, list) else [keys]
        rc = self.record_class(w, e)
        when = e.get("when")
        return EntitySpec(
            name,
            label,
            [_value(f"{w}.key[{i}]", k, self.err) for i, k in enumerate(keys)],
            self.properties(w, e, rc),
            rc,
            bool(e.get("required", False)),
            [when] if isinstance(when, str) else list(when or []),
            bool(e.get("reference", False)),
        )

    def link(self, i: int, ln: dict[str, Any], entities: dict[str, EntitySpec]) -> LinkSpec:
        w = f"links[{i}]"
        if ln.get("type") not in RELATIONSHIP_TYPES:
            self.err(f"{w}.type", f"unknown relationship type {ln.get('type')!r}")
        for end in ("from", "to"):
            if ln.get(end) not in entities:
                self.err(
                    f"{w}.{end}", f"{ln.get(end)!r} is not one of the entities {sorted(entities)}"
                )
        rc = self.record_class(w, ln)
        return LinkSpec(ln["type"], ln["from"], ln["to"], self.properties(w, ln, rc), rc)


def load_mapping(ref: str | Path) -> Mapping:
    """Read and check a mapping: a path, or the name of a file in loaders/mappings."""
    parser = _Parser(_find(ref))
    return parse_mapping(parser.document(), parser)


def mapping_part(doc: dict[str, Any], path: Path, where: str) -> Mapping:
    """Check the mapping part of a larger document (a SQL source's feed): the same keys and
    checks as a mapping file, every complaint naming ``path`` and the key under ``where``."""
    parser = _Parser(path, prefix=where)
    for k in ("record_id", "entities"):
        if k not in doc:
            parser.err(k, "missing")
    parser.entity_keys(doc)
    return parse_mapping({"name": where, **doc}, parser)


def parse_mapping(doc: dict[str, Any], parser: _Parser) -> Mapping:
    entities = {name: parser.entity(name, e) for name, e in (doc["entities"] or {}).items()}
    links = [parser.link(i, ln, entities) for i, ln in enumerate(doc.get("links") or [])]
    return Mapping(
        path=parser.path,
        name=doc["name"],
        description=doc.get("description", ""),
        encoding=doc.get("encoding", "utf-8"),
        delimiter=doc.get("delimiter", ","),
        record_id=_value("record_id", doc["record_id"], parser.err),
        seen=_value("seen", doc["seen"], parser.err) if "seen" in doc else None,
        entities=entities,
        links=links,
    )
