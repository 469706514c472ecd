"""Workspace.open refuses what it cannot use safely, and says what to do."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from support.bundles import sample_manifest

from assessor_app.errors import DatabaseCorruptError, DatabaseTooNewError
from assessor_app.workspace import Workspace

SUBMISSION = sample_manifest().submission_id


def test_a_damaged_database_is_refused(data_dir: Path, sample_bundle: Path) -> None:
    with Workspace.open(data_dir) as ws:
        ws.import_bundle(sample_bundle)
        for n in range(40):
            ws.judge(SUBMISSION, "eo1.1", "N", f"feedback {n} " * 50)
    db = data_dir / "workspace.sqlite3"
    raw = sqlite3.connect(db)
    page = raw.execute("PRAGMA page_size").fetchone()[0]
    raw.close()
    size = db.stat().st_size
    with db.open("r+b") as fh:
        fh.seek(2 * page)
        fh.write(os.urandom(size - 2 * page))
    with pytest.raises(DatabaseCorruptError) as info:
        Workspace.open(data_dir)
    assert str(data_dir) in str(info.value)
    Workspace.open(data_dir / "elsewhere").close()  # nothing left locked or half-open
    with pytest.raises(DatabaseCorruptError):  # and the lock was released after the refusal
        Workspace.open(data_dir)


def test_quick_check_findings_are_reported(data_dir: Path, sample_bundle: Path) -> None:
    """quick_check answers with rows (not an exception) for damage inside a table."""
    with Workspace.open(data_dir) as ws:
        ws.import_bundle(sample_bundle)
        ws.judge(SUBMISSION, "eo1.1", "P")
        ws.clear_judgment(SUBMISSION, "eo1.1")  # a row whose level is NULL
    raw = sqlite3.connect(data_dir / "workspace.sqlite3", isolation_level=None)
    raw.execute("PRAGMA writable_schema = ON")  # claim the column is NOT NULL after the fact
    raw.execute(
        "UPDATE sqlite_master SET sql = replace(sql, 'level VARCHAR,', 'level VARCHAR NOT NULL,')"
        " WHERE name = 'judgments'"
    )
    raw.close()
    with pytest.raises(DatabaseCorruptError, match=r"NULL value in judgments\.level"):
        Workspace.open(data_dir)


def test_a_database_from_a_newer_app_is_refused(data_dir: Path) -> None:
    Workspace.open(data_dir).close()
    raw = sqlite3.connect(data_dir / "workspace.sqlite3", isolation_level=None)
    raw.execute("UPDATE alembic_version SET version_num = '0042'")
    raw.close()
    with pytest.raises(DatabaseTooNewError) as info:
        Workspace.open(data_dir)
    assert str(info.value) == (
        "This workspace was written by a newer version of Assessor Workstation (schema 0042); "
        "install that version or newer"
    )
    assert not (data_dir / "backups").exists()
