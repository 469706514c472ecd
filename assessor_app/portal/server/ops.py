"""Applying a batch of ops: each answered on its own, each applied at most once.

An op's result is stored under its op id (table ``ops``) in the same transaction as its effect;
the primary key claims the id. The whole batch runs in one write transaction behind the
version counter's lock (:mod:`.versions`), so two concurrent requests carrying the same op id
run one after the other and the second finds the first one's stored result. Should the
unique key fire anyway, the batch is rolled back and run again, and then finds it.

Every check is scoped to the caller's own assignment: another person's judgments are never
read, so they can never reach an answer (a ``conflict`` carries the caller's own row).
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError as DbIntegrityError
from sqlalchemy.orm import Session

from assessor_app.bundle.manifest import manifest_from_json
from assessor_app.domain.decision import narrative_word_counts, submit_blockers
from assessor_app.domain.model import Manifest
from assessor_app.portal.server.db import (
    Assignment,
    Judgment,
    Op,
    Submission,
    utc_now,
    write_session,
)
from assessor_app.portal.server.portal import Portal
from assessor_app.portal.server.users import Caller
from assessor_app.portal.server.versions import lock_counter, next_version

KINDS = ("judge", "clear", "submit")
NEEDS_BASE = ("judge", "clear")
ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
MAX_VERSION = 2**63 - 1
_RETRIES = 3
NOT_ASSIGNED = "not assigned to you"
REUSED = "op id reused with a different payload"


def missing_base_version(ops: Sequence[object]) -> bool:
    """True when a judge or clear op lacks ``base_version`` (the request answers 428)."""
    return any(
        isinstance(op, dict) and op.get("kind") in NEEDS_BASE and op.get("base_version") is None
        for op in ops
    )


@dataclass(frozen=True)
class _Parsed:
    op_id: str  # canonical (lowercase) UUID
    kind: str
    submission_id: str
    target_id: str | None
    level: str | None
    comment: str
    base_version: int | None

    def payload_hash(self) -> str:
        payload = {
            "kind": self.kind,
            "submission_id": self.submission_id,
            "target_id": self.target_id,
            "level": self.level,
            "comment": self.comment if self.kind == "judge" else None,
            "base_version": self.base_version if self.kind in NEEDS_BASE else None,
        }
        text = json.dumps(payload, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("ascii")).hexdigest()


class _Invalid(Exception):
    pass


def _text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise _Invalid(f"{name} must be a string")
    return value


def _ident(value: object, name: str) -> str:
    text = _text(value, name)
    if not ID.fullmatch(text):
        raise _Invalid(f"{name} is not a valid id")
    return text


def _parse(op: dict[str, Any], max_comment_chars: int) -> _Parsed:
    raw_id = op.get("op_id")
    if not isinstance(raw_id, str) or not UUID.fullmatch(raw_id):
        raise _Invalid("op_id must be a UUID")
    op_id = str(uuid.UUID(raw_id))
    kind = op.get("kind")
    if kind not in KINDS:
        raise _Invalid(f"unknown op kind {str(kind)[:20]!r}: use judge, clear or submit")
    submission_id = _ident(op.get("submission_id"), "submission_id")
    target_id = level = None
    comment = ""
    base: int | None = None
    if kind in NEEDS_BASE:
        target_id = _ident(op.get("target_id"), "target_id")
        base_value = op.get("base_version")
        if (
            isinstance(base_value, bool)
            or not isinstance(base_value, int)
            or not 0 <= base_value <= MAX_VERSION
        ):
            raise _Invalid("base_version must be a whole number of at least 0")
        base = base_value
    if kind == "judge":
        level_value = op.get("level")
        if level_value is None:
            raise _Invalid("a judge op needs a level (use clear to remove a judgment)")
        level = _ident(level_value, "level") if isinstance(level_value, str) else None
        if level is None:
            raise _Invalid("level must be a string")
        comment = _text(op.get("comment", ""), "comment")
        if len(comment) > max_comment_chars:
            raise _Invalid(f"the comment is longer than {max_comment_chars:,} characters")
        if not _encodable(comment):
            raise _Invalid("the comment holds a NUL character or a lone surrogate")
    return _Parsed(op_id, kind, submission_id, target_id, level, comment, base)


def _echo(op: object) -> object:
    """The op id as the client sent it, for answers about ops that could not be parsed."""
    if isinstance(op, dict):
        value = op.get("op_id")
        if isinstance(value, str) and len(value) <= 100 and _encodable(value):
            return value
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from JSON's \ud800
        return False
    return "\x00" not in text


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

    def run(self, op: object) -> dict[str, Any]:
        if not isinstance(op, dict):
            return {"op_id": None, "status": "invalid", "message": "an op must be a JSON object"}
        try:
            parsed = _parse(op, self.portal.config.max_comment_chars)
        except _Invalid as exc:
            return {"op_id": _echo(op), "status": "invalid", "message": str(exc)}
        answer = {"op_id": op["op_id"]}
        digest = parsed.payload_hash()
        stored = self.stored(parsed.op_id)
        if stored is not None:
            if stored.user_id != self.caller.user_id or stored.payload_hash != digest:
                return {**answer, "status": "invalid", "message": REUSED}
            result: dict[str, Any] = json.loads(stored.result_json)
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

    def apply(self, op: _Parsed) -> dict[str, Any]:
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
        if assignment.state == "revoked":
            return {"status": "locked", "message": "revoked on the portal"}
        if op.kind == "submit":
            return self.submit(assignment, submission)
        if assignment.state == "submitted":
            return {"status": "locked", "message": "submitted on the portal"}
        return self.judge(op, assignment, submission)

    def judge(self, op: _Parsed, assignment: Assignment, submission: Submission) -> dict[str, Any]:
        rubric = self.manifest(submission).rubric
        assert op.target_id is not None and op.base_version is not None
        if op.target_id not in rubric.target_ids():
            return {"status": "invalid", "message": f"target {op.target_id!r} is not in the rubric"}
        if op.level is not None and rubric.level(op.level) is None:
            return {"status": "invalid", "message": f"level {op.level!r} is not in the rubric"}
        current = self.session.scalar(
            select(Judgment).where(
                Judgment.assignment_id == assignment.id, Judgment.target_id == op.target_id
            )
        )
        have = (None, "") if current is None else (current.level, current.comment)
        have_version = 0 if current is None else current.version
        want = (op.level, op.comment if op.level is not None else "")
        if have == want:
            return {"status": "unchanged", "version": have_version}
        if op.base_version != have_version:
            return {
                "status": "conflict",
                "server": {"level": have[0], "comment": have[1], "version": have_version},
            }
        version = next_version(self.session)
        if current is None:
            self.session.add(
                Judgment(
                    assignment_id=assignment.id,
                    target_id=op.target_id,
                    level=want[0],
                    comment=want[1],
                    version=version,
                    updated_at=utc_now(),
                )
            )
        else:
            current.level, current.comment = want
            current.version = version
            current.updated_at = utc_now()
        return {"status": "applied", "version": version}

    def submit(self, assignment: Assignment, submission: Submission) -> dict[str, Any]:
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
            shown = "; ".join(blockers[:5])
            more = f"; and {len(blockers) - 5} more" if len(blockers) > 5 else ""
            return {"status": "invalid", "message": f"cannot submit yet: {shown}{more}"}
        assignment.state = "submitted"
        assignment.submitted_at = utc_now()
        assignment.version = next_version(self.session)
        return {"status": "applied", "version": assignment.version}


def apply_ops(portal: Portal, caller: Caller, ops: Sequence[object]) -> list[dict[str, Any]]:
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
