"""Opening a version-1 portal database upgrades it to version 2 in place, in one transaction,
on SQLite and on PostgreSQL.

The version-1 database is built here with the exact DDL that version 1's
``metadata.create_all`` emitted (SQLite's text; PostgreSQL's differs only in ``SERIAL`` ids),
and filled with rows as version 1 wrote them: users, imported submissions, both assessors'
submitted work, an open lead assignment, and an op whose result is stored under its op id.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lead_world import A_WORDS, B_WORDS, LEVELS, last_assignment, of_type
from sqlalchemy import Engine, create_engine, inspect, text
from support import postgres
from support.portal import S1, S2, fast_config, new_id, password_of, serve_world

from assessor_app.portal.server import PortalConfig, schema
from assessor_app.portal.server.audit import missing_triggers, verify_chain
from assessor_app.portal.server.bundles import import_bundle
from assessor_app.portal.server.db import read_session
from assessor_app.portal.server.errors import PortalError
from assessor_app.portal.server.portal import open_portal
from assessor_app.portal.server.users import add_user

V1_DDL = """
CREATE TABLE schema_version (
	id INTEGER NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (id));
CREATE TABLE portal_meta (
	id INTEGER NOT NULL, portal_id VARCHAR(36) NOT NULL, epoch VARCHAR(36) NOT NULL,
	created_at VARCHAR(32) NOT NULL, PRIMARY KEY (id));
CREATE TABLE version_counter (
	id INTEGER NOT NULL, value BIGINT NOT NULL, PRIMARY KEY (id));
CREATE TABLE users (
	id INTEGER NOT NULL, name VARCHAR(64) NOT NULL, role VARCHAR(16) NOT NULL,
	password_hash VARCHAR(256) NOT NULL, disabled BOOLEAN NOT NULL,
	created_at VARCHAR(32) NOT NULL, PRIMARY KEY (id), UNIQUE (name));
CREATE TABLE submissions (
	id VARCHAR(64) NOT NULL, bundle_sha256 VARCHAR(64) NOT NULL, bundle_size BIGINT NOT NULL,
	manifest_sha256 VARCHAR(64) NOT NULL, manifest_json TEXT NOT NULL,
	credential_id VARCHAR(64) NOT NULL, credential_title VARCHAR(500) NOT NULL,
	credential_version VARCHAR(64) NOT NULL, due VARCHAR(10), imported_at VARCHAR(32) NOT NULL,
	PRIMARY KEY (id));
CREATE TABLE tokens (
	token_hash VARCHAR(64) NOT NULL, user_id INTEGER NOT NULL, device VARCHAR(200) NOT NULL,
	created_at VARCHAR(32) NOT NULL, revoked_at VARCHAR(32), PRIMARY KEY (token_hash),
	FOREIGN KEY(user_id) REFERENCES users (id));
CREATE INDEX ix_tokens_user_id ON tokens (user_id);
CREATE TABLE assignments (
	id INTEGER NOT NULL, submission_id VARCHAR(64) NOT NULL, user_id INTEGER NOT NULL,
	role VARCHAR(16) NOT NULL, state VARCHAR(16) NOT NULL, due VARCHAR(10),
	reason VARCHAR(200) NOT NULL, version BIGINT NOT NULL, created_at VARCHAR(32) NOT NULL,
	submitted_at VARCHAR(32), PRIMARY KEY (id),
	CONSTRAINT uq_assignment_submission_user UNIQUE (submission_id, user_id),
	FOREIGN KEY(submission_id) REFERENCES submissions (id),
	FOREIGN KEY(user_id) REFERENCES users (id));
CREATE INDEX ix_assignments_user_version ON assignments (user_id, version);
CREATE TABLE ops (
	op_id VARCHAR(36) NOT NULL, user_id INTEGER NOT NULL, payload_hash VARCHAR(64) NOT NULL,
	result_json TEXT NOT NULL, created_at VARCHAR(32) NOT NULL, PRIMARY KEY (op_id),
	FOREIGN KEY(user_id) REFERENCES users (id));
