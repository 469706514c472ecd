"""Submitting: refused while incomplete, then locked for good, with its outbox entry."""

from __future__ import annotations

import pytest
from support.bundles import judge_all_submittable, sample_manifest

from assessor_app.errors import IncompleteSubmissionError, SubmissionLockedError
from assessor_app.workspace import OutboxKind, SubmissionStatus, Workspace

SUBMISSION = sample_manifest().submission_id
TARGETS = ("part1", "part3", "eo1.1", "eo1.2", "eo2.1")


def test_submit_is_refused_with_what_is_missing(imported: Workspace) -> None:
    imported.judge(SUBMISSION, "part1", "P")
    imported.judge(SUBMISSION, "eo1.2", "N")  # no feedback
    imported.judge(SUBMISSION, "eo2.1", "N", "   \n")  # blank feedback is no feedback
    with pytest.raises(IncompleteSubmissionError) as info:
        imported.submit(SUBMISSION)
    error = info.value
    assert error.missing == ["part3", "eo1.1", "eo1.2", "eo2.1"]  # rubric order
    assert str(error) == (
        f"Submission {SUBMISSION} cannot be submitted yet: Part 3 – Reflection: not judged; "
        "EO1 · detail 1.1: not judged; "
        "EO1 · detail 1.2: “Not yet proficient” needs feedback the candidate can act on; "
        "EO2 · detail 2.1: “Not yet proficient” needs feedback the candidate can act on."
    )
    # Nothing changed.
    assert imported.submission(SUBMISSION).locked is False
    assert [e.kind for e in imported.outbox()] == [OutboxKind.JUDGE] * 3


def test_submit_with_nothing_judged_lists_everything(imported: Workspace) -> None:
    with pytest.raises(IncompleteSubmissionError) as info:
        imported.submit(SUBMISSION)
    assert info.value.missing == list(TARGETS)
    assert str(info.value).endswith("EO1 · detail 1.2: not judged; and 1 more.")


def test_feedback_needs_a_word(imported: Workspace) -> None:
    judge_all_submittable(imported, SUBMISSION)
    imported.judge(SUBMISSION, "eo1.1", "N", " - ")  # punctuation is not feedback
    with pytest.raises(IncompleteSubmissionError) as info:
        imported.submit(SUBMISSION)
    assert info.value.missing == ["eo1.1"]
    assert imported.submissions()[0].status is SubmissionStatus.IN_PROGRESS
    imported.judge(SUBMISSION, "eo1.1", "N", "Show the norms in use.")
    assert imported.submissions()[0].status is SubmissionStatus.READY
    imported.submit(SUBMISSION)


def test_submit_locks_the_submission(imported: Workspace) -> None:
    judge_all_submittable(imported, SUBMISSION)
    imported.judge(SUBMISSION, "eo2.1", "N", "The cited page is not in the document.")
    imported.submit(SUBMISSION)

    assert imported.submission(SUBMISSION).locked is True
    [summary] = imported.submissions()
    assert summary.status is SubmissionStatus.SUBMITTED
    last = imported.outbox()[-1]
    assert last.kind is OutboxKind.SUBMIT and last.target_id is None
    assert last.payload["submission_id"] == SUBMISSION
    assert summary.updated_at == last.payload["submitted_at"]
    assert last.payload["judgments"]["eo2.1"] == {
        "level": "N",
        "comment": "The cited page is not in the document.",
        "revision": 2,
    }
    assert set(last.payload["judgments"]) == set(TARGETS)
    pending = imported.pending_changes()

    with pytest.raises(SubmissionLockedError, match="was submitted"):
        imported.judge(SUBMISSION, "eo1.1", "N", "changed my mind")
    with pytest.raises(SubmissionLockedError):
        imported.clear_judgment(SUBMISSION, "eo1.1")
    with pytest.raises(SubmissionLockedError):
        imported.submit(SUBMISSION)
    assert imported.judgments(SUBMISSION)["eo1.1"].level == "P"
    assert imported.pending_changes() == pending
    # Reading and remembering the position still work on a locked submission.
    imported.save_position(SUBMISSION, {"target": "eo1.1"})
    assert imported.position(SUBMISSION) == {"target": "eo1.1"}


def test_a_part_short_of_its_minimum_cannot_be_judged_proficient(imported: Workspace) -> None:
    judge_all_submittable(imported, SUBMISSION)
    imported.judge(SUBMISSION, "part3", "P")  # 6 words written, 60 required
    assert imported.submissions()[0].status is SubmissionStatus.IN_PROGRESS
    with pytest.raises(IncompleteSubmissionError) as info:
        imported.submit(SUBMISSION)
    assert info.value.missing == ["part3"]
    assert "6 / 60 words" in str(info.value)
    assert not imported.submission(SUBMISSION).locked
