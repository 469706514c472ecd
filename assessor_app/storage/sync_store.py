"""The workspace's side of sync, inside one database transaction each.

These functions take an open write :class:`~sqlalchemy.orm.Session` (``BEGIN IMMEDIATE``) and
change only the tables; :class:`~assessor_app.workspace.Workspace` wraps each in one
transaction and is the only caller. The rules (``docs/sync-protocol.md``):

- **The outbox is never dropped.** An op leaves ``pending`` only with the portal's answer:
  ``acked`` (applied / unchanged), ``conflict``, or a not-accepted status (locked, forbidden,
  invalid) that stays visible. ``superseded`` is set only by the person's choice in a conflict
  (or when a re-pull shows the portal holds the local value already).
- **One op per row in flight.** :func:`sendable_ops` offers only the oldest unanswered op of
  each judgment row, nothing of a row in conflict, and a submission's ``submit`` only once
  nothing else of that submission is unanswered. When an op is acknowledged, the next op of
  the same row (made on top of it, never sent yet) takes the new version as its base, so an
  assessor's own offline edits never conflict with each other. ``report_identity`` and
  ``reassign`` ops change assignments, not judgments: they go whenever they are pending.
- **A lead's feed** also carries the release of a submission's scores, the two assessors'
  ``blind_scores`` and ``identity_report`` entries; :mod:`assessor_app.storage.lead_feed`
  applies them in the page's transaction. Judgment values compare level, comment and the
  lead's rationale together.
- **Base versions are what the assessor saw.** An op's ``base_version`` is fixed when the op is
  made (the row's version as last seen from the portal) and never changes once sent, so a
  replay carries the same payload.
- **The feed never overwrites unsent work.** A judgment from the feed replaces the local value
  only when the row has no unanswered op and no conflict; otherwise it updates the portal's
  mirror (``portal_judgments``) and any conflict's portal side.
- **An epoch change or a reset** drops the cursor, clears the mirror, puts not-accepted ops
  back to pending (they are re-sent), and marks a full re-pull (``resync``). When the re-pull
  ends, every local row is compared with the portal's: equal rows take the portal's version;
  rows the portal does not have are re-sent; rows that differ become conflicts. Nothing is
  settled by clocks.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from assessor_app.storage import lead_feed
from assessor_app.storage.models import (
    AssignmentRow,
    ConflictRow,
    JudgmentRow,
    OutboxRow,
    PortalJudgmentRow,
    SubmissionRow,
    SyncStateRow,
)
from assessor_app.sync.protocol import (
    ACKNOWLEDGED,
    NOT_ACCEPTED,
    AssignmentChange,
    AssignmentState,
    BlindScoresChange,
    Change,
    IdentityReportChange,
    JudgmentChange,
    OpKind,
    OpResult,
    OpStatus,
    RevokedChange,
    SubmittedChange,
)


class OpState(StrEnum):
    """Where an outbox entry stands (``outbox.status``)."""

    PENDING = "pending"
    ACKED = "acked"
    CONFLICT = "conflict"
    LOCKED = "locked"
    FORBIDDEN = "forbidden"
    INVALID = "invalid"
    SUPERSEDED = "superseded"


class BundleStatus(StrEnum):
    PENDING = "pending"
    DOWNLOADING = "downloading"
    READY = "ready"
    FAILED = "failed"


UNANSWERED = (OpState.PENDING.value, OpState.CONFLICT.value)
NOT_ACCEPTED_STATES = (OpState.LOCKED.value, OpState.FORBIDDEN.value, OpState.INVALID.value)
JUDGMENT_KINDS = (OpKind.JUDGE.value, OpKind.CLEAR.value)
# Ops about assignments, not judgments: they go whenever they are pending, in order.
ASSIGNMENT_KINDS = (OpKind.REPORT_IDENTITY.value, OpKind.REASSIGN.value)


# --- values ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SyncState:
    server_url: str
    username: str
    portal_id: str
    signing_key: str  # base64 of the raw Ed25519 public key
    epoch: str
    cursor: int
    resync: bool
    pinned_at: str
    last_sync_at: str | None
    last_error: str | None


@dataclass(frozen=True)
class Assignment:
    submission_id: str
    role: str
    state: AssignmentState
    credential_id: str
    credential_title: str
    credential_version: str
    due: str | None
    bundle_size: int
    bundle_sha256: str
    bundle_status: BundleStatus
    bundle_error: str | None
    version: int
    revoked_reason: str | None
    revoke_acknowledged: bool


@dataclass(frozen=True)
class PendingOp:
    """An op ready to send: ``wire`` is exactly the JSON object the portal receives."""

    op_id: str
    seq: int
    kind: str
    submission_id: str
    target_id: str | None
    attempts: int
    wire: dict[str, Any]


@dataclass(frozen=True)
class Conflict:
    """The assessor's value and the portal's value of one judgment (``level`` None: unjudged)."""

    submission_id: str
    target_id: str
    local_level: str | None
    local_comment: str
    server_level: str | None
    server_comment: str
    server_version: int
    op_id: str | None
    detected_at: str
    local_rationale: str = ""  # a lead's judgments carry a rationale; "" otherwise
    server_rationale: str = ""


@dataclass(frozen=True)
class NotAccepted:
    """A change the portal did not accept (locked, forbidden, invalid), kept and shown."""

    op_id: str
    seq: int
    kind: str
    submission_id: str
    target_id: str | None
    status: OpState
    message: str | None
    level: str | None
    comment: str | None
    created_at: str


@dataclass(frozen=True)
class ApplyResult:
    """What :func:`apply_changes` did. ``restarted``: the epoch changed or the portal asked for
    a reset; nothing of the page was applied, and the caller pulls again from ``cursor`` (0)."""

    applied: int
    cursor: int
    more: bool
    restarted: bool = False
    resync_finished: bool = False
    new_conflicts: int = 0
    requeued: int = 0


@dataclass(frozen=True)
class OpsRecorded:
    acked: int
    conflicts: int
    not_accepted: int
    ignored: int  # answers for ops that were not pending (an earlier answer was recorded)


# --- small helpers -------------------------------------------------------------------------------
def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


Value = tuple[str | None, str, str]  # (level, comment, rationale)


def _value(level: str | None, comment: str, rationale: str = "") -> Value:
    """A judgment's value for comparing: a cleared judgment has no comment nor rationale."""
    if level is None:
        return (None, "", "")
    return (level, comment, rationale)


