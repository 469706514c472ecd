"""Giving submissions to people (command line): at most two assessors and one lead per
submission. Every change takes a new version, so it reaches the person's change feed, and
writes its audit event. After each change the release of the assessors' scores to the lead
is brought up to date (:mod:`.release`); a lead's new assignment also gets the submission's
identity reports sent again (:mod:`.identity_reports`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sqlalchemy import select

from assessor_app.portal.server import audit
from assessor_app.portal.server.db import Assignment, Submission, User, utc_now, write_session
from assessor_app.portal.server.errors import PortalError
from assessor_app.portal.server.identity_reports import send_again
from assessor_app.portal.server.portal import Portal
from assessor_app.portal.server.release import refresh_release
from assessor_app.portal.server.users import Role
from assessor_app.portal.server.versions import lock_counter, next_version

COMMAND_LINE = "command-line"
"""The audit actor of administrative changes made without a signed-in person."""

MAX_PER_ROLE = {Role.ASSESSOR: 2, Role.LEAD: 1}
OPEN, SUBMITTED, REVOKED = "open", "submitted", "revoked"


@dataclass(frozen=True)
class AssignResult:
    submission_id: str
    user: str
    role: Role
    changed: bool  # False: it was assigned like that already
    message: str


def parse_due(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise PortalError(f"due date {text!r} is not a date like 2026-12-15") from None


def assign(
    portal: Portal,
    submission_id: str,
    user_name: str,
    *,
    due: str | None = None,
    role: Role | str | None = None,
    actor: str = COMMAND_LINE,
) -> AssignResult:
    """Assign ``submission_id`` to ``user_name`` (as ``role``: by default the user's own role,
    assessor or lead). Assigning again is harmless (a new ``due`` is applied); a revoked
    assignment is reopened. Raises :class:`PortalError` for unknown names and for a third
    assessor or a second lead."""
    due = parse_due(due)
    with write_session(portal.engine) as session:
        lock_counter(session)
        user = session.scalar(select(User).where(User.name == user_name))
        if user is None:
            raise PortalError(f"no user {user_name!r}; add it with 'assessor-portal users add'")
        user_role = Role(user.role)
        if user_role is Role.ADMIN:
            raise PortalError(f"{user_name} is an admin; admins are not assigned submissions")
        try:
            as_role = Role(role) if role is not None else user_role
        except ValueError:
            raise PortalError(f"unknown role {role!r}: use assessor or lead") from None
        if as_role is Role.ADMIN or (as_role is Role.LEAD and user_role is not Role.LEAD):
            raise PortalError(f"{user_name} is {user_role.value!r} and cannot be a {as_role}")
        if session.get(Submission, submission_id) is None:
            raise PortalError(
                f"no submission {submission_id!r} on the portal; import its bundle first"
            )
        current = session.scalar(
            select(Assignment).where(
                Assignment.submission_id == submission_id, Assignment.user_id == user.id
            )
        )
        if current is not None and current.state != REVOKED:
            if current.role != as_role.value:
                raise PortalError(
                    f"{user_name} already holds {submission_id} as {current.role}; "
                    "unassign it first"
                )
            if due is not None and due != current.due:
                current.due = due
                current.version = next_version(session)
                audit.record(
                    session,
                    actor=actor,
                    action="assign",
                    submission_id=submission_id,
                    detail={"user": user_name, "role": as_role.value, "due": due},
                )
                return AssignResult(submission_id, user_name, as_role, True, "due date changed")
            return AssignResult(submission_id, user_name, as_role, False, "already assigned")
        others = session.scalars(
            select(User.name)
            .join(Assignment, Assignment.user_id == User.id)
            .where(
                Assignment.submission_id == submission_id,
                Assignment.role == as_role.value,
                Assignment.state != REVOKED,
            )
            .order_by(User.name)
        ).all()
        if len(others) >= MAX_PER_ROLE[as_role]:
            what = "two assessors" if as_role is Role.ASSESSOR else "a lead"
            raise PortalError(
                f"{submission_id} already has {what} ({', '.join(others)}); unassign one first"
            )
        version = next_version(session)
        if current is None:
            session.add(
                Assignment(
                    submission_id=submission_id,
                    user_id=user.id,
                    role=as_role.value,
                    state=OPEN,
                    due=due,
                    reason="",
                    version=version,
                    created_at=utc_now(),
                )
            )
            message = "assigned"
        else:
            current.role = as_role.value
            current.state = OPEN
            current.due = due
            current.reason = ""
            current.submitted_at = None
            current.released_at = None
            current.version = version
            message = "assigned again"
        audit.record(
            session,
            actor=actor,
            action="assign",
            submission_id=submission_id,
            detail={"user": user_name, "role": as_role.value, "due": due, "version": version},
        )
        refresh_release(session, submission_id, version)
        if as_role is Role.LEAD:
            send_again(session, submission_id)
        return AssignResult(submission_id, user_name, as_role, True, message)


def unassign(
    portal: Portal,
    submission_id: str,
    user_name: str,
    *,
    reason: str = "reassigned",
    actor: str = COMMAND_LINE,
) -> None:
    """Revoke an assignment: it reaches the person's feed as ``revoked``; their own judgments
    stay on the portal (and on their device), further edits answer ``locked``."""
    reason = " ".join(reason.split())[:200] or "reassigned"
    with write_session(portal.engine) as session:
        lock_counter(session)
        current = session.scalar(
            select(Assignment)
            .join(User, User.id == Assignment.user_id)
            .where(Assignment.submission_id == submission_id, User.name == user_name)
        )
        if current is None or current.state == REVOKED:
            raise PortalError(f"{submission_id} is not assigned to {user_name!r}")
        current.state = REVOKED
        current.reason = reason
        current.released_at = None
        current.version = next_version(session)
        audit.record(
            session,
            actor=actor,
            action="unassign",
            submission_id=submission_id,
            detail={"user": user_name, "role": current.role, "reason": reason},
        )
        refresh_release(session, submission_id, current.version)
