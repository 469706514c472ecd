"""Real files that still carry identifying metadata, for the metadata tests.

PDFs are made with PyMuPDF (information dictionary, custom key, XMP packet, and an older
author left behind by an incremental save). JPEG and PNG images are encoded by PyMuPDF and the
metadata segments (EXIF, XMP, IPTC, comments, text chunks) are built here byte by byte, so the
tests know exactly which bytes are metadata and which are image data. The names are invented.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pymupdf

AUTHOR = "Avery Q. Testcandidate"
EARLIER_AUTHOR = "Rowan Earlier-Draftname"
OWNER = "Morgan Camera-Owner"

XMP_PACKET = (
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    f'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" pdf:Author="{AUTHOR}">'
    f"<dc:creator><rdf:Seq><rdf:li>{AUTHOR}</rdf:li></rdf:Seq></dc:creator>"
    "</rdf:Description></rdf:RDF></x:xmpmeta>"
    '<?xpacket end="w"?>'
)


# --- PDF -------------------------------------------------------------------------------------
def authored_pdf(path: Path, pages: int = 3) -> Path:
    """A PDF whose info dictionary, custom key and XMP name :data:`AUTHOR`, saved first with
    :data:`EARLIER_AUTHOR` and then updated incrementally, so both names are in the bytes."""
    doc = pymupdf.open()
    for number in range(1, pages + 1):
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 100), f"Evidence page {number}", fontsize=18)
    doc.set_metadata(
        {
            "author": EARLIER_AUTHOR,
            "title": f"Portfolio of {EARLIER_AUTHOR}",
            "creationDate": "D:20260102030405Z",
            "modDate": "D:20260102030405Z",
        }
    )
    doc.save(path)
    doc.close()
    doc = pymupdf.open(path)
    doc.set_metadata(
        {
            "author": AUTHOR,
            "title": f"Portfolio of {AUTHOR}",
            "subject": "Leadership evidence",
            "keywords": "portfolio, evidence",
            "creator": "Word Processor 16",
            "producer": "PDF Library 9",
            "creationDate": "D:20260102030405Z",
            "modDate": "D:20260203040506Z",
        }
    )
    info = int(doc.xref_get_key(-1, "Info")[1].split()[0])
    doc.xref_set_key(info, "Company", pymupdf.get_pdf_str(f"{AUTHOR} Consulting"))
    doc.set_xml_metadata(XMP_PACKET)
    doc.saveIncr()
    doc.close()
    return path


def clean_pdf(path: Path, pages: int = 2) -> Path:
    doc = pymupdf.open()
    for number in range(1, pages + 1):
        doc.new_page().insert_text((72, 100), f"Clean page {number}")
    doc.save(path)
    doc.close()
    return path


def all_pdf_text(data: bytes) -> bytes:
    """The raw bytes plus every stream decompressed: where a name could still hide."""
    doc = pymupdf.open(stream=data, filetype="pdf")
    parts = [data]
    for xref in range(1, doc.xref_length()):
        if doc.xref_is_stream(xref):
            parts.append(doc.xref_stream(xref) or b"")
        parts.append(doc.xref_object(xref).encode("latin-1", "replace"))
    doc.close()
    return b"\n".join(parts)


# --- EXIF (TIFF) -----------------------------------------------------------------------------
def tiff(entries: list[tuple[int, int, int, bytes]], sub_ifd: bytes = b"") -> bytes:
    """A big-endian TIFF structure with one IFD of ``(tag, type, count, value)`` entries.
    ``sub_ifd`` (another :func:`tiff` body, see :func:`ifd_at`) is appended after the data."""
    count = len(entries)
    data_at = 8 + 2 + 12 * count + 4
    table, data = b"", b""
    for tag, kind, n, value in entries:
        if len(value) <= 4:
            table += struct.pack(">HHL", tag, kind, n) + value.ljust(4, b"\x00")
        else:
            table += struct.pack(">HHLL", tag, kind, n, data_at + len(data))
            data += value + (b"\x00" if len(value) % 2 else b"")
    head = b"MM\x00*" + struct.pack(">L", 8)
    return head + struct.pack(">H", count) + table + struct.pack(">L", 0) + data + sub_ifd


def ascii_entry(tag: int, text: str) -> tuple[int, int, int, bytes]:
    raw = text.encode() + b"\x00"
    return (tag, 2, len(raw), raw)


def identity_exif(orientation: int | None = 6) -> bytes:
    """EXIF naming :data:`AUTHOR` (Artist, XPAuthor, Copyright) with a GPS pointer and,
    in an EXIF sub-IFD, the camera owner; plus ``orientation`` when given."""
    xp_author = (AUTHOR + "\x00").encode("utf-16-le")
    entries = [
        ascii_entry(0x010F, "CameraMaker"),
        ascii_entry(0x013B, AUTHOR),
        ascii_entry(0x8298, f"(c) {AUTHOR}"),
        (0x9C9D, 1, len(xp_author), xp_author),
        (0x8825, 4, 1, struct.pack(">L", 8)),  # GPS IFD pointer (its content is not read)
    ]
    if orientation is not None:
        entries.insert(0, (0x0112, 3, 1, struct.pack(">H", orientation)))
    # The EXIF sub-IFD goes after the main IFD's data: compute where that ends first.
    probe = tiff([*entries, (0x8769, 4, 1, b"\x00\x00\x00\x00")])
    owner = ascii_entry(0xA430, OWNER)
    sub_at = len(probe)
    sub = struct.pack(">H", 1)
    sub += struct.pack(">HHLL", owner[0], owner[1], owner[2], sub_at + 2 + 12 + 4)
    sub += struct.pack(">L", 0) + owner[3]
    return tiff([*entries, (0x8769, 4, 1, struct.pack(">L", sub_at))], sub)


# --- JPEG ------------------------------------------------------------------------------------
def plain_jpeg(width: int = 24, height: int = 16) -> bytes:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, width, height), False)
    pix.set_rect(pix.irect, (200, 60, 30))
    return bytes(pix.tobytes("jpg"))


def segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def iptc_app13(byline: str) -> bytes:
    value = byline.encode()
    record = b"\x1c\x02\x50" + struct.pack(">H", len(value)) + value
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">L", len(record))
    resource += record + (b"\x00" if len(record) % 2 else b"")
    return b"Photoshop 3.0\x00" + resource


def jpeg_metadata_segments(orientation: int | None = 6) -> list[bytes]:
    return [
        segment(0xE1, b"Exif\x00\x00" + identity_exif(orientation)),
        segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + XMP_PACKET.encode()),
        segment(0xED, iptc_app13(AUTHOR)),
        segment(0xFE, f"Scanned by {AUTHOR}".encode()),
    ]


def identity_jpeg(orientation: int | None = 6) -> tuple[bytes, bytes]:
    """(the JPEG with metadata after its SOI, the same JPEG without any)."""
    plain = plain_jpeg()
    return plain[:2] + b"".join(jpeg_metadata_segments(orientation)) + plain[2:], plain


# --- PNG -------------------------------------------------------------------------------------
def plain_png(width: int = 24, height: int = 16) -> bytes:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, width, height), False)
    pix.set_rect(pix.irect, (30, 90, 200))
    return bytes(pix.tobytes("png"))


def png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">L", len(data)) + kind + data + struct.pack(">L", crc)


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """(type, whole chunk bytes) of every chunk, in order."""
    out, at = [], 8
    while at < len(data):
        (length,) = struct.unpack_from(">L", data, at)
        out.append((data[at + 4 : at + 8], data[at : at + 12 + length]))
        at += 12 + length
    return out


def identity_png(orientation: int | None = 6) -> bytes:
    """A PNG with tEXt Author, zTXt Comment, iTXt XMP and eXIf chunks before its IDAT."""
    plain = plain_png()
    chunks = png_chunks(plain)
    extra = (
        png_chunk(b"tEXt", b"Author\x00" + AUTHOR.encode("latin-1"))
        + png_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(f"by {AUTHOR}".encode()))
        + png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + XMP_PACKET.encode())
        + png_chunk(b"eXIf", identity_exif(orientation))
    )
    first_idat = next(i for i, (kind, _raw) in enumerate(chunks) if kind == b"IDAT")
    before = b"".join(raw for _k, raw in chunks[:first_idat])
    after = b"".join(raw for _k, raw in chunks[first_idat:])
    return plain[:8] + before + extra + after
