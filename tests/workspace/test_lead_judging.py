"""A lead's device: the role, the released blind scores, and judging with a rationale.

The feed entries are the contract's JSON shapes, pushed through the real parser
(``support.lead_data.feed``) into a real workspace database.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from support.lead_data import (
    DISAGREED,
    SCORES_A,
    SCORES_B,
    SUBMITTED_B,
    assignment_json,
    feed,
    released_json,
)
from support.sync_data import SUBMISSION

from assessor_app.domain.reconcile import BlindJudgment
from assessor_app.errors import (
    InvalidEntryError,
    RoleError,
    ScoresNotReleasedError,
    SubmissionLockedError,
    UnknownSubmissionError,
)
from assessor_app.sync.protocol import MAX_RATIONALE_CHARS
from assessor_app.workspace import OutboxKind, Workspace


def _blind_rows(db: Path) -> int:
    raw = sqlite3.connect(db)
    try:
        return int(raw.execute("SELECT count(*) FROM blind_scores").fetchone()[0])
    finally:
        raw.close()


# --- role ----------------------------------------------------------------------------------------
def test_a_file_import_is_scored_as_an_assessor(imported: Workspace) -> None:
    assert imported.role(SUBMISSION) == "assessor"
    [summary] = imported.submissions()
    assert (summary.role, summary.released, summary.disagreements) == ("assessor", False, None)
    assert imported.blind_scores(SUBMISSION) is None
    assert imported.reconcile_blockers(SUBMISSION) == []


def test_the_portal_makes_the_role(lead: Workspace, sample_bundle: Path) -> None:
    assert lead.role(SUBMISSION) == "lead"
    assert lead.submissions()[0].role == "lead"
    feed(lead, [assignment_json(11, bundle=sample_bundle, role="assessor")])
    assert lead.role(SUBMISSION) == "assessor"


def test_the_role_of_an_unknown_submission_is_an_error(workspace: Workspace) -> None:
    with pytest.raises(UnknownSubmissionError, match="NOPE-1"):
        workspace.role("NOPE-1")


# --- before the release --------------------------------------------------------------------------
def test_a_lead_cannot_judge_before_the_release_and_nothing_is_kept(lead: Workspace) -> None:
    with pytest.raises(ScoresNotReleasedError) as info:
        lead.judge(SUBMISSION, "eo1.1", "P", "Fine.", rationale="Agree with A.")
    message = str(info.value)
    assert SUBMISSION in message and "not released yet" in message and "sync" in message
    assert isinstance(info.value, SubmissionLockedError)  # callers that catch "locked" see it
    with pytest.raises(ScoresNotReleasedError):
        lead.clear_judgment(SUBMISSION, "eo1.1")
    assert lead.judgments(SUBMISSION) == {}
    assert lead.outbox(include_acked=True) == []
    assert lead.blind_scores(SUBMISSION) is None
    [summary] = lead.submissions()
    assert (summary.released, summary.disagreements) == (False, None)


def test_blind_scores_without_the_released_flag_are_not_offered(lead: Workspace) -> None:
    """Only an assignment marked released makes the scores usable, as the portal's feed says."""
    feed(lead, [assignment_json(12, released=False)])
    assert lead.blind_scores(SUBMISSION) is None


# --- after the release ---------------------------------------------------------------------------
def test_the_release_brings_both_assessors_scores(released: Workspace) -> None:
    scores = released.blind_scores(SUBMISSION)
    assert scores is not None
    a, b = scores
    assert (a.assessor, b.assessor) == ("assessor1", "assessor2")
    assert b.submitted_at == SUBMITTED_B
    assert dict(a.judgments) == {
        t: BlindJudgment(lv, c, a.submitted_at or "") for t, (lv, c) in SCORES_A.items()
    }
    assert {t: j.level for t, j in b.judgments.items()} == {
        t: lv for t, (lv, _c) in SCORES_B.items()
    }
    [summary] = released.submissions()
    assert summary.role == "lead"
    assert summary.released is True
    assert summary.disagreements == len(DISAGREED)
    [assignment] = released.assignments()
    assert assignment.role == "lead"


def test_a_lead_judges_with_a_rationale_that_is_kept_and_sent(released: Workspace) -> None:
    made = released.judge(
        SUBMISSION, "eo1.1", "N", "Ask staff to co-write the norms.", rationale="B is right."
    )
    assert made.rationale == "B is right."
    assert released.judgments(SUBMISSION)["eo1.1"] == made
    [entry] = released.outbox()
    assert entry.kind is OutboxKind.JUDGE
    assert entry.payload["rationale"] == "B is right."
    [op] = released.pending_ops()
    assert op.wire == {
        "op_id": entry.op_id,
        "kind": "judge",
        "submission_id": SUBMISSION,
        "target_id": "eo1.1",
        "level": "N",
        "comment": "Ask staff to co-write the norms.",
        "rationale": "B is right.",
        "base_version": 0,
    }
    # The same again changes nothing; a new rationale alone is a change.
    released.judge(
        SUBMISSION, "eo1.1", "N", "Ask staff to co-write the norms.", rationale="B is right."
    )
    assert len(released.outbox()) == 1
    again = released.judge(
        SUBMISSION, "eo1.1", "N", "Ask staff to co-write the norms.", rationale="B, and A's p. 2."
    )
    assert again.revision == 2
    assert [e.payload["rationale"] for e in released.outbox()] == [
        "B is right.",
        "B, and A's p. 2.",
    ]


