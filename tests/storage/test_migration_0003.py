"""A workspace made by the real migrations up to 0002, holding data in every table, upgrades
to 0003 keeping every row as it was (new columns get their defaults), and is then usable."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

from alembic import command
from support.bundles import write_sample_bundle

from assessor_app.bundle.manifest import manifest_from_json, manifest_to_json
from assessor_app.storage.engine import open_engine, writer
from assessor_app.storage.migrate import alembic_config, current_revision, migrate
from assessor_app.storage.sync_store import OpState
from assessor_app.workspace import OutboxKind, Workspace

S1, S2 = "SUB-TEST-0001", "SUB-TEST-0002"
T0 = "2026-11-30T08:00:00.000000Z"
# Tables of 0002 and the columns 0003 adds to them, with their values after the upgrade.
NEW_COLUMNS: dict[str, dict[str, Any]] = {
    "judgments": {"rationale": ""},
    "portal_judgments": {"rationale": ""},
    "conflicts": {"server_rationale": ""},
    "assignments": {"released": 0, "released_at": None},
}
TABLES_0002 = (
    "meta",
    "submissions",
    "judgments",
    "outbox",
    "positions",
    "sync_state",
    "assignments",
    "portal_judgments",
    "conflicts",
)


def _make_0002(db: Path) -> None:
    engine = open_engine(db)
    try:
        cfg = alembic_config()
        with writer(engine).begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0002")
        assert current_revision(engine) == "0002"
    finally:
        engine.dispose()


def _payload(**fields: Any) -> str:
    return json.dumps(fields, ensure_ascii=False, sort_keys=True)


def _manifest_json(sid: str, tmp: Path) -> str:
    """The manifest of a real sample bundle, as the workspace stores it."""
    with zipfile.ZipFile(write_sample_bundle(tmp / f"{sid}.zip", sid)) as zf:
        manifest = manifest_from_json(json.loads(zf.read("manifest.json")))
    return json.dumps(manifest_to_json(manifest), ensure_ascii=False, sort_keys=True)


def _seed(db: Path) -> None:
    """Rows in every table, with NULLs, non-ASCII text and every outbox status."""
    raw = sqlite3.connect(db, isolation_level=None)
    try:
        raw.execute("PRAGMA foreign_keys = ON")
        raw.execute("BEGIN")
        for sid, locked, revoked in ((S1, 0, None), (S2, 1, T0)):
            manifest = _manifest_json(sid, db.parent.parent)
            raw.execute(
                "INSERT INTO submissions (id, credential_id, credential_title, credential_version,"
                " manifest_json, bundle_sha256, bundle_dir, imported_at, due, submitted_at,"
                " locked, revoked_at, conflict)"
                " VALUES (?, 'cred-test', 'Test Credential – é', '2026.1', ?, ?, ?, ?, ?, ?, ?,"
                " ?, ?)",
                (sid, manifest, "ab" * 32, sid, T0, "2026-12-15", T0 if locked else None,
                 locked, revoked, 1 if sid == S1 else 0),
            )  # fmt: skip
        judgments = [
            (S1, "eo1.1", "P", "Shown on p. 2 — “clearly”.", 3, 41),
            (S1, "eo1.2", None, "", 2, 0),
            (S1, "part3", "N", "Write the reflection at length.", 1, 0),
            (S2, "part1", "P", "", 1, 7),
        ]
        raw.executemany(
            "INSERT INTO judgments (submission_id, target_id, level, comment, updated_at,"
            " revision, base_version) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(s, t, lv, c, T0, r, b) for s, t, lv, c, r, b in judgments],
        )
        ops = [
            ("op-1", 1, "judge", S1, "eo1.1", "acked", T0, 40),
            ("op-2", 2, "judge", S1, "eo1.1", "conflict", None, None),
            ("op-3", 3, "clear", S1, "eo1.2", "pending", None, None),
            ("op-4", 4, "judge", S1, "part3", "invalid", None, None),
            ("op-5", 5, "submit", S2, None, "locked", None, None),
            ("op-6", 6, "judge", S2, "part1", "superseded", None, None),
            ("op-7", 7, "submit", S1, None, "forbidden", None, None),
        ]
        for op_id, seq, kind, sid, target, status, acked, version in ops:
            payload = (
                _payload(submission_id=sid, submitted_at=T0)
                if kind == "submit"
                else _payload(submission_id=sid, target_id=target, level="P", comment="ü",
                              revision=seq, updated_at=T0, base_version=seq - 1)
            )  # fmt: skip
            raw.execute(
                "INSERT INTO outbox (op_id, seq, kind, submission_id, target_id, payload,"
                " created_at, acked_at, attempts, status, message, result_version)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (op_id, seq, kind, sid, target, payload, T0, acked, seq % 3, status,
                 f"answer to {op_id}" if status not in ("pending", "acked") else None, version),
            )  # fmt: skip
        raw.execute(
            "INSERT INTO positions VALUES (?, ?, ?)", (S1, '{"page": 3, "part": "part2"}', T0)
        )
        raw.execute(
            "INSERT INTO sync_state (id, server_url, username, portal_id, signing_key, epoch,"
            " cursor, resync, pinned_at, last_sync_at, last_error)"
            " VALUES (1, 'https://portal.example', 'assessor1', 'pid', 'a2V5', 'e-1', 57, 0, ?,"
            " ?, 'The portal at https://portal.example cannot be reached.')",
            (T0, T0),
        )
        raw.executemany(
            "INSERT INTO assignments (submission_id, role, state, credential_id,"
            " credential_title, credential_version, due, bundle_size, bundle_sha256,"
            " bundle_status, bundle_error, version, revoked_reason, revoke_acknowledged,"
            " updated_at) VALUES (?, ?, ?, 'cred-test', 'Test Credential', '2026.1', ?, ?, ?, ?,"
            " ?, ?, ?, ?, ?)",
            [
                (S1, "assessor", "open", "2026-12-15", 1234, "ab" * 32, "ready", None, 30,
                 None, 0, T0),
                (S2, "assessor", "revoked", None, 99, "cd" * 32, "failed", "stalled", 31,
                 "reassigned", 1, T0),
                ("SUB-NOT-HERE", "lead", "open", None, 5, "ef" * 32, "pending", None, 32, None,
                 0, T0),
            ],
        )  # fmt: skip
        raw.executemany(
            "INSERT INTO portal_judgments VALUES (?, ?, ?, ?, ?)",
            [(S1, "eo1.1", "N", "Portal's view.", 41), ("SUB-NOT-HERE", "x", None, "", 3)],
        )
        raw.execute(
            "INSERT INTO conflicts VALUES (?, 'eo1.1', 'op-2', 'N', 'Portal''s view.', 41, ?)",
            (S1, T0),
        )
        raw.execute("COMMIT")
    finally:
        raw.close()


def _rows(db: Path, table: str, columns: list[str] | None = None) -> list[dict[str, Any]]:
    raw = sqlite3.connect(db)
    raw.row_factory = sqlite3.Row
    try:
        names = ", ".join(f'"{c}"' for c in columns) if columns else "*"
        rows = raw.execute(f"SELECT {names} FROM {table} ORDER BY rowid").fetchall()
    finally:
        raw.close()
    return [dict(r) for r in rows]


def test_a_0002_workspace_with_data_in_every_table_upgrades_keeping_every_row(
    data_dir: Path,
) -> None:
    db = data_dir / "workspace.sqlite3"
    _make_0002(db)
    _seed(db)
    before = {t: _rows(db, t) for t in TABLES_0002}
    assert all(before[t] for t in TABLES_0002)  # data in every table

    engine = open_engine(db)
    try:
        result = migrate(engine, db, data_dir / "backups")
        assert (result.before, result.after) == ("0002", "0003")
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()

    for table in TABLES_0002:
        old_columns = list(before[table][0])
        assert _rows(db, table, old_columns) == before[table], table
        added = NEW_COLUMNS.get(table, {})
        if added:
            got = _rows(db, table, list(added))
            assert got == [added] * len(before[table]), table
    assert _rows(db, "blind_scores") == [] and _rows(db, "identity_reports") == []

    assert result.backup is not None and result.backup.name.startswith("assessor-0002-")
    assert _rows(result.backup, "outbox") == before["outbox"]


def test_the_upgraded_workspace_works_with_its_old_and_new_data(data_dir: Path) -> None:
    db = data_dir / "workspace.sqlite3"
    _make_0002(db)
    _seed(db)
    with Workspace.open(data_dir) as ws:
        got = ws.judgments(S1)
        assert {t: (j.level, j.comment, j.rationale) for t, j in got.items()} == {
            "part3": ("N", "Write the reflection at length.", ""),
            "eo1.1": ("P", "Shown on p. 2 — “clearly”.", ""),
        }
        assert ws.position(S1) == {"page": 3, "part": "part2"}
        [conflict] = ws.conflicts()
        assert (conflict.server_level, conflict.server_rationale) == ("N", "")
        entries = ws.outbox(include_acked=True)
        assert [e.status for e in entries] == [
            OpState.ACKED,
            OpState.CONFLICT,
            OpState.PENDING,
            OpState.INVALID,
            OpState.LOCKED,
            OpState.SUPERSEDED,
            OpState.FORBIDDEN,
        ]
        # An op made before 0003 goes out exactly as it did.
        assert [op.wire for op in ws.pending_ops()] == [
            {
                "op_id": "op-3",
                "kind": "clear",
                "submission_id": S1,
                "target_id": "eo1.2",
                "base_version": 2,
            }
        ]
        state = ws.sync_state()
        assert state is not None and state.cursor == 57
        assert {a.submission_id: a.role for a in ws.assignments()}["SUB-NOT-HERE"] == "lead"
        summaries = {s.id: s for s in ws.submissions()}
        assert summaries[S1].role == "assessor" and summaries[S1].released is False
        # The new op kind fits the rebuilt outbox's CHECK.
        ws.report_identity(S1, "Portfolio: Meeting agenda p. 2", "")
        assert ws.outbox()[-1].kind is OutboxKind.REPORT_IDENTITY
        ws.judge(S1, "eo2.1", "P")
        assert ws.outbox()[-1].payload["rationale"] == ""
