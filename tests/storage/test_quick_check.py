"""A damaged database file is detected at open, with a message a person can act on."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from assessor_app.errors import DatabaseCorruptError
from assessor_app.storage.engine import open_engine, writer
from assessor_app.storage.migrate import migrate


def _workspace_db(tmp_path: Path, rows: int = 200) -> Path:
    db = tmp_path / "workspace.sqlite3"
    engine = open_engine(db)
    try:
        migrate(engine, db, tmp_path / "backups")
        with writer(engine).begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO submissions (id, credential_id, credential_title, credential_version,"
                " manifest_json, bundle_sha256, bundle_dir, imported_at)"
                " VALUES ('S1', 'c', 'T', '1', '{}', 'ab', 'S1', 'now')"
            )
            for n in range(rows):
                conn.exec_driver_sql(
                    "INSERT INTO judgments (submission_id, target_id, level, comment, updated_at,"
                    " revision) VALUES ('S1', ?, 'N', ?, 'now', 1)",
                    (f"d{n}", "feedback " * 40),
                )
    finally:
        engine.dispose()  # last connection closed: WAL checkpointed into the file and removed
    assert not db.with_name(db.name + "-wal").exists()
    return db


def _page_size(db: Path) -> int:
    raw = sqlite3.connect(db)
    try:
        return int(raw.execute("PRAGMA page_size").fetchone()[0])
    finally:
        raw.close()


def test_a_healthy_database_passes(tmp_path: Path) -> None:
    db = _workspace_db(tmp_path)
    open_engine(db).dispose()


def test_garbage_pages_are_reported_as_corruption(tmp_path: Path) -> None:
    db = _workspace_db(tmp_path)
    page = _page_size(db)
    size = db.stat().st_size
    assert size // page > 6
    with db.open("r+b") as fh:  # keep page 1 (the header and schema), wreck the rest
        fh.seek(2 * page)
        fh.write(os.urandom(size - 2 * page))
    with pytest.raises(DatabaseCorruptError) as info:
        open_engine(db)
    message = str(info.value)
    assert "is damaged" in message
    assert str(db) in message
    assert "keep a copy of the folder" in message and "backups" in message


def test_a_file_that_is_not_a_database_is_reported_as_corruption(tmp_path: Path) -> None:
    db = _workspace_db(tmp_path)
    with db.open("r+b") as fh:
        fh.write(b"\xff" * 100)  # the 100-byte header, including the magic string
    with pytest.raises(DatabaseCorruptError, match="is damaged"):
        open_engine(db)
