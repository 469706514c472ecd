"""The SQLAlchemy engine of a workspace database, with durability configured, not hoped for.

Every DBAPI connection gets, in the pool's ``connect`` event:

- ``journal_mode=WAL``: readers never block the writer, and a commit is one append to the WAL;
- ``synchronous=FULL``: the WAL is fsynced at every commit, so a judgment that ``commit()``
  returned for survives a power cut, not only a crash of the app;
- ``fullfsync=ON``: on macOS, ``fsync`` alone does not flush the drive's cache (no-op elsewhere);
- ``foreign_keys=ON`` and ``busy_timeout``.

Transactions are begun by SQLAlchemy, not by the sqlite3 driver (the recipe of the SQLAlchemy
SQLite dialect docs, "Using SQLAlchemy to emit BEGIN in lieu of SQLite's transaction control"):
the driver's own BEGIN handling is switched off (``isolation_level = None``) and the engine's
``begin`` event emits ``BEGIN`` itself. Read transactions use a plain (deferred) ``BEGIN``;
the engine returned by :func:`writer` emits ``BEGIN IMMEDIATE``, which takes the write lock up
front, so a write transaction can never fail half-way with SQLITE_BUSY on lock upgrade.

:func:`open_engine` also runs ``PRAGMA quick_check`` and turns SQLite's "malformed" and "not a
database" answers into :class:`~assessor_app.errors.DatabaseCorruptError`.

An engine is safe to share between threads (``check_same_thread=False``; each pooled
connection is used by one thread at a time), but the app writes from a single thread.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection
from sqlalchemy.pool import ConnectionPoolEntry

from assessor_app.errors import DatabaseCorruptError, DiskFullError, StoreError

BUSY_TIMEOUT_MS = 10_000
_BEGIN_OPTION = "assessor_begin"
_IMMEDIATE = "IMMEDIATE"

DISK_FULL_MESSAGE = (
    "The disk is full: the last change was not saved. "
    "Free some space; everything saved before is safe."
)


def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # Let SQLAlchemy's ``begin`` event emit BEGIN; sqlite3 still commits and rolls back.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode is None or str(mode[0]).lower() != "wal":
            raise StoreError(
                "The workspace database cannot use write-ahead logging on this disk "
                f"(SQLite answered {mode[0] if mode else None!r}); "
                "move the workspace to a local disk."
            )
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA fullfsync = ON")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _on_begin(conn: Connection) -> None:
    if conn.get_execution_options().get(_BEGIN_OPTION) == _IMMEDIATE:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def create_sqlite_engine(path: Path) -> Engine:
    """An engine on the SQLite file ``path`` with the pragmas and BEGIN handling above.

    Nothing is opened yet; :func:`open_engine` also checks the file.
    """
    engine = create_engine(
        f"sqlite+pysqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def writer(engine: Engine) -> Engine:
    """The same engine (same pool, same events) whose transactions begin with BEGIN IMMEDIATE."""
    return engine.execution_options(**{_BEGIN_OPTION: _IMMEDIATE})


def is_disk_full(error: BaseException) -> bool:
    """True for SQLite's SQLITE_FULL and for an OSError with ENOSPC (also when wrapped)."""
    if isinstance(error, sa_exc.DBAPIError) and error.orig is not None:
        error = error.orig
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        return code == sqlite3.SQLITE_FULL or "database or disk is full" in str(error)
    return isinstance(error, OSError) and error.errno == errno.ENOSPC


def is_corruption(error: BaseException) -> bool:
    """True for SQLITE_CORRUPT ("malformed") and SQLITE_NOTADB ("not a database")."""
    if isinstance(error, sa_exc.DBAPIError) and error.orig is not None:
        error = error.orig
    if not isinstance(error, sqlite3.DatabaseError):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    text = str(error)
    return "malformed" in text or "not a database" in text


def corrupt_message(path: Path, detail: str) -> str:
    return (
        f"The workspace database {path} is damaged (SQLite reports: {detail}). "
        "Nothing was changed. Quit the app and keep a copy of the folder "
        f"{path.parent} before doing anything else; the latest copy made before an upgrade "
        f"is in {path.parent / 'backups'}, and support can often recover the rest."
    )


@contextmanager
def translate_errors(path: Path) -> Iterator[None]:
    """Turn a full disk and a damaged file into the app's errors; everything else passes."""
    try:
        yield
    except (sa_exc.DBAPIError, sqlite3.Error, OSError) as error:
        if is_disk_full(error):
            raise DiskFullError(DISK_FULL_MESSAGE) from error
        if is_corruption(error):
            orig = error.orig if isinstance(error, sa_exc.DBAPIError) else error
            raise DatabaseCorruptError(corrupt_message(path, str(orig))) from error
        raise


def quick_check(engine: Engine, path: Path) -> None:
    """Run ``PRAGMA quick_check``; raise :class:`DatabaseCorruptError` unless it says ok."""
    with translate_errors(path), engine.connect() as conn:
        rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA quick_check").fetchall()]
    if rows != ["ok"]:
        shown = "; ".join(rows[:3]) + (f" (and {len(rows) - 3} more)" if len(rows) > 3 else "")
        raise DatabaseCorruptError(corrupt_message(path, shown))


def open_engine(path: Path) -> Engine:
    """Create the engine on ``path`` (the file is created when missing) and quick_check it."""
    engine = create_sqlite_engine(path)
    try:
        quick_check(engine, path)
    except BaseException:
        engine.dispose()
        raise
    return engine
