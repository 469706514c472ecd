"""What the workspace does for lead assessors and identity reports, inside its transactions.

:class:`~assessor_app.workspace.Workspace` opens the transaction and calls these; they read
and change the tables only. The rules:

- **Role.** A submission the portal assigned with role ``lead`` is led on this device; every
  other one (an assessor's, or a bundle imported from a file) is scored as an assessor.
- **Blind until released.** A lead judges only once the portal released both assessors'
  scores to this device (``assignments.released`` and two sets of ``blind_scores``); before
  that :func:`check_judge` refuses, as the portal would (``locked``). Only a lead records a
  rationale.
- **Finalizing.** A lead's submit is the final decision: besides the ordinary submit rules it
  needs a rationale wherever the assessors disagreed or the final level differs from both
  (:func:`reconcile_blockers`, by :mod:`assessor_app.domain.reconcile`).
- **Identity reports.** An assessor files a report (``report_identity`` op, and a row marked
  ``mine``); the portal sends it to the submission's lead only. The lead answers by
  replacing the assessor (``reassign`` op); the portal resolves the reports and the feed
  brings the new states.

The outbox entries are written in the same transaction as the rows
(:func:`assessor_app.storage.sync_store.enqueue`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessor_app.domain import reconcile
from assessor_app.domain.model import Manifest, Rubric
from assessor_app.domain.reconcile import BlindJudgment, BlindScores
from assessor_app.errors import (
    IncompleteSubmissionError,
    InvalidEntryError,
    RoleError,
    ScoresNotReleasedError,
    UnknownSubmissionError,
)
from assessor_app.storage import sync_store
from assessor_app.storage.models import (
    AssignmentRow,
    BlindScoreRow,
    IdentityReportRow,
    SubmissionRow,
)
from assessor_app.sync.protocol import (
    MAX_RATIONALE_CHARS,
    MAX_REPORT_NOTE_CHARS,
    MAX_REPORT_WHERE_CHARS,
    AssignmentState,
    OpKind,
    ReportState,
)

ROLE_ASSESSOR = "assessor"
ROLE_LEAD = "lead"
NOT_RELEASED = "the assessors' scores are not released yet"
MAX_USER_NAME_CHARS = 200

MAX_REASONS_SHOWN = 4
FinalValues = Mapping[str, tuple[str | None, str, str]]  # target -> (level, feedback, rationale)


class FinalJudgment(Protocol):
    """What the rules read of a judgment (the workspace's ``Judgment``)."""

    @property
    def level(self) -> str | None: ...
    @property
    def comment(self) -> str: ...
    @property
    def rationale(self) -> str: ...


# --- values ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class IdentityReport:
    """A report that a submission reveals who the candidate is.

    ``mine``: filed on this device (``report_id`` None; its state stays ``open`` here, as an
    assessor is never told how the lead settled it). Otherwise sent to this person as the
    submission's lead. ``where`` points into the submission; it never names the candidate.
    """

    id: int
    submission_id: str
    report_id: int | None
    reporter: str
    where: str
    note: str
    reported_at: str
    state: ReportState
    mine: bool


@dataclass(frozen=True)
class AgreementRecord:
    """The two assessors' levels of one target of one released submission (None: the
    assessor left it unjudged), for agreement statistics."""

    submission_id: str
    credential_id: str
    credential_title: str
    target_id: str
    target_label: str
    assessor_a: str
    assessor_b: str
    level_a: str | None
    level_b: str | None
    released_at: str


@dataclass(frozen=True)
class LeadFacts:
    """What the queue shows of a submission beyond the person's own progress."""

    role: str
    released: bool
    disagreements: int | None  # None until released
    open_identity_reports: int


# --- reading -----------------------------------------------------------------------------------
def role(s: Session, submission_id: str) -> str:
    """``"lead"`` or ``"assessor"``; raises when the submission is unknown here."""
    a = s.get(AssignmentRow, submission_id)
    if a is None:
        if s.get(SubmissionRow, submission_id) is None:
            raise UnknownSubmissionError(
                f"There is no submission {submission_id} in this workspace."
            )
        return ROLE_ASSESSOR
    return ROLE_LEAD if a.role == ROLE_LEAD else ROLE_ASSESSOR


def _is_lead(s: Session, submission_id: str) -> bool:
    a = s.get(AssignmentRow, submission_id)
    return a is not None and a.role == ROLE_LEAD


def _to_blind(rows: list[BlindScoreRow]) -> BlindScores:
    return BlindScores(
        assessor=rows[0].assessor,
        submitted_at=rows[0].submitted_at,
        judgments={r.target_id: BlindJudgment(r.level, r.comment, r.updated_at) for r in rows},
    )


def _all_blind_scores(
    s: Session, submission_id: str | None = None
) -> dict[str, tuple[BlindScores, BlindScores]]:
    """Released scores by submission: only those with an assignment marked released and both
    assessors' rows."""
    released = {
        a.submission_id: a
        for a in s.scalars(select(AssignmentRow).where(AssignmentRow.released.is_(True)))
    }
    query = select(BlindScoreRow).order_by(
        BlindScoreRow.submission_id, BlindScoreRow.position, BlindScoreRow.target_id
    )
    if submission_id is not None:
        query = query.where(BlindScoreRow.submission_id == submission_id)
    grouped: dict[str, dict[int, list[BlindScoreRow]]] = {}
    for row in s.scalars(query):
        if row.submission_id in released:
            grouped.setdefault(row.submission_id, {}).setdefault(row.position, []).append(row)
    return {
        sid: (_to_blind(by_pos[0]), _to_blind(by_pos[1]))
        for sid, by_pos in grouped.items()
        if set(by_pos) == {0, 1}
    }


def blind_scores(s: Session, submission_id: str) -> tuple[BlindScores, BlindScores] | None:
    """Both assessors' released scores, or None until they are on this device."""
    return _all_blind_scores(s, submission_id).get(submission_id)


def _report(row: IdentityReportRow) -> IdentityReport:
    return IdentityReport(
        id=row.id,
        submission_id=row.submission_id,
        report_id=row.report_id,
        reporter=row.reporter,
        where=row.where,
        note=row.note,
        reported_at=row.reported_at,
        state=ReportState(row.state),
        mine=row.mine,
    )


def identity_reports(s: Session, submission_id: str | None) -> list[IdentityReport]:
    """Reports in the order they were made (of one submission, or all)."""
    query = select(IdentityReportRow).order_by(IdentityReportRow.reported_at, IdentityReportRow.id)
    if submission_id is not None:
        query = query.where(IdentityReportRow.submission_id == submission_id)
    return [_report(r) for r in s.scalars(query)]


def lead_facts(s: Session, rubrics: Mapping[str, Rubric]) -> dict[str, LeadFacts]:
    """:class:`LeadFacts` of every submission in ``rubrics`` (submission id -> its rubric)."""
    roles = {
        a.submission_id: (ROLE_LEAD if a.role == ROLE_LEAD else ROLE_ASSESSOR)
        for a in s.scalars(select(AssignmentRow))
    }
    released = _all_blind_scores(s)
    open_reports: dict[str, int] = {
        sid: int(n)
        for sid, n in s.execute(
            select(IdentityReportRow.submission_id, func.count())
            .where(IdentityReportRow.state == ReportState.OPEN.value)
            .group_by(IdentityReportRow.submission_id)
        )
    }
    facts = {}
    for sid, rubric in rubrics.items():
        scores = released.get(sid)
        facts[sid] = LeadFacts(
            role=roles.get(sid, ROLE_ASSESSOR),
            released=scores is not None,
            disagreements=reconcile.disagreements(rubric, *scores) if scores else None,
            open_identity_reports=open_reports.get(sid, 0),
        )
    return facts


# --- judging as a lead ---------------------------------------------------------------------------
def check_judge(s: Session, submission_id: str, rationale: str) -> None:
    """Refuse a judgment (or a clear, with ``rationale`` "") the portal would not take."""
    if len(rationale) > MAX_RATIONALE_CHARS:
        raise InvalidEntryError(
            f"A rationale is at most {MAX_RATIONALE_CHARS:,} characters; this one has "
            f"{len(rationale):,}."
        )
    if not _is_lead(s, submission_id):
        if rationale:
            raise RoleError(
                f"Only the lead records a rationale; on submission {submission_id} you are an "
                "assessor."
            )
        return
    if blind_scores(s, submission_id) is None:
        raise ScoresNotReleasedError(
            f"You lead submission {submission_id}, and {NOT_RELEASED}: both assessors must "
            "submit, and this computer must sync, before you can judge it."
        )


def _final(current: Mapping[str, FinalJudgment]) -> FinalValues:
    return {t: (j.level, j.comment, j.rationale) for t, j in current.items()}


def reconcile_blockers(
    s: Session, submission_id: str, rubric: Rubric, current: Mapping[str, FinalJudgment]
) -> list[str]:
    """Why a lead cannot finalize yet (empty for an assessor's submission, or when nothing is
    missing): the domain's lines, or one line while the scores are not released."""
    if not _is_lead(s, submission_id):
        return []
    scores = blind_scores(s, submission_id)
    if scores is None:
        return [NOT_RELEASED]
    return reconcile.reconcile_blockers(rubric, scores[0], scores[1], _final(current))


def _not_final(submission_id: str, lines: list[str], missing: list[str]) -> Exception:
    shown = "; ".join(lines[:MAX_REASONS_SHOWN])
    if len(lines) > MAX_REASONS_SHOWN:
        shown += f"; and {len(lines) - MAX_REASONS_SHOWN} more"
    return IncompleteSubmissionError(
        f"Submission {submission_id} cannot be finalized yet: {shown}.", missing
    )


def check_released(s: Session, submission_id: str) -> None:
    """A lead's submit (the final decision) needs the released scores first."""
    if _is_lead(s, submission_id) and blind_scores(s, submission_id) is None:
        raise _not_final(submission_id, [NOT_RELEASED], [])


def check_rationales(
    s: Session, submission_id: str, rubric: Rubric, current: Mapping[str, FinalJudgment]
) -> None:
    """After the ordinary submit rules passed: refuse a lead's submit that lacks a rationale
    the reconciliation rules ask for (the targets in rubric order, as ``missing``)."""
    lines = reconcile_blockers(s, submission_id, rubric, current)
    if not lines:
        return
    named = set(lines)
    missing = [
        t
        for t in rubric.target_ids()
        if f"rationale needed: {rubric.target_label(t)}" in named
        or f"{rubric.target_label(t)}: no final level" in named
    ]
    raise _not_final(submission_id, lines, missing)


# --- identity reports and reassignment -----------------------------------------------------------
def _check_text(value: str, what: str, limit: int, *, required: bool) -> str:
    if required and not value.strip():
        raise InvalidEntryError(f"Say {what}; it cannot be empty.")
    if len(value) > limit:
        raise InvalidEntryError(
            f"{what.capitalize()} is at most {limit:,} characters; this has {len(value):,}."
        )
    return value


def _check_assignment_open(s: Session, row: SubmissionRow) -> None:
    a = s.get(AssignmentRow, row.id)
    if row.revoked_at is not None or (a is not None and a.state == AssignmentState.REVOKED.value):
        raise RoleError(
            f"Submission {row.id} was withdrawn from you by the portal; there is nothing to "
            "report or reassign on it."
        )


def report_identity(
    s: Session, row: SubmissionRow, reporter: str, where: str, note: str, now: str
) -> None:
    """File a report as this submission's assessor: a ``mine`` row and its outbox entry."""
    if _is_lead(s, row.id):
        raise RoleError(
            f"You lead submission {row.id}; identity reports come from its assessors. To "
            "replace an assessor, reassign."
        )
    _check_assignment_open(s, row)
    where = _check_text(where, "where in the submission", MAX_REPORT_WHERE_CHARS, required=True)
    note = _check_text(note, "the note", MAX_REPORT_NOTE_CHARS, required=False)
    s.add(
        IdentityReportRow(
            submission_id=row.id,
            report_id=None,
            reporter=reporter,
            where=where,
            note=note,
            reported_at=now,
            state=ReportState.OPEN.value,
            mine=True,
        )
    )
    sync_store.enqueue(
        s,
        OpKind.REPORT_IDENTITY.value,
        row.id,
        None,
        {"submission_id": row.id, "where": where, "note": note, "reported_at": now},
        now,
    )


def reassign(s: Session, row: SubmissionRow, from_user: str, to_user: str, now: str) -> None:
    """Queue the lead's replacement of assessor ``from_user`` by ``to_user``."""
    if not _is_lead(s, row.id):
        raise RoleError(f"Only the lead of submission {row.id} can reassign its assessors.")
    _check_assignment_open(s, row)
    from_user = _check_text(
        from_user.strip(), "whom to replace", MAX_USER_NAME_CHARS, required=True
    )
    to_user = _check_text(to_user.strip(), "who takes over", MAX_USER_NAME_CHARS, required=True)
    if from_user == to_user:
        raise InvalidEntryError(f"{from_user} cannot be replaced by themselves; choose another.")
    sync_store.enqueue(
        s,
        OpKind.REASSIGN.value,
        row.id,
        None,
        {"submission_id": row.id, "from_user": from_user, "to_user": to_user, "made_at": now},
        now,
    )


# --- agreement -----------------------------------------------------------------------------------
def _same(target_id: str) -> str:
    return target_id


def _day(value: str | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise InvalidEntryError(f"{value!r} is not an ISO date (YYYY-MM-DD).") from None


def agreement_records(
    s: Session,
    manifest_of: Callable[[str], Manifest | None],
    credential_id: str | None,
    since: str | date | None,
    until: str | date | None,
) -> list[AgreementRecord]:
    """One record per target of every released submission (in rubric order, by release time
    then id), filtered by credential and by the release day (``since``/``until`` inclusive).
    ``manifest_of`` gives a submission's manifest when its bundle is here (labels and order);
    without it, the released targets are listed by id."""
    first, last = _day(since), _day(until)
    records: list[AgreementRecord] = []
    assignments = {
        a.submission_id: a
        for a in s.scalars(select(AssignmentRow).where(AssignmentRow.released.is_(True)))
    }
    for sid, (a_scores, b_scores) in _all_blind_scores(s).items():
        a = assignments[sid]
        released_at = a.released_at or ""
        if credential_id is not None and a.credential_id != credential_id:
            continue
        day = released_at[:10]
        if (first is not None and day < first) or (last is not None and day > last):
            continue
        manifest = manifest_of(sid)
        label: Callable[[str], str]
        if manifest is not None:
            targets = list(manifest.rubric.target_ids())
            label = manifest.rubric.target_label
        else:
            targets = sorted(set(a_scores.judgments) | set(b_scores.judgments))
            label = _same
        for t in targets:
            ja, jb = a_scores.judgments.get(t), b_scores.judgments.get(t)
            records.append(
                AgreementRecord(
                    submission_id=sid,
                    credential_id=a.credential_id,
                    credential_title=a.credential_title,
                    target_id=t,
                    target_label=label(t),
                    assessor_a=a_scores.assessor,
                    assessor_b=b_scores.assessor,
                    level_a=ja.level if ja is not None else None,
                    level_b=jb.level if jb is not None else None,
                    released_at=released_at,
                )
            )
    order = {sid: i for i, sid in enumerate(sorted({r.submission_id for r in records}))}
    records.sort(key=lambda r: (r.released_at, order[r.submission_id]))  # stable: rubric order
    return records
