"""Schema versions are explicit: migrate from empty, refuse newer, back up before upgrading."""

from __future__ import annotations

import shutil
import sqlite3
import textwrap
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import event

from assessor_app.errors import DatabaseTooNewError, ForeignDatabaseError, StoreError
from assessor_app.storage import migrate as migrate_module
from assessor_app.storage.engine import open_engine, writer
from assessor_app.storage.migrate import (
    alembic_config,
    backup_database,
    current_revision,
    head_revision,
    migrate,
)

TABLES = {
    "alembic_version",
    "meta",
    "submissions",
    "judgments",
    "outbox",
    "positions",
    "sync_state",
    "assignments",
    "portal_judgments",
    "conflicts",
    "blind_scores",
    "identity_reports",
}
HEAD = "0003"  # the newest migration shipped


def _tables(db: Path) -> set[str]:
    raw = sqlite3.connect(db)
    try:
        rows = raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    finally:
        raw.close()
    return {r[0] for r in rows}


def _new_db(tmp_path: Path) -> tuple[Path, Path]:
    db = tmp_path / "workspace.sqlite3"
    engine = open_engine(db)
    try:
        migrate(engine, db, tmp_path / "backups")
    finally:
        engine.dispose()
    return db, tmp_path / "backups"


def _seed(db: Path) -> None:
    """A submission with a judgment that references it, written with plain SQL."""
    raw = sqlite3.connect(db, isolation_level=None)
    try:
        raw.execute("PRAGMA foreign_keys = ON")
        raw.execute(
            "INSERT INTO submissions (id, credential_id, credential_title, credential_version,"
            " manifest_json, bundle_sha256, bundle_dir, imported_at)"
            " VALUES ('S1', 'c', 'T', '1', '{}', 'ab', 'S1', '2026-01-01T00:00:00Z')"
        )
        raw.execute(
            "INSERT INTO judgments (submission_id, target_id, level, comment, updated_at, revision)"
            " VALUES ('S1', 'd1', 'P', '', '2026-01-01T00:00:00Z', 1)"
        )
    finally:
        raw.close()


def test_a_new_database_is_migrated_to_head_without_a_backup(tmp_path: Path) -> None:
    db = tmp_path / "workspace.sqlite3"
    engine = open_engine(db)
    try:
        result = migrate(engine, db, tmp_path / "backups")
        assert result.before is None and result.after == head_revision() and result.upgraded
        assert result.backup is None
        assert current_revision(engine) == head_revision() == HEAD
    finally:
        engine.dispose()
    assert _tables(db) >= TABLES
    assert not (tmp_path / "backups").exists()


def test_an_up_to_date_database_is_neither_backed_up_nor_written(tmp_path: Path) -> None:
    db, backups = _new_db(tmp_path)
    _seed(db)
    engine = open_engine(db)
    statements: list[str] = []
    event.listen(
        engine, "before_cursor_execute", lambda _c, _cur, stmt, *_: statements.append(stmt)
    )
    try:
        result = migrate(engine, db, backups)
        assert not result.upgraded and result.backup is None
    finally:
        engine.dispose()
    assert not backups.exists()
    assert "BEGIN IMMEDIATE" not in statements
    assert not any(
        s.lstrip().upper().startswith(("INSERT", "UPDATE", "CREATE")) for s in statements
    )


def test_a_database_from_a_newer_app_is_refused_untouched(tmp_path: Path) -> None:
    db, backups = _new_db(tmp_path)
    raw = sqlite3.connect(db, isolation_level=None)
    raw.execute("UPDATE alembic_version SET version_num = '9999'")
    raw.close()
    content = db.read_bytes()
    engine = open_engine(db)
    try:
        with pytest.raises(DatabaseTooNewError) as info:
            migrate(engine, db, backups)
    finally:
        engine.dispose()
    message = str(info.value)
    assert "newer version of Assessor Workstation (schema 9999)" in message
    assert "install that version or newer" in message
    assert not backups.exists()
    assert db.read_bytes() == content


def test_a_database_that_is_not_a_workspace_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "workspace.sqlite3"
    raw = sqlite3.connect(db)
    raw.execute("CREATE TABLE photos (id INTEGER)")
    raw.commit()
    raw.close()
    engine = open_engine(db)
    try:
        with pytest.raises(ForeignDatabaseError, match="not an Assessor Workstation workspace"):
            migrate(engine, db, tmp_path / "backups")
    finally:
        engine.dispose()
    assert _tables(db) == {"photos"}


def test_backup_database_copies_a_complete_database(tmp_path: Path) -> None:
    db, backups = _new_db(tmp_path)
    _seed(db)
    engine = open_engine(db)
    try:
        # Uncheckpointed changes in the WAL are part of the copy too.
        with writer(engine).begin() as conn:
            conn.exec_driver_sql("UPDATE judgments SET comment = 'in the wal'")
        path = backup_database(engine, backups, "0001")
    finally:
        engine.dispose()
    assert path.parent == backups
    assert path.name.startswith("assessor-0001-") and path.name.endswith("Z.sqlite3")
    assert [p.name for p in backups.iterdir()] == [path.name]  # no partial file left
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert raw.execute("SELECT comment FROM judgments").fetchall() == [("in the wal",)]
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
    finally:
        raw.close()


