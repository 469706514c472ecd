"""The lead's feed entries and the new op kinds: strict parsing of the contract's JSON shapes,
and how the store applies them (one transaction per page, rationales in conflicts)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import select
from sqlalchemy.orm import Session
from support.lead_data import assignment_json, blind_scores_json, feed
from support.sync_data import EPOCH, SUBMISSION

from assessor_app.storage.models import AssignmentRow, BlindScoreRow
from assessor_app.sync.protocol import (
    AssignmentChange,
    BlindJudgmentEntry,
    BlindScoresChange,
    BlindScoresEntry,
    IdentityReportChange,
    JudgmentChange,
    OpStatus,
    ProtocolViolation,
    ReportState,
    RevokedChange,
    SubmittedChange,
    parse_assessors,
    parse_changes,
    parse_op_results,
)
from assessor_app.workspace import Workspace

# A lead's page as the contract records it (target ids of another credential's rubric).
LEAD_PAGE: dict[str, Any] = {
    "epoch": "8d1c",
    "cursor": 61,
    "more": False,
    "changes": [
        {
            "type": "judgment",
            "version": 50,
            "submission_id": "MC-7K2Q-91PX",
            "target_id": "bir-1.2",
            "level": "P",
            "comment": "Shown in the minutes.",
            "rationale": "Both readings hold; the minutes settle it.",
        },
        {
            "type": "assignment",
            "version": 55,
            "submission_id": "MC-7K2Q-91PX",
            "role": "lead",
            "state": "submitted",
            "credential": {"id": "bir", "title": "Building Instructional Routines", "version": "1"},
            "due": "2026-12-15",
            "bundle": {"size": 912345, "sha256": "a" * 64},
            "released": True,
        },
        {"type": "submitted", "version": 55, "submission_id": "MC-7K2Q-91PX"},
        {
            "type": "blind_scores",
            "version": 55,
            "submission_id": "MC-7K2Q-91PX",
            "scores": [
                {
                    "assessor": "assessor1",
                    "submitted_at": "2026-12-01T10:00:00Z",
                    "judgments": [
                        {
                            "target_id": "bir-1.2",
                            "level": "P",
                            "comment": "Clear.",
                            "updated_at": "2026-11-30T09:00:00Z",
                        }
                    ],
                },
                {
                    "assessor": "assessor2",
                    "submitted_at": "2026-12-02T11:00:00Z",
                    "judgments": [
                        {
                            "target_id": "bir-1.2",
                            "level": "N",
                            "comment": "Not yet: no student work.",
                            "updated_at": "2026-12-02T10:59:00Z",
                        }
                    ],
                },
            ],
        },
        {
            "type": "identity_report",
            "version": 61,
            "submission_id": "MC-7K2Q-91PX",
            "report_id": 3,
            "reporter": "assessor2",
            "where": "Portfolio: School data review p. 3",
            "note": "The school's name is in the header.",
            "reported_at": "2026-12-02T08:00:00Z",
            "state": "open",
        },
    ],
}


def _page(changes: list[dict[str, Any]]) -> dict[str, Any]:
    return {"epoch": "e", "cursor": 99, "more": False, "changes": changes}


def _mutated(index: int, **changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(LEAD_PAGE)
    entry = body["changes"][index]
    for k, v in changes.items():
        if v is _DROP:
            del entry[k]
        else:
            entry[k] = v
    return body


_DROP = object()


# --- parsing -------------------------------------------------------------------------------------
def test_a_lead_page_parses_into_typed_changes() -> None:
    page = parse_changes(LEAD_PAGE)
    assert page.skipped == 0 and page.cursor == 61
    judgment, assignment, submitted, scores, report = page.changes
    assert judgment == JudgmentChange(
        50,
        "MC-7K2Q-91PX",
        "bir-1.2",
        "P",
        "Shown in the minutes.",
        "Both readings hold; the minutes settle it.",
    )
    assert isinstance(assignment, AssignmentChange)
    assert (assignment.role, assignment.released, assignment.released_at) == ("lead", True, None)
    assert submitted == SubmittedChange(55, "MC-7K2Q-91PX")
    assert scores == BlindScoresChange(
        55,
        "MC-7K2Q-91PX",
        (
            BlindScoresEntry(
                "assessor1",
                "2026-12-01T10:00:00Z",
                (BlindJudgmentEntry("bir-1.2", "P", "Clear.", "2026-11-30T09:00:00Z"),),
            ),
            BlindScoresEntry(
                "assessor2",
                "2026-12-02T11:00:00Z",
                (
                    BlindJudgmentEntry(
                        "bir-1.2", "N", "Not yet: no student work.", "2026-12-02T10:59:00Z"
                    ),
                ),
            ),
        ),
    )
    assert report == IdentityReportChange(
        61,
        "MC-7K2Q-91PX",
        3,
        "assessor2",
        "Portfolio: School data review p. 3",
        "The school's name is in the header.",
        "2026-12-02T08:00:00Z",
        ReportState.OPEN,
    )


def test_an_older_portal_without_the_new_fields_still_parses() -> None:
    body = _mutated(1, released=_DROP)
    del body["changes"][0]["rationale"]
    judgment, assignment, *_ = parse_changes(body).changes
    assert isinstance(assignment, AssignmentChange) and assignment.released is False
    assert isinstance(judgment, JudgmentChange) and judgment.rationale == ""


def test_a_null_rationale_is_empty() -> None:
    judgment = parse_changes(_mutated(0, rationale=None)).changes[0]
    assert isinstance(judgment, JudgmentChange) and judgment.rationale == ""


def _one_score(name: str) -> dict[str, Any]:
    return {"assessor": name, "submitted_at": None, "judgments": []}


@pytest.mark.parametrize(
    ("index", "field", "value", "message"),
    [
        (0, "rationale", 7, "'rationale' is not a string"),
        (1, "released", "yes", "'released' is missing or not true/false"),
        (3, "scores", [_one_score("assessor1")], "not a list of 2 assessors"),
        (
            3,
            "scores",
            [_one_score("assessor1"), _one_score("assessor2"), _one_score("assessor3")],
            "not a list of 2 assessors",
        ),
        (3, "scores", [_one_score("assessor1"), _one_score("assessor1")], "both scores are by"),
        (3, "scores", [_one_score("assessor1"), {"assessor": "b", "judgments": {}}], "not a list"),
        (3, "scores", [_one_score("assessor1"), {"judgments": []}], "'assessor' is missing"),
        (4, "state", "closed", "unknown identity report state 'closed'"),
        (4, "report_id", -1, "'report_id' is missing or not a non-negative integer"),
        (4, "reporter", "", "'reporter' is missing"),
        (4, "where", ["p. 3"], "'where' is not a string"),
        (4, "reported_at", _DROP, "'reported_at' is missing"),
    ],
)
def test_malformed_lead_entries_are_refused(
    index: int, field: str, value: object, message: str
) -> None:
    with pytest.raises(ProtocolViolation, match=message):
        parse_changes(_mutated(index, **{field: value}))


def test_a_blind_judgment_must_be_well_formed() -> None:
    body = copy.deepcopy(LEAD_PAGE)
    judgments = body["changes"][3]["scores"][0]["judgments"]
    judgments.append(dict(judgments[0]))
    with pytest.raises(ProtocolViolation, match="appears twice"):
        parse_changes(body)
    judgments.pop()
    judgments[0]["comment"] = {"text": "x"}
    with pytest.raises(ProtocolViolation, match="'comment' is not a string"):
        parse_changes(body)


def test_a_conflict_answer_may_carry_the_portals_rationale() -> None:
    body = {
        "results": [
            {
                "op_id": "o1",
                "status": "conflict",
                "server": {"level": "N", "comment": "c", "version": 9, "rationale": "why"},
            },
            {"op_id": "o2", "status": "conflict", "server": {"level": None, "version": 3}},
        ]
    }
    first, second = parse_op_results(body, ["o1", "o2"])
    assert first.status is OpStatus.CONFLICT
    assert first.server is not None and first.server.rationale == "why"
    assert second.server is not None and (second.server.rationale, second.server.comment) == (
        "",
        "",
    )


def test_the_assessors_list_parses_strictly() -> None:
    assert parse_assessors({"assessors": [{"name": "assessor1"}, {"name": "assessor3"}]}) == [
        "assessor1",
        "assessor3",
    ]
    for bad in ({}, {"assessors": "assessor1"}, {"assessors": [{"name": ""}]}, {"assessors": [1]}):
        with pytest.raises(ProtocolViolation):
            parse_assessors(bad)


def test_an_assessors_feed_is_unchanged() -> None:
    """An assessor's entries carry ``released: false`` and ``rationale: ""`` only."""
    page = parse_changes(
        _page(
            [
                assignment_json(4, role="assessor"),
                {"type": "revoked", "version": 5, "submission_id": "S", "reason": "reassigned"},
            ]
        )
    )
    assignment, revoked = page.changes
    assert isinstance(assignment, AssignmentChange) and assignment.released is False
    assert revoked == RevokedChange(5, "S", "reassigned")


