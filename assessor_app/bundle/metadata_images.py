"""JPEG, PNG and WebP metadata, read and removed at the byte level (no decoding, no Qt).

Each format's reader walks the file's structure (JPEG marker segments up to the first scan,
PNG chunks, WebP RIFF chunks) and describes the file as an ordered list of pieces that cover
it exactly: kept ranges, metadata ranges to drop, and small replacements. Stripping writes the
kept ranges and the replacements to a new file, so the image data (and every other byte) is
copied unchanged. Only the header structure is read into memory, never the image data.

Removed: JPEG APP1 EXIF and XMP (also extended XMP), APP13 Photoshop/IPTC and COM comments;
PNG ``eXIf``, ``tEXt``, ``iTXt`` and ``zTXt`` chunks; WebP ``EXIF`` and ``XMP `` chunks (the
VP8X flags and the RIFF size are corrected). When an EXIF block of a JPEG or PNG sets an
orientation other than upright, it is replaced by a block holding only that orientation, so
the photo still shows the right way up. Not handled: data after the JPEG image's end marker
or after the PNG ``IEND`` chunk (kept as it is), and every other image format.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from typing import BinaryIO

from assessor_app.bundle.metadata_fields import (
    EXIF_PREFIX,
    PHOTOSHOP_PREFIX,
    XMP_EXTENSION_PREFIX,
    XMP_PREFIX,
    exif_findings,
    exif_orientation,
    iptc_findings,
    is_orientation_only,
    orientation_only_exif,
    text_finding,
    xmp_findings,
)
from assessor_app.bundle.metadata_model import MetadataError, MetadataFinding

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_MAX_SEGMENTS = 65_536
_MAX_CHUNKS = 200_000
_MAX_TEXT_BYTES = 1 << 20  # a text chunk is read up to this much for its findings
_MAX_INFLATED = 1 << 16


@dataclass(frozen=True)
class Piece:
    """``[start, end)`` of the source. ``drop`` names the metadata removed there (None:
    nothing is removed); ``replacement``, when set, is written instead of the range (else the
    range is copied when kept and skipped when dropped)."""

    start: int
    end: int
    drop: str | None = None
    replacement: bytes | None = None


@dataclass
class Layout:
    """A file as pieces, plus what its metadata says."""

    format: str
    pieces: list[Piece] = field(default_factory=list)
    findings: list[MetadataFinding] = field(default_factory=list)

    @property
    def removed(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.drop for p in self.pieces if p.drop is not None))


def sniff(head: bytes) -> str | None:
    """ "jpeg", "png" or "webp" from the first 12 bytes; None for anything else."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(PNG_SIGNATURE):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def read_layout(fh: BinaryIO, size: int, fmt: str) -> Layout:
    """The pieces of the open file ``fh`` (``size`` bytes) in format ``fmt``."""
    try:
        if fmt == "jpeg":
            return _jpeg(fh, size)
        if fmt == "png":
            return _png(fh, size)
        return _webp(fh, size)
    except struct.error as exc:
        raise MetadataError(f"the {fmt.upper()} header is damaged ({exc})") from None


def _read_at(fh: BinaryIO, offset: int, count: int) -> bytes:
    fh.seek(offset)
    return fh.read(count)


