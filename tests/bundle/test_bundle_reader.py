"""verify_bundle / extract_bundle: good bundles round-trip; damaged, inconsistent and invalid
ones are rejected with the right error; extraction is all-or-nothing."""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import io
import json
import os
import random
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support.bundle_cases import (
    assert_rejected,
    good_bytes,
    good_entries,
    manifest_json,
    pdf_bytes,
    plus,
    snapshot,
    with_manifest,
)
from support.bundles import make_pdf, sample_manifest, with_video, write_sample_bundle
from support.rawzip import DIRECTORY, RawEntry, build_zip, replace

from assessor_app.bundle import reader
from assessor_app.bundle.limits import DEFAULT_LIMITS, Limits
from assessor_app.bundle.manifest import manifest_to_json
from assessor_app.bundle.reader import VerifiedBundle, extract_bundle, verify_bundle
from assessor_app.bundle.writer import write_bundle
from assessor_app.domain.model import (
    Artifact,
    ArtifactKind,
    Citation,
    Evidence,
    Manifest,
    Part,
    PartKind,
    Prompt,
    Rubric,
)
from assessor_app.errors import BundleFormatError, IntegrityError, ManifestError

A1 = "artifacts/a1.pdf"


def _manifest_with(change: Callable[[dict[str, Any]], object]) -> bytes:
    data = manifest_json()
    change(data)
    return build_zip(with_manifest(good_entries(), data))


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node: Any = data
        keys = [int(k) if k.isdigit() else k for k in path.split(".")]
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value

    return change


# --- good bundles ----------------------------------------------------------------------------
def test_good_bundle_round_trips_through_verify_and_extract(tmp_path: Path) -> None:
    pdf = make_pdf(6)
    written = write_bundle(tmp_path / "b.zip", sample_manifest(), {A1: pdf})
    verified = verify_bundle(tmp_path / "b.zip")
    assert verified.manifest == written
    assert manifest_to_json(verified.manifest) == manifest_to_json(written)
    assert verified.root is None
    assert verified.bundle_sha256 == hashlib.sha256((tmp_path / "b.zip").read_bytes()).hexdigest()

    extracted = extract_bundle(tmp_path / "b.zip", tmp_path / "ws" / "SUB-TEST-0001")
    assert extracted.manifest == written
    assert extracted.root == tmp_path / "ws" / "SUB-TEST-0001"
    assert extracted.bundle_sha256 == verified.bundle_sha256
    assert extracted.artifact_path("a1").read_bytes() == pdf
    assert snapshot(extracted.root) == {"manifest.json", "artifacts", A1}
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        assert (extracted.root / "manifest.json").read_bytes() == zf.read("manifest.json")
    assert [p.name for p in (tmp_path / "ws").iterdir()] == ["SUB-TEST-0001"]


def test_video_audio_image_and_time_citations(tmp_path: Path) -> None:
    fake_video = tmp_path / "clip.webm"
    fake_video.write_bytes(os.urandom(50_000))
    manifest, files = with_video(sample_manifest(), fake_video)
    audio = Artifact(
        "au1",
        "artifacts/media/au1.ogg",
        "Interview",
        ArtifactKind.AUDIO,
        "audio/ogg",
        0,
        "",
        duration_ms=90_000,
    )
    image = Artifact(
        "im1", "artifacts/media/im1.png", "Whiteboard", ArtifactKind.IMAGE, "image/png", 0, ""
    )
    evidence = (
        Evidence("eo1.1", (Citation("au1", start_ms=61_000),), "Minute one."),
        Evidence("eo1.2", (Citation("im1"), Citation("a1", page=5, page_end=8)), "Board."),
        Evidence("eo2.1", (Citation("v1", start_ms=3_000, end_ms=9_000),), "Clip."),
    )
    manifest = dataclasses.replace(
        manifest, artifacts=(*manifest.artifacts, audio, image), evidence=evidence
    )
    all_files: dict[str, Path | bytes] = {
        **files,
        A1: make_pdf(6),
        audio.path: os.urandom(3000),
        image.path: b"\x89PNG fake",
    }
    written = write_bundle(tmp_path / "b.zip", manifest, all_files)
    verified = extract_bundle(tmp_path / "b.zip", tmp_path / "out")
    assert verified.manifest == written
    assert verified.artifact_path("au1") == tmp_path / "out" / "artifacts" / "media" / "au1.ogg"
    assert verified.artifact_path("v1").read_bytes() == fake_video.read_bytes()
    problems = {
        (p.detail_id, p.citation.artifact_id): p.message for p in verified.citation_problems
    }
    assert problems == {
        ("eo1.2", "a1"): "cites pp. 5–8 but Meeting agenda has only 6 pages",
        ("eo2.1", "v1"): "cites 00:03–00:09 but Staff meeting clip ends at 00:04",
    }


