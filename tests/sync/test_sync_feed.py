"""Applying the change feed: assignments, own judgments, submits, revocations."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from support.bundles import write_sample_bundle
from support.signed_bundles import signed_copy
from support.sync_data import (
    EPOCH,
    SUBMISSION,
    assignment_change,
    judgment_change,
    revoked_change,
    sha256_file,
    submitted_change,
)

from assessor_app.errors import NotRevokedError, NotSignedInError, SubmissionLockedError
from assessor_app.storage.sync_store import BundleStatus
from assessor_app.sync.protocol import AssignmentState, OpResult, OpStatus, ServerValue
from assessor_app.workspace import SubmissionStatus, Workspace


def test_apply_needs_a_signed_in_workspace(imported: Workspace) -> None:
    with pytest.raises(NotSignedInError):
        imported.apply_changes([], EPOCH, 0)


def test_assignments_are_upserted_and_the_cursor_moves(pinned: Workspace) -> None:
    result = pinned.apply_changes(
        [assignment_change(3, "SUB-B"), assignment_change(4, "SUB-A")], EPOCH, 4, more=True
    )
    assert (result.applied, result.cursor, result.more, result.restarted) == (2, 4, True, False)
    assert [a.submission_id for a in pinned.assignments()] == ["SUB-A", "SUB-B"]
    assert pinned.sync_state() is not None and pinned.sync_state().cursor == 4  # type: ignore[union-attr]
    pinned.apply_changes([assignment_change(9, "SUB-A", sha="1" * 64, size=5)], EPOCH, 9)
    a = next(a for a in pinned.assignments() if a.submission_id == "SUB-A")
    assert (a.version, a.bundle_sha256, a.bundle_size, a.bundle_status) == (
        9,
        "1" * 64,
        5,
        BundleStatus.PENDING,
    )
    assert [a.submission_id for a in pinned.bundles_to_download()] == ["SUB-A", "SUB-B"]


def test_an_assignment_whose_bundle_is_here_is_ready(
    pinned: Workspace, sample_bundle: Path
) -> None:
    pinned.apply_changes([assignment_change(3, sha=sha256_file(sample_bundle))], EPOCH, 3)
    [a] = pinned.assignments()
    assert a.bundle_status is BundleStatus.READY
    assert pinned.bundles_to_download() == []


def test_own_judgments_from_the_portal_fill_in_rows_without_pending_work(
    pinned: Workspace,
) -> None:
    pinned.apply_changes(
        [
            judgment_change(21, "eo1.1", "P", "from my other laptop"),
            judgment_change(22, "eo1.2", None),
        ],
        EPOCH,
        22,
    )
    got = pinned.judgments(SUBMISSION)
    assert list(got) == ["eo1.1"]
    assert got["eo1.1"].comment == "from my other laptop"
    assert pinned.pending_ops() == []  # the portal's own value is not sent back
    pinned.judge(SUBMISSION, "eo1.1", "N", "changed here")
    pinned.judge(SUBMISSION, "eo1.2", "P")
    bases = {o.target_id: o.wire["base_version"] for o in pinned.pending_ops()}
    assert bases == {"eo1.1": 21, "eo1.2": 22}


def test_the_feed_never_overwrites_a_row_with_pending_work(pinned: Workspace) -> None:
    pinned.judge(SUBMISSION, "eo1.1", "P", "typed offline")
    pinned.apply_changes([judgment_change(30, "eo1.1", "N", "other device")], EPOCH, 30)
    assert pinned.judgments(SUBMISSION)["eo1.1"].comment == "typed offline"
    [op] = pinned.pending_ops()
    assert op.wire["base_version"] == 0  # what the assessor saw: the portal then answers
    pinned.record_op_results(
        [
            OpResult(
                op.op_id,
                OpStatus.CONFLICT,
                server=ServerValue("N", "other device", 30),
            )
        ]
    )
    assert len(pinned.conflicts()) == 1


def test_judgments_for_a_bundle_not_yet_here_wait_for_its_import(
    pinned: Workspace, tmp_path: Path, portal_key: Ed25519PrivateKey
) -> None:
    bundle = signed_copy(
        write_sample_bundle(tmp_path / "later.zip", "SUB-LATER"), tmp_path / "s.zip", portal_key
    )
    pinned.apply_changes(
        [
            assignment_change(5, "SUB-LATER", sha=sha256_file(bundle)),
            judgment_change(6, "eo2.1", "N", "from my other laptop", "SUB-LATER"),
            submitted_change(7, "SUB-LATER"),
        ],
        EPOCH,
        7,
    )
    assert [s.id for s in pinned.submissions()] == [SUBMISSION]
    assert [a.submission_id for a in pinned.bundles_to_download()] == ["SUB-LATER"]
    assert pinned.import_bundle(bundle) == "SUB-LATER"
    got = pinned.judgments("SUB-LATER")
    assert (got["eo2.1"].level, got["eo2.1"].comment) == ("N", "from my other laptop")
    assert pinned.submission("SUB-LATER").locked  # submitted on the portal already
    assert pinned.bundles_to_download() == []
    assert pinned.pending_ops() == []


def test_submitted_locks_and_revoked_marks_but_keeps_the_work(pinned: Workspace) -> None:
    pinned.judge(SUBMISSION, "eo1.1", "P")
    pinned.apply_changes([assignment_change(3), submitted_change(8)], EPOCH, 8)
    assert pinned.submissions()[0].status is SubmissionStatus.SUBMITTED
    assert pinned.submission(SUBMISSION).locked
    with pytest.raises(SubmissionLockedError):
        pinned.judge(SUBMISSION, "eo1.2", "P")

    pinned.apply_changes([revoked_change(9, reason="reassigned")], EPOCH, 9)
    assert pinned.submissions()[0].status is SubmissionStatus.REVOKED
    [a] = pinned.assignments()
    assert (a.state, a.revoked_reason, a.revoke_acknowledged) == (
        AssignmentState.REVOKED,
        "reassigned",
        False,
    )
    assert pinned.judgments(SUBMISSION)["eo1.1"].level == "P"  # own work kept
    assert pinned.submission(SUBMISSION).bundle_dir.is_dir()  # files kept until acknowledged
    assert pinned.sync_overview().revoked_unacknowledged == 1


def test_acknowledging_a_revocation_purges_the_bundle_and_keeps_the_records(
    pinned: Workspace,
) -> None:
    pinned.judge(SUBMISSION, "eo1.1", "N", "kept")
    with pytest.raises(NotRevokedError):
        pinned.acknowledge_revocation(SUBMISSION)
    bundle_dir = pinned.submission(SUBMISSION).bundle_dir
    pinned.apply_changes([assignment_change(3), revoked_change(4)], EPOCH, 4)
    pinned.acknowledge_revocation(SUBMISSION)
    assert not bundle_dir.exists()
    assert pinned.judgments(SUBMISSION)["eo1.1"].comment == "kept"
    assert len(pinned.outbox()) == 1
    [a] = pinned.assignments()
    assert a.revoke_acknowledged
    assert pinned.bundles_to_download() == []  # a revoked bundle is not fetched again
    assert pinned.sync_overview().revoked_unacknowledged == 0
    pinned.acknowledge_revocation(SUBMISSION)  # again: harmless


def test_a_revoked_assignment_given_back_opens_again(pinned: Workspace) -> None:
    pinned.apply_changes([assignment_change(3), revoked_change(4)], EPOCH, 4)
    pinned.acknowledge_revocation(SUBMISSION)
    pinned.apply_changes([assignment_change(12, state=AssignmentState.OPEN)], EPOCH, 12)
    [a] = pinned.assignments()
    assert a.state is AssignmentState.OPEN and a.revoked_reason is None
    assert pinned.submissions()[0].status is not SubmissionStatus.REVOKED
    assert [x.submission_id for x in pinned.bundles_to_download()] == [SUBMISSION]


def test_a_portal_reopened_submission_unlocks(pinned: Workspace) -> None:
    pinned.apply_changes([assignment_change(3, state=AssignmentState.SUBMITTED)], EPOCH, 3)
    assert pinned.submission(SUBMISSION).locked
    pinned.apply_changes([assignment_change(20, state=AssignmentState.OPEN)], EPOCH, 20)
    assert not pinned.submission(SUBMISSION).locked
