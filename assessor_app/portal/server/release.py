"""Releasing the two assessors' blind scores to the submission's lead.

A submission's scores are *released* when it has exactly two assessor assignments that are
not revoked, both ``submitted``, and a lead assignment that is not revoked. The lead's
assignment row then carries ``released_at`` and a new version, in the transaction that made
the condition true (the second assessor's submit, the assignment of the lead, …): call
:func:`refresh_release` after every change of a submission's assignments. When the condition
stops holding while the lead is still deciding (an assessor was reassigned or unassigned),
the release is withdrawn the same way (``released_at`` back to None, a new version). Once the
lead has finalized, the release stands.

Nothing here touches an assessor's rows, and a release takes no version of its own: the
lead's row gets the version of the change that caused it (the second assessor's submit, say),
so the counter moves exactly as it would without a release, and an assessor's feed, answers
and later versions are the same whether or not the scores were released.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.portal.server import audit
from assessor_app.portal.server.db import Assignment, Judgment, User, utc_now
from assessor_app.portal.server.versions import next_version

ASSESSOR, LEAD = "assessor", "lead"
OPEN, SUBMITTED, REVOKED = "open", "submitted", "revoked"


@dataclass(frozen=True)
class ReleasedJudgment:
    target_id: str
    level: str | None
    comment: str
    updated_at: str


@dataclass(frozen=True)
class ReleasedScores:
    """One assessor's submitted work as the lead receives it."""

    assessor: str
    submitted_at: str | None
    judgments: tuple[ReleasedJudgment, ...]


def assessor_assignments(session: Session, submission_id: str) -> list[tuple[Assignment, str]]:
    """The submission's assessor assignments that are not revoked, with the user names,
    ordered by name."""
    rows = session.execute(
        select(Assignment, User.name)
        .join(User, User.id == Assignment.user_id)
        .where(
            Assignment.submission_id == submission_id,
            Assignment.role == ASSESSOR,
            Assignment.state != REVOKED,
        )
        .order_by(User.name)
    ).all()
    return [(row[0], row[1]) for row in rows]


def lead_assignment(session: Session, submission_id: str) -> Assignment | None:
    """The submission's lead assignment that is not revoked, if any."""
    return session.scalar(
        select(Assignment).where(
            Assignment.submission_id == submission_id,
            Assignment.role == LEAD,
            Assignment.state != REVOKED,
        )
    )


def both_submitted(assessors: list[tuple[Assignment, str]]) -> bool:
    return len(assessors) == 2 and all(a.state == SUBMITTED for a, _name in assessors)


def refresh_release(
    session: Session, submission_id: str, version: int | None = None
) -> bool | None:
    """Release or withdraw the scores of ``submission_id`` when the condition changed.
    Returns the new ``released`` state when it changed, else None. The caller holds the
    writers' lock. The lead's row gets ``version``: the version the caller has just given
    the row whose change this follows (a row in no feed of the lead but the lead's assignment
    itself), or, when None, a new one; an audit event is written."""
    lead = lead_assignment(session, submission_id)
    if lead is None or lead.state == SUBMITTED:
        return None
    assessors = assessor_assignments(session, submission_id)
    want = both_submitted(assessors)
    if want == (lead.released_at is not None):
        return None
    lead.released_at = utc_now() if want else None
    lead.version = next_version(session) if version is None else version
    detail: dict[str, object] = {"released": want, "lead_version": lead.version}
    if want:
        detail["assessors"] = [name for _a, name in assessors]
    audit.record(
        session,
        actor=audit.PORTAL_ACTOR,
        action="release",
        submission_id=submission_id,
        detail=detail,
    )
    return want


def released_scores(
    session: Session, submission_id: str, target_order: tuple[str, ...] = ()
) -> list[ReleasedScores]:
    """The two assessors' submitted work (ordered by name; judgments in ``target_order``,
    then by target id), or an empty list when the condition of a release does not hold."""
    assessors = assessor_assignments(session, submission_id)
    if not both_submitted(assessors):
        return []
    rank = {target: n for n, target in enumerate(target_order)}
    scores = []
    for assignment, name in assessors:
        rows = session.scalars(
            select(Judgment).where(
                Judgment.assignment_id == assignment.id, Judgment.level.is_not(None)
            )
        ).all()
        ordered = sorted(rows, key=lambda j: (rank.get(j.target_id, len(rank)), j.target_id))
        scores.append(
            ReleasedScores(
                assessor=name,
                submitted_at=assignment.submitted_at,
                judgments=tuple(
                    ReleasedJudgment(j.target_id, j.level, j.comment, j.updated_at) for j in ordered
                ),
            )
        )
    return scores
