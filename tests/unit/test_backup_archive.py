"""Backup archives on their own: encryption round trip, every damage refused in one line, the
atomic write (kill -9 leaves no archive under the final name), retention."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backup import archive, crypto, retention
from backup.crypto import BackupError

KEY = bytes(range(32))


def staged(tmp_path: Path, mib: int = 3) -> Path:
    folder = tmp_path / "staged"
    (folder / "graph").mkdir(parents=True)
    (folder / "graph" / "neo4j.dump").write_bytes(secrets.token_bytes(mib << 20))
    (folder / "app").mkdir()
    (folder / "app" / "app.db").write_bytes(b"sqlite" * 1000)
    return folder


def test_a_round_trip_restores_every_byte(tmp_path: Path) -> None:
    folder = staged(tmp_path)
    final = tmp_path / "out" / f"civicfusion-20261201T000000Z{archive.SUFFIX}"
    size = archive.write(final, KEY, folder, {"created_at": "x"})
    assert size == final.stat().st_size > 3 << 20
    assert final.stat().st_mode & 0o777 == 0o600
    assert b"sqlite" not in final.read_bytes()  # encrypted at rest
    opened = archive.unpack(final, KEY, tmp_path / "back")
    for name in ("graph/neo4j.dump", "app/app.db"):
        assert (tmp_path / "back" / name).read_bytes() == (folder / name).read_bytes()
    assert set(opened.manifest["files"]) == {"graph/neo4j.dump", "app/app.db"}


@pytest.mark.parametrize("where", [0.001, 0.3, 0.5, 0.9999])
def test_one_flipped_byte_anywhere_is_refused_in_one_line(tmp_path: Path, where: float) -> None:
    final = tmp_path / f"civicfusion-20261201T000000Z{archive.SUFFIX}"
    archive.write(final, KEY, staged(tmp_path), {"created_at": "x"})
    data = bytearray(final.read_bytes())
    at = max(len(crypto.MAGIC) + 24, int(len(data) * where))
    data[at] ^= 0x01
    final.write_bytes(bytes(data))
    with pytest.raises(BackupError) as err:
        archive.unpack(final, KEY, tmp_path / "back")
    said = str(err.value)
    assert "\n" not in said and final.name in said and "damaged" in said, said


def test_a_wrong_key_another_file_and_a_cut_archive_are_refused(tmp_path: Path) -> None:
    final = tmp_path / f"civicfusion-20261201T000000Z{archive.SUFFIX}"
    archive.write(final, KEY, staged(tmp_path), {"created_at": "x"})
    with pytest.raises(BackupError, match="wrong key"):
        archive.unpack(final, secrets.token_bytes(32), tmp_path / "a")
    whole = final.read_bytes()
    frame_end = len(crypto.MAGIC) + 24 + 4 + crypto.FRAME + crypto.TAG
    for cut in (frame_end, frame_end + 100, len(whole) - 1):  # at a frame boundary, inside
        final.write_bytes(whole[:cut])
        with pytest.raises(BackupError, match=r"damaged|cut off"):
            archive.unpack(final, KEY, tmp_path / f"b{cut}")
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    with pytest.raises(BackupError, match="not a CivicFusion backup"):
        archive.unpack(other, KEY, tmp_path / "c")


def test_the_key_file_must_be_private_and_is_never_replaced(tmp_path: Path) -> None:
    path = tmp_path / "backup.key"
    crypto.new_key_file(path)
    assert path.stat().st_mode & 0o777 == 0o600 and len(crypto.read_key_file(path)) == 32
    with pytest.raises(BackupError, match="never replaced"):
        crypto.new_key_file(path)
    path.chmod(0o644)
    with pytest.raises(BackupError, match="chmod 600"):
        crypto.read_key_file(path)
    with pytest.raises(BackupError, match="not a backup key"):
        crypto.parse_key("too short", "CIVICFUSION_BACKUP_KEY")


WRITER = """
import sys, time
from pathlib import Path
from backup import archive
class Slow:
    def __init__(self, path): self.f = open(path, "rb")
    def read(self, n=-1):
        time.sleep(0.01)
        return self.f.read(n)
import tarfile
real = tarfile.copyfileobj
def slow(src, dst, length=None, exception=OSError, bufsize=None):
    while True:
        chunk = src.read(1 << 16)
        if not chunk: break
        dst.write(chunk); time.sleep(0.01)
tarfile.copyfileobj = slow
archive.write(Path(sys.argv[1]), bytes(range(32)), Path(sys.argv[2]), {"created_at": "x"})
"""


def test_kill_9_while_writing_leaves_no_archive_under_its_final_name(tmp_path: Path) -> None:
    folder = staged(tmp_path, mib=8)
    final = tmp_path / "out" / f"civicfusion-20261201T000000Z{archive.SUFFIX}"
    partial = final.with_name(f".{final.name}.partial")
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(final), str(folder)],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    deadline = time.monotonic() + 30
    while not (partial.exists() and partial.stat().st_size > 1 << 20):
        assert proc.poll() is None and time.monotonic() < deadline, "the writer never started"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not final.exists() and partial.exists()
    with pytest.raises(BackupError):  # and the partial file never passes as an archive
        archive.unpack(partial, KEY, tmp_path / "back")
    # prune clears what a killed backup left, once it is a day old
    old = time.time() - 2 * 86_400
    os.utime(partial, (old, old))
    assert retention.prune(final.parent, 7, 4) == [partial]


def test_retention_keeps_the_newest_of_each_recent_day_and_week(tmp_path: Path) -> None:
    def named(at: dt.datetime) -> Path:
        return tmp_path / f"civicfusion-{at:%Y%m%dT%H%M%S}Z{archive.SUFFIX}"

    start = dt.datetime(2026, 11, 1, 2, 0)
    names = [named(start + dt.timedelta(hours=12 * i)) for i in range(60)]  # 30 days, 2 a day
    # 2026-11-30 is a Monday: the last two days are in two ISO weeks, the third week back
    # (16-22 November) adds its newest, Sunday the 22nd at 14:00
    keep = retention.to_keep(names, daily=2, weekly=3)
    assert keep == {
        named(dt.datetime(2026, 11, 30, 14)),
        named(dt.datetime(2026, 11, 29, 14)),
        named(dt.datetime(2026, 11, 22, 14)),
    }
