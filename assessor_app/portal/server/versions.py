"""The version counter: one number for the whole portal that only goes up.

Every write transaction first calls :func:`lock_counter`, which takes the counter's row lock
(``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the write transaction's ``BEGIN
IMMEDIATE`` already holds the database's write lock). Writers therefore run one at a time,
each reads what the previous one committed, and versions are committed in the order they were
given out: a reader that has seen version *n* has seen every version below it, which is what
makes ``changes?since=`` exact. :func:`next_version` then increments with
``UPDATE … SET value = value + 1 … RETURNING value``.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from assessor_app.portal.server import audit
from assessor_app.portal.server.db import Counter, PortalMeta


def lock_counter(session: Session) -> int:
    """Take the writers' lock for this transaction; the counter's current value."""
    value = session.scalar(select(Counter.value).where(Counter.id == 1).with_for_update())
    if value is None:
        raise RuntimeError("the version counter row is missing")
    return int(value)


def next_version(session: Session) -> int:
    """A new version for one changed row, inside the caller's write transaction."""
    statement = (
        update(Counter)
        .where(Counter.id == 1)
        .values(value=Counter.value + 1)
        .returning(Counter.value)
        .execution_options(synchronize_session=False)
    )
    value = session.scalar(statement)
    if value is None:
        raise RuntimeError("the version counter row is missing")
    return int(value)


def current_version(session: Session) -> int:
    value = session.scalar(select(Counter.value).where(Counter.id == 1))
    return int(value or 0)


def portal_meta(session: Session) -> PortalMeta:
    meta = session.get(PortalMeta, 1)
    if meta is None:
        raise RuntimeError("the portal_meta row is missing")
    return meta


def start_new_epoch(session: Session, *, actor: str = "command-line") -> str:
    """Give the portal a new epoch (after restoring the database from a backup): every client
    then pulls its feed from 0 and re-sends what the portal did not acknowledge. Written to
    the audit trail by ``actor``."""
    lock_counter(session)
    meta = portal_meta(session)
    old = meta.epoch
    meta.epoch = str(uuid.uuid4())
    audit.record(session, actor=actor, action="new-epoch", detail={"from": old, "to": meta.epoch})
    return meta.epoch