def _row_value(j: JudgmentRow) -> Value:
    return _value(j.level, j.comment, j.rationale)


def enqueue(
    s: Session,
    kind: str,
    submission_id: str,
    target_id: str | None,
    payload: Mapping[str, Any],
    now: str,
) -> str:
    """Add an outbox entry (status pending) with a fresh UUID4 op id; return the op id."""
    op_id = str(uuid.uuid4())
    next_seq = select(func.coalesce(func.max(OutboxRow.seq), 0) + 1).scalar_subquery()
    s.execute(
        insert(OutboxRow).values(
            op_id=op_id,
            seq=next_seq,
            kind=kind,
            submission_id=submission_id,
            target_id=target_id,
            payload=json.dumps(dict(payload), ensure_ascii=False, sort_keys=True),
            created_at=now,
            acked_at=None,
            attempts=0,
            status=OpState.PENDING.value,
        )
    )
    return op_id


def judgment_payload(j: JudgmentRow, now: str) -> dict[str, Any]:
    """The outbox payload of a judge (or, for a cleared row, clear) op for the row as it is."""
    payload: dict[str, Any] = {
        "submission_id": j.submission_id,
        "target_id": j.target_id,
        "revision": j.revision,
        "updated_at": now,
        "base_version": j.base_version,
    }
    if j.level is not None:
        payload["level"] = j.level
        payload["comment"] = j.comment
        payload["rationale"] = j.rationale
    return payload


def _enqueue_row(s: Session, j: JudgmentRow, base_version: int, now: str) -> str:
    j.base_version = base_version
    kind = "judge" if j.level is not None else "clear"
    return enqueue(s, kind, j.submission_id, j.target_id, judgment_payload(j, now), now)