# --- the store -----------------------------------------------------------------------------------
def test_a_page_that_cannot_be_stored_changes_nothing(pinned: Workspace) -> None:
    """The release, the scores and the cursor go in one transaction: a page whose scores
    cannot be stored (the same target twice, past a parser) leaves all of it as it was."""
    feed(pinned, [assignment_json(10, released=False)])
    bad = BlindScoresChange(
        12,
        SUBMISSION,
        (
            BlindScoresEntry(
                "assessor1",
                "2026-12-01T00:00:00Z",
                (
                    BlindJudgmentEntry("eo1.1", "P", "", ""),
                    BlindJudgmentEntry("eo1.1", "N", "", ""),
                ),
            ),
            BlindScoresEntry("assessor2", "2026-12-02T00:00:00Z", ()),
        ),
    )
    released = parse_changes(_page([assignment_json(12, released=True)])).changes
    with pytest.raises(sa_exc.IntegrityError, match="UNIQUE constraint failed: blind_scores"):
        pinned.apply_changes([*released, bad], EPOCH, 12)
    state = pinned.sync_state()
    assert state is not None and state.cursor == 10
    with Session(pinned.engine) as s:
        a = s.get(AssignmentRow, SUBMISSION)
        assert a is not None and (a.released, a.version) == (False, 10)
        assert s.scalars(select(BlindScoreRow)).all() == []


