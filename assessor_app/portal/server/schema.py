"""Creating the portal's tables, and knowing which schema version a database holds.

The schema is version :data:`SCHEMA_VERSION`, recorded in the one-row ``schema_version``
table. A new database gets every table (``metadata.create_all``), the version row, its portal
id and first epoch, and the counter at 0, in one transaction. A database with a newer version
is refused (update the portal); one with tables but no version row is refused (it is not a
portal database). A later version adds its migration here, keyed by the version it upgrades.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Engine, inspect, select

from assessor_app.portal.server.db import (
    Base,
    Counter,
    PortalMeta,
    SchemaVersion,
    utc_now,
    write_session,
)
from assessor_app.portal.server.errors import PortalError

SCHEMA_VERSION = 1


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
        version = session.scalar(select(SchemaVersion.version).where(SchemaVersion.id == 1))
        if version is None:
            raise PortalError("the portal database has no schema version row; it is damaged")
        if version > SCHEMA_VERSION:
            raise PortalError(
                f"the portal database has schema version {version}, newer than this portal "
                f"({SCHEMA_VERSION}); update the portal"
            )
        missing = set(Base.metadata.tables) - tables
        if missing:
            raise PortalError(
                f"the portal database lacks the table {sorted(missing)[0]!r}; it is damaged"
            )
