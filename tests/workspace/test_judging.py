"""Judging: validated, durable on return, each change with exactly one outbox entry."""

from __future__ import annotations

import re
import uuid

import pytest
from support.bundles import sample_manifest

from assessor_app.errors import InvalidLevelError, UnknownSubmissionError, UnknownTargetError
from assessor_app.workspace import Judgment, OutboxKind, SubmissionStatus, Workspace

SUBMISSION = sample_manifest().submission_id
TARGETS = ("part1", "part3", "eo1.1", "eo1.2", "eo2.1")


def test_judge_and_read_back(imported: Workspace) -> None:
    made = imported.judge(SUBMISSION, "eo1.2", "N", "Show the norms being used, not only listed.")
    assert isinstance(made, Judgment)
    assert (made.target_id, made.level, made.revision) == ("eo1.2", "N", 1)
    assert made.updated_at.endswith("Z")
    imported.judge(SUBMISSION, "part1", "P")
    got = imported.judgments(SUBMISSION)
    assert list(got) == ["part1", "eo1.2"]  # rubric order, not the order judged
    assert got["eo1.2"] == made
    assert got["part1"].comment == ""


def test_a_not_yet_needs_no_feedback_at_judge_time(imported: Workspace) -> None:
    assert imported.judge(SUBMISSION, "eo2.1", "N").comment == ""


def test_changing_a_judgment_bumps_its_revision_and_queues_each_change(
    imported: Workspace,
) -> None:
    imported.judge(SUBMISSION, "eo1.1", "N")
    imported.judge(SUBMISSION, "eo1.1", "N", "Needs the staff's own words.")
    third = imported.judge(SUBMISSION, "eo1.1", "P", "Fine after all.")
    assert third.revision == 3
    entries = imported.outbox()
    assert [e.kind for e in entries] == [OutboxKind.JUDGE] * 3
    assert [e.payload["revision"] for e in entries] == [1, 2, 3]
    assert entries[-1].payload == {
        "submission_id": SUBMISSION,
        "target_id": "eo1.1",
        "level": "P",
        "comment": "Fine after all.",
        "rationale": "",  # a lead's reason for the level; an assessor has none
        "revision": 3,
        "updated_at": third.updated_at,
        "base_version": 0,  # the portal's version of the row as last seen (never, here)
    }
    assert [e.seq for e in entries] == sorted(e.seq for e in entries)
    assert len({e.op_id for e in entries}) == 3
    for e in entries:
        assert uuid.UUID(e.op_id).version == 4
        assert (e.submission_id, e.target_id, e.acked_at, e.attempts) == (
            SUBMISSION,
            "eo1.1",
            None,
            0,
        )
    assert imported.pending_changes() == 3


def test_the_same_judgment_again_changes_nothing(imported: Workspace) -> None:
    first = imported.judge(SUBMISSION, "eo1.1", "P", "ok")
    again = imported.judge(SUBMISSION, "eo1.1", "P", "ok")
    assert again == first
    assert imported.pending_changes() == 1


def test_validation(imported: Workspace) -> None:
    with pytest.raises(UnknownTargetError, match=re.escape("'eo9.9'")):
        imported.judge(SUBMISSION, "eo9.9", "P")
    with pytest.raises(UnknownTargetError):  # the portfolio part is judged per detail
        imported.judge(SUBMISSION, "part2", "P")
    with pytest.raises(UnknownTargetError):  # an outcome is not a target either
        imported.judge(SUBMISSION, "eo1", "P")
    with pytest.raises(InvalidLevelError, match=r"levels are P, N"):
        imported.judge(SUBMISSION, "eo1.1", "p")
    with pytest.raises(UnknownSubmissionError):
        imported.judge("SUB-NONE", "eo1.1", "P")
    with pytest.raises(UnknownSubmissionError):
        imported.judgments("SUB-NONE")
    assert imported.judgments(SUBMISSION) == {}
    assert imported.pending_changes() == 0


def test_clear_takes_a_target_back_to_unjudged(imported: Workspace) -> None:
    imported.judge(SUBMISSION, "eo1.1", "N", "feedback")
    imported.clear_judgment(SUBMISSION, "eo1.1")
    assert imported.judgments(SUBMISSION) == {}
    imported.clear_judgment(SUBMISSION, "eo1.1")  # nothing to clear: no-op
    imported.clear_judgment(SUBMISSION, "eo1.2")  # never judged: no-op
    entries = imported.outbox()
    assert [e.kind for e in entries] == [OutboxKind.JUDGE, OutboxKind.CLEAR]
    assert entries[1].payload["revision"] == 2
    # Judged again later, the revision keeps counting (it never goes back).
    assert imported.judge(SUBMISSION, "eo1.1", "P").revision == 3
    with pytest.raises(UnknownTargetError):
        imported.clear_judgment(SUBMISSION, "nope")


def test_status_follows_the_judgments(imported: Workspace) -> None:
    def status() -> SubmissionStatus:
        return imported.submissions()[0].status

    assert status() is SubmissionStatus.NEW
    imported.judge(SUBMISSION, "eo1.1", "P")
    assert status() is SubmissionStatus.IN_PROGRESS
    for target in TARGETS:
        imported.judge(SUBMISSION, target, "P")
    # Part 3 of the sample is short of its 60-word minimum: proficient is not acceptable.
    assert status() is SubmissionStatus.IN_PROGRESS
    imported.judge(SUBMISSION, "part3", "N")  # below proficient, no feedback yet
    assert status() is SubmissionStatus.IN_PROGRESS
    judged = imported.judge(SUBMISSION, "part3", "N", "Reach the 60-word minimum.")
    summary = imported.submissions()[0]
    assert summary.status is SubmissionStatus.READY
    assert (summary.judged, summary.total) == (5, 5)
    assert summary.updated_at == judged.updated_at
    imported.clear_judgment(SUBMISSION, "part1")
    assert status() is SubmissionStatus.IN_PROGRESS
    assert imported.submissions()[0].judged == 4


def test_comments_keep_every_character(imported: Workspace) -> None:
    text = "Line one.\n\tLine two – «quoted» 🙂 \u0000 end  "
    assert imported.judge(SUBMISSION, "eo1.1", "N", text).comment == text
    assert imported.judgments(SUBMISSION)["eo1.1"].comment == text
