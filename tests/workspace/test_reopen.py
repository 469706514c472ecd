"""Everything saved is there after closing and opening again; one app per workspace."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from support.bundles import judge_all_submittable, sample_manifest

from assessor_app.errors import WorkspaceInUseError
from assessor_app.workspace import SubmissionStatus, Workspace

SUBMISSION = sample_manifest().submission_id
TARGETS = ("part1", "part3", "eo1.1", "eo1.2", "eo2.1")


def test_reopen_keeps_everything(data_dir: Path, sample_bundle: Path) -> None:
    with Workspace.open(data_dir) as ws:
        ws.import_bundle(sample_bundle)
        workspace_id = ws.workspace_id
        judge_all_submittable(ws, SUBMISSION)
        ws.judge(SUBMISSION, "eo1.2", "N", "Show it in a meeting.")
        ws.clear_judgment(SUBMISSION, "part1")
        ws.judge(SUBMISSION, "part1", "P", "Clear answers.")
        ws.submit(SUBMISSION)
        ws.save_position(SUBMISSION, {"target": "eo1.2"})
        judgments, outbox, summaries = ws.judgments(SUBMISSION), ws.outbox(), ws.submissions()

    with Workspace.open(data_dir) as ws:
        assert ws.workspace_id == workspace_id
        assert ws.judgments(SUBMISSION) == judgments
        assert ws.outbox() == outbox
        assert ws.submissions() == summaries
        assert summaries[0].status is SubmissionStatus.SUBMITTED
        assert ws.submission(SUBMISSION).locked
        assert ws.position(SUBMISSION) == {"target": "eo1.2"}
        assert ws.pending_changes() == len(outbox) == 9
    assert not (data_dir / "backups").exists()  # up to date: no backup at open


def test_a_second_open_of_the_same_workspace_is_refused(data_dir: Path) -> None:
    with Workspace.open(data_dir), pytest.raises(WorkspaceInUseError, match="open in another"):
        Workspace.open(data_dir)
    Workspace.open(data_dir).close()  # released on close


def test_a_closed_workspace_cannot_be_used(data_dir: Path) -> None:
    ws = Workspace.open(data_dir)
    ws.close()
    ws.close()  # twice is fine
    with pytest.raises(RuntimeError, match="closed"):
        ws.submissions()


def test_open_creates_a_missing_folder(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "a" / "b") as ws:
        assert ws.data_dir == tmp_path / "a" / "b"
        assert (ws.data_dir / "bundles").is_dir()


def test_calls_from_two_threads_are_serialised(imported: Workspace) -> None:
    """One writer thread is the rule; a stray second thread must still not break anything."""
    errors: list[BaseException] = []

    def work(target: str, level: str) -> None:
        try:
            for n in range(25):
                imported.judge(SUBMISSION, target, level, f"{level} {n}")
                imported.submissions()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=work, args=("eo1.1", "P")),
        threading.Thread(target=work, args=("eo1.2", "N")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    got = imported.judgments(SUBMISSION)
    assert (got["eo1.1"].revision, got["eo1.2"].revision) == (25, 25)
    assert [e.seq for e in imported.outbox()] == list(range(1, 51))
