"""A full disk loses only the change being made, and says so in words a person can act on."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from support.bundles import sample_manifest, write_sample_bundle

from assessor_app.errors import DiskFullError
from assessor_app.workspace import Workspace

SUBMISSION = sample_manifest().submission_id
MESSAGE = (
    "The disk is full: the last change was not saved. "
    "Free some space; everything saved before is safe."
)


def test_sqlite_full_becomes_disk_full_error(data_dir: Path, sample_bundle: Path) -> None:
    """SQLITE_FULL for real, via PRAGMA max_page_count (the database may not grow)."""
    with Workspace.open(data_dir) as ws:
        ws.import_bundle(sample_bundle)
        saved = ws.judge(SUBMISSION, "eo1.1", "N", "Saved before the disk filled up.")

        def cap(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

        event.listen(ws.engine, "connect", cap)
        ws.engine.dispose()  # new connections, each capped
        big = "A long piece of feedback. " * 20_000  # ~500 KB: needs new pages
        with pytest.raises(DiskFullError) as info:
            ws.judge(SUBMISSION, "eo1.2", "N", big)
        assert str(info.value) == MESSAGE
        with pytest.raises(DiskFullError):
            ws.judge(SUBMISSION, "eo1.1", "N", big)
        # Nothing of the failed changes is there; what was saved before is.
        assert ws.judgments(SUBMISSION) == {"eo1.1": saved}
        assert ws.pending_changes() == 1
        event.remove(ws.engine, "connect", cap)
        ws.engine.dispose()
        assert ws.judge(SUBMISSION, "eo1.2", "N", big).revision == 1  # space again: works
    with Workspace.open(data_dir) as ws:
        assert ws.judgments(SUBMISSION)["eo1.1"] == saved
        assert ws.pending_changes() == 2


def _can_mount() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount") is not None


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB tmpfs: a real file system that runs out of space (needs root; else skipped)."""
    if not _can_mount():
        pytest.skip("mounting a small tmpfs needs root")
    mount_point = tmp_path / f"tiny-{uuid.uuid4().hex[:8]}"
    mount_point.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(directory: Path) -> Path:
    """Write a file until the file system refuses another byte."""
    filler = directory / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for size in (1 << 16, 4096, 1):
            try:
                while os.write(fd, b"\0" * size) == size:
                    pass
            except OSError:
                pass
    finally:
        os.close(fd)
    return filler


def test_a_really_full_disk(tiny_disk: Path, sample_bundle: Path, tmp_path: Path) -> None:
    data_dir = tiny_disk / "workspace"
    with Workspace.open(data_dir) as ws:
        ws.import_bundle(sample_bundle)
        saved = ws.judge(SUBMISSION, "eo1.1", "N", "Saved before the disk filled up.")
        filler = _fill(tiny_disk)

        with pytest.raises(DiskFullError) as info:
            ws.judge(SUBMISSION, "eo1.2", "N", "x" * 400_000)  # more than the WAL holds
        assert str(info.value) == MESSAGE
        assert "database or disk is full" in str(info.value.__cause__)  # SQLite said so
        assert ws.judgments(SUBMISSION) == {"eo1.1": saved}

        other = tmp_path / "other.zip"
        write_sample_bundle(other, "SUB-TEST-0002", pages=40)
        with pytest.raises(DiskFullError, match="bundle was not imported") as info:
            ws.import_bundle(other)
        assert isinstance(info.value.__cause__, OSError)
        assert [p.name for p in (data_dir / "bundles").iterdir()] == [SUBMISSION]

        filler.unlink()  # the person frees some space: the same workspace carries on
        assert ws.judge(SUBMISSION, "eo1.2", "N", "x" * 400_000).revision == 1
        assert ws.import_bundle(other) == "SUB-TEST-0002"
    with Workspace.open(data_dir) as ws:
        assert ws.judgments(SUBMISSION)["eo1.1"] == saved
        assert ws.pending_changes() == 2
