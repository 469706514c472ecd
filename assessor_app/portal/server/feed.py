"""The change feed: the caller's own rows changed after a cursor, in version order.

Only the caller's assignments (any state) and the caller's own judgments on them are read;
nothing else can reach the answer. An assignment row is sent as an ``assignment`` entry with
its state, followed (same version) by a ``submitted`` or ``revoked`` entry when it is in that
state; a judgment row as a ``judgment`` entry (``level`` null: cleared). ``limit`` counts
rows. A client that sends a ``since`` ahead of the portal's counter (the portal was restored
from a backup) gets ``reset: true`` and no changes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.portal.server.db import Assignment, Judgment, Submission
from assessor_app.portal.server.users import Caller
from assessor_app.portal.server.versions import current_version, portal_meta


def assignment_entries(assignment: Assignment, submission: Submission) -> list[dict[str, Any]]:
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
    return entries


def judgment_entry(judgment: Judgment, submission_id: str) -> dict[str, Any]:
    return {
        "type": "judgment",
        "version": judgment.version,
        "submission_id": submission_id,
        "target_id": judgment.target_id,
        "level": judgment.level,
        "comment": judgment.comment if judgment.level is not None else "",
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
        (a.version, assignment_entries(a, s)) for a, s in assignments
    ]
    rows += [(j.version, [judgment_entry(j, sid)]) for j, sid in judgments]
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