def wire_op(row: OutboxRow) -> dict[str, Any]:
    """The op as the portal receives it, derived only from the stored entry (a replay sends
    the same bytes' worth of meaning)."""
    payload: dict[str, Any] = json.loads(row.payload)
    op: dict[str, Any] = {"op_id": row.op_id, "kind": row.kind, "submission_id": row.submission_id}
    if row.kind == OpKind.JUDGE:
        op.update(
            target_id=row.target_id,
            level=payload["level"],
            comment=payload.get("comment", ""),
            base_version=int(payload.get("base_version", 0)),
        )
        rationale = payload.get("rationale", "")
        if rationale:  # a lead's; an assessor's judge goes out exactly as before
            op["rationale"] = rationale
    elif row.kind == OpKind.CLEAR:
        op.update(target_id=row.target_id, base_version=int(payload.get("base_version", 0)))
    elif row.kind == OpKind.REPORT_IDENTITY:
        op.update(where=payload["where"], note=payload.get("note", ""))
    elif row.kind == OpKind.REASSIGN:
        op.update(from_user=payload["from_user"], to_user=payload["to_user"])
    return op


def _judgment_row(s: Session, submission_id: str, target_id: str) -> JudgmentRow | None:
    return s.scalars(
        select(JudgmentRow).where(
            JudgmentRow.submission_id == submission_id, JudgmentRow.target_id == target_id
        )
    ).one_or_none()


def _unanswered_ops(s: Session, submission_id: str, target_id: str) -> list[OutboxRow]:
    return list(
        s.scalars(
            select(OutboxRow)
            .where(
                OutboxRow.submission_id == submission_id,
                OutboxRow.target_id == target_id,
                OutboxRow.status.in_(UNANSWERED),
            )
            .order_by(OutboxRow.seq)
        )
    )


def _supersede(rows: Iterable[OutboxRow], message: str) -> None:
    for row in rows:
        row.status = OpState.SUPERSEDED.value
        row.message = message


def _refresh_conflict_flags(s: Session, submission_ids: Iterable[str]) -> None:
    for sid in set(submission_ids):
        row = s.get(SubmissionRow, sid)
        if row is None:
            continue
        has = s.execute(
            select(func.count()).select_from(ConflictRow).where(ConflictRow.submission_id == sid)
        ).scalar_one()
        row.conflict = bool(has)


def _upsert_mirror(
    s: Session, submission_id: str, target_id: str, value: Value, version: int
) -> None:
    m = s.get(PortalJudgmentRow, (submission_id, target_id))
    level, comment, rationale = value
    if m is None:
        s.add(
            PortalJudgmentRow(
                submission_id=submission_id,
                target_id=target_id,
                level=level,
                comment=comment,
                rationale=rationale,
                version=version,
            )
        )
    else:
        m.level, m.comment, m.rationale, m.version = level, comment, rationale, version


def _set_local(j: JudgmentRow, value: Value, now: str) -> None:
    """Give the local row the portal's value (a change by sync, with no outbox entry)."""
    if _row_value(j) != value:
        j.level, j.comment, j.rationale = value
        j.updated_at = now
        j.revision += 1


def _conflict_value(c: ConflictRow) -> Value:
    return (c.server_level, c.server_comment, c.server_rationale)


def _set_conflict_value(c: ConflictRow, value: Value) -> None:
    c.server_level, c.server_comment, c.server_rationale = value


def _settle(s: Session, conflict: ConflictRow, j: JudgmentRow, message: str) -> None:
    """The portal holds the local value: the conflict is over, nothing to send."""
    j.base_version = conflict.server_version
    _supersede(_unanswered_ops(s, conflict.submission_id, conflict.target_id), message)
    s.delete(conflict)


# --- sync state ----------------------------------------------------------------------------------
def get_state(s: Session) -> SyncStateRow | None:
    return s.get(SyncStateRow, 1)


def to_state(row: SyncStateRow) -> SyncState:
    return SyncState(
        server_url=row.server_url,
        username=row.username,
        portal_id=row.portal_id,
        signing_key=row.signing_key,
        epoch=row.epoch,
        cursor=row.cursor,
        resync=row.resync,
        pinned_at=row.pinned_at,
        last_sync_at=row.last_sync_at,
        last_error=row.last_error,
    )


