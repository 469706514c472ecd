"""The engine really configures every connection for durability and takes write locks early."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import event

from assessor_app.storage.engine import BUSY_TIMEOUT_MS, create_sqlite_engine, writer


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "w.sqlite3"


def test_every_pooled_connection_has_the_pragmas(db: Path) -> None:
    engine = create_sqlite_engine(db)
    try:
        # Two connections at once, so the pool really makes (and configures) two.
        with engine.connect() as a, engine.connect() as b:
            for conn in (a, b):
                pragma = lambda name, c=conn: c.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
                assert pragma("journal_mode") == "wal"
                assert pragma("synchronous") == 2  # FULL
                assert pragma("foreign_keys") == 1
                assert pragma("busy_timeout") == BUSY_TIMEOUT_MS
                assert conn.connection.driver_connection.isolation_level is None
    finally:
        engine.dispose()


def test_wal_mode_is_persistent_in_the_file(db: Path) -> None:
    engine = create_sqlite_engine(db)
    with engine.connect() as conn:
        conn.exec_driver_sql("SELECT 1")
    engine.dispose()
    raw = sqlite3.connect(db)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        raw.close()


def _statements(engine) -> list[str]:  # type: ignore[no-untyped-def]
    seen: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def record(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        seen.append(statement)

    return seen


def test_writer_begins_immediate_and_reader_deferred(db: Path) -> None:
    engine = create_sqlite_engine(db)
    try:
        seen = _statements(engine)
        with writer(engine).begin() as conn:
            conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        with engine.begin() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM t").scalar()
        begins = [s for s in seen if s.startswith("BEGIN")]
        assert begins == ["BEGIN IMMEDIATE", "BEGIN"]
    finally:
        engine.dispose()


def test_write_transaction_holds_the_write_lock_before_its_first_write(db: Path) -> None:
    engine = create_sqlite_engine(db)
    try:
        with writer(engine).begin() as conn:
            conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        other = sqlite3.connect(db, timeout=0, isolation_level=None)
        try:
            with writer(engine).begin() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM t").scalar()  # a read only, so far
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("BEGIN IMMEDIATE")
            other.execute("BEGIN IMMEDIATE")  # released at commit
            other.execute("ROLLBACK")
            # A read transaction does not block a writer (WAL).
            with engine.begin() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM t").scalar()
                other.execute("BEGIN IMMEDIATE")
                other.execute("INSERT INTO t VALUES (1)")
                other.execute("COMMIT")
        finally:
            other.close()
    finally:
        engine.dispose()


def test_rollback_undoes_ddl_and_dml_together(db: Path) -> None:
    """The driver no longer commits behind our back before DDL (the reason for the recipe)."""
    engine = create_sqlite_engine(db)
    try:
        with pytest.raises(RuntimeError), writer(engine).begin() as conn:
            conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
            conn.exec_driver_sql("INSERT INTO t VALUES (1)")
            raise RuntimeError("abort")
        with engine.connect() as conn:
            names = conn.exec_driver_sql("SELECT name FROM sqlite_master").scalars().all()
        assert "t" not in names
    finally:
        engine.dispose()


def test_engine_can_be_used_from_another_thread(db: Path) -> None:
    engine = create_sqlite_engine(db)
    errors: list[BaseException] = []
    with engine.connect() as conn:  # made in this thread, returned to the pool
        conn.exec_driver_sql("SELECT 1")

    def work() -> None:
        try:
            with writer(engine).begin() as conn:
                conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        except BaseException as exc:  # reported below
            errors.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    engine.dispose()
    assert errors == []
