"""Importing bundles: extracted before recorded, idempotent, duplicates refused, leftovers swept."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from pathlib import Path

import pytest
from support.bundles import sample_manifest, write_sample_bundle

from assessor_app.errors import (
    BundleError,
    BundleMissingError,
    DuplicateBundleError,
    UnknownArtifactError,
    UnknownSubmissionError,
)
from assessor_app.workspace import SubmissionStatus, Workspace, _bundle_dir_name

SUBMISSION = sample_manifest().submission_id
TARGETS = ("part1", "part3", "eo1.1", "eo1.2", "eo2.1")  # judged parts first, then details


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_workspace_has_its_folders_and_nothing_else(workspace: Workspace) -> None:
    assert (workspace.data_dir / "workspace.sqlite3").is_file()
    assert (workspace.data_dir / "bundles").is_dir()
    assert workspace.submissions() == []
    assert workspace.pending_changes() == 0
    assert len(workspace.workspace_id) == 36


def test_import_extracts_the_bundle_and_records_it(imported: Workspace) -> None:
    bundle_dir = imported.data_dir / "bundles" / SUBMISSION
    assert (bundle_dir / "manifest.json").is_file()
    [summary] = imported.submissions()
    assert summary.id == SUBMISSION
    assert (summary.credential_id, summary.credential_title, summary.credential_version) == (
        "cred-test",
        "Test Credential",
        "2026.1",
    )
    assert summary.status is SubmissionStatus.NEW
    assert (summary.judged, summary.total) == (0, len(TARGETS))
    assert summary.due == "2026-12-15"
    assert summary.imported_at.endswith("Z") and summary.updated_at == summary.imported_at

    opened = imported.submission(SUBMISSION)
    assert opened.bundle_dir == bundle_dir
    assert opened.locked is False
    assert opened.manifest.rubric.target_ids() == TARGETS
    # The manifest survives the round trip through the database (sizes and hashes filled in).
    expected = dataclasses.replace(sample_manifest(), artifacts=opened.manifest.artifacts)
    assert opened.manifest == expected
    pdf = opened.artifact_path("a1")
    assert pdf == bundle_dir / "artifacts" / "a1.pdf"
    assert _sha(pdf) == opened.manifest.artifact("a1").sha256  # type: ignore[union-attr]
    # eo2.1 cites a page past the end of the PDF, on purpose: shown, not refused.
    assert [p.detail_id for p in opened.citation_problems] == ["eo2.1"]
    with pytest.raises(UnknownArtifactError, match=SUBMISSION):
        opened.artifact_path("nope")
    # Nothing but the bundle folder in bundles/ (no staging left behind).
    assert [p.name for p in (imported.data_dir / "bundles").iterdir()] == [SUBMISSION]


def test_the_same_bundle_again_is_a_no_op(imported: Workspace, sample_bundle: Path) -> None:
    before = imported.submissions()
    assert imported.import_bundle(sample_bundle) == SUBMISSION
    assert imported.submissions() == before
    assert [p.name for p in (imported.data_dir / "bundles").iterdir()] == [SUBMISSION]


def test_a_different_bundle_with_the_same_id_is_refused(
    imported: Workspace, tmp_path: Path
) -> None:
    imported.judge(SUBMISSION, "eo1.1", "P")
    other = write_sample_bundle(tmp_path / "other.zip", SUBMISSION, pages=9)
    with pytest.raises(DuplicateBundleError) as info:
        imported.import_bundle(other)
    assert SUBMISSION in str(info.value) and "not imported" in str(info.value)
    opened = imported.submission(SUBMISSION)
    assert opened.manifest.artifact("a1").page_count == 6  # type: ignore[union-attr]
    assert list(imported.judgments(SUBMISSION)) == ["eo1.1"]
    assert [p.name for p in (imported.data_dir / "bundles").iterdir()] == [SUBMISSION]


def test_two_submissions(imported: Workspace, tmp_path: Path) -> None:
    second = write_sample_bundle(tmp_path / "b.zip", "SUB-TEST-0002")
    assert imported.import_bundle(second) == "SUB-TEST-0002"
    assert [s.id for s in imported.submissions()] == [SUBMISSION, "SUB-TEST-0002"]


def test_a_broken_bundle_leaves_nothing_behind(workspace: Workspace, tmp_path: Path) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(BundleError):
        workspace.import_bundle(broken)
    assert list((workspace.data_dir / "bundles").iterdir()) == []
    assert workspace.submissions() == []


def test_a_failed_database_insert_removes_the_extracted_folder(
    workspace: Workspace, sample_bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_args: object) -> None:
        raise OSError("simulated failure while recording the bundle")

    monkeypatch.setattr(Workspace, "_write", fail)
    with pytest.raises(OSError, match="simulated"):
        workspace.import_bundle(sample_bundle)
    assert list((workspace.data_dir / "bundles").iterdir()) == []


def test_open_sweeps_folders_left_by_an_interrupted_import(
    data_dir: Path, sample_bundle: Path
) -> None:
    with Workspace.open(data_dir) as ws:
        ws.import_bundle(sample_bundle)
    bundles = data_dir / "bundles"
    # A crash after extraction, before the row: a complete folder nobody names.
    shutil.copytree(bundles / SUBMISSION, bundles / "SUB-CRASHED")
    (bundles / ".staging-abc123").mkdir()
    (bundles / ".staging-abc123" / "half.pdf").write_bytes(b"%PDF-")
    (bundles / ".staging-file").write_bytes(b"x")
    with Workspace.open(data_dir) as ws:
        assert [p.name for p in bundles.iterdir()] == [SUBMISSION]
        assert [s.id for s in ws.submissions()] == [SUBMISSION]
        assert ws.submission(SUBMISSION).artifact_path("a1").is_file()


def test_missing_bundle_files_are_reported_and_restored_by_reimport(
    imported: Workspace, sample_bundle: Path
) -> None:
    imported.judge(SUBMISSION, "eo1.1", "P")
    shutil.rmtree(imported.data_dir / "bundles" / SUBMISSION)
    with pytest.raises(BundleMissingError, match="import its bundle again"):
        imported.submission(SUBMISSION)
    assert imported.import_bundle(sample_bundle) == SUBMISSION
    assert imported.submission(SUBMISSION).artifact_path("a1").is_file()
    assert list(imported.judgments(SUBMISSION)) == ["eo1.1"]


def test_unknown_submission(workspace: Workspace) -> None:
    with pytest.raises(UnknownSubmissionError, match="SUB-NONE"):
        workspace.submission("SUB-NONE")


@pytest.mark.parametrize(
    ("submission_id", "taken", "expected"),
    [
        ("SUB-1", set(), "SUB-1"),
        ("sub_2", set(), "sub_2"),
        ("a.b", set(), None),  # dots: trailing-dot and extension trouble on Windows
        ("CON", set(), None),  # a Windows device name
        ("Sub-1", {"sub-1"}, None),  # differs from a taken name only by case
    ],
)
def test_bundle_folder_names_are_portable(
    submission_id: str, taken: set[str], expected: str | None
) -> None:
    name = _bundle_dir_name(submission_id, taken)
    if expected is not None:
        assert name == expected
    else:
        assert name != submission_id and name.casefold() not in taken
        assert name.replace("-", "").isalnum()
        assert name == _bundle_dir_name(submission_id, taken)  # deterministic
