"""The change feed's lead-assessor entries, applied inside the pull's transaction.

:func:`assessor_app.storage.sync_store.apply_page` calls these for each page, in the same
``BEGIN IMMEDIATE`` transaction as the rest of the page and the cursor:

- an ``assignment`` entry's ``released`` flag (:func:`apply_release`): a lead's assignment is
  released once both assessors submitted; a release that is withdrawn (an assessor was
  replaced) deletes the released scores from this device again;
- ``blind_scores`` (:func:`apply_blind_scores`): both assessors' submitted judgments, which
  replace whatever this device held for the submission;
- ``identity_report`` (:func:`apply_identity_report`): a report sent to the lead, keyed by the
  portal's report id (a later entry of the same report changes its state).

Only a lead's feed carries these; an assessor's device never holds another person's scores.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from assessor_app.storage.models import AssignmentRow, BlindScoreRow, IdentityReportRow
from assessor_app.sync.protocol import BlindScoresChange, IdentityReportChange


def purge_blind_scores(s: Session, submission_id: str) -> None:
    """Delete the released scores of ``submission_id`` from this device."""
    s.execute(delete(BlindScoreRow).where(BlindScoreRow.submission_id == submission_id))


def apply_release(s: Session, a: AssignmentRow, released: bool, released_at: str | None) -> None:
    """Take an assignment entry's ``released`` flag (and the portal's release time, if sent)."""
    if released:
        a.released = True
        a.released_at = released_at or a.released_at
        return
    if a.released or a.released_at is not None:
        purge_blind_scores(s, a.submission_id)
    a.released = False
    a.released_at = None


def apply_blind_scores(s: Session, change: BlindScoresChange, now: str) -> None:
    """Store both assessors' scores of a submission this person leads, replacing any older
    release. The release time is the portal's when its feed sent one, else the later of the
    two submits (when the release became possible), else now."""
    purge_blind_scores(s, change.submission_id)
    s.flush()
    for position, score in enumerate(change.scores):
        for j in score.judgments:
            s.add(
                BlindScoreRow(
                    submission_id=change.submission_id,
                    position=position,
                    target_id=j.target_id,
                    assessor=score.assessor,
                    submitted_at=score.submitted_at,
                    level=j.level,
                    comment=j.comment,
                    updated_at=j.updated_at,
                )
            )
    a = s.get(AssignmentRow, change.submission_id)
    if a is not None:
        a.released = True
        if a.released_at is None:
            submits = [sc.submitted_at for sc in change.scores if sc.submitted_at]
            a.released_at = max(submits) if submits else now


def apply_identity_report(s: Session, change: IdentityReportChange) -> None:
    """Insert or update a report the portal sent to this person (as the submission's lead)."""
    row = s.scalars(
        select(IdentityReportRow).where(IdentityReportRow.report_id == change.report_id)
    ).one_or_none()
    if row is None:
        row = IdentityReportRow(report_id=change.report_id, mine=False)
        s.add(row)
    row.submission_id = change.submission_id
    row.reporter = change.reporter
    row.where = change.where
    row.note = change.note
    row.reported_at = change.reported_at
    row.state = change.state.value


def forget_portal_reports(s: Session) -> None:
    """A full re-pull starts: drop the reports the portal sent (it sends the current ones
    again); the reports filed on this device stay."""
    s.execute(delete(IdentityReportRow).where(IdentityReportRow.mine.is_(False)))
