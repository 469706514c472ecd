"""Alembic environment of the workspace database.

The app runs migrations itself (``assessor_app.storage.migrate``): it hands over a connection
that is already inside a ``BEGIN IMMEDIATE`` transaction in ``config.attributes["connection"]``,
so the whole upgrade, version stamp included, commits or rolls back as one.

For development only, a URL in the ``sqlalchemy.url`` main option is accepted as well (for
example ``alembic_config()`` plus ``set_main_option("sqlalchemy.url", "sqlite:///x.sqlite3")``
to try a new migration on a copy of a workspace). Offline (``--sql``) mode is not supported:
a workspace is always migrated by the app, on the file.
"""

from __future__ import annotations

from pathlib import Path

from alembic import context
from sqlalchemy.engine import Connection

from assessor_app.storage.engine import create_sqlite_engine, writer
from assessor_app.storage.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        transactional_ddl=True,
        render_as_batch=True,  # SQLite alters tables by copying them (batch mode)
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if isinstance(connection, Connection):
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    prefix = "sqlite:///"
    if not url or not url.startswith(prefix):
        raise RuntimeError("pass a connection in config.attributes or a sqlite:/// URL")
    engine = create_sqlite_engine(Path(url.removeprefix(prefix)))
    try:
        with writer(engine).begin() as conn:
            _run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("offline (--sql) migrations are not supported for workspaces")
run_migrations_online()