def test_clearing_a_leads_judgment_clears_its_rationale(released: Workspace) -> None:
    released.judge(SUBMISSION, "eo2.1", "P", rationale="The schedule is there.")
    released.clear_judgment(SUBMISSION, "eo2.1")
    assert released.judgments(SUBMISSION) == {}
    raw = sqlite3.connect(released.db_path)
    try:
        row = raw.execute(
            "SELECT level, comment, rationale FROM judgments WHERE target_id = 'eo2.1'"
        ).fetchone()
    finally:
        raw.close()
    assert row == (None, "", "")
    assert released.pending_ops()[0].wire["kind"] == "judge"  # one row: the oldest op goes first


def test_an_assessor_records_no_rationale(imported: Workspace) -> None:
    with pytest.raises(RoleError, match="Only the lead records a rationale"):
        imported.judge(SUBMISSION, "eo1.1", "P", rationale="I am sure.")
    assert imported.judgments(SUBMISSION) == {}
    assert imported.judge(SUBMISSION, "eo1.1", "P").rationale == ""


def test_a_rationale_over_the_limit_is_refused(released: Workspace) -> None:
    with pytest.raises(InvalidEntryError, match="20,000"):
        released.judge(SUBMISSION, "eo1.1", "P", rationale="x" * (MAX_RATIONALE_CHARS + 1))
    assert released.judgments(SUBMISSION) == {}
    ok = released.judge(SUBMISSION, "eo1.1", "P", rationale="x" * MAX_RATIONALE_CHARS)
    assert len(ok.rationale) == MAX_RATIONALE_CHARS


def test_a_withdrawn_release_removes_the_scores_from_this_device(
    released: Workspace, sample_bundle: Path
) -> None:
    released.judge(SUBMISSION, "eo1.2", "P", rationale="")
    assert _blind_rows(released.db_path) == len(SCORES_A) + len(SCORES_B)
    # The lead replaced an assessor: the portal withdraws the release (new version).
    feed(released, [assignment_json(20, bundle=sample_bundle, released=False)])
    assert released.blind_scores(SUBMISSION) is None
    assert _blind_rows(released.db_path) == 0
    [summary] = released.submissions()
    assert (summary.released, summary.disagreements) == (False, None)
    assert "eo1.2" in released.judgments(SUBMISSION)  # the lead's own work stays
    with pytest.raises(ScoresNotReleasedError):
        released.judge(SUBMISSION, "eo1.1", "P")
    # Released again once two assessors have submitted: the new scores replace the old.
    feed(released, released_json(30, sample_bundle))
    assert released.blind_scores(SUBMISSION) is not None
    assert _blind_rows(released.db_path) == len(SCORES_A) + len(SCORES_B)


def test_a_revoked_lead_assignment_purges_the_scores_when_acknowledged(
    released: Workspace, sample_bundle: Path
) -> None:
    feed(released, [assignment_json(25, bundle=sample_bundle, state="revoked", released=True)])
    feed(released, [{"type": "revoked", "version": 25, "submission_id": SUBMISSION}])
    assert _blind_rows(released.db_path) > 0  # kept until the person has seen it
    released.acknowledge_revocation(SUBMISSION)
    assert _blind_rows(released.db_path) == 0
    assert released.blind_scores(SUBMISSION) is None


def test_the_release_time_is_the_later_submit(released: Workspace) -> None:
    raw = sqlite3.connect(released.db_path)
    try:
        row = raw.execute("SELECT released, released_at FROM assignments").fetchone()
    finally:
        raw.close()
    assert row == (1, SUBMITTED_B)


def test_the_scores_outlive_a_reopen(released: Workspace, data_dir: Path) -> None:
    before = released.blind_scores(SUBMISSION)
    released.close()
    with Workspace.open(data_dir) as again:
        assert again.blind_scores(SUBMISSION) == before
        assert again.role(SUBMISSION) == "lead"


def test_the_assessor_names_and_comments_are_only_in_the_blind_scores_table(
    released: Workspace,
) -> None:
    """What arrives is stored where it belongs: no copy in the person's own judgments or the
    portal mirror of them."""
    raw = sqlite3.connect(released.db_path)
    try:
        mirror = raw.execute("SELECT count(*) FROM portal_judgments").fetchone()[0]
        mine = raw.execute("SELECT count(*) FROM judgments").fetchone()[0]
        outbox = [json.loads(p) for (p,) in raw.execute("SELECT payload FROM outbox")]
    finally:
        raw.close()
    assert (mirror, mine, outbox) == (0, 0, [])
