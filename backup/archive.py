"""One backup archive: what goes in, how it is written atomically, read back and checked.

An archive is a tar stream, encrypted (``backup.crypto``), holding::

    manifest.json      what is inside: versions, counts, the audit head, checksums
    graph/neo4j.dump   neo4j-admin database dump of the graph (local server only)
    app/app.db         the app database (users, cases, charts, decisions' audit), SQLite backup API
    app/audit.head     the audit chain's signed heads
    app/audit_key      the audit chain's HMAC key, when it is a file of the home

It is written to ``.<name>.partial`` beside its final name and renamed only when complete and
synced, so a process killed midway never leaves an archive under the final name.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backup.crypto import BackupError, DecryptedReader, Encryptor, decrypt_frames
from settings.checksum import sha256

SUFFIX = ".cfbackup"
MANIFEST = "manifest.json"
FORMAT = 1


def write(final: Path, key: bytes, staged: Path, manifest: dict[str, Any]) -> int:
    """Tar ``staged`` (every file under it) and ``manifest`` (its checksums added) into an
    encrypted archive at ``final``, atomically; returns the archive's size in bytes."""
    files = sorted(p for p in staged.rglob("*") if p.is_file())
    manifest = {
        **manifest,
        "format": FORMAT,
        "files": {
            p.relative_to(staged).as_posix(): {"sha256": sha256(p), "bytes": p.stat().st_size}
            for p in files
        },
    }
    partial = final.with_name(f".{final.name}.partial")
    final.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            enc = Encryptor(out, key)
            with tarfile.open(fileobj=enc, mode="w|") as tar:  # type: ignore[call-overload]
                body = json.dumps(manifest, indent=1, sort_keys=True, default=str).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(body)
                tar.addfile(info, io.BytesIO(body))
                for p in files:
                    tar.add(p, arcname=p.relative_to(staged).as_posix(), recursive=False)
            enc.close()
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, final)
        dir_fd = os.open(final.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return final.stat().st_size


@contextmanager
def _members(archive: Path, key: bytes) -> Iterator[tarfile.TarFile]:
    if not archive.is_file():
        raise BackupError(f"{archive}: no such archive")
    with archive.open("rb") as fh:
        reader = DecryptedReader(decrypt_frames(fh, key, archive.name))
        try:
            with tarfile.open(fileobj=reader, mode="r|") as tar:  # type: ignore[call-overload]
                yield tar
        except tarfile.TarError as exc:
            raise BackupError(f"{archive.name}: damaged: not a readable archive ({exc})") from exc


@dataclass
class Opened:
    manifest: dict[str, Any]
    folder: Path  # where the files were unpacked


def unpack(archive: Path, key: bytes, into: Path) -> Opened:
    """Decrypt and unpack ``archive`` into ``into``, checking every file against the
    manifest (sizes and SHA-256) and that nothing is missing or extra."""
    into.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] | None = None
    seen: dict[str, str] = {}  # name -> SHA-256 of what was unpacked
    with _members(archive, key) as tar:
        for member in tar:
            name = member.name
            if not member.isfile() or name.startswith(("/", "..")) or "/../" in f"/{name}/":
                raise BackupError(f"{archive.name}: damaged: unexpected member {name!r}")
            src = tar.extractfile(member)
            assert src is not None
            if name == MANIFEST:
                manifest = json.loads(src.read())
                continue
            target = into / name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()  # checked as it is written, not read back afterwards
            with target.open("wb") as out:
                for chunk in iter(lambda: src.read(1 << 20), b""):  # noqa: B023
                    digest.update(chunk)
                    out.write(chunk)
            seen[name] = digest.hexdigest()
    if manifest is None:
        raise BackupError(f"{archive.name}: damaged: no manifest")
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{archive.name}: archive format {manifest.get('format')} is not {FORMAT}"
        )
    listed = manifest.get("files", {})
    if set(listed) != set(seen):
        missing, extra = set(listed) - set(seen), set(seen) - set(listed)
        raise BackupError(
            f"{archive.name}: damaged: files missing {sorted(missing)} or unlisted {sorted(extra)}"
        )
    for name, facts in listed.items():
        if seen[name] != facts["sha256"]:
            raise BackupError(f"{archive.name}: damaged: {name} does not match its checksum")
    return Opened(manifest, into)
