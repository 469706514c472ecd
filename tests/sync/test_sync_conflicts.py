"""Conflicts are shown, never settled by clocks: the person keeps "mine" or takes "theirs"."""

from __future__ import annotations

import pytest
from support.bundles import judge_all_submittable
from support.sync_data import EPOCH, SUBMISSION, judgment_change

from assessor_app.errors import IncompleteSubmissionError, NoConflictError
from assessor_app.storage.sync_store import OpState
from assessor_app.sync.protocol import OpResult, OpStatus, ServerValue
from assessor_app.workspace import SubmissionStatus, Workspace


def make_conflict(ws: Workspace, target: str = "eo1.1") -> str:
    """The assessor judges ``target`` P/"mine"; the portal already holds N/"theirs" at v35."""
    ws.judge(SUBMISSION, target, "P", "mine")
    [op] = [o for o in ws.pending_ops() if o.target_id == target]
    ws.mark_ops_sent([op.op_id])
    ws.record_op_results(
        [OpResult(op.op_id, OpStatus.CONFLICT, server=ServerValue("N", "theirs", 35))]
    )
    return op.op_id


def test_keep_mine_sends_the_local_value_on_top_of_the_portals_version(
    pinned: Workspace,
) -> None:
    old = make_conflict(pinned)
    new_op = pinned.resolve_conflict(SUBMISSION, "eo1.1", "mine")
    assert new_op is not None and new_op != old
    assert pinned.conflicts() == []
    assert pinned.submissions()[0].status is not SubmissionStatus.CONFLICT
    [op] = pinned.pending_ops()
    assert op.op_id == new_op
    assert op.wire == {
        "op_id": new_op,
        "kind": "judge",
        "submission_id": SUBMISSION,
        "target_id": "eo1.1",
        "level": "P",
        "comment": "mine",
        "base_version": 35,
    }
    statuses = {e.op_id: e.status for e in pinned.outbox(include_acked=True)}
    assert statuses[old] is OpState.SUPERSEDED  # kept on record, not re-sent
    pinned.record_op_results([OpResult(new_op, OpStatus.APPLIED, version=36)])
    assert pinned.pending_changes() == 0
    assert pinned.judgments(SUBMISSION)["eo1.1"].level == "P"


def test_take_theirs_takes_the_portals_value_and_sends_nothing(pinned: Workspace) -> None:
    make_conflict(pinned)
    before = pinned.judgments(SUBMISSION)["eo1.1"]
    assert pinned.resolve_conflict(SUBMISSION, "eo1.1", "theirs") is None
    after = pinned.judgments(SUBMISSION)["eo1.1"]
    assert (after.level, after.comment) == ("N", "theirs")
    assert after.revision == before.revision + 1
    assert pinned.pending_ops() == []
    assert pinned.pending_changes() == 0
    assert pinned.conflicts() == []
    # A later edit builds on the portal's version.
    pinned.judge(SUBMISSION, "eo1.1", "N", "theirs, sharpened")
    assert pinned.pending_ops()[0].wire["base_version"] == 35


def test_edits_made_during_a_conflict_wait_and_the_choice_sends_the_latest(
    pinned: Workspace,
) -> None:
    make_conflict(pinned)
    pinned.judge(SUBMISSION, "eo1.1", "P", "mine, reworded")
    assert pinned.pending_ops() == []  # held: the row is in conflict
    [c] = pinned.conflicts()
    assert c.local_comment == "mine, reworded"
    pinned.resolve_conflict(SUBMISSION, "eo1.1", "mine")
    [op] = pinned.pending_ops()
    assert op.wire["comment"] == "mine, reworded" and op.wire["base_version"] == 35


def test_a_conflict_blocks_submit_until_resolved(pinned: Workspace) -> None:
    judge_all_submittable(pinned, SUBMISSION)
    # eo1.1 came back in conflict
    [op] = [o for o in pinned.pending_ops() if o.target_id == "eo1.1"]
    pinned.record_op_results(
        [OpResult(op.op_id, OpStatus.CONFLICT, server=ServerValue("N", "theirs", 35))]
    )
    with pytest.raises(IncompleteSubmissionError, match="choose which to keep") as info:
        pinned.submit(SUBMISSION)
    assert info.value.missing == ["eo1.1"]
    pinned.resolve_conflict(SUBMISSION, "eo1.1", "theirs")
    pinned.judge(SUBMISSION, "eo1.1", "N", "theirs")  # same value: no new op
    pinned.submit(SUBMISSION)


def test_the_feed_settles_a_conflict_when_the_portal_comes_round(pinned: Workspace) -> None:
    make_conflict(pinned)
    pinned.apply_changes([judgment_change(40, "eo1.1", "P", "mine")], EPOCH, 40)
    assert pinned.conflicts() == []
    assert pinned.pending_changes() == 0
    assert pinned.judgments(SUBMISSION)["eo1.1"].comment == "mine"
    pinned.judge(SUBMISSION, "eo1.1", "N", "next")
    assert pinned.pending_ops()[0].wire["base_version"] == 40


def test_the_feed_refreshes_the_portals_side_of_a_conflict(pinned: Workspace) -> None:
    make_conflict(pinned)
    pinned.apply_changes([judgment_change(41, "eo1.1", "N", "theirs, again")], EPOCH, 41)
    [c] = pinned.conflicts()
    assert (c.server_comment, c.server_version) == ("theirs, again", 41)
    assert (c.local_level, c.local_comment) == ("P", "mine")
    pinned.resolve_conflict(SUBMISSION, "eo1.1", "mine")
    assert pinned.pending_ops()[0].wire["base_version"] == 41


def test_a_conflict_answer_that_matches_the_local_value_settles_itself(
    pinned: Workspace,
) -> None:
    pinned.judge(SUBMISSION, "eo1.1", "P", "same")
    [op] = pinned.pending_ops()
    pinned.record_op_results(
        [OpResult(op.op_id, OpStatus.CONFLICT, server=ServerValue("P", "same", 12))]
    )
    assert pinned.conflicts() == []
    pinned.judge(SUBMISSION, "eo1.1", "N", "x")
    assert pinned.pending_ops()[0].wire["base_version"] == 12


def test_resolving_what_is_not_in_conflict_is_refused(pinned: Workspace) -> None:
    with pytest.raises(NoConflictError):
        pinned.resolve_conflict(SUBMISSION, "eo1.1", "mine")
    make_conflict(pinned)
    with pytest.raises(ValueError, match="mine"):
        pinned.resolve_conflict(SUBMISSION, "eo1.1", "newest")  # type: ignore[arg-type]


def test_conflicts_can_be_listed_per_submission(pinned: Workspace) -> None:
    make_conflict(pinned, "eo1.1")
    make_conflict(pinned, "eo2.1")
    assert [c.target_id for c in pinned.conflicts(SUBMISSION)] == ["eo1.1", "eo2.1"]
    assert pinned.conflicts("SUB-OTHER") == []
    assert pinned.sync_overview().conflicts == 2
