"""A lead's submit is the final decision: refused until every needed rationale is there."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.lead_data import (
    DISAGREED,
    SCORES_A,
    assignment_json,
    blind_scores_json,
    feed,
)
from support.sync_data import SUBMISSION

from assessor_app.errors import IncompleteSubmissionError
from assessor_app.workspace import OutboxKind, SubmissionStatus, Workspace

LABELS = {
    "part1": "Part 1 – Overview questions",
    "part3": "Part 3 – Reflection",
    "eo1.1": "EO1 · detail 1.1",
    "eo1.2": "EO1 · detail 1.2",
    "eo2.1": "EO2 · detail 2.1",
}


def _judge_finals(ws: Workspace, rationales: dict[str, str]) -> None:
    """Final levels a lead could give: A's everywhere (part 3 is short, so "not yet")."""
    for target, (level, comment) in SCORES_A.items():
        feedback = comment or ("" if level == "P" else "Write more.")
        ws.judge(SUBMISSION, target, level, feedback, rationale=rationales.get(target, ""))


def test_before_the_release_the_blocker_says_so(lead: Workspace) -> None:
    assert lead.reconcile_blockers(SUBMISSION) == ["the assessors' scores are not released yet"]
    with pytest.raises(IncompleteSubmissionError, match="not released yet") as info:
        lead.submit(SUBMISSION)
    assert "cannot be finalized yet" in str(info.value)
    assert lead.submissions()[0].status is not SubmissionStatus.SUBMITTED


def test_unjudged_targets_are_blockers_too(released: Workspace) -> None:
    lines = released.reconcile_blockers(SUBMISSION)
    for target in LABELS:
        assert f"{LABELS[target]}: no final level" in lines
    for target in DISAGREED:
        assert f"rationale needed: {LABELS[target]}" in lines


def test_submit_wants_a_rationale_where_the_assessors_disagreed(released: Workspace) -> None:
    _judge_finals(released, {})
    expected = [f"rationale needed: {LABELS[t]}" for t in ("part3", "eo1.1", "eo2.1")]
    assert released.reconcile_blockers(SUBMISSION) == expected
    ops_before = len(released.outbox())
    with pytest.raises(IncompleteSubmissionError) as info:
        released.submit(SUBMISSION)
    assert info.value.missing == list(DISAGREED)
    assert str(info.value) == (
        f"Submission {SUBMISSION} cannot be finalized yet: " + "; ".join(expected) + "."
    )
    assert released.submission(SUBMISSION).locked is False
    assert len(released.outbox()) == ops_before  # nothing queued

    # A blank rationale is no rationale.
    released.judge(SUBMISSION, "part3", "N", "Write more.", rationale="  -  ")
    assert len(released.reconcile_blockers(SUBMISSION)) == 3

    _judge_finals(
        released,
        {
            "part3": "Far below the 60-word minimum.",
            "eo1.1": "The agenda lists norms by the staff.",
            "eo2.1": "Page 9 is not in the PDF.",
        },
    )
    assert released.reconcile_blockers(SUBMISSION) == []
    released.submit(SUBMISSION)
    assert released.submission(SUBMISSION).locked is True
    submit = released.outbox()[-1]
    assert submit.kind is OutboxKind.SUBMIT
    assert submit.payload["judgments"]["eo1.1"]["rationale"] == (
        "The agenda lists norms by the staff."
    )
    assert "rationale" not in submit.payload["judgments"]["eo1.2"]  # none given: none kept


def test_a_final_level_unlike_both_assessors_needs_a_rationale(
    lead: Workspace, sample_bundle: Path
) -> None:
    agree = dict.fromkeys(SCORES_A, ("N", "Not shown yet."))
    feed(
        lead,
        [
            assignment_json(12, bundle=sample_bundle, released=True),
            blind_scores_json(12, agree, agree),
        ],
    )
    assert lead.submissions()[0].disagreements == 0
    for target in LABELS:
        lead.judge(SUBMISSION, target, "N", "Not shown yet.")
    assert lead.reconcile_blockers(SUBMISSION) == []
    lead.judge(SUBMISSION, "eo1.2", "P", "Shown on p. 3.")
    assert lead.reconcile_blockers(SUBMISSION) == [f"rationale needed: {LABELS['eo1.2']}"]
    with pytest.raises(IncompleteSubmissionError) as info:
        lead.submit(SUBMISSION)
    assert info.value.missing == ["eo1.2"]


def test_the_ordinary_rules_come_first(released: Workspace) -> None:
    """A not-yet without feedback is reported like an assessor's, before any rationale."""
    _judge_finals(released, {})
    released.judge(SUBMISSION, "eo2.1", "N", "", rationale="Page 9 is missing.")
    with pytest.raises(IncompleteSubmissionError, match="cannot be submitted yet") as info:
        released.submit(SUBMISSION)
    assert info.value.missing == ["eo2.1"]