def test_citations_past_the_end_are_accepted_and_flagged(tmp_path: Path) -> None:
    verified = verify_bundle(write_sample_bundle(tmp_path / "b.zip", pages=6))
    assert len(verified.citation_problems) == 1
    problem = verified.citation_problems[0]
    assert problem.detail_id == "eo2.1"
    assert problem.citation.page == 9
    assert "only 6 pages" in problem.message


def test_pilot_credential_with_four_parts_needs_no_code(tmp_path: Path) -> None:
    base = sample_manifest()
    parts = (
        Part(
            "narrative",
            "Responsive narrative",
            PartKind.NARRATIVE,
            "",
            800,
            (Prompt("p1", "Why this change?"),),
        ),
        Part("samples", "Portfolio of sample documents", PartKind.PORTFOLIO),
        Part("analysis", "Written analysis of the portfolio", PartKind.NARRATIVE, "", 600),
        Part("reflection", "Reflection and dissemination plan", PartKind.NARRATIVE, "", 400),
    )
    from assessor_app.domain.model import NarrativePart, NarrativeSection

    manifest = dataclasses.replace(
        base,
        rubric=Rubric(base.rubric.levels, parts, base.rubric.outcomes),
        narratives=(
            NarrativePart("narrative", (NarrativeSection("p1", "word " * 900),)),
            NarrativePart("analysis", (NarrativeSection(None, "word " * 10),)),
            NarrativePart("reflection", (NarrativeSection(None, "word " * 450),)),
        ),
    )
    written = write_bundle(tmp_path / "p.zip", manifest, {A1: make_pdf(6)})
    verified = verify_bundle(tmp_path / "p.zip")
    assert verified.manifest == written
    assert [p.id for p in verified.manifest.rubric.parts] == [
        "narrative",
        "samples",
        "analysis",
        "reflection",
    ]
    assert [p.min_words for p in verified.manifest.rubric.judged_parts()] == [800, 600, 400]


def test_extension_keys_are_kept(tmp_path: Path) -> None:
    data = manifest_json()
    data["x-portal"] = {"batch": "2026-11", "retries": [1, 2]}
    path = tmp_path / "b.zip"
    path.write_bytes(build_zip(with_manifest(good_entries(), data)))
    verified = verify_bundle(path)
    assert verified.manifest.extra == {"x-portal": {"batch": "2026-11", "retries": [1, 2]}}
    assert manifest_to_json(verified.manifest)["x-portal"] == data["x-portal"]


def test_archive_comment_and_directory_entries_are_fine(tmp_path: Path) -> None:
    entries = [RawEntry("artifacts/", external_attr=DIRECTORY), *good_entries()]
    path = tmp_path / "b.zip"
    path.write_bytes(build_zip(entries, comment=b"made by the portal"))
    assert verify_bundle(path).manifest.submission_id == "SUB-TEST-0001"


def test_large_artifact_streams_in_chunks(tmp_path: Path) -> None:
    blob = random.Random(7).randbytes(5 * 1024 * 1024 + 17)
    written = write_bundle(tmp_path / "b.zip", sample_manifest(), {A1: blob})
    verified = extract_bundle(tmp_path / "b.zip", tmp_path / "out")
    assert verified.manifest == written
    assert verified.artifact_path("a1").read_bytes() == blob


def test_artifact_path_needs_an_extracted_bundle(tmp_path: Path) -> None:
    verified = verify_bundle(write_sample_bundle(tmp_path / "b.zip"))
    with pytest.raises(ValueError, match="not extracted"):
        verified.artifact_path("a1")
    extracted = extract_bundle(tmp_path / "b.zip", tmp_path / "out")
    with pytest.raises(KeyError):
        extracted.artifact_path("nope")


