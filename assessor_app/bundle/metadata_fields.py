"""Read the metadata payloads that image formats share: EXIF (TIFF), XMP and IPTC.

Every reader takes bytes already cut out of the file by its container reader and returns
:class:`MetadataFinding` values. They never raise on malformed input: a payload that stops
making sense simply ends the reading (what was understood so far is returned), since the
payload is removed whole by the stripper anyway.

:func:`orientation_only_exif` builds the one EXIF block the stripper writes back: a TIFF
header with a single Orientation entry, so a photo taken sideways still shows upright.
"""

from __future__ import annotations

import html
import re
import struct

from assessor_app.bundle.metadata_model import MetadataFinding, clean_value

EXIF_PREFIX = b"Exif\x00\x00"
XMP_PREFIX = b"http://ns.adobe.com/xap/1.0/\x00"
XMP_EXTENSION_PREFIX = b"http://ns.adobe.com/xmp/extension/\x00"
PHOTOSHOP_PREFIX = b"Photoshop 3.0\x00"

_MAX_IFD_ENTRIES = 1000
_MAX_IFDS = 8

# tag -> (name, names_person); ASCII (type 2) unless listed in _UTF16_TAGS
_TEXT_TAGS: dict[int, tuple[str, bool]] = {
    0x010E: ("ImageDescription", False),
    0x010F: ("Make", False),
    0x0110: ("Model", False),
    0x0131: ("Software", False),
    0x013B: ("Artist", True),
    0x8298: ("Copyright", True),
    0x9C9B: ("XPTitle", False),
    0x9C9C: ("XPComment", False),
    0x9C9D: ("XPAuthor", True),
    0x9C9E: ("XPKeywords", False),
    0x9C9F: ("XPSubject", False),
    0xA430: ("CameraOwnerName", True),
    0xA431: ("BodySerialNumber", False),
    0x9286: ("UserComment", False),
}
_UTF16_TAGS = frozenset({0x9C9B, 0x9C9C, 0x9C9D, 0x9C9E, 0x9C9F})
_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825
_ORIENTATION = 0x0112
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8}


# --- EXIF ------------------------------------------------------------------------------------
def _tiff(data: bytes) -> bytes:
    """The TIFF structure of an EXIF block, with or without the ``Exif\\0\\0`` prefix."""
    return data[len(EXIF_PREFIX) :] if data.startswith(EXIF_PREFIX) else data


def _walk_exif(data: bytes) -> tuple[list[MetadataFinding], int | None]:
    tiff = _tiff(data)
    if tiff[:4] == b"II*\x00":
        order = "<"
    elif tiff[:4] == b"MM\x00*":
        order = ">"
    else:
        return [], None
    findings: list[MetadataFinding] = []
    orientation: int | None = None
    (first,) = struct.unpack_from(order + "L", tiff, 4)
    pending = [first]
    visited: set[int] = set()
    while pending and len(visited) < _MAX_IFDS:
        offset = pending.pop(0)
        if offset in visited or offset < 8 or offset + 2 > len(tiff):
            continue
        visited.add(offset)
        (count,) = struct.unpack_from(order + "H", tiff, offset)
        for index in range(min(count, _MAX_IFD_ENTRIES)):
            at = offset + 2 + 12 * index
            if at + 12 > len(tiff):
                break
            tag, kind, n = struct.unpack_from(order + "HHL", tiff, at)
            size = _TYPE_SIZES.get(kind, 0) * n
            if size <= 4:
                value = tiff[at + 8 : at + 8 + size]
            else:
                (where,) = struct.unpack_from(order + "L", tiff, at + 8)
                value = tiff[where : where + size] if where + size <= len(tiff) else b""
            if tag in (_EXIF_IFD, _GPS_IFD) and kind in (4, 13) and len(value) >= 4:
                if tag == _GPS_IFD:
                    findings.append(MetadataFinding("EXIF GPS position"))
                else:
                    pending.append(struct.unpack_from(order + "L", value)[0])
            elif tag == _ORIENTATION and kind == 3 and len(value) >= 2:
                orientation = struct.unpack_from(order + "H", value)[0]
            elif tag in _TEXT_TAGS and value:
                name, person = _TEXT_TAGS[tag]
                text = _exif_text(tag, value)
                if text:
                    findings.append(MetadataFinding(f"EXIF {name}", text, person))
    return findings, orientation


def _exif_text(tag: int, value: bytes) -> str:
    if tag in _UTF16_TAGS:
        raw = value.decode("utf-16-le", "replace")
    elif tag == 0x9286:  # UserComment: an 8-byte character-code prefix, then the text
        code, body = value[:8], value[8:]
        raw = body.decode("utf-16", "replace") if code.startswith(b"UNICODE") else ""
        raw = raw or body.decode("latin-1")
    else:
        raw = value.decode("utf-8", "replace")
    return clean_value(raw.replace("\x00", " "))


def exif_findings(data: bytes) -> list[MetadataFinding]:
    """What an EXIF block says about its maker: names, camera, software, GPS presence."""
    try:
        return _walk_exif(data)[0]
    except struct.error:
        return []


def exif_orientation(data: bytes) -> int | None:
    """The Orientation tag (1..8) of an EXIF block, None when absent or unreadable."""
    try:
        value = _walk_exif(data)[1]
    except struct.error:
        return None
    return value if value is not None and 1 <= value <= 8 else None


