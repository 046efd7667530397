"""A SQL source, described in YAML (no code per agency): which database, which queries
(feeds), which column tells what changed, how removals are signalled, and the mapping of
each feed's columns to entities and links (the same keys as a CSV mapping, docs/mappings.md).

The database URL holds credentials, so it never sits in the source file: it comes from an
environment variable (``url_env``) or from a file only its owner can read (``url_file``,
mode 0600). A ``url`` written in the file is accepted only without a password (SQLite).
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.engine import URL, make_url

from loaders.mapping import EntitySpec, Mapping, MappingError, load_mapping, mapping_part
from loaders.pipeline import check_agency
from loaders.registry import formats

NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,62}$")
COLUMN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
TOP_KEYS = {
    "drop",
    "name",
    "description",
    "agency",
    "source_system",
    "database",
    "interval",
    "batch_size",
    "feeds",
}
FEED_KEYS = {
    "query",
    "change",
    "removed",
    "removes",
    "tombstones",
    "compare",
    "record_id",
    "seen",
    "entities",
    "links",
}
REASONS = ("deleted", "sealed", "expunged", "purged", "corrected")


class SourceError(ValueError):
    """The source file is wrong; the message names the file and the key."""


@dataclass(frozen=True)
class Removed:
    """Rows that say their record is gone: ``column`` holds one of ``values`` (code ->
    reason); ``reason`` optionally names a column with the source's own words."""

    column: str
    values: dict[str, str]
    reason_column: str | None = None

    def reason(self, row: dict[str, Any]) -> str | None:
        code = row.get(self.column)
        if code is None or str(code) not in self.values:
            return None
        why = self.values[str(code)]
        said = row.get(self.reason_column) if self.reason_column else None
        return f"{why}: {said}" if said else why


@dataclass(frozen=True)
class Tombstones:
    """A table (or query) of removed records: ``key`` columns named as the feed's record id
    and key columns, ``change`` its own increasing column, ``reason`` optional."""

    query: str
    change: str
    reason: str | None = None


@dataclass(frozen=True)
class Compare:
    """A full key comparison every ``every`` seconds: ``query`` returns the columns of the
    record id (and the removed entity's key) of every record that still exists."""

    query: str
    every: float


@dataclass
class Feed:
    name: str
    query: str
    change: str
    mapping: Mapping
    removes: EntitySpec | None = None
    removed: Removed | None = None
    tombstones: Tombstones | None = None
    compare: Compare | None = None

    @property
    def prefix(self) -> str:
        """What goes before the source's record id: a record id names its feed."""
        return f"{self.name}/"

    def order_column(self) -> str | None:
        rid = self.mapping.record_id
        return rid.column if rid.column and not rid.transforms else None


@dataclass(frozen=True)
class DropSpec:
    """A partner that sends files: a watched folder, the files' format (and mapping)."""

    folder: Path
    format: str
    mapping: str | None = None
    settle: float = 2.0


@dataclass
class SourceSpec:
    path: Path
    name: str
    agency: str
    source_system: str
    database: dict[str, str]
    feeds: dict[str, Feed]
    description: str = ""
    interval: float = 300.0
    batch_size: int = 2000
    raw: dict[str, Any] = field(default_factory=dict)
    drop: DropSpec | None = None

    def url(self) -> URL:
        """The database URL, with its credentials, from where the source file says."""
        db = self.database
        if "url_env" in db:
            value = os.environ.get(db["url_env"])
            if not value:
                raise SourceError(
                    f"source {self.name}: the environment variable {db['url_env']} (the "
                    "database URL) is not set"
                )
            return make_url(value)
        if "url_file" in db:
            path = Path(db["url_file"]).expanduser()
            if not path.is_file():
                raise SourceError(f"source {self.name}: url_file {path} does not exist")
            if stat.S_IMODE(path.stat().st_mode) & 0o077:
                raise SourceError(
                    f"source {self.name}: url_file {path} is readable by others; chmod 600 {path}"
                )
            return make_url(path.read_text(encoding="utf-8").strip())
        return make_url(db["url"])

    def shown_url(self) -> str:
        """The URL as status lines and errors show it: never its password."""
        if self.drop:
            return f"drop folder {self.drop.folder} ({self.drop.format})"
        try:
            return self.url().render_as_string(hide_password=True)
        except Exception as exc:  # an unset variable: say which
            return f"({exc})"


def _err(path: Path, where: str, why: str) -> SourceError:
    return SourceError(f"source {path.name}: {where}: {why}")


def _column(path: Path, where: str, value: Any) -> str:
    if not isinstance(value, str) or not COLUMN.match(value):
        raise _err(path, where, f"expected a column name (letters, digits, _), got {value!r}")
    return value


