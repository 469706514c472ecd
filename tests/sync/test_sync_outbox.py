"""The outbox as sync sees it: what is sent, in which order, and how answers are recorded."""

from __future__ import annotations

import json
import sqlite3

import pytest
from support.bundles import judge_all_submittable
from support.sync_data import SUBMISSION

from assessor_app.storage.sync_store import OpState
from assessor_app.sync.protocol import OpResult, OpStatus, ServerValue
from assessor_app.workspace import SubmissionStatus, Workspace


def applied(op_id: str, version: int) -> OpResult:
    return OpResult(op_id, OpStatus.APPLIED, version=version)


def test_a_judge_op_carries_the_rows_base_version_on_the_wire(pinned: Workspace) -> None:
    pinned.judge(SUBMISSION, "eo1.1", "N", "Show the norms.")
    pinned.clear_judgment(SUBMISSION, "eo1.1")
    [op] = pinned.pending_ops()  # one op per row at a time: the clear waits for the judge
    assert op.wire == {
        "op_id": op.op_id,
        "kind": "judge",
        "submission_id": SUBMISSION,
        "target_id": "eo1.1",
        "level": "N",
        "comment": "Show the norms.",
        "base_version": 0,
    }
    pinned.record_op_results([applied(op.op_id, 41)])
    [clear] = pinned.pending_ops()
    # The clear was made on top of the judge: it builds on the version the judge got.
    assert clear.wire == {
        "op_id": clear.op_id,
        "kind": "clear",
        "submission_id": SUBMISSION,
        "target_id": "eo1.1",
        "base_version": 41,
    }


def test_pending_ops_follow_seq_order_and_respect_the_limit(pinned: Workspace) -> None:
    for target in ("eo2.1", "eo1.1", "part1", "eo1.2"):
        pinned.judge(SUBMISSION, target, "P")
    ops = pinned.pending_ops()
    assert [o.target_id for o in ops] == ["eo2.1", "eo1.1", "part1", "eo1.2"]
    assert [o.seq for o in ops] == sorted(o.seq for o in ops)
    assert [o.target_id for o in pinned.pending_ops(2)] == ["eo2.1", "eo1.1"]


def test_submit_waits_until_every_judgment_was_answered(pinned: Workspace) -> None:
    judge_all_submittable(pinned, SUBMISSION)
    pinned.submit(SUBMISSION)
    first = pinned.pending_ops()
    assert [o.kind for o in first] == ["judge"] * 5
    pinned.record_op_results([applied(o.op_id, 10 + i) for i, o in enumerate(first)])
    [submit] = pinned.pending_ops()
    assert submit.wire == {"op_id": submit.op_id, "kind": "submit", "submission_id": SUBMISSION}


def test_answers_are_recorded_in_a_later_transaction_and_set_the_base(pinned: Workspace) -> None:
    pinned.judge(SUBMISSION, "eo1.1", "P")
    [op] = pinned.pending_ops()
    [entry] = pinned.outbox()
    assert (entry.acked_at, entry.status) == (None, OpState.PENDING)
    pinned.mark_ops_sent([op.op_id])
    recorded = pinned.record_op_results([applied(op.op_id, 7)])
    assert (recorded.acked, recorded.conflicts, recorded.not_accepted) == (1, 0, 0)
    assert pinned.pending_changes() == 0
    [entry] = pinned.outbox(include_acked=True)
    assert entry.status is OpState.ACKED and entry.acked_at is not None and entry.attempts == 1
    # The next change of the row is made on top of version 7.
    pinned.judge(SUBMISSION, "eo1.1", "N", "On second thought.")
    assert pinned.pending_ops()[0].wire["base_version"] == 7


def test_the_same_answers_twice_apply_once(pinned: Workspace) -> None:
    pinned.judge(SUBMISSION, "eo1.1", "P")
    [op] = pinned.pending_ops()
    assert pinned.record_op_results([applied(op.op_id, 3)]).acked == 1
    again = pinned.record_op_results([applied(op.op_id, 3)])
    assert (again.acked, again.ignored) == (0, 1)


def test_unchanged_is_an_acknowledgement(pinned: Workspace) -> None:
    pinned.judge(SUBMISSION, "eo1.1", "P")
    [op] = pinned.pending_ops()
    pinned.record_op_results([OpResult(op.op_id, OpStatus.UNCHANGED, version=22)])
    [entry] = pinned.outbox(include_acked=True)
    assert entry.status is OpState.ACKED and entry.message == "unchanged"
    assert pinned.pending_ops() == []


