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
from loaders.mapping import Mapping, MappingError, load_mapping
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