def start_resync(s: Session, state: SyncStateRow, epoch: str) -> int:
    """Drop the cursor, clear the mirror, and put every not-accepted op back to pending (they
    are re-sent: the restored portal may accept them). Return how many were requeued."""
    state.epoch = epoch
    state.cursor = 0
    state.resync = True
    s.execute(delete(PortalJudgmentRow))
    lead_feed.forget_portal_reports(s)  # the re-pull sends the current ones
    requeued = s.execute(
        update(OutboxRow)
        .where(OutboxRow.status.in_(NOT_ACCEPTED_STATES))
        .values(status=OpState.PENDING.value, message=None)
    )
    return int(getattr(requeued, "rowcount", 0) or 0)


# --- ops -----------------------------------------------------------------------------------------
def sendable_ops(s: Session, limit: int) -> list[PendingOp]:
    """Pending ops that may go now, in ``seq`` order (see the module's rules)."""
    rows = list(
        s.scalars(
            select(OutboxRow)
            .where(OutboxRow.status == OpState.PENDING.value)
            .order_by(OutboxRow.seq)
        )
    )
    conflicts = {(c.submission_id, c.target_id) for c in s.scalars(select(ConflictRow))}
    conflicted = {sid for sid, _ in conflicts}
    busy = {r.submission_id for r in rows if r.kind in JUDGMENT_KINDS}
    seen_rows: set[tuple[str, str | None]] = set()
    seen_submits: set[str] = set()
    out: list[PendingOp] = []
    for row in rows:
        if len(out) >= limit:
            break
        if row.kind in JUDGMENT_KINDS:
            key = (row.submission_id, row.target_id)
            if key in seen_rows or key in conflicts:
                seen_rows.add(key)
                continue
            seen_rows.add(key)
        elif row.kind in ASSIGNMENT_KINDS:
            pass  # independent of the judgments: a report or a reassignment goes at once
        else:
            if (
                row.submission_id in conflicted
                or row.submission_id in busy
                or row.submission_id in seen_submits
            ):
                continue
            seen_submits.add(row.submission_id)
        out.append(
            PendingOp(
                op_id=row.op_id,
                seq=row.seq,
                kind=row.kind,
                submission_id=row.submission_id,
                target_id=row.target_id,
                attempts=row.attempts,
                wire=wire_op(row),
            )
        )
    return out


def mark_sent(s: Session, op_ids: Sequence[str]) -> None:
    """Count an attempt on each op before it goes out: from now on its payload is frozen."""
    if op_ids:
        s.execute(
            update(OutboxRow)
            .where(OutboxRow.op_id.in_(list(op_ids)))
            .values(attempts=OutboxRow.attempts + 1)
        )


def _chain_base(s: Session, row: OutboxRow, old_base: int, new_base: int) -> None:
    """Later ops of the same row, made on top of ``row`` and never sent, build on the version
    the portal gave ``row``."""
    later = s.scalars(
        select(OutboxRow).where(
            OutboxRow.submission_id == row.submission_id,
            OutboxRow.target_id == row.target_id,
            OutboxRow.status == OpState.PENDING.value,
            OutboxRow.attempts == 0,
            OutboxRow.seq > row.seq,
        )
    )
    for op in later:
        payload = json.loads(op.payload)
        if int(payload.get("base_version", 0)) == old_base:
            payload["base_version"] = new_base
            op.payload = json.dumps(payload, ensure_ascii=False, sort_keys=True)