# --- JPEG ------------------------------------------------------------------------------------
def _jpeg(fh: BinaryIO, size: int) -> Layout:
    layout = Layout("jpeg", [Piece(0, 2)])
    pos = 2
    for _ in range(_MAX_SEGMENTS):
        start = pos
        head = _read_at(fh, pos, 2)
        if len(head) < 2:
            raise MetadataError("the JPEG ends before its image data (truncated)")
        if head[0] != 0xFF:
            raise MetadataError(f"the JPEG is damaged: no marker at byte {pos:,}")
        while head[1] == 0xFF:  # fill bytes before a marker
            pos += 1
            head = _read_at(fh, pos, 2)
            if len(head) < 2:
                raise MetadataError("the JPEG ends before its image data (truncated)")
        marker = head[1]
        if marker in (0xDA, 0xD9):  # start of scan (image data) or an image with no scan
            layout.pieces.append(Piece(start, size))
            return layout
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            pos += 2
            layout.pieces.append(Piece(start, pos))
            continue
        raw_length = _read_at(fh, pos + 2, 2)
        if len(raw_length) < 2:
            raise MetadataError("the JPEG ends inside a header segment (truncated)")
        (length,) = struct.unpack(">H", raw_length)
        end = pos + 2 + length
        if length < 2 or end > size:
            raise MetadataError(
                f"the JPEG is damaged: the segment at byte {start:,} runs past the end of the file"
            )
        drop, replacement = None, None
        if marker in (0xE1, 0xED, 0xFE):
            payload = _read_at(fh, pos + 4, length - 2)
            drop, replacement = _jpeg_metadata(marker, payload, layout.findings)
        layout.pieces.append(Piece(start, end, drop, replacement))
        pos = end
    raise MetadataError(f"the JPEG has more than {_MAX_SEGMENTS:,} header segments")


def _jpeg_metadata(
    marker: int, payload: bytes, findings: list[MetadataFinding]
) -> tuple[str | None, bytes | None]:
    if marker == 0xE1 and payload.startswith(EXIF_PREFIX):
        if is_orientation_only(payload):
            return None, None
        findings.append(MetadataFinding("EXIF metadata"))
        findings.extend(exif_findings(payload))
        orientation = exif_orientation(payload)
        if orientation is not None and orientation != 1:
            body = EXIF_PREFIX + orientation_only_exif(orientation)
            return "EXIF (orientation kept)", b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body
        return "EXIF", None
    if marker == 0xE1 and payload.startswith(XMP_PREFIX):
        findings.extend(xmp_findings(payload[len(XMP_PREFIX) :]))
        return "XMP metadata", None
    if marker == 0xE1 and payload.startswith(XMP_EXTENSION_PREFIX):
        findings.append(MetadataFinding("extended XMP metadata"))
        return "extended XMP metadata", None
    if marker == 0xED and payload.startswith(PHOTOSHOP_PREFIX):
        findings.extend(iptc_findings(payload))
        return "IPTC metadata", None
    if marker == 0xFE:
        text = payload.decode("utf-8", "replace")
        findings.append(text_finding("JPEG", "comment", text))
        return "JPEG comment", None
    return None, None


# --- PNG -------------------------------------------------------------------------------------
_PNG_TEXT = frozenset({b"tEXt", b"zTXt", b"iTXt"})


def _png(fh: BinaryIO, size: int) -> Layout:
    layout = Layout("png", [Piece(0, len(PNG_SIGNATURE))])
    pos = len(PNG_SIGNATURE)
    for _ in range(_MAX_CHUNKS):
        head = _read_at(fh, pos, 8)
        if len(head) < 8:
            raise MetadataError("the PNG ends before its IEND chunk (truncated)")
        length, ctype = struct.unpack(">L4s", head)
        if not ctype.isalpha() or length > 0x7FFFFFFF:
            raise MetadataError(f"the PNG is damaged: no valid chunk at byte {pos:,}")
        end = pos + 12 + length
        if end > size:
            raise MetadataError(
                f"the PNG is damaged: the chunk at byte {pos:,} runs past the end of the file"
            )
        drop, replacement = None, None
        if ctype in _PNG_TEXT or ctype == b"eXIf":
            data = _read_at(fh, pos + 8, min(length, _MAX_TEXT_BYTES))
            drop, replacement = _png_metadata(ctype, data, layout.findings)
        layout.pieces.append(Piece(pos, end, drop, replacement))
        pos = end
        if ctype == b"IEND":
            if pos < size:
                layout.pieces.append(Piece(pos, size))
            return layout
    raise MetadataError(f"the PNG has more than {_MAX_CHUNKS:,} chunks")


