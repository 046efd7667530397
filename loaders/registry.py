"""Source formats by name. A loader turns one file into SourceRecords and Problems."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.records import Problem, SourceRecord

Item = SourceRecord | Problem
ReadFn = Callable[[Path, dict[str, Any]], Iterator[Item]]


@dataclass(frozen=True)
class SourceFormat:
    name: str
    description: str
    module: str  # the loader module; its read(path, options) yields records and problems
    default_system: str
    options: tuple[str, ...] = field(default_factory=tuple)

    @property
    def read(self) -> ReadFn:
        return importlib.import_module(self.module).read

    def preflight(self, path: Path, options: dict[str, Any]) -> None:
        """Raise on configuration errors (a bad mapping) before a load starts."""
        check = getattr(importlib.import_module(self.module), "preflight", None)
        if check is not None:
            check(path, options)


FORMATS = (
    SourceFormat("nibrs-flat", "FBI NIBRS fixed-length flat file", "loaders.nibrs.flat", "nibrs"),
    SourceFormat("nibrs-xml", "FBI NIBRS IEPD (NIEM) XML", "loaders.nibrs.xml", "nibrs"),
    SourceFormat("ndex", "N-DEx incident/arrest (LEXS/NIEM) XML", "loaders.ndex", "ndex"),
    SourceFormat(
        "csv",
        "agency CSV through a YAML mapping (--mapping)",
        "loaders.csvmap",
        "rms",
        ("mapping",),
    ),
    SourceFormat(
        "edges",
        "network edge list or nodes CSV (graph,directed,source,target,weight)",
        "loaders.edgelist",
        "network",
        ("rel_type",),
    ),
)


def formats() -> dict[str, SourceFormat]:
    return {f.name: f for f in FORMATS}
