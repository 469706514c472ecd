"""The ``reassign`` op: the submission's lead replaces one of its assessors with another.

The caller must hold the submission's lead assignment (not revoked), else ``forbidden``; once
the lead has finalized, ``locked``. ``from_user`` must hold an assessor assignment there
(not revoked) and ``to_user`` must be an enabled user of role assessor without an assignment
there (not revoked), else ``invalid`` with why. The effect, in the op's transaction:
``from_user``'s assignment is revoked ("reassigned by the lead"), ``to_user`` gets an open
assessor assignment (due: the submission's own date), ``from_user``'s open identity reports
there are resolved, and a release of the scores is withdrawn when it no longer holds
(:mod:`.release`). The answer is ``applied`` with the last version the change took.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.portal.server import audit
from assessor_app.portal.server.db import Assignment, User, utc_now
from assessor_app.portal.server.identity_reports import resolve_reports_of
from assessor_app.portal.server.op_parse import ParsedOp
from assessor_app.portal.server.release import refresh_release
from assessor_app.portal.server.users import Caller
from assessor_app.portal.server.versions import current_version, next_version

REASON = "reassigned by the lead"
ONLY_THE_LEAD = "only the submission's lead reassigns its assessors"


def _holding(session: Session, submission_id: str, user_id: int) -> Assignment | None:
    return session.scalar(
        select(Assignment).where(
            Assignment.submission_id == submission_id, Assignment.user_id == user_id
        )
    )


def reassign(session: Session, caller: Caller, op: ParsedOp, mine: Assignment) -> dict[str, Any]:
    """Apply one ``reassign`` op; ``mine`` is the caller's own assignment on the submission."""
    if mine.role != "lead" or mine.state == "revoked":
        return {"status": "forbidden", "message": ONLY_THE_LEAD}
    if mine.state == "submitted":
        return {"status": "locked", "message": "the result is final; its assessors stay"}
    sid = op.submission_id
    source = session.scalar(select(User).where(User.name == op.from_user))
    leaving = None if source is None else _holding(session, sid, source.id)
    if source is None or leaving is None or leaving.role != "assessor":
        return {"status": "invalid", "message": f"{op.from_user} is not an assessor of {sid}"}
    if leaving.state == "revoked":
        return {"status": "invalid", "message": f"{op.from_user} was already taken off {sid}"}
    target = session.scalar(select(User).where(User.name == op.to_user))
    if target is None or target.disabled or target.role != "assessor":
        return {
            "status": "invalid",
            "message": f"{op.to_user} is not an enabled assessor on the portal",
        }
    joining = _holding(session, sid, target.id)
    if joining is not None and joining.state != "revoked":
        return {"status": "invalid", "message": f"{op.to_user} is already assigned to {sid}"}

    leaving.state = "revoked"
    leaving.reason = REASON
    leaving.version = next_version(session)
    version = next_version(session)
    if joining is None:
        session.add(
            Assignment(
                submission_id=sid,
                user_id=target.id,
                role="assessor",
                state="open",
                due=None,
                reason="",
                version=version,
                created_at=utc_now(),
            )
        )
    else:
        joining.role = "assessor"
        joining.state = "open"
        joining.due = None
        joining.reason = ""
        joining.submitted_at = None
        joining.released_at = None
        joining.version = version
    resolved = resolve_reports_of(session, sid, source.id)
    audit.record(
        session,
        actor=caller.name,
        action="reassign",
        submission_id=sid,
        detail={"from": op.from_user, "to": op.to_user, "resolved_reports": resolved},
    )
    # the withdrawal takes the version of to_user's row: the reports' versions are the lead's
    refresh_release(session, sid, version)
    return {"status": "applied", "version": current_version(session)}
