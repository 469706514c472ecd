"""A portal restored from a backup (new epoch) or a cursor ahead of it (reset): the client
re-pulls from 0, re-sends what was not acknowledged, and never drops its outbox."""

from __future__ import annotations

import pytest
from support.bundles import judge_all_submittable
from support.sync_data import EPOCH, SUBMISSION, assignment_change, judgment_change

from assessor_app.storage.sync_store import OpState
from assessor_app.sync.protocol import OpResult, OpStatus
from assessor_app.workspace import SubmissionStatus, Workspace


def ack_all(ws: Workspace, start: int = 100) -> int:
    version = start
    while ops := ws.pending_ops():
        results = []
        for op in ops:
            version += 1
            results.append(OpResult(op.op_id, OpStatus.APPLIED, version=version))
        ws.record_op_results(results)
    return version


@pytest.mark.parametrize("how", ["epoch", "reset"])
def test_a_restart_drops_the_cursor_and_requeues_not_accepted_ops(
    pinned: Workspace, how: str
) -> None:
    pinned.apply_changes([assignment_change(3)], EPOCH, 50)
    pinned.judge(SUBMISSION, "eo1.1", "P")  # will be refused (locked)
    pinned.judge(SUBMISSION, "eo1.2", "P")  # never answered
    locked, _pending = pinned.pending_ops()
    pinned.record_op_results([OpResult(locked.op_id, OpStatus.LOCKED, message="submitted")])
    before = {e.op_id for e in pinned.outbox()}

    if how == "epoch":
        result = pinned.apply_changes([judgment_change(60, "eo2.1", "P")], "e-2", 60)
    else:
        result = pinned.apply_changes([], EPOCH, 10, reset=True)
    assert result.restarted and result.cursor == 0 and result.applied == 0
    state = pinned.sync_state()
    assert state is not None and state.cursor == 0 and state.resync
    assert "eo2.1" not in pinned.judgments(SUBMISSION)  # nothing of that page was applied
    # Every unacknowledged op goes out again; none was dropped.
    assert {o.op_id for o in pinned.pending_ops()} == before
    assert pinned.not_accepted() == []
    assert {e.op_id for e in pinned.outbox()} == before


def test_the_re_pull_re_sends_what_the_restored_portal_lost(pinned: Workspace) -> None:
    pinned.apply_changes([assignment_change(3)], EPOCH, 3)
    pinned.judge(SUBMISSION, "eo1.1", "P", "kept by the portal")
    pinned.judge(SUBMISSION, "eo1.2", "N", "lost in the restore")
    pinned.judge(SUBMISSION, "eo2.1", "P", "changed after the backup")
    ack_all(pinned)
    assert pinned.pending_changes() == 0

    # The portal comes back from a backup: new epoch, and only part of our work.
    assert pinned.apply_changes([], "e-restored", 0).restarted
    pinned.apply_changes(
        [
            assignment_change(2),
            judgment_change(5, "eo1.1", "P", "kept by the portal"),
            judgment_change(6, "eo2.1", "N", "an older value"),
        ],
        "e-restored",
        6,
        more=False,
    )
    state = pinned.sync_state()
    assert state is not None and not state.resync and state.epoch == "e-restored"
    # Equal: nothing to do. Missing on the portal: sent again. Different: the person chooses.
    ops = pinned.pending_ops()
    assert [(o.target_id, o.wire["level"], o.wire["base_version"]) for o in ops] == [
        ("eo1.2", "N", 0)
    ]
    [conflict] = pinned.conflicts()
    assert (conflict.target_id, conflict.local_comment, conflict.server_comment) == (
        "eo2.1",
        "changed after the backup",
        "an older value",
    )
    assert conflict.op_id is None and conflict.server_version == 6
    # Local values are untouched until the person decides.
    assert pinned.judgments(SUBMISSION)["eo2.1"].comment == "changed after the backup"
    pinned.judge(SUBMISSION, "eo1.1", "N", "later")
    [later] = [o for o in pinned.pending_ops() if o.target_id == "eo1.1"]
    assert later.wire["base_version"] == 5


def test_a_submit_the_restored_portal_lost_is_sent_again(pinned: Workspace) -> None:
    pinned.apply_changes([assignment_change(3)], EPOCH, 3)
    judge_all_submittable(pinned, SUBMISSION)
    pinned.submit(SUBMISSION)
    ack_all(pinned)
    assert pinned.submissions()[0].status is SubmissionStatus.SUBMITTED

    pinned.apply_changes([], "e-2", 0)
    changes = [assignment_change(2)]
    changes += [
        judgment_change(3 + i, e.target_id or "", e.payload["level"], e.payload["comment"])
        for i, e in enumerate(pinned.outbox(include_acked=True))
        if e.kind.value == "judge"
    ]
    pinned.apply_changes(changes, "e-2", 20)
    [submit] = pinned.pending_ops()
    assert submit.kind == "submit"
    assert pinned.conflicts() == []
    assert pinned.submission(SUBMISSION).locked  # still locked here


def test_pending_work_survives_a_restart_unchanged(pinned: Workspace) -> None:
    pinned.judge(SUBMISSION, "eo1.1", "P", "never sent")
    [op] = pinned.pending_ops()
    pinned.mark_ops_sent([op.op_id])  # sent, answer lost
    pinned.apply_changes([], "e-2", 0)
    pinned.apply_changes([judgment_change(4, "eo1.1", "N", "portal value")], "e-2", 4)
    # The op is still pending with its original payload (a replay must be byte-identical).
    [again] = pinned.pending_ops()
    assert again.op_id == op.op_id and again.wire == op.wire
    assert pinned.judgments(SUBMISSION)["eo1.1"].comment == "never sent"
    statuses = [e.status for e in pinned.outbox()]
    assert statuses == [OpState.PENDING]
