"""Creating the portal's tables, and knowing which schema version a database holds.

The schema is version :data:`SCHEMA_VERSION`, recorded in the one-row ``schema_version``
table. A new database gets every table (``metadata.create_all``), the version row, its portal
id and first epoch, and the counter at 0, in one transaction. A database with a newer version
is refused (update the portal); one with tables but no version row is refused (it is not a
portal database). A later version adds its migration here, keyed by the version it upgrades.

Version 2 (lead assessors) adds ``assignments.released_at``, ``judgments.rationale`` and the
tables ``results``, ``identity_reports`` and ``audit_events`` (with its append-only
triggers). Opening a version-1 database upgrades it in place, in one transaction: the new
columns and tables, the version row, the first audit event ("upgrade"), and the release of
every submission whose two assessors had already submitted while a lead was assigned.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import Engine, Table, inspect, select, text
from sqlalchemy.orm import Session

from assessor_app.portal.server import audit
from assessor_app.portal.server.db import (
    Assignment,
    AuditEvent,
    Base,
    Counter,
    FinalResultRow,
    IdentityReport,
    PortalMeta,
    SchemaVersion,
    utc_now,
    write_session,
)
from assessor_app.portal.server.errors import PortalError
from assessor_app.portal.server.release import refresh_release
from assessor_app.portal.server.versions import lock_counter

SCHEMA_VERSION = 2


def _upgrade_1_to_2(session: Session) -> None:
    connection = session.connection()
    columns = {
        "assignments": {c["name"] for c in inspect(connection).get_columns("assignments")},
        "judgments": {c["name"] for c in inspect(connection).get_columns("judgments")},
    }
    if "released_at" not in columns["assignments"]:
        connection.execute(text("ALTER TABLE assignments ADD COLUMN released_at VARCHAR(32)"))
    if "rationale" not in columns["judgments"]:
        connection.execute(
            text("ALTER TABLE judgments ADD COLUMN rationale TEXT NOT NULL DEFAULT ''")
        )
    new_tables: list[Table] = [
        FinalResultRow.__table__,  # type: ignore[list-item]
        IdentityReport.__table__,  # type: ignore[list-item]
        AuditEvent.__table__,  # type: ignore[list-item]
    ]
    Base.metadata.create_all(connection, tables=new_tables)
    lock_counter(session)
    audit.record(
        session,
        actor=audit.PORTAL_ACTOR,
        action="upgrade",
        detail={"from_schema": 1, "to_schema": 2},
    )
    leads = session.scalars(
        select(Assignment.submission_id)
        .where(Assignment.role == "lead", Assignment.state != "revoked")
        .order_by(Assignment.submission_id)
    ).all()
    for submission_id in leads:
        refresh_release(session, submission_id)


_UPGRADES: dict[int, Callable[[Session], None]] = {1: _upgrade_1_to_2}


def ensure_schema(engine: Engine) -> None:
    """Create the schema in an empty database, or check the one that is there."""
    with write_session(engine) as session:
        connection = session.connection()
        tables = set(inspect(connection).get_table_names())
        if SchemaVersion.__tablename__ not in tables:
            ours = set(Base.metadata.tables)
            if tables & ours:
                raise PortalError(
                    "the database holds portal tables but no schema version; "
                    "it was not made by this portal"
                )
            Base.metadata.create_all(connection)
            session.add(SchemaVersion(id=1, version=SCHEMA_VERSION))
            session.add(
                PortalMeta(
                    id=1,
                    portal_id=str(uuid.uuid4()),
                    epoch=str(uuid.uuid4()),
                    created_at=utc_now(),
                )
            )
            session.add(Counter(id=1, value=0))
            return
        row = session.scalar(select(SchemaVersion).where(SchemaVersion.id == 1).with_for_update())
        if row is None:
            raise PortalError("the portal database has no schema version row; it is damaged")
        version = row.version
        if version > SCHEMA_VERSION:
            raise PortalError(
                f"the portal database has schema version {version}, newer than this portal "
                f"({SCHEMA_VERSION}); update the portal"
            )
        while version < SCHEMA_VERSION:
            upgrade = _UPGRADES.get(version)
            if upgrade is None:
                raise PortalError(
                    f"the portal database has schema version {version}, which this portal "
                    "cannot upgrade"
                )
            upgrade(session)
            version += 1
            row.version = version
            session.flush()
            tables = set(inspect(session.connection()).get_table_names())
        missing = set(Base.metadata.tables) - tables
        if missing:
            raise PortalError(
                f"the portal database lacks the table {sorted(missing)[0]!r}; it is damaged"
            )