def record_results(s: Session, results: Sequence[OpResult], now: str) -> OpsRecorded:
    acked = conflicts = not_accepted = ignored = 0
    touched: set[str] = set()
    for result in results:
        row = s.get(OutboxRow, result.op_id)
        if row is None or row.status != OpState.PENDING.value:
            ignored += 1
            continue
        payload: dict[str, Any] = json.loads(row.payload)
        is_row_op = row.kind in JUDGMENT_KINDS and row.target_id is not None
        if result.status in ACKNOWLEDGED:
            assert result.version is not None
            row.status = OpState.ACKED.value
            row.acked_at = now
            row.result_version = result.version
            row.message = result.message or (
                "unchanged" if result.status is OpStatus.UNCHANGED else None
            )
            acked += 1
            if is_row_op and row.target_id is not None:
                sent = (
                    _value(
                        payload.get("level"),
                        payload.get("comment", ""),
                        payload.get("rationale", ""),
                    )
                    if row.kind == OpKind.JUDGE
                    else _value(None, "")
                )
                _upsert_mirror(s, row.submission_id, row.target_id, sent, result.version)
                j = _judgment_row(s, row.submission_id, row.target_id)
                if j is not None:
                    j.base_version = result.version
                _chain_base(s, row, int(payload.get("base_version", 0)), result.version)
            elif row.kind == "submit":
                a = s.get(AssignmentRow, row.submission_id)
                if a is not None and a.state == AssignmentState.OPEN.value:
                    a.state = AssignmentState.SUBMITTED.value
        elif result.status is OpStatus.CONFLICT and is_row_op and result.server is not None:
            assert row.target_id is not None
            row.status = OpState.CONFLICT.value
            row.message = result.message
            conflicts += 1
            server = result.server
            theirs = _value(server.level, server.comment, server.rationale)
            _upsert_mirror(s, row.submission_id, row.target_id, theirs, server.version)
            c = s.get(ConflictRow, (row.submission_id, row.target_id))
            if c is None:
                c = ConflictRow(
                    submission_id=row.submission_id,
                    target_id=row.target_id,
                    op_id=row.op_id,
                    server_version=server.version,
                    detected_at=now,
                )
                s.add(c)
            else:
                c.op_id = row.op_id
                c.server_version, c.detected_at = server.version, now
            _set_conflict_value(c, theirs)
            s.flush()
            j = _judgment_row(s, row.submission_id, row.target_id)
            if j is not None and _row_value(j) == theirs:
                _settle(s, c, j, "the portal already holds this value")
            touched.add(row.submission_id)
        else:
            status = result.status if result.status in NOT_ACCEPTED else OpStatus.INVALID
            if row.kind == "submit" and status is OpStatus.INVALID:
                # The portal finds the submission incomplete: unlock it here so the person
                # can complete it and submit again (the refused submit stays listed).
                sub = s.get(SubmissionRow, row.submission_id)
                if sub is not None and sub.revoked_at is None:
                    sub.locked = False
                    sub.submitted_at = None
            row.status = OpState(status.value).value
            row.message = result.message or (
                "the portal answered conflict without its value"
                if result.status is OpStatus.CONFLICT
                else None
            )
            not_accepted += 1
    s.flush()
    _refresh_conflict_flags(s, touched)
    return OpsRecorded(acked, conflicts, not_accepted, ignored)


# --- the change feed -----------------------------------------------------------------------------
def apply_page(
    s: Session,
    changes: Sequence[Change],
    epoch: str,
    cursor: int,
    *,
    more: bool,
    reset: bool,
    now: str,
) -> ApplyResult:
    state = get_state(s)
    if state is None:
        raise ValueError("apply_changes needs a portal identity (set_sync_identity)")
    if reset or epoch != state.epoch:
        requeued = start_resync(s, state, epoch)
        return ApplyResult(0, 0, True, restarted=True, requeued=requeued)
    touched: set[str] = set()
    for change in changes:
        touched.add(change.submission_id)
        if isinstance(change, AssignmentChange):
            _apply_assignment(s, change, now, resync=state.resync)
        elif isinstance(change, JudgmentChange):
            _apply_judgment(s, change, now, resync=state.resync)
        elif isinstance(change, SubmittedChange):
            _apply_submitted(s, change.submission_id, now)
        elif isinstance(change, RevokedChange):
            _apply_revoked(s, change.submission_id, change.reason, now)
        elif isinstance(change, BlindScoresChange):
            lead_feed.apply_blind_scores(s, change, now)
        elif isinstance(change, IdentityReportChange):
            lead_feed.apply_identity_report(s, change)
    state.cursor = cursor
    finished = False
    new_conflicts = 0
    if not more and state.resync:
        new_conflicts = _reconcile(s, now)
        state.resync = False
        finished = True
        touched.update(s.scalars(select(SubmissionRow.id)))
    s.flush()
    _refresh_conflict_flags(s, touched)
    return ApplyResult(
        len(changes),
        cursor,
        more,
        resync_finished=finished,
        new_conflicts=new_conflicts,
    )