CREATE TABLE judgments (
	id INTEGER NOT NULL, assignment_id INTEGER NOT NULL, target_id VARCHAR(64) NOT NULL,
	level VARCHAR(64), comment TEXT NOT NULL, version BIGINT NOT NULL,
	updated_at VARCHAR(32) NOT NULL, PRIMARY KEY (id),
	CONSTRAINT uq_judgment_assignment_target UNIQUE (assignment_id, target_id),
	FOREIGN KEY(assignment_id) REFERENCES assignments (id));
CREATE INDEX ix_judgments_assignment_version ON judgments (assignment_id, version);
"""
PEOPLE = (("assessorA", "assessor"), ("assessorB", "assessor"), ("lead1", "lead"))
T0 = "2026-01-05T09:00:00Z"
OLD_OP = "7d0b1c9e-5a43-4e0e-9a55-3f0c2d1e6b10"


def v1_payload_hash(op: dict[str, Any]) -> str:
    """How version 1 hashed a judge op's payload (op ids stored then must still replay)."""
    payload = {
        "kind": op["kind"], "submission_id": op["submission_id"],
        "target_id": op["target_id"], "level": op["level"], "comment": op["comment"],
        "base_version": op["base_version"],
    }  # fmt: skip
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


OLD_OP_BODY = {"op_id": OLD_OP, "kind": "judge", "submission_id": S2, "target_id": "eo1.1",
               "level": "P", "comment": "Judged on version 1.", "base_version": 0}  # fmt: skip


def _statements(dialect: str) -> list[str]:
    ddl = (
        V1_DDL
        if dialect == "sqlite"
        else V1_DDL.replace("\tid INTEGER NOT NULL", "\tid SERIAL NOT NULL")
    )
    return [s.strip() for s in ddl.split(";") if s.strip()]


