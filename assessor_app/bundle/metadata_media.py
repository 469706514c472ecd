"""Tags of video and audio: read where that is cheap, never removed.

Only Ogg files (Vorbis, Opus or Theora streams) are read: their comment header is the second
packet of each stream, within the first pages of the file, so reading it costs one small read.
Other containers (WebM/Matroska, MP4, MP3, WAV, ...) are not inspected: their tags can sit
anywhere in the file and reading them safely would need a parser per container. Container
tags are never stripped; the portal says so in its import report.
"""

from __future__ import annotations

import struct
from pathlib import Path

from assessor_app.bundle.metadata_fields import text_finding
from assessor_app.bundle.metadata_model import MetadataFinding

OGG_CAPTURE = b"OggS"
_HEAD_BYTES = 1 << 18  # the comment headers of ordinary files fit well within this
_COMMENT_PREFIXES = (b"\x03vorbis", b"OpusTags", b"\x81theora")
_MAX_COMMENTS = 1000
_SKIPPED_KEYS = frozenset({"metadata_block_picture", "coverart"})


def is_ogg(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(4) == OGG_CAPTURE


def ogg_findings(path: Path) -> list[MetadataFinding]:
    """The comments of every stream's comment header found in the first 256 KiB."""
    with path.open("rb") as fh:
        data = fh.read(_HEAD_BYTES)
    findings: list[MetadataFinding] = []
    for packet in _second_packets(data):
        for prefix in _COMMENT_PREFIXES:
            if packet.startswith(prefix):
                findings.extend(_comments(packet[len(prefix) :]))
    return findings


def _second_packets(data: bytes) -> list[bytes]:
    """The second packet (the comment header) of each logical stream, as far as it is in
    ``data``: pages are walked in order and packets rebuilt from their lacing values."""
    packets: dict[int, list[bytes]] = {}  # serial -> packets so far (last one may be partial)
    open_packet: dict[int, bool] = {}
    at = 0
    while at + 27 <= len(data) and data[at : at + 4] == OGG_CAPTURE:
        serial = struct.unpack_from("<L", data, at + 14)[0]
        segments = data[at + 26]
        table = data[at + 27 : at + 27 + segments]
        body_at = at + 27 + segments
        stream = packets.setdefault(serial, [])
        continued = bool(data[at + 5] & 0x01) and open_packet.get(serial, False)
        for lacing in table:
            piece = data[body_at : body_at + lacing]
            body_at += lacing
            if continued and stream:
                stream[-1] += piece
            else:
                stream.append(piece)
            continued = lacing == 255
        open_packet[serial] = continued
        at = body_at
    return [stream[1] for stream in packets.values() if len(stream) > 1]


def _comments(body: bytes) -> list[MetadataFinding]:
    found: list[MetadataFinding] = []
    try:
        (vendor_len,) = struct.unpack_from("<L", body, 0)
        at = 4 + vendor_len
        (count,) = struct.unpack_from("<L", body, at)
        at += 4
        for _ in range(min(count, _MAX_COMMENTS)):
            (length,) = struct.unpack_from("<L", body, at)
            entry = body[at + 4 : at + 4 + length]
            at += 4 + length
            key, sep, value = entry.decode("utf-8", "replace").partition("=")
            if not sep:
                continue
            key = key.upper()  # field names are case-insensitive; shown as usually written
            if key.casefold() in _SKIPPED_KEYS:
                found.append(text_finding("Ogg comment", key, ""))
            else:
                found.append(text_finding("Ogg comment", key, value))
    except struct.error:
        pass
    return found
