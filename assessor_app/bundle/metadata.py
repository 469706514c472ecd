"""Identifying document metadata in artifacts: find it, and remove it before a bundle is signed.

Anonymity at the source: a candidate's PDF may still name its author, a photo may carry the
camera owner's name or a GPS position. The portal strips every artifact on import
(:func:`strip`) and reports what it removed; the workstation checks what is left
(:func:`inspect`, :func:`bundle_metadata_findings`) and warns the assessor.

What is handled, per :class:`ArtifactKind`:

* PDF (:mod:`.metadata_pdf`, PyMuPDF): the information dictionary and the XMP metadata stream;
  saved anew with garbage collection. Embedded-file names, annotation authors and page-level
  XMP are out of scope.
* IMAGE (:mod:`.metadata_images`, byte level): JPEG EXIF/XMP/IPTC/comments, PNG text and
  eXIf chunks, WebP EXIF/XMP chunks; every other byte is copied unchanged. Other image
  formats (GIF, TIFF, HEIC, ...) are neither inspected nor stripped.
* VIDEO and AUDIO (:mod:`.metadata_media`): container tags are never stripped; Ogg comments
  are read, other containers are not inspected.

Nothing here decodes or renders content, and no metadata value is ever logged. A damaged or
password-protected file raises :class:`MetadataError` with a one-line reason.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from assessor_app.bundle.metadata_images import Layout, Piece, read_layout, sniff
from assessor_app.bundle.metadata_media import is_ogg, ogg_findings
from assessor_app.bundle.metadata_model import (
    MetadataError,
    MetadataFinding,
    StripReport,
    person_names,
)
from assessor_app.domain.model import ArtifactKind, Manifest

__all__ = [
    "MetadataError",
    "MetadataFinding",
    "StripReport",
    "bundle_metadata_findings",
    "inspect",
    "person_names",
    "strip",
]

_CHUNK = 1 << 20
MEDIA_NOTE = "container tags are not stripped"
IMAGE_FORMAT_NOTE = "not a JPEG, PNG or WebP image: its metadata is not stripped"


def _unreadable(path: Path, exc: OSError) -> MetadataError:
    return MetadataError(f"cannot read the file ({exc.strerror or type(exc).__name__})")


def _image_layout(path: Path) -> Layout | None:
    """The image's layout, or None for a format the stripper does not handle."""
    with path.open("rb") as fh:
        fmt = sniff(fh.read(12))
        if fmt is None:
            return None
        size = fh.seek(0, os.SEEK_END)
        return read_layout(fh, size, fmt)


def inspect(path: Path, kind: ArtifactKind) -> list[MetadataFinding]:
    """The metadata found in the artifact file ``path`` of ``kind``, without rendering it.

    An empty list means nothing was found *or* the format is not inspected (see the module
    documentation). Raises :class:`MetadataError` for a damaged or locked file.
    """
    path = Path(path)
    try:
        path.stat()
        if kind is ArtifactKind.PDF:
            from assessor_app.bundle.metadata_pdf import inspect_pdf

            return inspect_pdf(path)
        if kind is ArtifactKind.IMAGE:
            layout = _image_layout(path)
            return layout.findings if layout is not None else []
        return ogg_findings(path) if is_ogg(path) else []
    except OSError as exc:
        raise _unreadable(path, exc) from None


def strip(path: Path, kind: ArtifactKind) -> StripReport:
    """Remove identifying metadata from the artifact file ``path`` in place (atomically).

    A file with nothing to remove is left byte for byte as it was. Raises
    :class:`MetadataError` for a damaged, locked or unreadable file (the file is then
    unchanged) and OSError when the new file cannot be written (e.g. the disk is full).
    """
    path = Path(path)
    try:
        before = path.stat().st_size
        if kind is ArtifactKind.PDF:
            layout = None
        elif kind is ArtifactKind.IMAGE:
            layout = _image_layout(path)
        else:
            return _media_report(path, kind, before)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if kind is ArtifactKind.PDF:
        return _strip_pdf(path, before)
    if layout is None:
        return StripReport(kind, (), IMAGE_FORMAT_NOTE, before, before)
    if not layout.removed:
        return StripReport(kind, (), "", before, before)
    with _temporary_beside(path) as tmp:
        with path.open("rb") as src, tmp.open("wb") as out:
            _write_pieces(src, layout.pieces, out)
        _put_in_place(tmp, path)
    return StripReport(kind, layout.removed, "", before, path.stat().st_size)


def _media_report(path: Path, kind: ArtifactKind, before: int) -> StripReport:
    if not is_ogg(path):
        note = f"{MEDIA_NOTE} (not inspected)"
    elif findings := ogg_findings(path):
        note = f"{MEDIA_NOTE}; it carries {', '.join(dict.fromkeys(f.field for f in findings))}"
    else:
        note = f"{MEDIA_NOTE} (none found)"
    return StripReport(kind, (), note, before, before)


@contextlib.contextmanager
def _temporary_beside(path: Path) -> Iterator[Path]:
    """A fresh empty file beside ``path`` (same file system), removed unless moved away."""
    fd, name = tempfile.mkstemp(prefix=".strip-", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)


def _put_in_place(tmp: Path, path: Path) -> None:
    with tmp.open("rb+") as fh:
        os.fsync(fh.fileno())
    tmp.chmod(path.stat().st_mode & 0o777)
    tmp.replace(path)


def _strip_pdf(path: Path, before: int) -> StripReport:
    from assessor_app.bundle.metadata_pdf import strip_pdf

    with _temporary_beside(path) as tmp:
        removed = strip_pdf(path, tmp)
        if removed:
            _put_in_place(tmp, path)
    return StripReport(ArtifactKind.PDF, tuple(removed), "", before, path.stat().st_size)


def _write_pieces(src: BinaryIO, pieces: list[Piece], out: BinaryIO) -> None:
    for piece in pieces:
        if piece.replacement is not None:
            out.write(piece.replacement)
        elif piece.drop is None:
            src.seek(piece.start)
            left = piece.end - piece.start
            while left:
                chunk = src.read(min(_CHUNK, left))
                if not chunk:
                    raise MetadataError("the file changed while it was being stripped")
                out.write(chunk)
                left -= len(chunk)


def bundle_metadata_findings(
    root: Path, manifest: Manifest
) -> dict[str, tuple[MetadataFinding, ...]]:
    """Artifact id -> what :func:`inspect` finds in its file under ``root``.

    An artifact that cannot be inspected (damaged, locked, missing) maps to ``()``: the
    viewer reports such a file itself, and a warning about metadata would add nothing.
    """
    found: dict[str, tuple[MetadataFinding, ...]] = {}
    for artifact in manifest.artifacts:
        try:
            found[artifact.id] = tuple(
                inspect(root.joinpath(*artifact.path.split("/")), artifact.kind)
            )
        except MetadataError:
            found[artifact.id] = ()
    return found
