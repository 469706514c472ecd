"""Replacing files in one step (assessor_app.atomic_files), on real files in a temp folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from assessor_app.atomic_files import (
    fsync_directory,
    fsync_file,
    put_in_place,
    replacing,
    temporary_file_in,
    write_bytes_atomically,
)

posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_write_creates_parents_and_leaves_only_the_target(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "report.csv"
    assert write_bytes_atomically(target, b"one\n") == target
    assert target.read_bytes() == b"one\n"
    assert _names(target.parent) == ["report.csv"]


def test_write_replaces_the_old_content_whole(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    target.write_bytes(b"old and longer than the new text")
    write_bytes_atomically(target, b"new", prefix=".settings-")
    assert target.read_bytes() == b"new"
    assert _names(tmp_path) == ["settings.json"]


@posix_only
def test_written_file_is_private_unless_a_mode_is_given(tmp_path: Path) -> None:
    private = write_bytes_atomically(tmp_path / "private.txt", b"x")
    shared = write_bytes_atomically(tmp_path / "shared.txt", b"x", mode=0o644)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644


def test_error_in_the_block_keeps_the_old_file_and_removes_the_temporary(tmp_path: Path) -> None:
    target = tmp_path / "feedback.html"
    target.write_bytes(b"before")
    with pytest.raises(RuntimeError, match="half written"), replacing(target) as temporary:
        temporary.write_bytes(b"half")
        assert temporary.parent == tmp_path
        assert temporary.name.startswith(".feedback.html.")
        raise RuntimeError("half written")
    assert target.read_bytes() == b"before"
    assert _names(tmp_path) == ["feedback.html"]


def test_failed_rename_removes_the_temporary(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "inside").write_bytes(b"keep")
    with pytest.raises(OSError):
        write_bytes_atomically(target, b"cannot replace a non-empty folder")
    assert _names(tmp_path) == ["taken"]
    assert (target / "inside").read_bytes() == b"keep"


def test_temporary_file_in_is_removed_unless_moved_away(tmp_path: Path) -> None:
    folder = tmp_path / "bundles"
    with temporary_file_in(folder, prefix=".import-", suffix=".zip") as dropped:
        assert dropped.is_file() and dropped.name.startswith(".import-")
        assert dropped.name.endswith(".zip")
    assert not dropped.exists()
    with temporary_file_in(folder, prefix=".import-") as kept:
        kept.write_bytes(b"signed")
        put_in_place(kept, folder / "final.zip")
    assert _names(folder) == ["final.zip"]
    assert (folder / "final.zip").read_bytes() == b"signed"


def test_fsync_helpers_accept_real_files_and_folders(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(b"\x00\x01")
    fsync_file(path)
    fsync_directory(tmp_path)
    assert path.read_bytes() == b"\x00\x01"
    with pytest.raises(FileNotFoundError):
        fsync_file(tmp_path / "missing")
