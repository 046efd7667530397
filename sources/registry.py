"""Registered sources: each source file, checked, kept under ``$CIVICFUSION_HOME/sources``
(owner-only). It holds no credentials (see sources.spec); removing a source stops its
syncs and leaves its records and passes in the graph."""

from __future__ import annotations

import os
from pathlib import Path

from settings import Settings
from sources.spec import SourceError, SourceSpec, parse


def folder(settings: Settings) -> Path:
    d = settings.home.expanduser().resolve() / "sources"
    d.mkdir(parents=True, exist_ok=True, mode=0o700)
    return d


def add(settings: Settings, path: Path, replace: bool = False) -> SourceSpec:
    spec = parse(path)
    target = folder(settings) / f"{spec.name}.yaml"
    if target.exists() and not replace:
        raise SourceError(f"source {spec.name} is already registered (use --replace)")
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(Path(path).read_text(encoding="utf-8"))
    os.chmod(target, 0o600)
    return parse(target)


def registered(settings: Settings) -> list[SourceSpec]:
    return [parse(p) for p in sorted(folder(settings).glob("*.yaml"))]


def get(settings: Settings, name: str) -> SourceSpec:
    path = folder(settings) / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(s.name for s in registered(settings)) or "none"
        raise SourceError(f"no source named {name!r} (registered: {known})")
    return parse(path)


def remove(settings: Settings, name: str) -> None:
    get(settings, name).path.unlink()