class Version1:
    """Writes version-1 rows, numbering versions as version 1 did (one counter)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.version = 0

    def next(self) -> int:
        self.version += 1
        return self.version

    def insert(self, conn: Any, table: str, row: dict[str, Any]) -> int | None:
        names = ", ".join(row)
        marks = ", ".join(f":{k}" for k in row)
        returning = " RETURNING id" if table in ("users", "assignments", "judgments") else ""
        found = conn.execute(
            text(f"INSERT INTO {table} ({names}) VALUES ({marks}){returning}"), row
        )
        return int(found.scalar_one()) if returning else None


def build_version_1(engine: Engine, source: PortalConfig) -> dict[str, int]:
    """The version-1 database: DDL, then users and submissions copied from ``source`` (a
    portal that imported the sample bundles), then version 1's assignments and work."""
    with sqlite3.connect(source.data_dir / "portal.sqlite3") as src:
        src.row_factory = sqlite3.Row
        users = [dict(r) for r in src.execute("SELECT name, role, password_hash, disabled, "
                                              "created_at FROM users ORDER BY id")]  # fmt: skip
        submissions = [dict(r) for r in src.execute("SELECT * FROM submissions ORDER BY id")]
    v1 = Version1(engine)
    ids: dict[str, int] = {}
    with engine.begin() as conn:
        for statement in _statements(engine.dialect.name):
            conn.execute(text(statement))
        v1.insert(conn, "schema_version", {"id": 1, "version": 1})
        v1.insert(conn, "portal_meta", {
            "id": 1, "portal_id": "4f1d2a7e-0000-4000-8000-000000000001",
            "epoch": "9c3e5b1a-0000-4000-8000-000000000001", "created_at": T0,
        })  # fmt: skip
        for user in users:
            user["disabled"] = bool(user["disabled"])
            ids[user["name"]] = v1.insert(conn, "users", user) or 0
        for submission in submissions:
            v1.insert(conn, "submissions", submission)

        def assignment(sid: str, name: str, role: str, state: str) -> int:
            return v1.insert(conn, "assignments", {
                "submission_id": sid, "user_id": ids[name], "role": role, "state": state,
                "due": None, "reason": "", "version": v1.next(), "created_at": T0,
                "submitted_at": None,
            }) or 0  # fmt: skip

        for name, words in (("assessorA", A_WORDS), ("assessorB", B_WORDS)):
            ids[f"{name}@S1"] = assignment(S1, name, "assessor", "open")
            for target, level in LEVELS[name].items():
                v1.insert(conn, "judgments", {
                    "assignment_id": ids[f"{name}@S1"], "target_id": target, "level": level,
                    "comment": f"{words} on {target}: cite the agenda", "version": v1.next(),
                    "updated_at": T0,
                })  # fmt: skip
            conn.execute(
                text("UPDATE assignments SET state = 'submitted', submitted_at = :at, "
                     "version = :v WHERE id = :id"),
                {"at": f"2026-01-0{6 if name == 'assessorA' else 7}T10:00:00Z",
                 "v": v1.next(), "id": ids[f"{name}@S1"]},
            )  # fmt: skip
        ids["lead1@S1"] = assignment(S1, "lead1", "lead", "open")
        ids["assessorA@S2"] = assignment(S2, "assessorA", "assessor", "open")
        applied = v1.next()
        v1.insert(conn, "judgments", {
            "assignment_id": ids["assessorA@S2"], "target_id": "eo1.1", "level": "P",
            "comment": OLD_OP_BODY["comment"], "version": applied, "updated_at": T0,
        })  # fmt: skip
        v1.insert(conn, "ops", {
            "op_id": OLD_OP, "user_id": ids["assessorA"],
            "payload_hash": v1_payload_hash(OLD_OP_BODY),
            "result_json": json.dumps({"status": "applied", "version": applied}),
            "created_at": T0,
        })  # fmt: skip
        v1.insert(conn, "version_counter", {"id": 1, "value": v1.version})
    ids["counter"] = v1.version
    ids["old_op_version"] = applied
    return ids


@pytest.fixture
def source(tmp_path: Path, sample_bundles: dict[str, Path]) -> PortalConfig:
    """A portal that holds the sample bundles (signed) and the users, to copy from."""
    config = fast_config(tmp_path / "source")
    with open_portal(config) as portal:
        for name, role in PEOPLE:
            add_user(portal, name, role, password_of(name))
        for path in sample_bundles.values():
            import_bundle(portal, path)
    return config


@pytest.fixture(params=["sqlite", "postgresql"])
def v1_config(
    request: pytest.FixtureRequest, tmp_path: Path, source: PortalConfig
) -> Iterator[tuple[PortalConfig, dict[str, int]]]:
    data = tmp_path / "v1"
    data.mkdir()
    shutil.copy(source.signing_key_path, data / source.signing_key_path.name)
    shutil.copytree(source.bundle_dir, data / source.bundle_dir.name)
    db_url = None
    if request.param == "postgresql":
        cluster: postgres.Cluster = request.getfixturevalue("pg_cluster")
        db_url = cluster.new_database()
    config = fast_config(data, db_url)
    engine = create_engine(config.database_url)
    try:
        ids = build_version_1(engine, source)
    finally:
        engine.dispose()
    yield config, ids


def _columns(config: PortalConfig, table: str) -> set[str]:
    engine = create_engine(config.database_url)
    try:
        with engine.connect() as conn:
            return {c["name"] for c in inspect(conn).get_columns(table)}
    finally:
        engine.dispose()