def _bundle_here(s: Session, submission_id: str, sha: str) -> bool:
    row = s.get(SubmissionRow, submission_id)
    return row is not None and row.bundle_sha256 == sha


def _apply_assignment(s: Session, c: AssignmentChange, now: str, *, resync: bool) -> None:
    a = s.get(AssignmentRow, c.submission_id)
    ready = _bundle_here(s, c.submission_id, c.bundle_sha256)
    if a is None:
        a = AssignmentRow(
            submission_id=c.submission_id,
            bundle_status=(BundleStatus.READY if ready else BundleStatus.PENDING).value,
            bundle_error=None,
            revoked_reason=None,
            revoke_acknowledged=False,
            released=False,
        )
        s.add(a)
    elif a.bundle_sha256 != c.bundle_sha256:
        a.bundle_status = (BundleStatus.READY if ready else BundleStatus.PENDING).value
        a.bundle_error = None
    previous_state = a.state
    a.role = c.role
    a.state = c.state.value
    a.credential_id = c.credential_id
    a.credential_title = c.credential_title
    a.credential_version = c.credential_version
    a.due = c.due
    a.bundle_size = c.bundle_size
    a.bundle_sha256 = c.bundle_sha256
    a.version = c.version
    a.updated_at = now
    lead_feed.apply_release(s, a, c.released, c.released_at)
    s.flush()
    if c.state is AssignmentState.SUBMITTED:
        _apply_submitted(s, c.submission_id, now)
    elif c.state is AssignmentState.REVOKED:
        _apply_revoked(s, c.submission_id, a.revoked_reason or "", now)
    else:
        _apply_open(s, a, previous_state, c.version, resync=resync)


def _apply_open(
    s: Session, a: AssignmentRow, previous_state: str | None, version: int, *, resync: bool
) -> None:
    sub = s.get(SubmissionRow, a.submission_id)
    if previous_state == AssignmentState.REVOKED.value:
        a.revoked_reason = None
        a.revoke_acknowledged = False
        if sub is not None:
            sub.revoked_at = None
            # The files may have been purged when the person acknowledged the revocation.
            a.bundle_status = BundleStatus.PENDING.value
    if sub is None or not sub.locked or resync:
        return
    # Locked here but open on the portal: reopened there, unless our submit is still on its
    # way or the portal's state predates our acknowledged submit.
    submits = list(
        s.scalars(
            select(OutboxRow).where(
                OutboxRow.submission_id == a.submission_id, OutboxRow.kind == "submit"
            )
        )
    )
    if any(o.status == OpState.PENDING.value for o in submits):
        return
    acked = [o.result_version for o in submits if o.status == OpState.ACKED.value]
    if acked and max(v or 0 for v in acked) >= version:
        return
    if submits or previous_state == AssignmentState.SUBMITTED.value:
        sub.locked = False
        sub.submitted_at = None


def _apply_submitted(s: Session, submission_id: str, now: str) -> None:
    a = s.get(AssignmentRow, submission_id)
    if a is not None:
        a.state = AssignmentState.SUBMITTED.value
    sub = s.get(SubmissionRow, submission_id)
    if sub is not None and not sub.locked:
        sub.locked = True
        sub.submitted_at = sub.submitted_at or now


def _apply_revoked(s: Session, submission_id: str, reason: str, now: str) -> None:
    a = s.get(AssignmentRow, submission_id)
    if a is not None:
        if a.state != AssignmentState.REVOKED.value or reason:
            a.revoked_reason = reason or a.revoked_reason
        if a.state != AssignmentState.REVOKED.value:
            a.revoke_acknowledged = False
        a.state = AssignmentState.REVOKED.value
    sub = s.get(SubmissionRow, submission_id)
    if sub is not None and sub.revoked_at is None:
        sub.revoked_at = now


