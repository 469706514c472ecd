"""Document metadata: found and removed from real PDFs (PyMuPDF), JPEG, PNG and WebP files,
left alone (and said so) for video and audio, and refused with one clear line when a file is
damaged or locked."""

from __future__ import annotations

import random
import shutil
import struct
import subprocess
import time
from pathlib import Path

import pymupdf
import pytest
from support.bundles import make_pdf, sample_manifest
from support.metadata_files import (
    AUTHOR,
    EARLIER_AUTHOR,
    OWNER,
    all_pdf_text,
    authored_pdf,
    clean_pdf,
    identity_jpeg,
    identity_png,
    plain_jpeg,
    plain_png,
    png_chunk,
    png_chunks,
    segment,
    tiff,
)

from assessor_app.bundle.metadata import (
    MetadataError,
    MetadataFinding,
    bundle_metadata_findings,
    inspect,
    person_names,
    strip,
)
from assessor_app.bundle.metadata_fields import exif_findings, exif_orientation, iptc_findings
from assessor_app.bundle.reader import extract_bundle, verify_bundle
from assessor_app.bundle.writer import write_bundle
from assessor_app.domain.model import Artifact, ArtifactKind

PDF, IMAGE = ArtifactKind.PDF, ArtifactKind.IMAGE
VIDEO, AUDIO = ArtifactKind.VIDEO, ArtifactKind.AUDIO
NAME = AUTHOR.encode()
MEDIA = Path(__file__).resolve().parents[2] / "resources" / "media"


def _fields(findings: list[MetadataFinding]) -> dict[str, str]:
    return {f.field: f.value for f in findings}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- PDF -------------------------------------------------------------------------------------
def test_pdf_inspect_reads_the_info_dictionary_and_xmp(tmp_path: Path) -> None:
    path = authored_pdf(tmp_path / "a.pdf")
    before = path.read_bytes()
    findings = inspect(path, PDF)
    fields = _fields(findings)
    assert fields["PDF Author"] == AUTHOR
    assert fields["PDF Title"] == f"Portfolio of {AUTHOR}"
    assert fields["PDF Creator"] == "Word Processor 16"
    assert fields["PDF Producer"] == "PDF Library 9"
    assert fields["PDF Subject"] == "Leadership evidence"
    assert fields["PDF Keywords"] == "portfolio, evidence"
    assert fields["PDF Company"] == f"{AUTHOR} Consulting"
    assert fields["XMP dc:creator"] == AUTHOR
    assert fields["XMP pdf:Author"] == AUTHOR
    assert "XMP metadata" in fields
    assert not any("Date" in f.field for f in findings)  # dates are not identity
    assert person_names(findings) == [AUTHOR]  # author fields only, each name once
    assert path.read_bytes() == before  # inspecting changes nothing


def test_pdf_strip_leaves_no_name_in_the_bytes(tmp_path: Path) -> None:
    path = authored_pdf(tmp_path / "a.pdf")
    assert NAME in path.read_bytes() and EARLIER_AUTHOR.encode() in path.read_bytes()
    with pymupdf.open(path) as doc:
        texts = [page.get_text() for page in doc]
    report = strip(path, PDF)
    assert report.changed
    assert set(report.removed) == {
        "PDF Title",
        "PDF Author",
        "PDF Subject",
        "PDF Keywords",
        "PDF Creator",
        "PDF Producer",
        "PDF Company",
        "XMP metadata",
        "earlier revisions",
    }
    assert report.bytes_before > report.bytes_after == path.stat().st_size
    assert report.describe().startswith("removed PDF Author, PDF Title, ")
    # Saved anew with garbage collection: neither the current nor the incremental update's
    # older info object is left, in the raw bytes or in any (decompressed) stream.
    data = path.read_bytes()
    everything = all_pdf_text(data)
    for name in (AUTHOR, EARLIER_AUTHOR, "Word Processor 16", "Leadership evidence"):
        assert name.encode() not in everything, name
    assert b"xpacket" not in everything
    assert data.count(b"%%EOF") == 1  # one revision, not an incremental update
    with pymupdf.open(path) as doc:
        assert [page.get_text() for page in doc] == texts  # the pages are untouched
        assert doc.metadata is not None
        assert doc.metadata["creationDate"] == "D:20260102030405Z"  # dates are kept
        assert doc.get_xml_metadata() == ""
    assert inspect(path, PDF) == []