def _schema_version(config: PortalConfig) -> int:
    engine = create_engine(config.database_url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT version FROM schema_version")).scalar_one())
    finally:
        engine.dispose()


def test_a_version_1_database_is_upgraded_in_place(
    v1_config: tuple[PortalConfig, dict[str, int]],
) -> None:
    config, ids = v1_config
    assert _schema_version(config) == 1
    assert "released_at" not in _columns(config, "assignments")
    with open_portal(config) as portal, read_session(portal.engine) as session:
        assert verify_chain(session).intact
        assert missing_triggers(session) == []
        trail = [(e.actor, e.action, e.submission_id) for e in
                 session.execute(text("SELECT actor, action, submission_id FROM audit_events "
                                      "ORDER BY id"))]  # fmt: skip
        rationales = set(session.scalars(text("SELECT rationale FROM judgments")))
    assert _schema_version(config) == schema.SCHEMA_VERSION == 2
    assert {"released_at"} <= _columns(config, "assignments")
    assert {"rationale"} <= _columns(config, "judgments")
    assert {"submission_id", "lead", "result", "levels_json", "finalized_at", "version"} <= (
        _columns(config, "results")
    )
    assert {"id", "submission_id", "reporter_id", "where", "note", "created_at", "version",
            "state"} <= _columns(config, "identity_reports")  # fmt: skip
    assert rationales == {""}
    # the trail starts with the upgrade, then S1's release (both had submitted, a lead held it)
    assert trail == [("portal", "upgrade", None), ("portal", "release", S1)]
    # opening it again changes nothing
    with open_portal(config):
        pass
    assert _schema_version(config) == 2

    worlds = serve_world(config)
    world = next(worlds)
    try:
        lead = world.as_("lead1").all_changes()
        entry = last_assignment(lead)
        assert entry["released"] is True and entry["version"] == ids["counter"] + 1
        [scores] = of_type(lead, "blind_scores")
        assert [s["assessor"] for s in scores["scores"]] == ["assessorA", "assessorB"]
        assert [s["submitted_at"] for s in scores["scores"]] == [
            "2026-01-06T10:00:00Z",
            "2026-01-07T10:00:00Z",
        ]
        a = world.as_("assessorA")
        # an op id stored by version 1 replays its stored answer
        assert a.op(OLD_OP_BODY) == {"op_id": OLD_OP, "status": "applied",
                                     "version": ids["old_op_version"]}  # fmt: skip
        changed = a.op({**OLD_OP_BODY, "comment": "changed"})
        assert changed["status"] == "invalid"
        # and the assessor's own feed still holds only its own work
        own = a.all_changes()
        assert B_WORDS not in json.dumps(own)
        assert all(c.get("released", False) is False for c in own)
        fresh = {"op_id": new_id(), "kind": "judge", "submission_id": S2,
                 "target_id": "eo1.2", "level": "P", "base_version": 0}  # fmt: skip
        assert a.op(fresh)["status"] == "applied"
    finally:
        worlds.close()


def test_a_failed_upgrade_leaves_version_1_untouched(
    v1_config: tuple[PortalConfig, dict[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, _ids = v1_config

    def fail(*_args: object) -> None:
        raise PortalError("stopped half-way through the upgrade")

    monkeypatch.setattr(schema, "refresh_release", fail)
    with pytest.raises(PortalError, match="half-way"):
        open_portal(config)
    assert _schema_version(config) == 1
    assert "released_at" not in _columns(config, "assignments")
    assert "rationale" not in _columns(config, "judgments")
    engine = create_engine(config.database_url)
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
    finally:
        engine.dispose()
    assert not tables & {"results", "identity_reports", "audit_events"}
    monkeypatch.undo()
    with open_portal(config):
        pass
    assert _schema_version(config) == 2


def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    config = fast_config(tmp_path / "p")
    with open_portal(config):
        pass
    with sqlite3.connect(config.data_dir / "portal.sqlite3") as conn:
        conn.execute("UPDATE schema_version SET version = 3")
    with pytest.raises(PortalError, match="schema version 3, newer than this portal"):
        open_portal(config)
