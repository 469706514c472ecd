"""Bring a workspace database to this app's schema, explicitly and safely.

At every open (:func:`migrate`):

1. read the schema revision stamped in ``alembic_version``;
2. a revision this app does not know was written by a newer app: refuse
   (:class:`~assessor_app.errors.DatabaseTooNewError`), touching nothing;
3. at the head already: done (no backup, no write);
4. otherwise, when the database holds a workspace, copy it first with SQLite's online backup
   API to ``<data_dir>/backups/assessor-<revision>-<UTC timestamp>.sqlite3``;
5. run the Alembic migrations shipped inside this package, all in one ``BEGIN IMMEDIATE``
   transaction (version stamp included), with foreign keys off while tables are rebuilt and a
   ``PRAGMA foreign_key_check`` before the commit (SQLite's documented ALTER procedure).

Columns are never probed: the revision alone says what the schema is. No ``alembic.ini`` is
needed at run time; :func:`alembic_config` points Alembic at ``storage/migrations``. To write a
new migration, copy ``versions/0001_initial.py`` (or run ``alembic.command.revision`` with
:func:`alembic_config`), bump the revision id, and change ``models.py`` to match.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from assessor_app import APP_NAME
from assessor_app.errors import (
    DatabaseCorruptError,
    DatabaseTooNewError,
    DiskFullError,
    ForeignDatabaseError,
    StoreError,
)
from assessor_app.storage.engine import is_disk_full, translate_errors, writer

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# The newest migration this app ships. Opening an up-to-date workspace compares against this
# and reads the stored revision with one query, so Alembic (about a second of imports on a
# busy laptop) is loaded only when a migration is really needed; a test keeps the constant
# equal to the head of the shipped migrations.
HEAD_REVISION = "0003"


@dataclass(frozen=True)
class MigrationResult:
    """What :func:`migrate` did: ``before`` is None for a new database."""

    before: str | None
    after: str
    backup: Path | None

    @property
    def upgraded(self) -> bool:
        return self.before != self.after


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("path_separator", "os")
    return cfg


def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _script().get_current_head()
    if head is None:  # pragma: no cover - the package always ships 0001
        raise RuntimeError("no migrations found in " + str(MIGRATIONS_DIR))
    return head


def known_revisions() -> frozenset[str]:
    return frozenset(s.revision for s in _script().walk_revisions())


def current_revision(engine: Engine) -> str | None:
    """The stored schema revision (None for a database Alembic never touched)."""
    with engine.connect() as conn:
        stamped = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).scalar_one()
        if not stamped:
            return None
        rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
    if len(rows) > 1:
        raise DatabaseCorruptError("the workspace database records more than one schema version")
    return str(rows[0]) if rows else None


def _has_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        count = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).scalar_one()
    return bool(count)


def _fsync_path(path: Path, *, directory: bool = False) -> None:
    if directory and os.name == "nt":  # directories cannot be fsynced on Windows
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup_database(engine: Engine, backups_dir: Path, revision: str) -> Path:
    """Copy the live database (WAL included) to a new file in ``backups_dir``; return it.

    The copy is written under a temporary name, fsynced, then renamed, so a file named
    ``assessor-*.sqlite3`` is always a complete database.
    """
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backups_dir / f"assessor-{revision}-{stamp}.sqlite3"
    n = 1
    while target.exists():
        n += 1
        target = backups_dir / f"assessor-{revision}-{stamp}-{n}.sqlite3"
    partial = target.with_name(target.name + ".partial")
    try:
        raw = engine.raw_connection()
        try:
            source = raw.driver_connection
            if not isinstance(source, sqlite3.Connection):  # pragma: no cover
                raise TypeError("the workspace engine must use the sqlite3 driver")
            dest = sqlite3.connect(partial)
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            raw.close()
        _fsync_path(partial)
        partial.replace(target)
        _fsync_path(backups_dir, directory=True)
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        if is_disk_full(error):
            raise DiskFullError(
                "The disk is full: the workspace could not be backed up before its upgrade, "
                "so it was left as it was. Free some space and open it again."
            ) from error
        raise
    return target


def _upgrade(engine: Engine, to: str) -> None:
    from alembic import command

    cfg = alembic_config()
    with writer(engine).connect() as conn:
        # Outside any transaction (PRAGMA foreign_keys is a no-op inside one).
        dbapi = conn.connection.driver_connection
        if not isinstance(dbapi, sqlite3.Connection):  # pragma: no cover
            raise TypeError("the workspace engine must use the sqlite3 driver")
        dbapi.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, to)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise StoreError(
                        "The workspace could not be upgraded: the migration left "
                        f"{len(broken)} broken reference(s) in table {broken[0][0]!r}. "
                        "Nothing was changed; please report this."
                    )
        finally:
            dbapi.execute("PRAGMA foreign_keys = ON")


def migrate(engine: Engine, path: Path, backups_dir: Path) -> MigrationResult:
    """Upgrade the database behind ``engine`` (the file ``path``) to this app's head."""
    with translate_errors(path):
        before = current_revision(engine)
        if before == HEAD_REVISION:
            return MigrationResult(before, HEAD_REVISION, None)
        head = head_revision()
        if before is not None and before not in known_revisions():
            raise DatabaseTooNewError(
                f"This workspace was written by a newer version of {APP_NAME} "
                f"(schema {before}); install that version or newer"
            )
        if before == head:
            return MigrationResult(before, head, None)
        if before is None and _has_tables(engine):
            raise ForeignDatabaseError(
                f"{path} is not an {APP_NAME} workspace (it holds tables but no schema "
                "version); choose another folder for the workspace."
            )
        backup = backup_database(engine, backups_dir, before) if before is not None else None
        _upgrade(engine, head)
    return MigrationResult(before, head, backup)
