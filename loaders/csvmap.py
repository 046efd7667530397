"""Agency CSV exports mapped to the graph by a declarative YAML file (loaders/mappings/).

Adding an agency's format needs a YAML file only. A mapping names the record id column, the
entities a row produces (label, key columns, properties with normalisers, record class) and
the links between them. See docs/mappings.md for the reference; the shipped mappings are
examples of every feature.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph.model import ENTITY_LABELS
from graph.records import RECORD_CLASSES, RELATIONSHIP_TYPES, Problem, SourceRecord
from loaders import normalize as nz
from loaders.textio import csv_rows

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


def load_mapping(ref: str | Path) -> Mapping:
    """Read and check a mapping: a path, or the name of a file in loaders/mappings."""
    path = Path(ref)
    if not path.is_file():
        candidate = MAPPINGS_DIR / f"{Path(str(ref)).stem}.yaml"
        if not candidate.is_file():
            known = ", ".join(sorted(p.stem for p in MAPPINGS_DIR.glob("*.yaml")))
            raise MappingError(f"mapping {ref!s}: no such file or shipped mapping ({known})")
        path = candidate

    def err(where: str, why: str) -> None:
        raise MappingError(f"mapping {path.name}: {where}: {why}")

    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise MappingError(f"mapping {path.name}: not valid YAML: {exc}") from exc
    if not isinstance(doc, dict):
        err("(top)", "expected a mapping with name, record_id, entities")
    for k in ("name", "record_id", "entities"):
        if k not in doc:
            err(k, "missing")
    known_top = {
        "name",
        "description",
        "encoding",
        "delimiter",
        "record_id",
        "seen",
        "entities",
        "links",
    }
    entity_keys = {"label", "key", "properties", "record_class", "required", "when"}
    for ename, e in (doc.get("entities") or {}).items():
        if isinstance(e, dict) and set(e) - entity_keys:
            err(
                f"entities.{ename}",
                f"unknown key(s) {sorted(set(e) - entity_keys)}; allowed: {sorted(entity_keys)}",
            )
    if set(doc) - known_top:
        err(str(sorted(set(doc) - known_top)), f"unknown key; allowed: {sorted(known_top)}")
    entities: dict[str, EntitySpec] = {}
    for name, e in (doc["entities"] or {}).items():
        w = f"entities.{name}"
        if not isinstance(e, dict):
            err(w, "expected a mapping with label, key, properties")
        label = e.get("label")
        if label not in ENTITY_LABELS:
            err(f"{w}.label", f"unknown label {label!r}; known: {', '.join(ENTITY_LABELS)}")
        keys = e.get("key")
        if not keys:
            err(f"{w}.key", "missing: which column(s) identify this entity in the source")
        keys = keys if isinstance(keys, list) else [keys]
        rc = e.get("record_class", "incident")
        if rc not in RECORD_CLASSES:
            err(f"{w}.record_class", f"{rc!r} is not one of {RECORD_CLASSES}")
        props = {
            p: _value(f"{w}.properties.{p}", s, err) for p, s in (e.get("properties") or {}).items()
        }
        if rc == "intelligence":
            for f in ("criminal_predicate", "submitted_by", "submitted_at"):
                if f not in props:
                    err(f"{w}.properties.{f}", "required for intelligence records (28 CFR 23)")
        entities[name] = EntitySpec(
            name,
            label,
            [_value(f"{w}.key[{i}]", k, err) for i, k in enumerate(keys)],
            props,
            rc,
            bool(e.get("required", False)),
            [e["when"]] if isinstance(e.get("when"), str) else list(e.get("when") or []),
        )
    links: list[LinkSpec] = []
    for i, ln in enumerate(doc.get("links") or []):
        w = f"links[{i}]"
        if ln.get("type") not in RELATIONSHIP_TYPES:
            err(f"{w}.type", f"unknown relationship type {ln.get('type')!r}")
        for end in ("from", "to"):
            if ln.get(end) not in entities:
                err(f"{w}.{end}", f"{ln.get(end)!r} is not one of the entities {sorted(entities)}")
        rc = ln.get("record_class", "incident")
        if rc not in RECORD_CLASSES:
            err(f"{w}.record_class", f"{rc!r} is not one of {RECORD_CLASSES}")
        props = {
            p: _value(f"{w}.properties.{p}", s, err)
            for p, s in (ln.get("properties") or {}).items()
        }
        if rc == "intelligence":
            for f in ("criminal_predicate", "submitted_by", "submitted_at"):
                if f not in props:
                    err(f"{w}.properties.{f}", "required for intelligence records (28 CFR 23)")
        links.append(LinkSpec(ln["type"], ln["from"], ln["to"], props, rc))
    return Mapping(
        path=path,
        name=doc["name"],
        description=doc.get("description", ""),
        encoding=doc.get("encoding", "utf-8"),
        delimiter=doc.get("delimiter", ","),
        record_id=_value("record_id", doc["record_id"], err),
        seen=_value("seen", doc["seen"], err) if "seen" in doc else None,
        entities=entities,
        links=links,
    )


def check_header(mapping: Mapping, header: list[str]) -> None:
    for column, where in mapping.columns().items():
        if column not in header:
            raise MappingError(
                f"mapping {mapping.path.name}: {where}: column {column!r} is not in the CSV "
                f"header ({', '.join(header)})"
            )


def preflight(path: Path, options: dict[str, Any]) -> None:
    """Check the mapping and the file's header before anything is written."""
    if not options.get("mapping"):
        raise MappingError("the csv format needs --mapping (a YAML file or a shipped name)")
    mapping = load_mapping(options["mapping"])
    if path.is_file():
        for _, row in csv_rows(path, mapping.encoding, mapping.delimiter):
            if isinstance(row, dict):
                check_header(mapping, list(row))
                break


