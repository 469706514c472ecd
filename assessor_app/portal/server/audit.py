"""The audit trail: one ``audit_events`` row per applied change, hash-chained.

Every change the portal applies (import, assign, unassign, judge, clear, submit, release,
finalize, report_identity, reassign, new-epoch, and the schema upgrade) adds one row in the
same transaction as the change, so a change and its event are committed together or not at
all. Rows are numbered 1, 2, 3, … (the writers' lock of :mod:`.versions` is held, so two
writers never take the same number) and each row carries the hash of the row before it:

    hash = sha256_hex(prev_hash + canonical_json({"id", "at", "actor", "action",
                                                  "submission_id", "target_id", "detail"}))

where ``prev_hash`` is 64 zeros for the first row, ``detail`` is the row's ``detail_json``
parsed, and canonical JSON is keys sorted, no spaces, UTF-8. Changing, deleting or
inserting a row anywhere breaks the chain from that row on, which :func:`verify_chain`
finds; the database's triggers (:mod:`.db`) refuse ``UPDATE`` and ``DELETE`` outright.

Details never hold a comment or rationale itself (their SHA-256 and length instead) nor an
identity report's text: the trail says who changed what and when, the tables hold the words.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from assessor_app.portal.server.db import (
    POSTGRES_AUDIT_TRIGGERS,
    SQLITE_AUDIT_TRIGGERS,
    AuditEvent,
    utc_now,
)

GENESIS_HASH = "0" * 64
ACTIONS = (
    "upgrade",
    "import",
    "assign",
    "unassign",
    "judge",
    "clear",
    "submit",
    "release",
    "finalize",
    "report_identity",
    "reassign",
    "new-epoch",
)
PORTAL_ACTOR = "portal"
"""The actor of what the portal does by itself (a release, the schema upgrade)."""
_BATCH = 1000


def canonical_json(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def text_digest(value: str) -> dict[str, object]:
    """How a detail refers to free text: its length and SHA-256, never the text."""
    return {"chars": len(value), "sha256": hashlib.sha256(value.encode("utf-8")).hexdigest()}


def event_hash(
    prev_hash: str,
    *,
    id: int,
    at: str,
    actor: str,
    action: str,
    submission_id: str | None,
    target_id: str | None,
    detail: object,
) -> str:
    body = canonical_json(
        {
            "id": id,
            "at": at,
            "actor": actor,
            "action": action,
            "submission_id": submission_id,
            "target_id": target_id,
            "detail": detail,
        }
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    submission_id: str | None = None,
    target_id: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event in ``session``'s transaction. The caller holds the writers' lock
    (:func:`.versions.lock_counter`), which keeps the numbering and the chain in order."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    last = session.execute(
        select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).first()
    prev_hash = GENESIS_HASH if last is None else last.hash
    number = 1 if last is None else last.id + 1
    at = utc_now()
    detail_obj = dict(detail or {})
    row = AuditEvent(
        id=number,
        at=at,
        actor=actor,
        action=action,
        submission_id=submission_id,
        target_id=target_id,
        detail_json=canonical_json(detail_obj),
        prev_hash=prev_hash,
        hash=event_hash(
            prev_hash,
            id=number,
            at=at,
            actor=actor,
            action=action,
            submission_id=submission_id,
            target_id=target_id,
            detail=detail_obj,
        ),
    )
    session.add(row)
    session.flush()
    return row


def events(session: Session, submission_id: str | None = None) -> Iterator[AuditEvent]:
    """Every event in order (of one submission, when given), read in batches."""
    after = 0
    while True:
        query = select(AuditEvent).where(AuditEvent.id > after)
        if submission_id is not None:
            query = query.where(AuditEvent.submission_id == submission_id)
        batch = list(session.scalars(query.order_by(AuditEvent.id).limit(_BATCH)))
        yield from batch
        if len(batch) < _BATCH:
            return
        after = batch[-1].id


@dataclass(frozen=True)
class ChainCheck:
    """The outcome of :func:`verify_chain`. ``broken_id`` is the first row that does not
    hold (None: the chain is whole); ``problem`` says why, in one line."""

    count: int
    last_hash: str
    broken_id: int | None = None
    problem: str | None = None

    @property
    def intact(self) -> bool:
        return self.broken_id is None


def _recomputed(row: AuditEvent, prev_hash: str) -> str | None:
    try:
        detail = json.loads(row.detail_json)
    except ValueError:
        return None
    return event_hash(
        prev_hash,
        id=row.id,
        at=row.at,
        actor=row.actor,
        action=row.action,
        submission_id=row.submission_id,
        target_id=row.target_id,
        detail=detail,
    )


def verify_chain(session: Session) -> ChainCheck:
    """Walk the whole chain from the first row; stop at the first row that breaks it."""
    expected_id = 1
    prev_hash = GENESIS_HASH
    count = 0
    for row in events(session):
        if row.id != expected_id:
            return ChainCheck(
                count,
                prev_hash,
                expected_id,
                f"event #{expected_id} is missing (the next row is #{row.id})",
            )
        if row.prev_hash != prev_hash:
            return ChainCheck(
                count,
                prev_hash,
                row.id,
                f"event #{row.id} does not point at event #{row.id - 1} (prev_hash differs)",
            )
        if _recomputed(row, prev_hash) != row.hash:
            return ChainCheck(
                count, prev_hash, row.id, f"event #{row.id} was changed (its hash differs)"
            )
        prev_hash = row.hash
        expected_id += 1
        count += 1
    return ChainCheck(count, prev_hash)


def missing_triggers(session: Session) -> list[str]:
    """The append-only triggers this database should have and lacks (empty: all there)."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        wanted = SQLITE_AUDIT_TRIGGERS
        found = set(
            session.scalars(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                    "AND tbl_name = 'audit_events'"
                )
            )
        )
    elif dialect == "postgresql":
        wanted = POSTGRES_AUDIT_TRIGGERS
        found = set(
            session.scalars(
                text(
                    "SELECT tgname FROM pg_trigger "
                    "WHERE tgrelid = 'audit_events'::regclass AND tgenabled <> 'D'"
                )
            )
        )
    else:
        return [f"append-only triggers (not made on {dialect})"]
    return [name for name in wanted if name not in found]
