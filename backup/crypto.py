"""Encryption of backup archives at rest: AES-256-GCM over 1 MiB frames (CJIS 5.10.1.2).

File layout::

    MAGIC | key check (16 bytes) | nonce prefix (8 bytes) | frame | frame | ...
    frame = ciphertext length (4 bytes, big endian) | ciphertext with its 16-byte GCM tag

Frame ``i`` uses the nonce ``prefix || i`` and authenticates the header, its index and
whether it is the last frame, so frames cannot be reordered, dropped or cut off unnoticed.
The key check (an HMAC of a constant under the key) tells a wrong key from a damaged file.
The key is 32 random bytes from a file (mode 600) or the environment, never in the archive.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

MAGIC = b"CIVICFUSION-BACKUP-1\n"
FRAME = 1 << 20
TAG = 16
KEY_BYTES = 32


class BackupError(ValueError):
    """A backup that cannot be used, said in one line."""


def parse_key(text: str, where: str) -> bytes:
    """A 32-byte key written as 64 hex digits or base64."""
    text = text.strip()
    try:
        key = (
            bytes.fromhex(text)
            if len(text) == 2 * KEY_BYTES
            else base64.b64decode(text, validate=True)
        )
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise BackupError(f"{where}: not a backup key (32 bytes as 64 hex digits or base64)")
    return key


def read_key_file(path: Path) -> bytes:
    """The key in ``path``, which only its owner may read (CJIS: keys are protected)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise BackupError(f"backup key {path}: {exc.strerror or exc}") from exc
    if mode & 0o077:
        raise BackupError(
            f"backup key {path} can be read by others (mode {mode & 0o777:o}): chmod 600 it"
        )
    return parse_key(path.read_text(encoding="ascii"), f"backup key {path}")


def new_key_file(path: Path) -> None:
    """Write a new random key to ``path`` (mode 600; refuses to replace one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise BackupError(f"{path} exists: a key is never replaced (old backups need it)") from exc
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secrets.token_hex(KEY_BYTES) + "\n")


def key_check(key: bytes) -> bytes:
    return hmac.new(key, b"civicfusion backup key check", hashlib.sha256).digest()[:16]


def _aad(header: bytes, index: int, last: bool) -> bytes:
    return header + struct.pack(">QB", index, 1 if last else 0)


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + struct.pack(">I", index)


class Encryptor:
    """A writable stream that encrypts into ``out`` frame by frame; ``close`` writes the last
    frame (so a process killed midway leaves a file that never decrypts as complete)."""

    def __init__(self, out: BinaryIO, key: bytes) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self.out, self.aes = out, AESGCM(key)
        self.prefix = secrets.token_bytes(8)
        self.header = MAGIC + key_check(key) + self.prefix
        out.write(self.header)
        self.buffer = bytearray()
        self.index = 0

    def write(self, data: bytes) -> int:
        self.buffer += data
        while len(self.buffer) > FRAME:  # keep one frame back: it may be the last
            self._frame(bytes(self.buffer[:FRAME]), last=False)
            del self.buffer[:FRAME]
        return len(data)

    def _frame(self, plain: bytes, last: bool) -> None:
        nonce = _nonce(self.prefix, self.index)
        sealed = self.aes.encrypt(nonce, plain, _aad(self.header, self.index, last))
        self.out.write(struct.pack(">I", len(sealed)) + sealed)
        self.index += 1

    def close(self) -> None:
        self._frame(bytes(self.buffer), last=True)
        self.buffer.clear()


def decrypt_frames(src: BinaryIO, key: bytes, name: str) -> Iterator[bytes]:
    """The plaintext of an archive, frame by frame, each checked; one-line BackupErrors for
    another kind of file, a wrong key, a damaged or a cut-off archive."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header = src.read(len(MAGIC) + 16 + 8)
    if not header.startswith(MAGIC):
        raise BackupError(f"{name}: not a CivicFusion backup archive")
    if len(header) < len(MAGIC) + 24:
        raise BackupError(f"{name}: damaged: the archive ends inside its header")
    if not hmac.compare_digest(header[len(MAGIC) : len(MAGIC) + 16], key_check(key)):
        raise BackupError(f"{name}: wrong key: this archive was encrypted with another key")
    prefix = header[-8:]
    aes = AESGCM(key)
    index, offset = 0, len(header)
    pending = _read_frame(src, name, offset)
    while pending is not None:
        sealed, size = pending
        following = _read_frame(src, name, offset + size)
        last = following is None
        try:
            yield aes.decrypt(_nonce(prefix, index), sealed, _aad(header, index, last))
        except InvalidTag:
            if last and index > 0:
                raise BackupError(
                    f"{name}: damaged or cut off: the archive ends before its last part"
                ) from None
            raise BackupError(
                f"{name}: damaged: bytes {offset}-{offset + size} fail their integrity check"
            ) from None
        index, offset, pending = index + 1, offset + size, following


def _read_frame(src: BinaryIO, name: str, offset: int) -> tuple[bytes, int] | None:
    raw = src.read(4)
    if not raw:
        return None
    if len(raw) < 4:
        raise BackupError(f"{name}: damaged or cut off at byte {offset}")
    (length,) = struct.unpack(">I", raw)
    if length > FRAME + TAG or length < TAG:
        raise BackupError(f"{name}: damaged: impossible frame length at byte {offset}")
    sealed = src.read(length)
    if len(sealed) < length:
        raise BackupError(f"{name}: damaged or cut off at byte {offset}")
    return sealed, 4 + length


class DecryptedReader:
    """A read-only file object over ``decrypt_frames`` (for tarfile's stream mode)."""

    def __init__(self, frames: Iterator[bytes]) -> None:
        self.frames, self.buffer = frames, b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self.buffer) < size:
            chunk = next(self.frames, None)
            if chunk is None:
                break
            self.buffer += chunk
        if size < 0:
            out, self.buffer = self.buffer, b""
        else:
            out, self.buffer = self.buffer[:size], self.buffer[size:]
        return out
