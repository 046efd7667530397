"""Source formats by name, each with the function that reads it (no loading by name: what
runs is what is imported here). A loader turns one file into SourceRecords and Problems."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.records import Problem, SourceRecord
from loaders import csvmap, edgelist, ndex
from loaders.nibrs import flat as nibrs_flat
from loaders.nibrs import xml as nibrs_xml

Item = SourceRecord | Problem
ReadFn = Callable[[Path, dict[str, Any]], Iterator[Item]]


def _no_preflight(path: Path, options: dict[str, Any]) -> None:
    """Formats without configuration have nothing to check before a load."""


@dataclass(frozen=True)
class SourceFormat:
    name: str
    description: str
    read: ReadFn  # read(path, options) yields records and problems
    default_system: str
    options: tuple[str, ...] = field(default_factory=tuple)
    preflight: Callable[[Path, dict[str, Any]], None] = _no_preflight
    """Raise on configuration errors (a bad mapping) before a load starts."""


FORMATS = (
    SourceFormat("nibrs-flat", "FBI NIBRS fixed-length flat file", nibrs_flat.read, "nibrs"),
    SourceFormat("nibrs-xml", "FBI NIBRS IEPD (NIEM) XML", nibrs_xml.read, "nibrs"),
    SourceFormat("ndex", "N-DEx incident/arrest (LEXS/NIEM) XML", ndex.read, "ndex"),
    SourceFormat(
        "csv",
        "agency CSV through a YAML mapping (--mapping)",
        csvmap.read,
        "rms",
        ("mapping",),
        csvmap.preflight,
    ),
    SourceFormat(
        "edges",
        "network edge list or nodes CSV (graph,directed,source,target,weight)",
        edgelist.read,
        "network",
        ("rel_type",),
    ),
)


def formats() -> dict[str, SourceFormat]:
    return {f.name: f for f in FORMATS}
