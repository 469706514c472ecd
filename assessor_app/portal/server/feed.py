"""The change feed: the caller's own rows changed after a cursor, in version order.

Only the caller's assignments (any state) and the caller's own judgments on them are read;
for an assessor nothing else can reach the answer. An assignment row is sent as an
``assignment`` entry with its state and ``released`` (always false for an assessor),
followed (same version) by a ``submitted`` or ``revoked`` entry when it is in that state; a
judgment row as a ``judgment`` entry (``level`` null: cleared; ``rationale`` "" but for a
lead's own judgments). ``limit`` counts rows. A client that sends a ``since`` ahead of the
portal's counter (the portal was restored from a backup) gets ``reset: true`` and no changes.

A lead's assignment row whose scores are released (:mod:`.release`) is followed, at the same
version, by a ``blind_scores`` entry with the two assessors' submitted work; and the lead's
feed carries the ``identity_report`` rows of the submissions it leads
(:mod:`.identity_reports`).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.bundle.manifest import manifest_from_json
from assessor_app.portal.server.db import Assignment, Judgment, Submission
from assessor_app.portal.server.identity_reports import report_entry, reports_for_lead
from assessor_app.portal.server.release import ReleasedScores, released_scores
from assessor_app.portal.server.users import Caller, Role
from assessor_app.portal.server.versions import current_version, portal_meta


def _released(assignment: Assignment) -> bool:
    return (
        assignment.role == "lead"
        and assignment.state != "revoked"
        and assignment.released_at is not None
    )


def assignment_entries(
    assignment: Assignment, submission: Submission, scores: list[ReleasedScores] | None = None
) -> list[dict[str, Any]]:
    """The entries of one assignment row; ``scores``: the released blind scores (a lead's
    released assignment only)."""
    released = _released(assignment) and bool(scores)
    entries: list[dict[str, Any]] = [
        {
            "type": "assignment",
            "version": assignment.version,
            "submission_id": submission.id,
            "role": assignment.role,
            "state": assignment.state,
            "credential": {
                "id": submission.credential_id,
                "title": submission.credential_title,
                "version": submission.credential_version,
            },
            "due": assignment.due or submission.due,
            "bundle": {"size": submission.bundle_size, "sha256": submission.bundle_sha256},
            "released": released,
        }
    ]
    if assignment.state == "submitted":
        entries.append(
            {"type": "submitted", "version": assignment.version, "submission_id": submission.id}
        )
    elif assignment.state == "revoked":
        entries.append(
            {
                "type": "revoked",
                "version": assignment.version,
                "submission_id": submission.id,
                "reason": assignment.reason or "revoked",
            }
        )
    if released and scores:
        entries.append(blind_scores_entry(assignment.version, submission.id, scores))
    return entries


def blind_scores_entry(
    version: int, submission_id: str, scores: list[ReleasedScores]
) -> dict[str, Any]:
    return {
        "type": "blind_scores",
        "version": version,
        "submission_id": submission_id,
        "scores": [
            {
                "assessor": one.assessor,
                "submitted_at": one.submitted_at,
                "judgments": [
                    {
                        "target_id": j.target_id,
                        "level": j.level,
                        "comment": j.comment,
                        "updated_at": j.updated_at,
                    }
                    for j in one.judgments
                ],
            }
            for one in scores
        ],
    }


def _scores_for(
    session: Session, assignment: Assignment, submission: Submission
) -> list[ReleasedScores]:
    if not _released(assignment):
        return []
    rubric = manifest_from_json(json.loads(submission.manifest_json)).rubric
    return released_scores(session, submission.id, rubric.target_ids())


def judgment_entry(judgment: Judgment, submission_id: str) -> dict[str, Any]:
    return {
        "type": "judgment",
        "version": judgment.version,
        "submission_id": submission_id,
        "target_id": judgment.target_id,
        "level": judgment.level,
        "comment": judgment.comment if judgment.level is not None else "",
        "rationale": judgment.rationale if judgment.level is not None else "",
    }


def changes(session: Session, caller: Caller, since: int, limit: int) -> dict[str, Any]:
    """The feed answer for ``caller`` (inside one read transaction: one snapshot)."""
    epoch = portal_meta(session).epoch
    if since > current_version(session):
        return {"epoch": epoch, "cursor": 0, "more": False, "reset": True, "changes": []}
    assignments = session.execute(
        select(Assignment, Submission)
        .join(Submission, Submission.id == Assignment.submission_id)
        .where(Assignment.user_id == caller.user_id, Assignment.version > since)
        .order_by(Assignment.version)
        .limit(limit + 1)
    ).all()
    judgments = session.execute(
        select(Judgment, Assignment.submission_id)
        .join(Assignment, Assignment.id == Judgment.assignment_id)
        .where(Assignment.user_id == caller.user_id, Judgment.version > since)
        .order_by(Judgment.version)
        .limit(limit + 1)
    ).all()
    rows: list[tuple[int, list[dict[str, Any]]]] = [
        (a.version, assignment_entries(a, s, _scores_for(session, a, s))) for a, s in assignments
    ]
    rows += [(j.version, [judgment_entry(j, sid)]) for j, sid in judgments]
    if caller.role is Role.LEAD:
        reports = reports_for_lead(session, caller.user_id, since, limit + 1)
        rows += [(r.version, [report_entry(r, name)]) for r, name in reports]
    rows.sort(key=lambda row: row[0])
    page = rows[:limit]
    entries = [entry for _version, group in page for entry in group]
    cursor = page[-1][0] if page else since
    return {
        "epoch": epoch,
        "cursor": cursor,
        "more": len(rows) > limit,
        "reset": False,
        "changes": entries,
    }