def test_not_accepted_ops_are_kept_visible_and_never_dropped(pinned: Workspace) -> None:
    pinned.judge(SUBMISSION, "eo1.1", "P")
    pinned.judge(SUBMISSION, "eo1.2", "N", "Needs the minutes.")
    pinned.judge(SUBMISSION, "eo2.1", "P")
    a, b, c = pinned.pending_ops()
    pinned.record_op_results(
        [
            OpResult(a.op_id, OpStatus.LOCKED, message="submitted on the portal"),
            OpResult(b.op_id, OpStatus.FORBIDDEN, message="not assigned to you"),
            OpResult(c.op_id, OpStatus.INVALID, message="level 'X' is not in the rubric"),
        ]
    )
    refused = pinned.not_accepted()
    assert [(n.target_id, n.status, n.message) for n in refused] == [
        ("eo1.1", OpState.LOCKED, "submitted on the portal"),
        ("eo1.2", OpState.FORBIDDEN, "not assigned to you"),
        ("eo2.1", OpState.INVALID, "level 'X' is not in the rubric"),
    ]
    assert refused[1].level == "N" and refused[1].comment == "Needs the minutes."
    assert pinned.pending_ops() == []  # not re-sent in a loop
    assert pinned.pending_changes() == 3  # not acknowledged either
    overview = pinned.sync_overview()
    assert overview.not_accepted == 3 and not overview.up_to_date
    # Still there after more work and a reopen of the database.
    pinned.judge(SUBMISSION, "part1", "P")
    assert len(pinned.not_accepted()) == 3


def test_a_conflict_answer_keeps_both_values(pinned: Workspace) -> None:
    pinned.judge(SUBMISSION, "eo1.1", "P", "mine")
    [op] = pinned.pending_ops()
    pinned.record_op_results(
        [OpResult(op.op_id, OpStatus.CONFLICT, server=ServerValue("N", "theirs", 35))]
    )
    [conflict] = pinned.conflicts()
    assert (conflict.local_level, conflict.local_comment) == ("P", "mine")
    assert (conflict.server_level, conflict.server_comment, conflict.server_version) == (
        "N",
        "theirs",
        35,
    )
    assert conflict.op_id == op.op_id
    assert pinned.judgments(SUBMISSION)["eo1.1"].level == "P"  # local value untouched
    assert pinned.submissions()[0].status is SubmissionStatus.CONFLICT


def test_an_op_is_not_acknowledged_by_the_transaction_that_wrote_it(pinned: Workspace) -> None:
    """The judgment and its pending op commit together; the ack is a separate, later commit."""
    pinned.judge(SUBMISSION, "eo1.1", "P")
    raw = sqlite3.connect(pinned.db_path)
    try:
        row = raw.execute("SELECT status, acked_at, payload FROM outbox").fetchone()
    finally:
        raw.close()
    assert row[0] == "pending" and row[1] is None
    assert json.loads(row[2])["base_version"] == 0


@pytest.mark.parametrize("status", [OpStatus.APPLIED, OpStatus.UNCHANGED])
def test_acknowledged_submit_marks_the_assignment_submitted(
    pinned: Workspace, status: OpStatus
) -> None:
    judge_all_submittable(pinned, SUBMISSION)
    pinned.submit(SUBMISSION)
    while ops := pinned.pending_ops():
        pinned.record_op_results([OpResult(o.op_id, status, version=5) for o in ops])
    assert pinned.pending_changes() == 0
    assert pinned.submissions()[0].status is SubmissionStatus.SUBMITTED


def test_a_submit_the_portal_finds_incomplete_unlocks_for_another_try(pinned: Workspace) -> None:
    judge_all_submittable(pinned, SUBMISSION)
    pinned.submit(SUBMISSION)
    while ops := pinned.pending_ops():
        pinned.record_op_results(
            [
                OpResult(o.op_id, OpStatus.INVALID, message="part3 needs feedback")
                if o.kind == "submit"
                else applied(o.op_id, 9)
                for o in ops
            ]
        )
    assert not pinned.submission(SUBMISSION).locked
    [refused] = pinned.not_accepted()
    assert refused.kind == "submit" and refused.message == "part3 needs feedback"
    pinned.judge(SUBMISSION, "part3", "N", "Write the reflection at the required length, please.")
    pinned.submit(SUBMISSION)
    assert pinned.submission(SUBMISSION).locked