def _apply_judgment(s: Session, c: JudgmentChange, now: str, *, resync: bool) -> None:
    server = _value(c.level, c.comment, c.rationale)
    _upsert_mirror(s, c.submission_id, c.target_id, server, c.version)
    if s.get(SubmissionRow, c.submission_id) is None:
        return  # copied from the mirror when the bundle is imported
    s.flush()
    j = _judgment_row(s, c.submission_id, c.target_id)
    conflict = s.get(ConflictRow, (c.submission_id, c.target_id))
    if conflict is not None:
        _set_conflict_value(conflict, server)
        conflict.server_version = c.version
        if j is not None and _row_value(j) == server:
            _settle(s, conflict, j, "the portal holds the same value now")
        return
    if _unanswered_ops(s, c.submission_id, c.target_id):
        return  # the local value waits for the portal's answer to its op
    if j is None:
        s.add(
            JudgmentRow(
                submission_id=c.submission_id,
                target_id=c.target_id,
                level=server[0],
                comment=server[1],
                rationale=server[2],
                updated_at=now,
                revision=1,
                base_version=c.version,
            )
        )
        return
    if _row_value(j) == server:
        j.base_version = c.version
        return
    if resync:
        return  # compared when the re-pull ends (_reconcile)
    if c.version < j.base_version:
        return  # older than what we know
    _set_local(j, server, now)
    j.base_version = c.version


def _reconcile(s: Session, now: str) -> int:
    """The full re-pull ended: compare every local row with the portal's (see module doc)."""
    mirror = {(m.submission_id, m.target_id): m for m in s.scalars(select(PortalJudgmentRow))}
    conflicts = {(c.submission_id, c.target_id): c for c in s.scalars(select(ConflictRow))}
    unanswered = {
        (o.submission_id, o.target_id)
        for o in s.scalars(select(OutboxRow).where(OutboxRow.status == OpState.PENDING.value))
        if o.kind in JUDGMENT_KINDS
    }
    new_conflicts = 0
    for j in list(s.scalars(select(JudgmentRow))):
        key = (j.submission_id, j.target_id)
        m = mirror.get(key)
        local = _row_value(j)
        theirs = _value(m.level, m.comment, m.rationale) if m is not None else None
        c = conflicts.get(key)
        if c is not None:
            if m is None or theirs is None:  # the portal lost its side: send ours
                _supersede(_unanswered_ops(s, *key), "re-sent after the portal was restored")
                s.delete(c)
                _enqueue_row(s, j, 0, now)
            elif theirs == local:
                c.server_version = m.version
                _settle(s, c, j, "the portal holds the same value now")
            else:
                _set_conflict_value(c, theirs)
                c.server_version = m.version
            continue
        if key in unanswered:
            continue
        if m is not None and theirs == local:
            j.base_version = m.version
        elif m is None:
            if j.level is None:
                j.base_version = 0
            else:
                _enqueue_row(s, j, 0, now)
        else:
            s.add(
                ConflictRow(
                    submission_id=j.submission_id,
                    target_id=j.target_id,
                    op_id=None,
                    server_level=m.level,
                    server_comment=m.comment,
                    server_rationale=m.rationale,
                    server_version=m.version,
                    detected_at=now,
                )
            )
            new_conflicts += 1
    # Submitted here, open on the restored portal, nothing on its way: submit again.
    for sub in list(s.scalars(select(SubmissionRow).where(SubmissionRow.locked.is_(True)))):
        a = s.get(AssignmentRow, sub.id)
        if a is None or a.state != AssignmentState.OPEN.value:
            continue
        waiting = s.execute(
            select(func.count())
            .select_from(OutboxRow)
            .where(
                OutboxRow.submission_id == sub.id,
                OutboxRow.kind == "submit",
                OutboxRow.status == OpState.PENDING.value,
            )
        ).scalar_one()
        if not waiting:
            enqueue(
                s,
                "submit",
                sub.id,
                None,
                {"submission_id": sub.id, "submitted_at": sub.submitted_at or now, "resent": True},
                now,
            )
    return new_conflicts