def _feed(path: Path, name: str, doc: Any) -> Feed:
    w = f"feeds.{name}"
    if not isinstance(doc, dict):
        raise _err(path, w, "expected a mapping with query, change, record_id, entities")
    unknown = set(doc) - FEED_KEYS
    if unknown:
        raise _err(path, w, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(FEED_KEYS)}")
    for k in ("query", "change"):
        if k not in doc:
            raise _err(path, f"{w}.{k}", "missing")
    query = str(doc["query"]).strip().rstrip(";")
    parts = {k: doc[k] for k in ("record_id", "seen", "entities", "links") if k in doc}
    try:
        mapping = mapping_part(parts, path, w)
    except MappingError as exc:
        raise SourceError(str(exc).replace("mapping ", "source ", 1)) from exc
    removes = None
    if "removes" in doc:
        if doc["removes"] not in mapping.entities:
            raise _err(
                path,
                f"{w}.removes",
                f"{doc['removes']!r} is not one of the entities {sorted(mapping.entities)}",
            )
        removes = mapping.entities[doc["removes"]]
    removed = None
    if "removed" in doc:
        r = doc["removed"]
        if not isinstance(r, dict) or "column" not in r or not isinstance(r.get("values"), dict):
            raise _err(path, f"{w}.removed", "needs column and values (code: reason)")
        values = {str(k): str(v) for k, v in r["values"].items()}
        bad = [v for v in values.values() if v not in REASONS]
        if bad:
            raise _err(path, f"{w}.removed.values", f"reasons {bad}: use one of {REASONS}")
        removed = Removed(
            _column(path, f"{w}.removed.column", r["column"]),
            values,
            _column(path, f"{w}.removed.reason", r["reason"]) if r.get("reason") else None,
        )
    tombs = None
    if "tombstones" in doc:
        t = doc["tombstones"]
        if not isinstance(t, dict) or not {"query", "change"} <= set(t):
            raise _err(path, f"{w}.tombstones", "needs query and change")
        tombs = Tombstones(
            str(t["query"]).strip().rstrip(";"),
            _column(path, f"{w}.tombstones.change", t["change"]),
            _column(path, f"{w}.tombstones.reason", t["reason"]) if t.get("reason") else None,
        )
    compare = None
    if "compare" in doc:
        c = doc["compare"]
        if not isinstance(c, dict) or "query" not in c:
            raise _err(path, f"{w}.compare", "needs query (and every: seconds)")
        compare = Compare(str(c["query"]).strip().rstrip(";"), float(c.get("every", 86400)))
        if removes is None:
            raise _err(
                path,
                f"{w}.compare",
                "a full comparison needs removes: (the entity whose keys are compared)",
            )
    return Feed(
        name,
        query,
        _column(path, f"{w}.change", doc["change"]),
        mapping,
        removes,
        removed,
        tombs,
        compare,
    )


def _drop(path: Path, d: Any) -> DropSpec:
    if not isinstance(d, dict) or not {"folder", "format"} <= set(d):
        raise _err(path, "drop", "needs folder and format (and mapping for csv)")
    unknown = set(d) - {"folder", "format", "mapping", "settle"}
    if unknown:
        raise _err(path, "drop", f"unknown key(s) {sorted(unknown)}")
    known = formats()
    if d["format"] not in known:
        raise _err(path, "drop.format", f"{d['format']!r}: one of {', '.join(sorted(known))}")
    if d["format"] == "csv":
        if not d.get("mapping"):
            raise _err(path, "drop.mapping", "the csv format needs a mapping")
        try:
            load_mapping(d["mapping"])
        except MappingError as exc:
            raise _err(path, "drop.mapping", str(exc)) from exc
    return DropSpec(
        Path(str(d["folder"])).expanduser(),
        str(d["format"]),
        str(d["mapping"]) if d.get("mapping") else None,
        float(d.get("settle", 2.0)),
    )


def parse(path: Path) -> SourceSpec:
    """Read and check a source file; every complaint names the file and the key."""
    path = Path(path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SourceError(f"source {path.name}: cannot read: {exc}") from exc
    if not isinstance(doc, dict):
        raise _err(path, "(top)", "expected a mapping with name, agency, database, feeds")
    unknown = set(doc) - TOP_KEYS
    if unknown:
        raise _err(path, str(sorted(unknown)), f"unknown key; allowed: {sorted(TOP_KEYS)}")
    for k in ("name", "agency", *(("drop",) if "drop" in doc else ("database", "feeds"))):
        if k not in doc:
            raise _err(path, k, "missing")
    if not NAME.match(str(doc["name"])):
        raise _err(path, "name", f"{doc['name']!r}: letters, digits, - and _ (e.g. metro-rms)")
    try:
        agency = check_agency(str(doc["agency"]))
    except ValueError as exc:
        raise _err(path, "agency", str(exc)) from exc
    interval = float(doc.get("interval", 300))
    batch = int(doc.get("batch_size", 2000))
    if interval <= 0 or batch <= 0:
        raise _err(path, "interval/batch_size", "must be positive")
    if "drop" in doc:
        if "database" in doc or "feeds" in doc:
            raise _err(path, "drop", "a drop folder source has no database or feeds")
        return SourceSpec(
            path=path,
            name=str(doc["name"]),
            agency=agency,
            source_system=str(doc.get("source_system", "")),
            database={},
            feeds={},
            description=str(doc.get("description", "")),
            interval=interval,
            batch_size=batch,
            raw=doc,
            drop=_drop(path, doc["drop"]),
        )
    db = doc["database"]
    ways = [k for k in ("url_env", "url_file", "url") if isinstance(db, dict) and k in db]
    if len(ways) != 1:
        raise _err(path, "database", "give exactly one of url_env, url_file, url")
    if ways == ["url"]:
        try:
            url = make_url(str(db["url"]))
        except Exception as exc:
            raise _err(path, "database.url", f"not a database URL: {exc}") from exc
        if url.password:
            raise _err(
                path,
                "database.url",
                "holds a password: put the URL in url_env or url_file (mode 0600) instead",
            )
    feeds_doc = doc["feeds"]
    if not isinstance(feeds_doc, dict) or not feeds_doc:
        raise _err(path, "feeds", "expected at least one feed (name: {query, change, ...})")
    feeds = {str(n): _feed(path, str(n), f) for n, f in feeds_doc.items()}
    for n in feeds:
        if not NAME.match(n):
            raise _err(path, f"feeds.{n}", "a feed name: letters, digits, - and _")
    return SourceSpec(
        path=path,
        name=str(doc["name"]),
        agency=agency,
        source_system=str(doc.get("source_system", "rms")),
        database={k: str(v) for k, v in db.items()},
        feeds=feeds,
        description=str(doc.get("description", "")),
        interval=interval,
        batch_size=batch,
        raw=doc,
    )