def _png_chunk(ctype: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(ctype + data) & 0xFFFFFFFF
    return struct.pack(">L", len(data)) + ctype + data + struct.pack(">L", crc)


def _png_metadata(
    ctype: bytes, data: bytes, findings: list[MetadataFinding]
) -> tuple[str | None, bytes | None]:
    if ctype == b"eXIf":
        if is_orientation_only(data):
            return None, None
        findings.append(MetadataFinding("EXIF metadata"))
        findings.extend(exif_findings(data))
        orientation = exif_orientation(data)
        if orientation is not None and orientation != 1:
            return "EXIF (orientation kept)", _png_chunk(
                b"eXIf", orientation_only_exif(orientation)
            )
        return "EXIF", None
    keyword, _, rest = data.partition(b"\x00")
    key = keyword.decode("latin-1")
    if ctype == b"tEXt":
        text = rest.decode("latin-1")
    elif ctype == b"zTXt":
        text = _inflate(rest[1:]).decode("latin-1")
    else:  # iTXt: flag, method, language\0, translated keyword\0, text
        compressed = rest[:1] == b"\x01"
        _lang, _, rest = rest[2:].partition(b"\x00")
        _translated, _, body = rest.partition(b"\x00")
        raw = _inflate(body) if compressed else body
        if key == "XML:com.adobe.xmp":
            findings.extend(xmp_findings(raw))
            return "XMP metadata", None
        text = raw.decode("utf-8", "replace")
    findings.append(text_finding("PNG text", key, text))
    return "PNG text", None


def _inflate(data: bytes) -> bytes:
    try:
        return zlib.decompressobj().decompress(data, _MAX_INFLATED)
    except zlib.error:
        return b""


# --- WebP ------------------------------------------------------------------------------------
_VP8X_EXIF = 0x08
_VP8X_XMP = 0x04


def _webp(fh: BinaryIO, size: int) -> Layout:
    header = _read_at(fh, 0, 12)
    (riff_size,) = struct.unpack_from("<L", header, 4)
    riff_end = 8 + riff_size
    if riff_end > size or riff_size < 4:
        raise MetadataError("the WebP file is shorter than its RIFF header says (truncated)")
    layout = Layout("webp")
    chunks: list[Piece] = []
    vp8x: tuple[int, bytes] | None = None
    pos = 12
    for _ in range(_MAX_CHUNKS):
        if pos >= riff_end:
            break
        head = _read_at(fh, pos, 8)
        if len(head) < 8:
            raise MetadataError(f"the WebP file is damaged: no chunk header at byte {pos:,}")
        fourcc, length = struct.unpack("<4sL", head)
        end = pos + 8 + length + (length & 1)
        if end > riff_end:
            raise MetadataError(
                f"the WebP file is damaged: the chunk at byte {pos:,} runs past the RIFF end"
            )
        drop = None
        if fourcc == b"EXIF":
            layout.findings.append(MetadataFinding("EXIF metadata"))
            layout.findings.extend(exif_findings(_read_at(fh, pos + 8, min(length, 1 << 20))))
            drop = "EXIF"
        elif fourcc == b"XMP ":
            layout.findings.extend(xmp_findings(_read_at(fh, pos + 8, min(length, 1 << 20))))
            drop = "XMP metadata"
        elif fourcc == b"VP8X" and 1 <= length <= 64 and vp8x is None:
            vp8x = (len(chunks), _read_at(fh, pos, end - pos))
        chunks.append(Piece(pos, end, drop))
        pos = end
    else:
        raise MetadataError(f"the WebP file has more than {_MAX_CHUNKS:,} chunks")
    removed = sum(p.end - p.start for p in chunks if p.drop is not None)
    if removed and vp8x is not None:
        index, raw = vp8x
        patched = raw[:8] + bytes([raw[8] & ~(_VP8X_EXIF | _VP8X_XMP) & 0xFF]) + raw[9:]
        old = chunks[index]
        chunks[index] = Piece(old.start, old.end, None, patched)
    new_header = b"RIFF" + struct.pack("<L", riff_size - removed) + b"WEBP"
    layout.pieces = [Piece(0, 12, None, new_header if removed else None), *chunks]
    if riff_end < size:
        layout.pieces.append(Piece(riff_end, size))
    return layout