def orientation_only_exif(orientation: int) -> bytes:
    """A TIFF structure (no ``Exif`` prefix) holding nothing but ``orientation``."""
    header = b"MM\x00*" + struct.pack(">L", 8)
    entry = struct.pack(">HHLHH", _ORIENTATION, 3, 1, orientation, 0)
    return header + struct.pack(">H", 1) + entry + struct.pack(">L", 0)


def is_orientation_only(data: bytes) -> bool:
    """True for a block :func:`orientation_only_exif` wrote (what a stripped file keeps)."""
    tiff = _tiff(data)
    return len(tiff) == 26 and tiff == orientation_only_exif(struct.unpack_from(">H", tiff, 18)[0])


# --- XMP -------------------------------------------------------------------------------------
_XMP_PERSON_BLOCKS = (("dc", "creator"), ("xmpRights", "Owner"), ("dc", "rights"))
_XMP_PERSON_SIMPLE = (("pdf", "Author"), ("photoshop", "AuthorsPosition"))
_LI = re.compile(rb"<rdf:li\b[^>]*>(.*?)</rdf:li>", re.DOTALL)


def xmp_findings(xml: bytes) -> list[MetadataFinding]:
    """The person-naming properties of an XMP packet, plus one finding for the packet."""
    findings = [MetadataFinding("XMP metadata")]
    for prefix, name in _XMP_PERSON_BLOCKS:
        qname = f"{prefix}:{name}".encode()
        block = re.search(rb"<" + qname + rb"\b[^>]*>(.*?)</" + qname + rb">", xml, re.DOTALL)
        if block is not None:
            for item in _LI.findall(block.group(1)) or [block.group(1)]:
                _add_xmp(findings, f"XMP {prefix}:{name}", item)
    for prefix, name in _XMP_PERSON_SIMPLE:
        qname = f"{prefix}:{name}".encode()
        for match in re.finditer(rb"<" + qname + rb"\b[^>]*>([^<]*)</" + qname + rb">", xml):
            _add_xmp(findings, f"XMP {prefix}:{name}", match.group(1))
        for match in re.finditer(rb"\b" + qname + rb"\s*=\s*(\"[^\"]*\"|'[^']*')", xml):
            _add_xmp(findings, f"XMP {prefix}:{name}", match.group(1)[1:-1])
    return findings


def _add_xmp(findings: list[MetadataFinding], field: str, raw: bytes) -> None:
    text = clean_value(html.unescape(re.sub(rb"<[^>]*>", b" ", raw).decode("utf-8", "replace")))
    if text:
        findings.append(MetadataFinding(field, text, True))


# --- IPTC (Photoshop image resources) --------------------------------------------------------
_IPTC_RESOURCE = 0x0404
_IPTC_DATASETS: dict[int, tuple[str, bool]] = {
    5: ("Object Name", False),
    80: ("By-line", True),
    110: ("Credit", True),
    116: ("Copyright Notice", True),
    118: ("Contact", True),
    122: ("Writer/Editor", True),
}


def iptc_findings(app13: bytes) -> list[MetadataFinding]:
    """The IPTC block of a Photoshop APP13 payload: a finding for it, plus names found."""
    findings = [MetadataFinding("IPTC metadata")]
    data = app13[len(PHOTOSHOP_PREFIX) :] if app13.startswith(PHOTOSHOP_PREFIX) else app13
    at = 0
    try:
        while at + 12 <= len(data) and data[at : at + 4] == b"8BIM":
            (resource,) = struct.unpack_from(">H", data, at + 4)
            name_len = data[at + 6]
            at += 6 + name_len + 1 + ((name_len + 1) % 2)
            (size,) = struct.unpack_from(">L", data, at)
            at += 4
            body = data[at : at + size]
            at += size + (size % 2)
            if resource == _IPTC_RESOURCE:
                findings.extend(_iptc_records(body))
    except (struct.error, IndexError):
        pass
    return findings


def _iptc_records(body: bytes) -> list[MetadataFinding]:
    found: list[MetadataFinding] = []
    at = 0
    while at + 5 <= len(body) and body[at] == 0x1C:
        record, dataset, size = (
            body[at + 1],
            body[at + 2],
            struct.unpack_from(">H", body, at + 3)[0],
        )
        if size & 0x8000:  # an extended length: not used for text datasets
            break
        value = body[at + 5 : at + 5 + size]
        at += 5 + size
        if record == 2 and dataset in _IPTC_DATASETS:
            name, person = _IPTC_DATASETS[dataset]
            text = clean_value(value.decode("utf-8", "replace"))
            if text:
                found.append(MetadataFinding(f"IPTC {name}", text, person))
    return found


# --- text key/value pairs (PNG text chunks, Ogg comments) ------------------------------------
_PERSON_KEYS = frozenset(
    {"author", "artist", "creator", "copyright", "performer", "composer", "contact", "owner"}
)


def text_finding(container: str, key: str, value: str) -> MetadataFinding:
    """A ``key``/``value`` text pair of ``container`` ("PNG text", "Ogg comment") as a finding."""
    key = clean_value(key, 80)
    person = key.casefold() in _PERSON_KEYS
    return MetadataFinding(f"{container} {key}", clean_value(value), person)
