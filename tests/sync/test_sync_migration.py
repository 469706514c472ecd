"""A workspace made by the 0001 schema, with data, upgrades to 0002: backed up first, data kept."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from alembic import command
from support.bundles import judge_all_submittable
from support.sync_data import SUBMISSION

from assessor_app.storage.engine import open_engine, writer
from assessor_app.storage.migrate import HEAD_REVISION, alembic_config, current_revision, migrate
from assessor_app.storage.sync_store import OpState
from assessor_app.workspace import SubmissionStatus, Workspace


def _downgrade_to_0001(db: Path) -> None:
    engine = open_engine(db)
    try:
        cfg = alembic_config()
        with writer(engine).begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0001")
        assert current_revision(engine) == "0001"
    finally:
        engine.dispose()


def test_a_0001_workspace_with_work_upgrades_keeping_everything(
    data_dir: Path, sample_bundle: Path
) -> None:
    with Workspace.open(data_dir) as ws:
        ws.import_bundle(sample_bundle)
        judge_all_submittable(ws, SUBMISSION)
        ws.judge(SUBMISSION, "eo1.1", "N", "Needs the staff's own words.")
        ws.save_position(SUBMISSION, {"part": "part2", "page": 3})
        before = ws.judgments(SUBMISSION)
        n_ops = len(ws.outbox())
    db = data_dir / "workspace.sqlite3"
    _downgrade_to_0001(db)
    raw = sqlite3.connect(db)
    try:
        columns = {r[1] for r in raw.execute("PRAGMA table_info(outbox)")}
        assert "status" not in columns  # really the 0001 schema
        # One entry acknowledged under 0001 (acked_at set): it must come out as "acked".
        raw.execute("UPDATE outbox SET acked_at = '2026-11-01T00:00:00Z' WHERE seq = 1")
        raw.commit()
    finally:
        raw.close()

    with Workspace.open(data_dir) as ws:
        assert ws.judgments(SUBMISSION) == before
        assert ws.position(SUBMISSION) == {"part": "part2", "page": 3}
        assert ws.submissions()[0].status is SubmissionStatus.READY
        entries = ws.outbox(include_acked=True)
        assert len(entries) == n_ops
        assert entries[0].status is OpState.ACKED
        assert {e.status for e in entries[1:]} == {OpState.PENDING}
        # Ops made before 0002 have no base version in their payload: they go out with 0.
        assert all(op.wire.get("base_version", 0) == 0 for op in ws.pending_ops())
        assert ws.sync_state() is None and ws.assignments() == []

    backups = sorted((data_dir / "backups").iterdir())
    assert len(backups) == 1 and backups[0].name.startswith("assessor-0001-")
    raw = sqlite3.connect(backups[0])
    try:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        assert raw.execute("SELECT count(*) FROM judgments").fetchone()[0] == len(before)
        payloads = [json.loads(p) for (p,) in raw.execute("SELECT payload FROM outbox")]
        assert len(payloads) == n_ops
    finally:
        raw.close()


def test_an_upgraded_database_passes_its_checks(data_dir: Path, sample_bundle: Path) -> None:
    with Workspace.open(data_dir) as ws:
        ws.import_bundle(sample_bundle)
        ws.judge(SUBMISSION, "eo1.1", "P")
    db = data_dir / "workspace.sqlite3"
    _downgrade_to_0001(db)
    engine = open_engine(db)
    try:
        result = migrate(engine, db, data_dir / "backups")
        assert (result.before, result.after) == ("0001", HEAD_REVISION)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert conn.exec_driver_sql("SELECT base_version FROM judgments").all() == [(0,)]
    finally:
        engine.dispose()