# --- conflicts, not accepted ---------------------------------------------------------------------
def list_conflicts(s: Session, submission_id: str | None) -> list[Conflict]:
    query = select(ConflictRow).order_by(ConflictRow.submission_id, ConflictRow.target_id)
    if submission_id is not None:
        query = query.where(ConflictRow.submission_id == submission_id)
    out = []
    for c in s.scalars(query):
        j = _judgment_row(s, c.submission_id, c.target_id)
        level, comment, rationale = _row_value(j) if j is not None else _value(None, "")
        out.append(
            Conflict(
                submission_id=c.submission_id,
                target_id=c.target_id,
                local_level=level,
                local_comment=comment,
                server_level=c.server_level,
                server_comment=c.server_comment,
                server_version=c.server_version,
                op_id=c.op_id,
                detected_at=c.detected_at,
                local_rationale=rationale,
                server_rationale=c.server_rationale,
            )
        )
    return out


def resolve(s: Session, conflict: ConflictRow, keep_mine: bool, now: str) -> str | None:
    """Settle a conflict as the person chose; return the new op's id (mine) or None."""
    j = _judgment_row(s, conflict.submission_id, conflict.target_id)
    if j is None:  # pragma: no cover - a conflict always comes from a local row
        raise ValueError("conflict without a local judgment")
    _supersede(
        _unanswered_ops(s, conflict.submission_id, conflict.target_id),
        "replaced by the assessor's choice in a conflict",
    )
    op_id: str | None = None
    if keep_mine:
        op_id = _enqueue_row(s, j, conflict.server_version, now)
    else:
        _set_local(j, _conflict_value(conflict), now)
        j.base_version = conflict.server_version
    s.delete(conflict)
    s.flush()
    _refresh_conflict_flags(s, [conflict.submission_id])
    return op_id


def list_not_accepted(s: Session) -> list[NotAccepted]:
    out = []
    for row in s.scalars(
        select(OutboxRow).where(OutboxRow.status.in_(NOT_ACCEPTED_STATES)).order_by(OutboxRow.seq)
    ):
        payload = json.loads(row.payload)
        out.append(
            NotAccepted(
                op_id=row.op_id,
                seq=row.seq,
                kind=row.kind,
                submission_id=row.submission_id,
                target_id=row.target_id,
                status=OpState(row.status),
                message=row.message,
                level=payload.get("level") if row.kind == "judge" else None,
                comment=payload.get("comment") if row.kind == "judge" else None,
                created_at=row.created_at,
            )
        )
    return out


# --- assignments ---------------------------------------------------------------------------------
def to_assignment(a: AssignmentRow) -> Assignment:
    return Assignment(
        submission_id=a.submission_id,
        role=a.role,
        state=AssignmentState(a.state),
        credential_id=a.credential_id,
        credential_title=a.credential_title,
        credential_version=a.credential_version,
        due=a.due,
        bundle_size=a.bundle_size,
        bundle_sha256=a.bundle_sha256,
        bundle_status=BundleStatus(a.bundle_status),
        bundle_error=a.bundle_error,
        version=a.version,
        revoked_reason=a.revoked_reason,
        revoke_acknowledged=a.revoke_acknowledged,
    )


def on_import(s: Session, sub: SubmissionRow, now: str) -> None:
    """A bundle was just recorded: take over what sync already knows of it (assignment state,
    the assessor's own judgments from the portal), and mark the assignment's bundle ready."""
    a = s.get(AssignmentRow, sub.id)
    if a is not None:
        if a.bundle_sha256 == sub.bundle_sha256:
            a.bundle_status = BundleStatus.READY.value
            a.bundle_error = None
        if a.state == AssignmentState.SUBMITTED.value:
            sub.locked = True
            sub.submitted_at = sub.submitted_at or now
        elif a.state == AssignmentState.REVOKED.value:
            sub.revoked_at = sub.revoked_at or now
    existing = {
        t
        for t in s.scalars(select(JudgmentRow.target_id).where(JudgmentRow.submission_id == sub.id))
    }
    for m in s.scalars(select(PortalJudgmentRow).where(PortalJudgmentRow.submission_id == sub.id)):
        if m.target_id in existing:
            continue
        s.add(
            JudgmentRow(
                submission_id=sub.id,
                target_id=m.target_id,
                level=m.level,
                comment=m.comment,
                rationale=m.rationale,
                updated_at=now,
                revision=1,
                base_version=m.version,
            )
        )
