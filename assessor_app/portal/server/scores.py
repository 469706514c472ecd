"""Every assignment, judgment and final result on the portal, for audits
(``assessor-portal scores``). This is the administrator's view and never served over HTTP."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from assessor_app.portal.server.db import (
    Assignment,
    FinalResultRow,
    Judgment,
    User,
    read_session,
)
from assessor_app.portal.server.portal import Portal
from assessor_app.portal.server.versions import current_version, portal_meta


def all_scores(portal: Portal) -> dict[str, Any]:
    with read_session(portal.engine) as session:
        meta = portal_meta(session)
        assignments = [
            {
                "submission_id": a.submission_id,
                "user": name,
                "role": a.role,
                "state": a.state,
                "due": a.due,
                "reason": a.reason,
                "version": a.version,
                "created_at": a.created_at,
                "submitted_at": a.submitted_at,
                "released_at": a.released_at,
            }
            for a, name in session.execute(
                select(Assignment, User.name)
                .join(User, User.id == Assignment.user_id)
                .order_by(Assignment.submission_id, User.name)
            )
        ]
        judgments = [
            {
                "submission_id": sid,
                "user": name,
                "target_id": j.target_id,
                "level": j.level,
                "comment": j.comment,
                "rationale": j.rationale,
                "version": j.version,
                "updated_at": j.updated_at,
            }
            for j, sid, name in session.execute(
                select(Judgment, Assignment.submission_id, User.name)
                .join(Assignment, Assignment.id == Judgment.assignment_id)
                .join(User, User.id == Assignment.user_id)
                .order_by(Assignment.submission_id, User.name, Judgment.version)
            )
        ]
        results = [
            {
                "submission_id": r.submission_id,
                "lead": r.lead,
                "result": r.result,
                "levels": json.loads(r.levels_json),
                "finalized_at": r.finalized_at,
                "version": r.version,
            }
            for r in session.scalars(select(FinalResultRow).order_by(FinalResultRow.submission_id))
        ]
        return {
            "portal": meta.portal_id,
            "epoch": meta.epoch,
            "version": current_version(session),
            "assignments": assignments,
            "judgments": judgments,
            "results": results,
        }