def test_a_leads_rationale_from_another_device_reaches_this_one(pinned: Workspace) -> None:
    feed(pinned, [assignment_json(10), *_released(11)])
    feed(pinned, [_judgment(20, "eo1.1", "P", "Good.", "From the laptop.")])
    assert pinned.judgments(SUBMISSION)["eo1.1"].rationale == "From the laptop."
    feed(pinned, [_judgment(21, "eo1.1", "P", "Good.", "Edited on the desktop.")])
    got = pinned.judgments(SUBMISSION)["eo1.1"]
    assert (got.rationale, got.revision) == ("Edited on the desktop.", 2)
    assert pinned.outbox() == []  # taken from the portal: nothing to send back


def test_a_rationale_conflict_keeps_both_and_the_person_chooses(pinned: Workspace) -> None:
    feed(pinned, [assignment_json(10), *_released(11)])
    pinned.judge(SUBMISSION, "eo1.1", "P", "Good.", rationale="Mine.")
    [op] = pinned.pending_ops()
    body = {
        "results": [
            {
                "op_id": op.op_id,
                "status": "conflict",
                "server": {"level": "P", "comment": "Good.", "rationale": "Theirs.", "version": 30},
            }
        ]
    }
    pinned.record_op_results(parse_op_results(body, [op.op_id]))
    [conflict] = pinned.conflicts()
    assert (conflict.local_rationale, conflict.server_rationale) == ("Mine.", "Theirs.")
    pinned.resolve_conflict(SUBMISSION, "eo1.1", "theirs")
    assert pinned.judgments(SUBMISSION)["eo1.1"].rationale == "Theirs."
    assert pinned.conflicts() == []


def test_the_same_rationale_from_the_portal_settles_a_conflict(pinned: Workspace) -> None:
    feed(pinned, [assignment_json(10), *_released(11)])
    pinned.judge(SUBMISSION, "eo1.1", "P", "Good.", rationale="Same.")
    [op] = pinned.pending_ops()
    body = {
        "results": [
            {
                "op_id": op.op_id,
                "status": "conflict",
                "server": {"level": "P", "comment": "Good.", "rationale": "Same.", "version": 30},
            }
        ]
    }
    pinned.record_op_results(parse_op_results(body, [op.op_id]))
    assert pinned.conflicts() == []
    assert pinned.pending_changes() == 0


def _released(version: int) -> list[dict[str, Any]]:
    return [assignment_json(version, released=True), blind_scores_json(version)]


def _judgment(
    version: int, target: str, level: str | None, comment: str, rationale: str
) -> dict[str, Any]:
    return {
        "type": "judgment",
        "version": version,
        "submission_id": SUBMISSION,
        "target_id": target,
        "level": level,
        "comment": comment,
        "rationale": rationale,
    }