def read(path: Path, options: dict[str, Any]) -> Iterator[SourceRecord | Problem]:
    if not options.get("mapping"):
        raise MappingError("the csv format needs --mapping (a YAML file or a shipped name)")
    mapping = load_mapping(options["mapping"])
    checked = False
    for no, row in csv_rows(path, mapping.encoding, mapping.delimiter):
        if isinstance(row, Problem):
            yield row
            continue
        if not checked:
            check_header(mapping, list(row))
            checked = True
        yield from _record(mapping, path, no, row)


def _record(
    mapping: Mapping, path: Path, no: int, row: dict[str, str]
) -> Iterator[SourceRecord | Problem]:
    rid = mapping.record_id.raw(row)
    if not rid:
        yield Problem(
            str(path), f"line {no}", mapping.record_id.column or "record_id", "missing record id"
        )
        return
    rec = SourceRecord(record_id=rid)
    made: dict[str, Any] = {}
    try:
        if mapping.seen:
            seen = mapping.seen.convert(row)
            rec.seen = seen.date() if isinstance(seen, dt.datetime) else seen
        for name, spec in mapping.entities.items():
            key_parts = []
            for k in spec.key:
                try:
                    key_parts.append(k.convert(row))
                except nz.BadValue as exc:
                    yield Problem(str(path), rid, k.column or f"{name} key", str(exc))
                    return
            empty = [p in (None, "") for p in key_parts]
            missing_when = [c for c in spec.when if not row.get(c)]
            if all(empty) or missing_when or (spec.required and any(empty)):
                if spec.required:
                    col = missing_when[0] if missing_when else spec.key[empty.index(True)].column
                    yield Problem(str(path), rid, col or name, f"missing key of {name}")
                    return
                continue
            key_parts = ["" if p is None else p for p in key_parts]
            props = {}
            for pname, pspec in spec.properties.items():
                try:
                    props[pname] = pspec.convert(row)
                except nz.BadValue as exc:
                    if not pspec.lenient:
                        yield Problem(str(path), rid, pspec.column or pname, str(exc))
                        return
                    props[f"{pname}_raw"] = pspec.raw(row)
                    yield Problem(
                        str(path),
                        rid,
                        pspec.column or pname,
                        f"{exc}; kept as {pname}_raw, record loaded",
                    )
            key = "|".join(
                nz.slug(str(p)) if spec.label in ("Gang", "Location") else str(p) for p in key_parts
            )
            made[name] = rec.add(spec.label, key, spec.record_class, **props)
        for ln in mapping.links:
            if ln.start in made and ln.end in made:
                props = {}
                for pname, pspec in ln.properties.items():
                    try:
                        props[pname] = pspec.convert(row)
                    except nz.BadValue as exc:
                        yield Problem(str(path), rid, pspec.column or pname, str(exc))
                        return
                rec.link(
                    ln.type, made[ln.start], made[ln.end], record_class=ln.record_class, **props
                )
    except nz.BadValue as exc:
        yield Problem(str(path), rid, "record", str(exc))
        return
    yield rec
