"""Applying a batch of ops: each answered on its own, each applied at most once.

An op's result is stored under its op id (table ``ops``) in the same transaction as its effect;
the primary key claims the id. The whole batch runs in one write transaction behind the
version counter's lock (:mod:`.versions`), so two concurrent requests carrying the same op id
run one after the other and the second finds the first one's stored result. Should the
unique key fire anyway, the batch is rolled back and run again, and then finds it. Every
applied change also writes its audit event (:mod:`.audit`) in that transaction.

Every check of an assessor's op is scoped to the caller's own assignment: another person's
judgments are never read, so they can never reach an answer (a ``conflict`` carries the
caller's own row). A lead's ops read the assessors' work only once it is released to the lead
(:mod:`.release`, :mod:`.finalize`); ``reassign`` and ``report_identity`` are in
:mod:`.reassign` and :mod:`.identity_reports`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError as DbIntegrityError
from sqlalchemy.orm import Session

from assessor_app.bundle.manifest import manifest_from_json
from assessor_app.domain.decision import narrative_word_counts, submit_blockers
from assessor_app.domain.model import Manifest
from assessor_app.portal.server import audit
from assessor_app.portal.server.db import (
    Assignment,
    Judgment,
    Op,
    Submission,
    utc_now,
    write_session,
)
from assessor_app.portal.server.finalize import NotFinal, finalize
from assessor_app.portal.server.identity_reports import file_report
from assessor_app.portal.server.op_parse import (
    ID,
    KINDS,
    MAX_VERSION,
    NEEDS_BASE,
    InvalidOp,
    ParsedOp,
    echo_op_id,
    missing_base_version,
    parse_op,
)
from assessor_app.portal.server.portal import Portal
from assessor_app.portal.server.reassign import reassign
from assessor_app.portal.server.release import refresh_release
from assessor_app.portal.server.users import Caller
from assessor_app.portal.server.versions import lock_counter, next_version

__all__ = [
    "ID",
    "KINDS",
    "MAX_VERSION",
    "NEEDS_BASE",
    "NOT_ASSIGNED",
    "NOT_RELEASED",
    "REUSED",
    "apply_ops",
    "missing_base_version",
]

_RETRIES = 3
NOT_ASSIGNED = "not assigned to you"
NOT_RELEASED = "the assessors' scores are not released yet"
REUSED = "op id reused with a different payload"
Answer = dict[str, Any]


def blocked(lines: list[str]) -> Answer:
    """The ``invalid`` answer of a submit that cannot be applied: at most five lines."""
    shown = "; ".join(lines[:5])
    more = f"; and {len(lines) - 5} more" if len(lines) > 5 else ""
    return {"status": "invalid", "message": f"cannot submit yet: {shown}{more}"}


class _Batch:
    """One run of a batch inside one write transaction."""

    def __init__(self, portal: Portal, session: Session, caller: Caller) -> None:
        self.portal = portal
        self.session = session
        self.caller = caller
        self.manifests: dict[str, Manifest] = {}

    def manifest(self, submission: Submission) -> Manifest:
        found = self.manifests.get(submission.id)
        if found is None:  # checked in full when the bundle was imported
            found = manifest_from_json(json.loads(submission.manifest_json))
            self.manifests[submission.id] = found
        return found

    def stored(self, op_id: str) -> Op | None:
        return self.session.get(Op, op_id)

    def run(self, op: object) -> Answer:
        if not isinstance(op, dict):
            return {"op_id": None, "status": "invalid", "message": "an op must be a JSON object"}
        try:
            parsed = parse_op(op, self.portal.config.max_comment_chars)
        except InvalidOp as exc:
            return {"op_id": echo_op_id(op), "status": "invalid", "message": str(exc)}
        answer = {"op_id": op["op_id"]}
        digest = parsed.payload_hash()
        stored = self.stored(parsed.op_id)
        if stored is not None:
            if stored.user_id != self.caller.user_id or stored.payload_hash != digest:
                return {**answer, "status": "invalid", "message": REUSED}
            result: Answer = json.loads(stored.result_json)
            return {**answer, **result}
        result = self.apply(parsed)
        self.session.add(
            Op(
                op_id=parsed.op_id,
                user_id=self.caller.user_id,
                payload_hash=digest,
                result_json=json.dumps(result, ensure_ascii=False),
                created_at=utc_now(),
            )
        )
        self.session.flush()
        return {**answer, **result}

    def apply(self, op: ParsedOp) -> Answer:
        row = self.session.execute(
            select(Assignment, Submission)
            .join(Submission, Submission.id == Assignment.submission_id)
            .where(
                Assignment.submission_id == op.submission_id,
                Assignment.user_id == self.caller.user_id,
            )
        ).first()
        if row is None:
            return {"status": "forbidden", "message": NOT_ASSIGNED}
        assignment, submission = row[0], row[1]
        if op.kind == "reassign":
            return reassign(self.session, self.caller, op, assignment)
        if op.kind == "report_identity":
            return self.report_identity(op, assignment)
        if assignment.state == "revoked":
            return {"status": "locked", "message": "revoked on the portal"}
        if assignment.role == "lead":
            return self.lead_op(op, assignment, submission)
        if op.kind == "submit":
            return self.submit(assignment, submission)
        if assignment.state == "submitted":
            return {"status": "locked", "message": "submitted on the portal"}
        if op.rationale:
            return {"status": "invalid", "message": "only the lead writes a rationale"}
        return self.judge(op, assignment, submission)

    def lead_op(self, op: ParsedOp, assignment: Assignment, submission: Submission) -> Answer:
        if op.kind == "submit" and assignment.state == "submitted":
            return {"status": "unchanged", "version": assignment.version}
        if assignment.state == "submitted":
            return {"status": "locked", "message": "submitted on the portal"}
        if assignment.released_at is None:
            return {"status": "locked", "message": NOT_RELEASED}
        if op.kind == "submit":
            try:
                version = finalize(self.session, self.caller, assignment, self.manifest(submission))
            except NotFinal as exc:
                return blocked(exc.lines)
            return {"status": "applied", "version": version}
        return self.judge(op, assignment, submission)

    def report_identity(self, op: ParsedOp, assignment: Assignment) -> Answer:
        if assignment.role != "assessor" or assignment.state == "revoked":
            return {"status": "forbidden", "message": NOT_ASSIGNED}
        report = file_report(self.session, op.submission_id, self.caller.user_id, op.where, op.note)
        audit.record(
            self.session,
            actor=self.caller.name,
            action="report_identity",
            submission_id=op.submission_id,
            detail={
                "report_id": report.id,
                "version": report.version,
                "where": audit.text_digest(op.where),
                "note": audit.text_digest(op.note),
            },
        )
        return {"status": "applied", "version": report.version}

    def judge(self, op: ParsedOp, assignment: Assignment, submission: Submission) -> Answer:
        rubric = self.manifest(submission).rubric
        assert op.target_id is not None and op.base_version is not None
        if op.target_id not in rubric.target_ids():
            return {"status": "invalid", "message": f"target {op.target_id!r} is not in the rubric"}
        if op.level is not None and rubric.level(op.level) is None:
            return {"status": "invalid", "message": f"level {op.level!r} is not in the rubric"}
        is_lead = assignment.role == "lead"
        current = self.session.scalar(
            select(Judgment).where(
                Judgment.assignment_id == assignment.id, Judgment.target_id == op.target_id
            )
        )
        have = (
            (None, "", "")
            if current is None
            else (
                current.level,
                current.comment,
                current.rationale,
            )
        )
        have_version = 0 if current is None else current.version
        want = (op.level, op.comment, op.rationale) if op.level is not None else (None, "", "")
        if have == want:
            return {"status": "unchanged", "version": have_version}
        if op.base_version != have_version:
            server: dict[str, Any] = {"level": have[0], "comment": have[1]}
            if is_lead:
                server["rationale"] = have[2]
            server["version"] = have_version
            return {"status": "conflict", "server": server}
        version = next_version(self.session)
        if current is None:
            self.session.add(
                Judgment(
                    assignment_id=assignment.id,
                    target_id=op.target_id,
                    level=want[0],
                    comment=want[1],
                    rationale=want[2],
                    version=version,
                    updated_at=utc_now(),
                )
            )
        else:
            current.level, current.comment, current.rationale = want
            current.version = version
            current.updated_at = utc_now()
        detail: dict[str, Any] = {"version": version, "role": assignment.role}
        if op.kind == "judge":
            detail["level"] = want[0]
            detail["comment"] = audit.text_digest(want[1])
            if is_lead:
                detail["rationale"] = audit.text_digest(want[2])
        audit.record(
            self.session,
            actor=self.caller.name,
            action=op.kind,
            submission_id=submission.id,
            target_id=op.target_id,
            detail=detail,
        )
        return {"status": "applied", "version": version}

    def submit(self, assignment: Assignment, submission: Submission) -> Answer:
        if assignment.state == "submitted":
            return {"status": "unchanged", "version": assignment.version}
        manifest = self.manifest(submission)
        judged = {
            j.target_id: (j.level, j.comment)
            for j in self.session.scalars(
                select(Judgment).where(Judgment.assignment_id == assignment.id)
            )
        }
        blockers = submit_blockers(
            manifest.rubric, judged, word_counts=narrative_word_counts(manifest)
        )
        if blockers:
            return blocked(blockers)
        assignment.state = "submitted"
        assignment.submitted_at = utc_now()
        assignment.version = next_version(self.session)
        version = assignment.version
        audit.record(
            self.session,
            actor=self.caller.name,
            action="submit",
            submission_id=submission.id,
            detail={"version": version},
        )
        refresh_release(self.session, submission.id, version)
        return {"status": "applied", "version": version}


def apply_ops(portal: Portal, caller: Caller, ops: Sequence[object]) -> list[Answer]:
    """The result of every op, in order. Runs in one write transaction."""
    for attempt in range(_RETRIES):
        try:
            with write_session(portal.engine) as session:
                lock_counter(session)
                batch = _Batch(portal, session, caller)
                return [batch.run(op) for op in ops]
        except DbIntegrityError:
            # Another request claimed one of these op ids between our look-up and our write;
            # nothing of this attempt was kept. The next attempt finds its stored result.
            if attempt == _RETRIES - 1:
                raise
    raise AssertionError("unreachable")
