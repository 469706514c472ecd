"""``assessor-portal import`` strips identifying metadata before it signs: the stored, signed
bundle carries no author, its manifest's hashes and sizes match the clean files, the import
reports what was removed per artifact, and importing again changes nothing."""

from __future__ import annotations

import dataclasses
import io
import sys
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select
from support.bundles import sample_manifest
from support.metadata_files import (
    AUTHOR,
    EARLIER_AUTHOR,
    OWNER,
    all_pdf_text,
    authored_pdf,
    identity_jpeg,
    plain_png,
)
from support.portal import fast_config

from assessor_app.bundle.metadata import person_names
from assessor_app.bundle.reader import extract_bundle, verify_bundle
from assessor_app.bundle.signature import verify_signature
from assessor_app.bundle.writer import write_bundle
from assessor_app.domain.model import Artifact, ArtifactKind, Manifest
from assessor_app.errors import BundleError
from assessor_app.portal.cli import main
from assessor_app.portal.server.bundles import import_bundle
from assessor_app.portal.server.db import Submission, read_session
from assessor_app.portal.server.portal import open_portal

SID = "SUB-META-0001"


def _manifest() -> Manifest:
    base = sample_manifest(SID)
    photo = Artifact(
        "p1", "artifacts/p1.jpg", "Board photo", ArtifactKind.IMAGE, "image/jpeg", 0, ""
    )
    chart = Artifact("c1", "artifacts/c1.png", "Chart", ArtifactKind.IMAGE, "image/png", 0, "")
    return dataclasses.replace(base, artifacts=(*base.artifacts, photo, chart))


@pytest.fixture
def authored_bundle(tmp_path: Path) -> Path:
    out = tmp_path / "authored.zip"
    write_bundle(
        out,
        _manifest(),
        {
            "artifacts/a1.pdf": authored_pdf(tmp_path / "a1.pdf", pages=6),
            "artifacts/p1.jpg": identity_jpeg()[0],
            "artifacts/c1.png": plain_png(),
        },
    )
    return out


def test_the_signed_bundle_carries_no_author_and_the_report_says_what_went(
    tmp_path: Path, authored_bundle: Path
) -> None:
    config = fast_config(tmp_path / "portal")
    with open_portal(config) as portal:
        done = import_bundle(portal, authored_bundle)
        stored = portal.bundle_path(done.bundle_sha256)
        key = portal.signing_key.public_key_raw
    assert done.created and done.submission_id == SID
    report = {item.artifact_id: item.report for item in done.stripped}
    assert set(report) == {"a1", "p1", "c1"}
    assert {"PDF Author", "PDF Company", "XMP metadata", "earlier revisions"} <= set(
        report["a1"].removed
    )
    assert report["p1"].removed == (
        "EXIF (orientation kept)",
        "XMP metadata",
        "IPTC metadata",
        "JPEG comment",
    )
    assert report["c1"].removed == () and not report["c1"].changed
    assert [item.path for item in done.stripped] == [
        "artifacts/a1.pdf",
        "artifacts/p1.jpg",
        "artifacts/c1.png",
    ]

    # The stored bundle is the signed clean one: it verifies (sizes and hashes match the
    # clean files), its signature is the portal's, and no name is left in any file.
    signed = extract_bundle(stored, tmp_path / "signed")
    verify_signature(key, signed)
    assert signed.manifest.submission_id == SID
    for artifact_id, found in signed.metadata_findings.items():
        assert person_names(found) == [], artifact_id
    pdf = signed.artifact_path("a1").read_bytes()
    for name in (AUTHOR, EARLIER_AUTHOR):
        assert name.encode() not in all_pdf_text(pdf)
    with zipfile.ZipFile(stored) as zf:
        for info in zf.infolist():
            data = zf.read(info)
            assert AUTHOR.encode() not in data and OWNER.encode() not in data, info.filename
    original = verify_bundle(authored_bundle).manifest
    sizes = {a.id: a.size for a in signed.manifest.artifacts}
    assert sizes["a1"] < original.artifact("a1").size  # type: ignore[union-attr]
    assert sizes["c1"] == original.artifact("c1").size  # type: ignore[union-attr]
    assert signed.manifest.artifact("a1").page_count == 6  # type: ignore[union-attr]
    with open_portal(config) as portal, read_session(portal.engine) as session:
        row = session.scalar(select(Submission).where(Submission.id == SID))
        assert row is not None
        assert row.bundle_sha256 == done.bundle_sha256
        assert row.manifest_sha256 == signed.manifest_sha256
    assert not [p.name for p in config.bundle_dir.iterdir() if p.name.startswith(".")]


def test_importing_again_the_original_or_the_signed_copy_changes_nothing(
    tmp_path: Path, authored_bundle: Path
) -> None:
    config = fast_config(tmp_path / "portal")
    with open_portal(config) as portal:
        first = import_bundle(portal, authored_bundle)
        again = import_bundle(portal, authored_bundle)  # stripped again: the same bytes
        copy = tmp_path / "signed-copy.zip"
        copy.write_bytes(portal.bundle_path(first.bundle_sha256).read_bytes())
        signed_again = import_bundle(portal, copy)
    assert (again.created, again.bundle_sha256) == (False, first.bundle_sha256)
    assert (signed_again.created, signed_again.bundle_sha256) == (False, first.bundle_sha256)
    assert all(not item.report.changed for item in signed_again.stripped)
    assert sorted(p.name for p in config.bundle_dir.iterdir()) == [f"{first.bundle_sha256}.zip"]


def test_a_damaged_artifact_refuses_the_import_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.zip"
    base = sample_manifest(SID)
    write_bundle(bad, base, {"artifacts/a1.pdf": b"%PDF-1.7 not really a PDF"})
    config = fast_config(tmp_path / "portal")
    with open_portal(config) as portal:
        with pytest.raises(BundleError, match=r"artifact 'artifacts/a1.pdf': not a readable PDF"):
            import_bundle(portal, bad)
        with read_session(portal.engine) as session:
            assert session.scalar(select(Submission)) is None
    assert list(config.bundle_dir.iterdir()) == []  # nothing stored, no work folder left
    code = main(["import", str(bad), "--data", str(config.data_dir)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "artifacts/a1.pdf" in err and "not a readable PDF" in err


def test_the_command_prints_what_was_removed_per_artifact(
    tmp_path: Path, authored_bundle: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "portal"
    old = sys.stdin
    sys.stdin = io.StringIO("")
    try:
        code = main(["import", str(authored_bundle), "--data", str(data)])
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = out.strip().splitlines()
    assert lines[0].startswith(f"{SID}  imported  sha256 ")
    assert lines[1].startswith("  a1 (artifacts/a1.pdf): removed PDF Author, PDF Title, ")
    assert "XMP metadata" in lines[1]
    assert lines[2] == (
        "  p1 (artifacts/p1.jpg): removed EXIF (orientation kept), XMP metadata, "
        "IPTC metadata, JPEG comment"
    )
    assert len(lines) == 3  # the clean chart needs no line
    assert AUTHOR not in out and OWNER not in out  # field names, never the values