def test_verified_bundle_is_frozen(tmp_path: Path) -> None:
    verified = verify_bundle(write_sample_bundle(tmp_path / "b.zip"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        verified.root = tmp_path  # type: ignore[misc]
    assert isinstance(verified, VerifiedBundle)
    assert isinstance(verified.citation_problems, tuple)


def test_default_limits() -> None:
    assert DEFAULT_LIMITS.max_entries == 2_000
    assert DEFAULT_LIMITS.max_file_bytes == 2 * 1024**3
    assert DEFAULT_LIMITS.max_total_bytes == 8 * 1024**3
    assert DEFAULT_LIMITS.max_compression_ratio == 200
    assert DEFAULT_LIMITS.max_manifest_bytes == 8 * 1024**2
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_LIMITS.max_entries = 5  # type: ignore[misc]
    with pytest.raises(ValueError):
        Limits(max_entries=-1)


# --- rejected bundles ------------------------------------------------------------------------
def _cut_inside_data() -> bytes:
    data = good_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(A1)
    at = info.header_offset + 30 + len(A1) + 100
    return data[:at] + data[at + 200 :]


def _flip_stored_byte() -> bytes:
    entries = good_entries()
    pdf = pdf_bytes()
    bad = bytearray(pdf)
    bad[len(bad) // 2] ^= 0xFF
    return build_zip(replace(entries, A1, data=bytes(bad), crc=zlib.crc32(pdf)))


def _same_length_other_content() -> bytes:
    pdf = bytearray(pdf_bytes())
    pdf[-20] ^= 0x01
    return build_zip(replace(good_entries(), A1, data=bytes(pdf)))


def _short_deflate_stream() -> bytes:
    pdf = pdf_bytes()
    short = pdf[:-100]
    return build_zip(
        replace(good_entries(), A1, data=short, method=8, file_size=len(pdf), crc=zlib.crc32(short))
    )


def _manifest_raw(raw: bytes) -> Callable[[], bytes]:
    return lambda: build_zip(with_manifest(good_entries(), raw))


def _good_text() -> str:
    return json.dumps(manifest_json())


REJECTED: list[tuple[str, Callable[[], bytes], type[Exception], Limits | None, str]] = [
    # not a zip, truncated, corrupt
    (
        "not-a-zip",
        lambda: b"this is not a zip file at all" * 10,
        BundleFormatError,
        None,
        "not a zip",
    ),
    ("empty-file", lambda: b"", BundleFormatError, None, "not a zip"),
    ("truncated-end", lambda: good_bytes()[:-10], BundleFormatError, None, "zip"),
    (
        "truncated-half",
        lambda: good_bytes()[: len(good_bytes()) // 2],
        BundleFormatError,
        None,
        "zip",
    ),
    ("truncated-one-byte", lambda: good_bytes()[:-1], BundleFormatError, None, "zip"),
    ("cut-inside-data", _cut_inside_data, BundleFormatError, None, ""),
    (
        "crc-mismatch",
        lambda: build_zip(replace(good_entries(), A1, crc=0x1234)),
        BundleFormatError,
        None,
        "CRC",
    ),
    ("flipped-byte", _flip_stored_byte, BundleFormatError, None, "CRC"),
    (
        "corrupt-deflate",
        lambda: build_zip(replace(good_entries(), "manifest.json", payload=b"\xff" * 50)),
        BundleFormatError,
        None,
        "corrupt",
    ),
    (
        "unsupported-method",
        lambda: build_zip(replace(good_entries(), A1, method=12)),
        BundleFormatError,
        None,
        "compression method 12",
    ),
    (
        "patched-data-flag",
        lambda: build_zip(replace(good_entries(), A1, flags=0x20)),
        BundleFormatError,
        None,
        "patch",
    ),
    (
        "stored-sizes-differ",
        lambda: build_zip(
            replace(good_entries(), A1, method=0, compress_size=len(pdf_bytes()) - 5)
        ),
        BundleFormatError,
        None,
        "two different sizes",
    ),
    # the manifest
    (
        "no-manifest",
        lambda: build_zip([e for e in good_entries() if e.name != "manifest.json"]),
        ManifestError,
        None,
        "no manifest.json",
    ),
    (
        "manifest-in-subdirectory",
        lambda: build_zip(replace(good_entries(), "manifest.json", name="artifacts/manifest.json")),
        ManifestError,
        None,
        "no manifest.json",
    ),
    ("manifest-not-utf8", _manifest_raw(b'{"format": "\xff\xfe"}'), ManifestError, None, "UTF-8"),
    (
        "manifest-bom",
        lambda: _manifest_raw(b"\xef\xbb\xbf" + _good_text().encode())(),
        ManifestError,
        None,
        "byte order mark",
    ),
    ("manifest-invalid-json", _manifest_raw(b'{"format": '), ManifestError, None, "not valid JSON"),
    (
        "manifest-duplicate-key",
        lambda: _manifest_raw(('{"submission_id": "X", ' + _good_text()[1:]).encode())(),
        ManifestError,
        None,
        "'submission_id' appears twice",
    ),
    (
        "manifest-nan",
        lambda: _manifest_raw(_good_text().replace('"size": ', '"size": NaN, "y": ').encode())(),
        ManifestError,
        None,
        "NaN",
    ),
    (
        "manifest-too-deep",
        lambda: _manifest_raw(
            ('{"x-deep": ' + "[" * 40 + "]" * 40 + ", " + _good_text()[1:]).encode()
        )(),
        ManifestError,
        None,
        "nested",
    ),
    (
        "manifest-recursion",
        lambda: _manifest_raw(b"[" * 100_000 + b"]" * 100_000)(),
        ManifestError,
        None,
        "nested",
    ),
    (
        "manifest-oversized",
        lambda: good_bytes(),
        ManifestError,
        Limits(max_manifest_bytes=1000),
        "limit 1,000",
    ),
    ("manifest-top-level-array", _manifest_raw(b"[]"), ManifestError, None, "expected an object"),
    (
        "manifest-schema",
        lambda: _manifest_with(_set("rubric.outcomes.1.details.0.id", "bad id")),
        ManifestError,
        None,
        "rubric.outcomes[1].details[0].id: 'bad id' is not valid",
    ),
    (
        "manifest-newer-version",
        lambda: _manifest_with(_set("format_version", 2)),
        ManifestError,
        None,
        "update the app",
    ),
    (
        "manifest-not-a-bundle",
        lambda: _manifest_with(_set("format", "something-else")),
        ManifestError,
        None,
        "format: must be 'assessor-bundle'",
    ),
    (
        "manifest-unknown-detail",
        lambda: _manifest_with(_set("evidence.0.detail_id", "eo9.9")),
        ManifestError,
        None,
        "unknown detail 'eo9.9'",
    ),
    (
        "manifest-cites-missing-artifact",
        lambda: _manifest_with(_set("evidence.0.citations.0.artifact", "zz")),
        ManifestError,
        None,
        "'zz'",
    ),
    (
        "manifest-duplicate-artifact-path",
        lambda: _manifest_with(lambda d: d["artifacts"].append({**d["artifacts"][0], "id": "a2"})),
        ManifestError,
        None,
        "path 'artifacts/a1.pdf' is used twice",
    ),
    # the file list against the manifest
    (
        "file-not-in-manifest",
        lambda: plus(RawEntry("artifacts/extra.pdf", b"%PDF")),
        IntegrityError,
        None,
        "'artifacts/extra.pdf' is in the bundle but not in the manifest",
    ),
    (
        "top-level-file-not-in-manifest",
        lambda: plus(RawEntry("notes.txt", b"hello")),
        IntegrityError,
        None,
        "not in the manifest",
    ),
    (
        "directory-not-in-manifest",
        lambda: plus(RawEntry("empty/", external_attr=DIRECTORY)),
        IntegrityError,
        None,
        "holds no listed file",
    ),
    (
        "listed-but-missing",
        lambda: build_zip([e for e in good_entries() if e.name != A1]),
        IntegrityError,
        None,
        "missing from the bundle",
    ),
    (
        "size-mismatch",
        lambda: _manifest_with(_set("artifacts.0.size", 12)),
        IntegrityError,
        None,
        "12 in the manifest",
    ),
    (
        "sha256-mismatch-manifest",
        lambda: _manifest_with(_set("artifacts.0.sha256", "0" * 64)),
        IntegrityError,
        None,
        "SHA-256",
    ),
    ("sha256-mismatch-content", _same_length_other_content, IntegrityError, None, "SHA-256"),
    ("short-data", _short_deflate_stream, IntegrityError, None, "holds"),
]


@pytest.mark.parametrize(
    ("build", "expected", "limits", "match"),
    [pytest.param(b, e, lim, m, id=case) for case, b, e, lim, m in REJECTED],
)
def test_bad_bundle_is_rejected(
    tmp_path: Path,
    build: Callable[[], bytes],
    expected: type[Exception],
    limits: Limits | None,
    match: str,
) -> None:
    assert_rejected(tmp_path, build(), expected, limits, match)


def test_missing_and_unreadable_paths(tmp_path: Path) -> None:
    with pytest.raises(BundleFormatError, match="cannot open bundle"):
        verify_bundle(tmp_path / "missing.zip")
    with pytest.raises(BundleFormatError, match="not a regular file"):
        verify_bundle(tmp_path)
    with pytest.raises(BundleFormatError):
        extract_bundle(tmp_path / "missing.zip", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_reads_are_capped_at_the_declared_size(tmp_path: Path) -> None:
    path = write_sample_bundle(tmp_path / "b.zip")
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(A1)
        with pytest.raises(IntegrityError, match="holds more than"):
            for _ in reader._capped_chunks(zf, info, info.file_size - 1):
                pass


# --- all or nothing --------------------------------------------------------------------------
def _two_artifact_bundle(tmp_path: Path) -> Path:
    base = sample_manifest()
    second = Artifact(
        "a2",
        "artifacts/z/a2.pdf",
        "Minutes",
        ArtifactKind.PDF,
        "application/pdf",
        0,
        "",
        page_count=2,
    )
    manifest = dataclasses.replace(base, artifacts=(*base.artifacts, second))
    path = tmp_path / "two.zip"
    write_bundle(path, manifest, {A1: make_pdf(6), second.path: make_pdf(2)})
    return path


def test_failure_after_some_files_were_written_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _two_artifact_bundle(tmp_path)
    entries = [
        dataclasses.replace(e, data=e.data[:-1] + bytes([e.data[-1] ^ 1]))
        if e.name == "artifacts/z/a2.pdf"
        else e
        for e in _entries(path)
    ]
    path.write_bytes(build_zip(entries))
    written: list[str] = []
    real = reader._write_file
    monkeypatch.setattr(
        reader,
        "_write_file",
        lambda target, chunks: (written.append(target.name), real(target, chunks)),
    )
    parent = tmp_path / "ws"
    parent.mkdir()
    with pytest.raises(IntegrityError, match=r"a2\.pdf"):
        extract_bundle(path, parent / "SUB")
    assert written == ["manifest.json", "a1.pdf", "a2.pdf"]
    assert list(parent.iterdir()) == []


def _entries(path: Path) -> list[RawEntry]:
    from support.rawzip import read_entries

    return read_entries(path)


def test_disk_error_during_extraction_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _two_artifact_bundle(tmp_path)
    calls = 0

    def failing_fsync(fd: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(reader.os, "fsync", failing_fsync)
    parent = tmp_path / "ws"
    parent.mkdir()
    with pytest.raises(OSError, match="No space left"):
        extract_bundle(path, parent / "SUB")
    assert list(parent.iterdir()) == []


def test_interrupt_during_extraction_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _two_artifact_bundle(tmp_path)

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(reader, "_fsync_dir", interrupted)
    parent = tmp_path / "ws"
    parent.mkdir()
    with pytest.raises(KeyboardInterrupt):
        extract_bundle(path, parent / "SUB")
    assert list(parent.iterdir()) == []


def test_staging_is_a_fresh_dot_directory_beside_dest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Path] = []
    real = reader._extract_into

    def spy(staging: Path, zf: zipfile.ZipFile, plan: Any) -> None:
        seen.append(staging)
        assert list(staging.iterdir()) == []
        real(staging, zf, plan)

    monkeypatch.setattr(reader, "_extract_into", spy)
    dest = tmp_path / "ws" / "SUB"
    extract_bundle(write_sample_bundle(tmp_path / "b.zip"), dest)
    assert len(seen) == 1
    assert seen[0].parent == dest.parent
    assert seen[0].name.startswith(".staging-")
    assert not seen[0].exists()
    assert [p.name for p in dest.parent.iterdir()] == ["SUB"]


def test_dest_must_not_exist(tmp_path: Path) -> None:
    path = write_sample_bundle(tmp_path / "b.zip")
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "mine.txt").write_text("keep")
    with pytest.raises(FileExistsError):
        extract_bundle(path, dest)
    assert [p.name for p in dest.iterdir()] == ["mine.txt"]
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "nowhere")
    with pytest.raises(FileExistsError):
        extract_bundle(path, link)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.zip", "dest", "link"]


def test_dest_appearing_during_extraction_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "ws" / "SUB"
    real = reader._extract_into

    def racing(staging: Path, zf: zipfile.ZipFile, plan: Any) -> None:
        real(staging, zf, plan)
        dest.mkdir()

    monkeypatch.setattr(reader, "_extract_into", racing)
    with pytest.raises(FileExistsError):
        extract_bundle(write_sample_bundle(tmp_path / "b.zip"), dest)
    assert [p.name for p in dest.parent.iterdir()] == ["SUB"]
    assert list(dest.iterdir()) == []


def test_missing_parent_is_created(tmp_path: Path) -> None:
    dest = tmp_path / "a" / "b" / "SUB"
    verified = extract_bundle(write_sample_bundle(tmp_path / "b.zip"), dest)
    assert verified.root == dest and dest.is_dir()


# --- the writer refuses what the reader would refuse -----------------------------------------
def test_writer_refuses_schema_violations(tmp_path: Path) -> None:
    base = sample_manifest()
    art = dataclasses.replace(base.artifacts[0], path="docs/a1.pdf")
    with pytest.raises(ManifestError, match=r"artifacts\[0\]\.path"):
        write_bundle(
            tmp_path / "b.zip",
            dataclasses.replace(base, artifacts=(art,)),
            {"docs/a1.pdf": b"%PDF"},
        )
    assert not (tmp_path / "b.zip").exists()


def test_writer_refuses_paths_differing_in_case(tmp_path: Path) -> None:
    base = sample_manifest()
    twin = dataclasses.replace(base.artifacts[0], id="a2", path="artifacts/A1.pdf")
    with pytest.raises(ValueError, match="differ only in case"):
        write_bundle(
            tmp_path / "b.zip",
            dataclasses.replace(base, artifacts=(*base.artifacts, twin)),
            {A1: b"%PDF", "artifacts/A1.pdf": b"%PDF"},
        )


def test_writer_notices_a_file_changing_underneath(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assessor_app.bundle import writer

    source = tmp_path / "a1.pdf"
    source.write_bytes(make_pdf(6))
    real = writer.finalize_manifest

    def then_change(manifest: Manifest, files: Any) -> Manifest:
        final = real(manifest, files)
        source.write_bytes(make_pdf(7))
        return final

    monkeypatch.setattr(writer, "finalize_manifest", then_change)
    with pytest.raises(ValueError, match="changed while"):
        write_bundle(tmp_path / "b.zip", sample_manifest(), {A1: source})
    assert not (tmp_path / "b.zip").exists()


class _Unseekable(io.RawIOBase):
    """A write-only stream zipfile cannot seek: it then writes data descriptors (flag bit 3)."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        self.data += bytes(b)
        return len(b)


@pytest.mark.parametrize("variant", ["zip64", "data-descriptor"])
def test_other_valid_zip_layouts_are_accepted(tmp_path: Path, variant: str) -> None:
    entries = good_entries()
    sink: Any = _Unseekable() if variant == "data-descriptor" else io.BytesIO()
    with zipfile.ZipFile(sink, "w") as zf:
        for e in entries:
            info = zipfile.ZipInfo(str(e.name), (2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            with zf.open(info, "w", force_zip64=variant == "zip64") as dst:
                dst.write(e.data)
    data = bytes(sink.data) if variant == "data-descriptor" else sink.getvalue()
    path = tmp_path / "b.zip"
    path.write_bytes(data)
    with zipfile.ZipFile(path) as zf:
        flags = {i.flag_bits & 0x08 for i in zf.infolist()}
    assert flags == ({0x08} if variant == "data-descriptor" else {0})
    verified = extract_bundle(path, tmp_path / "out")
    assert verified.artifact_path("a1").read_bytes() == pdf_bytes()


def test_bundle_hash_without_pread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_sample_bundle(tmp_path / "b.zip")
    expected = hashlib.sha256(path.read_bytes()).hexdigest()
    monkeypatch.delattr(os, "pread")
    assert verify_bundle(path).bundle_sha256 == expected
    assert extract_bundle(path, tmp_path / "out").bundle_sha256 == expected


def test_read_error_while_hashing_is_a_format_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_sample_bundle(tmp_path / "b.zip")

    def failing(fd: int, n: int, offset: int) -> bytes:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "pread", failing)
    with pytest.raises(BundleFormatError, match=r"cannot read the bundle: .*Input/output error"):
        verify_bundle(path)
    (tmp_path / "ws").mkdir()
    with pytest.raises(BundleFormatError):
        extract_bundle(path, tmp_path / "ws" / "SUB")
    assert list((tmp_path / "ws").iterdir()) == []