def test_pdf_strip_is_deterministic_and_idempotent(tmp_path: Path) -> None:
    first = authored_pdf(tmp_path / "a.pdf")
    second = tmp_path / "b.pdf"
    shutil.copyfile(first, second)
    strip(first, PDF)
    strip(second, PDF)
    assert first.read_bytes() == second.read_bytes()
    stripped = first.read_bytes()
    again = strip(first, PDF)
    assert not again.changed and again.describe() == "no identifying metadata found"
    assert first.read_bytes() == stripped


def test_a_pdf_without_metadata_is_left_byte_for_byte(tmp_path: Path) -> None:
    for path in (clean_pdf(tmp_path / "clean.pdf"), _write(tmp_path / "s.pdf", make_pdf(3))):
        before = path.read_bytes()
        assert inspect(path, PDF) == []
        report = strip(path, PDF)
        assert report.removed == () and report.bytes_before == report.bytes_after
        assert path.read_bytes() == before
    assert not list(tmp_path.glob(".strip-*"))  # no temporary file left behind


def test_damaged_and_locked_pdfs_give_one_specific_line(tmp_path: Path) -> None:
    locked = tmp_path / "locked.pdf"
    with pymupdf.open() as doc:
        doc.new_page().insert_text((72, 72), "secret")
        doc.set_metadata({"author": AUTHOR})
        doc.save(locked, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="user", owner_pw="owner")
    cases = {
        _write(tmp_path / "empty.pdf", b""): "not a readable PDF",
        _write(tmp_path / "noise.pdf", bytes(range(256)) * 8): "not a readable PDF",
        locked: "password-protected",
        tmp_path / "missing.pdf": "cannot read the file (No such file",
    }
    for path, needle in cases.items():
        before = path.read_bytes() if path.exists() else None
        for action in (inspect, strip):
            with pytest.raises(MetadataError) as caught:
                action(path, PDF)
            message = str(caught.value)
            assert needle in message, message
            assert "\n" not in message and AUTHOR not in message
        assert (path.read_bytes() if path.exists() else None) == before
    assert not list(tmp_path.glob(".strip-*"))


