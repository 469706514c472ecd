"""Identity reports: an assessor tells the submission's lead that the submission reveals who
the candidate is (a name on a page, a school's logo in a video, …).

A report is stored with a new version and reaches only the change feed of the submission's
lead (an assignment of role lead that is not revoked); nobody else's feed or answers carry
it. It is ``open`` until it is ``resolved`` (when its reporter is reassigned), which gives it
a new version, so the lead's feed sends it again. When a lead is assigned to a submission, its
reports get new versions too, so they reach the new lead however far its cursor is.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.portal.server.db import Assignment, IdentityReport, User, utc_now
from assessor_app.portal.server.versions import next_version

OPEN, RESOLVED = "open", "resolved"
MAX_WHERE_CHARS = 500
MAX_NOTE_CHARS = 5_000


def file_report(
    session: Session, submission_id: str, reporter_id: int, where: str, note: str
) -> IdentityReport:
    """Store a new open report (inside the caller's write transaction)."""
    report = IdentityReport(
        submission_id=submission_id,
        reporter_id=reporter_id,
        where=where,
        note=note,
        created_at=utc_now(),
        version=next_version(session),
        state=OPEN,
    )
    session.add(report)
    session.flush()
    return report


def resolve_reports_of(session: Session, submission_id: str, reporter_id: int) -> list[int]:
    """Resolve the reporter's open reports on the submission; their ids."""
    reports = session.scalars(
        select(IdentityReport)
        .where(
            IdentityReport.submission_id == submission_id,
            IdentityReport.reporter_id == reporter_id,
            IdentityReport.state == OPEN,
        )
        .order_by(IdentityReport.id)
    ).all()
    for report in reports:
        report.state = RESOLVED
        report.version = next_version(session)
    return [r.id for r in reports]


def send_again(session: Session, submission_id: str) -> int:
    """Give every report of the submission a new version (a lead was assigned to it)."""
    reports = session.scalars(
        select(IdentityReport)
        .where(IdentityReport.submission_id == submission_id)
        .order_by(IdentityReport.id)
    ).all()
    for report in reports:
        report.version = next_version(session)
    return len(reports)


def report_entry(report: IdentityReport, reporter: str) -> dict[str, Any]:
    return {
        "type": "identity_report",
        "version": report.version,
        "submission_id": report.submission_id,
        "report_id": report.id,
        "reporter": reporter,
        "where": report.where,
        "note": report.note,
        "reported_at": report.created_at,
        "state": report.state,
    }


def reports_for_lead(
    session: Session, lead_user_id: int, since: int, limit: int
) -> list[tuple[IdentityReport, str]]:
    """Reports changed after ``since`` on the submissions this user leads (not revoked),
    with the reporters' names, in version order; at most ``limit``."""
    rows = session.execute(
        select(IdentityReport, User.name)
        .join(User, User.id == IdentityReport.reporter_id)
        .join(
            Assignment,
            (Assignment.submission_id == IdentityReport.submission_id)
            & (Assignment.user_id == lead_user_id)
            & (Assignment.role == "lead")
            & (Assignment.state != "revoked"),
        )
        .where(IdentityReport.version > since)
        .order_by(IdentityReport.version)
        .limit(limit)
    ).all()
    return [(row[0], row[1]) for row in rows]
