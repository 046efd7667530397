"""Agency CSV exports read through a declarative YAML mapping (``loaders.mapping``).

Adding an agency's format needs a YAML file only: the mapping names the record id column,
the entities a row produces and the links between them; this module turns each row into one
SourceRecord, or into Problems naming the file, the record and the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph.records import Problem, SourceRecord
from loaders import normalize as nz
from loaders.mapping import EntitySpec, Mapping, MappingError, load_mapping
from loaders.textio import csv_rows


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
        yield from record_of(mapping, str(path), f"line {no}", row)


def joined_key(spec: EntitySpec, parts: list[Any]) -> str:
    """An entity's key in its uid from its key parts (Location and Gang keys slugged, so
    "1234 Kalakaua Ave" and "1234 KALAKAUA AVE" are one node within an agency)."""
    slugged = spec.label in ("Gang", "Location")
    return "|".join(nz.slug(str(p)) if slugged else str(p) for p in parts)


def entity_key(spec: EntitySpec, row: dict[str, str]) -> str | None:
    """The key of one entity of a row (None when the row gives no part of it)."""
    parts = [k.convert(row) for k in spec.key]
    if all(p in (None, "") for p in parts):
        return None
    return joined_key(spec, ["" if p is None else p for p in parts])


def record_of(
    mapping: Mapping,
    path: str,
    where: str,
    row: dict[str, str],
    prefix: str = "",
    clear_empty: bool = False,
) -> Iterator[SourceRecord | Problem]:
    """One row (column -> text) as a SourceRecord, or Problems naming ``path``, the record
    (``where`` when it has no id) and the field. ``prefix`` goes before the record id;
    ``clear_empty`` (a live source: the row is the record's whole truth) marks mapped
    properties the row leaves empty for removal."""
    rid = mapping.record_id.raw(row)
    if not rid:
        yield Problem(path, where, mapping.record_id.column or "record_id", "missing record id")
        return
    rid = prefix + rid
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
                    yield Problem(path, rid, k.column or f"{name} key", str(exc))
                    return
            empty = [p in (None, "") for p in key_parts]
            missing_when = [c for c in spec.when if not row.get(c)]
            if all(empty) or missing_when or (spec.required and any(empty)):
                if spec.required:
                    col = missing_when[0] if missing_when else spec.key[empty.index(True)].column
                    yield Problem(path, rid, col or name, f"missing key of {name}")
                    return
                continue
            key_parts = ["" if p is None else p for p in key_parts]
            props = {}
            for pname, pspec in spec.properties.items():
                try:
                    props[pname] = pspec.convert(row)
                except nz.BadValue as exc:
                    if not pspec.lenient:
                        yield Problem(path, rid, pspec.column or pname, str(exc))
                        return
                    props[f"{pname}_raw"] = pspec.raw(row)
                    yield Problem(
                        str(path),
                        rid,
                        pspec.column or pname,
                        f"{exc}; kept as {pname}_raw, record loaded",
                    )
            key = joined_key(spec, key_parts)
            made[name] = rec.add(spec.label, key, spec.record_class, **props)
            made[name].reference = spec.reference and not props
            if clear_empty:
                made[name].cleared = tuple(p for p, v in props.items() if v is None)
        for ln in mapping.links:
            if ln.start in made and ln.end in made:
                props = {}
                for pname, pspec in ln.properties.items():
                    try:
                        props[pname] = pspec.convert(row)
                    except nz.BadValue as exc:
                        yield Problem(path, rid, pspec.column or pname, str(exc))
                        return
                link = rec.link(
                    ln.type, made[ln.start], made[ln.end], record_class=ln.record_class, **props
                )
                if clear_empty:
                    link.cleared = tuple(p for p, v in props.items() if v is None)
    except nz.BadValue as exc:
        yield Problem(path, rid, "record", str(exc))
        return
    yield rec
