"""Replacing files in one step, so a reader (or a crash) never meets half a file.

The pattern: write a hidden temporary file in the target's own folder, flush it to disk,
rename it over the target, then flush the folder so the rename itself survives a power cut.
A crash leaves the old file or the new one, and at worst an unused temporary name.

- :func:`fsync_file` / :func:`fsync_directory`: flush one file, or a folder's entries.
- :func:`temporary_file_in`: a private (mode 0600) temporary file in a folder, removed on the
  way out unless it was moved away; for callers that place it themselves.
- :func:`put_in_place`: flush a finished temporary file, rename it over its target, flush
  the folder.
- :func:`replacing`: a temporary file next to the target that becomes the target when the
  ``with`` block ends without an error.
- :func:`write_bytes_atomically`: the whole of the above for bytes already in memory.

Pure standard library; used by the workstation and the portal alike.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = [
    "fsync_directory",
    "fsync_file",
    "put_in_place",
    "replacing",
    "temporary_file_in",
    "write_bytes_atomically",
]


def _fsync_opened(path: Path, flags: int) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    """Flush the contents of the file at ``path`` to disk (opened for writing, which Windows
    needs to flush a file)."""
    _fsync_opened(path, os.O_RDWR | getattr(os, "O_BINARY", 0))


def fsync_directory(path: Path) -> None:
    """Flush the folder ``path`` so a rename or a new name in it is on disk.

    Folders cannot be opened for fsync on Windows, where this does nothing (the rename is
    still atomic there)."""
    if os.name == "nt":
        return
    _fsync_opened(path, os.O_RDONLY)


@contextmanager
def temporary_file_in(folder: Path, *, prefix: str, suffix: str = ".tmp") -> Iterator[Path]:
    """A new, empty temporary file in ``folder`` (created with its parents), readable by its
    owner only; it is deleted when the block ends unless it was moved away."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
    finally:
        # A temporary file that cannot be removed must not hide the error that ended the block.
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def put_in_place(temporary: Path, path: Path) -> None:
    """Flush the finished ``temporary`` file, rename it over ``path`` (in the same folder) and
    flush the folder."""
    fsync_file(temporary)
    temporary.replace(path)
    fsync_directory(path.parent)


@contextmanager
def replacing(
    path: Path, *, prefix: str | None = None, suffix: str = ".tmp", mode: int | None = None
) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` to write; when the block ends without an error
    the file is given ``mode`` (when one is given; else it keeps mode 0600) and put in place
    (:func:`put_in_place`). On an error ``path`` is left as it was and the temporary file is
    removed. ``prefix`` names the hidden temporary file (default ``.<name>.``)."""
    name_prefix = f".{path.name}." if prefix is None else prefix
    with temporary_file_in(path.parent, prefix=name_prefix, suffix=suffix) as temporary:
        yield temporary
        if mode is not None:
            temporary.chmod(mode)
        put_in_place(temporary, path)


def write_bytes_atomically(
    path: Path, data: bytes, *, prefix: str | None = None, mode: int | None = None
) -> Path:
    """Write ``data`` to ``path`` (parents created) in one step; returns ``path``.
    ``prefix`` and ``mode`` as in :func:`replacing`."""
    with replacing(path, prefix=prefix, mode=mode) as temporary, temporary.open("wb") as fh:
        fh.write(data)
    return path