def test_a_truncated_pdf_is_repaired_or_refused_never_a_crash(tmp_path: Path) -> None:
    whole = authored_pdf(tmp_path / "whole.pdf").read_bytes()
    outcomes: dict[str, int] = {}
    for cut in (40, len(whole) // 3, len(whole) // 2, len(whole) - 30):
        path = _write(tmp_path / f"cut-{cut}.pdf", whole[:cut])
        try:
            report = strip(path, PDF)
        except MetadataError as exc:
            message = str(exc)
            assert message.startswith("not a readable PDF") and "\n" not in message
            assert str(tmp_path) not in message  # the reason, without the file's path
            outcome = "refused"
        else:  # MuPDF repaired it: rewritten whole, so no name survives, not even unlinked
            assert report.changed
            everything = all_pdf_text(path.read_bytes())
            assert NAME not in everything and EARLIER_AUTHOR.encode() not in everything
            assert inspect(path, PDF) == []
            outcome = "repaired"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    assert outcomes.get("refused") and outcomes.get("repaired"), outcomes


def test_a_name_cleared_by_an_incremental_update_is_still_removed(tmp_path: Path) -> None:
    path = authored_pdf(tmp_path / "a.pdf")
    with pymupdf.open(path) as doc:  # the author "removes" the metadata, incrementally
        doc.set_metadata({})
        doc.del_xml_metadata()
        doc.saveIncr()
    assert inspect(path, PDF) == []  # nothing a reader shows ...
    assert NAME in path.read_bytes()  # ... but the old objects are still in the file
    report = strip(path, PDF)
    assert report.removed == ("earlier revisions", "unreferenced objects")
    assert NAME not in all_pdf_text(path.read_bytes())


def _odd_pdf(path: Path, damage: str) -> Path:
    """A PDF whose author was set and whose structure is then bent as ``damage`` says,
    saved without garbage collection (so replaced objects stay in the file, unreferenced)."""
    with pymupdf.open() as doc:
        doc.new_page().insert_text((72, 72), "Evidence")
        doc.set_metadata({"author": AUTHOR})
        info = int(doc.xref_get_key(-1, "Info")[1].split()[0])
        catalog = doc.pdf_catalog()
        if damage == "info is a number":
            doc.xref_set_key(-1, "Info", "42")
        elif damage == "info inline":
            doc.xref_set_key(-1, "Info", f"<</Author({AUTHOR})/Title(T)>>")
        elif damage == "author refers to itself":
            doc.xref_set_key(info, "Author", f"{info} 0 R")
        elif damage == "metadata not a stream":
            doc.xref_set_key(catalog, "Metadata", "(not a stream)")
        elif damage == "info in the catalog":
            doc.xref_set_key(catalog, "Info", f"<</Author({AUTHOR})>>")
            doc.xref_set_key(-1, "Info", "null")
        doc.save(path)
    return path


@pytest.mark.parametrize(
    "damage",
    [
        "info is a number",
        "info inline",
        "author refers to itself",
        "metadata not a stream",
        "info in the catalog",
    ],
)
def test_odd_pdf_structures_are_stripped_to_no_name(tmp_path: Path, damage: str) -> None:
    path = _odd_pdf(tmp_path / "odd.pdf", damage)
    named = NAME in all_pdf_text(path.read_bytes())
    inspect(path, PDF)  # reads without raising anything else than MetadataError
    report = strip(path, PDF)
    assert report.changed == named, damage  # rewritten exactly when a name was in the file
    assert NAME not in all_pdf_text(path.read_bytes()), damage
    assert inspect(path, PDF) == []
    assert not strip(path, PDF).changed  # a fixed point: stripping again changes nothing


# --- JPEG ------------------------------------------------------------------------------------
def _jpeg_segments(data: bytes) -> list[bytes]:
    """Every header segment (marker + length + payload) up to the first scan, in order."""
    out, at = [], 2
    while data[at + 1] != 0xDA:
        (length,) = struct.unpack_from(">H", data, at + 2)
        out.append(data[at : at + 2 + length])
        at += 2 + length
    return out


def _scan(data: bytes) -> bytes:
    return data[data.index(b"\xff\xda") :]


def test_jpeg_inspect_reads_exif_xmp_iptc_and_comments(tmp_path: Path) -> None:
    data, _plain = identity_jpeg()
    path = _write(tmp_path / "photo.jpg", data)
    findings = inspect(path, IMAGE)
    fields = _fields(findings)
    assert fields["EXIF Artist"] == AUTHOR
    assert fields["EXIF Copyright"] == f"(c) {AUTHOR}"
    assert fields["EXIF XPAuthor"] == AUTHOR
    assert fields["EXIF CameraOwnerName"] == OWNER
    assert fields["EXIF Make"] == "CameraMaker"
    assert "EXIF GPS position" in fields
    assert fields["XMP dc:creator"] == AUTHOR
    assert fields["IPTC By-line"] == AUTHOR
    assert fields["JPEG comment"] == f"Scanned by {AUTHOR}"
    assert person_names(findings) == [AUTHOR, f"(c) {AUTHOR}", OWNER]


def test_jpeg_strip_keeps_the_image_bytes_and_the_orientation(tmp_path: Path) -> None:
    data, plain = identity_jpeg(orientation=6)
    path = _write(tmp_path / "photo.jpg", data)
    report = strip(path, IMAGE)
    assert report.removed == (
        "EXIF (orientation kept)",
        "XMP metadata",
        "IPTC metadata",
        "JPEG comment",
    )
    out = path.read_bytes()
    assert NAME not in out and OWNER.encode() not in out and b"Exif" in out
    # Every other segment and the whole scan are the encoder's bytes, unchanged.
    kept = [s for s in _jpeg_segments(out) if s[1] != 0xE1]
    assert kept == _jpeg_segments(plain)
    assert _scan(out) == _scan(plain)
    exif = next(s for s in _jpeg_segments(out) if s[1] == 0xE1)
    assert exif_orientation(exif[4:]) == 6 and exif_findings(exif[4:]) == []
    assert len(exif) == 4 + 6 + 26  # prefix + a TIFF header with a single entry
    pix = pymupdf.Pixmap(out)  # still a JPEG a decoder reads, same size
    assert (pix.width, pix.height) == (24, 16)
    assert inspect(path, IMAGE) == []
    assert not strip(path, IMAGE).changed and path.read_bytes() == out


def test_jpeg_without_a_turned_orientation_loses_exif_entirely(tmp_path: Path) -> None:
    for orientation in (None, 1):
        data, plain = identity_jpeg(orientation=orientation)
        path = _write(tmp_path / f"o{orientation}.jpg", data)
        assert strip(path, IMAGE).removed[0] == "EXIF"
        assert path.read_bytes() == plain  # exactly the encoder's file again


# --- PNG -------------------------------------------------------------------------------------
def test_png_strip_removes_text_and_exif_chunks_only(tmp_path: Path) -> None:
    path = _write(tmp_path / "shot.png", identity_png(orientation=3))
    fields = _fields(inspect(path, IMAGE))
    assert fields["PNG text Author"] == AUTHOR
    assert fields["PNG text Comment"] == f"by {AUTHOR}"
    assert fields["XMP dc:creator"] == AUTHOR
    assert fields["EXIF Artist"] == AUTHOR
    report = strip(path, IMAGE)
    assert report.removed == ("PNG text", "XMP metadata", "EXIF (orientation kept)")
    out = path.read_bytes()
    assert NAME not in out
    plain = plain_png()
    got = png_chunks(out)
    assert [raw for kind, raw in got if kind != b"eXIf"] == [raw for _k, raw in png_chunks(plain)]
    exif = next(raw for kind, raw in got if kind == b"eXIf")
    assert exif == png_chunk(b"eXIf", exif[8:-4])  # a valid CRC
    assert exif_orientation(exif[8:-4]) == 3
    pix = pymupdf.Pixmap(out)
    assert (pix.width, pix.height) == (24, 16)
    assert inspect(path, IMAGE) == []


# --- WebP ------------------------------------------------------------------------------------
def _webp_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    out, at = [], 12
    while at < len(data):
        fourcc, length = struct.unpack_from("<4sL", data, at)
        end = at + 8 + length + (length & 1)
        out.append((fourcc, data[at:end]))
        at = end
    return out


def _riff_chunk(fourcc: bytes, payload: bytes) -> bytes:
    return fourcc + struct.pack("<L", len(payload)) + payload + b"\x00" * (len(payload) % 2)


@pytest.fixture
def plain_webp(tmp_path: Path) -> bytes:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        pytest.skip("ffmpeg is needed to encode a WebP image")
    source = _write(tmp_path / "in.png", plain_png())
    out = tmp_path / "plain.webp"
    subprocess.run(
        [ffmpeg, "-loglevel", "error", "-y", "-i", str(source), "-c:v", "libwebp", str(out)],
        check=True,
    )
    return out.read_bytes()


def test_webp_strip_removes_exif_and_xmp_and_fixes_the_header(
    tmp_path: Path, plain_webp: bytes
) -> None:
    image = [raw for fourcc, raw in _webp_chunks(plain_webp) if fourcc in (b"VP8 ", b"VP8L")]
    assert len(image) == 1
    vp8x = _riff_chunk(b"VP8X", bytes([0x08 | 0x04, 0, 0, 0]) + (23).to_bytes(3, "little")
                       + (15).to_bytes(3, "little"))  # fmt: skip
    exif = _riff_chunk(b"EXIF", tiff([(0x013B, 2, len(AUTHOR) + 1, NAME + b"\x00")]))
    xmp = _riff_chunk(b"XMP ", f"<dc:creator><rdf:li>{AUTHOR}</rdf:li></dc:creator>".encode())
    body = b"WEBP" + vp8x + image[0] + exif + xmp
    path = _write(tmp_path / "pic.webp", b"RIFF" + struct.pack("<L", len(body)) + body)
    assert person_names(inspect(path, IMAGE)) == [AUTHOR]
    report = strip(path, IMAGE)
    assert report.removed == ("EXIF", "XMP metadata")
    out = path.read_bytes()
    assert NAME not in out
    assert struct.unpack_from("<L", out, 4)[0] == len(out) - 8
    chunks = _webp_chunks(out)
    assert [fourcc for fourcc, _raw in chunks] == [b"VP8X", image[0][:4]]
    assert chunks[0][1][8] & 0x0C == 0  # the EXIF and XMP flags are cleared
    assert chunks[1][1] == image[0]  # the image data, byte for byte
    ffmpeg = shutil.which("ffmpeg")
    assert ffmpeg is not None
    decoded = subprocess.run(
        [ffmpeg, "-loglevel", "error", "-i", str(path), "-f", "null", "-"],
        capture_output=True,
        check=False,
    )
    assert decoded.returncode == 0, decoded.stderr
    assert inspect(path, IMAGE) == []


# --- images that are damaged or hostile ------------------------------------------------------
def test_damaged_images_give_one_specific_line_and_stay_unchanged(tmp_path: Path) -> None:
    jpeg, _ = identity_jpeg()
    png = identity_png()
    first_segment_end = 2 + 2 + struct.unpack_from(">H", jpeg, 4)[0]
    cases = {
        "truncated.jpg": (jpeg[: first_segment_end - 10], "runs past the end"),
        "header-only.jpg": (jpeg[:first_segment_end], "ends before its image data"),
        "no-marker.jpg": (jpeg[:first_segment_end] + b"\x00\x01\x02", "no marker at byte"),
        "tiny-length.jpg": (b"\xff\xd8\xff\xe1\x00\x01" + jpeg[6:], "runs past the end"),
        "truncated.png": (png[: len(png) // 2], "runs past the end"),
        "no-iend.png": (png[: png.index(b"IEND") - 4], "ends before its IEND"),
        "bad-chunk.png": (png[:8] + b"\x00\x00\x00\x01" + b"\x00" * 4 + png[16:], "no valid chunk"),
        "short.webp": (b"RIFF" + struct.pack("<L", 999) + b"WEBPVP8 ", "shorter than its RIFF"),
        "chunk-past.webp": (
            b"RIFF" + struct.pack("<L", 16) + b"WEBP" + b"EXIF" + struct.pack("<L", 50) + b"x" * 4,
            "runs past the RIFF end",
        ),
    }
    for name, (data, needle) in cases.items():
        path = _write(tmp_path / name, data)
        for action in (inspect, strip):
            with pytest.raises(MetadataError) as caught:
                action(path, IMAGE)
            assert needle in str(caught.value), (name, str(caught.value))
            assert "\n" not in str(caught.value)
        assert path.read_bytes() == data, name
    assert not list(tmp_path.glob(".strip-*"))


def test_hostile_payloads_are_read_as_far_as_they_make_sense(tmp_path: Path) -> None:
    # An IFD that points at itself and past the end; an EXIF sub-IFD pointer loop.
    looping = b"MM\x00*" + struct.pack(">L", 8) + struct.pack(">H", 3)
    looping += struct.pack(">HHLL", 0x8769, 4, 1, 8)  # EXIF sub-IFD = this IFD again
    looping += struct.pack(">HHLL", 0x013B, 2, 4000, 10**9)  # value far outside
    looping += struct.pack(">HHLL", 0x9C9D, 1, 0xFFFFFFFF, 12)  # absurd count
    looping += struct.pack(">L", 0)
    assert exif_findings(b"Exif\x00\x00" + looping) == []
    assert exif_findings(b"Exif\x00\x00MM\x00*") == []  # cut short
    assert exif_findings(b"not a tiff at all") == []
    assert iptc_findings(b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\xff\xff\xff\xff") == [
        MetadataFinding("IPTC metadata")
    ]
    # A JPEG carrying such an EXIF still strips cleanly.
    plain = plain_jpeg()
    path = _write(tmp_path / "loop.jpg", plain[:2] + segment(0xE1, b"Exif\x00\x00" + looping)
                  + plain[2:])  # fmt: skip
    assert strip(path, IMAGE).removed == ("EXIF",)
    assert path.read_bytes() == plain


def test_too_many_segments_is_refused_quickly(tmp_path: Path) -> None:
    plain = plain_jpeg()
    data = plain[:2] + segment(0xFE, b"") * 70_000 + plain[2:]
    path = _write(tmp_path / "many.jpg", data)
    started = time.perf_counter()
    with pytest.raises(MetadataError, match="more than 65,536 header segments"):
        inspect(path, IMAGE)
    assert time.perf_counter() - started < 5


def test_mutated_images_never_raise_anything_but_metadata_error(tmp_path: Path) -> None:
    rng = random.Random(5)
    seeds = {"jpg": identity_jpeg()[0], "png": identity_png()}
    outcomes = {"stripped": 0, "refused": 0}
    for round_ in range(300):
        ext, seed = rng.choice(sorted(seeds.items()))
        data = bytearray(seed)
        for _ in range(rng.randint(1, 6)):  # flip header bytes, where the structure is
            data[rng.randrange(2, min(len(data), 700))] = rng.randrange(256)
        path = _write(tmp_path / f"m{round_}.{ext}", bytes(data))
        try:
            inspect(path, IMAGE)
            strip(path, IMAGE)
        except MetadataError as exc:
            assert "\n" not in str(exc)
            outcomes["refused"] += 1
        else:
            outcomes["stripped"] += 1
    assert outcomes["stripped"] and outcomes["refused"]


def test_other_image_formats_are_reported_not_stripped(tmp_path: Path) -> None:
    gif = b"GIF89a" + b"\x01\x00\x01\x00\x00\x00\x00" + b"!\xfe\x05Avery\x00;"
    path = _write(tmp_path / "anim.gif", gif)
    assert inspect(path, IMAGE) == []
    report = strip(path, IMAGE)
    assert not report.changed and "not a JPEG, PNG or WebP" in report.note
    assert path.read_bytes() == gif


# --- video and audio -------------------------------------------------------------------------
def test_media_tags_are_reported_never_stripped(tmp_path: Path) -> None:
    webm = shutil.copyfile(MEDIA / "staff_meeting_norms.webm", tmp_path / "v.webm")
    ogg = shutil.copyfile(MEDIA / "conversation_protocol_practice.ogg", tmp_path / "a.ogg")
    before = {p: p.read_bytes() for p in (webm, ogg)}
    assert inspect(webm, VIDEO) == []
    report = strip(webm, VIDEO)
    assert report.removed == () and report.note == "container tags are not stripped (not inspected)"
    found = inspect(ogg, AUDIO)
    assert [f.field for f in found] == ["Ogg comment ENCODER"] and person_names(found) == []
    assert "it carries Ogg comment ENCODER" in strip(ogg, AUDIO).note
    assert {p: p.read_bytes() for p in (webm, ogg)} == before


def test_ogg_comments_naming_a_person_are_found(tmp_path: Path) -> None:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        pytest.skip("ffmpeg is needed to make a tagged Ogg file")
    out = tmp_path / "tagged.ogg"
    subprocess.run(
        [ffmpeg, "-loglevel", "error", "-y", "-f", "lavfi", "-i", "sine=duration=1",
         "-c:a", "libopus", "-metadata", f"artist={AUTHOR}", "-metadata", "title=Role play",
         str(out)],
        check=True,
    )  # fmt: skip
    found = inspect(out, AUDIO)
    assert _fields(found)["Ogg comment ARTIST"] == AUTHOR
    assert person_names(found) == [AUTHOR]
    before = out.read_bytes()
    report = strip(out, AUDIO)
    assert "ARTIST" in report.note and report.removed == ()
    assert out.read_bytes() == before


# --- whole bundles ---------------------------------------------------------------------------
def test_a_verified_bundle_lists_findings_per_artifact(tmp_path: Path) -> None:
    manifest = sample_manifest()
    pdf = manifest.artifacts[0]
    photo = Artifact("p1", "artifacts/p1.jpg", "Board photo", IMAGE, "image/jpeg", 0, "")
    clean = Artifact("c1", "artifacts/c1.png", "Chart", IMAGE, "image/png", 0, "")
    manifest = manifest.__class__(**{**manifest.__dict__, "artifacts": (pdf, photo, clean)})
    bundle = tmp_path / "b.zip"
    write_bundle(
        bundle,
        manifest,
        {
            pdf.path: authored_pdf(tmp_path / "a.pdf"),
            photo.path: identity_jpeg()[0],
            clean.path: plain_png(),
        },
    )
    verified = extract_bundle(bundle, tmp_path / "x")
    started = time.perf_counter()
    found = verified.metadata_findings
    elapsed = time.perf_counter() - started
    assert person_names(found["a1"]) == [AUTHOR]
    assert AUTHOR in person_names(found["p1"]) and OWNER in person_names(found["p1"])
    assert found["c1"] == ()
    assert verified.metadata_findings is found  # read once
    assert elapsed < 2
    assert verify_bundle(bundle).metadata_findings == {"a1": (), "p1": (), "c1": ()}
    # A file that went bad after extraction is skipped, not an error.
    (tmp_path / "x" / "artifacts" / "a1.pdf").write_bytes(b"garbage")
    assert bundle_metadata_findings(tmp_path / "x", manifest)["a1"] == ()