def test_two_backups_in_the_same_second_do_not_overwrite_each_other(tmp_path: Path) -> None:
    db, backups = _new_db(tmp_path)
    engine = open_engine(db)
    try:
        first = backup_database(engine, backups, "0001")
        second = backup_database(engine, backups, "0001")
    finally:
        engine.dispose()
    assert first != second and first.exists() and second.exists()


# --- an upgrade, with a migration after the head that exists only in these tests --------------
_REBUILD_SUBMISSIONS = '''
    """Test-only: add a column by rebuilding a table other tables reference."""
    import sqlalchemy as sa
    from alembic import op

    revision = "9001"
    down_revision = "{head}"
    branch_labels = None
    depends_on = None


    def upgrade() -> None:
        with op.batch_alter_table("submissions", recreate="always") as batch:
            batch.add_column(sa.Column("note", sa.String(), nullable=True))
        {extra}


    def downgrade() -> None:
        with op.batch_alter_table("submissions", recreate="always") as batch:
            batch.drop_column("note")
'''


@pytest.fixture
def future_migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Install a copy of the shipped migrations plus a 9001 into migrate.MIGRATIONS_DIR."""

    def install(extra: str = "pass") -> Path:
        scripts = tmp_path / "migrations"
        shutil.copytree(
            migrate_module.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__")
        )
        body = textwrap.dedent(_REBUILD_SUBMISSIONS).replace("{extra}", extra)
        body = body.replace("{head}", HEAD)
        (scripts / "versions" / "9001_test.py").write_text(body)
        monkeypatch.setattr(migrate_module, "MIGRATIONS_DIR", scripts)
        monkeypatch.setattr(migrate_module, "HEAD_REVISION", "9001")  # as a release would
        return scripts

    return install


def test_upgrade_backs_up_first_then_migrates_keeping_data(
    tmp_path: Path, future_migrations
) -> None:  # type: ignore[no-untyped-def]
    db, backups = _new_db(tmp_path)
    _seed(db)
    future_migrations()
    engine = open_engine(db)
    try:
        result = migrate(engine, db, backups)
        assert (result.before, result.after) == (HEAD, "9001")
        assert current_revision(engine) == "9001"
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT id, note FROM submissions").all() == [("S1", None)]
            assert conn.exec_driver_sql("SELECT count(*) FROM judgments").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # back on
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    finally:
        engine.dispose()
    assert result.backup is not None and result.backup.parent == backups
    assert result.backup.name.startswith(f"assessor-{HEAD}-")
    raw = sqlite3.connect(result.backup)
    try:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
        assert raw.execute("SELECT count(*) FROM judgments").fetchone()[0] == 1
    finally:
        raw.close()


def test_a_failing_migration_changes_nothing(tmp_path: Path, future_migrations) -> None:  # type: ignore[no-untyped-def]
    db, backups = _new_db(tmp_path)
    _seed(db)
    future_migrations(
        extra='op.create_table("half", sa.Column("x", sa.Integer()))\n'
        '    raise RuntimeError("migration bug")'
    )
    engine = open_engine(db)
    try:
        with pytest.raises(RuntimeError, match="migration bug"):
            migrate(engine, db, backups)
        assert current_revision(engine) == HEAD
    finally:
        engine.dispose()
    assert _tables(db) == TABLES  # no "half", submissions not rebuilt
    raw = sqlite3.connect(db)
    try:
        columns = [r[1] for r in raw.execute("PRAGMA table_info(submissions)")]
    finally:
        raw.close()
    assert "note" not in columns
    assert len(list(backups.iterdir())) == 1  # the backup was made before trying


def test_a_migration_that_breaks_references_is_rolled_back(
    tmp_path: Path, future_migrations
) -> None:  # type: ignore[no-untyped-def]
    db, backups = _new_db(tmp_path)
    _seed(db)
    future_migrations(extra='op.execute("DELETE FROM submissions")')
    engine = open_engine(db)
    try:
        with pytest.raises(StoreError, match="broken reference"):
            migrate(engine, db, backups)
        assert current_revision(engine) == HEAD
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM submissions").scalar() == 1
    finally:
        engine.dispose()


def test_migrations_run_with_only_the_package_no_ini_file(tmp_path: Path) -> None:
    cfg = alembic_config()
    assert cfg.config_file_name is None
    assert Path(cfg.get_main_option("script_location") or "").joinpath("env.py").is_file()
    # The shipped chain also goes down to base and up again (kept honest for developers).
    db, _ = _new_db(tmp_path)
    engine = open_engine(db)
    try:
        for target in ("base", "head"):
            with writer(engine).begin() as conn:
                cfg.attributes["connection"] = conn
                getattr(command, "downgrade" if target == "base" else "upgrade")(cfg, target)
        assert current_revision(engine) == HEAD
    finally:
        engine.dispose()


def test_the_head_constant_names_the_newest_shipped_migration() -> None:
    from assessor_app.storage.migrate import HEAD_REVISION

    # Opening an up-to-date workspace trusts this constant instead of loading Alembic.
    assert head_revision() == HEAD_REVISION
