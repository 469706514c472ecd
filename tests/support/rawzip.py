"""Byte-level zip building for hostile-archive tests.

:mod:`zipfile` refuses (or silently fixes) most of what a hostile archive does: it cuts names
at NUL, resets flag bits, computes sizes and CRCs itself. This builder writes exactly what it is
told: any name bytes, flags, modes, declared sizes and CRCs, local headers that disagree with
the central directory, and entries whose bytes overlap.
"""

from __future__ import annotations

import dataclasses
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

LOCAL = struct.Struct("<4s2B4HL2L2H")
CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
END = struct.Struct("<4s4H2LH")
DOS_TIME, DOS_DATE = 0, (2020 - 1980) << 9 | 1 << 5 | 1
REGULAR = 0o100644 << 16
DIRECTORY = 0o040755 << 16
SYMLINK = 0o120777 << 16


@dataclass
class RawEntry:
    name: str | bytes
    data: bytes = b""
    method: int = zipfile.ZIP_STORED
    flags: int = 0
    external_attr: int = REGULAR
    create_system: int = 3
    crc: int | None = None  # declared CRC-32 (default: of ``data``)
    file_size: int | None = None  # declared uncompressed size (default: len(data))
    compress_size: int | None = None  # declared compressed size (default: len(payload))
    payload: bytes | None = None  # the stored bytes (default: ``data``, deflated if asked)
    local_name: bytes | None = None  # a different name in the local header
    local_flags: int | None = None
    local_sizes: tuple[int, int] | None = None  # (compressed, uncompressed) in the local header

    def name_bytes(self) -> bytes:
        if isinstance(self.name, bytes):
            return self.name
        return self.name.encode("utf-8")

    def all_flags(self) -> int:
        flags = self.flags
        if isinstance(self.name, str) and not self.name.isascii():
            flags |= 0x800
        return flags

    def stored_bytes(self) -> bytes:
        if self.payload is not None:
            return self.payload
        if self.method == zipfile.ZIP_DEFLATED:
            comp = zlib.compressobj(6, zlib.DEFLATED, -15)
            return comp.compress(self.data) + comp.flush()
        return self.data

    def sizes(self) -> tuple[int, int, int]:
        payload = self.stored_bytes()
        crc = self.crc if self.crc is not None else zlib.crc32(self.data)
        csize = self.compress_size if self.compress_size is not None else len(payload)
        usize = self.file_size if self.file_size is not None else len(self.data)
        return crc, csize, usize


def local_record(e: RawEntry) -> bytes:
    crc, csize, usize = e.sizes()
    if e.local_sizes is not None:
        csize, usize = e.local_sizes
    name = e.local_name if e.local_name is not None else e.name_bytes()
    flags = e.local_flags if e.local_flags is not None else e.all_flags()
    header = LOCAL.pack(
        b"PK\x03\x04", 20, 0, flags, e.method, DOS_TIME, DOS_DATE, crc, csize, usize, len(name), 0
    )
    return header + name + e.stored_bytes()


def central_record(e: RawEntry, offset: int) -> bytes:
    crc, csize, usize = e.sizes()
    name = e.name_bytes()
    header = CENTRAL.pack(
        b"PK\x01\x02",
        20,
        e.create_system,
        20,
        0,
        e.all_flags(),
        e.method,
        DOS_TIME,
        DOS_DATE,
        crc,
        csize,
        usize,
        len(name),
        0,
        0,
        0,
        0,
        e.external_attr,
        offset,
    )
    return header + name


def end_record(count: int, cd_size: int, cd_offset: int, comment: bytes = b"") -> bytes:
    return END.pack(b"PK\x05\x06", 0, 0, count, count, cd_size, cd_offset, len(comment)) + comment


def build_zip(entries: list[RawEntry], comment: bytes = b"") -> bytes:
    body = b""
    central = b""
    for e in entries:
        central += central_record(e, len(body))
        body += local_record(e)
    return body + central + end_record(len(entries), len(central), len(body), comment)


def assemble(body: bytes, placed: list[tuple[RawEntry, int]], count: int | None = None) -> bytes:
    """``body`` (local records laid out by the caller) plus a central directory that puts each
    entry at the given offset: for overlapping or aliased entries."""
    central = b"".join(central_record(e, offset) for e, offset in placed)
    n = len(placed) if count is None else count
    return body + central + end_record(n, len(central), len(body))


def read_entries(path: Path) -> list[RawEntry]:
    """The entries of a well-formed zip, ready to be altered and rebuilt."""
    with zipfile.ZipFile(path) as zf:
        return [
            RawEntry(info.filename, zf.read(info), method=info.compress_type)
            for info in zf.infolist()
        ]


def replace(entries: list[RawEntry], target: str, **changes: object) -> list[RawEntry]:
    """``entries`` with the entry named ``target`` changed (``name=`` renames it)."""
    return [dataclasses.replace(e, **changes) if e.name == target else e for e in entries]  # type: ignore[arg-type]
